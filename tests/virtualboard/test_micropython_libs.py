"""MicroPython library modules of the firmware on the virtual board, used as a program would."""

from __future__ import annotations

import json

import pytest

from tests.virtualboard.boards import error, run, started


@pytest.fixture
def board(tmp_path):
    with started(tmp_path / "fs") as io:
        yield io


def test_utimeq_orders_by_ticks_and_keeps_insertion_order_for_ties(board):
    out = run(board, "import utimeq, time\nq = utimeq.utimeq(4)\nnow = time.ticks_ms()\n"
                     "q.push(time.ticks_add(now, 30), 'c', 3)\nq.push(now, 'a', 1)\nq.push(now, 'b', 2)\n"
                     "print(q.peektime() == now, len(q))\nr = [0, 0, 0]\nfor _ in range(3):\n"
                     "    q.pop(r); print(r[1], r[2])\n")
    assert out == "True 3\na 1\nb 2\nc 3\n"
    assert error(board, "import utimeq; q = utimeq.utimeq(1); q.push(1, 2, 3); q.push(1, 2, 3)") == \
        "IndexError: queue overflow"


def test_ulog_prints_alios_lines_from_the_board_json_level(tmp_path):
    app = tmp_path / "fs" / "data" / "pyamp"
    app.mkdir(parents=True)
    (app / "board.json").write_text(json.dumps({"io": {}, "debugLevel": "WARN"}), encoding="utf-8")
    with started(tmp_path / "fs") as io:
        out = run(io, "import ulog\nulog.info('app', 'quiet')\nulog.warn('app', 'shown')\n"
                      "ulog.stdloglevel(ulog.LOG_DEBUG)\nprint(ulog.debug('app', 'now shown'))")
    lines = out.splitlines()
    assert len(lines) == 3 and lines[0].endswith("<W>app shown") and lines[1].endswith("<D>app now shown")
    assert lines[0].startswith("[") and lines[2] == "0"


def test_ucryptolib_aes_matches_fips_197_and_round_trips_cbc(board):
    out = run(board, "import ucryptolib, ubinascii as b\n"
                     "key = bytes(range(16)); block = b.unhexlify('00112233445566778899aabbccddeeff')\n"
                     "print(b.hexlify(ucryptolib.aes(key, 1).encrypt(block)).decode())\n"
                     "print(b.hexlify(ucryptolib.aes(bytes(range(32)), 1).encrypt(block)).decode())\n"
                     "iv = bytes(16); data = b'sixteen bytes ok' * 3\n"
                     "secret = ucryptolib.aes(key, 2, iv).encrypt(data)\n"
                     "print(secret != data, ucryptolib.aes(key, 2, iv).decrypt(secret) == data)")
    assert out == "69c4e0d86a7b0430d8cdb78070b4c55a\n8ea2b7ca516745bfeafc49904b496089\nTrue True\n"
    assert error(board, "import ucryptolib; ucryptolib.aes(bytes(16), 1).encrypt(b'short')") == \
        "ValueError: blksize % 16"


def test_btree_keeps_sorted_data_in_a_board_file_across_a_soft_reset(board):
    run(board, "import btree\nf = open('/data/db', 'w+b')\ndb = btree.open(f)\n"
               "for k in (b'3', b'1', b'2', b'4'):\n    db[k] = b'v' + k\n"
               "del db[b'4']\ndb.close()\nf.close()")
    board.send(b"\x04")
    board.expect(b">>> ")
    out = run(board, "import btree\nf = open('/data/db', 'r+b')\ndb = btree.open(f)\n"
                     "print(list(db.keys()), db[b'2'], b'4' in db, db.get(b'9', 'none'))\n"
                     "print(list(db.items(b'2')), list(db.values(None, b'2', btree.INCL)))\n"
                     "print(list(db.keys(b'3', b'1', btree.DESC)))")
    assert out == ("[b'1', b'2', b'3'] b'v2' False none\n[(b'2', b'v2'), (b'3', b'v3')] [b'v1', b'v2']\n"
                   "[b'3', b'2']\n")


ASYNC_PROGRAM = """
import uasyncio as asyncio

async def blink(name, times, period_ms, log):
    for i in range(times):
        log.append((name, i))
        await asyncio.sleep_ms(period_ms)
    return name

async def waiter(event, log):
    await event.wait()
    log.append('event')

async def main():
    log = []
    event = asyncio.Event()
    asyncio.create_task(waiter(event, log))
    names = await asyncio.gather(blink('a', 3, 10, log), blink('b', 2, 15, log))
    event.set()
    await asyncio.sleep(0)
    try:
        await asyncio.wait_for(asyncio.sleep(5), 0.02)
    except asyncio.TimeoutError:
        log.append('timeout')
    lock = asyncio.Lock()
    async def critical(i):
        async with lock:
            log.append(i)
            await asyncio.sleep_ms(1)
            log.append(-i)
    await asyncio.gather(critical(1), critical(2))
    return names, log

print(asyncio.run(main()))
"""


def test_uasyncio_runs_tasks_events_timeouts_and_locks(board):
    names, log = eval(run(board, ASYNC_PROGRAM))
    assert names == ["a", "b"]
    assert [e for e in log if isinstance(e, tuple) and e[0] == "a"] == [("a", 0), ("a", 1), ("a", 2)]
    assert log[:2] == [("a", 0), ("b", 0)]
    assert log[-6:] == ["event", "timeout", 1, -1, 2, -2]


def test_uasyncio_reports_a_failed_task_and_ctrl_c_stops_the_loop(board):
    out = run(board, "import asyncio\nasync def boom():\n    raise ValueError('boom')\n"
                     "async def main():\n    asyncio.create_task(boom())\n    await asyncio.sleep_ms(5)\n"
                     "asyncio.run(main())")
    assert out.startswith("Task exception wasn't retrieved\n") and out.endswith("ValueError: boom\n")
    assert "board_uasyncio" not in out
    board.raw()
    board.send("import asyncio\nasync def forever():\n    while True:\n        await asyncio.sleep(1)\n"
               "asyncio.run(forever())\x04")
    board.expect(b"OK")
    board.send(b"\x03")
    assert b"KeyboardInterrupt" in board.expect(b"\x04>")


def test_upip_and_webrepl_say_in_one_line_that_there_is_no_network(board):
    out = run(board, "import upip, webrepl\nupip.install('micropython-foo')\nwebrepl.start()")
    assert out.count("\n") == 2 and "no Internet access" in out and "WebREPL is not available" in out


def test_upysh_commands_work_when_typed_at_the_prompt(board):
    board.send("from upysh import *\r")
    board.expect(">>> ")
    board.send("mkdir('/data/shell'); cd('/data/shell'); f = open('a.txt', 'w'); f.write('one\\ntwo\\n'); f.close()\r")
    board.expect(">>> ")
    board.send("ls\r")
    assert b"8 a.txt" in board.expect(b">>> ")
    board.send("pwd\r")
    assert b"/data/shell" in board.expect(b">>> ")
    board.send("head('a.txt', 1)\r")
    assert board.expect(b">>> ").endswith(b"one\r\n>>> ")
