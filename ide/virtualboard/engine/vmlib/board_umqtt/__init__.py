# The firmware's `umqtt` package (MicroPython, runs in the VM): `umqtt.simple`, `umqtt.robust`.
from . import robust, simple  # noqa: F401 - `umqtt.simple` is an attribute of `umqtt`
