"""The virtual chip below the HaaS firmware: boot ROM, serial bootloader and SPI flash.

- `chips`: what tells an ESP32, an ESP32-S3 and an ESP32-C3 apart on the wire (registers, ROM
  texts, boot offset, security info).
- `slip`: the bootloader's SLIP framing.
- `flash`: the SPI flash (4, 8 or 16 MB, NOR semantics) stored in `<fs>/.flash/flash.bin`, and
  the board file system view that keeps that folder out of sight of board code.
- `registers`: register reads and writes, with the SPI controller running flash commands (RDID,
  RDSFDP, ...), as esptool drives them.
- `loader`: the ROM's serial download protocol and, once uploaded, the flasher stub's.
- `appimage`: ESP application images: the build of the virtual board's own HaaS firmware, and the
  checks the boot ROM makes before it runs one.
- `boot`: what the chip does after a reset: ROM lines, then the serial bootloader (strapping pin
  IO0 low) or the image in flash.
- `autoreset`: the two-transistor DTR/RTS circuit of ESP32 boards, driven over RFC 2217.
"""
