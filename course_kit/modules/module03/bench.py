"""Participant actions on Module 3's widgets, timed by ``make benchmark`` (≤ 100 ms each).

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
    from course_kit.modules.module03 import analysis as rapport
    from course_kit.modules.module03.privacy import RETENTION
    from course_kit.modules.module03.privacy_lab import PrivacyLab
    from course_kit.modules.module03.scenarios import ScenarioCard
    from course_kit.modules.module03.tracker import FollowUpTracker
    from course_kit.modules.module03.welcome import ANSWERS, WelcomeAudit
    from course_kit.modules.module03.winback import WinBackPlanner

    patrons = data.load_patrons()
    audit = data.load_accessibility_audit()
    welcome = rapport.welcome_audit(data.load_branches(), audit, data.load_libqual_ratings(),
                                    data.load_survey_responses(), data.load_libqual_items())
    languages = rapport.branch_languages(data.load_community(), data.load_community_languages())

    # The privacy lab: a participant generalises columns and watches k.
    lab = PrivacyLab(patrons)
    dates = cycle(("month", "year", "drop", "exact"))
    ages = cycle(("bands3", "exact"))

    def registered_on() -> object:
        lab.level_controls["registered_on"].value = next(dates)
        return lab.model.summary["k"]

    def age_bands() -> object:
        lab.level_controls["age_band"].value = next(ages)
        return lab.model.summary["k"]

    def pseudonyms() -> object:
        lab.pseudonyms.value = not lab.pseudonyms.value
        return lab.pseudonyms.value

    ready = PrivacyLab(patrons)
    for column, level in (("registered_on", "drop"), ("age_band", "bands3"),
                          ("neighbourhood_id", "drop"), ("preferred_language", "two")):
        ready.level_controls[column].value = level
    ready.pseudonyms.value = True
    ready.retention.value = RETENTION[1]
    ready.reason.value = "Long enough to sort out a disputed return; no longer."

    # The follow-up tracker, with the promises of a busy fortnight already in it.
    tracker = FollowUpTracker(today=date(2025, 3, 3))
    start = date(2025, 3, 1)
    for i in range(30):
        tracker.request.value = f"Large-print copy of title {i} for a patron at Eastside"
        tracker.promised.value = "Call her when it arrives"
        tracker.due.value = start + timedelta(days=i % 14)
        tracker.add_button.click()
    numbers, days = count(30), cycle(range(1, 15))

    def log_follow_up() -> object:
        i = next(numbers)
        tracker.request.value = f"Help setting up the e-reader, visit {i}"
        tracker.promised.value = "Book a half-hour slot with the Tech Help volunteer"
        tracker.due.value = start + timedelta(days=i % 14)
        tracker.add_button.click()
        return len(tracker.model.items)

    def change_today() -> object:
        tracker.today.value = start + timedelta(days=next(days))
        return len(tracker.model.overdue())

    def close_follow_up() -> object:
        tracker.outcome.value = "Called back; the book is on hold at the desk"
        tracker.close_button.click()
        return len(tracker.model.open_items())

    # The welcome audit and the win-back planner.
    door = WelcomeAudit(welcome, languages)
    branches = cycle([*door.model.branches[1:], door.model.branches[0]])
    first_item = next(iter(door.controls))
    answers = cycle(ANSWERS[1:])

    def pick_branch() -> object:
        door.pick.value = next(branches)
        return door.facts.value

    def answer() -> object:
        door.controls[first_item].value = next(answers)
        return door.messages.text

    winback = WinBackPlanner(patrons, "age_band")
    segments = list(winback.boxes)
    for name in segments:
        winback.boxes[name].value = f"A postcard to {name} with the new opening hours"
    ideas = (f"Invite them to the spring reading challenge, week {i}" for i in count())

    def type_idea() -> object:
        winback.boxes[segments[0]].value = next(ideas)
        return winback.messages.text

    card = ScenarioCard("names")
    choices = cycle(range(len(card.options.options)))

    def see_what_happens() -> object:
        card.options.value = next(choices)
        card.button.click()
        return card.feedback.value

    return {
        "privacy lab: release the registration date as month/year/left out": registered_on,
        "privacy lab: age in 3 bands (k recomputed)": age_bands,
        "privacy lab: tick salted pseudonyms": pseudonyms,
        "privacy lab: save the plan": _click(ready.save_button),
        "privacy lab: export Markdown + HTML": _click(ready.export_button),
        "follow-up tracker: log a follow-up (30+ already)": log_follow_up,
        "follow-up tracker: change 'today' (overdue recomputed)": change_today,
        "follow-up tracker: close a follow-up": close_follow_up,
        "follow-up tracker: export": _click(tracker.export_button),
        "welcome audit: pick another branch": pick_branch,
        "welcome audit: answer a question at the door": answer,
        "welcome audit: export": _click(door.export_button),
        "win-back planner: type an idea for a segment": type_idea,
        "win-back planner: export": _click(winback.export_button),
        "scenario card: choose an option and see what happens": see_what_happens,
    }
