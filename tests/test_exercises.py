import pytest

from course_kit.exercises import (
    ChoiceExercise,
    NumberExercise,
    QuestionSet,
    TrueFalseExercise,
    ____,
    answer_hash,
    parse_number,
    seal,
    unseal,
)


def make_choice() -> ChoiceExercise:
    return ChoiceExercise(
        id="t.q1", prompt="Pick", var="answer_1",
        choices={"a": "apple", "b": "banana", "c": "cherry"},
        answer_sha256=answer_hash("t.q1", "b"),
        hints=("first hint", "second hint"), solution_text=seal("It is banana because…"),
    )


def test_choice_right_wrong_blank_invalid() -> None:
    q = make_choice()
    assert q.check_value("b").status == "correct"
    assert q.check_value(" B ").status == "correct"
    assert q.check_value("(b)").status == "correct"
    assert q.check_value("a").status == "incorrect"
    assert q.check_value(____).status == "not attempted"
    assert q.check_value("").status == "not attempted"
    assert q.check_value(None).status == "not attempted"
    assert q.check_value("z").status == "invalid"
    assert q.check_value(3).status == "invalid"


def test_failure_messages_do_not_give_the_answer_away() -> None:
    q = make_choice()
    for wrong in ("a", "c", "z", ____):
        message = q.check_value(wrong).message.lower()
        assert "banana" not in message
    # Wrong answers all get the same message, and "not attempted" does not name a letter.
    assert q.check_value("a").message == q.check_value("c").message
    assert '"b"' not in q.check_value(____).message


def test_answer_key_is_not_in_plain_text() -> None:
    q = make_choice()
    assert "banana because" not in q.solution_text
    assert unseal(q.solution_text) == "It is banana because…"
    assert q.answer_sha256 != "b" and len(q.answer_sha256) == 64


def test_true_false_accepts_the_ways_people_write_it() -> None:
    q = TrueFalseExercise(id="t.tf", prompt="?", var="answer_2",
                          answer_sha256=answer_hash("t.tf", False))
    for value in (False, "false", "False", "F", "no"):
        assert q.check_value(value).status == "correct", value
    for value in (True, "true", "yes"):
        assert q.check_value(value).status == "incorrect", value
    assert q.check_value("maybe").status == "invalid"


def test_number_exercise_uses_tolerance_and_reads_typed_numbers() -> None:
    q = NumberExercise(id="t.n", prompt="?", var="answer_3", expected=lambda: 42.4,
                       tolerance=0.5)
    assert q.is_correct(42.4) and q.is_correct("42.8") and q.is_correct("42.4 %")
    assert not q.is_correct(43) and not q.is_correct("forty")
    assert q.check_value("forty").status == "incorrect"  # read as 40: a number, not it
    assert q.check_value("about forty").status == "invalid"
    assert q.check_value(float("nan")).status == "invalid"


@pytest.mark.parametrize(("text", "number"), [("1,234", 1234.0), (" 7 ", 7.0), ("12.5%", 12.5),
                                              ("$19.50", 19.5), ("-3", -3.0), ("abc", None),
                                              ("", None), ("1.2.3", None), ("32,5", 32.5),
                                              ("forty", 40.0), ("32.5 %", 32.5)])
def test_parse_number(text: str, number: float | None) -> None:
    assert parse_number(text) == number


def test_bound_question_reads_the_notebook_variable() -> None:
    quiz = QuestionSet("t", {"q1": make_choice()})
    namespace: dict = {}
    quiz.bind(namespace)
    assert namespace["____"] is ____
    assert quiz.q1.check().status == "not attempted"
    namespace["answer_1"] = "b"
    assert quiz.q1.check().correct
    namespace["answer_1"] = "c"
    assert not quiz.q1.check().correct
    with pytest.raises(AttributeError):
        _ = quiz.q9


def test_hints_advance_and_stop_at_the_last() -> None:
    q = make_choice()
    assert "first hint" in str(q.hint())
    assert "second hint" in str(q.hint())
    assert "second hint" in str(q.hint())
    assert "It is banana" in str(q.solution())


def test_result_html_says_it_in_words() -> None:
    html = make_choice().check_value("a").to_html()
    assert "Not quite" in html and 'role="status"' in html


def test_exercises_know_nothing_of_widgets() -> None:
    """No import cycle: the exercise model imports no widget; the view registers itself."""
    import subprocess
    import sys

    code = ("import sys, course_kit.exercises, course_kit.assessment; "
            "print(sorted(m for m in sys.modules if m.startswith(('course_kit.widgets', "
            "'ipywidgets'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"
    import course_kit.exercises
    from course_kit.widgets.question import QuestionView

    assert course_kit.exercises._VIEW is QuestionView


# -- issue 9: answers typed as people type them, feedback shown once ------------------------
@pytest.mark.parametrize(("typed", "status"), [("32,5", "correct"), ("32.5%", "correct"),
                                               ("32.5 %", "correct"), ("thirty", "incorrect"),
                                               ("325", "incorrect"), ("lots", "invalid")])
def test_number_answers_typed_as_people_type_them(typed: str, status: str) -> None:
    q = NumberExercise(id="t.n", prompt="?", var="answer_7", expected=lambda: 32.5,
                       tolerance=0.1)
    result = q.check_value(typed)
    assert result.status == status
    if status == "invalid":
        assert "Traceback" not in result.message and "forty" in result.message


def test_a_comma_decimal_is_said_back_as_read() -> None:
    q = NumberExercise(id="t.n", prompt="?", var="answer_7", expected=lambda: 32.5)
    assert "Read 32,5 as 32.5" in q.check_value("32,5").message


def test_check_and_hint_show_their_box_once() -> None:
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    shell = InteractiveShell.instance()
    shell.user_ns["quiz"] = QuestionSet("t", {"q1": make_choice()}).bind(shell.user_ns)
    shell.user_ns["answer_1"] = "a"
    for call in ("quiz.q1.check()", "quiz.q1.hint()", "quiz.q1.solution()"):
        # What a cell does with its last line: show the returned value (the displayhook).
        with capture_output() as captured:
            shell.run_cell(f"from IPython.display import display; display({call})",
                           store_history=False)
        assert len(captured.outputs) == 1, call


def test_an_unanswered_number_question_offers_a_number_field(work_dir) -> None:
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    import course_kit.widgets  # noqa: F401  (registers the question view)

    shell = InteractiveShell.instance()
    q = NumberExercise(id="t.n7", prompt="How many?", var="answer_7", expected=lambda: 3.0)
    shell.user_ns["quiz"] = QuestionSet("t", {"q7": q}).bind(shell.user_ns)
    shell.user_ns["answer_7"] = ____
    with capture_output() as captured:
        shell.run_cell("quiz.q7.check()", store_history=False)
    kinds = [set(out.data) for out in captured.outputs]
    assert any("application/vnd.jupyter.widget-view+json" in k for k in kinds)


# -- issue 9: a self-check and a graded assessment read True and False the same way -----------
@pytest.mark.parametrize("typed", ["yes", "No", "TRUE", "f", "right", "correct", "wrong",
                                   "sí", "vrai", "'true'", " (False) ", 1, 0, 2, "maybe",
                                   True, False, ____, None])
def test_true_false_self_checks_accept_what_the_assessments_accept(typed: object) -> None:
    from course_kit.assessment import normalise_bool

    meant = normalise_bool(typed)
    statement = TrueFalseExercise(id="t.tf", prompt="?", var="answer_3",
                                  answer_sha256=answer_hash("t.tf", True))
    assert statement._as_bool(typed) is meant
    assert (statement.validate(typed) is None) == (meant is not None)
    assert statement.is_correct(typed) == (meant is True)
