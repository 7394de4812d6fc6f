"""The virtual board's engine: real MicroPython 1.27 compiled to WebAssembly, run with wasmtime.

- `wasm.py`     the compiled module, fast host functions, bounds-checked access to VM memory
- `wasi.py`     the VM's operating system (WASI preview 1) over the board's file system and UART
- `vmstate.py`  the VM variables the host touches as an interrupt handler would (Ctrl-C, callbacks)
- `bridge.py`   host calls from MicroPython-side modules to the board's models
- `vm.py`       one boot's VM on its own thread, serving the REPL's requests
- `vmlib/`      MicroPython code run inside the VM: the boot loop (`_vm.py`) and the firmware's
                modules; it sees nothing of the host but these calls and the board's files
"""
