# The firmware's `ucryptolib` (MicroPython, runs in the VM): AES with 128/192/256-bit keys in ECB,
# CBC and CTR modes, written from FIPS-197 and MicroPython's documented API. Keys stay in the VM.
__name__ = "ucryptolib"
MODE_ECB = 1
MODE_CBC = 2
MODE_CTR = 6


def _tables():
    """The S-box, its inverse and GF(2^8) multiplication tables, computed as FIPS-197 defines them."""
    exp = bytearray(256)
    log = bytearray(256)
    x = 1
    for i in range(255):
        exp[i] = x
        log[x] = i
        x ^= ((x << 1) ^ (0x1B if x & 0x80 else 0)) & 0xFF  # x * 3
    sbox = bytearray(256)
    inverse = bytearray(256)
    for a in range(256):
        b = exp[(255 - log[a]) % 255] if a else 0
        s = b
        for _ in range(4):
            b = ((b << 1) | (b >> 7)) & 0xFF
            s ^= b
        sbox[a] = s ^ 0x63
        inverse[s ^ 0x63] = a

    def times(k):
        table = bytearray(256)
        if k:
            for a in range(1, 256):
                table[a] = exp[(log[a] + log[k]) % 255]
        return table
    return sbox, inverse, times(2), times(3), times(9), times(11), times(13), times(14)


_SBOX, _INV, _M2, _M3, _M9, _M11, _M13, _M14 = _tables()
_RCON = (1, 2, 4, 8, 16, 32, 64, 128, 27, 54)


def _expand(key):
    words = len(key) // 4
    rounds = words + 6
    w = bytearray(key)
    i = words
    while len(w) < 16 * (rounds + 1):
        t = w[-4:]
        if i % words == 0:
            t = bytearray((_SBOX[t[1]] ^ _RCON[i // words - 1], _SBOX[t[2]], _SBOX[t[3]], _SBOX[t[0]]))
        elif words > 6 and i % words == 4:
            t = bytearray(_SBOX[b] for b in t)
        base = len(w) - 4 * words
        w.extend(bytes(w[base + j] ^ t[j] for j in range(4)))
        i += 1
    return [w[16 * r:16 * r + 16] for r in range(rounds + 1)]


_SHIFT = (0, 5, 10, 15, 4, 9, 14, 3, 8, 13, 2, 7, 12, 1, 6, 11)
_UNSHIFT = (0, 13, 10, 7, 4, 1, 14, 11, 8, 5, 2, 15, 12, 9, 6, 3)


def _encrypt_block(keys, block):
    s = bytearray(block[i] ^ keys[0][i] for i in range(16))
    last = len(keys) - 1
    for r in range(1, last + 1):
        t = bytearray(_SBOX[s[_SHIFT[i]]] for i in range(16))
        if r != last:
            m2, m3 = _M2, _M3
            for c in range(0, 16, 4):
                a0, a1, a2, a3 = t[c], t[c + 1], t[c + 2], t[c + 3]
                t[c] = m2[a0] ^ m3[a1] ^ a2 ^ a3
                t[c + 1] = a0 ^ m2[a1] ^ m3[a2] ^ a3
                t[c + 2] = a0 ^ a1 ^ m2[a2] ^ m3[a3]
                t[c + 3] = m3[a0] ^ a1 ^ a2 ^ m2[a3]
        k = keys[r]
        s = bytearray(t[i] ^ k[i] for i in range(16))
    return s


def _decrypt_block(keys, block):
    last = len(keys) - 1
    s = bytearray(block[i] ^ keys[last][i] for i in range(16))
    for r in range(last - 1, -1, -1):
        t = bytearray(_INV[s[_UNSHIFT[i]]] for i in range(16))
        k = keys[r]
        t = bytearray(t[i] ^ k[i] for i in range(16))
        if r:
            for c in range(0, 16, 4):
                a0, a1, a2, a3 = t[c], t[c + 1], t[c + 2], t[c + 3]
                t[c] = _M14[a0] ^ _M11[a1] ^ _M13[a2] ^ _M9[a3]
                t[c + 1] = _M9[a0] ^ _M14[a1] ^ _M11[a2] ^ _M13[a3]
                t[c + 2] = _M13[a0] ^ _M9[a1] ^ _M14[a2] ^ _M11[a3]
                t[c + 3] = _M11[a0] ^ _M13[a1] ^ _M9[a2] ^ _M14[a3]
        s = t
    return s


class aes:
    def __init__(self, key, mode, IV=None):
        if len(key) not in (16, 24, 32):
            raise ValueError("key")
        if mode not in (MODE_ECB, MODE_CBC, MODE_CTR):
            raise ValueError("mode")
        if IV is not None and len(IV) != 16:
            raise ValueError("IV")
        self._keys = _expand(bytes(key))
        self._mode = mode
        self._chain = bytearray(IV or bytes(16))
        self._stream = b""
        self._direction = None

    def encrypt(self, data, out=None):
        return self._run(data, out, "encrypt")

    def decrypt(self, data, out=None):
        return self._run(data, out, "decrypt")

    def _run(self, data, out, direction):
        if self._direction not in (None, direction):
            raise TypeError("can't encrypt & decrypt")
        self._direction = direction
        if self._mode != MODE_CTR and len(data) % 16:
            raise ValueError("blksize % 16")
        if out is not None and len(out) < len(data):
            raise ValueError("output too small")
        result = self._ctr(data) if self._mode == MODE_CTR else self._blocks(bytes(data), direction)
        if out is None:
            return bytes(result)
        out[:len(result)] = result
        return None

    def _blocks(self, data, direction):
        result = bytearray()
        for i in range(0, len(data), 16):
            block = data[i:i + 16]
            if self._mode == MODE_ECB:
                result.extend(_encrypt_block(self._keys, block) if direction == "encrypt"
                              else _decrypt_block(self._keys, block))
            elif direction == "encrypt":
                self._chain = _encrypt_block(self._keys, bytes(block[j] ^ self._chain[j] for j in range(16)))
                result.extend(self._chain)
            else:
                plain = _decrypt_block(self._keys, block)
                result.extend(plain[j] ^ self._chain[j] for j in range(16))
                self._chain = bytearray(block)
        return result

    def _ctr(self, data):
        result = bytearray()
        stream = self._stream
        for byte in bytes(data):
            if not stream:
                stream = _encrypt_block(self._keys, self._chain)
                self._increment()
            result.append(byte ^ stream[0])
            stream = stream[1:]
        self._stream = stream
        return result

    def _increment(self):
        counter = self._chain
        for i in range(15, -1, -1):
            counter[i] = (counter[i] + 1) & 0xFF
            if counter[i]:
                break
