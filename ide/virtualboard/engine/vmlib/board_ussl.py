# The firmware's `ussl` / `ssl` on the virtual board (MicroPython, runs in the VM): no socket ever
# connects here (see board_usocket.py), so a TLS handshake cannot start.
import errno

__name__ = "ussl"
CERT_NONE = 0
CERT_OPTIONAL = 1
CERT_REQUIRED = 2


def wrap_socket(sock, server_side=False, keyfile=None, certfile=None, cert_reqs=CERT_NONE,
                ca_certs=None, server_hostname=None, do_handshake=True):
    if not hasattr(sock, "connect"):
        raise TypeError("a socket is required")
    raise OSError(errno.ENOTCONN)
