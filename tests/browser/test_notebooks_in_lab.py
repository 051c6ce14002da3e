"""Every course notebook runs cleanly in a real JupyterLab, widgets included, and what it
shows is accessible: axe-core (WCAG 2.x A/AA) finds no violations in the outputs, every
figure has alt text and every control an accessible name. One Run All per notebook.

Run with ``.venv/bin/python -m pytest -m browser tests/browser`` (add ``-n 2 --dist
loadfile`` for two workers). Screenshots land in ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .axe import describe, install_axe, run_axe
from .conftest import ARTIFACTS_DIR, REPO_ROOT
from .lab import Lab

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted((REPO_ROOT / "notebooks").glob("*.ipynb"))
OUTPUTS = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output"
UNNAMED = """(sel) => {
    const bad = [];
    for (const out of document.querySelectorAll(sel)) {
        for (const img of out.querySelectorAll('img')) {
            if (!(img.getAttribute('alt') || '').trim()) bad.push('img without alt');
        }
        const controls = out.querySelectorAll(
            'input:not([type=hidden]), select, textarea, button, [role=slider]');
        for (const c of controls) {
            const label = (c.labels && c.labels.length && c.labels[0].textContent.trim())
                || c.getAttribute('aria-label') || c.getAttribute('title')
                || (c.tagName === 'BUTTON' && c.textContent.trim());
            if (!label) bad.push(c.outerHTML.slice(0, 120));
        }
    }
    return bad;
}"""


@pytest.fixture(scope="session")
def axe_script() -> Path:
    return install_axe(ARTIFACTS_DIR / "npm")


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
def test_notebook_runs_cleanly_in_lab(lab: Lab, notebook: Path, screenshot_dir: Path,
                                      axe_script: Path) -> None:
    """Open, run all: no tracebacks, no widget errors, every widget rendered; then no axe
    violations in the outputs, alt text on every figure, a name on every control."""
    lab.open_notebook(_rel(notebook))
    lab.run_all()
    lab.screenshot(None, screenshot_dir / f"{notebook.stem}.png")
    problems = lab.problems()
    assert not any(problems.values()), f"{notebook.name} in JupyterLab:\n{_format(problems)}"
    lab.wait_for_widgets()
    violations = run_axe(lab.page, axe_script, include=[OUTPUTS])
    report = ARTIFACTS_DIR / "accessibility" / f"{notebook.stem}.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(violations, indent=2))
    assert violations == [], f"{notebook.name}:\n{describe(violations)}"
    assert lab.page.evaluate(UNNAMED, OUTPUTS) == [], f"{notebook.name}: unnamed controls"
