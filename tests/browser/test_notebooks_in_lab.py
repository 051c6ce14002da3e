"""Every course notebook runs cleanly in a real JupyterLab, widgets included, and what it
shows is accessible (see ``clean.py``). One Run All per notebook: a notebook whose
participant test (``test_*_as_participant.py``) makes this check after its own Run All is
not run again here.

Run with ``.venv/bin/python -m pytest -m browser tests/browser`` (add ``-n 2 --dist
loadfile`` for two workers). Screenshots land in ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .clean import assert_clean_and_accessible
from .conftest import REPO_ROOT
from .lab import Lab

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
NOTEBOOKS = sorted((REPO_ROOT / "notebooks").glob("*.ipynb"))


def checked_by_participant_tests() -> set[str]:
    """The notebooks (``notebooks/….ipynb``) whose participant test module sets ``NOTEBOOK``
    and calls :func:`assert_clean_and_accessible` with it."""
    found = set()
    for path in sorted(HERE.glob("test_*_as_participant.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        notebook = next((node.value.value for node in tree.body
                         if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                         and any(getattr(t, "id", "") == "NOTEBOOK" for t in node.targets)),
                        None)
        calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)
                 and getattr(node.func, "id", "") == "assert_clean_and_accessible"
                 and len(node.args) > 1 and getattr(node.args[1], "id", "") == "NOTEBOOK"]
        if notebook and calls:
            found.add(notebook)
    return found


CHECKED_ELSEWHERE = checked_by_participant_tests()
LEFT = [nb for nb in NOTEBOOKS if nb.relative_to(REPO_ROOT).as_posix() not in CHECKED_ELSEWHERE]


def test_participant_tests_check_real_notebooks() -> None:
    """Each notebook a participant test claims to check exists (a renamed notebook would
    otherwise go unchecked by both)."""
    assert CHECKED_ELSEWHERE, "no participant test calls assert_clean_and_accessible"
    for notebook in CHECKED_ELSEWHERE:
        assert (REPO_ROOT / notebook).is_file(), notebook


@pytest.mark.parametrize("notebook", LEFT, ids=lambda p: p.stem)
def test_notebook_runs_cleanly_in_lab(lab: Lab, notebook: Path, screenshot_dir: Path,
                                      axe_script: Path) -> None:
    """Open, run all, then the shared check of ``clean.py``."""
    rel = notebook.relative_to(REPO_ROOT).as_posix()
    lab.open_notebook(rel)
    lab.run_all()
    assert_clean_and_accessible(lab, rel, axe_script, screenshot_dir)
