"""Package discovery that pyproject.toml cannot express: ide/ plus three top-level data folders.

firmware/, templates/ and plugins/ sit at the top of the repository (the user's layout) and are
installed as ide._firmware, ide._templates and ide._plugins (mapped in pyproject.toml).
"""

from setuptools import find_packages, setup

DATA_PACKAGES = ["ide._firmware", "ide._templates", "ide._plugins"]

setup(packages=find_packages(include=["ide", "ide.*"]) + DATA_PACKAGES)
