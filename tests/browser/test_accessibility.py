"""Accessibility of what the kit renders: axe-core (WCAG 2.x A/AA) finds no violations.

Checked: every notebook's outputs (widgets, tables, figures) in JupyterLab, the persona
card a participant exports for their portfolio, and the trainer's feedback pages. Every
figure has alt text and every widget control has an accessible name.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from .axe import describe, install_axe, run_axe
from .conftest import ARTIFACTS_DIR, REPO_ROOT
from .lab import Lab

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted((REPO_ROOT / "notebooks").glob("*.ipynb"))
OUTPUTS = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output"


@pytest.fixture(scope="session")
def axe_script() -> Path:
    return install_axe(ARTIFACTS_DIR / "npm")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_outputs_have_no_violations(lab: Lab, notebook: Path, axe_script: Path) -> None:
    lab.open_notebook(notebook.relative_to(REPO_ROOT).as_posix())
    lab.run_all()
    lab.wait_for_widgets()
    violations = run_axe(lab.page, axe_script, include=[OUTPUTS])
    report = ARTIFACTS_DIR / "accessibility" / f"{notebook.stem}.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(violations, indent=2))
    assert violations == [], f"{notebook.name}:\n{describe(violations)}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_figure_and_control_is_named(lab: Lab, notebook: Path) -> None:
    lab.open_notebook(notebook.relative_to(REPO_ROOT).as_posix())
    lab.run_all()
    lab.wait_for_widgets()
    unnamed = lab.page.evaluate(
        """(sel) => {
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
        }""",
        OUTPUTS,
    )
    assert unnamed == []


def test_exported_persona_page_has_no_violations(
    browser_context: BrowserContext, axe_script: Path, tmp_path: Path
) -> None:
    from course_kit.modules.module01.personas import Persona

    persona = Persona(name="Rosa", occupation="night-shift nurse", goals="Read on the bus",
                      needs="E-books", barriers="Works late", channels=["text message"],
                      quote="I never get there before it closes.", based_on="Segment 4")
    _md, page_file = persona.export(tmp_path)
    page = browser_context.new_page()
    try:
        page.goto(page_file.as_uri())
        violations = run_axe(page, axe_script)
    finally:
        page.close()
    assert violations == [], describe(violations)


def test_trainer_feedback_pages_have_no_violations(
    browser_context: BrowserContext, axe_script: Path, tmp_path: Path
) -> None:
    """Every feedback page of the simulated cohort (hostile submissions included)."""
    from course_kit.trainer.feedback import write_feedback
    from tests.trainer_cohort import copy_cohort

    pages = write_feedback(copy_cohort(tmp_path))
    assert len(pages) >= 10
    page = browser_context.new_page()
    found = {}
    try:
        for path in pages:
            page.goto(path.as_uri())
            violations = run_axe(page, axe_script)
            if violations:
                found[str(path.relative_to(tmp_path))] = describe(violations)
    finally:
        page.close()
    assert found == {}, "\n".join(f"{k}:\n{v}" for k, v in found.items())
