"""User-centered programs: what worked for whom, and a plan for a new program.

The analyses read ``programs.csv`` and ``program_outcomes.csv`` (surveys in the style of
the Public Library Association's Project Outcome: four statements rated 1-5 after a
session). :class:`ProgramPlan` is the model behind the program planner: from a group's
need to a program (audience, format, day and time, branch, partners, promotion channel)
and the outcome it will measure, saved in ``my_work/module06-program.json``.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pandas as pd
import traitlets

from course_kit.modules.module01.personas import CHANNELS
from course_kit.modules.module06.portfolio import export_files, html_page, md_escape, slug
from course_kit.plotting import DescribedFigure, new_figure, styled
from course_kit.storage import WorkStore

__all__ = [
    "BRANCHES",
    "DAYS",
    "FORMATS",
    "OUTCOMES",
    "PROGRAM_AUDIENCES",
    "SERVICE_AREAS",
    "TIMES",
    "ProgramPlan",
    "ProgramPlanError",
    "evidence_for",
    "moved_programs",
    "outcome_gaps",
    "plot_outcome_gaps",
    "program_markdown",
    "program_summary",
]

#: The IMLS/PLA standard outcome statements (see DOMAIN.md), one per outcome.
OUTCOMES: dict[str, str] = {
    "knowledge": "I learned something by participating in this library activity",
    "confidence": "I feel more confident about what I just learned",
    "application": "I intend to apply what I just learned",
    "awareness": "I am more aware of resources and services provided by the library",
}
SERVICE_AREAS: tuple[str, ...] = (
    "Civic/Community Engagement", "Digital Learning", "Early Childhood Literacy",
    "Economic Development", "Education/Lifelong Learning", "Health", "Job Skills",
    "Summer Reading",
)
PROGRAM_AUDIENCES: tuple[str, ...] = ("children", "teens", "adults", "seniors", "families", "all")
FORMATS: tuple[str, ...] = (
    "drop-in help", "hands-on workshop", "class series", "one-to-one sessions", "club",
    "talk", "story time", "fair or open day",
)
DAYS: tuple[str, ...] = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                         "Sunday")
TIMES: tuple[str, ...] = ("morning (9-12)", "early afternoon (12-3)", "after school (3-6)",
                          "evening (6-8)")
BRANCHES: dict[str, str] = {"CEN": "Central Library", "EAS": "Eastside Branch",
                            "RIV": "Riverside Branch", "HIL": "Hillcrest Branch"}
_MAX = {"title": 80, "need": 300, "partners": 200, "group": 80}


def _with_outcomes(programs: pd.DataFrame, outcomes: pd.DataFrame) -> pd.DataFrame:
    return outcomes.merge(programs, on="program_id", how="inner")


def program_summary(programs: pd.DataFrame, outcomes: pd.DataFrame) -> pd.DataFrame:
    """One row per regular program: who it is for, sessions, attendance and outcome means.

    Programs held fewer than 10 times (one-off events) are left out. Outcome means are on
    the 1-5 scale; ``surveys`` is the number of survey responses behind them.
    """
    regular = programs.groupby("title").filter(lambda g: len(g) >= 10)
    base = regular.groupby("title").agg(
        audience=("audience", lambda s: str(s.mode().iloc[0])),
        service_area=("service_area", lambda s: str(s.mode().iloc[0])),
        sessions=("program_id", "size"),
        mean_attendance=("attendance", "mean"),
    )
    scored = _with_outcomes(regular, outcomes)
    means = scored.groupby("title")[list(OUTCOMES)].mean()
    base["surveys"] = scored.groupby("title").size().reindex(base.index).fillna(0).astype(int)
    table = base.join(means).round({"mean_attendance": 1, **dict.fromkeys(OUTCOMES, 2)})
    return table.sort_values(["audience", "mean_attendance"], ascending=[True, False])


def evidence_for(programs: pd.DataFrame, outcomes: pd.DataFrame, audience: str,
                 service_area: str | None = None, *,
                 summary: pd.DataFrame | None = None) -> pd.DataFrame:
    """Past programs for ``audience`` (and ``service_area`` when given), best attended first.

    When nothing matches both, the programs for the audience alone are returned. Pass the
    :func:`program_summary` as ``summary`` when it is already computed (the planner does).
    """
    if summary is None:
        summary = program_summary(programs, outcomes)
    pick = summary[summary["audience"] == audience]
    if service_area:
        both = pick[pick["service_area"] == service_area]
        pick = both if not both.empty else pick
    return pick.sort_values("mean_attendance", ascending=False)


def moved_programs(programs: pd.DataFrame) -> pd.DataFrame:
    """Programs whose day or time changed from 2024 to 2025, with attendance before and after.

    In Millbrook: the teen Maker Club moved from Tuesday after school to Saturday, and the
    English Conversation Group from a weekday evening to a weekday morning (Riverside lost
    its evening hours in 2025).
    """
    frame = programs.assign(
        year=programs["date"].dt.year,
        slot=programs["date"].dt.day_name() + " " + programs["start_time"],
        family=programs["title"].str.replace("After-School ", "", regex=False),
    )
    rows = []
    for family, group in frame.groupby("family"):
        years = group.groupby("year")
        if set(years.groups) != {2024, 2025} or len(group) < 20:
            continue
        before, after = years.get_group(2024), years.get_group(2025)
        slot_before, slot_after = before["slot"].mode().iloc[0], after["slot"].mode().iloc[0]
        regular = min((before["slot"] == slot_before).mean(), (after["slot"] == slot_after).mean())
        if slot_before == slot_after or regular < 0.8:  # same slot, or no fixed slot at all
            continue
        rows.append({
            "program": family,
            "audience": str(group["audience"].mode().iloc[0]),
            "2024 slot": slot_before,
            "2025 slot": slot_after,
            "2024 sessions": len(before),
            "2025 sessions": len(after),
            "2024 mean attendance": round(before["attendance"].mean(), 1),
            "2025 mean attendance": round(after["attendance"].mean(), 1),
        })
    table = pd.DataFrame(rows).set_index("program")
    table["change (%)"] = (100 * (table["2025 mean attendance"] / table["2024 mean attendance"]
                                  - 1)).round(0)
    return table


def outcome_gaps(programs: pd.DataFrame, outcomes: pd.DataFrame) -> pd.DataFrame:
    """Mean knowledge and confidence per service area, the gap between them, and the n.

    A large gap means people learned something but do not yet feel sure of it: a sign
    that they need practice and personal support after the session.
    """
    scored = _with_outcomes(programs, outcomes)
    grouped = scored.groupby("service_area", observed=True)
    table = pd.DataFrame({
        "surveys": grouped.size(),
        "knowledge": grouped["knowledge"].mean(),
        "confidence": grouped["confidence"].mean(),
    })
    table["gap"] = table["knowledge"] - table["confidence"]
    return table.round(2).sort_values("gap", ascending=False)


@styled
def plot_outcome_gaps(gaps: pd.DataFrame) -> DescribedFigure:
    """Dot plot: knowledge and confidence per service area, joined by a line."""
    table = gaps.sort_values("gap")
    fig = new_figure(7.5, 3.6)
    ax = fig.add_subplot()
    y = range(len(table))
    ax.hlines(list(y), table["confidence"], table["knowledge"], color="#999999", lw=2)
    ax.scatter(table["knowledge"], list(y), label="I learned something (knowledge)", zorder=3,
               marker="o")
    ax.scatter(table["confidence"], list(y), label="I feel more confident (confidence)", zorder=3,
               marker="s")
    ax.set_yticks(list(y), [f"{a} (n={n:,})" for a, n in zip(table.index, table["surveys"],
                                                                strict=True)])
    ax.set_xlabel("Mean agreement, 1 (strongly disagree) to 5 (strongly agree)")
    ax.set_title("After a program: learned something, but confident?")
    ax.legend(fontsize=9, loc="lower left")
    top = table["gap"].idxmax()
    description = (
        f"Dot plot of mean knowledge and confidence scores for {len(table)} service areas; "
        f"the widest gap is in {top}: knowledge {table.loc[top, 'knowledge']:.2f} against "
        f"confidence {table.loc[top, 'confidence']:.2f} ({table.loc[top, 'surveys']:,} surveys)."
    )
    return DescribedFigure(fig, description)


# -- the program planner's model ---------------------------------------------------------

class ProgramPlanError(ValueError):
    """The program plan cannot be saved or exported as it is; the message says why."""


def _choice(options: tuple[str, ...] | dict[str, str], allow_empty: bool = True) -> Any:
    def check(_self: Any, proposal: dict[str, Any]) -> str:
        value = proposal["value"]
        if (allow_empty and value == "") or value in options:
            return value
        raise traitlets.TraitError(f"{value!r} is not one of the choices.")

    return check


class ProgramPlan(traitlets.HasTraits):
    """A program designed from a group's need, with the outcome it will measure."""

    group = traitlets.Unicode("")
    need = traitlets.Unicode("")
    title = traitlets.Unicode("")
    audience = traitlets.Unicode("adults")
    format = traitlets.Unicode("")
    day = traitlets.Unicode("")
    time = traitlets.Unicode("")
    branch = traitlets.Unicode("")
    partners = traitlets.Unicode("")
    channel = traitlets.Unicode("")
    service_area = traitlets.Unicode("")
    outcome = traitlets.Unicode("")

    FIELDS: tuple[str, ...] = ("group", "need", "title", "audience", "format", "day", "time",
                               "branch", "partners", "channel", "service_area", "outcome")

    _v_audience = traitlets.validate("audience")(_choice(PROGRAM_AUDIENCES, allow_empty=False))
    _v_format = traitlets.validate("format")(_choice(FORMATS))
    _v_day = traitlets.validate("day")(_choice(DAYS))
    _v_time = traitlets.validate("time")(_choice(TIMES))
    _v_branch = traitlets.validate("branch")(_choice(tuple(BRANCHES.values())))
    _v_channel = traitlets.validate("channel")(_choice(CHANNELS))
    _v_area = traitlets.validate("service_area")(_choice(SERVICE_AREAS))
    _v_outcome = traitlets.validate("outcome")(_choice(OUTCOMES))

    def problems(self) -> list[str]:
        """What stops this plan from being saved, in plain words (empty when fine)."""
        found = []
        if not self.need.strip():
            found.append("Write the need the program answers (from the group's data).")
        if not self.title.strip():
            found.append("Give the program a name.")
        for key, words in (("format", "a format"), ("day", "a day"), ("time", "a time"),
                           ("channel", "a channel to promote it"),
                           ("outcome", "the outcome you will measure")):
            if not getattr(self, key):
                found.append(f"Choose {words}.")
        for key, limit in _MAX.items():
            if len(getattr(self, key)) > limit:
                found.append(f"'{key}' is longer than {limit} characters; please shorten it.")
        return found

    def to_dict(self) -> dict[str, Any]:
        """The plan as plain data (for saving)."""
        return {key: getattr(self, key) for key in self.FIELDS}

    def update(self, data: dict[str, Any]) -> list[str]:
        """Set fields from ``data``; return the keys that were ignored as invalid."""
        ignored = []
        for key in self.FIELDS:
            if key not in data:
                continue
            try:
                setattr(self, key, data[key])
            except (traitlets.TraitError, TypeError):
                ignored.append(key)
        return ignored

    def save(self, store: WorkStore) -> Path:
        """Save as finished if complete; raise ProgramPlanError otherwise."""
        issues = self.problems()
        if issues:
            raise ProgramPlanError(" ".join(issues))
        return store.save({"program": self.to_dict(), "complete": True})

    def export(self, folder: Path | None = None) -> tuple[Path, Path]:
        """Write ``program-<title>.md`` and ``.html`` (default folder: my_work/)."""
        issues = self.problems()
        if issues:
            raise ProgramPlanError(" ".join(issues))
        data = self.to_dict()
        return export_files(f"program-{slug(self.title, 'plan')}", program_markdown(data),
                            html_page(f"Program plan: {self.title}", program_card(data)),
                            folder)


_ROWS = (("For", "group"), ("Need", "need"), ("Audience", "audience"), ("Format", "format"),
         ("When", "when"), ("Where", "branch"), ("Partners", "partners"),
         ("Promoted by", "channel"), ("Service area", "service_area"))


def _fields(data: dict[str, Any]) -> tuple[str, list[tuple[str, str]], str]:
    plan = data.get("program", data) if isinstance(data.get("program", data), dict) else {}
    when = " ".join(str(plan.get(k) or "") for k in ("day", "time")).strip()
    values = {**{k: str(plan.get(k) or "") for k in plan}, "when": when}
    outcome = str(plan.get("outcome") or "")
    statement = (f"{outcome}: \u201c{OUTCOMES[outcome]}\u201d (rated 1-5 after each session)"
                 if outcome in OUTCOMES else "")
    rows = [(label, values.get(key, "")) for label, key in _ROWS]
    return str(plan.get("title") or "(no name yet)"), rows, statement


_CITE = ("Outcome statement from the IMLS/PLA standard outcome statements (PLA Project "
         "Outcome).")


def program_markdown(data: dict[str, Any]) -> str:
    """A saved program plan (``module06-program.json``) as Markdown, every value escaped."""
    title, rows, statement = _fields(data)
    out = [f"# Program plan: {md_escape(title)}", ""]
    out += [f"- **{label}:** {md_escape(value) or '-'}" for label, value in rows]
    out += [f"- **Outcome to measure:** {md_escape(statement) or '-'}", "", f"*{_CITE}*"]
    if data.get("complete") is False:
        out += ["", "(A draft.)"]
    return "\n".join(out) + "\n"


def program_card(data: dict[str, Any]) -> str:
    """The program plan as an HTML fragment (the planner's preview and the export)."""
    esc = html.escape
    title, rows, statement = _fields(data)
    items = "".join(f"<dt>{esc(label)}</dt><dd>{esc(value) or '-'}</dd>" for label, value in rows)
    return (
        '<section class="course-kit-program" aria-label="Program plan" style="border:2px solid '
        '#CC79A7;border-radius:8px;padding:8px 12px;background:#fff;color:#111">'
        f"<h3 style='margin-top:0'>Program plan: {esc(title)}</h3><dl>{items}"
        f"<dt>Outcome to measure</dt><dd>{esc(statement) or '-'}</dd></dl>"
        f"<p style='font-size:90%'>{esc(_CITE)}</p></section>"
    )
