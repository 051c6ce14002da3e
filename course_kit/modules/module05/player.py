"""The role-play player: a thin view over :class:`~course_kit.modules.module05.roleplay.RolePlay`.

Pick a scenario, press *Start*, read what the patron says, choose a response and press *Say
it*. The consequence and the reason appear at once; at the end comes a debrief of the whole
path. Every choice is saved in ``my_work/``; *Export* writes the paths for the portfolio. A
trainer can try a new scenario file with *Add a scenario file*: a file with a mistake gets a
message naming the file and the step.
"""

from __future__ import annotations

import base64
import html
from typing import Any

import ipywidgets as widgets

from course_kit.modules.module05.roleplay import RolePlay, debrief_html
from course_kit.modules.module05.scenarios import (
    MAX_FILE_BYTES,
    MODEL_NAMES,
    Scenario,
    ScenarioError,
    load_scenarios,
    parse_scenario,
)
from course_kit.storage import WorkStore
from course_kit.widgets.base import MessageArea, UserInputError, friendly_callback, labelled

__all__ = ["RolePlayPlayer"]

_WIDE = {"width": "98%"}
# ipywidgets gives each radio option one fixed-height line: long responses would overlap.
_STYLE = (
    "<style>.course-kit-roleplay .widget-radio-box label{height:auto;line-height:1.35;"
    "display:flex;align-items:flex-start;gap:6px;margin:5px 0;white-space:normal}"
    ".course-kit-roleplay .widget-radio-box input{height:auto;margin:3px 0 0 1px;flex:none;"
    "order:-1}"
    "</style>"
)


def _label(scenario: Scenario) -> str:
    return f"{scenario.title} ({scenario.model}, {scenario.place})"


class RolePlayPlayer(widgets.VBox):
    """Play the branching role-plays; paths, debriefs and reflections are kept."""

    def __init__(self, scenarios: dict[str, Scenario] | None = None,
                 store: WorkStore | None = None, first: str | None = None) -> None:
        self.model = RolePlay(scenarios if scenarios is not None else load_scenarios(), store,
                              resume=first)
        self.messages = MessageArea()
        self.feedback = MessageArea()
        self.pick = labelled(widgets.Dropdown(options=self._options(), layout=_WIDE),
                             "Scenario")
        if first in self.model.scenarios:
            self.pick.value = first
        self.start_button = widgets.Button(description="Start", button_style="primary",
                                           tooltip="Start this role-play from the beginning")
        self.situation = widgets.HTML()
        self.transcript = widgets.HTML()
        self.patron = widgets.HTML()
        self.answer = labelled(widgets.RadioButtons(options=[], value=None,
                                                    layout={"width": "98%"}),
                               "Your response")
        self.say_button = widgets.Button(description="Say it", button_style="primary",
                                         tooltip="Give the chosen response")
        self.back_button = widgets.Button(description="Take it back",
                                          tooltip="Undo your last choice")
        self.debrief = widgets.HTML()
        self.reflection = labelled(widgets.Textarea(
            placeholder="What would you do differently next time, and why?",
            layout={"width": "98%", "height": "5em"}), "Your reflection")
        self.save_reflection_button = widgets.Button(
            description="Save reflection", tooltip="Keep this reflection with your path",
            layout={"width": "max-content"})
        self.export_button = widgets.Button(description="Export my role-plays",
                                            tooltip="Write Markdown and HTML files",
                                            layout={"width": "max-content"})
        self.downloads = widgets.HTML()
        self.upload = widgets.FileUpload(accept=".toml", multiple=False,
                                         description="Add a scenario file",
                                         tooltip="Add a scenario file",
                                         layout={"width": "max-content"})
        guarded = friendly_callback(self.messages)
        self.start_button.on_click(guarded(self._on_start))
        self.say_button.on_click(guarded(self._on_say))
        self.back_button.on_click(guarded(self._on_back))
        self.save_reflection_button.on_click(guarded(self._on_reflection))
        self.export_button.on_click(guarded(self._on_export))
        self.upload.observe(guarded(self._on_upload), names="value")
        self.pick.observe(guarded(self._on_pick), names="value")
        self.play_box = widgets.VBox([self.transcript, self.patron, self.answer,
                                      widgets.HBox([self.say_button, self.back_button]),
                                      self.feedback])
        self.end_box = widgets.VBox([self.debrief, self.reflection, self.save_reflection_button])
        super().__init__([
            widgets.HTML(_STYLE),
            widgets.HBox([self.pick, self.start_button], layout={"flex_flow": "row wrap"}),
            self.situation, self.play_box, self.end_box, self.messages,
            widgets.HBox([self.export_button, self.upload], layout={"flex_flow": "row wrap"}),
            self.downloads,
        ], layout={"max_width": "900px"})
        self.add_class("course-kit-roleplay")
        self._restore()

    # -- helpers -------------------------------------------------------------------------------
    def _options(self) -> list[tuple[str, str]]:
        return [(_label(s), s.id) for s in self.model.scenarios.values()]

    def _restore(self) -> None:
        if self.model.notice:
            self.messages.show(self.model.notice, "warning")
        if self.model.scenario is not None:
            self.pick.value = self.model.scenario_id
            where = "finished" if self.model.finished else "in progress"
            self.messages.show(f"Your role-play ({where}) is back: "
                               f"{self.model.scenario.title}. You have "
                               f"{self.model.run_count} saved path(s).", "info")
        elif self.model.run_count and not self.model.notice:
            self.messages.show(f"You have {self.model.run_count} saved path(s). Pick a scenario "
                               "and press Start.", "info")
        self._render()

    def _render(self) -> None:
        model = self.model
        scenario = model.scenarios.get(self.pick.value)
        esc = html.escape
        if scenario is not None:
            self.situation.value = (
                '<div style="border-left:6px solid #0072B2;padding:4px 10px;margin:4px 0">'
                f"<p style='margin:0'><strong>{esc(scenario.title)}</strong> · "
                f"<em>{esc(scenario.setting)}</em></p><p style='margin:4px 0'>"
                f"{esc(scenario.situation)}</p><p style='margin:0;color:#333'>This scenario "
                f"follows {esc(MODEL_NAMES[scenario.model])}.</p></div>")
        playing = model.scenario_id == self.pick.value and model.scenario is not None
        self.start_button.description = "Start again" if playing and model.choices else "Start"
        rows = model.transcript() if playing else []
        self.transcript.value = "".join(
            f"<p style='margin:2px 0'><strong>Patron:</strong> “{esc(r['patron'])}”<br>"
            f"<strong>You:</strong> {esc(r['response'])}<br><em>{esc(r['consequence'])}</em>"
            "</p>" for r in rows)
        step = model.current_step() if playing else None
        if step is not None:
            self.patron.value = ("<p style='font-size:110%;margin:6px 0'><strong>Patron:</strong>"
                                 f" “{esc(step.patron)}”</p>"
                                 + (f"<p><em>{esc(step.note)}</em></p>" if step.note else ""))
            self.answer.options = [(r.text, i) for i, r in enumerate(step.responses)]
            self.answer.value = None
        self.play_box.layout.display = None if playing else "none"
        for control in (self.answer, self.say_button):
            control.layout.display = None if step is not None else "none"
        self.back_button.disabled = not (playing and model.choices)
        if playing and model.finished:
            self.debrief.value = debrief_html({**model.debrief(),
                                               "reflection": model.reflection()})
            self.reflection.value = model.reflection() or self.reflection.value
            self.end_box.layout.display = None
        else:
            self.debrief.value = ""
            self.end_box.layout.display = "none"
        if step is None:
            self.patron.value = ""

    # -- callbacks -----------------------------------------------------------------------------
    def _on_pick(self, change: dict[str, Any]) -> None:
        self.feedback.clear()
        if self.model.resume(change["new"]) and self.model.choices:
            self.messages.show("Your saved progress in this scenario is back.", "info")
        self.reflection.value = ""
        self._render()

    # -- public --------------------------------------------------------------------------------
    def select(self, scenario_id: str) -> RolePlayPlayer:
        """Show ``scenario_id`` in the player (and resume saved progress); return the player."""
        if scenario_id not in self.model.scenarios:
            raise UserInputError(f"There is no scenario called '{scenario_id}'.")
        self.pick.value = scenario_id
        return self

    def _on_start(self, _button: Any = None) -> None:
        if self.pick.value is None:
            raise UserInputError("Pick a scenario first.")
        self.model.start(self.pick.value)
        self.feedback.clear()
        self.reflection.value = ""
        self.messages.show("Read the situation and what the patron says, then choose a "
                           "response and press Say it.", "info")
        self._render()

    def _on_say(self, _button: Any = None) -> None:
        if self.answer.value is None:
            raise UserInputError("Choose one of the responses first, then press Say it.")
        response = self.model.choose(int(self.answer.value))
        kind = {"best": "success", "fair": "info", "risky": "warning"}[response.rating]
        self.feedback.show(f"{response.consequence} Why: {response.why}", kind)
        if self.model.finished:
            ending = self.model.ending()
            assert ending is not None
            self.messages.show(f"The end: {ending.title}. Your path is saved "
                               f"({self.model.run_count} saved path(s)). Read the debrief.",
                               "success")
        else:
            self.messages.clear()
        self._render()

    def _on_back(self, _button: Any = None) -> None:
        self.model.back()
        self.feedback.clear()
        self.messages.show("Your last choice was taken back. Choose again.", "info")
        self._render()

    def _on_reflection(self, _button: Any = None) -> None:
        self.model.set_reflection(self.reflection.value)
        self.messages.show("Your reflection is saved with this path.", "success")
        self._render()

    def _on_export(self, _button: Any = None) -> None:
        md, page = self.model.export(self.model.store.path.parent)
        links = []
        for path, mime in ((md, "text/markdown"), (page, "text/html")):
            data = base64.b64encode(path.read_bytes()).decode("ascii")
            links.append(f'<a download="{path.name}" href="data:{mime};base64,{data}">'
                         f"Download {path.name}</a>")
        self.downloads.value = " · ".join(links)
        self.messages.show(f"Exported {self.model.run_count} path(s) to my_work/{md.name} and "
                           f"my_work/{page.name}.", "success")

    def _on_upload(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0] if isinstance(files, (list, tuple)) else next(iter(files.values()))
        name = str(item.get("name", "scenario.toml")) if isinstance(item, dict) else str(
            getattr(item, "name", "scenario.toml"))
        content = item.get("content") if isinstance(item, dict) else getattr(item, "content",
                                                                               b"")
        try:
            self.add_scenario_file(name, bytes(content or b""))
        finally:
            self.upload.value = ()  # the same file can be chosen again after a fix

    # -- public --------------------------------------------------------------------------------
    def add_scenario_file(self, name: str, content: bytes) -> Scenario:
        """Check an uploaded scenario file and add it to the list; raise a plain message if not."""
        if len(content) > MAX_FILE_BYTES:
            raise UserInputError(f"{name}: the file is larger than {MAX_FILE_BYTES // 1000} KB; "
                                 "a scenario should fit in a few kilobytes.")
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UserInputError(f"{name}: the file is not UTF-8 text.") from exc
        try:
            scenario = parse_scenario(text, name)
        except ScenarioError as exc:
            raise UserInputError(f"This scenario file cannot be used. {exc}") from exc
        self.model.add_scenario(scenario)
        self.pick.options = self._options()
        self.pick.value = scenario.id
        self.messages.show(f"Added '{scenario.title}' from {name} for this session, with "
                           f"{len(scenario.paths())} possible paths. To keep it, copy the file "
                           "into course_kit/modules/module05/scenarios/.", "success")
        return scenario
