"""HaaS `kv`: a small key-value store in flash that survives resets and deploys.

Keys and values are strings; values must be shorter than 256 bytes.
"""

def setStorageSync(key: str, value: str) -> int:
    """Store `value` under `key`. Returns 0 on success."""
def getStorageSync(key: str) -> str | None:
    """The value stored under `key`, or None."""
def removeStorageSync(key: str) -> None:
    """Delete `key` from the store."""
