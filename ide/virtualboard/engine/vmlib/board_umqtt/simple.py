# `umqtt.simple` on the virtual board (MicroPython, runs in the VM): an MQTT 3.1.1 client with the
# documented umqtt.simple API over the firmware's usocket. The virtual board has no network, so
# connect() raises what its socket raises (OSError -202 for a broker's name, EHOSTUNREACH or
# ETIMEDOUT for an address) and nothing reaches the host's network.
import struct
import usocket as socket

__name__ = "umqtt.simple"


class MQTTException(Exception):
    pass


def _string(text):
    data = text if isinstance(text, (bytes, bytearray)) else str(text).encode()
    return struct.pack("!H", len(data)) + data


def _length(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


class MQTTClient:
    def __init__(self, client_id, server, port=0, user=None, password=None, keepalive=0,
                 ssl=False, ssl_params={}):
        self.client_id = client_id
        self.server = server
        self.port = port or (8883 if ssl else 1883)
        self.user = user
        self.pswd = password
        self.keepalive = keepalive
        self.ssl = ssl
        self.ssl_params = ssl_params
        self.sock = None
        self.cb = None
        self.pid = 0
        self.lw_topic = None
        self.lw_msg = None
        self.lw_qos = 0
        self.lw_retain = False

    def set_callback(self, callback):
        self.cb = callback

    def set_last_will(self, topic, msg, retain=False, qos=0):
        if not 0 <= qos <= 2 or not topic:
            raise ValueError("invalid last will")
        self.lw_topic, self.lw_msg, self.lw_qos, self.lw_retain = topic, msg, qos, retain

    def connect(self, clean_session=True):
        self.sock = socket.socket()
        address = socket.getaddrinfo(self.server, self.port)[0][-1]
        self.sock.connect(address)
        if self.ssl:
            import ussl
            self.sock = ussl.wrap_socket(self.sock, **self.ssl_params)
        flags = (2 if clean_session else 0) | (0x80 if self.user is not None else 0)
        flags |= 0x40 if self.pswd is not None else 0
        if self.lw_topic:
            flags |= 4 | (self.lw_qos << 3) | (0x20 if self.lw_retain else 0)
        body = _string(b"MQTT") + bytes((4, flags)) + struct.pack("!H", self.keepalive)
        body += _string(self.client_id)
        if self.lw_topic:
            body += _string(self.lw_topic) + _string(self.lw_msg)
        if self.user is not None:
            body += _string(self.user)
        if self.pswd is not None:
            body += _string(self.pswd)
        self.sock.write(b"\x10" + _length(len(body)) + body)
        reply = self.sock.read(4)
        if reply[0] != 0x20 or reply[1] != 2:
            raise MQTTException(reply)
        if reply[3]:
            raise MQTTException(reply[3])
        return reply[2] & 1

    def disconnect(self):
        self.sock.write(b"\xe0\x00")
        self.sock.close()

    def ping(self):
        self.sock.write(b"\xc0\x00")

    def publish(self, topic, msg, retain=False, qos=0):
        body = _string(topic)
        if qos:
            self.pid += 1
            body += struct.pack("!H", self.pid)
        data = msg if isinstance(msg, (bytes, bytearray)) else str(msg).encode()
        body += data
        self.sock.write(bytes((0x30 | (qos << 1) | retain,)) + _length(len(body)) + body)

    def subscribe(self, topic, qos=0):
        if self.cb is None:
            raise AssertionError("Subscribe callback is not set")
        self.pid += 1
        body = struct.pack("!H", self.pid) + _string(topic) + bytes((qos,))
        self.sock.write(b"\x82" + _length(len(body)) + body)

    def wait_msg(self):
        self.sock.read(1)

    def check_msg(self):
        self.sock.setblocking(False)
        return self.wait_msg()
