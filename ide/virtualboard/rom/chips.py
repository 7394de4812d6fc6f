"""Chip personalities: what the ESP32, ESP32-S3 and ESP32-C3 show a host and a terminal.

esptool tells the chips apart by one ROM register (ESP32: `0x40001000` = `0x00F01D83`) or by the
chip id in GET_SECURITY_INFO (S3: 9, C3: 5), then reads eFuse words for the description, the MAC
and the crystal; registers not listed here read 0, as unprogrammed eFuses do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MB = 1024 * 1024
FLASH_SIZES = (4 * MB, 8 * MB, 16 * MB)
# JEDEC capacity byte of a Winbond W25Q-style part (RDID answers EF 40 <capacity>)
CAPACITY_CODES = {4 * MB: 0x16, 8 * MB: 0x17, 16 * MB: 0x18}
FLASH_MANUFACTURER = 0xEF
FLASH_MEMORY_TYPE = 0x40


@dataclass(frozen=True)
class Chip:
    key: str                  # "esp32", as in board data and esptool's --chip
    name: str                 # "ESP32-C3", as esptool prints it
    image_chip_id: int        # the chip id in an image's extended header
    boot_offset: int          # where the ROM looks for the first image in flash
    security_info: bool       # does the ROM answer GET_SECURITY_INFO
    spi_base: int             # SPI0/1 controller that runs flash commands
    spi_w0: int               # offset of the first data register
    spi_miso_dlen: int        # offset of the MISO bit length register
    spi_addr_msb: bool        # address register holds the address in its top bits
    registers: dict[int, int] = field(default_factory=dict)
    rom_header: str = ""      # first ROM lines after a reset
    reset_causes: dict[str, str] = field(default_factory=dict)
    download_boot: str = ""   # the `boot:` field in download mode
    flash_boot: str = ""      # the `boot:` field when booting from flash
    flash_boot_lines: str = ""  # what the ROM prints while it loads the image

    def rst_line(self, cause: str, download: bool) -> str:
        boot = self.download_boot if download else self.flash_boot
        return f"rst:{self.reset_causes.get(cause, self.reset_causes['software'])},boot:{boot}\n"

    def spi_register(self, offset: int) -> int:
        return self.spi_base + offset


def _esp32_registers() -> dict[int, int]:
    efuse = 0x3FF5A000
    return {
        0x40001000: 0x00F01D83,            # chip detect magic value
        0x3FF40014: 347,                   # UART_CLKDIV: 40 MHz crystal at 115200 baud
        0x3FF5F06C: 1024 << 7,             # RTCCALICFG1: the ROM's 8 MHz calibration
        efuse + 0x04: 0xC4A1B2C3,          # MAC, low four bytes
        efuse + 0x08: 0x0000240A,          # MAC, first two bytes (upper half is the CRC)
        efuse + 0x0C: (1 << 9) | (1 << 15),  # package D0WD, revision bit 0
        efuse + 0x10: 100,                 # CK8M frequency (else CHANGE_BAUDRATE carries baud 0)
        efuse + 0x14: 1 << 20,             # revision bit 1
        0x3FF6607C: 1 << 31,               # APB_CTL_DATE: revision bit 2 (chip revision v3.0)
    }


ESP32 = Chip(
    key="esp32", name="ESP32", image_chip_id=0, boot_offset=0x1000, security_info=False,
    spi_base=0x3FF42000, spi_w0=0x80, spi_miso_dlen=0x2C, spi_addr_msb=True,
    registers=_esp32_registers(),
    rom_header="ets Jun  8 2016 00:22:57\n\n",
    reset_causes={"poweron": "0x1 (POWERON_RESET)", "en": "0x1 (POWERON_RESET)",
                  "wdt": "0x7 (TG0WDT_SYS_RESET)", "software": "0xc (SW_CPU_RESET)",
                  "rtcwdt": "0x10 (RTCWDT_RTC_RESET)"},
    download_boot="0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))",
    flash_boot="0x13 (SPI_FAST_FLASH_BOOT)",
    flash_boot_lines=("configsip: 0, SPIWP:0xee\n"
                      "clk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00,hd_drv:0x00,wp_drv:0x00\n"
                      "mode:DIO, clock div:2\nload:0x3fff0030,len:4\n"),
)

_RISCV_CAUSES = {"poweron": "0x1 (POWERON)", "en": "0x1 (POWERON)", "wdt": "0x7 (TG0WDT_HPSYS)",
                 "software": "0x3 (RTC_SW_SYS_RST)", "rtcwdt": "0x10 (RTCWDT_RTC_RST)"}

ESP32S3 = Chip(
    key="esp32s3", name="ESP32-S3", image_chip_id=9, boot_offset=0x0, security_info=True,
    spi_base=0x60002000, spi_w0=0x58, spi_miso_dlen=0x28, spi_addr_msb=False,
    registers={0x60007044: 0xC4A1B2D4, 0x60007048: 0x00007CDF},
    rom_header="ESP-ROM:esp32s3-20210327\nBuild:Mar 27 2021\n",
    reset_causes=_RISCV_CAUSES,
    download_boot="0x0 (DOWNLOAD(USB/UART0))",
    flash_boot="0x8 (SPI_FAST_FLASH_BOOT)",
    flash_boot_lines="SPIWP:0xee\nmode:DIO, clock div:1\nload:0x3fce3808,len:0x44c\n",
)

ESP32C3 = Chip(
    key="esp32c3", name="ESP32-C3", image_chip_id=5, boot_offset=0x0, security_info=True,
    spi_base=0x60002000, spi_w0=0x58, spi_miso_dlen=0x28, spi_addr_msb=False,
    registers={0x60008844: 0xC4A1B2E5, 0x60008848: 0x00003485},
    rom_header="ESP-ROM:esp32c3-api1-20210207\nBuild:Feb  7 2021\n",
    reset_causes=_RISCV_CAUSES,
    download_boot="0x5 (DOWNLOAD(USB/UART0/1))",
    flash_boot="0xc (SPI_FAST_FLASH_BOOT)",
    flash_boot_lines="SPIWP:0xee\nmode:DIO, clock div:1\nload:0x3fcd6100,len:0x38c\n",
)

CHIPS = {chip.key: chip for chip in (ESP32, ESP32S3, ESP32C3)}


def chip_for(key: str) -> Chip:
    """The chip personality for "esp32", "esp32s3" or "esp32c3"."""
    try:
        return CHIPS[key]
    except KeyError:
        raise ValueError(f"unknown chip {key!r}; known: {', '.join(CHIPS)}") from None


def flash_id(size: int) -> int:
    """What RDID (0x9F) returns in SPI W0 for a flash of `size` bytes."""
    return FLASH_MANUFACTURER | (FLASH_MEMORY_TYPE << 8) | (CAPACITY_CODES[size] << 16)
