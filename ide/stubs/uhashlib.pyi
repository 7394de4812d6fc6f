"""MicroPython `uhashlib`: SHA-256, SHA-1 and MD5 digests."""

class sha256:
    """A SHA-256 digest: sha256(b'data').digest()."""

    def __init__(self, data: bytes | bytearray = ...) -> None: ...
    def update(self, data: bytes | bytearray) -> None:
        """Feed more data."""
    def digest(self) -> bytes:
        """The digest of everything fed so far (the object cannot be fed afterwards)."""

class sha1:
    """A SHA-1 digest."""

    def __init__(self, data: bytes | bytearray = ...) -> None: ...
    def update(self, data: bytes | bytearray) -> None:
        """Feed more data."""
    def digest(self) -> bytes:
        """The digest of everything fed so far."""

class md5:
    """An MD5 digest."""

    def __init__(self, data: bytes | bytearray = ...) -> None: ...
    def update(self, data: bytes | bytearray) -> None:
        """Feed more data."""
    def digest(self) -> bytes:
        """The digest of everything fed so far."""
