"""Evaluating a source with SIFT: three examples a participant judges, then compares.

SIFT is Mike Caulfield's four moves for checking a source on the web: **S**top;
**I**nvestigate the source; **F**ind better coverage; **T**race claims to the original
context. (CRAAP, Meriam Library, CSU Chico, 2004, is the older checklist: Currency,
Relevance, Authority, Accuracy, Purpose.) The examples are in ``sources.toml``; the
participant's verdicts are saved in ``my_work/module04-sources.json``.
"""

from __future__ import annotations

import html
import tomllib
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import traitlets

from course_kit.storage import WorkStore
from course_kit.widgets.base import MessageArea, UserInputError, friendly_callback, labelled

__all__ = ["MOVES", "SOURCES_FILE", "VERDICTS", "SourceCheck", "SourceChecker",
           "load_sources"]

MOVES: dict[str, str] = {"stop": "Stop", "investigate": "Investigate the source",
                         "find": "Find better coverage",
                         "trace": "Trace claims to the original context"}
VERDICTS: tuple[str, ...] = ("use it", "use with care", "don't use")
SOURCES_FILE = Path(__file__).with_name("sources.toml")


def load_sources(path: Path = SOURCES_FILE) -> list[dict[str, str]]:
    """The examples, each checked to have a question, a source, the four moves, a verdict."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    items = data.get("sources", [])
    for i, item in enumerate(items, start=1):
        missing = [k for k in ("id", "question", "source", *MOVES, "verdict") if k not in item]
        if missing:
            raise ValueError(f"{path.name}, source {i}: missing {', '.join(missing)}.")
        if item["verdict"] not in VERDICTS:
            raise ValueError(f"{path.name}, source {i}: verdict must be one of "
                             f"{', '.join(VERDICTS)}.")
    return [{k: str(v) for k, v in item.items()} for item in items]


class SourceCheck(traitlets.HasTraits):
    """The participant's verdict on each example (``""`` until chosen)."""

    verdicts = traitlets.Dict()

    def __init__(self, store: WorkStore | None = None) -> None:
        super().__init__()
        self.sources = load_sources()
        self.store = store or WorkStore("module04-sources")
        saved = self.store.load().get("verdicts", {})
        saved = saved if isinstance(saved, dict) else {}
        self.verdicts = {s["id"]: saved.get(s["id"]) if saved.get(s["id"]) in VERDICTS else ""
                         for s in self.sources}

    def judge(self, source_id: str, verdict: str) -> None:
        """Record a verdict and save."""
        if source_id not in self.verdicts:
            raise UserInputError(f"There is no example {source_id!r}.")
        if verdict not in (*VERDICTS, ""):
            raise UserInputError(f"Choose one of: {', '.join(VERDICTS)}.")
        self.verdicts = {**self.verdicts, source_id: verdict}
        self.store.save({"verdicts": dict(self.verdicts)})

    def agrees(self, source_id: str) -> bool | None:
        """True/False once judged: does the verdict match the course's? None if not judged."""
        mine = self.verdicts[source_id]
        if not mine:
            return None
        return mine == next(s["verdict"] for s in self.sources if s["id"] == source_id)


class SourceChecker(widgets.VBox):
    """Each example with a verdict drop-down; the SIFT moves appear once a verdict is given."""

    def __init__(self, store: WorkStore | None = None) -> None:
        self.model = SourceCheck(store)
        self.messages = MessageArea()
        guarded = friendly_callback(self.messages)
        self.pickers: dict[str, widgets.Dropdown] = {}
        self.reveals: dict[str, widgets.HTML] = {}
        blocks = []
        for i, s in enumerate(self.model.sources, start=1):
            picker = labelled(widgets.Dropdown(
                options=[("choose…", ""), *[(v, v) for v in VERDICTS]],
                value=self.model.verdicts[s["id"]]), f"Example {i}: your verdict")
            picker.observe(guarded(self._on_pick(s["id"])), names="value")
            reveal = widgets.HTML()
            self.pickers[s["id"]], self.reveals[s["id"]] = picker, reveal
            blocks.append(widgets.VBox([widgets.HTML(
                f"<p><strong>Example {i}.</strong> {html.escape(s['question'])}<br>"
                f"<em>The source:</em> {html.escape(s['source'])}</p>"), picker, reveal]))
        super().__init__([*blocks, self.messages])
        self.add_class("course-kit-sources")
        for s in self.model.sources:
            self._show(s["id"])

    def _on_pick(self, source_id: str) -> Any:
        def handler(change: dict[str, Any]) -> None:
            self.model.judge(source_id, change["new"])
            self._show(source_id)
            done = sum(bool(v) for v in self.model.verdicts.values())
            self.messages.show(f"Saved. {done} of {len(self.model.verdicts)} examples judged.",
                               "success")
        return handler

    def _show(self, source_id: str) -> None:
        agrees = self.model.agrees(source_id)
        if agrees is None:
            self.reveals[source_id].value = ""
            return
        s = next(x for x in self.model.sources if x["id"] == source_id)
        moves = "".join(f"<li><strong>{name}:</strong> {html.escape(s[key])}</li>"
                        for key, name in MOVES.items())
        head = ("Same verdict as the course." if agrees else
                f"The course's verdict differs: <strong>{s['verdict']}</strong>. Why?")
        self.reveals[source_id].value = f"<p>{head}</p><ul>{moves}</ul>"
