"""The accessibility audit: a checklist per building (and one for the website).

The checklist (``checklist.toml``, editable by a trainer) names each check, the figure the
standard sets and its clause in the 2010 ADA Standards, the 1991 ADAAG library section or
WCAG 2.2. :class:`AccessibilityAudit` is the model behind the audit widget: it pre-fills
what the case-study audit table already measured, lets the participant record the rest,
and turns the result into a compliance summary and a prioritized action list
(impact × effort). Everything is saved in ``my_work/module09-audit.json`` as it is typed.
"""

from __future__ import annotations

import html
import math
import tomllib
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import traitlets

from course_kit.saved_work import escape_markdown
from course_kit.storage import WorkStore, work_dir

__all__ = [
    "CHECKLIST_FILE",
    "SITES",
    "AccessibilityAudit",
    "Action",
    "AuditError",
    "Check",
    "audit_markdown",
    "audit_overview",
    "load_checklist",
    "measured_meets",
]

CHECKLIST_FILE = Path(__file__).with_name("checklist.toml")
#: The places audited: the four buildings and the website ("WEB").
SITES: dict[str, str] = {
    "CEN": "Central Library",
    "EAS": "Eastside Branch",
    "HIL": "Hillcrest Branch",
    "RIV": "Riverside Branch",
    "WEB": "Library website",
}
Status = Literal["meets", "does not meet", "not checked"]
STATUSES: tuple[str, ...] = ("meets", "does not meet", "not checked")
MAX_NOTE = 300
MAX_VALUE = 10_000.0


class AuditError(ValueError):
    """Something typed into the audit cannot be used; the message says why."""


@dataclass(frozen=True)
class Check:
    """One line of the checklist."""

    id: str
    area: str
    label: str
    kind: str
    source: str
    impact: int
    effort: int
    fix: str
    requirement: str = ""
    limit: float = math.nan
    unit: str = ""
    audit_item: str = ""

    def standard_text(self) -> str:
        """The figure the standard sets, in words: 'at least 36 in'."""
        if self.kind == "yes/no":
            return "yes"
        return f"{self.requirement} {self.amount(self.limit)}"

    def amount(self, value: float) -> str:
        """A figure with the check's unit: '36 in', '5% of seats' (no space before %)."""
        space = "" if self.unit.startswith("%") else " "
        return f"{value:g}{space}{self.unit}".strip()

    def meets(self, value: float) -> bool:
        """True when a measured value meets the standard (limits included)."""
        return value >= self.limit if self.requirement == "at least" else value <= self.limit


@cache
def _read_checklist(path: str) -> tuple[Check, ...]:
    raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    checks = []
    for item in raw.get("checks", []):
        checks.append(Check(
            id=str(item["id"]), area=str(item["area"]), label=str(item["label"]),
            kind=str(item["kind"]), source=str(item["source"]), impact=int(item["impact"]),
            effort=int(item["effort"]), fix=str(item["fix"]),
            requirement=str(item.get("requirement", "")),
            limit=float(item.get("limit", math.nan)), unit=str(item.get("unit", "")),
            audit_item=str(item.get("audit_item", "")),
        ))
    return tuple(checks)


def load_checklist(path: Path | None = None) -> tuple[Check, ...]:
    """The checks of ``checklist.toml`` (or a trainer's own file)."""
    return _read_checklist(str(path or CHECKLIST_FILE))


def measured_meets(audit: pd.DataFrame) -> pd.Series:
    """Recompute each audit row's pass or fail from its measured and standard values."""
    at_least = audit["requirement"].astype(str) == "at least"
    return audit["measured_value"].ge(audit["standard_value"]).where(
        at_least, audit["measured_value"].le(audit["standard_value"]))


def audit_overview(audit: pd.DataFrame) -> pd.DataFrame:
    """Checks measured, met and failed per building and for the website (with counts)."""
    table = audit.assign(
        site=audit["branch_id"].fillna("WEB").replace("", "WEB").map(SITES),
        meets=measured_meets(audit),
    )
    out = table.groupby("site", sort=False).agg(
        checks=("check_id", "size"), meet=("meets", "sum"))
    out["fail"] = out["checks"] - out["meet"]
    out["meet_%"] = (100 * out["meet"] / out["checks"]).round(0)
    out.index.name = "audited"
    return out.astype({"checks": int, "meet": int, "fail": int})


@dataclass(frozen=True)
class Action:
    """A failed check turned into something to do, with its priority."""

    check: Check
    impact: int
    effort: int

    @property
    def score(self) -> int:
        """Impact × ease (ease = 4 − effort): 9 is a quick win that matters most."""
        return self.impact * (4 - self.effort)

    @property
    def group(self) -> str:
        """Where the action sits on an impact × effort grid."""
        high_impact, low_effort = self.impact >= 2, self.effort <= 1
        if high_impact and low_effort:
            return "quick win"
        if high_impact:
            return "major project"
        return "fill-in" if low_effort else "later"


def _number(text: Any) -> float:
    """Read a measurement typed as text; raise AuditError with a plain message."""
    if isinstance(text, bool):
        raise AuditError("Type a number, for example 36.")
    if isinstance(text, int | float):
        value = float(text)
    else:
        cleaned = str(text).strip().replace(",", ".")
        for unit in ("inches", "inch", "in", "%", "px", ":1"):
            if cleaned.lower().endswith(unit):
                cleaned = cleaned[: -len(unit)].strip()
        if not cleaned:
            raise AuditError("The measurement is empty. Type a number, for example 36.")
        try:
            value = float(cleaned)
        except ValueError:
            raise AuditError(
                f"“{str(text)[:30]}” is not a number. Type digits only, for example 36 or 4.5."
            ) from None
    if not math.isfinite(value) or value < 0 or value > MAX_VALUE:
        raise AuditError("That number cannot be a real measurement. Please check it.")
    return value


class AccessibilityAudit(traitlets.HasTraits):
    """The audit of every site: one entry per site and check, saved as it changes.

    An entry is ``{"status", "measured", "note", "by", "impact", "effort"}``; ``by`` is
    ``"audit table"`` for a pre-filled value and ``"you"`` for one the participant recorded.
    """

    site = traitlets.Unicode("HIL")
    entries = traitlets.Dict()

    @traitlets.validate("site")
    def _check_site(self, proposal: dict[str, Any]) -> str:
        if proposal["value"] not in SITES:
            raise traitlets.TraitError(f"Choose one of {', '.join(SITES)}.")
        return proposal["value"]

    def __init__(self, audit: pd.DataFrame | None = None, store: WorkStore | None = None,
                 checklist: tuple[Check, ...] | None = None,
                 saved: dict[str, Any] | None = None) -> None:
        """Pre-fill from ``audit`` (the case-study table), then restore saved work.

        ``saved`` replaces what the store holds (used to render a saved file).
        """
        super().__init__()
        self.checklist = checklist or load_checklist()
        self.by_id = {c.id: c for c in self.checklist}
        self.store = store or WorkStore("module09-audit")
        entries: dict[str, dict[str, dict[str, Any]]] = {s: {} for s in SITES}
        if audit is not None:
            self._prefill(entries, audit)
        if saved is None:
            saved = self.store.load()
            self.notice = self.store.notice
        else:
            self.notice = ""
        self.restored = False
        raw = saved.get("entries")
        for site, checks in (raw if isinstance(raw, dict) else {}).items():
            if site in SITES and isinstance(checks, dict):
                for cid, entry in checks.items():
                    if cid in self.by_id and isinstance(entry, dict) and \
                            entry.get("status") in STATUSES:
                        entries[site][cid] = self._clean(entry)
                        self.restored = True
        self.entries = entries
        if saved.get("site") in SITES:
            self.site = saved["site"]

    # -- building the entries ----------------------------------------------------------
    def _prefill(self, entries: dict[str, dict[str, dict[str, Any]]],
                 audit: pd.DataFrame) -> None:
        for row in audit.itertuples(index=False):
            branch = row.branch_id if isinstance(row.branch_id, str) and row.branch_id else "WEB"
            check = next((c for c in self.checklist if c.audit_item == row.item), None)
            if check is None or branch not in SITES:
                continue
            value = float(row.measured_value)
            entries[branch][check.id] = {
                "status": "meets" if check.meets(value) else "does not meet",
                "measured": value,
                "note": str(row.note) if isinstance(row.note, str) else "",
                "by": "audit table",
            }

    @staticmethod
    def _clean(entry: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {"status": entry["status"],
                               "note": str(entry.get("note", ""))[:MAX_NOTE],
                               "by": "audit table" if entry.get("by") == "audit table" else "you"}
        measured = entry.get("measured")
        if isinstance(measured, int | float) and not isinstance(measured, bool) \
                and math.isfinite(measured):
            out["measured"] = float(measured)
        for key in ("impact", "effort"):
            if entry.get(key) in (1, 2, 3):
                out[key] = entry[key]
        return out

    def checks_for(self, site: str | None = None) -> list[Check]:
        """The checks that apply to a site (building checks, or website checks)."""
        area = "website" if (site or self.site) == "WEB" else "building"
        return [c for c in self.checklist if c.area == area]

    def entry(self, check_id: str, site: str | None = None) -> dict[str, Any]:
        """The entry of one check ({'status': 'not checked'} when nothing is known)."""
        return dict(self.entries.get(site or self.site, {}).get(check_id,
                                                                {"status": "not checked"}))

    def _store(self, check_id: str, entry: dict[str, Any]) -> None:
        site_entries = dict(self.entries.get(self.site, {}))
        site_entries[check_id] = entry
        self.entries = {**self.entries, self.site: site_entries}
        self.save()

    def _check(self, check_id: str) -> Check:
        if check_id not in self.by_id or self.by_id[check_id] not in self.checks_for():
            raise AuditError(f"There is no check {check_id!r} for {SITES[self.site]}.")
        return self.by_id[check_id]

    # -- what the participant records --------------------------------------------------
    def record_measurement(self, check_id: str, value: Any, note: str = "") -> dict[str, Any]:
        """Record a measured value; the status follows from the standard's figure."""
        check = self._check(check_id)
        if check.kind != "measure":
            raise AuditError("This check is answered yes or no, not with a number.")
        number = _number(value)
        entry = {**self.entry(check_id), "measured": number, "by": "you",
                 "status": "meets" if check.meets(number) else "does not meet"}
        entry["note"] = self._note(note, entry)
        self._store(check_id, entry)
        return entry

    def record_answer(self, check_id: str, meets: bool | None, note: str = "") -> dict[str, Any]:
        """Record a yes/no check: True (meets), False (does not) or None (not checked)."""
        check = self._check(check_id)
        if check.kind != "yes/no":
            raise AuditError("This check needs a measured number, not yes or no.")
        status = "not checked" if meets is None else ("meets" if meets else "does not meet")
        entry = {**self.entry(check_id), "status": status, "by": "you"}
        entry["note"] = self._note(note, entry)
        self._store(check_id, entry)
        return entry

    def set_priority(self, check_id: str, impact: int, effort: int) -> None:
        """Change the impact and effort (1-3 each) of one check at this site."""
        self._check(check_id)
        if impact not in (1, 2, 3) or effort not in (1, 2, 3):
            raise AuditError("Impact and effort are scored 1, 2 or 3.")
        self._store(check_id, {**self.entry(check_id), "impact": impact, "effort": effort})

    @staticmethod
    def _note(note: str, entry: dict[str, Any]) -> str:
        text = str(note or "").strip() or str(entry.get("note", ""))
        if len(text) > MAX_NOTE:
            raise AuditError(f"The note has {len(text)} characters; the limit is {MAX_NOTE}. "
                             "Please shorten it. Your text is still in the box.")
        return text

    def save(self) -> Path:
        """Save every site's entries and the site shown (atomic, in ``my_work/``)."""
        return self.store.save({"site": self.site, "entries": self.entries,
                                "saved_at": datetime.now().strftime("%Y-%m-%d %H:%M")})

    # -- results ------------------------------------------------------------------------
    def summary(self, site: str | None = None) -> dict[str, int]:
        """Counts of checks that meet, do not meet and are not checked yet, at a site."""
        site = site or self.site
        counts = {s: 0 for s in STATUSES}
        for check in self.checks_for(site):
            counts[self.entry(check.id, site)["status"]] += 1
        counts["checks"] = sum(counts[s] for s in STATUSES)
        return counts

    def summary_sentence(self, site: str | None = None) -> str:
        """'Hillcrest Branch: 8 of 10 checked items meet the standard; 2 do not; 2 not checked.'"""
        site = site or self.site
        s = self.summary(site)
        checked = s["meets"] + s["does not meet"]
        return (f"{SITES[site]}: {s['meets']} of {checked} checked items meet the standard; "
                f"{s['does not meet']} do not; {s['not checked']} of {s['checks']} not "
                "checked yet.")

    def actions(self, site: str | None = None) -> list[Action]:
        """Failed checks as actions, highest priority (impact × ease) first."""
        site = site or self.site
        out = []
        for check in self.checks_for(site):
            entry = self.entry(check.id, site)
            if entry["status"] == "does not meet":
                out.append(Action(check, int(entry.get("impact", check.impact)),
                                  int(entry.get("effort", check.effort))))
        return sorted(out, key=lambda a: (-a.score, -a.impact, a.check.id))

    # -- export -------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The saved data (what :func:`audit_markdown` renders)."""
        return {"site": self.site, "entries": self.entries}

    def to_markdown(self, site: str | None = None) -> str:
        """The audit of one site: summary, every check and the action list (escaped)."""
        return audit_markdown(self.to_dict(), site or self.site, self.checklist)

    def table_html(self, site: str | None = None) -> str:
        """Every check of a site as an HTML table: standard, measured, result, note, source."""
        site = site or self.site
        esc = html.escape
        rows = []
        for check in self.checks_for(site):
            entry = self.entry(check.id, site)
            measured = check.amount(entry["measured"]) if "measured" in entry else ""
            rows.append(
                f"<tr><td>{esc(check.label)}</td><td>{esc(check.standard_text())}</td>"
                f"<td>{esc(measured)}</td><td><strong>{esc(entry['status'])}</strong></td>"
                f"<td>{esc(entry.get('note', ''))}</td><td>{esc(check.source)}</td></tr>")
        # The wrapper scrolls sideways on a narrow screen instead of widening the page.
        return ('<div style="overflow-x:auto;max-width:100%"><table style="border-collapse:'
                'collapse;color:#111"><caption style="text-align:left">Checks against the '
                "standard</caption><tr><th>Check</th><th>Standard</th><th>Measured</th>"
                "<th>Result</th><th>Note</th><th>Source</th></tr>"
                f"{''.join(rows)}</table></div>")

    def actions_html(self, site: str | None = None) -> str:
        """The action list as an ordered HTML list, highest priority first."""
        esc = html.escape
        items = "".join(
            f"<li><strong>{esc(a.check.label)}</strong> ({esc(a.group)}; impact {a.impact}, "
            f"effort {a.effort}): {esc(a.check.fix)}</li>" for a in self.actions(site)
        ) or "<li>No failed checks: nothing to fix yet.</li>"
        return f"<h4>Action list, highest priority first</h4><ol>{items}</ol>"

    def to_html(self, site: str | None = None) -> str:
        """The audit of one site as an HTML fragment: summary, table of checks, action list."""
        site = site or self.site
        return (
            f'<section class="course-kit-audit-report" style="color:#111">'
            f"<h3>Accessibility audit: {html.escape(SITES[site])}</h3>"
            f"<p>{html.escape(self.summary_sentence(site))}</p>"
            f"{self.table_html(site)}{self.actions_html(site)}</section>"
        )

    def to_html_page(self, site: str | None = None) -> str:
        """A complete HTML page for the portfolio."""
        site = site or self.site
        return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
                f"<title>Accessibility audit: {html.escape(SITES[site])}</title>"
                '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
                '<body style="font-family:system-ui,sans-serif;line-height:1.4"><main>'
                f"{self.to_html(site)}</main></body></html>\n")

    def export(self, folder: Path | None = None, site: str | None = None) -> tuple[Path, Path]:
        """Write ``accessibility-audit-<site>.md`` and ``.html`` (default: my_work/)."""
        site = site or self.site
        target = Path(folder) if folder is not None else work_dir()
        target.mkdir(parents=True, exist_ok=True)
        stem = f"accessibility-audit-{site.lower()}"
        md, page = target / f"{stem}.md", target / f"{stem}.html"
        md.write_text(self.to_markdown(site), encoding="utf-8")
        page.write_text(self.to_html_page(site), encoding="utf-8")
        return md, page


def _md(text: Any) -> str:
    """Text for a Markdown line or table cell: escaped, on one line (shown, never run)."""
    return escape_markdown(str(text)).replace("\n", " ")


def audit_markdown(data: dict[str, Any], site: str | None = None,
                   checklist: tuple[Check, ...] | None = None) -> str:
    """Saved audit work (``my_work/module09-audit.json``) as escaped Markdown.

    Used by the portfolio and the action plan; it never trusts the file: unknown sites and
    checks are skipped.
    """
    if not isinstance(data, dict):
        data = {}
    model = AccessibilityAudit(checklist=checklist, saved=data)
    site = site if site in SITES else model.site
    lines = [f"# Accessibility audit: {_md(SITES[site])}", "",
             _md(model.summary_sentence(site)), "",
             "| check | standard | measured | result | note | source |",
             "|---|---|---|---|---|---|"]
    for check in model.checks_for(site):
        entry = model.entry(check.id, site)
        measured = check.amount(entry["measured"]) if "measured" in entry else ""
        cells = (check.label, check.standard_text(), measured, entry["status"],
                 entry.get("note", ""), check.source)
        lines.append("| " + " | ".join(_md(cell) for cell in cells) + " |")
    lines += ["", "## Action list, highest priority first", ""]
    actions = model.actions(site)
    lines += [f"{i}. **{_md(a.check.label)}** ({a.group}; impact {a.impact}, effort "
              f"{a.effort}): {_md(a.check.fix)}" for i, a in enumerate(actions, 1)]
    if not actions:
        lines.append("No failed checks: nothing to fix yet.")
    return "\n".join(lines) + "\n"
