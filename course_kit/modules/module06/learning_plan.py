"""Individual learning plans: one patron's goal, the steps to it, and a check-in.

A learning plan is a short agreement between a patron and the library: the goal in the
patron's words ("apply for jobs online"), three to six steps, the resource that helps with
each (a program or an item from the catalogue), a date for each step, and a date when
staff check in. :class:`LearningPlan` is the model behind the learning-plan builder; common
goals to start from are in ``learning_goals.toml`` (a trainer may edit it).

The plan is saved in ``my_work/module06-learning-plan.json``; :func:`plan_markdown` renders
it for the portfolio and for the action-plan workbook.
"""

from __future__ import annotations

import html
import tomllib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import traitlets

from course_kit.modules.module06.portfolio import export_files, html_page, md_escape, slug
from course_kit.storage import WorkStore

__all__ = [
    "GOALS_FILE",
    "MAX_STEPS",
    "LearningPlan",
    "PlanError",
    "goal_resources",
    "load_goals",
    "plan_html",
    "plan_markdown",
    "resource_options",
]

GOALS_FILE = Path(__file__).resolve().parent / "learning_goals.toml"
MAX_STEPS = 6
_MAX = {"learner": 60, "goal": 120, "check_in_how": 200, "what": 200, "resource": 200}
_BRANCH_NAMES = {"CEN": "Central Library", "EAS": "Eastside Branch", "RIV": "Riverside Branch",
                 "HIL": "Hillcrest Branch"}


class PlanError(ValueError):
    """The plan cannot be saved or exported as it is; the message says why."""


def load_goals(path: Path = GOALS_FILE) -> list[dict[str, Any]]:
    """The common goals to start from, as written in ``learning_goals.toml``."""
    with open(path, "rb") as handle:
        return list(tomllib.load(handle).get("goals", []))


def _program_label(title: str, programs: pd.DataFrame) -> str:
    """'Program: Tech Help Drop-in (Central Library, Thursdays at 14:00)'.

    The day is named only when most sessions fall on it; a program held at several
    branches says so.
    """
    rows = programs[programs["title"] == title]
    if rows.empty:
        return f"Program: {title}"
    branches = [_BRANCH_NAMES.get(b, b) for b in rows["branch_id"].value_counts().index]
    time = rows["start_time"].mode().iloc[0]
    days = rows["date"].dt.day_name().value_counts(normalize=True)
    when = f"{days.index[0]}s at {time}" if days.iloc[0] >= 0.8 else f"several days at {time}"
    where = branches[0] if len(branches) == 1 else f"{len(branches)} branches"
    return f"Program: {title} ({where}, {when})"


def _item_label(item_id: str, catalogue: pd.DataFrame) -> str:
    """"Catalog: Tablets: a Guide (ebook)": the title and format a patron asks for, not the
    catalog's internal id (which shows only when the item is not in the catalog)."""
    row = catalogue.loc[catalogue["item_id"] == item_id]
    if row.empty:
        return f"Catalog: {item_id}"
    first = row.iloc[0]
    return f"Catalog: {first['title']} ({first['format']})"


def resource_label(step: dict[str, Any], catalogue: pd.DataFrame,
                   programs: pd.DataFrame) -> str:
    """The resource of a template step in words: a program (where, when) or an item."""
    if step.get("program"):
        return _program_label(str(step["program"]), programs)
    if step.get("item_id"):
        return _item_label(str(step["item_id"]), catalogue)
    return ""


def resource_options(catalogue: pd.DataFrame, programs: pd.DataFrame,
                     goals: list[dict[str, Any]] | None = None) -> list[str]:
    """Suggestions for the resource boxes: every program, then the items the goals name."""
    goals = load_goals() if goals is None else goals
    regular = programs["title"].value_counts()
    options = [_program_label(t, programs) for t in sorted(regular[regular >= 10].index)]
    for goal in goals:
        for step in goal.get("steps", []):
            if step.get("item_id"):
                label = _item_label(str(step["item_id"]), catalogue)
                if label not in options:
                    options.append(label)
    return options


def goal_resources(catalogue: pd.DataFrame, programs: pd.DataFrame,
                   loans: pd.DataFrame | None = None,
                   goals: list[dict[str, Any]] | None = None) -> pd.DataFrame:
    """Each common goal's steps, with the Millbrook resource and how much it was used in 2025.

    A program: its sessions in 2025 and the people per session. A title: the number of
    borrowers in the 2025 loans sample (when ``loans`` is given).
    """
    goals = load_goals() if goals is None else goals
    this_year = programs[programs["date"].dt.year == 2025]
    rows = []
    for goal in goals:
        for step in goal.get("steps", []):
            use = ""
            if step.get("program"):
                held = this_year[this_year["title"] == step["program"]]
                if len(held):
                    use = (f"{len(held)} sessions, {held['attendance'].mean():.1f} people "
                           "per session")
            elif step.get("item_id") and loans is not None:
                borrowers = loans.loc[loans["item_id"] == step["item_id"], "patron_id"].nunique()
                use = f"{borrowers} borrowers in the loans sample"
            rows.append({"goal": goal["goal"], "step": step.get("what", ""),
                         "resource": resource_label(step, catalogue, programs),
                         "use in 2025": use})
    return pd.DataFrame(rows).set_index(["goal", "step"])


def _parse_date(text: str, what: str) -> tuple[date | None, str]:
    text = text.strip()
    if not text:
        return None, ""
    try:
        return date.fromisoformat(text), ""
    except ValueError:
        return None, (f"{what}: '{text[:20]}' is not a date. Write it as year-month-day, "
                      "e.g. 2026-03-02.")


class LearningPlan(traitlets.HasTraits):
    """A patron's goal, up to six steps with a resource and a date each, and a check-in."""

    learner = traitlets.Unicode("")
    goal = traitlets.Unicode("")
    steps = traitlets.List(traitlets.Dict(), default_value=[])
    check_in = traitlets.Unicode("")
    check_in_how = traitlets.Unicode("")

    FIELDS: tuple[str, ...] = ("learner", "goal", "steps", "check_in", "check_in_how")

    @traitlets.validate("steps")
    def _check_steps(self, proposal: dict[str, Any]) -> list[dict[str, str]]:
        value = proposal["value"]
        if len(value) > MAX_STEPS:
            raise traitlets.TraitError(f"A plan has at most {MAX_STEPS} steps.")
        clean = []
        for step in value:
            if not isinstance(step, dict):
                raise traitlets.TraitError("Each step must be a what / resource / due record.")
            clean.append({k: str(step.get(k) or "") for k in ("what", "resource", "due")})
        return clean

    def filled_steps(self) -> list[dict[str, str]]:
        """The steps that say what to do (empty rows are left out)."""
        return [s for s in self.steps if s["what"].strip() or s["resource"].strip()
                or s["due"].strip()]

    # -- checks ------------------------------------------------------------------------
    def problems(self) -> list[str]:
        """What stops this plan from being saved, in plain words (empty when fine)."""
        found = []
        if not self.goal.strip():
            found.append("Write the goal, in the patron's own words.")
        steps = self.filled_steps()
        if not steps:
            found.append("Add at least one step.")
        dates = []
        for number, step in enumerate(steps, start=1):
            if not step["what"].strip():
                found.append(f"Step {number} has no 'what to do'.")
            when, error = _parse_date(step["due"], f"Step {number}")
            if error:
                found.append(error)
            elif when is None:
                found.append(f"Step {number} needs a date.")
            else:
                dates.append(when)
        check, error = _parse_date(self.check_in, "Check-in")
        if error:
            found.append(error)
        elif check is None:
            found.append("Set a date to check in with the patron.")
        elif dates and check < max(dates):
            found.append("The check-in comes before the last step; move it later.")
        if dates != sorted(dates):
            found.append("The steps' dates are not in order; put them in the order they happen.")
        for key, limit in _MAX.items():
            texts = [s.get(key, "") for s in steps] if key in ("what", "resource") else [
                getattr(self, key)]
            if any(len(t) > limit for t in texts):
                found.append(f"A '{key}' entry is longer than {limit} characters; "
                             "please shorten it.")
        return found

    # -- data --------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The plan as plain data (for saving)."""
        return {"learner": self.learner, "goal": self.goal, "steps": self.filled_steps(),
                "check_in": self.check_in, "check_in_how": self.check_in_how}

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

    def from_template(self, template: dict[str, Any], start: date, catalogue: pd.DataFrame,
                      programs: pd.DataFrame) -> None:
        """Fill goal, steps and check-in from a common goal, dated from ``start``."""
        steps = [{"what": str(s.get("what", "")),
                  "resource": resource_label(s, catalogue, programs),
                  "due": (start + timedelta(days=int(s.get("days", 7)))).isoformat()}
                 for s in template.get("steps", [])][:MAX_STEPS]
        self.goal = str(template.get("goal", ""))
        self.steps = steps
        self.check_in = (start + timedelta(days=int(template.get("check_in_days", 30)))).isoformat()

    def save(self, store: WorkStore) -> Path:
        """Save as finished if the plan is complete; raise PlanError otherwise."""
        issues = self.problems()
        if issues:
            raise PlanError(" ".join(issues))
        return store.save({"plan": self.to_dict(), "complete": True})

    def export(self, folder: Path | None = None) -> tuple[Path, Path]:
        """Write ``learning-plan-<goal>.md`` and ``.html`` (default folder: my_work/)."""
        issues = self.problems()
        if issues:
            raise PlanError(" ".join(issues))
        data = self.to_dict()
        return export_files(f"learning-plan-{slug(self.goal, 'plan')}", plan_markdown(data),
                            plan_html(data), folder)


def plan_markdown(data: dict[str, Any]) -> str:
    """A saved plan (``plan`` in ``module06-learning-plan.json``, or the whole file) as
    Markdown; every value is escaped."""
    plan = data.get("plan", data) if isinstance(data.get("plan", data), dict) else {}
    esc = md_escape
    out = [f"# Learning plan: {esc(plan.get('goal') or '(no goal yet)')}", ""]
    if str(plan.get("learner", "")).strip():
        out += [f"For: {esc(plan['learner'])}", ""]
    out += ["| # | What to do | Resource | By |", "| --- | --- | --- | --- |"]
    for number, step in enumerate(plan.get("steps") or [], start=1):
        if isinstance(step, dict):
            out.append(f"| {number} | {esc(step.get('what', ''))} | "
                       f"{esc(step.get('resource', ''))} | {esc(step.get('due', ''))} |")
    how = f" ({esc(plan['check_in_how'])})" if str(plan.get("check_in_how", "")).strip() else ""
    out += ["", f"**Check-in:** {esc(plan.get('check_in') or '(no date yet)')}{how}"]
    if data.get("complete") is False:
        out += ["", "(A draft.)"]
    return "\n".join(out) + "\n"


def plan_card(data: dict[str, Any]) -> str:
    """The plan as an HTML fragment (the widget's preview and the exported page)."""
    esc = html.escape
    plan = data.get("plan", data)
    rows = "".join(
        f"<tr><td>{n}</td><td>{esc(str(s.get('what', '')))}</td>"
        f"<td>{esc(str(s.get('resource', '')))}</td><td>{esc(str(s.get('due', '')))}</td></tr>"
        for n, s in enumerate(plan.get("steps") or [], start=1) if isinstance(s, dict))
    learner = (f"<p>For: {esc(str(plan['learner']))}</p>"
               if str(plan.get("learner", "")).strip() else "")
    how = (f" ({esc(str(plan['check_in_how']))})"
           if str(plan.get("check_in_how", "")).strip() else "")
    return (
        '<section class="course-kit-plan" aria-label="Learning plan" style="border:2px solid '
        '#009E73;border-radius:8px;padding:8px 12px;background:#fff;color:#111">'
        f"<h3 style='margin-top:0'>Learning plan: {esc(str(plan.get('goal') or '(no goal yet)'))}"
        f"</h3>{learner}<table><caption>Steps</caption><thead><tr><th scope='col'>#</th>"
        "<th scope='col'>What to do</th><th scope='col'>Resource</th><th scope='col'>By</th>"
        f"</tr></thead><tbody>{rows}</tbody></table>"
        f"<p><strong>Check-in:</strong> {esc(str(plan.get('check_in') or '(no date yet)'))}"
        f"{how}</p></section>"
    )


def plan_html(data: dict[str, Any]) -> str:
    """A complete HTML page holding the plan (for the portfolio)."""
    plan = data.get("plan", data)
    return html_page(f"Learning plan: {plan.get('goal') or ''}", plan_card(data))
