"""The portfolio: everything a participant made, in one HTML page and one PDF.

:func:`gather` lists every piece of work the modules' manifests name (``[[work]]``), in
course order, then the action plan. :func:`portfolio_html` makes an accessible, printable
page: the participant's name as typed, a table of contents, the pieces still missing (listed,
not hidden), then each piece with its module and date. :func:`portfolio_pdf` prints the same
with fpdf2 and the DejaVu fonts that ship with matplotlib, so any name prints.
Everything a participant typed is escaped: it shows as typed and never runs.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from course_kit.actionplan.pdf import (
    MISSING_LETTERS_NOTE,
    RIGHT_TO_LEFT_NOTE,
    lacks_letters,
    new_pdf,
    right_to_left,
    write_blocks,
)
from course_kit.actionplan.plan import STEPS, STORE_NAME, PlanModel, plan_markdown
from course_kit.actionplan.sections import markdown_html
from course_kit.saved_work import saved_work
from course_kit.storage import WorkStore, work_dir
from course_kit.syllabus import course_title

__all__ = ["Artefact", "gather", "portfolio_html", "portfolio_pdf", "write_portfolio"]

ACTION_PLAN_LABEL = "Action Plan for Implementation"


@dataclass(frozen=True)
class Artefact:
    """One piece of the portfolio: where it comes from, when it was saved, what it says."""

    module_label: str
    title: str
    notebook: str
    saved_on: str
    markdown: str

    @property
    def done(self) -> bool:
        """True when something was saved."""
        return bool(self.markdown)

    @property
    def anchor(self) -> str:
        """An id for links within the page."""
        slug = re.sub(r"[^a-z0-9]+", "-", f"{self.module_label} {self.title}".lower())
        return "w-" + slug.strip("-")[:60]


def gather() -> list[Artefact]:
    """Every module's work in course order, then the action plan (done or not)."""
    out = []
    for work in saved_work():
        out.append(Artefact(work.manifest.label, work.item.title, work.manifest.notebook,
                            work.saved_on, work.markdown() if work.done else ""))
    plan = PlanModel()
    started = any(plan.step_done(s.key) for s in STEPS) or \
        bool(plan.participant["name"])
    out.append(Artefact(ACTION_PLAN_LABEL, "My action plan", "11-action-plan.ipynb",
                        plan.saved_at if started else "",
                        plan_markdown(plan.data, title=False) if started else ""))
    return out


def _who(name: str | None) -> tuple[str, str, str]:
    saved = WorkStore(STORE_NAME).load()
    who = saved.get("participant") if isinstance(saved.get("participant"), dict) else {}
    typed = name if name is not None else str(who.get("name", ""))
    return typed, str(who.get("library", "")), str(who.get("role", ""))


_CSS = """
body{font-family:Georgia,'Times New Roman',serif;max-width:48rem;margin:2rem auto;
padding:0 1rem;color:#111;background:#fff;line-height:1.45;font-size:12pt}
h1,h2,h3,h4,h5,h6{font-family:system-ui,sans-serif;color:#003b63;line-height:1.2}
h1{font-size:1.7rem;border-bottom:3px solid #0072B2;padding-bottom:.3rem}
.meta{color:#333;font-family:system-ui,sans-serif;font-size:.95rem;margin:.2rem 0 .6rem}
section.piece{border-top:1px solid #999;margin-top:1.4rem;padding-top:.4rem}
.missing li{margin:.15rem 0}
table{border-collapse:collapse;margin:.6rem 0}th,td{border:1px solid #777;padding:.2rem .4rem;
text-align:left;vertical-align:top}th{background:#eef4fb}
blockquote{margin:.3rem 0 .3rem 1rem;padding-left:.6rem;border-left:3px solid #999}
a{color:#0b5394}a:focus{outline:3px solid #D55E00;outline-offset:2px}
@media print{body{margin:0;max-width:none;font-size:11pt}a{color:#111}
section.piece{break-before:auto}h2,h3{break-after:avoid}li,tr{break-inside:avoid}
nav a::after{content:""}}
@page{margin:16mm}
"""


def portfolio_html(name: str | None = None, when: date | None = None,
                   pieces: list[Artefact] | None = None) -> str:
    """The portfolio as one self-contained, printable HTML page.

    ``name`` overrides the name typed in the action plan; ``when`` is the date printed.
    """
    pieces = gather() if pieces is None else pieces
    when = when or date.today()
    typed, library, role = _who(name)
    done = [p for p in pieces if p.done]
    missing = [p for p in pieces if not p.done]
    esc = html.escape
    shown_name = esc(typed) if typed.strip() else "(no name given yet)"
    about = ", ".join(esc(x) for x in (role, library) if x.strip())
    parts = [
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        f"<title>Portfolio of {esc(typed) if typed.strip() else 'a participant'}: "
        f"{esc(course_title())}</title>",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        f"<style>{_CSS}</style></head><body>",
        "<header><h1>Portfolio: Building Relationships with Library Users</h1>",
        f"<p class=\"meta\"><strong>Participant:</strong> <span class=\"participant\">"
        f"{shown_name}</span>{'; ' + about if about else ''}</p>",
        f"<p class=\"meta\">{esc(course_title())}. Made on {when.isoformat()}: "
        f"{len(done)} of {len(pieces)} pieces of work done.</p></header>",
        "<nav aria-labelledby=\"contents\"><h2 id=\"contents\">Contents</h2><ol>",
    ]
    for piece in done:
        parts.append(f"<li><a href=\"#{piece.anchor}\">{esc(piece.title)}</a> "
                     f"({esc(piece.module_label)})</li>")
    if missing:
        parts.append("<li><a href=\"#missing\">Not done yet</a></li>")
    parts.append("</ol></nav><main>")
    if missing:
        parts.append("<section aria-labelledby=\"missing\" class=\"missing\">"
                     f"<h2 id=\"missing\">Not done yet ({len(missing)})</h2>"
                     "<p>These pieces of work are not saved yet. Open the module's notebook "
                     "to make them; make the portfolio again afterwards.</p><ul>")
        parts += [f"<li>{esc(p.title)} ({esc(p.module_label)})</li>" for p in missing]
        parts.append("</ul></section>")
    for piece in done:
        parts.append(
            f"<section class=\"piece\" aria-labelledby=\"{piece.anchor}\">"
            f"<h2 id=\"{piece.anchor}\">{esc(piece.title)}</h2>"
            f"<p class=\"meta\">{esc(piece.module_label)}; saved {esc(piece.saved_on)}. "
            f"By {shown_name}.</p>{markdown_html(piece.markdown, top=3)}</section>")
    parts.append("</main></body></html>\n")
    return "".join(parts)


# -- PDF ------------------------------------------------------------------------------------
def portfolio_pdf(path: Path, name: str | None = None, when: date | None = None,
                  pieces: list[Artefact] | None = None) -> Path:
    """Write the portfolio to ``path`` as an A4 PDF (same content as the HTML page).

    When the text uses letters the PDF's font lacks, or Arabic or Hebrew (which the PDF
    shows letter by letter), the portfolio is made again with a note that says so at its top.
    """
    pieces = gather() if pieces is None else pieces
    when = when or date.today()
    pdf = _portfolio(pieces, name, when, notes=())
    notes = [MISSING_LETTERS_NOTE] if lacks_letters(pdf) else []
    if right_to_left(*_who(name), *(f"{p.title} {p.markdown}" for p in pieces)):
        notes.append(RIGHT_TO_LEFT_NOTE)
    if notes:
        pdf = _portfolio(pieces, name, when, notes=tuple(notes))
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def _portfolio(pieces: list[Artefact], name: str | None, when: date,
               notes: tuple[str, ...]) -> Any:
    typed, library, role = _who(name)
    done = [p for p in pieces if p.done]
    missing = [p for p in pieces if not p.done]
    pdf = new_pdf(f"Portfolio: {typed}" if typed.strip() else "Portfolio")
    blue = (0, 59, 99)

    def para(text: str, size: float = 10.5, style: str = "", gap: float = 1.5,
             color: tuple[int, int, int] = (17, 17, 17)) -> None:
        pdf.set_font("DejaVu", style, size)
        pdf.set_text_color(*color)
        pdf.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(17, 17, 17)
        pdf.ln(gap)

    pdf.add_page()
    para("Portfolio: Building Relationships with Library Users", 18, "B", 3, blue)
    para(f"Participant: {typed if typed.strip() else '(no name given yet)'}", 12, "B", 1)
    about = ", ".join(x for x in (role, library) if x.strip())
    if about:
        para(about, 11, "", 1)
    para(f"{course_title()}. Made on {when.isoformat()}: {len(done)} of {len(pieces)} "
         "pieces of work done.", 10, "", 4)
    for note in notes:
        para(note, 10, "B", 4)
    para("Contents", 14, "B", 1, blue)
    for n, piece in enumerate(done, 1):
        para(f"{n}. {piece.title} ({piece.module_label})", 10, "", 0.5)
    if missing:
        pdf.ln(3)
        para(f"Not done yet ({len(missing)})", 14, "B", 1, blue)
        para("These pieces of work are not saved yet. Open the module's notebook to make "
             "them; make the portfolio again afterwards.", 10, "", 1)
        for piece in missing:
            para(f"• {piece.title} ({piece.module_label})", 10, "", 0.5)
    for n, piece in enumerate(done):
        if n == 0:
            pdf.add_page()
        else:
            pdf.ln(6)
            if pdf.will_page_break(40):
                pdf.add_page()
        para(piece.title, 15, "B", 1, blue)
        # Not in italics: DejaVu's oblique face has no Arabic, so such a name would vanish.
        para(f"{piece.module_label}; saved {piece.saved_on}. By {typed or '(no name)'}.",
             9.5, "", 3, (68, 68, 68))
        pdf.set_font("DejaVu", "", 10.5)
        write_blocks(pdf, markdown_html(piece.markdown, top=3))
    return pdf


def write_portfolio(folder: Path | None = None, name: str | None = None,
                    when: date | None = None) -> tuple[Path, Path]:
    """Write ``portfolio.html`` and ``portfolio.pdf`` (default: into ``my_work/``)."""
    folder = folder if folder is not None else work_dir()
    folder.mkdir(parents=True, exist_ok=True)
    pieces = gather()
    page = folder / "portfolio.html"
    page.write_text(portfolio_html(name, when, pieces), encoding="utf-8")
    pdf = portfolio_pdf(folder / "portfolio.pdf", name, when, pieces)
    return page, pdf
