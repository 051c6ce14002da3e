"""Accessibility of what the kit renders: axe-core (WCAG 2.x A/AA) finds no violations.

Checked here: the persona card a participant exports for their portfolio and the trainer's
feedback pages. Every notebook's outputs (axe, alt text, named controls) are checked in
``test_notebooks_in_lab.py``, in the same run as the notebook itself (one Run All each).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from .axe import describe, run_axe

pytestmark = pytest.mark.browser


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


@pytest.mark.cohort
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
