"""What each step of the plan draws on: the participant's saved work from the modules.

:func:`step_work` finds each source of a step in the modules' manifests (``[[work]]``) and
reads what was saved. A module that is not in the kit, or work never done, comes back as an
empty :class:`Piece` with a link to the module's notebook, never as an error.
:func:`markdown_html` turns the modules' escaped Markdown into HTML (raw HTML stays text).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

from course_kit.actionplan.plan import STEPS, Source, Step
from course_kit.manifest import find
from course_kit.saved_work import SavedWork, find_work
from course_kit.syllabus import modules

__all__ = ["Piece", "markdown_html", "step_work", "work_html"]

_HEADING = re.compile(r"^(#{1,6})(?=\s)", re.M)


@dataclass(frozen=True)
class Piece:
    """One piece of saved work a step draws on (``work`` is None when the module is absent)."""

    source: Source
    module_label: str
    notebook: str
    title: str
    work: SavedWork | None

    @property
    def done(self) -> bool:
        """True when something was saved."""
        return self.work is not None and self.work.done

    @property
    def saved_on(self) -> str:
        """When it was saved (``""`` when not done)."""
        return self.work.saved_on if self.work is not None else ""

    def markdown(self) -> str:
        """The work as escaped Markdown (empty when not done)."""
        return self.work.markdown() if self.done and self.work is not None else ""


def _module_label(number: int) -> tuple[str, str]:
    manifest = find(number)
    if manifest is not None:
        return manifest.label, manifest.notebook
    title = next((m.title for m in modules() if m.number == number), "")
    return (f"Module {number}: {title}" if title else f"Module {number}"), ""


def step_work(item: Step | int | str) -> list[Piece]:
    """The saved work step ``item`` draws on, in the step's order."""
    chosen = item if isinstance(item, Step) else next(
        s for s in STEPS if item in (s.number, s.key))
    pieces = []
    for source in chosen.sources:
        label, notebook = _module_label(source.module)
        work = find_work(source.file, source.key)
        title = work.item.title if work is not None else f"Your work from Module {source.module}"
        pieces.append(Piece(source, label, notebook, title, work))
    return pieces


def markdown_html(markdown: str, top: int = 3) -> str:
    """Escaped Markdown as HTML, its highest heading made ``h<top>`` (raw HTML shown as text)."""
    levels = [len(m.group(1)) for m in _HEADING.finditer(markdown)]
    shift = top - min(levels) if levels else 0

    def moved(match: re.Match[str]) -> str:
        return "#" * max(1, min(6, len(match.group(1)) + shift))

    text = _HEADING.sub(moved, markdown) if shift else markdown
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    return md.render(text)


_PANEL_CSS = """
.ck-work{font-family:system-ui,sans-serif;color:#111;line-height:1.4}
.ck-piece{border:1px solid #777;border-left:6px solid #0072B2;padding:6px 12px;margin:6px 0;
background:#fff}
.ck-piece.ck-empty{border-left-color:#777;background:#f6f6f6}
.ck-piece h4{margin:2px 0;font-size:1rem;color:#003b63}
.ck-piece h5,.ck-piece h6{margin:6px 0 2px 0;font-size:.95rem;color:#111}
.ck-piece .ck-meta{margin:0 0 4px 0;font-size:.9rem;color:#333}
.ck-piece table{border-collapse:collapse}.ck-piece td,.ck-piece th{border:1px solid #999;
padding:2px 6px}
.ck-piece a{color:#0b5394}
"""


def work_html(item: Step | int | str) -> str:
    """The work a step draws on, as an HTML fragment: each piece, or where to make it."""
    pieces = step_work(item)
    done = sum(p.done for p in pieces)
    parts = [f"<div class='ck-work'><style>{_PANEL_CSS}</style>",
             f"<p><strong>Your work for this step: {done} of {len(pieces)} pieces "
             "saved.</strong></p>"]
    for piece in pieces:
        title = html.escape(piece.title)
        module = html.escape(piece.module_label)
        if piece.done:
            parts.append(
                f"<section class='ck-piece' aria-label='{title}'><h4>{title}</h4>"
                f"<p class='ck-meta'>From {module}, saved {html.escape(piece.saved_on)}.</p>"
                f"{markdown_html(piece.markdown(), top=5)}</section>")
        else:
            if piece.notebook:
                where = (f"Open <a href='{html.escape(piece.notebook)}'>{module}</a> to make "
                         "it; it appears here when saved.")
            else:
                where = f"{module} is not in this kit yet, so this piece stays empty."
            parts.append(f"<section class='ck-piece ck-empty' aria-label='{title}'>"
                         f"<h4>{title}: not done yet</h4><p class='ck-meta'>{where}</p>"
                         "</section>")
    parts.append("</div>")
    return "".join(parts)
