"""What the program runs: imports followed from main.py, an imported module's self-test skipped."""

from __future__ import annotations

from ide.core.boardjson_code import scan_python
from ide.core.pyreach import running_code


def running(files: dict[str, str]):
    return running_code({rel: scan_python(text) for rel, text in files.items()})


def test_main_and_what_it_imports_run_the_rest_does_not():
    run = running({"main.py": "import helper\nfrom drivers import oled\nfrom pkg.sub import thing\n",
                   "helper.py": "x = 1\n", "spare.py": "y = 2\n",
                   "drivers/__init__.py": "", "drivers/oled.py": "from . import font\n", "drivers/font.py": "",
                   "drivers/unused.py": "", "pkg/__init__.py": "", "pkg/sub.py": "from .. import helper2\n",
                   "helper2.py": ""})
    assert {rel for rel in ("main.py", "helper.py", "drivers/__init__.py", "drivers/oled.py", "drivers/font.py",
                            "pkg/__init__.py", "pkg/sub.py", "helper2.py") if run.runs_file(rel)} == {
        "main.py", "helper.py", "drivers/__init__.py", "drivers/oled.py", "drivers/font.py", "pkg/__init__.py",
        "pkg/sub.py", "helper2.py"}
    assert not run.runs_file("spare.py") and not run.runs_file("drivers/unused.py")
    assert not run.runs("spare.py", 1)


def test_a_self_test_runs_only_in_main_and_its_imports_are_not_followed():
    lib = "def measure():\n    return 1\n\nif __name__ == '__main__':\n    import selftest_helper\n    print(measure())\n"
    run = running({"main.py": "import lib\nif '__main__' == __name__:\n    print(lib.measure())\n",
                   "lib.py": lib, "selftest_helper.py": ""})
    assert run.runs("main.py", 3) and run.runs("lib.py", 2)
    assert not run.runs("lib.py", 5) and not run.runs("lib.py", 6) and run.runs("lib.py", 4)
    assert not run.runs_file("selftest_helper.py")


def test_without_a_parsable_main_everything_counts_as_running():
    assert running({"lib.py": "x = 1\n"}).runs("lib.py", 1)
    assert running({"main.py": "def (\n", "lib.py": "x = 1\n"}).runs("lib.py", 1)
    cycle = running({"main.py": "import a\n", "a.py": "import b\n", "b.py": "import a\n"})
    assert cycle.runs_file("b.py")
