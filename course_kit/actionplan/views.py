"""Thin views over :class:`~course_kit.actionplan.plan.PlanModel`: forms that save as you type.

Each view is a ``VBox`` with a label on every control and a :class:`MessageArea`. What is
typed goes to the model at once; the model checks it and saves it. A value it refuses (too
long, say) is answered with a plain message and stays in the box.
"""

from __future__ import annotations

import base64
import html
from datetime import date
from typing import Any

import ipywidgets as widgets

from course_kit.actionplan.plan import (
    GOAL_FIELDS,
    ROLES,
    PlanField,
    PlanModel,
    check_goal,
    step,
)
from course_kit.actionplan.sections import work_html
from course_kit.manifest import manifests
from course_kit.widgets.base import MessageArea, UserInputError, friendly_callback

__all__ = ["AboutYou", "GoalBuilder", "PortfolioMaker", "SavedWorkPanel", "SectionForm",
           "shared_model"]

_MODEL: PlanModel | None = None


def shared_model(reload: bool = False) -> PlanModel:
    """One plan model for the whole notebook (read again from disk with ``reload``)."""
    global _MODEL
    if _MODEL is None or reload:
        _MODEL = PlanModel()
    return _MODEL


def _layout(width: str = "95%") -> dict[str, str]:
    return {"width": width, "max_width": "46rem"}


def _saved_message(messages: MessageArea, model: PlanModel, what: str) -> None:
    messages.show(f"Saved {what} at {model.saved_at}.", "success")


class SavedWorkPanel(widgets.VBox):
    """What the participant saved in the modules for one step (read-only)."""

    def __init__(self, step_key: str | int) -> None:
        self.step = step(step_key)
        self.html = widgets.HTML(work_html(self.step))
        self.refresh_button = widgets.Button(description="Look again for my work",
                                             tooltip="Read my saved work again",
                                             layout={"width": "auto"})
        self.refresh_button.on_click(lambda _b: self.refresh())
        super().__init__([self.html, self.refresh_button])
        self.add_class("course-kit-plan-work")

    def refresh(self) -> None:
        """Read the saved work again (after finishing a module in another tab)."""
        self.html.value = work_html(self.step)


class AboutYou(widgets.VBox):
    """Your name (as you want it printed), your library and your role."""

    def __init__(self, model: PlanModel | None = None) -> None:
        self.model = model or shared_model()
        self.messages = MessageArea()
        who = self.model.participant
        self.fields = {
            "name": widgets.Text(value=who["name"], description="Your name",
                                 placeholder="As it should appear on your portfolio"),
            "library": widgets.Text(value=who["library"], description="Your library"),
            "role": widgets.Text(value=who["role"], description="Your role",
                                 placeholder="e.g. Teen Librarian"),
        }
        for key, control in self.fields.items():
            control.style = {"description_width": "8em"}
            control.layout = _layout()
            control.observe(friendly_callback(self.messages)(self._saver(key)), names="value")
        super().__init__([*self.fields.values(), self.messages])
        self.add_class("course-kit-plan-about")
        if self.model.notice:
            self.messages.show(self.model.notice, "warning")
        elif who["name"]:
            self.messages.show(f"Welcome back, {who['name']}: your plan is here.", "info")

    def _saver(self, key: str) -> Any:
        def save(change: dict[str, Any]) -> None:
            self.model.set_participant(key, change["new"])
            _saved_message(self.messages, self.model, f"your {key}")
        return save


def _module_options() -> list[tuple[str, int]]:
    return [(f"Module {m.number}: {m.title}", m.number) for m in manifests()]


class SectionForm(widgets.VBox):
    """The questions of one step; every answer is saved as it is typed."""

    def __init__(self, step_key: str | int, model: PlanModel | None = None) -> None:
        self.model = model or shared_model()
        self.step = step(step_key)
        self.messages = MessageArea()
        answers = self.model.answers(self.step.key)
        self.controls: dict[str, Any] = {}
        children: list[widgets.Widget] = []
        for spec in self.step.fields:
            control = self._control(spec, answers.get(spec.key))
            self.controls[spec.key] = control
            children.append(control)
        # A long question sits above its box; the box keeps it as its (visually hidden) label.
        style = widgets.HTML("<style>.course-kit-plan-section .ck-above > label{position:absolute;"
                             "width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);"
                             "white-space:nowrap}</style>")
        super().__init__([style, *children, self.messages])
        self.add_class("course-kit-plan-section")
        self.add_class(f"course-kit-plan-{self.step.key}")
        if self.model.step_done(self.step.key):
            self.messages.show(f"Your answers for step {self.step.number} are back.", "info")

    # -- building ---------------------------------------------------------------------------
    def _control(self, spec: PlanField, value: Any) -> widgets.Widget:
        save = friendly_callback(self.messages)(self._saver(spec))
        if spec.kind == "roles":
            return self._roles(spec, value if isinstance(value, dict) else {})
        if spec.kind == "checklist":
            ticked = value if isinstance(value, list) else []
            boxes = [widgets.Checkbox(value=o in ticked, description=o, indent=False,
                                      layout=_layout()) for o in spec.options]
            for box in boxes:
                box.observe(lambda _c, b=boxes, s=save: s({"new": [
                    x.description for x in b if x.value]}), names="value")
            title = widgets.HTML(f"<strong>{html.escape(spec.label)}</strong> (tick all "
                                 "that apply)")
            group = widgets.VBox([title, *boxes])
            group.boxes = boxes  # type: ignore[attr-defined]
            return group
        if spec.kind == "choice":
            control = widgets.Dropdown(options=[("(choose)", ""), *[(o, o) for o in spec.options]],
                                       value=value if value in spec.options else "",
                                       description=spec.label)
        elif spec.kind == "text":
            control = widgets.Text(value=str(value or ""), description=spec.label,
                                   placeholder=spec.placeholder)
        else:
            control = widgets.Textarea(value=str(value or ""), description=spec.label,
                                       placeholder=spec.placeholder or "Write here…",
                                       layout={"height": "5em"})
        control.style = {"description_width": "initial"}
        control.layout.width = "95%"
        control.layout.max_width = "46rem"
        control.observe(save, names="value")
        if spec.kind == "area":
            # A long label sits above the box, so the box keeps its width at 768 px.
            box = widgets.VBox([widgets.Label(spec.label), control])
            control.description = spec.label
            control.add_class("ck-above")
            box.control = control  # type: ignore[attr-defined]
            return box
        return control

    def _roles(self, spec: PlanField, value: dict[str, list[int]]) -> widgets.Widget:
        options = _module_options()
        selects = {}
        for role in ROLES:
            chosen = [n for n in value.get(role, []) if n in {o[1] for o in options}]
            select = widgets.SelectMultiple(options=options, value=tuple(chosen),
                                            description=role, rows=4,
                                            style={"description_width": "14em"},
                                            layout=_layout())
            selects[role] = select
        save = friendly_callback(self.messages)(self._saver(spec))
        for select in selects.values():
            select.observe(lambda _c: save({"new": {r: list(s.value)
                                                    for r, s in selects.items()}}),
                           names="value")
        help_text = widgets.HTML(
            f"<strong>{html.escape(spec.label)}</strong>: for each role, pick the modules "
            "its staff should take (hold Ctrl, or ⌘ on a Mac, to pick more than one).")
        group = widgets.VBox([help_text, *selects.values()])
        group.selects = selects  # type: ignore[attr-defined]
        return group

    def _saver(self, spec: PlanField) -> Any:
        def save(change: dict[str, Any]) -> None:
            self.model.set_answer(self.step.key, spec.key, change["new"])
            _saved_message(self.messages, self.model, f"'{spec.label}'")
        return save


class GoalBuilder(widgets.VBox):
    """Write a goal; see at once whether it is specific, measurable, owned and dated; keep it."""

    def __init__(self, model: PlanModel | None = None, today: date | None = None) -> None:
        self.model = model or shared_model()
        self.today = today
        self.messages = MessageArea()
        draft = self.model.draft
        labels = {"goal": "Goal: what changes, for whom",
                  "measure": "Measure: what you will count",
                  "target": "Target (with a number)",
                  "owner": "Owner: who makes it happen",
                  "due": "By (date)"}
        self.inputs = {}
        for key in GOAL_FIELDS:
            control = widgets.Text(value=draft.get(key, ""), description=labels[key],
                                   style={"description_width": "16em"}, layout=_layout())
            if key == "due":
                control.placeholder = "e.g. 3/31/2027"
            control.observe(friendly_callback(self.messages)(self._on_change), names="value")
            self.inputs[key] = control
        self.checks = widgets.HTML()
        self.add_button = widgets.Button(description="Keep this goal", button_style="primary",
                                         tooltip="Check the goal and add it to my plan")
        self.add_button.on_click(friendly_callback(self.messages)(self._on_add))
        self.goal_list = widgets.HTML()
        self.remove_choice = widgets.Dropdown(description="Goal to remove",
                                              style={"description_width": "initial"})
        self.remove_button = widgets.Button(description="Remove goal",
                                            tooltip="Remove the chosen goal from my plan")
        self.remove_button.on_click(friendly_callback(self.messages)(self._on_remove))
        super().__init__([*self.inputs.values(), self.checks, self.add_button, self.messages,
                          self.goal_list,
                          widgets.HBox([self.remove_choice, self.remove_button],
                                       layout={"flex_flow": "row wrap"})])
        self.add_class("course-kit-goal-builder")
        self._show_checks()
        self._show_goals()
        if self.model.goals:
            count = len(self.model.goals)
            self.messages.show("Your goal is back." if count == 1 else
                               f"Your {count} goals are back.", "info")

    def goal(self) -> dict[str, str]:
        """The goal as typed."""
        return {k: c.value for k, c in self.inputs.items()}

    def _show_checks(self) -> None:
        rows = []
        for check in check_goal(self.goal(), self.today):
            mark = "✔ yes" if check.ok else "✘ not yet"
            color = "#1b5e20" if check.ok else "#8a1c1c"
            tip = "" if check.ok else f" {html.escape(check.advice)}"
            rows.append(f"<li><strong>{html.escape(check.name)}:</strong> "
                        f"<span style='color:{color};font-weight:bold'>{mark}</span>.{tip}</li>")
        self.checks.value = ("<div class='ck-goal-checks'><p style='margin:4px 0'>"
                             "<strong>Is this goal SMART enough?</strong> (Achievable and "
                             "relevant are for you and your manager to judge.)</p>"
                             f"<ul style='margin:0'>{''.join(rows)}</ul></div>")

    def _show_goals(self) -> None:
        goals = self.model.goals
        if not goals:
            self.goal_list.value = "<p><em>No goals kept yet.</em></p>"
        else:
            items = "".join(
                f"<li><strong>{html.escape(g['goal'])}</strong>: {html.escape(g['measure'])}, "
                f"target {html.escape(g['target'])}; owner {html.escape(g['owner'])}; by "
                f"{html.escape(g['due'])}</li>" for g in goals)
            self.goal_list.value = f"<p><strong>Goals in my plan</strong></p><ol>{items}</ol>"
        self.remove_choice.options = [(f"Goal {i}: {g['goal'][:50]}", i - 1)
                                      for i, g in enumerate(goals, 1)]
        self.remove_choice.value = 0 if goals else None

    def _on_change(self, _change: Any = None) -> None:
        self._show_checks()
        self.model.set_draft(self.goal())
        if all(c.ok for c in check_goal(self.goal(), self.today)):
            self.messages.show("All four checks pass. Click Keep this goal to add it to your "
                               "plan.", "info")
        elif self.messages.kind == "warning":
            self.messages.clear()  # an old refusal no longer fits what is typed

    def _on_add(self, _button: Any = None) -> None:
        kept = self.model.add_goal(self.goal(), self.today)
        for control in self.inputs.values():
            control.unobserve_all("value")
            control.value = ""
            control.observe(friendly_callback(self.messages)(self._on_change), names="value")
        self._show_checks()
        self._show_goals()
        self.messages.show(f"Kept: {kept['goal']}. Saved at {self.model.saved_at}.", "success")

    def _on_remove(self, _button: Any = None) -> None:
        if self.remove_choice.value is None:
            raise UserInputError("There is no goal to remove yet.")
        removed = self.model.remove_goal(int(self.remove_choice.value))
        self._show_goals()
        self.messages.show(f"Removed: {removed['goal']}.", "success")


def _download(path: Any, mime: str) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return (f'<a download="{html.escape(path.name)}" href="data:{mime};base64,{data}">'
            f"Download {html.escape(path.name)}</a>")


class PortfolioMaker(widgets.VBox):
    """One button: gather everything into ``my_work/portfolio.html`` and ``portfolio.pdf``."""

    def __init__(self, model: PlanModel | None = None) -> None:
        self.model = model or shared_model()
        self.messages = MessageArea()
        self.button = widgets.Button(description="Make my portfolio", button_style="primary",
                                     tooltip="Gather all my work into one HTML page and a PDF")
        self.button.on_click(friendly_callback(self.messages)(self._on_make))
        self.links = widgets.HTML()
        super().__init__([self.button, self.messages, self.links])
        self.add_class("course-kit-portfolio-maker")

    def _on_make(self, _button: Any = None) -> None:
        from course_kit.actionplan.portfolio import gather, write_portfolio

        page, pdf = write_portfolio()
        pieces = gather()
        missing = [p for p in pieces if not p.done]
        self.links.value = " · ".join((_download(page, "text/html"),
                                       _download(pdf, "application/pdf")))
        done = len(pieces) - len(missing)
        note = ""
        if missing:
            note = (" 1 piece is not done yet" if len(missing) == 1 else
                    f" {len(missing)} pieces are not done yet") + "; the portfolio lists them."
        self.messages.show(f"Your portfolio has {_pieces(done)} of work, saved as {page.name} "
                           f"and {pdf.name} in my_work.{note}", "success")


def _pieces(count: int) -> str:
    return "1 piece" if count == 1 else f"{count} pieces"
