"""The IDE's domain and device I/O: pure Python, no Qt, usable from the CLI and tests."""
