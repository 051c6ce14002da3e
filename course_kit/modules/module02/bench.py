"""Participant actions on Module 2's widgets, timed by ``make benchmark`` (≤ 100 ms each).

Each callable does one callback's work on the case-study data; state is set up outside it.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import count, cycle
from typing import Any

#: A formal notice of about 300 words, the kind a participant pastes into the checker.
NOTICE = " ".join([
    "Notice to all patrons of the Riverside branch. Effective January 1, 2025, service hours",
    "at the Riverside branch were reduced due to budgetary constraints approved by the Board",
    "of Trustees. The branch will henceforth be closed on Monday and Thursday evenings.",
    "Patrons are advised that interlibrary loan requests cannot be processed at this service",
    "point during the aforementioned periods, and that items placed on hold for pickup at",
    "Riverside will be retained for a period not exceeding seven calendar days, after which",
    "they will be returned to circulation without further notification. Patrons requiring",
    "evening access to library materials are encouraged to utilize the Central or Eastside",
    "locations, which continue to maintain extended hours of operation. Computer reservations",
    "made prior to the effective date will be honored insofar as staffing permits. Overdue",
    "fines accumulated as a consequence of the schedule modification may be waived upon",
    "written request submitted to the branch manager within thirty days of the due date.",
    "The library regrets any inconvenience this may cause and appreciates the continued",
    "patience and understanding of the community. Your comments regarding this change have",
    "been forwarded to Administration for consideration in future planning. Unfortunately,",
    "additional funding is not anticipated during the current fiscal year. Further",
    "information regarding the revised schedule, including holiday closures and the",
    "availability of meeting rooms for community organizations, may be obtained at the",
    "circulation desk, by telephone during regular business hours, or through the library's",
    "website. Patrons with disabilities who require accommodation in order to access",
    "services during the modified hours should contact the accessibility coordinator, who",
    "will endeavor to arrange an appropriate alternative. Homebound delivery will continue",
    "without interruption. Children's story time has been relocated to Saturday mornings at",
    "ten o'clock. The Friends of the Library book sale scheduled for February has been",
    "postponed until further notice. We thank you for your cooperation.",
])

STEPS = ("1. Open the library website.\n2. Click My Account at the top.\n3. Type your card "
         "number and PIN.\n4. Click Renew next to each book.\n5. Check the new due dates.")


def _click(button: Any) -> Callable[[], object]:
    def action() -> object:
        button.click()
        return True

    return action


def _others(control: Any) -> Any:
    """The drop-down's other values, round and round, starting after the current one."""
    values = [o[1] if isinstance(o, tuple) else o for o in control.options]
    start = values.index(control.value) + 1 if control.value in values else 0
    return cycle(values[start:] + values[:start])


def actions() -> dict[str, Callable[[], object]]:
    from course_kit import data
    from course_kit.modules.module02 import checker_view, practice_view
    from course_kit.modules.module02.rewrite import challenge_texts

    # The plain-language checker: a 300-word notice pasted, then checked.
    checker = checker_view.CheckerView()
    pasted = (f"{NOTICE} (Posted {i}.)" for i in count())

    def paste() -> object:
        checker.text.value = next(pasted)
        return checker.text.value

    def check() -> object:
        checker.text.value = next(pasted)  # a new text each time: no cached score
        checker.check_button.click()
        return checker.report.value

    # The rewrite challenge on Millbrook's own replies and comments.
    rewrite = checker_view.RewriteView(challenge_texts(data.load_comment_replies(),
                                                       data.load_comments()))
    texts = _others(rewrite.choice)
    drafts = (f"Thank you for telling us. Riverside now closes early on Mondays and Thursdays "
              f"because of a budget cut. Central and Eastside are open late. Note {i}."
              for i in count())

    def choose_text() -> object:
        rewrite.choice.value = next(texts)
        return rewrite.original.value

    def type_rewrite() -> object:
        rewrite.draft.value = next(drafts)
        return rewrite.draft.value

    def compare() -> object:
        rewrite.draft.value = next(drafts)
        rewrite.compare_button.click()
        return rewrite.table.value

    # Question and reply practice.
    questions = practice_view.QuestionPracticeView()
    question_ids = _others(questions.picker)
    kinds = cycle(list(questions.kind.options))
    neutral = (f"What will you use the information for? ({i})" for i in count())

    def pick_question() -> object:
        questions.picker.value = next(question_ids)
        return questions.card.value

    def classify() -> object:
        questions.kind.value = next(kinds)
        return questions.messages.text

    def check_question() -> object:
        questions.rewrite.value = next(neutral)
        questions.rewrite_button.click()
        return questions.messages.text

    replies = practice_view.ReplyPracticeView()
    reply_ids = _others(replies.picker)

    def pick_line() -> object:
        replies.picker.value = next(reply_ids)
        return replies.listing.value

    def choose_reply() -> object:
        options = [v for _l, v in replies.options.options]
        current = replies.options.value
        replies.options.value = options[(options.index(current) + 1) % len(options)
                                        if current in options else 0]
        return replies.messages.text

    # Step-by-step instructions, checked against the checklist.
    steps = practice_view.InstructionsView()
    versions = (f"{STEPS}\n6. Ask at the desk if it does not work (version {i})."
                for i in count())

    def type_steps() -> object:
        steps.text.value = next(versions)
        return steps.text.value

    steps.text.value = STEPS

    return {
        "checker: paste a 300-word notice (saved)": paste,
        "checker: check a 300-word notice": check,
        "rewrite: choose a text to rewrite": choose_text,
        "rewrite: type a rewrite (saved)": type_rewrite,
        "rewrite: compare scores (original and rewrite)": compare,
        "rewrite: export": _click(rewrite.export_button),
        "questions: pick a question": pick_question,
        "questions: say what kind it is": classify,
        "questions: check my neutral question": check_question,
        "replies: pick a patron line": pick_line,
        "replies: choose a reply (feedback)": choose_reply,
        "instructions: type the steps (saved)": type_steps,
        "instructions: check my steps": _click(steps.check_button),
    }
