"""HaaS's ota and audio modules on the virtual board."""

from __future__ import annotations

import hashlib
import io
import zipfile

from tests.virtualboard.boards import run, started

CALLBACKS = "import ota, time\nseen = []\nfor kind in (2, 3, 4):\n    ota.on(kind, lambda r, k=kind: seen.append((k, r)))\n"


def test_ota_download_fails_without_network_verify_checks_the_file_and_upgrade_unpacks_it(tmp_path):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("main.py", "print('version 2')\n")
    package = archive.getvalue()
    data = tmp_path / "fs" / "data"
    data.mkdir(parents=True)
    (data / "update.zip").write_bytes(package)
    info = (f"{{'length': {len(package)}, 'store_path': '/data/update.zip', 'install_path': '/data/pyamp/', "
            f"'hash_type': 'sha256', 'hash': '{hashlib.sha256(package).hexdigest()}'}}")
    with started(tmp_path / "fs") as board:
        out = run(board, CALLBACKS + f"info = {info}\n"
                  "print(ota.download({'url': 'http://example.com/u.zip', 'store_path': '/data/update.zip'}))\n"
                  "print(ota.verify(info))\ninfo['hash'] = '0' * 64\nota.verify(info)\n"
                  "info['hash_type'] = 'md5'\ninfo['hash'] = '%s'\nota.verify(info)\n" % hashlib.md5(package).hexdigest() +
                  "ota.upgrade(info)\ntime.sleep_ms(10)\nprint(seen)")
    assert out == "0\n0\n[(2, -1), (3, 0), (3, -1), (3, 0), (4, 0)]\n"
    assert (tmp_path / "fs" / "data" / "pyamp" / "main.py").read_text() == "print('version 2')\n"


def test_the_edu_k1_audio_player_shows_what_it_plays(tmp_path):
    with started(tmp_path / "fs", "haas-edu-k1") as board:
        events: list[dict] = []
        board.board.events.subscribe(lambda e: e["event"] == "audio" and events.append(e))
        out = run(board, "import audio\np = audio.Player()\np.open()\np.setVolume(80)\n"
                         "p.play('fs:/data/pyamp/alarm.mp3')\nprint(p.getState() == p.AUDIOPLAYER_STAT_PLAYING)\n"
                         "p.waitComplete()\nprint(p.getState() == p.AUDIOPLAYER_STAT_STOP, p.getVolume())\n"
                         "print(audio.Recorder().record('fs:/data/r.amr'))")
    assert out == "True\nTrue 80\n-1\n"
    assert [(e["action"], e["source"]) for e in events] == [("volume", None), ("play", "fs:/data/pyamp/alarm.mp3"),
                                                           ("complete", None)]
