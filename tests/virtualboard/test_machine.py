"""MicroPython's `machine` module on the virtual ESP32, sharing Hardware with `driver`."""

from __future__ import annotations

from tests.virtualboard.test_haas_driver import NODES, EventLog, configure, run


def test_pin_output_is_observed_with_its_board_json_name(board):
    log = EventLog(board.board)
    configure(board, NODES)
    board.raw()
    assert run(board, "from machine import Pin\np = Pin(2, Pin.OUT)\np.on(); print(p.value(), p())\np.off()") == "1 1\n"
    assert log.wait(event="pin", pin=2, value=1)["name"] == "led"
    log.wait(event="pin", pin=2, value=0)
    run(board, "q = Pin(15, Pin.OUT, value=1)")
    assert log.wait(event="pin", pin=15)["name"] is None


def test_pin_validation_follows_the_esp32_port(board):
    board.raw()
    _out, err = board.exec_raw("from machine import Pin\nPin(20)")
    assert b"ValueError: invalid pin" in err
    _out, err = board.exec_raw("Pin(34, Pin.OUT)")
    assert b"ValueError: pin can only be input" in err


def test_pin_validation_follows_the_boards_chip(tmp_path):
    from ide.virtualboard.board import VirtualBoard
    from tests.boardio import BoardIO

    s3 = VirtualBoard(fs_root=tmp_path, board_id="esp32s3-kit")
    io = BoardIO(s3)
    s3.start()
    try:
        io.wait_idle_prompt()
        io.raw()
        assert io.exec_raw("from machine import Pin\nprint(Pin(48, Pin.OUT).value())") == (b"0\r\n", b"")
        assert b"ValueError: invalid pin" in io.exec_raw("Pin(23)")[1]  # an ESP32 pin the S3 lacks
    finally:
        s3.close()


def test_pin_irq_handler_gets_the_pin(board):
    board.raw()
    run(board, "from machine import Pin\nimport utime\nseen = []\n"
               "p = Pin(14, Pin.IN, Pin.PULL_DOWN)\np.irq(handler=seen.append, trigger=Pin.IRQ_RISING)")
    hardware = board.board.hardware
    hardware.set_input(14, 1)
    hardware.set_input(14, 0)
    out = run(board, "while not seen: utime.sleep_ms(5)\nprint(seen, p.value())")
    assert out == "[Pin(14)] 0\n"


def test_input_pin_ignores_writes(board):
    board.raw()
    board.board.hardware.set_input(13, 1)
    assert run(board, "from machine import Pin\np = Pin(13, Pin.IN)\np.value(0)\nprint(p.value())") == "1\n"


def test_i2c_scan_and_registers(board):
    board.raw()
    out = run(board, "from machine import I2C, SoftI2C, Pin\ni2c = I2C(0, scl=Pin(22), sda=Pin(21))\n"
                     "print(i2c.scan())\nprint(i2c.readfrom_mem(0x68, 0x75, 1))\n"
                     "s = SoftI2C(scl=Pin(22), sda=Pin(21)); s.writeto(0x44, b'\\x24\\x00'); print(len(s.readfrom(0x44, 6)))")
    assert out == "[30, 56, 60, 64, 68, 104, 105]\nb'h'\n6\n"
    _out, err = board.exec_raw("i2c.writeto(0x10, b'\\x00')")
    assert b"OSError: [Errno 19] ENODEV" in err


def test_spi_with_nothing_wired_runs_a_stock_display_driver(board):
    # stock MicroPython code (an SSD1306 on SPI, say) constructs and drives machine.SPI; an idle
    # MISO line reads 0xFF, as on a board with nothing answering
    board.raw()
    out = run(board, "from machine import SPI, SoftSPI, Pin\nspi = SPI(1, baudrate=8000000, sck=Pin(18), mosi=Pin(23))\n"
                     "spi.write(b'\\xae\\xd5')\nprint(spi.read(2))\nb = bytearray(3)\nspi.write_readinto(b'abc', b)\n"
                     "print(b)\ns = SoftSPI(sck=Pin(18), mosi=Pin(23), miso=Pin(19))\nprint(s.read(1, 0x42), SPI.MSB)")
    assert out == "b'\\xff\\xff'\nbytearray(b'\\xff\\xff\\xff')\nb'\\xff' 0\n"
    _out, err = board.exec_raw("spi.write_readinto(b'ab', bytearray(1))")
    assert b"ValueError" in err


def test_star_imports_of_machine_and_utime_give_their_names(board):
    # MicroPython reads a star-imported module's own names: these two load at boot
    board.raw()
    assert run(board, "from machine import *\nfrom utime import *\nprint(Pin.OUT, callable(sleep_ms), "
                      "callable(ticks_diff))") == "3 True True\n"


def test_i2c_devices_can_be_detached_and_attached(board):
    hardware = board.board.hardware
    assert hardware.handle({"cmd": "i2c_detach", "bus": 0, "addr": 0x44}) == {"ok": True, "removed": True}
    reply = hardware.handle({"cmd": "i2c_attach", "bus": 0, "addr": 0x45, "model": "SHT3x"})
    assert 0x45 in reply["devices"] and 0x44 not in reply["devices"]
    assert hardware.handle({"cmd": "i2c_attach", "bus": 0, "addr": 1, "model": "nope"})["ok"] is False


def test_adc_and_pwm(board):
    log = EventLog(board.board)
    board.board.hardware.set_adc(0, 4095)
    board.raw()
    out = run(board, "from machine import ADC, PWM, Pin\na = ADC(Pin(36))\nprint(a.read(), a.read_u16())\n"
                     "pwm = PWM(Pin(25), freq=1000, duty=512)\nprint(pwm.freq(), pwm.duty())")
    assert out == "4095 65535\n1000 512\n"
    assert log.wait(event="pwm", pin=25)["duty"] == 50.0
    _out, err = board.exec_raw("ADC(Pin(2))")
    assert b"ValueError: invalid Pin for ADC" in err


def test_pwm_stops_at_soft_reset(board):
    log = EventLog(board.board)
    board.raw()
    run(board, "from machine import PWM, Pin\npwm = PWM(Pin(26), freq=50, duty=77)")
    board.send(b"\x04")
    board.expect(b"MPY: soft reboot")
    assert log.wait(event="pwm", pin=26, freq=0)["duty"] == 0


def test_timer_callback(board):
    board.raw()
    out = run(board, "from machine import Timer\nimport utime\nhits = []\nt = Timer(0)\n"
                     "t.init(mode=Timer.PERIODIC, period=10, callback=hits.append)\n"
                     "while len(hits) < 2: utime.sleep_ms(5)\nt.deinit()\nprint(hits[0] is t)")
    assert out == "True\n"


def test_soft_reset_and_reset_reboot_the_board(board):
    log = EventLog(board.board)
    board.send(b"import machine\r")
    board.expect(b">>> ")
    board.send(b"machine.soft_reset()\r")
    board.expect(b"MPY: soft reboot")
    board.expect(b">>> ")
    board.send(b"import machine\rmachine.reset()\r")
    board.expect(b"rst:0xc (SW_CPU_RESET)")
    board.expect(b">>> ")
    assert log.wait(event="reset")["reason"] == "machine.reset"
    assert board.board.hardware.reset_cause == 2


def test_module_functions(board):
    board.raw()
    out = run(board, "import machine\nprint(len(machine.unique_id()), machine.freq())\nmachine.freq(240000000)\n"
                     "print(machine.freq(), machine.reset_cause() == machine.PWRON_RESET)\nmachine.idle()")
    assert out == "6 160000000\n240000000 True\n"
    _out, err = board.exec_raw("machine.freq(1)")
    assert b"ValueError" in err


def test_rtc_datetime_moves_utime(board):
    board.raw()
    out = run(board, "from machine import RTC\nimport utime\nr = RTC()\nr.datetime((2031, 5, 6, 0, 7, 8, 9, 0))\n"
                     "print(r.datetime()[:3], utime.localtime()[:5])")
    assert out == "(2031, 5, 6) (2031, 5, 6, 7, 8)\n"


def test_machine_reset_reboots_the_chip_from_rom(board):
    board.raw()
    board.send(b"import machine\nmachine.reset()\x04")
    out = board.expect(b">>> ")
    assert b"rst:0xc (SW_CPU_RESET)" in out
    assert out.endswith(b'Type "help()" for more information.\r\n>>> ')  # back in the friendly REPL


def test_watchdog_expiry_resets_the_chip(board):
    board.board.request_hard_reset("wdt")
    out = board.expect(b">>> ")
    assert b"rst:0x7 (TG0WDT_SYS_RESET)" in out


def test_pin_works_with_signal_and_time_pulse_us(board):
    log = EventLog(board.board)
    board.board.hardware.set_input(5, 1)
    board.raw()
    out = run(board, "from machine import Pin, Signal, time_pulse_us\nbuzzer = Signal(Pin(4, Pin.OUT), invert=True)\n"
                     "buzzer.on()\nprint(buzzer.value(), Pin(4).value())\n"
                     "print(time_pulse_us(Pin(5, Pin.IN), 0, 2000), time_pulse_us(Pin(5), 1, 2000))")
    assert out == "1 0\n-2 -1\n"  # no pulse started / the pulse outlasted the timeout
    assert log.wait(event="pin", pin=4)["value"] == 0


def test_mem32_reads_the_vms_memory(board):
    board.raw()
    out = run(board, "import machine, uctypes\nb = bytearray(b'\\x01\\x02\\x03\\x04')\n"
                     "print(hex(machine.mem32[uctypes.addressof(b)]))")
    assert out == "0x4030201\n"
