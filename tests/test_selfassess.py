"""Self-assessment for learners without a trainer: the published keys, outside the notebook."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from course_kit.selfassess import self_assess
from course_kit.trainer.build import notebook_name
from course_kit.widgets.selfassess import SelfAssessView, assessment_notebooks, results_html
from tests.trainer_cohort import fill

ROOT = Path(__file__).resolve().parents[1]
RELEASE = ROOT / "exercises" / "release" / "module01" / notebook_name("module01")


@pytest.mark.slow
def test_a_learner_sees_what_each_answer_earned(tmp_path: Path) -> None:
    mine = tmp_path / "mine.ipynb"
    nbformat.write(fill(RELEASE, {"answer_q1": "c", "answer_q2": "a", "answer_q3": "A",
                                  "answer_q4": "no", "answer_q5": '"<b>"'}, None), mine)
    result = self_assess(mine)
    status = [i.status for i in result.items]
    assert status == ["right", "wrong", "right", "right", "wrong", "not answered",
                      "not answered"]
    assert result.earned == 3 and result.possible == 8
    assert result.manual and len(result.manual[0][2]) == 3
    page = results_html(result)
    assert "<b>" not in page
    assert "3 of 8 points" in page and "Earned" in page and "Not answered" in page
    assert "answer = " not in page  # the feedback says why, never the key


def test_a_shuffled_or_foreign_notebook_is_refused(tmp_path: Path) -> None:
    nb = nbformat.read(RELEASE, as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "question_q1":
            cell.source = cell.source.replace("**a)**", "**x)**")
    nbformat.write(nb, tmp_path / "cohort.ipynb")
    assert "cohort" in self_assess(tmp_path / "cohort.ipynb").problem
    (tmp_path / "other.ipynb").write_text("{not json")
    assert "cannot be read" in self_assess(tmp_path / "other.ipynb").problem


def test_the_view_lists_the_kits_assessments() -> None:
    view = SelfAssessView()
    assert RELEASE in assessment_notebooks()
    assert ("Module 01", str(RELEASE)) in view.picker.options
    empty = SelfAssessView(notebooks=[])
    empty.button.click()
    assert empty.messages.kind == "warning" and "no assessment" in empty.messages.text
