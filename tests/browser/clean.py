"""The check every notebook gets once, right after its Run All in JupyterLab.

It ran cleanly (no tracebacks, no widget errors, every widget rendered) and what it shows is
accessible: axe-core (WCAG 2.x A/AA) finds no violations in the outputs, every figure has
alt text, every control an accessible name, and every table one header row without an empty
header cell (pandas puts a named index in a second row under empty cells). A participant
test that already runs its notebook calls this after its own Run All, so the notebook is not
run a second time just to be checked; ``test_notebooks_in_lab.py`` checks the notebooks that
no participant test covers.
"""

from __future__ import annotations

import json
from pathlib import Path

from .axe import describe, run_axe
from .conftest import ARTIFACTS_DIR
from .lab import Lab

__all__ = ["OUTPUTS", "assert_clean_and_accessible"]

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


# Tables with a second header row or an empty header cell.
BROKEN_HEADERS = """(sel) => {
    const bad = [];
    for (const out of document.querySelectorAll(sel)) {
        for (const table of out.querySelectorAll('table')) {
            const rows = table.querySelectorAll('thead tr').length;
            const empty = [...table.querySelectorAll('th')].filter(
                th => !th.textContent.trim()).length;
            if (rows > 1 || empty) {
                bad.push(`${rows} header rows, ${empty} empty: ${table.outerHTML.slice(0, 160)}`);
            }
        }
    }
    return bad;
}"""


def _format(problems: dict[str, list[str]]) -> str:
    return "\n".join(
        f"{kind}:\n  " + "\n  ".join(found) for kind, found in problems.items() if found
    )


def assert_clean_and_accessible(lab: Lab, notebook: str, axe_script: Path,
                                screenshot_dir: Path) -> None:
    """Check the open notebook ``notebook`` (a path like ``notebooks/01-….ipynb``) just
    after Run All; a screenshot and the axe report go to ``test-artifacts/``."""
    stem = Path(notebook).stem
    lab.screenshot(None, screenshot_dir / f"{stem}.png")
    problems = lab.problems()
    assert not any(problems.values()), f"{stem} in JupyterLab:\n{_format(problems)}"
    lab.wait_for_widgets()
    violations = run_axe(lab.page, axe_script, include=[OUTPUTS])
    report = ARTIFACTS_DIR / "accessibility" / f"{stem}.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(violations, indent=2))
    assert violations == [], f"{stem}:\n{describe(violations)}"
    assert lab.page.evaluate(UNNAMED, OUTPUTS) == [], f"{stem}: unnamed controls"
    assert lab.page.evaluate(BROKEN_HEADERS, OUTPUTS) == [], f"{stem}: table headers"
