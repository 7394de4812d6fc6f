# The firmware's `utimeq` (MicroPython, runs in the VM): a fixed-size priority queue of
# (time, callback, args) ordered by time as ticks, so ticks that wrapped around still sort after
# earlier ones; entries with the same time come out in the order they were pushed.
from time import ticks_diff as _ticks_diff

__name__ = "utimeq"


class utimeq:
    def __init__(self, max_len):
        self._max = max_len
        self._heap = []
        self._pushed = 0

    def __len__(self):
        return len(self._heap)

    def __bool__(self):
        return bool(self._heap)

    def _before(self, a, b):
        diff = _ticks_diff(a[0], b[0])
        return diff < 0 or (diff == 0 and a[1] < b[1])

    def push(self, time, callback, args):
        heap = self._heap
        if len(heap) >= self._max:
            raise IndexError("queue overflow")
        self._pushed += 1
        heap.append((time, self._pushed, callback, args))
        i = len(heap) - 1
        while i:
            parent = (i - 1) // 2
            if not self._before(heap[i], heap[parent]):
                break
            heap[i], heap[parent] = heap[parent], heap[i]
            i = parent

    def peektime(self):
        if not self._heap:
            raise IndexError("empty heap")
        return self._heap[0][0]

    def pop(self, into):
        heap = self._heap
        if not heap:
            raise IndexError("empty heap")
        top = heap[0]
        last = heap.pop()
        if heap:
            heap[0] = last
            self._sift_down(0)
        into[0], into[1], into[2] = top[0], top[2], top[3]

    def _sift_down(self, i):
        heap = self._heap
        size = len(heap)
        while True:
            smallest = i
            for child in (2 * i + 1, 2 * i + 2):
                if child < size and self._before(heap[child], heap[smallest]):
                    smallest = child
            if smallest == i:
                return
            heap[i], heap[smallest] = heap[smallest], heap[i]
            i = smallest
