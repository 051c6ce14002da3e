"""The reference interview after RUSA's 2023 guidelines: a step-through of transcripts.

The Reference and User Services Association's *Guidelines for Behavioral Performance of
Reference and Information Service Providers* (2023 revision) group what a good reference
provider does in six areas: Inclusion, Approachability, Engagement, Searching, Evaluation,
Closure. They replace the 2013 version's five areas (Approachability, Interest,
Listening/Inquiring, Searching, Follow-up).

The participant reads a transcript turn by turn and marks, for each area, the turn where
the behavior happens, or that it is missing. :class:`InterviewModel` keeps the marks
(saved in ``my_work/module04-interview.json``) and checks them against the key in
``transcripts.toml``; :class:`InterviewStepper` is the thin view.
"""

from __future__ import annotations

import html
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import traitlets

from course_kit.saved_work import escape_markdown
from course_kit.storage import WorkStore
from course_kit.widgets.base import MessageArea, UserInputError, friendly_callback, labelled

__all__ = [
    "AREAS",
    "AREAS_2013",
    "TRANSCRIPTS_FILE",
    "InterviewModel",
    "InterviewStepper",
    "Transcript",
    "load_transcripts",
    "marks_markdown",
]

#: The six areas of the 2023 guidelines, each in a sentence of our own.
AREAS: dict[str, str] = {
    "Inclusion": "welcomes everyone, avoids assumptions, adapts to each person's needs.",
    "Approachability": "is easy to find and to start talking to; shows they are ready to help.",
    "Engagement": "shows interest, listens, and asks open questions to learn the real need.",
    "Searching": "searches with the person, explains how, and finds fitting sources.",
    "Evaluation": "checks that the information is accurate and fits the need.",
    "Closure": "checks the question is answered, invites the person back, or refers.",
}
#: The 2013 version's five areas, which the 2023 areas replace.
AREAS_2013: tuple[str, ...] = ("Approachability", "Interest", "Listening/Inquiring",
                               "Searching", "Follow-up")
TRANSCRIPTS_FILE = Path(__file__).with_name("transcripts.toml")
MISSING, UNMARKED = "missing", ""


@dataclass(frozen=True)
class Transcript:
    """One conversation: its turns, and for each area the right turns or ``"missing"``."""

    id: str
    title: str
    setting: str
    turns: tuple[tuple[str, str], ...]
    key: dict[str, tuple[int, ...] | str]
    why: dict[str, str]


def load_transcripts(path: Path = TRANSCRIPTS_FILE) -> list[Transcript]:
    """Read and check the transcripts file; problems name the file and the transcript."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path.name} cannot be read: {exc}") from exc
    out = []
    for i, item in enumerate(data.get("transcripts", []), start=1):
        where = f"{path.name}, transcript {i} ({item.get('id', 'no id')})"
        turns = tuple((str(t["who"]), str(t["text"])) for t in item.get("turns", []))
        key: dict[str, tuple[int, ...] | str] = {}
        for area in AREAS:
            value = item.get("key", {}).get(area)
            if value == MISSING:
                key[area] = MISSING
            elif isinstance(value, list) and value and all(
                    isinstance(n, int) and 1 <= n <= len(turns) for n in value):
                key[area] = tuple(value)
            else:
                raise ValueError(f"{where}: the key for {area} must be 'missing' or a list of "
                                 f"turn numbers 1-{len(turns)}.")
        out.append(Transcript(str(item["id"]), str(item["title"]), str(item["setting"]),
                              turns, key, {a: str(item.get("why", {}).get(a, "")) for a in AREAS}))
    if not out:
        raise ValueError(f"{path.name} holds no transcripts.")
    return out


def marks_markdown(data: dict[str, Any]) -> str:
    """Saved marks (``{"marks": {transcript: {area: mark}}}``) as escaped Markdown."""
    titles = {t.id: t.title for t in load_transcripts()}
    lines = ["# Reference interview: my marks (RUSA 2023 areas)", ""]
    marks = data.get("marks", {}) if isinstance(data, dict) else {}
    for tid, areas in (marks.items() if isinstance(marks, dict) else []):
        lines += [f"## {escape_markdown(titles.get(str(tid), str(tid)))}", "",
                  "| Area | My mark |", "| --- | --- |"]
        for area in AREAS:
            mark = str(areas.get(area, "")) if isinstance(areas, dict) else ""
            shown = f"turn {mark}" if mark.isdigit() else (mark or "not marked")
            lines.append(f"| {area} | {escape_markdown(' '.join(shown.split()))} |")
        lines.append("")
    return "\n".join(lines) + "\n"


class InterviewModel(traitlets.HasTraits):
    """Which transcript, how many turns are shown, and the participant's marks."""

    current = traitlets.Unicode()
    shown = traitlets.Int(1)
    #: ``{transcript id: {area: "" | "missing" | "3"}}``
    marks = traitlets.Dict()

    def __init__(self, transcripts: list[Transcript] | None = None,
                 store: WorkStore | None = None) -> None:
        super().__init__()
        self.transcripts = {t.id: t for t in (transcripts or load_transcripts())}
        self.store = store or WorkStore("module04-interview")
        saved = self.store.load()
        self.notice = self.store.notice
        marks: dict[str, dict[str, str]] = {}
        for tid, transcript in self.transcripts.items():
            old = saved.get("marks", {}).get(tid, {}) if isinstance(saved.get("marks"), dict) \
                else {}
            marks[tid] = {a: self._valid(transcript, old.get(a, UNMARKED)) for a in AREAS}
        self.marks = marks
        self.current = next(iter(self.transcripts))

    @staticmethod
    def _valid(transcript: Transcript, value: Any) -> str:
        text = str(value)
        if text in (UNMARKED, MISSING):
            return text
        return text if text.isdigit() and 1 <= int(text) <= len(transcript.turns) else UNMARKED

    @property
    def transcript(self) -> Transcript:
        """The transcript being read."""
        return self.transcripts[self.current]

    @traitlets.observe("current")
    def _reset_steps(self, _change: dict[str, Any]) -> None:
        self.shown = 1

    def step(self, by: int = 1) -> None:
        """Show ``by`` more turns (or fewer, with a negative number)."""
        self.shown = max(1, min(len(self.transcript.turns), self.shown + by))

    def mark(self, area: str, value: str) -> None:
        """Mark ``area`` as shown at turn ``value`` ("3"), ``"missing"`` or unmarked ("")."""
        if area not in AREAS:
            raise UserInputError(f"There is no area {area!r}; the areas are "
                                 f"{', '.join(AREAS)}.")
        checked = self._valid(self.transcript, value)
        if checked != str(value):
            raise UserInputError(f"Choose a turn from 1 to {len(self.transcript.turns)}, or "
                                 "'missing'.")
        marks = {tid: dict(m) for tid, m in self.marks.items()}
        marks[self.current][area] = checked
        self.marks = marks
        self.store.save({"marks": marks})

    def check(self) -> list[tuple[str, str, str]]:
        """For each area: ``(area, "right" | "not yet" | "unmarked", explanation)``.

        The explanation is given only for a right mark, so the key is not given away.
        """
        out = []
        transcript = self.transcript
        for area in AREAS:
            mine, key = self.marks[self.current][area], transcript.key[area]
            if mine == UNMARKED:
                out.append((area, "unmarked", "Mark this area first."))
                continue
            right = mine == MISSING if key == MISSING else (mine.isdigit() and int(mine) in key)
            if right:
                out.append((area, "right", transcript.why[area]))
            elif key == MISSING:
                out.append((area, "not yet", "Read that turn again: does it really show "
                                             f"someone who {AREAS[area]}"))
            elif mine == MISSING:
                out.append((area, "not yet", "Look again: one turn does show it."))
            else:
                out.append((area, "not yet", "Another turn shows it better; read on."))
        return out

    def score(self) -> tuple[int, int]:
        """Right marks and the number of areas, for the current transcript."""
        return sum(r == "right" for _a, r, _w in self.check()), len(AREAS)


class InterviewStepper(widgets.VBox):
    """Read a transcript turn by turn and mark where each RUSA area shows."""

    def __init__(self, store: WorkStore | None = None) -> None:
        self.model = InterviewModel(store=store)
        self.messages = MessageArea()
        self.picker = labelled(widgets.Dropdown(
            options=[(t.title, t.id) for t in self.model.transcripts.values()],
            value=self.model.current), "Transcript")
        self.turns = widgets.HTML()
        self.next_button = widgets.Button(description="Next turn", tooltip="Show the next turn")
        self.all_button = widgets.Button(description="Show all turns", tooltip="Show all turns")
        self.check_button = widgets.Button(description="Check my marks", button_style="primary",
                                           tooltip="Check my marks against the key",
                                           layout={"width": "max-content"})
        self.feedback = widgets.HTML()
        self.area_controls = {
            area: labelled(widgets.Dropdown(layout={"width": "20em"}), area) for area in AREAS
        }
        guarded = friendly_callback(self.messages)
        widgets.link((self.picker, "value"), (self.model, "current"))
        self.model.observe(guarded(self._render), names=["current", "shown"])
        self.next_button.on_click(guarded(lambda _b: self.model.step(1)))
        self.all_button.on_click(guarded(lambda _b: self.model.step(99)))
        self.check_button.on_click(guarded(self._on_check))
        self._updating = False
        for area, control in self.area_controls.items():
            control.observe(guarded(self._on_mark(area)), names="value")
        areas = widgets.VBox([widgets.HTML(
            "<p><strong>Where does each behavior happen?</strong> Pick a turn, or "
            "'missing'.</p>"), *self.area_controls.values()])
        super().__init__([self.picker, self.turns,
                          widgets.HBox([self.next_button, self.all_button]), areas,
                          self.check_button, self.messages, self.feedback])
        self.add_class("course-kit-interview")
        if self.model.notice:
            self.messages.show(self.model.notice, "warning")
        self._render()

    def _on_mark(self, area: str) -> Any:
        def handler(change: dict[str, Any]) -> None:
            if not self._updating:
                self.model.mark(area, change["new"])
        return handler

    def _render(self, _change: Any = None) -> None:
        t, esc = self.model.transcript, html.escape
        items = "".join(
            f"<li><strong>{esc(who)}:</strong> {esc(text)}</li>"
            for who, text in t.turns[: self.model.shown])
        self.turns.value = (f"<p><em>{esc(t.setting)}</em> Turn {self.model.shown} of "
                            f"{len(t.turns)}.</p><ol class='course-kit-turns'>{items}</ol>")
        self.next_button.disabled = self.all_button.disabled = self.model.shown >= len(t.turns)
        options = [("not marked yet", UNMARKED), ("missing", MISSING)] + [
            (f"turn {i}", str(i)) for i in range(1, len(t.turns) + 1)]
        self._updating = True
        try:
            for area, control in self.area_controls.items():
                control.options = options
                control.value = self.model.marks[self.model.current][area]
        finally:
            self._updating = False
        self.feedback.value = ""

    def _on_check(self, _button: Any = None) -> None:
        results = self.model.check()
        rows = "".join(
            f"<tr><th scope='row'>{area}</th><td>{'✔ right' if r == 'right' else r}</td>"
            f"<td>{html.escape(why)}</td></tr>" for area, r, why in results)
        self.feedback.value = f"<table class='course-kit-table'><tbody>{rows}</tbody></table>"
        right, total = self.model.score()
        kind = "success" if right == total else "info"
        self.messages.show(f"{right} of {total} areas marked right.", kind)
