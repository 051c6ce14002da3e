"""Participant actions on Module 6's widgets, timed by ``make benchmark`` (≤ 100 ms each).

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


def _values(control: Any) -> list[Any]:
    """The values of a drop-down's options (options may be labels or (label, value) pairs)."""
    return [o[1] if isinstance(o, tuple) else o for o in control.options]


def _others(control: Any) -> Any:
    """The drop-down's other values, round and round, starting after the current one."""
    values = _values(control)
    start = values.index(control.value) + 1 if control.value in values else 0
    return cycle(values[start:] + values[:start])


def _first_real(control: Any) -> Any:
    """The first option of a drop-down that is not "(choose)"."""
    return next(v for v in _values(control) if v)


def actions() -> dict[str, Callable[[], object]]:
    from course_kit import data
    from course_kit.modules.module06.recommender import Recommender, load_persona
    from course_kit.modules.module06.views import (
        SUPPORT_CHOICES,
        LearningPlanBuilder,
        ProgramPlanner,
        RecommenderView,
    )

    loans, catalogue = data.load_loans(), data.load_catalogue()
    programs, outcomes = data.load_programs(), data.load_program_outcomes()
    persona = load_persona()

    # Readers' advisory for the Module 1 persona, as in the notebook.
    view = RecommenderView(recommender=Recommender(loans, catalogue), persona=persona)
    items = _others(view.item)
    supports = cycle([*SUPPORT_CHOICES[1:], SUPPORT_CHOICES[0]])
    searches = cycle(["I01772", "I00222", "garden", "history"])
    view.choice.value = "similar"
    reasons = (f"She liked the mystery; a similar title fits her evenings (draft {i})."
               for i in count())

    def pick_title() -> object:
        view.item.value = next(items)
        return view.lists.value

    def support() -> object:
        view.support.value = next(supports)
        return view.lists.value

    def opt_in() -> object:
        view.opt_in.value = not view.opt_in.value
        return view.lists.value

    def search() -> object:
        view.search.value = next(searches)
        return view.lists.value

    def reason() -> object:
        view.reason.value = next(reasons)
        return view.reason.value

    # A learning plan from a common goal, then edited.
    plan = LearningPlanBuilder(catalogue, programs, learner=persona.name)
    plan.use_template.click()
    templates = _others(plan.template)
    steps = (f"Practise filling in one online form at the library (week {i})" for i in count())

    def use_goal() -> object:
        plan.template.value = next(templates)
        plan.use_template.click()
        return plan.preview.value

    def type_step() -> object:
        plan.rows[0][0].value = next(steps)
        return plan.preview.value

    # The program planner: from a group to a program, with the evidence table.
    planner = ProgramPlanner(programs, outcomes)
    planner.use_group.click()
    controls = planner.controls
    for key in ("format", "day", "time", "branch", "channel", "service_area", "outcome"):
        controls[key].value = _first_real(controls[key])
    controls["need"].value = "Help with phones and online forms, in the evening"
    controls["title"].value = "Tech Help Evenings"
    audiences = _others(controls["audience"])
    areas = cycle([v for v in _values(controls["service_area"]) if v])
    needs = (f"Evening help with phones and forms (note {i})" for i in count())

    def audience() -> object:
        controls["audience"].value = next(audiences)
        return planner.evidence.value

    def service_area() -> object:
        controls["service_area"].value = next(areas)
        return planner.evidence.value

    def type_need() -> object:
        controls["need"].value = next(needs)
        return planner.preview.value

    group_planner = ProgramPlanner(programs, outcomes)
    groups = _others(group_planner.start_group)

    def use_group() -> object:
        group_planner.start_group.value = next(groups)
        group_planner.use_group.click()
        return group_planner.preview.value

    return {
        "recommender: pick a title they enjoyed": pick_title,
        "recommender: change the minimum borrowers (privacy)": support,
        "recommender: opted-in borrowers only": opt_in,
        "recommender: find a title by number or words": search,
        "recommender: type why (draft saved)": reason,
        "recommender: save my choice": _click(view.save_button),
        "recommender: export": _click(view.export_button),
        "learning plan: start from a common goal": use_goal,
        "learning plan: type a step (card + draft saved)": type_step,
        "learning plan: save": _click(plan.save_button),
        "learning plan: export": _click(plan.export_button),
        "program planner: change the audience (evidence table)": audience,
        "program planner: change the service area": service_area,
        "program planner: type the need (card + draft saved)": type_need,
        "program planner: start from a group": use_group,
        "program planner: save": _click(planner.save_button),
        "program planner: export": _click(planner.export_button),
    }
