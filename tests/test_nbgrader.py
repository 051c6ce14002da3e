"""The graded self-assessments, end to end with nbgrader itself.

A trainer's round trip in a temporary copy of the course: release the assessment, hand in
a correct, a blank and a partly wrong submission, autograde, and read the gradebook.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from course_kit.grading import release_assignments, run_nbgrader
from course_kit.modules.module01.selfcheck import quiz
from tests.trainer_cohort import PARTLY_WRONG, RIGHT, fill

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ROOT / "exercises"
NOTEBOOK = "module01-assessment.ipynb"

AUTO_POINTS = 8


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the nbgrader course with the assessment released."""
    course = tmp_path_factory.mktemp("course")
    shutil.copy(EXERCISES / "nbgrader_config.py", course)
    shutil.copytree(EXERCISES / "source", course / "source")
    release_assignments(course)
    return course


def test_release_is_up_to_date(course: Path) -> None:
    """The committed release/ is exactly what nbgrader generates from source/ today."""
    generated = sorted((course / "release").rglob("*.ipynb"))
    committed = sorted((EXERCISES / "release").rglob("*.ipynb"))
    assert [p.relative_to(course) for p in generated] == \
        [p.relative_to(EXERCISES) for p in committed]
    for new, old in zip(generated, committed, strict=True):
        assert json.loads(new.read_text()) == json.loads(old.read_text()), (
            f"{old} is out of date: run `make release`"
        )


def test_release_hides_solutions_and_hidden_tests(course: Path) -> None:
    text = (course / "release" / "module01" / NOTEBOOK).read_text()
    assert "BEGIN HIDDEN TESTS" not in text and "is_correct" not in text
    assert "BEGIN SOLUTION" not in text and "registration_rate(patrons, community, " \
        '\\"Southgate\\")\\n' not in text
    assert "full-mark answer" not in text
    assert text.count("____") >= 7


def test_question_texts_match_the_question_bank() -> None:
    """The assessment shows each question exactly as the package checks it."""
    nb = nbformat.read(EXERCISES / "source" / "module01" / NOTEBOOK, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    used = [q for name, q in quiz.questions.items() if f"quiz.{name}.is_correct" in code]
    assert len(used) == 7
    for q in used:
        assert q.prompt in text, q.id
        for choice in getattr(q, "choices", {}).values():
            assert choice in text, (q.id, choice)


def autograde(course: Path, students: dict[str, nbformat.NotebookNode]) -> dict[str, float]:
    for student, nb in students.items():
        folder = course / "submitted" / student / "module01"
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / NOTEBOOK)
    proc = run_nbgrader(course, "autograde", "module01", "--create", "--force")
    assert proc.returncode == 0, proc.stderr
    from nbgrader.api import Gradebook

    scores = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in students:
            submission = gb.find_submission("module01", student)
            scores[student] = submission.code_score
    return scores


def test_round_trip_scores(course: Path) -> None:
    release = course / "release" / "module01" / NOTEBOOK
    scores = autograde(course, {
        "correct": fill(release, RIGHT, "Teenagers hold few cards; we open later."),
        "blank": nbformat.read(release, as_version=4),
        "partial": fill(release, PARTLY_WRONG, None),
    })
    assert scores == {"correct": AUTO_POINTS, "blank": 0, "partial": 4}


def test_source_solutions_score_full_points(course: Path) -> None:
    """The source notebook itself (with its solutions) passes its own hidden tests."""
    source = nbformat.read(course / "source" / "module01" / NOTEBOOK, as_version=4)
    total = sum(c.metadata["nbgrader"].get("points", 0) for c in source.cells
                if c.metadata.get("nbgrader", {}).get("grade"))
    assert total == 10
