"""course_kit.trainer.feedback: one page per participant and module, no hidden tests."""

from __future__ import annotations

import html
from pathlib import Path

import nbformat
import pytest

from course_kit.trainer.feedback import hidden_lines, strip_hidden, write_feedback
from tests.trainer_cohort import FIXTURE, NB1, copy_cohort

pytestmark = [pytest.mark.slow, pytest.mark.cohort]


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_cohort(tmp_path_factory.mktemp("feedback"))


def _secrets() -> set[str]:
    nb = nbformat.read(FIXTURE / "source" / "module01" / NB1, as_version=4)
    return hidden_lines(c.source for c in nb.cells)


def test_one_page_per_participant_and_module_without_hidden_tests(course: Path) -> None:
    pages = write_feedback(course)
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        expected = {(s.student.id, a.name) for a in gb.assignments for s in a.submissions}
    assert {(p.parent.parent.name, p.parent.name) for p in pages} == expected
    secrets = _secrets()
    assert any("course-kit grade" in s for s in secrets)
    for page in pages:
        text = page.read_text()
        for secret in secrets:
            assert secret not in text and html.escape(secret) not in text, (page, secret)
        assert "Grade this assessment with course-kit grade" not in text
        assert "Traceback" not in text


def test_feedback_says_what_was_right_and_wrong(course: Path) -> None:
    write_feedback(course, participants=["ben"], modules=["module01"])
    text = (course / "feedback" / "ben" / "module01" / "feedback.html").read_text()
    assert "Your score: 4 of 10 points" in text
    assert "This answer did not earn the points." in text
    assert "AnswerNotAccepted" not in text  # plain words
    assert "anchor-link" not in text and "&#182;" not in text and "¶" not in text  # no marks
    assert "Score: 1 of 1 point." in text and "of 1 points" not in text
    assert "A rate (cards per 100 residents" not in text  # q1 was right: no explanation
    assert "The barrier is about awareness" in text  # q2 was wrong: the pool's feedback
    assert "check_form(answer_q1, &#x27;choice&#x27;, &#x27;abcd&#x27;)" in text  # visible part


def test_hidden_text_in_any_output_is_withheld(course: Path) -> None:
    """A participant's code that prints the grading code gets that output withheld."""
    path = course / "autograded" / "cy" / "module01" / NB1
    nb = nbformat.read(path, as_version=4)
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.outputs = [nbformat.v4.new_output("stream", name="stdout",
                                           text="raise AssertionError(\"Grade this "
                                                "assessment with course-kit grade.\")\n")]
    nbformat.write(nb, path)
    write_feedback(course, participants=["cy"], modules=["module01"])
    text = (course / "feedback" / "cy" / "module01" / "feedback.html").read_text()
    assert "assessment with course-kit grade" not in text and "Output withheld" in text


def test_nbgrader_own_feedback_would_show_them() -> None:
    """Why the kit builds its own pages: the source of a test cell holds the hidden test."""
    nb = nbformat.read(FIXTURE / "source" / "module01" / NB1, as_version=4)
    test = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") ==
                "test_q1")
    assert "course-kit grade" in test.source
    assert "course-kit grade" not in strip_hidden(test.source)


def test_feedback_is_readable_by_the_trainer_only(course: Path) -> None:
    import stat

    write_feedback(course, participants=["ada"])
    for path in [course / "feedback", *(course / "feedback").rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


def test_points_still_to_grade_by_hand_are_shown_as_pending(course: Path) -> None:
    write_feedback(course, participants=["ada"], modules=["module01"])
    text = (course / "feedback" / "ada" / "module01" / "feedback.html").read_text()
    assert "Your score so far: 8 of 10 points." in text
    assert "2 more points still to be graded by your trainer." in text
    assert "Score: not graded yet (your trainer grades this by hand).</strong>" in text


def test_feedback_says_when_grading_stopped_at_a_limit(course: Path) -> None:
    """Cells past the notebook's cell limit or time limit are not run, and the participant
    reads why in their feedback (not only the trainer in the grade table)."""
    write_feedback(course, participants=["cal-manycells", "eve-loop"], modules=["module01"])
    many = (course / "feedback" / "cal-manycells" / "module01" / "feedback.html").read_text()
    assert "Not run: the notebook has more than 50 code cells" in many
    loop = (course / "feedback" / "eve-loop" / "module01" / "feedback.html").read_text()
    assert "This cell was stopped: it ran longer than the time limit of" in loop
    assert "KeyboardInterrupt" not in loop and '<div class="error"><pre></pre>' not in loop


def test_rich_output_reads_as_text_or_a_plain_note(course: Path) -> None:
    """The sanitizer's note is for the trainer; the participant reads the table's text, or
    a plain note where an output has no text of its own."""
    write_feedback(course, participants=["ada"], modules=["module01"])
    text = (course / "feedback" / "ada" / "module01" / "feedback.html").read_text()
    assert "removed before grading" not in text
    assert "object&gt;" not in text  # no <IPython.core.display.HTML object>
    assert "cards_per_100_residents" in text  # the age table, as text
    assert "it shows in your notebook, not on this page" in text  # the saved-work view


def test_a_page_reads_in_question_order_without_paths_or_placeholders(course: Path) -> None:
    """A deleted test cell, put back at the end by the grader, shows its score under its
    question; a warning shows its message, not a file of the installation; a written
    answer left blank says so, not nbgrader's placeholder as if the participant wrote it."""
    write_feedback(course, participants=["jon-deltest", "gus-sysexit", "ben", "hal-osexit",
                                         "ivy-print"], modules=["module01"])
    jon = (course / "feedback" / "jon-deltest" / "module01" / "feedback.html").read_text()
    q2, q3 = jon.index("check_form(answer_q2"), jon.index("Question 3 (1 point)")
    assert q2 < q3 and "Score: 1 of 1 point." in jon[q2:q3]
    assert "Score:" not in jon[jon.index("You are done."):]
    gus = (course / "feedback" / "gus-sysexit" / "module01" / "feedback.html").read_text()
    assert "Warning: To exit: use" in gus
    assert ".py:" not in gus and "site-packages" not in gus and "UserWarning" not in gus
    ben = (course / "feedback" / "ben" / "module01" / "feedback.html").read_text()
    assert "YOUR ANSWER HERE" not in ben and "(Nothing was written here.)" in ben
    hal = (course / "feedback" / "hal-osexit" / "module01" / "feedback.html").read_text()
    assert "Python stopped while running this cell" in hal and "kernel" not in hal.lower()
    ivy = (course / "feedback" / "ivy-print" / "module01" / "feedback.html").read_text()
    assert "printed more than 5 MB; the rest is not kept" in ivy and "5000000" not in ivy


def test_a_written_answer_reads_as_typed_and_stays_inert(course: Path) -> None:
    """The sanitizer turned the reflection's ``<`` into ``&lt;`` for the trainer's tools;
    the page shows the participant's own characters, as text, never as markup."""
    write_feedback(course, participants=["yan-script"], modules=["module01"])
    text = (course / "feedback" / "yan-script" / "module01" / "feedback.html").read_text()
    assert "Persona &lt;script&gt;window.top.PWNED = 2;&lt;/script&gt;" in text
    assert "&amp;lt;" not in text and "<script" not in text and "<img" not in text


def test_the_page_names_the_participant_as_the_roster_does(course: Path) -> None:
    """The same name on the feedback page as on the report and the certificate."""
    roster = course / "roster.csv"
    roster.write_text("id,name,email\nben,Benedikt Ørsted,ben@example.org\n",
                      encoding="utf-8")
    try:
        write_feedback(course, participants=["ben"], modules=["module01"])
    finally:
        roster.unlink()
    text = (course / "feedback" / "ben" / "module01" / "feedback.html").read_text()
    assert "Participant: Benedikt Ørsted." in text
