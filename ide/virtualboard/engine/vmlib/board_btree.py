# The firmware's `btree` (MicroPython, runs in the VM): a sorted key/value database kept in a
# stream the program opened (a board file), with MicroPython's documented API. Our own format:
# b"HaaSbt1\n", the byte length of the records, then each record as two length-prefixed byte
# strings (key, value). The whole database lives in RAM; flush() and close() write it back.
import struct

__name__ = "btree"
INCL = 1
DESC = 2
_MAGIC = b"HaaSbt1\n"


def _load(stream):
    stream.seek(0)
    head = stream.read(len(_MAGIC) + 4)
    if not head:
        return {}
    if len(head) < len(_MAGIC) + 4 or head[:len(_MAGIC)] != _MAGIC:
        raise OSError(22)  # EINVAL: not a database this module wrote
    size = struct.unpack("<I", head[len(_MAGIC):])[0]
    data = stream.read(size)
    if len(data) != size:
        raise OSError(22)
    items = {}
    at = 0
    while at < size:
        parts = []
        for _ in range(2):
            n = struct.unpack_from("<I", data, at)[0]
            parts.append(bytes(data[at + 4:at + 4 + n]))
            at += 4 + n
        items[parts[0]] = parts[1]
    return items


def _bytes(value):
    if isinstance(value, str):
        return value.encode()
    return bytes(value)


class _DB:
    def __init__(self, stream):
        self._stream = stream
        self._items = _load(stream)
        self._dirty = False

    def close(self):
        self.flush()

    def flush(self):
        if not self._dirty:
            return
        records = bytearray()
        for key in sorted(self._items):
            value = self._items[key]
            records.extend(struct.pack("<I", len(key)) + key + struct.pack("<I", len(value)) + value)
        self._stream.seek(0)
        self._stream.write(_MAGIC + struct.pack("<I", len(records)) + records)
        if hasattr(self._stream, "flush"):
            self._stream.flush()
        self._dirty = False

    def __getitem__(self, key):
        return self._items[_bytes(key)]

    def get(self, key, default=None):
        return self._items.get(_bytes(key), default)

    def __setitem__(self, key, value):
        self._items[_bytes(key)] = _bytes(value)
        self._dirty = True

    put = __setitem__

    def __delitem__(self, key):
        del self._items[_bytes(key)]
        self._dirty = True

    def __contains__(self, key):
        return _bytes(key) in self._items

    def __iter__(self):
        return iter(self.keys())

    def _range(self, start, end, flags):
        keys = sorted(self._items, reverse=bool(flags & DESC))
        start = None if start is None else _bytes(start)
        end = None if end is None else _bytes(end)
        for key in keys:
            if flags & DESC:
                if start is not None and key > start:
                    continue
                if end is not None and (key < end or (key == end and not flags & INCL)):
                    break
            else:
                if start is not None and key < start:
                    continue
                if end is not None and (key > end or (key == end and not flags & INCL)):
                    break
            yield key

    def keys(self, start_key=None, end_key=None, flags=0):
        return self._range(start_key, end_key, flags)

    def values(self, start_key=None, end_key=None, flags=0):
        for key in self._range(start_key, end_key, flags):
            yield self._items[key]

    def items(self, start_key=None, end_key=None, flags=0):
        for key in self._range(start_key, end_key, flags):
            yield key, self._items[key]


def open(stream, flags=0, pagesize=0, cachesize=0, minkeys=0, maxkeys=0, compare=None, lorder=0):
    return _DB(stream)
