"""The trainer's printable pages: each module's session plan, rendered from Markdown.

Session plans live in ``docs/facilitator/NN-slug.md``, one per module, named after the
module's notebook. :func:`render_page` turns one into a self-contained HTML page with print
styles (A4 or Letter, no navigation chrome); :func:`write_pages` renders them all, with an
index that lists each module's timings from its manifest. Raw HTML in the Markdown is shown
as text, never run.

The two-week kit (:func:`write_kit`): :func:`timetable` lays out ten days, one module a day,
with breaks, from the manifests (section minutes), the graded pools (assessment minutes) and
the action plan (which step each module feeds); :func:`guide_html` gathers every session plan
into one printable guide with each day's timetable, the role-play cards (Module 5's scenes,
Module 9's situations as discussion cards) and the rubrics for work graded by hand; the pages
``two-week-course.md`` and ``running-a-cohort.md`` are rendered beside them.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

from course_kit.manifest import Manifest, manifests

__all__ = ["Day", "FacilitatorNotes", "Slot", "guide_html", "guide_pdf", "notes_for",
           "render_page", "sync_timetable", "timetable", "timetable_markdown", "write_kit",
           "write_pages"]

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
             "For the whole two-week course: [the timetable](two-week-course.html), [every plan "
             "in one guide, with role-play cards and rubrics](guide.html) ([PDF](guide.pdf)) "
             "and [running a cohort](running-a-cohort.html).", "",
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


# -- the two-week kit -----------------------------------------------------------------------
DAY_START = 9 * 60  # 09:00
OPENING = {1: (30, "Course opening: introductions, the Welcome notebook, how work is saved, "
                   "ground rules")}
WORK_BEFORE_BREAK = 75  # minutes of work before a break is due
GROUP_WORK = 45  # the live role-plays and group activities of the session plan


@dataclass(frozen=True)
class Slot:
    """One block of a day: when it starts (minutes after midnight), how long, what."""

    start: int
    minutes: int
    what: str
    kind: str  # open, section, break, lunch, assessment, plan, close

    @property
    def clock(self) -> str:
        """``09:15``."""
        return f"{self.start // 60:02d}:{self.start % 60:02d}"


@dataclass(frozen=True)
class Day:
    """One day of the course: its module and its slots."""

    number: int
    week: int
    manifest: Manifest
    slots: tuple[Slot, ...]

    @property
    def end(self) -> str:
        """When the day ends (``15:40``)."""
        last = self.slots[-1]
        end = last.start + last.minutes
        return f"{end // 60:02d}:{end % 60:02d}"


def _pool_minutes(root: Path, module: str) -> int:
    from course_kit.trainer.pools import PoolError, load_pool

    path = root / "exercises" / "pools" / f"{module}.toml"
    if not path.exists():
        return 0
    try:
        return load_pool(path).minutes
    except PoolError:
        return 0


def _plan_steps(number: int) -> list[str]:
    from course_kit.actionplan.plan import STEPS

    return [s.heading for s in STEPS if any(src.module == number for src in s.sources)]


def timetable(root: Path) -> list[Day]:
    """Ten days, one module a day (week 1: Modules 1-5, week 2: 6-10), with breaks.

    Each day: an opening, the module's sections (the manifest's minutes), 45 minutes for the
    session plan's live role-plays and group activities, a 15-minute break
    and a 45-minute lunch whenever about 75 minutes of work have gone by, the graded
    self-assessment (the pool's minutes), time on the action-plan steps the module feeds,
    and a closing round. The last day ends with the action plan, the portfolio and the
    capstone.
    """
    numbers = [m.number for m in manifests()]
    return [_day(root, m, m.number == max(numbers)) for m in manifests()]


def _day(root: Path, manifest: Manifest, last: bool) -> Day:
    n = manifest.number
    slots: list[Slot] = []
    state = {"clock": DAY_START, "since_break": 0, "breaks": 0}

    def add(minutes: int, what: str, kind: str) -> None:
        if state["since_break"] >= WORK_BEFORE_BREAK:
            name, kind_, length = (("Lunch", "lunch", 45) if state["breaks"] == 1
                                   else ("Break", "break", 15))
            slots.append(Slot(state["clock"], length, name, kind_))
            state["clock"] += length
            state["since_break"], state["breaks"] = 0, state["breaks"] + 1
        slots.append(Slot(state["clock"], minutes, what, kind))
        state["clock"] += minutes
        state["since_break"] += minutes

    minutes, what = OPENING.get(n, (15, "Welcome back: questions from yesterday, today's "
                                         "objectives"))
    add(minutes, what, "open")
    for section in manifest.sections:
        add(section.minutes, section.heading, "section")
    add(GROUP_WORK, "Group work: the session plan's role-plays and activities", "section")
    assessment = _pool_minutes(root, manifest.id)
    if assessment:
        add(assessment, f"Graded self-assessment (Module {n})", "assessment")
    steps = _plan_steps(n)
    if steps:
        add(20, "Action plan: " + "; ".join(steps), "plan")
    if last:
        add(45, "Action plan: finish all seven steps (notebook 11)", "plan")
        add(15, "Portfolio: make it, read it through, list what is missing", "plan")
        capstone = _pool_minutes(root, "capstone")
        if capstone:
            add(capstone, "Capstone: hand in the action plan (graded by hand)", "assessment")
        add(15, "Closing: one change each person will make; certificates", "close")
    else:
        add(10, "Closing round: one thing to try tomorrow", "close")
    return Day(n, 1 if n <= 5 else 2, manifest, tuple(slots))


def _day_table(day: Day) -> list[str]:
    rows = ["| Time | Minutes | What |", "| --- | ---: | --- |"]
    for slot in day.slots:
        what = f"**{slot.what}**" if slot.kind in ("break", "lunch") else slot.what
        rows.append(f"| {slot.clock} | {slot.minutes} | {what} |")
    return rows


def timetable_markdown(root: Path) -> str:
    """The two weeks as Markdown: an overview table, then each day's timetable."""
    days = timetable(root)
    out = ["| Day | Week | Module | From 09:00 to | Length with breaks |",
           "| ---: | ---: | --- | --- | --- |"]
    for day in days:
        span = day.slots[-1].start + day.slots[-1].minutes - DAY_START
        out.append(f"| {day.number} | {day.week} | {day.manifest.label} | {day.end} | "
                   f"{span // 60} h {span % 60:02d} |")
    for day in days:
        out += ["", f"### Day {day.number} (week {day.week}): {day.manifest.label}", "",
                *_day_table(day)]
    return "\n".join(out) + "\n"


_KIT_CSS = """
.ck-guide-day{break-before:page}
.ck-card-grid{display:block}
.ck-discussion{border:2px dashed #0072B2;border-radius:8px;padding:8px 12px;margin:0 0 12px 0;
break-inside:avoid}
.ck-discussion h4{margin:0 0 4px 0;color:#003b63}
nav ol{columns:2}
@media print{nav ol{columns:2}}
"""


def _demote(markdown: str, by: int) -> str:
    return re.sub(r"^(#{1,6})(?=\s)", lambda m: "#" * min(6, len(m.group(1)) + by), markdown,
                  flags=re.M)


def _rubrics(root: Path, module: str) -> str:
    from course_kit.trainer.pools import PoolError, load_pool

    path = root / "exercises" / "pools" / f"{module}.toml"
    if not path.exists():
        return ""
    try:
        pool = load_pool(path)
    except PoolError:
        return ""
    out = []
    for part in pool.manual:
        out += ["", f"**{part.id}** ({part.points:g} points): "
                + " ".join(part.prompt.split()), "", "| Points | What it looks like |",
                "| ---: | --- |"]
        out += [f"| {level} | {text.split(':', 1)[-1].strip()} |"
                for level, text in enumerate(part.rubric)]
    return "\n".join(out)


def _discussion_cards() -> str:
    """Module 9's situations as discussion cards (the choices, and which the sources favour)."""
    try:
        from course_kit.modules.module09.scenarios import load_scenarios
    except ImportError:
        return ""
    esc = html.escape
    cards = []
    for sc in load_scenarios():
        best = " <strong>(the sources favor this)</strong>"
        choices = "".join(f"<li>{esc(c.text)}{best if c.best else ''}</li>"
                          for c in sc.choices)
        cards.append(f"<section class='ck-discussion' aria-label='Discussion card: "
                     f"{esc(sc.title)}'><h4>{esc(sc.title)}</h4><p>{esc(sc.situation)}</p>"
                     f"<p><em>What would you do?</em></p><ol type='a'>{choices}</ol>"
                     f"<p><small>Source: {esc(sc.source)}</small></p></section>")
    return "".join(cards)


def _role_play_cards() -> str:
    try:
        from course_kit.modules.module05.scenarios import cards_html, load_scenarios
    except ImportError:
        return ""
    return cards_html(load_scenarios().values())


def guide_html(root: Path) -> str:
    """Every session plan in one printable page, day by day, with cards and rubrics."""
    notes = {n.manifest.number: n for n in notes_for(root)}
    days = timetable(root)
    md = _markdown()
    contents = ["<nav aria-labelledby='contents'><h2 id='contents'>Contents</h2><ol>",
                "<li><a href='#timetable'>The two weeks at a glance</a></li>"]
    contents += [f"<li><a href='#day-{d.number}'>Day {d.number}: "
                 f"{html.escape(d.manifest.label)}</a></li>" for d in days]
    contents += ["<li><a href='#capstone'>The capstone: the action plan</a></li>",
                 "<li><a href='#cohort'>Running a cohort</a></li></ol></nav>"]
    body = ["<h1>Building Relationships with Library Users: the facilitator's guide</h1>",
            "<p>Two weeks, ten days, one module a day. Each day: its timetable, the session "
            "plan (discussion prompts with what good answers contain, role-plays, common "
            "misconceptions), any printable cards, and the rubric for the work you grade by "
            "hand. Times come from each module's manifest.</p>", *contents,
            "<section aria-labelledby='timetable'><h2 id='timetable'>The two weeks at a "
            "glance</h2>",
            md.render(timetable_markdown(root).split("\n### ", 1)[0]), "</section>"]
    for day in days:
        m = day.manifest
        part = [f"<section class='ck-guide-day' aria-labelledby='day-{day.number}'>",
                f"<h2 id='day-{day.number}'>Day {day.number} (week {day.week}): "
                f"{html.escape(m.label)}</h2>",
                "<h3>The day</h3>", md.render("\n".join(_day_table(day)))]
        note = notes.get(m.number)
        if note is not None:
            part += ["<h3>Session plan</h3>",
                     md.render(_demote(note.path.read_text(encoding="utf-8"), 3))]
        else:
            part.append("<p>No session plan for this module yet.</p>")
        if m.number == 5:
            part += ["<h3>Role-play cards</h3>", "<p>One scene per printed page: staff "
                     "member, patron and observer.</p>", _role_play_cards()]
        if m.number == 9:
            part += ["<h3>Discussion cards</h3>", _discussion_cards()]
        rubric = _rubrics(root, m.id)
        if rubric:
            part += ["<h3>Graded by hand: the rubric</h3>", md.render(rubric)]
        part.append("</section>")
        body += part
    body += ["<section class='ck-guide-day' aria-labelledby='capstone'><h2 id='capstone'>"
             "The capstone: the action plan</h2>",
             md.render("Participants fill in the action-plan workbook "
                       "(`notebooks/11-action-plan.ipynb`) a little each day and finish it "
                       "on day 10. It hands in as the capstone: build it with "
                       "`course-kit build capstone`, release it with "
                       "`course-kit release capstone`, and grade it by hand in the "
                       "Formgrader against this rubric.\n" + _rubrics(root, "capstone")),
             "</section>"]
    cohort = root / "docs" / "facilitator" / "running-a-cohort.md"
    if cohort.exists():
        body += ["<section class='ck-guide-day' aria-labelledby='cohort'><h2 id='cohort'>"
                 "Running a cohort</h2>",
                 md.render(_demote(cohort.read_text(encoding="utf-8").split("\n", 1)[1], 1)),
                 "</section>"]
    page = render_page("", "Facilitator's guide: two weeks")
    return page.replace("<main></main>", "<main>" + "".join(body) + "</main>").replace(
        "</style>", _KIT_CSS + "</style>", 1)


def _relink(page: str, root: Path, out: Path) -> str:
    """Point the pages' links (written for docs/facilitator/) at the right files from ``out``."""
    readme = Path(os.path.relpath(root / "README.md", out)).as_posix()
    page = page.replace('href="running-a-cohort.md', 'href="running-a-cohort.html')
    return page.replace('href="../../README.md', f'href="{readme}')


_TT_START, _TT_END = "<!-- timetable:start -->", "<!-- timetable:end -->"


def sync_timetable(root: Path, check: bool = False) -> bool:
    """Write the timetable between the markers of ``two-week-course.md``; True if it changed.

    With ``check``, only report whether it would change (the tests use this).
    """
    path = root / "docs" / "facilitator" / "two-week-course.md"
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(_TT_START) + r".*?" + re.escape(_TT_END), re.S)
    if not pattern.search(text):
        raise ValueError(f"{path.name} lacks the markers {_TT_START} … {_TT_END}")
    new = pattern.sub(lambda _m: f"{_TT_START}\n{timetable_markdown(root)}{_TT_END}", text)
    if new == text:
        return False
    if not check:
        path.write_text(new, encoding="utf-8")
    return True


def guide_pdf(root: Path, path: Path) -> Path:
    """The gathered guide as an A4 PDF (fpdf2: pure Python, no system packages)."""
    from course_kit.actionplan.pdf import new_pdf, write_blocks

    pdf = new_pdf("Facilitator's guide: two weeks")
    pdf.add_page()
    write_blocks(pdf, guide_html(root))
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def write_kit(root: Path, out: Path, pdf: bool = True) -> list[Path]:
    """Write the two-week kit: the timetable page, the gathered guide, running a cohort.

    The timetable in ``docs/facilitator/two-week-course.md`` is brought up to date first
    (:func:`sync_timetable`). With ``pdf``, the guide is also printed to ``guide.pdf``.
    """
    out.mkdir(parents=True, exist_ok=True)
    folder = root / "docs" / "facilitator"
    written = []
    two_weeks = folder / "two-week-course.md"
    if two_weeks.exists():
        sync_timetable(root)
        page = out / "two-week-course.html"
        text = two_weeks.read_text(encoding="utf-8")
        text = text.replace(_TT_START + "\n", "").replace(_TT_END + "\n", "")
        page.write_text(_relink(render_page(text, "The two-week course: timetable"), root, out),
                        encoding="utf-8")
        written.append(page)
    cohort = folder / "running-a-cohort.md"
    if cohort.exists():
        page = out / "running-a-cohort.html"
        page.write_text(_relink(render_page(cohort.read_text(encoding="utf-8"),
                                            "Running a cohort"), root, out), encoding="utf-8")
        written.append(page)
    guide = out / "guide.html"
    guide.write_text(_relink(guide_html(root), root, out), encoding="utf-8")
    written.append(guide)
    if pdf:
        written.append(guide_pdf(root, out / "guide.pdf"))
    return written
