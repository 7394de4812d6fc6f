"""aliyunIoT, network, netmgr, kv, system and http on the virtual board, observed from outside."""

from __future__ import annotations

import json

from tests.virtualboard.test_haas_driver import NODES, EventLog, configure, run

IDENTITY = "{'region': 'cn-shanghai', 'productKey': 'pk1', 'deviceName': 'dn1', 'deviceSecret': 'ds1', 'keepaliveSec': 60}"

SOLUTION = """
import utime, ujson, network
from driver import GPIO, I2C, ADC, PWM
from aliyunIoT import Device

led = GPIO(); led.open('led')
sht = I2C(); sht.open('sht3x')
mq2 = ADC(); mq2.open('mq2')
fan = PWM(); fan.open('fan')

wlan = network.WLAN(network.STA_IF)
wlan.active(True)
wlan.connect('HaaS-Virtual-AP', 'anything')
while not wlan.isconnected():
    utime.sleep_ms(20)
print('wifi', wlan.ifconfig()[0])

connected = False
def on_connect(data):
    global connected
    connected = True

def on_props(request):
    params = ujson.loads(request['params'])
    if 'ledSwitch' in params:
        led.write(params['ledSwitch'])
        print('led', params['ledSwitch'], type(request['params']).__name__)

device = Device()
device.on(Device.ON_CONNECT, on_connect)
device.on(Device.ON_PROPS, on_props)
device.connect(%s)
while not connected:
    utime.sleep_ms(20)

sht.write(bytearray([0x2C, 0x06]))
buf = bytearray(6)
sht.read(buf)
t = round(-45 + 175 * (buf[0] << 8 | buf[1]) / 65535, 1)
h = round(100 * (buf[3] << 8 | buf[4]) / 65535, 1)
gas = mq2.read()
fan.setOption({'freq': 1000, 'duty': 80 if t > 26 else 20})
print('post', device.postProps({'params': ujson.dumps({'temperature': t, 'humidity': h, 'gas': gas})}))
while True:
    utime.sleep_ms(50)
""" % IDENTITY


def test_solution_runs_and_is_observed_from_outside(board):
    hardware = board.board.hardware
    log = EventLog(board.board)
    hardware.set_environment(temperature=27.3, humidity=61.5)
    hardware.set_adc(0, 1241)
    configure(board, NODES, main=SOLUTION)
    board.expect(b"wifi 192.168.31.100\r\n")
    assert log.wait(event="wifi", action="connected")["ssid"] == "HaaS-Virtual-AP"
    assert log.wait(event="cloud", action="connect")["deviceName"] == "dn1"
    post = log.wait(event="cloud", action="postProps")
    assert post["params"] == {"temperature": 27.3, "humidity": 61.5, "gas": 1000}
    board.expect(b"post 0\r\n")
    assert log.wait(event="pwm", pin=25)["duty"] == 80
    assert hardware.cloud.properties["temperature"] == 27.3
    assert hardware.inject_props({"ledSwitch": 1}) == 1
    assert log.wait(event="pin", name="led", value=1)["pin"] == 2
    board.expect(b"led 1 str\r\n")
    board.send(b"\x03")
    board.expect(b"KeyboardInterrupt")
    board.expect(b">>> ")


def _raw(board):
    configure(board, NODES)
    board.raw()


def test_props_request_has_the_firmware_shape(board):
    _raw(board)
    run(board, f"from aliyunIoT import Device\nimport utime\nreq = []\nd = Device()\nd.on(Device.ON_PROPS, req.append)\n"
               f"ok = []\nd.on(Device.ON_CONNECT, ok.append)\nprint(d.connect({IDENTITY}))\n"
               "while not ok: utime.sleep_ms(5)")
    board.board.hardware.inject_props({"onoff": 1, "名字": "灯"})
    out = run(board, "while not req: utime.sleep_ms(5)\nr = req[0]\n"
                     "print(ok[0], sorted(r), type(r['params']).__name__, r['params_len'] == len(r['params'].encode()))")
    assert out == "{'code': 0} ['code', 'msg_id', 'params', 'params_len'] str True\n"
    assert json.loads(run(board, "print(req[0]['params'])")) == {"onoff": 1, "名字": "灯"}


def test_device_calls_before_connection_and_with_bad_arguments(board):
    board.raw()
    out = run(board, "from aliyunIoT import Device, ON_PROPS\nd = Device()\n"
                     "print(d.postProps({'params': '{}'}), d.postProps('x'), Device.ON_PROPS == ON_PROPS, Device.ON_SUBCRIBE)")
    assert out == "-1 -1 True 6\n"
    _out, err = board.exec_raw("d.connect({'productKey': 'a', 'deviceName': 'b', 'deviceSecret': 'c'})")
    assert err.endswith(b"KeyError: keepaliveSec\r\n")
    _out, err = board.exec_raw(f"d.connect({IDENTITY})\nd.postProps({{'params': {{'a': 1}}}})")
    assert b"TypeError" in err


def test_unreachable_cloud_never_connects(board):
    hardware = board.board.hardware
    log = EventLog(board.board)
    hardware.handle({"cmd": "cloud", "reachable": False})
    hardware.cloud.connect_delay = 0.0
    board.raw()
    assert run(board, f"from aliyunIoT import Device\nd = Device()\nprint(d.connect({IDENTITY}))") == "0\n"
    assert log.wait(event="cloud", action="connect_failed")["deviceName"] == "dn1"  # the attempt is over
    assert hardware.snapshot()["cloud"]["devices"] == [
        {"productKey": "pk1", "deviceName": "dn1", "connected": False, "topics": []}]


def test_events_services_topics_and_ntp(board):
    log = EventLog(board.board)
    board.raw()
    run(board, f"from aliyunIoT import Device\nimport utime\ngot = []\nd = Device()\n"
               "for e in (Device.ON_CONNECT, Device.ON_SERVICE, Device.ON_SUBCRIBE, Device.ON_DISCONNECT):\n"
               "    d.on(e, got.append)\n"
               f"d.connect({IDENTITY})\nwhile not got: utime.sleep_ms(5)\n"
               "print(d.subscribe({'topic': '/pk1/dn1/user/#', 'qos': 1}),"
               " d.publish({'topic': '/pk1/dn1/user/up', 'payload': 'hi', 'qos': 0}),"
               " d.postEvent({'id': 'alarm', 'params': {'level': 2}}))")
    assert log.wait(event="cloud", action="publish")["payload"] == "hi"
    assert log.wait(event="cloud", action="postEvent")["params"] == {"level": 2}
    cloud = board.board.hardware.cloud
    assert cloud.inject_message("/pk1/dn1/user/get", "cmd") == 1
    assert cloud.inject_message("/other/topic", "x") == 0
    assert cloud.inject_service("reboot", {"delay": 1}) == 1
    assert cloud.drop() == 1
    out = run(board, "while len(got) < 4: utime.sleep_ms(5)\nprint([sorted(g) for g in got[1:]])\n"
                     "ntp = []\nd.getNtpTime(ntp.append)\nwhile not ntp: utime.sleep_ms(5)\nprint(ntp[0]['year'] > 2020)")
    assert out.splitlines() == [
        "[['payload', 'topic'], ['code', 'msg_id', 'params', 'params_len', 'service_id'], ['code']]", "True"]


def test_wlan_protected_ap_needs_its_password(board):
    hardware = board.board.hardware
    hardware.wifi.join_delay = 0.01
    log = EventLog(board.board)
    board.raw()
    run(board, "import network\nw = network.WLAN(network.STA_IF)\nw.active(True)\nw.connect('HaaS-Virtual-WPA2', 'wrong')")
    assert log.wait(event="wifi", action="failed")["reason"] == "wrong_password"
    assert run(board, "print(w.isconnected(), w.status() == network.STAT_WRONG_PASSWORD, w.ifconfig()[0])") == \
        "False True 0.0.0.0\n"
    run(board, "w.connect('HaaS-Virtual-WPA2', 'haas1234')")
    log.wait(event="wifi", action="connected")
    assert run(board, "print(w.isconnected(), w.status(), w.status('rssi'))") == "True 1010 -55\n"


def test_wlan_scan_unknown_networks_and_inactive_errors(board):
    hardware = board.board.hardware
    hardware.handle({"cmd": "wifi", "accept_unknown": False, "join_delay": 0.01})
    hardware.handle({"cmd": "wifi_add_ap", "ssid": "Home", "password": None})
    log = EventLog(board.board)
    board.raw()
    _out, err = board.exec_raw("import network\nw = network.WLAN(network.STA_IF)\nw.connect('Home', '')")
    assert b"OSError: Wifi Not Started" in err
    out = run(board, "w.active(True)\nprint([(s[0], s[4]) for s in w.scan()])\nw.connect('Elsewhere', 'x')")
    assert out == "[(b'HaaS-Virtual-AP', 0), (b'HaaS-Virtual-WPA2', 3), (b'Home', 0)]\n"
    assert log.wait(event="wifi", action="failed")["reason"] == "no_ap"
    assert run(board, "print(w.status() == network.STAT_NO_AP_FOUND, len(w.config('mac')))") == "True 6\n"


def test_netmgr_reports_5_when_connected(board):
    board.board.hardware.wifi.join_delay = 0.01
    board.raw()
    out = run(board, "import netmgr as nm, utime\nnm.init()\nseen = []\nnm.register_call_back(1, seen.append)\n"
                     "print(nm.getStatus()); nm.connect('AnyRouter', 'pw')\n"
                     "while nm.getStatus() != 5: utime.sleep_ms(5)\n"
                     "while not seen: utime.sleep_ms(5)\ninfo = nm.getInfo()\nprint(seen, info['ip'], info['IP'], info['ssid'])")
    assert out == "1\n[5] 192.168.31.100 192.168.31.100 AnyRouter\n"


def test_kv_persists_across_soft_reset_outside_the_app_folder(board):
    board.raw()
    out = run(board, "import kv\nprint(kv.setStorageSync('ssid', '家'), kv.getStorageSync('ssid'), kv.getStorageSync('none'))")
    assert out == "0 家 None\n"
    board.send(b"\x04")
    board.expect(b"MPY: soft reboot")
    board.expect(b">")
    assert run(board, "import kv\nprint(kv.getStorageSync('ssid'))\nkv.removeStorageSync('ssid')\n"
                      "print(kv.getStorageSync('ssid'))") == "家\nNone\n"
    assert json.loads(board.board.fs.host("/data/.kv.json").read_text(encoding="utf-8")) == {}
    _out, err = board.exec_raw("kv.setStorageSync('n', 1)")
    assert b"TypeError" in err


def test_system_version_and_offline_http(board):
    log = EventLog(board.board)
    board.raw()
    out = run(board, "import system, http\nprint(system.version_info())\n"
                     "print(http.request({'url': 'http://example.com', 'method': 'GET'}, print))")
    assert out == f"{board.board.personality.haas_version}\n-1\n"
    assert log.wait(event="http")["url"] == "http://example.com"


def test_kv_short_names_share_the_store(board):
    board.raw()
    assert run(board, "import kv\nprint(kv.set('ssid', 'home'), kv.getStorageSync('ssid'), kv.get('ssid'))\n"
                      "print(kv.remove('ssid'), kv.get('ssid'))") == "0 home home\n0 None\n"


def test_sntp_needs_wifi_then_sets_the_clock_and_the_zone(board):
    import time

    hardware = board.board.hardware
    hardware.wifi.join_delay = 0.01
    board.board.clock_offset = -10 * 365 * 86400  # an RTC ten years behind
    board.raw()
    _out, err = board.exec_raw("import sntp, ntptime, utime\nsntp.setTime()")
    assert err.splitlines()[-1] == b"OSError: [Errno 110] ETIMEDOUT"
    run(board, "import network\nw = network.WLAN(network.STA_IF)\nw.active(True)\nw.connect('HaaS-Virtual-AP', '')\n"
               "while not w.isconnected(): utime.sleep_ms(5)")
    out = run(board, "sntp.setTime('CST-8', 'cn.pool.ntp.org')\n"
                     "print(utime.mktime(utime.localtime(12345)) == 12345, abs(utime.time() - ntptime.time()) <= 1)\n"
                     "print(utime.localtime(0))")
    assert out == "True True\n(2000, 1, 1, 8, 0, 0, 5, 1)\n"
    assert board.board.clock_offset == 0
    assert abs(int(run(board, "print(utime.time())")) - (time.time() - 946684800)) < 60
