# The firmware's `usocket` / `socket` on the virtual board (MicroPython, runs in the VM). The board
# has no real network, and never touches the host's: sockets behave as an ESP32's do when the peer
# is absent. Name lookups fail (OSError -202, lwIP's EAI_FAIL), as no DNS server answers; a TCP
# connect fails with EHOSTUNREACH while Wi-Fi is down, else times out (ETIMEDOUT) after the socket's
# timeout (10 s when none is set); UDP datagrams leave and nothing comes back.
import errno
import time
from _vm import call as _call

__name__ = "usocket"
AF_INET = 2
AF_INET6 = 10
SOCK_STREAM = 1
SOCK_DGRAM = 2
SOCK_RAW = 3
IPPROTO_IP = 0
IPPROTO_TCP = 6
IPPROTO_UDP = 17
SOL_SOCKET = 0xFFF
SO_REUSEADDR = 4
SO_BROADCAST = 32
IP_ADD_MEMBERSHIP = 3
TCP_NODELAY = 1
EAI_FAIL = -202
CONNECT_TIMEOUT = 10.0


def _ipv4(host):
    """`host` when it is a dotted IPv4 address, else None."""
    parts = host.split(".")
    if len(parts) != 4:
        return None
    for part in parts:
        if not part.isdigit() or int(part) > 255:
            return None
    return host


def getaddrinfo(host, port, af=0, type=0, proto=0, flags=0):
    if not isinstance(host, str):
        raise TypeError("host must be str")
    address = _ipv4(host) or ("0.0.0.0" if host == "" else None)
    if address is None:
        raise OSError(EAI_FAIL)
    return [(AF_INET, type or SOCK_STREAM, proto, "", (address, int(port)))]


def _wait(seconds):
    """Block as a socket does waiting for a peer that never answers (Ctrl-C ends it)."""
    if seconds is None:
        while True:
            time.sleep_ms(100)
    time.sleep_ms(int(seconds * 1000))


class socket:
    def __init__(self, af=AF_INET, type=SOCK_STREAM, proto=0):
        self._type = type
        self._timeout = None
        self._closed = False
        self._bound = None

    def _check(self):
        if self._closed:
            raise OSError(errno.EBADF)

    def settimeout(self, seconds):
        self._timeout = seconds

    def setblocking(self, flag):
        self._timeout = None if flag else 0

    def setsockopt(self, level, option, value):
        self._check()

    def bind(self, address):
        self._check()
        self._bound = address

    def listen(self, backlog=0):
        self._check()

    def accept(self):
        self._check()
        if self._timeout == 0:
            raise OSError(errno.EAGAIN)
        _wait(self._timeout)
        raise OSError(errno.ETIMEDOUT)

    def connect(self, address):
        self._check()
        host = address[0]
        if host.startswith("127."):
            raise OSError(errno.ECONNRESET)  # nothing listens on the board itself
        if not _call("net.wifi_up"):
            raise OSError(errno.EHOSTUNREACH)
        if self._timeout == 0:
            raise OSError(errno.EINPROGRESS)
        _wait(CONNECT_TIMEOUT if self._timeout is None else self._timeout)
        raise OSError(errno.ETIMEDOUT)

    def _not_connected(self, *args):
        self._check()
        raise OSError(errno.ENOTCONN)

    send = sendall = write = recv = read = readinto = readline = _not_connected

    def sendto(self, data, address):
        self._check()
        if not _call("net.wifi_up"):
            raise OSError(errno.EHOSTUNREACH)
        return len(data)

    def recvfrom(self, size):
        self._check()
        if self._timeout == 0:
            raise OSError(errno.EAGAIN)
        _wait(self._timeout)
        raise OSError(errno.ETIMEDOUT)

    def makefile(self, mode="rb", buffering=0):
        return self

    def fileno(self):
        return 54

    def close(self):
        self._closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
