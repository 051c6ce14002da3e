"""Self-assessment for learners without a trainer: the published keys, outside the notebook."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from course_kit.selfassess import ItemResult, SelfAssessment, self_assess
from course_kit.trainer.build import notebook_name
from course_kit.widgets.selfassess import SelfAssessView, assessment_notebooks, results_html
from tests.trainer_cohort import fill

ROOT = Path(__file__).resolve().parents[1]
RELEASE = ROOT / "exercises" / "release" / "module01" / notebook_name("module01")


@pytest.mark.slow
def test_a_learner_sees_what_each_answer_earned(tmp_path: Path) -> None:
    mine = tmp_path / "mine.ipynb"
    nbformat.write(fill(RELEASE, {"answer_q1": "c", "answer_q2": "a", "answer_q3": "A",
                                  "answer_q4": "no", "answer_q5": '"<b>"',
                                  "answer_q6": "maybe"}, None), mine)
    result = self_assess(mine)
    status = [i.status for i in result.items]
    assert status == ["right", "wrong", "right", "right", "wrong", "not answered",
                      "not answered"]
    assert result.earned == 3 and result.possible == 8
    # q6 (a bare word) stopped with an error: said so, not a plain "not answered"
    stopped = [i.number for i in result.items if i.feedback.startswith("Your answer cell stopped")]
    assert stopped == [6]
    # each feedback is one paragraph: the terminal shows no line breaks from the pool file
    assert all("\n" not in i.feedback and "  " not in i.feedback for i in result.items)
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
    module_notebook = ROOT / "notebooks" / "01-understanding-library-users.ipynb"
    problems = {name: self_assess(path).problem for name, path in [
        ("other.ipynb", tmp_path / "other.ipynb"), ("missing.ipynb", tmp_path / "missing.ipynb"),
        (module_notebook.name, module_notebook)]}
    assert "not a notebook" in problems["other.ipynb"]
    assert "no file called missing.ipynb" in problems["missing.ipynb"]
    assert "not one of the course's assessments" in problems[module_notebook.name]
    for name, problem in problems.items():  # the learner's words, not Python's
        assert name in problem and str(tmp_path) not in problem
        for jargon in ("Errno", ".toml", "JSON", "(", "Error"):
            assert jargon not in problem, (jargon, problem)


def test_the_results_page_shows_each_question_whole_and_without_markdown_marks() -> None:
    long = "A patron asks **which** branch " + "has the longest opening hours on weekdays " * 5
    result = SelfAssessment("module01", (ItemResult(
        1, long, "b", 1, 0, "Look at the table.", "wrong"),), (
        ("Hand in **your persona** and the service.", 2.0, ("0 points: none.",)),))
    page = results_html(result)
    assert " ".join(long.replace("**", "").split()) in page  # not cut off mid-word
    assert "**" not in page and "your persona and the service." in page
    # an assessment judged only by the rubric (the capstone): no "0 of 0 points", no empty table
    rubric_only = SelfAssessment("capstone", (), result.manual)
    assert rubric_only.summary().startswith("No questions in this assessment are checked")
    assert "0 of 0" not in results_html(rubric_only)
    assert "<table" not in results_html(rubric_only)


def test_the_view_lists_the_kits_assessments() -> None:
    view = SelfAssessView()
    assert RELEASE in assessment_notebooks()
    assert ("Module 01", str(RELEASE)) in view.picker.options
    empty = SelfAssessView(notebooks=[])
    empty.button.click()
    assert empty.messages.kind == "warning" and "no assessment" in empty.messages.text
