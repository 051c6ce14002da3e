"""The trainer's printable pages: each module's session plan, rendered from Markdown.

Session plans live in ``docs/facilitator/NN-slug.md``, one per module, named after the
module's notebook. :func:`render_page` turns one into a self-contained HTML page with print
styles (A4 or Letter, no navigation chrome); :func:`write_pages` renders them all, with an
index that lists each module's timings from its manifest. Raw HTML in the Markdown is shown
as text, never run.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

from course_kit.manifest import Manifest, manifests

__all__ = ["FacilitatorNotes", "notes_for", "render_page", "write_pages"]

_CSS = """
body{font-family:Georgia,'Times New Roman',serif;max-width:46rem;margin:2rem auto;padding:0 1rem;
color:#111;line-height:1.45;font-size:12pt}
h1,h2,h3{font-family:system-ui,sans-serif;color:#003b63;line-height:1.2}
h1{font-size:1.6rem;border-bottom:3px solid #0072B2;padding-bottom:.3rem}
table{border-collapse:collapse;width:100%;margin:.8rem 0;font-size:10.5pt}
th,td{border:1px solid #777;padding:.25rem .45rem;text-align:left;vertical-align:top}
th{background:#eef4fb}
code{font-size:10pt;background:#f4f4f4;padding:0 .2rem}
a{color:#0b5394;text-decoration:underline}
a:focus{outline:3px solid #D55E00;outline-offset:2px}
@media print{body{margin:0;max-width:none;font-size:11pt}a{color:#111}
h2{break-after:avoid}tr,li{break-inside:avoid}}
@page{margin:18mm}
"""


@dataclass(frozen=True)
class FacilitatorNotes:
    """A module's session plan: its manifest and the Markdown file."""

    manifest: Manifest
    path: Path


def notes_for(root: Path) -> list[FacilitatorNotes]:
    """Each module's notes that exist, in course order (``root``: the kit's folder)."""
    found = []
    for manifest in manifests():
        path = root / "docs" / "facilitator" / manifest.notebook.replace(".ipynb", ".md")
        if path.exists():
            found.append(FacilitatorNotes(manifest, path))
    return found


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")


def render_page(markdown: str, title: str) -> str:
    """A complete, printable HTML page for ``markdown`` (raw HTML in it is escaped)."""
    body = _markdown().render(markdown)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title>"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<style>{_CSS}</style></head><body><main>{body}</main></body></html>\n")


def _index(notes: list[FacilitatorNotes]) -> str:
    lines = ["# Facilitator notes", "",
             "One session plan per module, for a trainer-led day. Times are the modules' own "
             "(from each module's manifest); print a plan, or open it beside the notebook.", "",
             "| Module | Notebook time | Sections |", "| --- | ---: | --- |"]
    for note in notes:
        m = note.manifest
        link = f"[{m.label}]({note.path.stem}.html)"
        sections = "; ".join(f"{s.heading} ({s.minutes} min)" for s in m.sections)
        lines.append(f"| {link} | {m.minutes} min | {sections} |")
    return "\n".join(lines) + "\n"


def write_pages(root: Path, out: Path) -> list[Path]:
    """Render every module's notes and an index into ``out``; return the pages written."""
    out.mkdir(parents=True, exist_ok=True)
    notes = notes_for(root)
    written = []
    for note in notes:
        page = out / f"{note.path.stem}.html"
        page.write_text(render_page(note.path.read_text(encoding="utf-8"),
                                    f"{note.manifest.label}: session plan"), encoding="utf-8")
        written.append(page)
    index = out / "index.html"
    index.write_text(render_page(_index(notes), "Facilitator notes"), encoding="utf-8")
    return [index, *written]
