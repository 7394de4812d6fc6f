"""Simulated I2C devices: the sensors and display HaaS solutions talk to, at register level.

Each model answers the byte sequences its datasheet defines, computed from the board's sensor
environment (`Hardware.environment`), so that a straightforward driver works unchanged:
- SHT3x (0x44): 16-bit commands, 6-byte measurement with Sensirion CRC-8;
- AHT20 / AHT21B (0x38): 0xAC trigger, 7-byte status + 20-bit humidity/temperature + CRC;
- SI7006 (0x40): 0xE5/0xF5 humidity, 0xE3/0xF3/0xE0 temperature, ID and firmware reads;
- MPU6050 (0x68/0x69): register file with WHO_AM_I, sleep bit, accel/gyro full-scale ranges;
- AP3216C (0x1E): register file with ALS range, 10-bit PS and IR layouts;
- SSD1306 (0x3C): command/data control bytes, addressing modes, a 128x64 frame buffer.
Timing (conversion delays, clock stretching) is not modelled: a result is ready at once.
"""

from __future__ import annotations

from typing import Any

from ide.virtualboard.haas.oledram import OledRam


def crc8(data: bytes, init: int = 0xFF) -> int:
    """CRC-8 with polynomial 0x31 (Sensirion, Aosong and Silicon Labs sensors)."""
    crc = init
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x31) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, int(round(value))))


def _word_crc(value: int, init: int = 0xFF) -> bytes:
    word = bytes([(value >> 8) & 0xFF, value & 0xFF])
    return word + bytes([crc8(word, init)])


class I2cDevice:
    """A device on a simulated bus: `write(bytes)` is one write transaction, `read(n)` one read."""

    model = "generic"

    def __init__(self, hardware: Any) -> None:
        self.hardware = hardware
        self.location: tuple[int, int] | None = None  # (bus, address), set when attached

    def env(self, key: str) -> float:
        return float(self.hardware.environment[key])

    def write(self, data: bytes) -> None:
        pass

    def read(self, n: int) -> bytes:
        return b"\xff" * n

    def state(self) -> dict:
        return {"model": self.model}


class Sht3x(I2cDevice):
    model = "SHT3x"
    SINGLE_SHOT = {0x2400, 0x240B, 0x2416, 0x2C06, 0x2C0D, 0x2C10}

    def __init__(self, hardware: Any) -> None:
        super().__init__(hardware)
        self._out = b""
        self.periodic = False
        self.status = 0x8010

    def write(self, data: bytes) -> None:
        if len(data) < 2:
            return
        cmd = data[0] << 8 | data[1]
        if cmd in self.SINGLE_SHOT or (cmd == 0xE000 and self.periodic):
            self._out = self.measurement()
        elif 0x20 <= data[0] <= 0x27 or cmd == 0x2B32:
            self.periodic = True
        elif cmd in (0x3093, 0x30A2):
            self.periodic = False
        elif cmd == 0xF32D:
            self._out = _word_crc(self.status)
        elif cmd == 0x3041:
            self.status = 0
        elif cmd in (0x306D, 0x3066):
            self.status = self.status | 0x2000 if cmd == 0x306D else self.status & ~0x2000

    def measurement(self) -> bytes:
        t_raw = _clamp((self.env("temperature") + 45) * 65535 / 175, 0, 65535)
        rh_raw = _clamp(self.env("humidity") * 65535 / 100, 0, 65535)
        return _word_crc(t_raw) + _word_crc(rh_raw)

    def read(self, n: int) -> bytes:
        out, self._out = self._out, b""
        return (out + b"\xff" * n)[:n]


class Aht20(I2cDevice):
    model = "AHT20"
    STATUS = 0x18  # calibrated, idle

    def __init__(self, hardware: Any) -> None:
        super().__init__(hardware)
        self._out = b""

    def write(self, data: bytes) -> None:
        if data[:1] == b"\xac":
            self._out = self.measurement()
        elif data[:1] == b"\xba":
            self._out = b""

    def measurement(self) -> bytes:
        hum = _clamp(self.env("humidity") / 100 * (1 << 20), 0, (1 << 20) - 1)
        temp = _clamp((self.env("temperature") + 50) / 200 * (1 << 20), 0, (1 << 20) - 1)
        body = bytes([self.STATUS, hum >> 12, (hum >> 4) & 0xFF, ((hum & 0x0F) << 4) | (temp >> 16),
                      (temp >> 8) & 0xFF, temp & 0xFF])
        return body + bytes([crc8(body)])

    def read(self, n: int) -> bytes:
        out = self._out or bytes([self.STATUS])
        return (out + b"\x00" * n)[:n]


class Si7006(I2cDevice):
    model = "SI7006"

    def __init__(self, hardware: Any) -> None:
        super().__init__(hardware)
        self._out = b""
        self.user_reg = 0x3A

    def write(self, data: bytes) -> None:
        if not data:
            return
        cmd = data[0]
        if cmd in (0xE5, 0xF5):
            self._out = self._code((self.env("humidity") + 6) * 65536 / 125)
        elif cmd in (0xE3, 0xF3, 0xE0):
            self._out = self._code((self.env("temperature") + 46.85) * 65536 / 175.72)
        elif cmd == 0xE6 and len(data) > 1:
            self.user_reg = data[1]
        elif cmd == 0xE7:
            self._out = bytes([self.user_reg])
        elif cmd == 0xFE:
            self.user_reg, self._out = 0x3A, b""
        else:
            self._out = self._identity(bytes(data[:2]))

    @staticmethod
    def _code(value: float) -> bytes:
        return _word_crc(_clamp(value, 0, 0xFFFF) & 0xFFFC, init=0x00)

    @staticmethod
    def _identity(cmd: bytes) -> bytes:
        if cmd == b"\xfa\x0f":
            return b"".join(bytes([b, crc8(bytes([b]), 0)]) for b in (0x12, 0x34, 0x56, 0x78))
        if cmd == b"\xfc\xc9":
            return _word_crc(0x0600, 0x00) + _word_crc(0xFFFF, 0x00)
        if cmd == b"\x84\xb8":
            return b"\x20"
        return b""

    def read(self, n: int) -> bytes:
        out, self._out = self._out, b""
        return (out + b"\xff" * n)[:n]


class RegisterDevice(I2cDevice):
    """A register file: a write sets the register pointer then writes bytes, auto-incrementing."""

    RESET: dict[int, int] = {}

    def __init__(self, hardware: Any) -> None:
        super().__init__(hardware)
        self.regs = bytearray(256)
        self.pointer = 0
        self.reset()

    def reset(self) -> None:
        self.regs[:] = bytes(256)
        for reg, value in self.RESET.items():
            self.regs[reg] = value

    def write(self, data: bytes) -> None:
        if not data:
            return
        self.pointer = data[0]
        for byte in data[1:]:
            self.write_register(self.pointer, byte)
            self.pointer = (self.pointer + 1) & 0xFF

    def write_register(self, reg: int, value: int) -> None:
        self.regs[reg] = value

    def refresh(self) -> None:
        """Update measurement registers from the environment before a read."""

    def read(self, n: int) -> bytes:
        self.refresh()
        out = bytes(self.regs[(self.pointer + i) & 0xFF] for i in range(n))
        self.pointer = (self.pointer + n) & 0xFF
        return out

    def _put16(self, reg: int, value: float) -> None:
        raw = _clamp(value, -32768, 32767) & 0xFFFF
        self.regs[reg], self.regs[reg + 1] = raw >> 8, raw & 0xFF


class Mpu6050(RegisterDevice):
    model = "MPU6050"
    RESET = {0x75: 0x68, 0x6B: 0x40}

    def write_register(self, reg: int, value: int) -> None:
        if reg == 0x6B and value & 0x80:
            self.reset()
            return
        super().write_register(reg, value)

    def refresh(self) -> None:
        if self.regs[0x6B] & 0x40:  # asleep: the data registers keep their old values
            return
        accel_lsb = 16384 >> ((self.regs[0x1C] >> 3) & 3)
        gyro_lsb = 131 / (1 << ((self.regs[0x1B] >> 3) & 3))
        env = self.hardware.environment
        for i, g in enumerate(env["accel"]):
            self._put16(0x3B + 2 * i, float(g) * accel_lsb)
        self._put16(0x41, (float(env["temperature"]) - 36.53) * 340)
        for i, dps in enumerate(env["gyro"]):
            self._put16(0x43 + 2 * i, float(dps) * gyro_lsb)


class Ap3216c(RegisterDevice):
    model = "AP3216C"
    RESOLUTION = (0.35, 0.0788, 0.0197, 0.0049)  # lux per count for the four ALS ranges

    def write_register(self, reg: int, value: int) -> None:
        if reg == 0x00 and value & 0x07 == 0x04:
            self.reset()
            return
        super().write_register(reg, value)

    def refresh(self) -> None:
        mode = self.regs[0x00] & 0x07
        if mode & 0x01:
            als = _clamp(self.env("lux") / self.RESOLUTION[(self.regs[0x10] >> 4) & 3], 0, 0xFFFF)
            self.regs[0x0C], self.regs[0x0D] = als & 0xFF, als >> 8
        if mode & 0x02:
            ps = _clamp(self.env("proximity"), 0, 1023)
            near = 0x80 if ps >= 512 else 0
            self.regs[0x0E], self.regs[0x0F] = (ps & 0x0F) | near, ((ps >> 4) & 0x3F) | near
            ir = _clamp(self.env("ir"), 0, 1023)
            self.regs[0x0A], self.regs[0x0B] = ir & 0x03, ir >> 2


class Ssd1306(I2cDevice, OledRam):
    """A 128x64 OLED: commands after a 0x00/0x80 control byte, GDDRAM data after 0x40/0xC0."""

    model = "SSD1306"
    ARGS = {0x20: 1, 0x21: 2, 0x22: 2, 0x81: 1, 0x8D: 1, 0xA8: 1, 0xD3: 1, 0xD5: 1, 0xD9: 1,
            0xDA: 1, 0xDB: 1, 0xA3: 2, 0x26: 6, 0x27: 6, 0x29: 5, 0x2A: 5}

    def __init__(self, hardware: Any) -> None:
        I2cDevice.__init__(self, hardware)
        OledRam.__init__(self)
        self.mode = 2  # page addressing after reset
        self.cols = [0, self.WIDTH - 1]
        self.pages = [0, self.PAGES - 1]
        self.col = self.page = 0
        self._pending: list[int] = []

    def write(self, data: bytes) -> None:
        i = 0
        while i < len(data):
            control = data[i]
            i += 1
            chunk = data[i:i + 1] if control & 0x80 else data[i:]
            i += len(chunk)
            for byte in chunk:
                self._data(byte) if control & 0x40 else self._command(byte)

    def _command(self, byte: int) -> None:
        if self._pending:
            self._pending.append(byte)
        elif byte in self.ARGS:
            self._pending = [byte]
        else:
            self._simple(byte)
            return
        if len(self._pending) == self.ARGS[self._pending[0]] + 1:
            cmd, args, self._pending = self._pending[0], self._pending[1:], []
            self._with_args(cmd, args)

    def _simple(self, cmd: int) -> None:
        if cmd in (0xAE, 0xAF):
            self.on = cmd == 0xAF
            self._emit()
        elif cmd in (0xA6, 0xA7):
            self.inverted = cmd == 0xA7
        elif 0xB0 <= cmd <= 0xB7:
            self.page = cmd - 0xB0
        elif cmd <= 0x0F:
            self.col = (self.col & 0xF0) | cmd
        elif cmd <= 0x1F:
            self.col = (self.col & 0x0F) | ((cmd & 0x0F) << 4)

    def _with_args(self, cmd: int, args: list[int]) -> None:
        if cmd == 0x20:
            self.mode = args[0] & 3
        elif cmd == 0x21:
            self.cols = [args[0] & 0x7F, args[1] & 0x7F]
            self.col = self.cols[0]
        elif cmd == 0x22:
            self.pages = [args[0] & 7, args[1] & 7]
            self.page = self.pages[0]

    def _data(self, byte: int) -> None:
        self.ram[self.page * self.WIDTH + self.col] = byte
        if self.mode == 2:
            self.col = (self.col + 1) % self.WIDTH
            return
        wrapped = self._advance_horizontal() if self.mode == 0 else self._advance_vertical()
        if wrapped:
            self._emit()

    def _advance_horizontal(self) -> bool:
        if self.col < self.cols[1]:
            self.col += 1
            return False
        self.col = self.cols[0]
        self.page = self.page + 1 if self.page < self.pages[1] else self.pages[0]
        return self.page == self.pages[0]

    def _advance_vertical(self) -> bool:
        if self.page < self.pages[1]:
            self.page += 1
            return False
        self.page = self.pages[0]
        self.col = self.col + 1 if self.col < self.cols[1] else self.cols[0]
        return self.col == self.cols[0]

    def key(self) -> str:
        bus, addr = self.location or (0, 0x3C)
        return f"i2c{bus}:{addr}"

    def _emit(self) -> None:
        bus, addr = self.location or (0, 0x3C)
        self.hardware.emit("display", bus=bus, addr=addr, **self.display_event())

    def read(self, n: int) -> bytes:
        return bytes([0x00 if self.on else 0x40]) * n

    def state(self) -> dict:
        return self.display_state()


MODELS = {"sht3x": Sht3x, "aht20": Aht20, "aht21b": Aht20, "si7006": Si7006, "mpu6050": Mpu6050,
          "ap3216c": Ap3216c, "ssd1306": Ssd1306}
DEFAULT_BUS = ((0x44, "sht3x"), (0x38, "aht20"), (0x40, "si7006"), (0x68, "mpu6050"),
               (0x69, "mpu6050"), (0x1E, "ap3216c"), (0x3C, "ssd1306"))


def make_device(hardware: Any, model: str) -> I2cDevice:
    """A new device of the named model (case-insensitive), or ValueError."""
    try:
        return MODELS[model.lower()](hardware)
    except KeyError:
        raise ValueError(f"unknown I2C model {model!r}; known: {', '.join(sorted(MODELS))}") from None
