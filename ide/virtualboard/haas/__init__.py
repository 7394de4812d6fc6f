"""The HaaS layer of the virtual board: HaaS Python v2.2's own modules and the outside world.

The outside world is `hardware.Hardware` (pins, sensors in `i2cdevices`, Wi-Fi and the cloud in
`wireless`), created once per board; `commands` is its control protocol, served over TCP by
`ide.virtualboard.control`. The firmware's modules run in the board's MicroPython VM: each has
a MicroPython face in `ide/virtualboard/engine/vmlib/` and host handlers over those models here
(`*_services.py`), assembled per boot by `ide.virtualboard.firmware`.
"""
