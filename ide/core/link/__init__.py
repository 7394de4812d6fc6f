"""Talking to a board: serial connection, raw REPL with raw-paste, capability probe, port discovery."""
