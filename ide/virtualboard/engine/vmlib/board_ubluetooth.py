# The firmware's `ubluetooth` / `bluetooth` on the virtual board (MicroPython, runs in the VM): the
# board has no radio, so BLE cannot be activated (OSError ENODEV, as the firmware reports an
# inactive controller) and every radio operation reports the same.
import errno

__name__ = "ubluetooth"
FLAG_READ = 0x0002
FLAG_WRITE_NO_RESPONSE = 0x0004
FLAG_WRITE = 0x0008
FLAG_NOTIFY = 0x0010
FLAG_INDICATE = 0x0020


class UUID:
    def __init__(self, value):
        if isinstance(value, int):
            if not 0 <= value <= 0xFFFFFFFF:
                raise ValueError("invalid UUID")
            self._text = None
            self._value = value
            return
        text = value.decode() if isinstance(value, (bytes, bytearray)) else str(value)
        digits = text.replace("-", "")
        if len(digits) != 32:
            raise ValueError("invalid UUID")
        int(digits, 16)
        self._text = text.lower()
        self._value = None

    def __eq__(self, other):
        return isinstance(other, UUID) and (self._value, self._text) == (other._value, other._text)

    def __hash__(self):
        return hash((self._value, self._text))

    def __repr__(self):
        if self._text is None:
            return "UUID(0x%04x)" % self._value
        return "UUID('%s')" % self._text


def _no_radio(*args, **kwargs):
    raise OSError(errno.ENODEV)


class BLE:
    _instance = None

    def __new__(cls):
        if BLE._instance is None:
            BLE._instance = object.__new__(cls)
            BLE._instance._handler = None
        return BLE._instance

    def __init__(self):
        pass

    def active(self, flag=None):
        if flag:
            raise OSError(errno.ENODEV)
        return False

    def irq(self, handler):
        self._handler = handler

    config = gap_advertise = gap_scan = gap_connect = gap_disconnect = _no_radio
    gatts_register_services = gatts_read = gatts_write = gatts_notify = gatts_indicate = _no_radio
    gatts_set_buffer = gattc_discover_services = gattc_discover_characteristics = _no_radio
    gattc_discover_descriptors = gattc_read = gattc_write = gattc_exchange_mtu = _no_radio
