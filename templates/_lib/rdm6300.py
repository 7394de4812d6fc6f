# rdm6300.py: a 125 kHz RFID card reader (RDM6300) on a UART node, 9600 baud.
# RDM6300 125 kHz RFID 读卡器驱动（UART 节点，9600 波特）。
#
#   uart = UART(); uart.open('rfid'); reader = RDM6300(uart)
#   card = reader.card()   # '0A1B2C3D4E' when a card came near, else None
# Each card sends a frame: 0x02, 10 hex digits (the card), 2 hex digits (XOR of its 5 bytes), 0x03.

import ubinascii

FRAME = 14
STX, ETX = 0x02, 0x03


class RDM6300:
    def __init__(self, uart):
        self._uart = uart
        self._buf = bytearray(64)
        self._pending = b''

    def card(self):
        """The next card read, as 10 upper-case hex digits; None when none is waiting."""
        waiting = self._uart.any()
        if waiting and waiting > 0:
            n = self._uart.read(self._buf)
            if n and n > 0:
                self._pending += bytes(self._buf[:n])
        while len(self._pending) >= FRAME:
            start = self._pending.find(bytes([STX]))
            if start < 0:
                self._pending = b''
                return None
            frame, self._pending = self._pending[start:start + FRAME], self._pending[start + FRAME:]
            if len(frame) == FRAME and frame[13] == ETX and self._valid(frame[1:13]):
                return frame[1:11].decode()
        return None

    @staticmethod
    def _valid(digits):
        try:
            data = ubinascii.unhexlify(digits)
        except ValueError:
            return False
        check = 0
        for byte in data[:5]:
            check ^= byte
        return check == data[5]
