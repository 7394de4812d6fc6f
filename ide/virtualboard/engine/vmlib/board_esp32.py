# The firmware's `esp32` (MicroPython, runs in the VM): the ESP32 port's module with the chip's
# temperature sensor (°F), its hall sensor (the original ESP32 only), wake-up sources, heap
# information and NVS, whose values outlive resets (the board's chip model keeps them).
import gc
from _vm import call as _call
from board_pins import pin_number

__name__ = "esp32"
WAKEUP_ALL_LOW = False
WAKEUP_ANY_HIGH = True
HEAP_DATA = 4
HEAP_EXEC = 1
_wake = {}


def raw_temperature():
    return _call("esp32.raw_temperature")


if _call("esp32.has_hall"):
    def hall_sensor():
        return _call("esp32.hall_sensor")


def wake_on_touch(wake):
    _wake["touch"] = bool(wake)


def wake_on_ext0(pin, level):
    _wake["ext0"] = (None if pin is None else pin_number(pin), level)


def wake_on_ext1(pins, level):
    _wake["ext1"] = ([pin_number(p) for p in pins] if pins else None, level)


def idf_heap_info(capabilities):
    free = gc.mem_free()
    total = free + gc.mem_alloc()
    return [(total, free, free, free)]


class NVS:
    def __init__(self, namespace):
        if not isinstance(namespace, str) or not 0 < len(namespace) <= 15:
            raise ValueError("namespace")
        self._namespace = namespace

    def _get(self, key, kind):
        value = _call("esp32.nvs_get", self._namespace, key)
        if value is None or value[0] != kind:
            raise OSError(-4354, "ESP_ERR_NVS_NOT_FOUND")
        return value[1]

    def set_i32(self, key, value):
        if not -0x80000000 <= value <= 0x7FFFFFFF:
            raise OverflowError("overflow converting long int to machine word")
        _call("esp32.nvs_set", self._namespace, key, ["i32", value])

    def get_i32(self, key):
        return self._get(key, "i32")

    def set_blob(self, key, value):
        _call("esp32.nvs_set", self._namespace, key, ["blob", bytes(value).hex()])

    def get_blob(self, key, buffer):
        data = bytes.fromhex(self._get(key, "blob"))
        if len(buffer) < len(data):
            raise OSError(-4363, "ESP_ERR_NVS_INVALID_LENGTH")
        buffer[:len(data)] = data
        return len(data)

    def erase_key(self, key):
        if not _call("esp32.nvs_erase", self._namespace, key):
            raise OSError(-4354, "ESP_ERR_NVS_NOT_FOUND")

    def commit(self):
        pass
