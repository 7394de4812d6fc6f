"""Package discovery that pyproject.toml cannot express: ide/ plus three top-level data folders.

firmware/, templates/ and plugins/ sit at the top of the repository (the user's layout) and are
installed as ide._firmware, ide._templates and ide._plugins (mapped in pyproject.toml). Every
folder that ships is listed as a package, data-only ones too (ide/locale/zh_CN, the virtual
board's firmware_fs), so setuptools knows each file's package and the build is warning-free;
folders whose names are not Python identifiers (templates/auto-watering) ship as data of the
package above them.
"""

from setuptools import find_namespace_packages, setup

DATA_FOLDERS = {"ide._firmware": "firmware", "ide._templates": "templates", "ide._plugins": "plugins"}
NOT_PACKAGES = ["*__pycache__", "*__pycache__.*"]


def _importable(name: str) -> bool:
    return all(part.isidentifier() for part in name.split("."))


def _packages(prefix: str, folder: str) -> list[str]:
    found = find_namespace_packages(where=folder, exclude=NOT_PACKAGES)
    return [prefix] + [f"{prefix}.{name}" for name in found if _importable(name)]


packages = [name for name in find_namespace_packages(include=["ide", "ide.*"], exclude=NOT_PACKAGES)
            if _importable(name)]
for package, folder in DATA_FOLDERS.items():
    packages += _packages(package, folder)

setup(packages=packages)
