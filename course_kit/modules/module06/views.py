"""The thin widget views of Module 6 over the models in this package.

* :class:`RecommenderView` – compare three readers' advisory suggestions for a persona;
* :class:`LearningPlanBuilder` – a patron's goal, steps, resources, dates and check-in;
* :class:`ProgramPlanner` – from a group's need to a program and the outcome to measure.

Each keeps its work in ``my_work/`` as it is made, restores it after a restart, checks it
on *Save*, and exports escaped Markdown and HTML for the portfolio. Problems are shown in
the widget's message area in plain words; nothing typed is ever cleared.
"""

from __future__ import annotations

import html
from datetime import date
from typing import Any

import ipywidgets as widgets
import pandas as pd

from course_kit.modules.module01.personas import CHANNELS
from course_kit.modules.module06.learning_plan import (
    MAX_STEPS,
    LearningPlan,
    PlanError,
    load_goals,
    plan_card,
    resource_options,
)
from course_kit.modules.module06.portfolio import download_links, export_files
from course_kit.modules.module06.programs import (
    BRANCHES,
    DAYS,
    FORMATS,
    OUTCOMES,
    PROGRAM_AUDIENCES,
    SERVICE_AREAS,
    TIMES,
    ProgramPlan,
    ProgramPlanError,
    evidence_for,
    program_card,
    program_summary,
)
from course_kit.modules.module06.recommender import (
    APPROACHES,
    PersonaProfile,
    RecommendationModel,
    Recommender,
    RecommenderError,
    find_item,
    load_persona,
    recommendation_html,
    recommendation_markdown,
    suggestions_html,
)
from course_kit.modules.module06.tailoring import load_tailoring
from course_kit.storage import WorkStore
from course_kit.tables import table_html
from course_kit.widgets.base import MessageArea, UserInputError, friendly_callback, labelled

__all__ = ["LearningPlanBuilder", "ProgramPlanner", "RecommenderView"]

_WIDE = {"width": "95%", "max_width": "44em"}
SUPPORT_CHOICES = (2, 3, 5, 10, 20)


def _text(label: str, placeholder: str = "", **layout: str) -> widgets.Text:
    box = widgets.Text(placeholder=placeholder, continuous_update=False,
                       layout={**_WIDE, **layout})
    return labelled(box, label)


def _dropdown(label: str, options: list[Any], value: Any = None) -> widgets.Dropdown:
    pairs = [o if isinstance(o, tuple) else (str(o), o) for o in options]
    box = widgets.Dropdown(options=pairs, value=value if value is not None else pairs[0][1],
                           layout=dict(_WIDE))
    return labelled(box, label)


def _buttons(save: str, export: str) -> tuple[widgets.Button, widgets.Button]:
    return (widgets.Button(description=save, button_style="primary", tooltip=save,
                           layout={"width": "max-content"}),
            widgets.Button(description=export, tooltip="Write Markdown and HTML files",
                           layout={"width": "max-content"}))


class _SavedView(widgets.VBox):
    """What the three views share: a store, messages, download links, draft saving."""

    key = ""

    def _init_store(self, slot: str, store: WorkStore | None) -> dict[str, Any]:
        self.store = store or WorkStore(slot)
        self.messages = MessageArea()
        self.downloads = widgets.HTML()
        saved = self.store.load()
        if self.store.notice:
            self.messages.show(self.store.notice, "warning")
        return saved

    def _restored(self, saved: dict[str, Any], ignored: list[str], what: str) -> None:
        status = f"saved {what}" if saved.get("complete") else "draft"
        note = f"Your {status} is back from {self.store.path.name}."
        if ignored:
            note += (" Some entries could not be read and were left as they were: "
                     f"{', '.join(ignored)}.")
        self.messages.show(note, "info")

    def _save_draft(self, data: dict[str, Any]) -> None:
        self.store.save({self.key: data, "complete": False})

    def _offer(self, paths: tuple[Any, Any]) -> None:
        self.downloads.value = download_links(*paths)
        self.messages.show(f"Exported to my_work/{paths[0].name} and my_work/{paths[1].name}.",
                           "success")


# -- readers' advisory ------------------------------------------------------------------

class RecommenderView(_SavedView):
    """Three suggestions for a persona, side by side, and the participant's choice."""

    key = "recommendation"

    def __init__(self, loans: pd.DataFrame | None = None, catalogue: pd.DataFrame | None = None,
                 *, recommender: Recommender | None = None, persona: PersonaProfile | None = None,
                 store: WorkStore | None = None) -> None:
        if recommender is None:
            if loans is None or catalogue is None:
                raise ValueError("Give the loans and catalogue tables, or a Recommender.")
            recommender = Recommender(loans, catalogue)
        saved = self._init_store("module06-recommendation", store)
        self.persona = persona or load_persona()
        self.model = RecommendationModel(recommender, self.persona)
        data = saved.get(self.key)
        ignored = self.model.update(data) if isinstance(data, dict) else []
        items = list(dict.fromkeys([self.model.item_id, *self.model.starting_items()]))
        self.item = _dropdown("A title they enjoyed",
                              [(recommender.describe(i), i) for i in items], self.model.item_id)
        self.search = _text("Or find a title", "an item number such as I01852, or title words")
        if self.model.min_support not in SUPPORT_CHOICES:  # keep control and model agreed
            self.model.min_support = 5
        self.support = _dropdown("Show a co-borrowed title only if this many borrowers share it",
                                 list(SUPPORT_CHOICES), self.model.min_support)
        self.opt_in = widgets.Checkbox(value=self.model.opt_in_only, indent=False,
                                       layout={"width": "auto"})
        labelled(self.opt_in, "Use only the loan histories of borrowers who opted in "
                              "(example: 1 in 3)")
        self.lists = widgets.HTML()
        self.choice = widgets.RadioButtons(
            options=[(label, key) for key, label in APPROACHES.items()],
            value=self.model.choice or None, layout={"width": "max-content"})
        labelled(self.choice, "Which would you offer?")
        self.reason = widgets.Textarea(value=self.model.reason, continuous_update=False,
                                       placeholder="one or two sentences: why this one, "
                                                   "for this person?",
                                       layout={**_WIDE, "height": "4em"})
        labelled(self.reason, "Why")
        self.save_button, self.export_button = _buttons("Save my choice", "Export for my portfolio")
        guarded = friendly_callback(self.messages)
        self.item.observe(guarded(self._on_item), names="value")
        self.search.observe(guarded(self._on_search), names="value")
        self.support.observe(guarded(self._on_support), names="value")
        self.opt_in.observe(guarded(self._on_opt_in), names="value")
        self.choice.observe(guarded(self._on_choice), names="value")
        self.reason.observe(guarded(self._on_reason), names="value")
        self.save_button.on_click(guarded(self._on_save))
        self.export_button.on_click(guarded(self._on_export))
        who = widgets.HTML(f"<p><strong>For:</strong> {_esc(self.persona.summary)}</p>")
        super().__init__([who, self.messages, self.item, self.search, self.support, self.opt_in,
                          self.lists, self.choice, self.reason,
                          widgets.HBox([self.save_button, self.export_button],
                                       layout={"flex_flow": "row wrap"}),
                          self.downloads])
        self.add_class("course-kit-recommender")
        if self.persona.note and not self.store.notice:
            self.messages.show(self.persona.note, "info")
        if isinstance(data, dict):
            self._restored(saved, ignored, "choice")
        self._render()

    def _render(self) -> None:
        self.lists.value = suggestions_html(self.model)

    def _changed(self) -> None:
        if self.model.error:
            raise UserInputError(self.model.error + " The last suggestions are still shown.")
        self._render()
        self._save_draft(self.model.to_dict())

    def _on_item(self, change: dict[str, Any]) -> None:
        self.model.item_id = str(change["new"])
        self._changed()

    def _on_search(self, change: dict[str, Any]) -> None:
        if not str(change["new"]).strip():
            return
        try:
            found = find_item(self.model.recommender, change["new"])
        except RecommenderError as exc:
            raise UserInputError(str(exc)) from exc
        options = list(self.item.options)
        if found not in [value for _label, value in options]:
            self.item.options = [(self.model.recommender.describe(found), found), *options]
        self.item.value = found
        self.messages.show(f"Showing suggestions for {self.model.recommender.describe(found)}.",
                           "info")

    def _on_support(self, change: dict[str, Any]) -> None:
        self.model.min_support = int(change["new"])
        self._changed()

    def _on_opt_in(self, change: dict[str, Any]) -> None:
        self.model.opt_in_only = bool(change["new"])
        self._changed()

    def _on_choice(self, change: dict[str, Any]) -> None:
        self.model.choice = change["new"] or ""
        self._save_draft(self.model.to_dict())

    def _on_reason(self, change: dict[str, Any]) -> None:
        self.model.reason = change["new"]
        self._save_draft(self.model.to_dict())

    def _on_save(self, _button: Any = None) -> None:
        issues = self.model.problems()
        if issues:
            raise UserInputError("Your draft is kept, but it is not finished yet. "
                                 + " ".join(issues))
        self.store.save({self.key: self.model.to_dict(), "complete": True})
        self.messages.show("Saved. Your choice will be here when you come back.", "success")

    def _on_export(self, _button: Any = None) -> None:
        issues = self.model.problems()
        if issues:
            raise UserInputError("Finish your choice before exporting it: " + " ".join(issues))
        data = self.model.to_dict()
        self._offer(export_files("recommendation", recommendation_markdown(data),
                                 recommendation_html(data), self.store.path.parent))


def _esc(text: str) -> str:
    return html.escape(text)


# -- learning plan ----------------------------------------------------------------------

class LearningPlanBuilder(_SavedView):
    """A form for one learning plan, starting from a common goal or from scratch."""

    key = "plan"

    def __init__(self, catalogue: pd.DataFrame, programs: pd.DataFrame, *,
                 learner: str = "", store: WorkStore | None = None,
                 today: date | None = None) -> None:
        saved = self._init_store("module06-learning-plan", store)
        self.catalogue, self.programs = catalogue, programs
        self.goals = load_goals()
        self.today = today or date.today()
        self.model = LearningPlan(learner=learner)
        data = saved.get(self.key)
        ignored = self.model.update(data) if isinstance(data, dict) else []
        self.template = _dropdown("Start from a common goal",
                                  [g["goal"] for g in self.goals], self.goals[0]["goal"])
        self.use_template = widgets.Button(description="Use this goal",
                                           tooltip="Fill the plan from this goal",
                                           layout={"width": "max-content"})
        self.learner = _text("Who it is for", "a first name or a persona, never a full name")
        self.goal = _text("Goal", "in the patron's words, e.g. apply for jobs online")
        options = resource_options(catalogue, programs, self.goals)
        self.rows: list[tuple[widgets.Text, widgets.Combobox, widgets.Text]] = []
        for n in range(1, MAX_STEPS + 1):
            what = _text(f"Step {n}", "what to do", width="auto", flex="2 1 16em")
            resource = labelled(widgets.Combobox(options=options, ensure_option=False,
                                                 continuous_update=False,
                                                 placeholder="a program or a title",
                                                 layout={"flex": "2 1 16em"}), f"Resource {n}")
            due = _text(f"By (date) {n}", "YYYY-MM-DD", width="auto", flex="1 1 10em")
            self.rows.append((what, resource, due))
        self.check_in = _text("Check-in date", "YYYY-MM-DD")
        self.check_in_how = _text("How we check in", "e.g. a call, or at the desk")
        self.preview = widgets.HTML()
        self.save_button, self.export_button = _buttons("Save plan", "Export for my portfolio")
        guarded = friendly_callback(self.messages)
        self._show_model()
        self.use_template.on_click(guarded(self._on_template))
        for control in (self.learner, self.goal, self.check_in, self.check_in_how,
                        *[c for row in self.rows for c in row]):
            control.observe(guarded(self._on_field), names="value")
        self.save_button.on_click(guarded(self._on_save))
        self.export_button.on_click(guarded(self._on_export))
        steps = [widgets.HBox(list(row), layout={"flex_flow": "row wrap", "width": "100%"})
                 for row in self.rows]
        super().__init__([
            widgets.HBox([self.template, self.use_template], layout={"flex_flow": "row wrap"}),
            self.learner, self.goal, *steps, self.check_in, self.check_in_how,
            widgets.HBox([self.save_button, self.export_button], layout={"flex_flow": "row wrap"}),
            self.messages, self.downloads, self.preview,
        ])
        self.add_class("course-kit-learning-plan")
        if isinstance(data, dict):
            self._restored(saved, ignored, "plan")
        self._render()

    def _show_model(self) -> None:
        self._loading = True
        try:
            self.learner.value, self.goal.value = self.model.learner, self.model.goal
            self.check_in.value = self.model.check_in
            self.check_in_how.value = self.model.check_in_how
            for n, (what, resource, due) in enumerate(self.rows):
                step = self.model.steps[n] if n < len(self.model.steps) else {}
                what.value = step.get("what", "")
                resource.value = step.get("resource", "")
                due.value = step.get("due", "")
        finally:
            self._loading = False

    def _read_form(self) -> None:
        self.model.learner, self.model.goal = self.learner.value, self.goal.value
        self.model.check_in, self.model.check_in_how = self.check_in.value, self.check_in_how.value
        self.model.steps = [{"what": w.value, "resource": r.value, "due": d.value}
                            for w, r, d in self.rows]

    def _render(self) -> None:
        self.preview.value = plan_card(self.model.to_dict())

    def _on_field(self, _change: dict[str, Any]) -> None:
        if self._loading:
            return
        self._read_form()
        self._render()
        self._save_draft(self.model.to_dict())

    def _on_template(self, _button: Any = None) -> None:
        chosen = next(g for g in self.goals if g["goal"] == self.template.value)
        self.model.from_template(chosen, self.today, self.catalogue, self.programs)
        self._show_model()
        self._render()
        self._save_draft(self.model.to_dict())
        self.messages.show("The plan now starts from this goal. Change the steps and dates to "
                           "fit the person.", "success")

    def _on_save(self, _button: Any = None) -> None:
        self._read_form()
        try:
            self.model.save(self.store)
        except PlanError as exc:
            raise UserInputError(f"Your draft is kept, but the plan is not finished yet. {exc}") \
                from exc
        self.messages.show("Saved. Your plan will be here when you come back, and the action "
                           "plan can use it.", "success")

    def _on_export(self, _button: Any = None) -> None:
        self._read_form()
        try:
            paths = self.model.export(self.store.path.parent)
        except PlanError as exc:
            raise UserInputError(f"Finish the plan before exporting it: {exc}") from exc
        self._offer(paths)


# -- program planner ----------------------------------------------------------------------

class ProgramPlanner(_SavedView):
    """From a group's need to a program, with the Millbrook evidence for that audience."""

    key = "program"

    def __init__(self, programs: pd.DataFrame, outcomes: pd.DataFrame, *,
                 store: WorkStore | None = None) -> None:
        saved = self._init_store("module06-program", store)
        self.programs, self.outcomes = programs, outcomes
        self.summary = program_summary(programs, outcomes)  # once: each change reads it
        self.groups = {g["name"]: g for g in load_tailoring()["groups"]}
        self.model = ProgramPlan()
        data = saved.get(self.key)
        ignored = self.model.update(data) if isinstance(data, dict) else []
        self.start_group = _dropdown("Start from a group", list(self.groups))
        self.use_group = widgets.Button(description="Use this group",
                                        tooltip="Fill audience, service area and partners",
                                        layout={"width": "max-content"})
        self.controls: dict[str, widgets.ValueWidget] = {
            "group": _text("For (group or segment)", "e.g. teens at Riverside"),
            "need": _text("Their need", "what the data and conversations say"),
            "title": _text("Program name", "e.g. Teen Tech Lab"),
            "audience": _dropdown("Audience", list(PROGRAM_AUDIENCES), self.model.audience),
            "format": _dropdown("Format", [("(choose)", ""), *FORMATS]),
            "day": _dropdown("Day", [("(choose)", ""), *DAYS]),
            "time": _dropdown("Time", [("(choose)", ""), *TIMES]),
            "branch": _dropdown("Branch", [("(choose)", ""), *BRANCHES.values()]),
            "partners": _text("Partners", "who could help run or promote it"),
            "channel": _dropdown("Promote it by", [("(choose)", ""), *CHANNELS]),
            "service_area": _dropdown("Service area (Project Outcome)",
                                      [("(choose)", ""), *SERVICE_AREAS]),
            "outcome": _dropdown("Outcome to measure", [("(choose)", ""), *(
                (f"{k}: {v}", k) for k, v in OUTCOMES.items())]),
        }
        self.evidence = widgets.HTML()
        self.preview = widgets.HTML()
        self.save_button, self.export_button = _buttons("Save program", "Export for my portfolio")
        guarded = friendly_callback(self.messages)
        self._show_model()
        self.use_group.on_click(guarded(self._on_group))
        for key, control in self.controls.items():
            control.observe(guarded(self._field_changed(key)), names="value")
        self.save_button.on_click(guarded(self._on_save))
        self.export_button.on_click(guarded(self._on_export))
        super().__init__([
            widgets.HBox([self.start_group, self.use_group], layout={"flex_flow": "row wrap"}),
            *self.controls.values(),
            widgets.HBox([self.save_button, self.export_button], layout={"flex_flow": "row wrap"}),
            self.messages, self.downloads, self.evidence, self.preview,
        ])
        self.add_class("course-kit-program-planner")
        if isinstance(data, dict):
            self._restored(saved, ignored, "program")
        self._render()

    def _show_model(self) -> None:
        self._loading = True
        try:
            for key, control in self.controls.items():
                control.value = getattr(self.model, key)
        finally:
            self._loading = False

    def _field_changed(self, key: str) -> Any:
        def handler(change: dict[str, Any]) -> None:
            if self._loading:
                return
            setattr(self.model, key, change["new"] or "")
            self._render()
            self._save_draft(self.model.to_dict())

        return handler

    def _render(self) -> None:
        self.preview.value = program_card(self.model.to_dict())
        table = evidence_for(self.programs, self.outcomes, self.model.audience,
                             self.model.service_area or None, summary=self.summary)
        shown = table[["service_area", "sessions", "mean_attendance", "surveys",
                       *([self.model.outcome] if self.model.outcome else [])]].rename(
            columns={"service_area": "service area", "mean_attendance": "people per session",
                     self.model.outcome or "-": f"{self.model.outcome} (mean, 1-5)"})
        shown.index.name = "program"
        self.evidence.value = (
            f"<p><strong>What Millbrook ran for {_esc(self.model.audience)}</strong> (2024-2025; "
            "outcome scores 1-5 from the program surveys):</p>"
            + table_html(shown, classes="course-kit-table"))

    def _on_group(self, _button: Any = None) -> None:
        group = self.groups[self.start_group.value]
        self.model.update({"group": group["name"], "audience": group["audience"],
                           "service_area": group["service_area"],
                           "partners": group["partners"]})
        self._show_model()
        self._render()
        self._save_draft(self.model.to_dict())
        self.messages.show("Audience, service area and partners now come from this group. "
                           "Write the need and choose the rest.", "success")

    def _on_save(self, _button: Any = None) -> None:
        try:
            self.model.save(self.store)
        except ProgramPlanError as exc:
            raise UserInputError(f"Your draft is kept, but the program is not finished yet. "
                                 f"{exc}") from exc
        self.messages.show("Saved. Your program will be here when you come back.", "success")

    def _on_export(self, _button: Any = None) -> None:
        try:
            paths = self.model.export(self.store.path.parent)
        except ProgramPlanError as exc:
            raise UserInputError(f"Finish the program before exporting it: {exc}") from exc
        self._offer(paths)
