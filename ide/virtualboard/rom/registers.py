"""The registers esptool reads and writes, with the SPI controller that runs flash commands.

esptool runs a SPI flash command by writing the command into USR2 (`0x70000000 | cmd`), the
address into ADDR, then bit 18 (USR) of the command register; it polls until the bit clears and
reads the answer from W0. Here the command runs as soon as the bit is written.
"""

from __future__ import annotations

from ide.virtualboard.rom.chips import Chip, flash_id

SPI_CMD_USR = 1 << 18
SPI_ADDR = 0x04
SPI_USR2 = {0x3FF42000: 0x24, 0x60002000: 0x20}  # by controller base

RDID, RDSFDP = 0x9F, 0x5A
SFDP_SIGNATURE = 0x50444653  # "SFDP"


class Registers:
    """Memory-mapped registers of one chip: fixed values from its personality, writes remembered."""

    def __init__(self, chip: Chip, flash_size: int) -> None:
        self.chip = chip
        self.flash_size = flash_size
        self._values: dict[int, int] = dict(chip.registers)

    def read(self, address: int) -> int:
        return self._values.get(address, 0)

    def write(self, address: int, value: int, mask: int = 0xFFFFFFFF) -> None:
        old = self._values.get(address, 0)
        self._values[address] = (old & ~mask) | (value & mask)
        if address == self.chip.spi_base and self._values[address] & SPI_CMD_USR:
            self._run_spi_command()

    def _run_spi_command(self) -> None:
        chip = self.chip
        command = self.read(chip.spi_register(SPI_USR2[chip.spi_base])) & 0xFF
        address = self.read(chip.spi_register(SPI_ADDR))
        if chip.spi_addr_msb:
            address >>= 8
        bits = (self.read(chip.spi_register(chip.spi_miso_dlen)) & 0x3FF) + 1
        answer = self._flash_answer(command, address)
        if bits < 32:
            answer &= (1 << bits) - 1
        self._values[chip.spi_register(chip.spi_w0)] = answer
        self._values[chip.spi_base] &= ~SPI_CMD_USR

    def _flash_answer(self, command: int, address: int) -> int:
        if command == RDID:
            return flash_id(self.flash_size)
        if command == RDSFDP:
            return SFDP_SIGNATURE if address == 0 else 0
        return 0  # status registers read 0; reset, write-enable and power commands need no answer
