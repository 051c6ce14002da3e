"""Module 2's models and views, driven as a participant would, without a browser."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pandas as pd
import pytest

from course_kit import data
from course_kit.modules.module02 import practice
from course_kit.modules.module02.checker_view import CheckerView, RewriteView
from course_kit.modules.module02.instructions import check_instructions
from course_kit.modules.module02.practice import (
    QuestionPractice,
    ReplyPractice,
    ScenarioError,
    guess_question_kind,
    load_questions,
    load_replies,
)
from course_kit.modules.module02.practice_view import (
    InstructionsView,
    QuestionPracticeView,
    ReplyPracticeView,
)
from course_kit.modules.module02.rewrite import (
    RewriteChallenge,
    challenge_texts,
    rewrite_markdown,
)
from course_kit.widgets.base import UserInputError

RIVERSIDE_REWRITE = (
    "Riverside no longer opens in the evening. This started on January 1, 2025, after a budget "
    "cut. Central and Eastside are still open in the evening. You can also borrow e-books and "
    "films online at any time. If you asked us to keep a book for you at Riverside, we will "
    "keep it for seven days.")
HOLD_STEPS = ("1. Find the book in the search box on our website.\n2. Click Reserve it.\n"
              "3. Type your card number and password.\n"
              "4. Pick the branch where you want to collect it.\n"
              "5. We send you an email when it is ready.")


@pytest.fixture(scope="module")
def texts():
    return challenge_texts(data.load_comment_replies(), data.load_comments())


# -- scenario files ------------------------------------------------------------------------


def test_scenario_files_load_and_cover_every_kind() -> None:
    questions, replies = load_questions(), load_replies()
    assert {q.kind for q in questions} == set(practice.KINDS)
    assert all(sum(o.best for o in r.options) == 1 for r in replies)


@pytest.mark.parametrize("content, message", [
    ("[[questions]\n", "could not be read"),
    ('title = "no questions"\n', "has no [[questions]]"),
    ('[[questions]]\nid = "a"\npatron = "x"\nquestion = "y?"\nkind = "rude"\nwhy = "z"\n',
     "kind must be one of"),
    ('[[questions]]\nid = "a"\npatron = "x"\nquestion = ""\nkind = "open"\nwhy = "z"\n',
     "'question' must be a text"),
])
def test_a_malformed_question_file_is_named(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "my_questions.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"my_questions\.toml") as info:
        load_questions(path)
    assert message in str(info.value)


def test_a_reply_file_needs_exactly_one_best(tmp_path: Path) -> None:
    path = tmp_path / "replies.toml"
    path.write_text('[[lines]]\nid = "a"\npatron = "Hi"\n'
                    '[[lines.options]]\ntext = "A"\nwhy = "a"\nbest = true\n'
                    '[[lines.options]]\ntext = "B"\nwhy = "b"\nbest = true\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"replies\.toml, line 1 \('a'\): exactly one"):
        load_replies(path)


# -- questions -------------------------------------------------------------------------------


@pytest.mark.parametrize("question, kind", [
    ("Is it for a trip?", "closed"),
    ("Do you want the federal or the state forms?", "closed"),
    ("What do you want to learn, Word or Excel?", "closed"),
    ("What kind of books do you like?", "open"),
    ("What will you use the information for?", "neutral"),
    ("What are you hoping to find out?", "neutral"),
    ("Could you tell me a bit more about it?", "neutral"),
])
def test_guess_question_kind(question: str, kind: str) -> None:
    assert guess_question_kind(question)[0] == kind


def test_question_practice_explains_and_saves(work_dir: Path) -> None:
    model = QuestionPractice()
    first = model.items[0]
    wrong = next(k for k in practice.KINDS if k != first.kind)
    assert not model.classify(first.id, wrong).correct
    feedback = model.classify(first.id, first.kind)
    assert feedback.correct and first.why in feedback.message
    rewritten = model.rewrite(first.id, "What will you use it for?")
    assert rewritten.correct and "neutral" in rewritten.message
    with pytest.raises(UserInputError, match="Type your question"):
        model.rewrite(first.id, "   ")
    with pytest.raises(UserInputError, match="under 300"):
        model.rewrite(first.id, "Why " * 100)
    again = QuestionPractice()  # as after a kernel restart
    assert again.answers[first.id] == first.kind
    assert again.rewrites[first.id] == "What will you use it for?"
    assert again.score() == (1, 1)


def test_question_view_restores_and_never_disagrees_with_the_model(work_dir: Path) -> None:
    view = QuestionPracticeView()
    item = view.item
    view.kind.value = item.kind
    assert view.messages.kind == "success" and "1 right out of 1" in view.score.value
    view.rewrite.value = ""
    view.rewrite_button.click()
    assert view.messages.kind == "warning" and "Type your question" in view.messages.text
    view.picker.value = view.model.items[1].id
    assert view.kind.value is None  # the next question starts blank
    again = QuestionPracticeView()
    assert again.model.answers == {item.id: item.kind}
    assert again.kind.value == item.kind


def test_reply_practice_explains_the_best_reply(work_dir: Path) -> None:
    model = ReplyPractice()
    item = model.items[0]
    wrong = next(i for i, o in enumerate(item.options) if not o.best)
    feedback = model.choose(item.id, wrong)
    assert not feedback.correct and item.options[item.best_index].text in feedback.message
    assert model.choose(item.id, item.best_index).correct
    with pytest.raises(UserInputError):
        model.choose(item.id, 99)
    view = ReplyPracticeView()  # restart
    assert view.options.value == item.best_index
    view.options.value = wrong
    assert view.messages.kind == "warning" and "Not the best" in view.messages.text


def test_damaged_practice_file_is_set_aside_and_said(work_dir: Path) -> None:
    (work_dir / "module02-replies.json").write_text("{not json", encoding="utf-8")
    view = ReplyPracticeView()
    assert view.messages.kind == "warning" and "set aside" in view.messages.text


# -- checker and rewrite views -----------------------------------------------------------------


def test_checker_view_scores_and_keeps_the_text(work_dir: Path) -> None:
    view = CheckerView()
    view.text.value = "Unfortunately, interlibrary loan requests cannot be processed today."
    view.check_button.click()
    assert "interlibrary loan" in view.report.value and "Grade" in view.messages.text
    assert CheckerView().text.value == view.text.value
    view.text.value = ""
    view.check_button.click()
    assert "no text to check" in view.messages.text


def test_checker_view_escapes_what_is_pasted(work_dir: Path) -> None:
    view = CheckerView()
    view.text.value = "<img src=x onerror=alert(1)> Please come back soon, we miss you."
    view.check_button.click()
    assert "<img" not in view.report.value


def test_rewrite_texts_include_the_riverside_notice_and_old_replies(texts) -> None:
    ids = [t.id for t in texts]
    assert ids[0] == "notice-riverside-hours"
    replies = [t for t in texts if t.id.startswith("R")]
    assert len(replies) >= 8
    assert all("“" in t.title for t in replies)


def test_rewrite_challenge_before_and_after(work_dir: Path, texts) -> None:
    model = RewriteChallenge(texts)
    before = model.before()
    assert before.grade is not None and before.grade > 14
    model.keep(RIVERSIDE_REWRITE)
    after = model.after()
    assert after.grade is not None and after.grade <= 8 and not after.jargon
    table = model.comparison()
    assert table.loc["grade", "before"] > table.loc["grade", "after"]
    again = RewriteChallenge(texts)
    assert again.draft == RIVERSIDE_REWRITE
    markdown = rewrite_markdown(json.loads((work_dir / "module02-rewrite.json").read_text()))
    assert "Before" in markdown and "After" in markdown and "Riverside" in markdown


def test_rewrite_view_compares_saves_and_exports(work_dir: Path, texts) -> None:
    view = RewriteView(texts)
    view.compare_button.click()
    assert view.messages.kind == "warning" and "first" in view.messages.text
    view.export_button.click()
    assert view.messages.kind == "warning" and "nothing to export" in view.messages.text
    view.draft.value = RIVERSIDE_REWRITE
    view.compare_button.click()
    assert view.messages.kind == "success" and "→" in view.messages.text
    assert "<caption>" in view.table.value
    view.choice.value = texts[1].id
    assert view.draft.value == ""
    view.choice.value = texts[0].id
    assert view.draft.value == RIVERSIDE_REWRITE
    view.export_button.click()
    assert (work_dir / "module02-rewrite.html").exists()
    assert 'download="module02-rewrite.md"' in view.downloads.value
    assert RewriteView(texts).draft.value == RIVERSIDE_REWRITE


def test_hostile_rewrite_is_escaped_in_exports(work_dir: Path, texts) -> None:
    model = RewriteChallenge(texts)
    model.keep("<script>alert('x')</script> [click](javascript:alert(1)) We are open today.")
    md, page = model.export(work_dir)
    assert "<script>" not in page.read_text() and "<script>" not in md.read_text()
    assert "](javascript" not in md.read_text()


def test_the_markdown_export_reads_as_written(work_dir: Path, texts) -> None:
    """Opened as text, the Markdown shows brackets and phone numbers as typed, not "\\(555\\)"."""
    model = RewriteChallenge(texts)
    model.keep(RIVERSIDE_REWRITE + " Questions? Call (555) 010-2000 + ask for Zoë!")
    md, _page = model.export(work_dir)
    text = md.read_text(encoding="utf-8")
    assert "Call (555) 010-2000 + ask for Zoë!" in text and "Grade 17.2 (hard:" in text


def test_a_huge_rewrite_is_kept_and_explained(work_dir: Path, texts) -> None:
    view = RewriteView(texts)
    view.draft.value = "We are open. " * 1000
    assert view.messages.kind == "warning" and "saved as it is" in view.messages.text
    assert RewriteView(texts).draft.value == "We are open. " * 1000


# -- instructions ------------------------------------------------------------------------------


def test_good_hold_instructions_pass_every_check() -> None:
    result = check_instructions(HOLD_STEPS)
    assert len(result.steps) == 5 and result.passed == len(result.checks)


def test_one_long_jargon_paragraph_fails_the_checks() -> None:
    result = check_instructions(
        "Log into your patron account via the OPAC and then locate the desired item, after "
        "which a hold request may be placed by selecting the pickup location provided.")
    failed = {c.name for c in result.checks if not c.passed}
    assert "The steps are numbered" in failed and "No library jargon" in failed
    assert "One action per step" in failed and result.passed <= 1


def test_instructions_view_saves_and_checks(work_dir: Path) -> None:
    view = InstructionsView()
    view.check_button.click()
    assert view.messages.kind == "warning" and "Write your steps" in view.messages.text
    view.text.value = HOLD_STEPS
    view.check_button.click()
    assert view.messages.kind == "success" and "6 of 6" in view.messages.text
    assert InstructionsView().text.value == HOLD_STEPS


# -- speed -------------------------------------------------------------------------------------


def test_callbacks_are_fast_enough(work_dir: Path, texts) -> None:
    """Generous bound here; the benchmark measures the 100 ms budget properly."""
    view = RewriteView(texts)
    view.draft.value = RIVERSIDE_REWRITE
    start = time.perf_counter()
    view.compare_button.click()
    assert time.perf_counter() - start < 0.5


def test_analysis_tables_show_sample_sizes() -> None:
    from course_kit.modules.module02 import analysis

    table = analysis.questions_by_type(data.load_reference())
    assert (table["of_questions"] == len(data.load_reference())).all()
    assert isinstance(table, pd.DataFrame)


def test_saved_files_with_wrong_types_are_read_safely(work_dir: Path, texts) -> None:
    """A saved file edited by hand (lists, numbers, strings) never stops a widget."""
    for name, content in (("module02-questions", {"answers": "closed", "rewrites": [1, 2]}),
                          ("module02-replies", {"choices": {"r-hours": "1", "r-fine": True}}),
                          ("module02-rewrite", {"selected": 7, "drafts": ["x"]}),
                          ("module02-instructions", {"task": None, "text": 12}),
                          ("module02-checker", {"text": ["<b>"]})):
        (work_dir / f"{name}.json").write_text(json.dumps(content), encoding="utf-8")
    assert QuestionPracticeView().model.answers == {}
    assert ReplyPracticeView().model.choices == {}
    assert RewriteView(texts).draft.value == ""
    assert InstructionsView().text.value == ""
    checker = CheckerView()
    assert checker.text.value == ""
    checker.check_button.click()
    assert "no text to check" in checker.messages.text


RIGHT_SELF_CHECKS = {"q1": "c", "q2": "b", "q3": "d", "q4": "11.0", "q5": "a", "q6": False,
                     "q7": "c", "q8": True}


def test_self_checks_accept_the_right_answer_and_refuse_others() -> None:
    from course_kit.modules.module02.selfcheck import quiz

    assert len(quiz) == len(RIGHT_SELF_CHECKS)
    for key, right in RIGHT_SELF_CHECKS.items():
        question = getattr(quiz, key)
        assert question.check_value(right).correct, key
        if isinstance(right, bool):
            wrong: object = not right
        elif key == "q4":
            wrong = "3.7"  # the median after the guide, not before
        else:
            wrong = next(k for k in question.choices if k != right)
        assert question.check_value(wrong).status == "incorrect", key
        assert question.solution_plain() and question.hints


def test_number_self_check_follows_the_data(tmp_path: Path, monkeypatch) -> None:
    import shutil

    from course_kit.modules.module02.selfcheck import quiz

    for path in data.data_dir().glob("*"):
        if path.is_file():
            shutil.copy(path, tmp_path / path.name)
    replies = pd.read_csv(tmp_path / "comment_replies.csv", dtype=str, keep_default_na=False)
    before = (replies["replied_on"] < "2025-07-01") & (replies["language"] == "English")
    replies.loc[before, "text"] = "Thanks! We fixed it. Come and see."
    replies.to_csv(tmp_path / "comment_replies.csv", index=False)
    monkeypatch.setenv("COURSE_KIT_DATA", str(tmp_path))
    assert not quiz.q4.check_value("11.0").correct


def test_saved_work_reaches_the_portfolio(work_dir: Path, texts) -> None:
    from course_kit.saved_work import saved_work_markdown

    RewriteChallenge(texts).keep(RIVERSIDE_REWRITE + " <script>x</script>")
    view = InstructionsView()
    view.text.value = HOLD_STEPS
    view.check_button.click()
    rewrite, steps = (saved_work_markdown("module02-rewrite"),
                      saved_work_markdown("module02-instructions"))
    assert "## Notice on Riverside's door, January 2025" in rewrite
    assert "Riverside no longer opens" in rewrite and "Grade 17.2" in rewrite
    assert "<script>" not in rewrite
    assert "Click Reserve it." in steps and "Yes: The steps are numbered" in steps
