"""HaaS IDE: a desktop IDE for HaaS Python and MicroPython boards."""

__version__ = "0.1.0"
