# `umqtt.robust` on the virtual board (MicroPython, runs in the VM): umqtt.simple's client that
# reconnects after a failed operation, waiting DELAY seconds between attempts, for as long as it
# takes (on the virtual board, until Ctrl-C: no broker is ever reachable).
import time
from . import simple

__name__ = "umqtt.robust"


class MQTTClient(simple.MQTTClient):
    DELAY = 2
    DEBUG = False

    def delay(self, attempt):
        time.sleep(self.DELAY)

    def log(self, in_reconnect, error):
        if self.DEBUG:
            print("mqtt reconnect: %r" % error if in_reconnect else "mqtt: %r" % error)

    def reconnect(self):
        attempt = 0
        while True:
            try:
                return simple.MQTTClient.connect(self, False)
            except OSError as error:
                self.log(True, error)
                attempt += 1
                self.delay(attempt)

    def _retrying(self, operation, *args):
        while True:
            try:
                return operation(self, *args)
            except OSError as error:
                self.log(False, error)
            self.reconnect()

    def publish(self, topic, msg, retain=False, qos=0):
        return self._retrying(simple.MQTTClient.publish, topic, msg, retain, qos)

    def wait_msg(self):
        return self._retrying(simple.MQTTClient.wait_msg)
