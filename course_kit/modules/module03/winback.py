"""Win-back ideas: one idea per segment of lapsed patrons, saved as it is typed.

:class:`WinBackPlan` is the model (tested without a browser); :class:`WinBackPlanner` shows
the lapsed cards per segment beside one text box per segment.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd
import traitlets

from course_kit.modules.module03.analysis import lapsed_by_segment
from course_kit.modules.module03.portfolio import html_page, md_escape
from course_kit.storage import WorkStore
from course_kit.widgets.base import MessageArea, UserInputError, friendly_callback

__all__ = ["MAX_IDEA", "WinBackPlan", "WinBackPlanner", "winback_html", "winback_markdown"]

MAX_IDEA = 300


class WinBackPlan(traitlets.HasTraits):
    """One win-back idea per segment, kept in ``my_work/module03-winback.json``."""

    ideas = traitlets.Dict(value_trait=traitlets.Unicode())

    def __init__(self, segments: list[str], store: WorkStore | None = None) -> None:
        super().__init__()
        self.segments = list(segments)
        self.store = store or WorkStore("module03-winback")
        saved = self.store.load().get("ideas", {})
        self.notice = self.store.notice
        if isinstance(saved, dict):
            self.ideas = {s: str(saved[s]) for s in self.segments
                          if isinstance(saved.get(s), str) and len(saved[s]) <= MAX_IDEA}

    def set_idea(self, segment: str, text: str) -> None:
        """Keep ``text`` as the idea for ``segment`` and save; refuse an overlong idea."""
        if segment not in self.segments:
            raise UserInputError(f"There is no segment called {segment}.")
        if len(text) > MAX_IDEA:
            raise UserInputError(f"Keep each idea to {MAX_IDEA} characters (this one has "
                                 f"{len(text)}). Your text is still in the box; it is not "
                                 "saved yet.")
        self.ideas = {**self.ideas, segment: text.strip()}
        self.store.save({"ideas": dict(self.ideas)})

    def missing(self) -> list[str]:
        """Segments without an idea yet."""
        return [s for s in self.segments if not self.ideas.get(s, "").strip()]

    def export(self, folder: Path | None = None) -> tuple[Path, Path]:
        """Write ``module03-winback.md`` and ``.html``; refuse when no idea is written."""
        if len(self.missing()) == len(self.segments):
            raise UserInputError("Write at least one idea before exporting.")
        target = Path(folder) if folder is not None else self.store.path.parent
        target.mkdir(parents=True, exist_ok=True)
        data = {"ideas": dict(self.ideas)}
        md, page = target / "module03-winback.md", target / "module03-winback.html"
        md.write_text(winback_markdown(data), encoding="utf-8")
        page.write_text(winback_html(data), encoding="utf-8")
        return md, page


def winback_markdown(data: dict[str, Any]) -> str:
    """Saved win-back ideas (the store's dict) as escaped Markdown."""
    ideas = data.get("ideas") if isinstance(data, dict) else None
    ideas = ideas if isinstance(ideas, dict) else {}
    out = ["# Win-back ideas for lapsed patrons", ""]
    out += [f"- **{md_escape(seg)}**: {md_escape(idea)}" for seg, idea in ideas.items()
            if str(idea).strip()] or ["No ideas written yet."]
    return "\n".join(out) + "\n"


def winback_html(data: dict[str, Any]) -> str:
    """Saved win-back ideas as an escaped HTML page."""
    ideas = data.get("ideas") if isinstance(data, dict) else None
    ideas = ideas if isinstance(ideas, dict) else {}
    items = "".join(f"<li><strong>{html.escape(str(seg))}</strong>: {html.escape(str(idea))}"
                    "</li>" for seg, idea in ideas.items() if str(idea).strip())
    body = ("<h1>Win-back ideas for lapsed patrons</h1>"
            + (f"<ul>{items}</ul>" if items else "<p>No ideas written yet.</p>"))
    return html_page("Win-back ideas", body)


class WinBackPlanner(widgets.VBox):
    """Lapsed cards per segment, and a box for one win-back idea per segment."""

    def __init__(self, patrons: pd.DataFrame, segment: str = "age_band",
                 store: WorkStore | None = None) -> None:
        table = lapsed_by_segment(patrons, segment)
        self.model = WinBackPlan([str(s) for s in table[segment]], store)
        self.messages = MessageArea()
        guarded = friendly_callback(self.messages)
        self.boxes: dict[str, widgets.Text] = {}
        rows = []
        for _, row in table.iterrows():
            name = str(row[segment])
            box = widgets.Text(
                value=self.model.ideas.get(name, ""), continuous_update=False,
                description=f"{name} ({row['lapsed_%']:.0f}% lapsed)",
                placeholder="one idea to win them back",
                style={"description_width": "12em"}, layout={"width": "95%", "max_width": "44em"})
            box.observe(guarded(self._changed(name)), names="value")
            self.boxes[name] = box
            rows.append(box)
        self.export_button = widgets.Button(description="Export for my portfolio",
                                            tooltip="Write Markdown and HTML files",
                                            layout={"width": "max-content"})
        self.export_button.on_click(guarded(self._on_export))
        self.downloads = widgets.HTML()
        if self.model.notice:
            self.messages.show(self.model.notice, "warning")
        super().__init__([widgets.HTML(f"<strong>One idea per {html.escape(segment)}"
                                       "</strong>"), *rows, self.export_button, self.messages,
                          self.downloads])
        self.add_class("course-kit-winback")

    def _changed(self, segment: str) -> Any:
        def handler(change: dict[str, Any]) -> None:
            self.model.set_idea(segment, change["new"])
            left = self.model.missing()
            self.messages.show("Saved." + (f" Still to do: {', '.join(left)}." if left else
                                           " Every segment has an idea."), "success")

        return handler

    def _on_export(self, _button: Any = None) -> None:
        paths = self.model.export()
        links = []
        for path, mime in zip(paths, ("text/markdown", "text/html"), strict=True):
            payload = base64.b64encode(path.read_bytes()).decode("ascii")
            links.append(f'<a download="{path.name}" href="data:{mime};base64,{payload}">'
                         f"Download {path.name}</a>")
        self.downloads.value = " · ".join(links)
        self.messages.show(f"Exported to my_work/{paths[0].name} and my_work/{paths[1].name}.",
                           "success")
