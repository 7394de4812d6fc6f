"""What a HaaS Python v2.2 board.json may contain: top-level keys, node types and their fields.

This table is the single source of truth for the checker (`boardjson.py`), the JSON Schema shipped
in `ide/core/schema/board.schema.json` (generated from it by `json_schema()`, a test keeps the two
equal) and the reference in docs/board-json.md. Facts come from the firmware's board.json parser
(see docs/board-json.md); descriptions are in English and Simplified Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# How a field's value relates to the board's pins (used for the pin checks).
PIN_OUT = "pin-out"        # an ESP32 GPIO the peripheral drives (tx, scl, sda, sck, mosi, cs)
PIN_IN = "pin-in"          # an ESP32 GPIO the peripheral reads (rx, miso)
GPIO_PIN = "gpio"          # a GPIO node's port: input or output depending on "dir"
PWM_PIN = "pwm"            # a PWM node's port (a GPIO number on ESP32)
ADC_CHANNEL = "adc"        # an ADC node's port: an ADC1 channel, not a GPIO number
I2C_BUS, SPI_HOST, UART_PORT = "i2c", "spi", "uart"
# STM32 boards name their pins ("A1", "F15"; HaaS's STM32 Python layer accepts a "P" prefix too)
# where ESP32 and HaaS1000 boards need a number: GPIO, ADC and PWM ports may be such names.
STM32_PIN_PATTERN = r"^P?[A-K](1[0-5]|[0-9])$"


@dataclass(frozen=True)
class Field:
    """One key of a node. `kind` is "int" or "str"; `choices` lists every allowed value."""

    kind: str
    en: str
    zh: str
    choices: tuple = ()
    low: int | None = None
    high: int | None = None
    default: Any = None
    role: str = ""
    required: bool = False
    named_pin: bool = False    # an STM32 pin name ("A1") is a valid value too

    def description(self, lang: str | None = None) -> str:
        """The field's description in `lang` (default: the interface language)."""
        from ide.i18n import language

        return self.zh if (lang or language()) == "zh_CN" else self.en


@dataclass(frozen=True)
class NodeType:
    name: str
    en: str
    zh: str
    fields: dict[str, Field]
    parsed: bool = True    # False: declared by the firmware but not read from board.json

    def description(self, lang: str | None = None) -> str:
        from ide.i18n import language

        return self.zh if (lang or language()) == "zh_CN" else self.en


def _port(role: str, en: str, zh: str, named_pin: bool = False) -> Field:
    return Field("int", en, zh, low=0, role=role, required=True, named_pin=named_pin)


def _pin(role: str, en: str, zh: str) -> Field:
    return Field("int", en, zh, low=0, role=role)


NODE_TYPES: dict[str, NodeType] = {t.name: t for t in (
    NodeType("GPIO", "A digital pin: an output (LED, relay), an input (button, PIR) or an interrupt source.",
             "数字引脚：输出（LED、继电器）、输入（按键、人体红外）或中断源。", {
                 "port": _port(GPIO_PIN, "GPIO number (STM32 boards: a pin name such as \"A1\").",
                               "GPIO 编号（STM32 开发板：引脚名，例如 \"A1\"）。", named_pin=True),
                 "dir": Field("str", "Direction.", "方向。", ("output", "input", "irq", "analog"), default="output"),
                 "pull": Field("str", "Pull for inputs (pullup, pulldown, opendrain) or drive for outputs "
                                      "(pushpull, opendrain).",
                               "输入的上下拉（pullup、pulldown、opendrain）或输出的驱动方式（pushpull、opendrain）。",
                               ("pullup", "pulldown", "opendrain", "pushpull")),
                 "intMode": Field("str", "Edge that triggers on() callbacks (dir irq).",
                                  "触发 on() 回调的边沿（dir 为 irq 时）。", ("rising", "falling", "both"),
                                  default="both"),
             }),
    NodeType("UART", "A serial port to a peripheral (GPS, RS-485 module, another board).",
             "连接外设的串口（GPS、RS-485 模块、另一块开发板）。", {
                 "port": _port(UART_PORT, "UART number.", "UART 编号。"),
                 "dataWidth": Field("int", "Data bits.", "数据位。", (5, 6, 7, 8), default=8),
                 "baudRate": Field("int", "Speed in bit/s.", "波特率（bit/s）。", low=1, default=115200),
                 "stopBits": Field("int", "Stop bits.", "停止位。", (1, 2), default=1),
                 "flowControl": Field("str", "Hardware flow control.", "硬件流控。",
                                      ("disable", "cts", "rts", "rtscts"), default="disable"),
                 "parity": Field("str", "Parity.", "校验位。", ("none", "odd", "even"), default="none"),
                 "tx": _pin(PIN_OUT, "TX pin (ESP32).", "TX 引脚（ESP32）。"),
                 "rx": _pin(PIN_IN, "RX pin (ESP32).", "RX 引脚（ESP32）。"),
                 "timeout": Field("int", "Read timeout in ms (HaaS506).", "读取超时，毫秒（HaaS506）。", low=0),
             }),
    NodeType("I2C", "An I2C bus and one device on it, addressed by devAddr.",
             "一条 I2C 总线及其上的一个设备（由 devAddr 指定地址）。", {
                 "port": _port(I2C_BUS, "I2C bus number.", "I2C 总线编号。"),
                 "addrWidth": Field("int", "Address width in bits.", "地址位宽。", (7, 10), default=7),
                 "freq": Field("int", "Clock in Hz (100000 or 400000).", "时钟频率，Hz（100000 或 400000）。",
                               low=1, default=100000),
                 "mode": Field("str", "Bus role.", "总线角色。", ("master", "slave"), default="master"),
                 "devAddr": Field("int", "Device address in decimal (68 = 0x44).", "设备地址，十进制（68 即 0x44）。"),
                 "scl": _pin(PIN_OUT, "SCL pin (ESP32).", "SCL 引脚（ESP32）。"),
                 "sda": _pin(PIN_OUT, "SDA pin (ESP32).", "SDA 引脚（ESP32）。"),
             }),
    NodeType("SPI", "An SPI bus and one device on it.", "一条 SPI 总线及其上的一个设备。", {
        "port": _port(SPI_HOST, "SPI host number.", "SPI 控制器编号。"),
        "mode": Field("str", "Bus role.", "总线角色。", ("master", "slave"), default="master"),
        "freq": Field("int", "Clock in Hz.", "时钟频率，Hz。", low=1, default=2000000),
        "polPha": Field("int", "Clock polarity and phase (SPI mode 0-3).", "时钟极性与相位（SPI 模式 0-3）。",
                        (0, 1, 2, 3), default=0),
        "sck": _pin(PIN_OUT, "Clock pin (ESP32).", "时钟引脚（ESP32）。"),
        "mosi": _pin(PIN_OUT, "MOSI pin (ESP32).", "MOSI 引脚（ESP32）。"),
        "miso": _pin(PIN_IN, "MISO pin (ESP32).", "MISO 引脚（ESP32）。"),
        "cs": _pin(PIN_OUT, "Chip-select pin (ESP32).", "片选引脚（ESP32）。"),
    }),
    NodeType("ADC", "An analog input (gas, light, soil sensors).", "模拟输入（气体、光照、土壤传感器）。", {
        "port": _port(ADC_CHANNEL, "ADC1 channel (ESP32: 0-7), not a GPIO number (STM32 boards: a pin name).",
                      "ADC1 通道（ESP32：0-7），不是 GPIO 编号（STM32 开发板：引脚名）。", named_pin=True),
        "sampling": Field("int", "Sampling rate.", "采样率。", low=1, default=12000000),
        "atten": Field("int", "Attenuation 0-3 (0, 2.5, 6, 11 dB: full scale 1.1, 1.5, 2.2, 3.3 V).",
                       "衰减 0-3（0、2.5、6、11 dB：满量程 1.1、1.5、2.2、3.3 V）。", (0, 1, 2, 3), default=3),
        "width": Field("int", "Resolution 0-3 (9 to 12 bits).", "分辨率 0-3（9 到 12 位）。", (0, 1, 2, 3), default=3),
    }),
    NodeType("PWM", "A PWM output (buzzer, fan, servo, dimmed LED); frequency and duty are set in code.",
             "PWM 输出（蜂鸣器、风扇、舵机、调光 LED）；频率和占空比在代码中设置。", {
                 "port": _port(PWM_PIN, "GPIO number (STM32 boards: a pin name such as \"A1\").",
                               "GPIO 编号（STM32 开发板：引脚名，例如 \"A1\"）。", named_pin=True),
             }),
    NodeType("WDT", "The watchdog: the board resets unless the program feeds it in time.",
             "看门狗：程序没有按时喂狗时开发板会复位。", {
                 "timeout": Field("int", "Seconds before the reset.", "复位前的秒数。", low=1, default=3),
             }),
    NodeType("MODBUS", "A Modbus master on a UART (RTU) or TCP.", "基于串口（RTU）或 TCP 的 Modbus 主站。", {
        "mode": Field("int", "0 RTU, 1 TCP.", "0 为 RTU，1 为 TCP。", (0, 1), default=0),
        "port": Field("int", "UART number.", "UART 编号。", low=0),
        "baudrate": Field("int", "Speed in bit/s (lower-case key, unlike UART).", "波特率（键名小写，与 UART 不同）。",
                          low=1, default=9600),
        "timeout": Field("int", "Response timeout in ms.", "响应超时，毫秒。", low=0, default=200),
        "parity": Field("int", "0 none, 1 odd, 2 even.", "0 无校验，1 奇校验，2 偶校验。", (0, 1, 2), default=0),
        "priority": Field("int", "Task priority.", "任务优先级。", low=0),
    }),
    NodeType("DAC", "Declared by the firmware, not read from board.json.", "固件中有声明，但不会从 board.json 读取。",
             {"port": Field("int", "DAC channel.", "DAC 通道。", low=0)}, parsed=False),
    NodeType("TIMER", "Declared by the firmware, not read from board.json: use TIMER(id) in code.",
             "固件中有声明，但不会从 board.json 读取：请在代码中使用 TIMER(id)。", {}, parsed=False),
    NodeType("CAN", "Declared by the firmware, not read from board.json.", "固件中有声明，但不会从 board.json 读取。",
             {"port": Field("int", "CAN controller.", "CAN 控制器。", low=0)}, parsed=False),
    NodeType("AUDIO", "Declared by the firmware, not read from board.json.", "固件中有声明，但不会从 board.json 读取。",
             {}, parsed=False),
)}

TOP_LEVEL: dict[str, Field] = {
    "name": Field("str", "Board name, informational (esp32, haaseduk1, nodemcu32s, ...).",
                  "开发板名称，仅供参考（esp32、haaseduk1、nodemcu32s 等）。"),
    "version": Field("str", "Version of your application, e.g. \"1.0.0\".", "应用版本，例如 \"1.0.0\"。"),
    "io": Field("object", "Peripherals by node name; code opens them with e.g. GPIO().open(\"led\").",
                "按节点名称描述的外设；代码用 GPIO().open(\"led\") 等方式打开。", required=True),
    "debugLevel": Field("str", "Firmware log level.", "固件日志级别。", ("DEBUG", "INFO", "WARN", "ERROR", "FATAL"),
                        default="ERROR"),
    "repl": Field("str", "Whether the REPL runs after main.py.", "main.py 之后是否启用 REPL。", ("enable", "disable")),
    "replPort": Field("int", "UART of the REPL (HaaS506 only).", "REPL 所用的 UART（仅 HaaS506）。", low=0),
}

# Classes of the `driver` module whose objects are opened by node name, and the node type each needs.
OPENED_BY_NAME = {"GPIO": "GPIO", "UART": "UART", "I2C": "I2C", "SPI": "SPI", "ADC": "ADC", "DAC": "DAC",
                  "PWM": "PWM", "WDT": "WDT", "CAN": "CAN"}


# -- JSON Schema -----------------------------------------------------------------------------------
SCHEMA_ID = "https://haas-ide.invalid/schema/board.schema.json"


def _field_schema(field: Field) -> dict:
    schema: dict[str, Any] = {"description": field.en, "x-description-zh_CN": field.zh}
    if field.kind == "object":
        schema["type"] = "object"
        return schema
    schema["type"] = "integer" if field.kind == "int" else "string"
    if field.choices:
        schema["enum"] = list(field.choices)
    if field.low is not None:
        schema["minimum"] = field.low
    if field.high is not None:
        schema["maximum"] = field.high
    if field.default is not None:
        schema["default"] = field.default
    if field.named_pin:
        schema = {"description": schema.pop("description"), "x-description-zh_CN": schema.pop("x-description-zh_CN"),
                  "anyOf": [schema, {"type": "string", "pattern": STM32_PIN_PATTERN}]}
    return schema


def _node_schema(node_type: NodeType) -> dict:
    then: dict[str, Any] = {"properties": {k: _field_schema(f) for k, f in node_type.fields.items()}}
    required = [k for k, f in node_type.fields.items() if f.required]
    if required:
        then["required"] = required
    return {"if": {"properties": {"type": {"const": node_type.name}}, "required": ["type"]}, "then": then}


def json_schema() -> dict:
    """The JSON Schema (draft 2020-12) of board.json. Unknown keys are allowed, as the firmware
    ignores them; `haas-ide check` warns about them instead."""
    node = {
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"description": "Kind of peripheral.", "x-description-zh_CN": "外设类型。",
                                "type": "string", "enum": list(NODE_TYPES)}},
        "allOf": [_node_schema(t) for t in NODE_TYPES.values()],
    }
    top = {k: _field_schema(f) for k, f in TOP_LEVEL.items()}
    top["io"]["additionalProperties"] = {"$ref": "#/$defs/node"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "HaaS Python board.json",
        "description": "Hardware description of a HaaS Python project (HaaS Python v2.2 firmware).",
        "x-description-zh_CN": "HaaS Python 项目的硬件描述（HaaS Python v2.2 固件）。",
        "type": "object",
        "required": ["io"],
        "properties": top,
        "$defs": {"node": node},
    }
