"""HaaS `system`: facts about the firmware and board control."""

def version_info() -> str:
    """The firmware version, e.g. 'HaaSPython-ESP32-v2.2.0-2022-05-30'."""
def reboot() -> None:
    """Restart the board."""
