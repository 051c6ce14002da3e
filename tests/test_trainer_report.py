"""course_kit.trainer.report: CSV and plots from the gradebook, manual grades included."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from course_kit.trainer.report import write_report
from tests.trainer_cohort import EXPECTED_MODULE01, NB1, copy_cohort

pytestmark = [pytest.mark.slow, pytest.mark.cohort]


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    course = copy_cohort(tmp_path_factory.mktemp("report"))
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:  # as the formgrader does
        grade = gb.find_grade("product", NB1.removesuffix(".ipynb"), "module01", "ada")
        grade.manual_score = 2
        grade.needs_manual_grade = False
        gb.db.commit()
    return course


def test_scores_questions_and_who_is_missing_what(course: Path, tmp_path: Path) -> None:
    report = write_report(course, tmp_path / "out")
    names = {p.name for p in report.files}
    assert {"scores.csv", "questions.csv", "missing.csv", "modules.png", "questions.png",
            "progress.png", "report.md"} <= names
    scores = pd.read_csv(tmp_path / "out" / "scores.csv")
    ada = scores[(scores.participant == "ada") & (scores.module == "module01")].iloc[0]
    assert (ada.auto, ada.manual, ada.score, ada["max"]) == (8, 2, 10, 10)
    assert ada.status == "graded"
    dee = scores[(scores.participant == "dee") & (scores.module == "module01")].iloc[0]
    assert dee.status == "to grade by hand" and dee.score == 8 and dee.late
    ben = scores[(scores.participant == "ben") & (scores.module == "module01")].iloc[0]
    assert ben.status == "graded" and ben.score == 4  # no reflection written: 0, as nbgrader
    m01 = scores[scores.module == "module01"].set_index("participant")
    assert {k: v for k, v in m01["auto"].items()} == EXPECTED_MODULE01
    missing = pd.read_csv(tmp_path / "out" / "missing.csv")
    assert len(missing) == len(EXPECTED_MODULE01) - 3  # only ada, ben, dee did module02
    assert set(missing.module) == {"module02"}
    questions = pd.read_csv(tmp_path / "out" / "questions.csv")
    q2 = questions[(questions.module == "module01") & (questions.question == "test_q2")]
    q1 = questions[(questions.module == "module01") & (questions.question == "test_q1")]
    assert q2.mean_share.iloc[0] < q1.mean_share.iloc[0]  # the hostile corpus broke q2
    # Every hand-in counts once: graded, or still to grade by hand (not both).
    product = questions[(questions.module == "module01") & (questions.question == "product")]
    assert product.to_grade_by_hand.iloc[0] > 0
    assert product.graded.iloc[0] + product.to_grade_by_hand.iloc[0] == len(EXPECTED_MODULE01)
    text = (tmp_path / "out" / "report.md").read_text()
    assert "hardest" in text and "missing" in text
    # The reflections wait for grading by hand (dee's): not ranked on the blanks graded so far.
    assert "the hardest was module01 product" not in text and "product\"" not in text
    assert 'the hardest was module01, "In the needs survey' in text  # q2, in its own words
    assert "still to grade by hand (not ranked)" in text


def test_plots_are_real_pngs(course: Path, tmp_path: Path) -> None:
    report = write_report(course, tmp_path)
    for path in report.files:
        if path.suffix == ".png":
            assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 5000


def test_questions_are_labelled_with_their_own_words(course: Path) -> None:
    from course_kit.trainer.report import question_text

    assert question_text("module01", "test_q2", course_dir=course).startswith(
        "In the needs survey")
    assert len(question_text("module01", "test_q4", course_dir=course)) <= 40
    assert question_text("module01", "product", course_dir=course).startswith(
        "Hand in the product of Module 1")  # the work graded by hand, in its own words
    assert question_text("module01", "extra_cell", course_dir=course) == "extra cell"
    assert question_text("module77", "test_q1", course_dir=course) == "Q1"  # no pool: the id
