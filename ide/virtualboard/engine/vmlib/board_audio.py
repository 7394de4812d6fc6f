# HaaS's `audio` (MicroPython, runs in the VM): Player, Recorder, Snd and Tts of the HaaS EDU K1.
# The virtual board has a speaker model and no microphone: a player's play/pause/resume/stop and
# volume show as "audio" events on the control channel, playback of a source ends at once (nothing
# is decoded), and recording reports -1.
import micropython
from _vm import call as _call

__name__ = "audio"


class Player:
    AUDIOPLAYER_STAT_STOP = 0
    AUDIOPLAYER_STAT_PAUSED = 1
    AUDIOPLAYER_STAT_PLAYING = 2
    AUDIOPLAYER_STAT_ERROR = 3

    def __init__(self):
        self._state = self.AUDIOPLAYER_STAT_STOP
        self._volume = 50
        self._callback = None
        self._opened = False

    def open(self):
        self._opened = True
        return 0

    def close(self):
        self.stop()
        self._opened = False
        return 0

    def _set(self, state, action, source=None):
        self._state = state
        _call("audio.event", action, source, self._volume)
        if self._callback is not None:
            micropython.schedule(self._callback, state)
        return 0

    def play(self, source, sync=False):
        if not isinstance(source, str):
            raise TypeError("source must be str")
        return self._set(self.AUDIOPLAYER_STAT_PLAYING, "play", source)

    def pause(self):
        return self._set(self.AUDIOPLAYER_STAT_PAUSED, "pause")

    def resume(self):
        return self._set(self.AUDIOPLAYER_STAT_PLAYING, "resume")

    def stop(self):
        return self._set(self.AUDIOPLAYER_STAT_STOP, "stop")

    def waitComplete(self):
        if self._state == self.AUDIOPLAYER_STAT_PLAYING:
            self._set(self.AUDIOPLAYER_STAT_STOP, "complete")
        return 0

    def setVolume(self, volume):
        self._volume = max(0, min(100, int(volume)))
        _call("audio.event", "volume", None, self._volume)
        return 0

    def getVolume(self):
        return self._volume

    def getState(self):
        return self._state

    def seekTo(self, seconds):
        return 0

    def getPosition(self):
        return 0

    def getDuration(self):
        return 0

    def on(self, callback):
        self._callback = callback
        return 0


class Recorder:
    def open(self):
        return 0

    def close(self):
        return 0

    def record(self, *args, **kwargs):
        return -1  # no microphone on the virtual board

    def stop(self):
        return 0


class Snd:
    def __init__(self):
        self._volume = 50

    def install_codec_driver(self):
        return 0

    def uninstall_codec_driver(self):
        return 0

    def init(self):
        return 0

    def deinit(self):
        return 0

    def getVolume(self):
        return self._volume

    def setVolume(self, volume):
        self._volume = max(0, min(100, int(volume)))
        return 0


class Tts:
    def init(self, *args):
        return 0

    def play(self, text, *args):
        _call("audio.event", "speak", str(text), 0)
        return 0

    def stop(self):
        return 0

    def deinit(self):
        return 0
