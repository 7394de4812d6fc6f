"""Data shipped with HaaS IDE (installed as ide._firmware)."""
