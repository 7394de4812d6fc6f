"""HaaS `driver` on the virtual board: nodes from board.json, return codes, simulated devices.

Also home of the small helpers the other HaaS test files share: `configure` (write board.json and
soft-reset so the next boot reads it), `run` (raw-REPL execution) and `EventLog` (wait for board
events with a timeout).
"""

from __future__ import annotations

import json
import threading
import time

from ide.virtualboard.haas.i2cdevices import crc8

NODES = {
    "led": {"type": "GPIO", "port": 2, "dir": "output", "pull": "pullup"},
    "key": {"type": "GPIO", "port": 4, "dir": "irq", "pull": "pullup", "intMode": "falling"},
    "sht3x": {"type": "I2C", "port": 0, "addrWidth": 7, "freq": 400000, "mode": "master", "devAddr": 68},
    "aht21b": {"type": "I2C", "port": 0, "freq": 400000, "devAddr": 56},
    "si7006": {"type": "I2C", "port": 1, "devAddr": 64},
    "mpu6050": {"type": "I2C", "port": 1, "devAddr": 105},
    "ap3216c": {"type": "I2C", "port": 1, "devAddr": 30},
    "oled": {"type": "I2C", "port": 0, "devAddr": 60},
    "ghost": {"type": "I2C", "port": 0, "devAddr": 99},
    "mq2": {"type": "ADC", "port": 0, "sampling": 12000000},
    "fan": {"type": "PWM", "port": 25},
    "gps": {"type": "UART", "port": 2, "baudRate": 9600},
    "wdt": {"type": "WDT", "timeout": 0.2},
    "badport": {"type": "GPIO", "port": "2", "dir": "output"},
}


class EventLog:
    """Records board events; `wait(**fields)` returns the first one whose fields all match."""

    def __init__(self, vboard) -> None:
        self.events: list[dict] = []
        self._cv = threading.Condition()
        self.stop = vboard.events.subscribe(self._add)

    def _add(self, event: dict) -> None:
        with self._cv:
            self.events.append(event)
            self._cv.notify_all()

    def find(self, **fields) -> dict | None:
        with self._cv:
            return next((e for e in self.events if all(e.get(k) == v for k, v in fields.items())), None)

    def wait(self, timeout: float = 10.0, **fields) -> dict:
        deadline = time.monotonic() + timeout
        with self._cv:
            while True:
                found = next((e for e in self.events if all(e.get(k) == v for k, v in fields.items())), None)
                if found is not None:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no event matching {fields}; got {self.events}")
                self._cv.wait(remaining)


def configure(io, nodes: dict, main: str | None = None) -> None:
    """Write board.json (and optionally main.py), then soft-reset so that the next boot reads it."""
    fs = io.board.fs
    fs.host("/data/pyamp/board.json").write_text(json.dumps({"name": "esp32", "version": "1.0.0", "io": nodes}))
    if main is not None:
        fs.host("/data/pyamp/main.py").write_text(main, encoding="utf-8")
    io.send(b"\x04")
    io.expect(b"MPY: soft reboot")
    if main is None:
        io.expect(b">>> ")


def run(io, code: str, timeout: float = 10.0) -> str:
    """Run code in the raw REPL (entered if needed); return stdout, failing on any traceback."""
    out, err = io.exec_raw(code, timeout)
    assert err == b"", err.decode()
    return out.decode().replace("\r\n", "\n")


def timer_threads() -> list[threading.Thread]:
    """The host threads behind board timers (driver.TIMER, machine.Timer)."""
    return [t for t in threading.enumerate() if t.name == "virtual-board-timer"]


def all_end(threads: list[threading.Thread], timeout: float = 5.0) -> bool:
    for thread in threads:
        thread.join(timeout)
    return not any(thread.is_alive() for thread in threads)


def raw_board(board, nodes=NODES):
    configure(board, nodes)
    board.raw()
    return board


def test_gpio_write_is_seen_outside_as_a_pin_event(board):
    log = EventLog(board.board)
    raw_board(board)
    assert run(board, "from driver import GPIO\nled = GPIO()\nprint(led.open('led'), led.write(1), led.read())") == "0 0 1\n"
    assert log.wait(event="pin", pin=2)["name"] == "led"
    assert board.board.hardware.snapshot()["pins"]["2"] == {"value": 1, "mode": "out", "pull": None, "name": "led"}
    run(board, "led.write(0)")
    log.wait(event="pin", pin=2, value=0)


def test_gpio_port_names_the_pin_for_drivers_that_need_a_machine_pin(board):
    raw_board(board)
    assert run(board, "from driver import GPIO\nled = GPIO()\nprint(led.port())\nled.open('led')\n"
                      "print(led.port())\nled.close()\nprint(led.port())") == "-6\n2\n-6\n"


def test_open_answers_minus_4_for_missing_or_mistyped_nodes(board):
    raw_board(board)
    out = run(board, "from driver import GPIO, I2C, ADC\n"
                     "print(GPIO().open('nope'), I2C().open('led'), ADC().open('fan'), GPIO().open('badport'))\n"
                     "g = GPIO(); print(g.open('led'), g.open('led'), g.close(), g.read())")
    assert out == "-4 -4 -4 -4\n0 -6 0 -6\n"


def test_open_answers_minus_4_without_board_json(board):
    board.raw()
    assert run(board, "from driver import GPIO\nprint(GPIO().open('led'))") == "-4\n"


def test_sht3x_measurement_follows_the_environment(board):
    board.board.hardware.set_environment(temperature=27.3, humidity=61.5)
    raw_board(board)
    out = run(board, "from driver import I2C\ni = I2C(); i.open('sht3x')\n"
                     "i.write(bytearray([0x2C, 0x06])); buf = bytearray(6); print(i.read(buf)); print(list(buf))")
    count, data = out.splitlines()
    data = bytes(json.loads(data))
    assert count == "6"
    assert crc8(data[0:2]) == data[2] and crc8(data[3:5]) == data[5]
    assert abs(-45 + 175 * int.from_bytes(data[0:2], "big") / 65535 - 27.3) < 0.01
    assert abs(100 * int.from_bytes(data[3:5], "big") / 65535 - 61.5) < 0.01


def test_aht21b_si7006_mpu6050_ap3216c_answer_at_register_level(board):
    board.board.hardware.set_environment(temperature=20.0, humidity=40.0, lux=350.0, accel=[0, 0, 1])
    raw_board(board)
    out = run(board, """
from driver import I2C
aht = I2C(); aht.open('aht21b'); aht.write(bytearray([0xAC, 0x33, 0x00])); a = bytearray(7); aht.read(a)
hum = (a[1] << 12 | a[2] << 4 | a[3] >> 4) * 100 / 2**20
tmp = ((a[3] & 0x0F) << 16 | a[4] << 8 | a[5]) * 200 / 2**20 - 50
print('aht', round(hum, 1), round(tmp, 1), a[0] & 0x08)
si = I2C(); si.open('si7006'); si.write(bytearray([0xF5])); s = bytearray(2); si.read(s)
print('si', round(125 * (s[0] << 8 | s[1]) / 65536 - 6))
mpu = I2C(); mpu.open('mpu6050'); w = bytearray(1); mpu.memRead(w, 0x75, 8)
mpu.memWrite(bytearray([0]), 0x6B, 8); z = bytearray(2); mpu.memRead(z, 0x3F, 8)
print('mpu', hex(w[0]), (z[0] << 8 | z[1]))
ap = I2C(); ap.open('ap3216c'); ap.memWrite(bytearray([0x03]), 0x00, 8); l = bytearray(2); ap.memRead(l, 0x0C, 8)
print('ap', round((l[1] << 8 | l[0]) * 0.35))
""")
    assert out.splitlines() == ["aht 40.0 20.0 8", "si 40", "mpu 0x68 16384", "ap 350"]


def test_ssd1306_frame_shows_through_the_display_command(board):
    log = EventLog(board.board)
    raw_board(board)
    run(board, """
from driver import I2C
oled = I2C(); oled.open('oled')
for c in (0xAE, 0x20, 0x00, 0x21, 0, 127, 0x22, 0, 7, 0xAF):
    oled.write(bytearray([0x80, c]))
frame = bytearray(1024); frame[0] = 0xFF
oled.write(bytearray([0x40]) + frame)
""")
    frames = [e for e in log.events if e["event"] == "display"]  # emitted before run() returned
    assert frames[-1]["on"] and frames[-1]["data"].startswith("ff00")
    reply = board.board.hardware.handle({"cmd": "display", "bus": 0, "addr": 60})
    assert reply["ok"] and reply["on"]
    assert [row[:2] for row in reply["rows"][:9]] == ["# "] * 8 + ["  "]


def test_unknown_i2c_address_raises_enodev(board):
    raw_board(board)
    out, err = board.exec_raw("from driver import I2C\ni = I2C(); print(i.open('ghost'))\ni.write(b'\\x00')")
    assert out == b"0\r\n"
    assert b"OSError: [Errno 19] ENODEV" in err


def test_adc_reads_what_the_outside_sets(board):
    raw_board(board)
    board.board.hardware.set_adc("mq2", 2048)
    out = run(board, "from driver import ADC\na = ADC(); a.open('mq2'); print(a.readRaw(), a.readVoltage(), a.read())")
    assert out == "2048 1650 1650\n"


def test_pwm_options_reach_the_outside(board):
    log = EventLog(board.board)
    raw_board(board)
    out = run(board, "from driver import PWM\np = PWM(); print(p.open('fan'), p.setOption({'freq': 2000, 'duty': 40}))\n"
                     "print(sorted(p.getOption().items()), p.getFreq(), p.getDuty())")
    assert out == "0 0\n[('duty', 40), ('freq', 2000)] 2000 40.0\n"
    assert log.wait(event="pwm", pin=25) == {"event": "pwm", "name": "fan", "pin": 25, "freq": 2000, "duty": 40}


def test_gpio_interrupt_follows_int_mode(board):
    raw_board(board)
    run(board, "from driver import GPIO\nseen = []\nkey = GPIO(); key.open('key'); key.on(seen.append)")
    hardware = board.board.hardware
    assert run(board, "print(key.read())") == "1\n"  # pull-up
    hardware.set_input("key", 0)
    hardware.set_input(4, 1)
    hardware.set_input(4, 0)
    out = run(board, "import utime\nt = utime.ticks_ms()\n"
                     "while len(seen) < 2 and utime.ticks_diff(utime.ticks_ms(), t) < 5000: utime.sleep_ms(5)\n"
                     "print(seen, key.read())")
    assert out == "[0, 0] 0\n"  # falling edges only


def test_uart_traffic_both_ways(board):
    log = EventLog(board.board)
    raw_board(board)
    run(board, "from driver import UART\nu = UART(); u.open('gps'); got = []\nu.on(lambda obj: got.append(obj.any()))\n"
               "print(u.write('$GPGGA\\r\\n'))")
    assert log.wait(event="uart", port=2)["data"] == "$GPGGA\r\n"
    board.board.hardware.handle({"cmd": "uart_input", "port": "gps", "data": "OK\n"})
    out = run(board, "import utime\nwhile not got: utime.sleep_ms(5)\nb = bytearray(8); n = u.read(b); print(got, n, b[:n])")
    assert out == "[3] 3 bytearray(b'OK\\n')\n"


def test_timer_callback_runs_and_stops_at_soft_reset(board):
    raw_board(board)
    out = run(board, """
from driver import TIMER
import utime
ticks = []
t = TIMER(0)
print(t.open(period=20, mode=TIMER.PERIODIC, callback=lambda tim: ticks.append(tim)), t.start())
start = utime.ticks_ms()
while len(ticks) < 3 and utime.ticks_diff(utime.ticks_ms(), start) < 5000: utime.sleep_ms(5)
print(len(ticks) >= 3, ticks[0] is t)
""")
    assert out == "0 0\nTrue True\n"
    running = timer_threads()
    assert running
    board.send(b"\x04")  # soft reset from the raw REPL
    board.expect(b"MPY: soft reboot")
    assert all_end(running)


def test_one_shot_timer_fires_once(board):
    board.raw()
    run(board, """
from driver import TIMER
import utime
hits = []
t = TIMER(1); t.open(period=10, mode=TIMER.ONE_SHOT, callback=hits.append); t.start()
start = utime.ticks_ms()
while not hits and utime.ticks_diff(utime.ticks_ms(), start) < 5000: utime.sleep_ms(5)
""")
    assert all_end(timer_threads())
    assert run(board, "print(len(hits), t.period())") == "1 10\n"


def test_watchdog_fires_when_not_fed(board):
    log = EventLog(board.board)
    raw_board(board)
    run(board, "from driver import WDT\nw = WDT(); print(w.open('wdt'))")
    assert log.wait(event="wdt")["name"] == "wdt"
    assert log.wait(event="reset")["reason"] == "wdt"


def test_rtc_sets_the_board_clock(board):
    board.raw()
    out = run(board, "from driver import RTC\nimport utime\nr = RTC(); r.open()\n"
                     "print(r.setTime(2030, 1, 2, 3, 4, 5)); print(r.getTime()[:5], utime.localtime()[:5])")
    assert out == "0\n(2030, 1, 2, 3, 4) (2030, 1, 2, 3, 4)\n"
