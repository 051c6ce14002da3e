"""Certificates of completion, as PDF, for the participants who passed.

A participant passes when their points over all the course's modules reach the pass mark
(``pass_threshold`` in course.toml, a share of all points; manual grades count). The
certificate names the course, the modules completed (each at or above
``module_threshold`` of its points), their hours, the date and the trainer.

PDF by fpdf2 (pure Python, no system libraries); the text uses the DejaVu Sans font that
ships with matplotlib (Latin with every accent, Greek, Cyrillic, Arabic, Hebrew …), shaped by
HarfBuzz (uharfbuzz) so that Arabic letters join and right-to-left names read right to left.
A name with letters the font does not have (Chinese, Japanese, Korean, Devanagari …) would
print as a blank: no certificate is written for it, and the trainer is told why.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from course_kit.trainer.config import CourseConfig, load_config, private_results
from course_kit.trainer.report import gradebook_tables
from course_kit.trainer.roster import ROSTER_FILE, placeholder_reason
from course_kit.trainer.roster import names as roster_names

__all__ = ["PLACEHOLDER_TRAINERS", "Standing", "cohort_standing", "placeholder_warnings",
           "render_certificate", "unprintable", "write_certificates"]

#: Trainer names that are still the example's, not a person's.
PLACEHOLDER_TRAINERS = frozenset({"", "your name", "the course trainer", "trainer",
                                  "trainer name"})


@dataclass(frozen=True)
class Standing:
    """One participant's result over the whole course."""

    participant: str
    name: str
    score: float
    max_score: float
    completed: tuple[str, ...]
    hours: float
    passed: bool
    pending: bool
    """Some answers still wait for grading by hand."""


def cohort_standing(course_dir: Path, config: CourseConfig | None = None) -> list[Standing]:
    """Every participant's total, completed modules and pass/fail, from the gradebook."""
    config = config or load_config(course_dir)
    scores, _, _ = gradebook_tables(course_dir)
    names = roster_names(course_dir)
    result = []
    for participant, rows in scores.groupby("participant", sort=True):
        total, maximum = float(rows["score"].sum()), float(rows["max"].sum())
        done = tuple(r.module for r in rows.itertuples()
                     if r.status != "missing" and r.max > 0
                     and r.score / r.max >= config.completion_threshold)
        hours = sum(config.module(m).hours for m in done)
        passed = maximum > 0 and total / maximum >= config.pass_threshold
        result.append(Standing(str(participant), names.get(str(participant), str(participant)),
                               total, maximum, done, hours, passed,
                               bool((rows["status"] == "to grade by hand").any())))
    return result


def _font_dir() -> Path:
    from course_kit.actionplan.pdf import font_dir  # the kit's one PDF font, imported when drawn

    return font_dir()


@functools.cache
def _printable() -> frozenset[int]:
    from fontTools.ttLib import TTFont  # fpdf2's own dependency

    cmaps = [TTFont(str(_font_dir() / name)).getBestCmap()
             for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")]
    return frozenset(set(cmaps[0]) & set(cmaps[1]))


def unprintable(text: str) -> str:
    """The letters of ``text`` that the certificate's font cannot print, each once."""
    have = _printable()
    found = dict.fromkeys(c for c in text if not c.isspace() and ord(c) not in have
                          and unicodedata.category(c) not in ("Cf", "Mn"))
    return "".join(found)


def render_certificate(standing: Standing, config: CourseConfig, when: date,
                       path: Path) -> Path:
    """Write one A4 landscape certificate to ``path``."""
    from fpdf import FPDF

    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.add_font("DejaVu", "", str(_font_dir() / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(_font_dir() / "DejaVuSans-Bold.ttf"))
    pdf.set_text_shaping(True)  # HarfBuzz: Arabic letters joined, right-to-left names in order
    pdf.set_draw_color(0, 114, 178)
    pdf.set_line_width(1.5)
    pdf.rect(10, 10, 277, 190)
    pdf.set_line_width(0.4)
    pdf.rect(14, 14, 269, 182)
    pdf.set_text_color(17, 17, 17)

    def line(text: str, size: float, style: str = "", gap: float = 4) -> None:
        pdf.set_font("DejaVu", style, size)
        pdf.multi_cell(0, size * 0.5, text, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    pdf.set_xy(20, 28)
    pdf.set_left_margin(20)
    pdf.set_right_margin(20)
    line("Certificate of completion", 28, "B", 8)
    line("This certifies that", 13)
    line(standing.name, 26, "B", 6)
    line("has completed the course", 13)
    line(config.title, 18, "B", 6)
    modules = ", ".join(config.module(m).title or m for m in standing.completed) or "none"
    line(f"Modules completed: {modules}", 12, "", 2)
    hours = f"{standing.hours:g} hour{'s' if standing.hours != 1 else ''}"
    share = standing.score / standing.max_score * 100 if standing.max_score else 0
    line(f"Study time: {hours}.  Result: {share:.0f}% of the points.", 12, "", 14)
    pdf.set_font("DejaVu", "", 12)
    y = max(pdf.get_y(), 160)
    pdf.set_xy(40, y)
    pdf.cell(90, 6, f"{when:%B} {when.day}, {when.year}", align="C")  # US: February 1, 2025
    pdf.set_xy(167, y)
    pdf.cell(90, 6, config.trainer, align="C")
    pdf.line(45, y - 1, 125, y - 1)
    pdf.line(172, y - 1, 252, y - 1)
    pdf.set_font("DejaVu", "", 9)
    pdf.set_xy(40, y + 6)
    pdf.cell(90, 5, "Date", align="C")
    pdf.set_xy(167, y + 6)
    pdf.cell(90, 5, "Trainer" + (f", {config.organisation}" if config.organisation else ""),
             align="C")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def placeholder_warnings(standings: list[Standing], config: CourseConfig) -> list[str]:
    """What would print on a certificate but is not a real name, in plain sentences."""
    out = []
    if config.trainer.strip().casefold() in PLACEHOLDER_TRAINERS:
        out.append(f"the trainer's name is {config.trainer!r}: set trainer = \"…\" in "
                   "course.toml before printing certificates")
    printed = ((config.trainer, "the trainer's name"), (config.title, "the course title"))
    for text, what in printed if any(s.passed for s in standings) else ():
        if unprintable(text):
            out.append(f"{what} has letters the certificate's font cannot print "
                       f"({' '.join(unprintable(text))}): they would be blank")
    for s in standings:
        missing = unprintable(s.name) if s.passed else ""
        if missing:
            out.append(f"{s.participant}: the name {s.name!r} has letters the certificate's "
                       f"font cannot print ({' '.join(missing)}), so no certificate was "
                       "written (it would show a blank name); please write this one by hand")
        reason = placeholder_reason(s.participant, s.name) if s.passed else None
        if reason:
            out.append(f"{s.participant}: {reason}, so the certificate would show "
                       f"{s.name!r}; put the name in {ROSTER_FILE} in the course folder "
                       "(columns id,name,email), or in the gradebook (nbgrader's Manage "
                       "Students)")
    return out


@private_results('out')
def write_certificates(course_dir: Path, out: Path | None = None, when: date | None = None,
                       allow_pending: bool | None = None) -> tuple[list[Path], list[Standing]]:
    """A PDF for each participant who passed; returns (files, everyone's standing).

    While answers of a participant still wait for grading by hand, the result on the
    certificate could still change, so none is written unless ``allow_pending`` (default:
    the environment variable ``COURSE_KIT_CERTIFY_PENDING=1``). Placeholder names (the
    example's trainer, a participant known only by id) are warned about.
    """
    import os
    import warnings

    config = load_config(course_dir)
    day = when or config.certificate_date or date.today()
    target = out or course_dir / "certificates"
    standings = cohort_standing(course_dir, config)
    if allow_pending is None:
        allow_pending = os.environ.get("COURSE_KIT_CERTIFY_PENDING") == "1"
    problems = placeholder_warnings(standings, config)
    for problem in problems:
        warnings.warn(problem, UserWarning, stacklevel=2)
    files = [render_certificate(s, config, day, target / f"{s.participant}.pdf")
             for s in standings if s.passed and (allow_pending or not s.pending)
             and not unprintable(s.name)]
    return files, standings
