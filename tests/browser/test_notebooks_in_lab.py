"""Every course notebook runs cleanly in a real JupyterLab, widgets included.

Run with ``.venv/bin/python -m pytest -m browser tests/browser`` (add ``-n 2 --dist
loadfile`` for two workers). Screenshots land in ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import REPO_ROOT
from .lab import Lab

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted((REPO_ROOT / "notebooks").glob("*.ipynb"))


def _rel(path: Path) -> str:
    return path.relative_to(REPO_ROOT).as_posix()


def _format(problems: dict[str, list[str]]) -> str:
    return "\n".join(
        f"{kind}:\n  " + "\n  ".join(found) for kind, found in problems.items() if found
    )


@pytest.mark.skipif(not NOTEBOOKS, reason="no notebooks/*.ipynb yet")
@pytest.mark.parametrize(
    "notebook", NOTEBOOKS or [Path("notebooks/none.ipynb")], ids=lambda p: p.stem
)
def test_notebook_runs_cleanly_in_lab(lab: Lab, notebook: Path, screenshot_dir: Path) -> None:
    """Open, run all, no tracebacks, no widget errors, every widget rendered."""
    lab.open_notebook(_rel(notebook))
    lab.run_all()
    lab.screenshot(None, screenshot_dir / f"{notebook.stem}.png")
    problems = lab.problems()
    assert not any(problems.values()), f"{notebook.name} in JupyterLab:\n{_format(problems)}"
