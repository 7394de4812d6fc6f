"""Examples: a solution template made into a ready project for the virtual board, in one step.

The Welcome page's "Open an example" asks no questions: `example_project(template_id)` creates
the template's project for the built-in virtual board (parameters at their defaults) in the
user's data folder, `<data>/examples/<template id>`, and returns it; asking again returns the
same folder with the user's edits kept. A new project made with the wizard is the way to pick
another board, a name and a place.
"""

from __future__ import annotations

from pathlib import Path

from ide.core.project import MAIN_PY
from ide.core.templates import Template, create_project, templates_for_board
from ide.core.userdirs import data_dir

EXAMPLE_BOARD = "virtual"
EXAMPLES_DIR = "examples"
FIRST_EXAMPLE = "helloworld"


def examples_dir() -> Path:
    return data_dir() / EXAMPLES_DIR


def example_templates() -> list[Template]:
    """The templates that run on the virtual board, the first one to try first."""
    templates = templates_for_board(EXAMPLE_BOARD)
    return sorted(templates, key=lambda template: (template.id != FIRST_EXAMPLE, template.id))


def example_project(template_id: str) -> Path:
    """The example's project folder, created from the template the first time."""
    folder = examples_dir() / template_id
    if not (folder / MAIN_PY).is_file():
        create_project(folder, template_id, EXAMPLE_BOARD)
    return folder
