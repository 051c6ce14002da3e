"""Participant actions on Module 4's widgets, timed by ``make benchmark`` (≤ 100 ms each).

Each callable does one callback's work on the case-study data; state is set up outside it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from itertools import count, cycle
from typing import Any


def _click(button: Any) -> Callable[[], object]:
    def action() -> object:
        button.click()
        return True

    return action


def actions() -> dict[str, Callable[[], object]]:
    from course_kit import data
    from course_kit.modules.module04 import reference_log as ref
    from course_kit.modules.module04.interaction_log import InteractionForm
    from course_kit.modules.module04.interview import InterviewStepper
    from course_kit.modules.module04.log_explorer import THRESHOLDS, LogExplorer
    from course_kit.modules.module04.referral_helper import ReferralHelper
    from course_kit.modules.module04.sources import VERDICTS, SourceChecker

    # The reference-log explorer over the whole year's question log.
    explorer = LogExplorer(ref.prepare(data.load_reference()), data.load_branches())
    controls = explorer.controls
    branches = cycle([*controls["branch"].options[1:], controls["branch"].options[0]])
    modes = cycle([*controls["mode"].options[1:], controls["mode"].options[0]])
    kinds = cycle([*controls["question_type"].options[1:], controls["question_type"].options[0]])
    thresholds = cycle([*THRESHOLDS[1:], THRESHOLDS[0]])

    def pick(key: str, values: Any) -> Callable[[], object]:
        def action() -> object:
            option = next(values)
            controls[key].value = option[1] if isinstance(option, tuple) else option
            return explorer.summary.value

        return action

    # SIFT source checker: give a verdict on the first example.
    checker = SourceChecker()
    first = next(iter(checker.pickers))
    verdicts = cycle(VERDICTS)

    def verdict() -> object:
        checker.pickers[first].value = next(verdicts)
        return checker.reveals[first].value

    # Referral helper: answer the tree's questions, step back, start again.
    helper = ReferralHelper("referral.toml")

    def answer_or_step_back() -> object:
        """Answer the first question, then step back: one click a call, in turn."""
        if len(helper.walker.path) == 1:
            helper.buttons.children[0].click()
        else:
            helper.back_button.click()
        return helper.question.value

    walked = ReferralHelper("troubleshooting.toml")

    def answer_until_the_end() -> object:
        """Answer each question with its first option; at the end, start again."""
        if walked.walker.finished:
            walked.restart_button.click()
        else:
            walked.buttons.children[0].click()
        return walked.question.value

    switcher = ReferralHelper("referral.toml")
    trees = cycle(["troubleshooting.toml", "referral.toml"])

    def switch_tree() -> object:
        switcher.picker.value = next(trees)
        return switcher.question.value

    # Reference interview stepper: next turn, mark an area, check the marks.
    stepper = InterviewStepper()
    transcripts = [value for _label, value in stepper.picker.options]
    others = cycle([*transcripts[1:], transcripts[0]])

    def next_turn() -> object:
        if stepper.next_button.disabled:
            stepper.model.shown = 1
        stepper.next_button.click()
        return stepper.model.shown

    def change_transcript() -> object:
        stepper.picker.value = next(others)
        return stepper.turns.value

    marker = InterviewStepper()
    marker.all_button.click()
    area = next(iter(marker.area_controls))
    turns = cycle([v for _l, v in marker.area_controls[area].options][1:])

    def mark_area() -> object:
        marker.area_controls[area].value = next(turns)
        return marker.model.marks[marker.model.current][area]

    # The participant's interaction log, with a week of entries in it.
    form = InteractionForm()
    numbers = count()

    def fill(follow_up: bool) -> None:
        i = next(numbers)
        form.asked.value = f"How do I renew my card online? (visit {i})"
        form.mode.value = "phone"
        form.answered.value = "Walked them through the account page; renewed while on the phone."
        form.referred.value = "not referred"
        form.follow_up.value = follow_up
        if follow_up:
            form.promised.value = "Call back with the tax form"
            form.due.value = date.today() + timedelta(days=1 + i % 10)

    for i in range(25):
        fill(i % 5 == 0)
        form.add_button.click()

    def add_entry() -> object:
        fill(False)
        form.add_button.click()
        return len(form.model.entries)

    def add_entry_with_follow_up() -> object:
        fill(True)
        form.add_button.click()
        return len(form.model.entries)

    return {
        "log explorer: pick a branch": pick("branch", branches),
        "log explorer: pick a mode": pick("mode", modes),
        "log explorer: pick a question type": pick("question_type", kinds),
        "log explorer: change the staffing threshold": pick("threshold", thresholds),
        "source checker: give a verdict (SIFT moves shown)": verdict,
        "referral helper: answer a question / one step back (in turn)": answer_or_step_back,
        "referral helper: answer down to the next step / start again": answer_until_the_end,
        "referral helper: switch decision tree": switch_tree,
        "interview: next turn": next_turn,
        "interview: another transcript": change_transcript,
        "interview: mark where an area shows": mark_area,
        "interview: check my marks": _click(marker.check_button),
        "interaction log: add an entry (25+ in the log)": add_entry,
        "interaction log: add one with a follow-up (sent to the tracker)":
            add_entry_with_follow_up,
        "interaction log: remove the last entry": _click(form.undo_button),
        "interaction log: export": _click(form.export_button),
    }
