"""Participant actions on Module 9's widgets, timed by ``make benchmark`` (≤ 100 ms each).

Each callable does one callback's work on the case-study data; state is set up outside it.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import count, cycle
from typing import Any


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
    from course_kit.modules.module09 import languages
    from course_kit.modules.module09.views import (
        AuditView,
        ContrastView,
        LanguageMapView,
        ScenarioView,
    )

    # The accessibility audit over the 2025 audit table.
    audit = AuditView(data.load_accessibility_audit())
    sites = _others(audit.site)
    checks = _others(audit.check)
    impacts = cycle([2, 3, 1])

    def pick_site() -> object:
        audit.site.value = next(sites)
        return audit.report.value

    def pick_check() -> object:
        audit.check.value = next(checks)
        return audit.detail.value

    recorder = AuditView(data.load_accessibility_audit())
    by_kind = {recorder.model.by_id[c].kind: c for _l, c in recorder.check.options}
    widths = cycle(["36", "32", "40"])

    def record_measurement() -> object:
        recorder.check.value = by_kind["measure"]
        recorder.value.value = next(widths)
        recorder.note.value = "Measured at the side door with a tape"
        recorder.record_button.click()
        return recorder.summary.value

    def set_priority() -> object:
        recorder.impact.value = next(impacts)
        return recorder.report.value

    # The contrast calculator: a participant tries colours for a poster.
    contrast = ContrastView()
    colours = cycle(["#767676", "#595959", "#0072B2", "#D55E00", "#ffffff", "#111111"])

    def type_colour() -> object:
        contrast.text_colour.value = next(colours)
        return contrast.preview.value

    # Home languages against programs, and a partner for each gap.
    needs = languages.language_needs(data.load_community_languages(), data.load_programs(),
                                     data.load_comments(), data.load_community())
    language_map = LanguageMapView(needs)
    thresholds = _others(language_map.threshold)
    planner = LanguageMapView(needs)
    gaps = _others(planner.language)
    steps = (f"Meet their coordinator in March to plan a bilingual story time ({i})"
             for i in count())

    def threshold() -> object:
        language_map.threshold.value = next(thresholds)
        return language_map.table.value

    def pick_gap() -> object:
        planner.language.value = next(gaps)
        return planner.ideas.value

    def save_partner() -> object:
        planner.partner.value = planner.partner.options[0] if planner.partner.options else \
            "Millbrook Community Center"
        planner.first_step.value = next(steps)
        planner.save_button.click()
        return planner.plan.value

    # Scenario choices (the notebook shows four of these).
    scenes = ScenarioView(topics=("safe",))
    choices = cycle(range(len(scenes.choice.options)))
    others = ScenarioView()
    scenarios = _others(others.scenario)

    def see_what_happens() -> object:
        scenes.choice.value = next(choices)
        scenes.go_button.click()
        return scenes.messages.text

    def pick_scenario() -> object:
        others.scenario.value = next(scenarios)
        return others.situation.value

    return {
        "audit: pick a building or the website": pick_site,
        "audit: pick a check (standard shown)": pick_check,
        "audit: record a measurement (action list re-sorted)": record_measurement,
        "audit: change a check's impact (priority)": set_priority,
        "audit: export": _click(recorder.export_button),
        "contrast: type a text color (ratio, preview, history)": type_colour,
        "contrast: check contrast": _click(contrast.check_button),
        "language map: change the threshold": threshold,
        "language map: pick a language gap (partner ideas)": pick_gap,
        "language map: save a partner and first step": save_partner,
        "language map: export": _click(planner.export_button),
        "scenario: choose and see what happens": see_what_happens,
        "scenario: pick another scenario": pick_scenario,
    }
