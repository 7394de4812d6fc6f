# watertemp.py: the water temperature: a waterproof 10 kΩ NTC probe (B = 3950) from the ADC node
# "ntc" to ground, with a 10 kΩ resistor from 3.3 V to the ADC input.
# 水温：防水 10 kΩ NTC 探头（B = 3950），接在 ADC 节点 "ntc" 与地之间，3.3 V 经 10 kΩ 电阻接到 ADC 输入。

import math

from driver import ADC

SUPPLY_MV = 3300
SERIES_OHM = 10000
NTC_OHM, NTC_KELVIN, BETA = 10000, 298.15, 3950


class WaterThermometer:
    def __init__(self):
        self._adc = ADC()
        self._adc.open('ntc')

    def read(self):
        """°C, or None when the probe is missing (the input then sits at the supply)."""
        mv = self._adc.readVoltage()
        if mv <= 0 or mv >= SUPPLY_MV - 10:
            return None
        ohm = SERIES_OHM * mv / (SUPPLY_MV - mv)
        return 1 / (1 / NTC_KELVIN + math.log(ohm / NTC_OHM) / BETA) - 273.15
