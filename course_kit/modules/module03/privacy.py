"""The privacy lab: how easy is it to pick one patron out of a "harmless" table?

A table with no names can still point at one person. Age band, neighborhood, language and
the day a card was issued are each harmless; together they may fit only one patron. Those
columns are *quasi-identifiers*. A table is **k-anonymous** when every combination of its
quasi-identifiers is shared by at least k rows: k is the size of the smallest group
(Sweeney, "k-anonymity: a model for protecting privacy", 2002). k = 1 means someone is unique.

Ways to raise k, all plain pandas: *generalise* (five age bands become three, a date becomes a
month or a year), *drop* a column, and *pseudonymise* the id with a salted hash so that rows
of one person still link up without showing who it is. Each step costs some analysis; the
lab shows which analyses still work. :class:`PrivacyPlan` is the lab's model; the widget in
:mod:`.privacy_lab` is a thin view over it.
"""

from __future__ import annotations

import hashlib
import html
import secrets
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import traitlets

from course_kit.modules.module03.portfolio import html_page, md_escape
from course_kit.storage import WorkStore

__all__ = [
    "ANALYSES",
    "LEVELS",
    "QUASI_IDENTIFIERS",
    "RETENTION",
    "START",
    "TARGET_K",
    "PrivacyError",
    "PrivacyPlan",
    "analyses_that_work",
    "generalise",
    "group_sizes",
    "k_anonymity",
    "new_salt",
    "plan_html",
    "plan_markdown",
    "pseudonymise",
    "release_table",
    "risk_summary",
    "toy_table",
]

#: The k a release should reach before it leaves the library (a common rule of thumb).
TARGET_K = 5

#: Quasi-identifier column -> its label in the lab.
QUASI_IDENTIFIERS: dict[str, str] = {
    "age_band": "Age band",
    "neighbourhood_id": "Neighborhood",
    "preferred_language": "Language",
    "home_branch_id": "Home branch",
    "registered_on": "Day the card was issued",
}

#: Column -> the levels it can be shown at, finest first: (code, label).
LEVELS: dict[str, tuple[tuple[str, str], ...]] = {
    "age_band": (("exact", "5 age bands"), ("bands3", "3 age bands: 0-17, 18-64, 65+"),
                 ("drop", "leave out")),
    "neighbourhood_id": (("exact", "as recorded"), ("drop", "leave out")),
    "preferred_language": (("exact", "as recorded"), ("two", "English or another language"),
                           ("drop", "leave out")),
    "home_branch_id": (("exact", "as recorded"), ("drop", "leave out")),
    "registered_on": (("exact", "exact date"), ("month", "month"), ("year", "year"),
                      ("drop", "leave out")),
}

#: Everything at its finest: the table as the library holds it.
START: dict[str, str] = {column: "exact" for column in QUASI_IDENTIFIERS}

_AGE3 = {"0-12": "0-17", "13-17": "0-17", "18-34": "18-64", "35-64": "18-64", "65+": "65+"}

#: How long the library keeps a link between a patron and what they borrowed.
RETENTION: tuple[str, ...] = (
    "Delete the link when the item comes back",
    "Keep for 30 days after return",
    "Keep for 6 months",
    "Keep for 1 year",
    "Keep for 3 years (until the card is purged)",
    "Keep forever",
)

#: An analysis a trainer or manager may want, and the levels it needs: {column: codes}.
ANALYSES: tuple[tuple[str, dict[str, tuple[str, ...]]], ...] = (
    ("Lapsed cards by the five age bands", {"age_band": ("exact",)}),
    ("Children, adults and seniors compared", {"age_band": ("exact", "bands3")}),
    ("Use by neighborhood (outreach in Southgate)", {"neighbourhood_id": ("exact",)}),
    ("Spanish- and Vietnamese-speaking patrons' use",
     {"preferred_language": ("exact",)}),
    ("English and other languages compared", {"preferred_language": ("exact", "two")}),
    ("Loans by home branch", {"home_branch_id": ("exact",)}),
    ("New cards per month", {"registered_on": ("exact", "month")}),
    ("New cards per year", {"registered_on": ("exact", "month", "year")}),
)


class PrivacyError(ValueError):
    """The table or the choices cannot be used as they are; the message says why."""


def _check_columns(table: pd.DataFrame, columns: list[str]) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise PrivacyError(f"The table has no column named {', '.join(missing)}.")
    if len(table) == 0:
        raise PrivacyError("The table is empty, so there is nobody to protect or count.")


def group_sizes(table: pd.DataFrame, columns: list[str]) -> pd.Series:
    """How many rows share each combination of ``columns`` (blank values form a group)."""
    _check_columns(table, columns)
    if not columns:
        return pd.Series([len(table)], name="rows")
    keys = table[columns].astype("string").fillna("(blank)")
    return keys.value_counts(sort=False).rename("rows")


def k_anonymity(table: pd.DataFrame, columns: list[str]) -> int:
    """The size of the smallest group of rows sharing the same ``columns`` values."""
    return int(group_sizes(table, columns).min())


def risk_summary(table: pd.DataFrame, columns: list[str], k: int = TARGET_K) -> dict[str, int]:
    """k, the number of unique rows, the rows in groups smaller than ``k`` and the groups."""
    sizes = group_sizes(table, columns)
    return {
        "rows": len(table),
        "groups": len(sizes),
        "k": int(sizes.min()),
        "unique": int(sizes[sizes == 1].sum()),
        "below_target": int(sizes[sizes < k].sum()),
    }


def pseudonymise(ids: pd.Series, salt: str) -> pd.Series:
    """Replace each id with the first 16 hex digits of SHA-256(salt + id).

    The same id always gets the same pseudonym, so one person's rows still link up. Without
    a secret salt anyone could hash P00001, P00002… and undo it, so a salt is required; keep
    it inside the library, never with the released table.
    """
    if not isinstance(salt, str) or len(salt) < 8:
        raise PrivacyError("Pseudonyms need a secret salt of at least 8 characters.")
    return ids.astype(str).map(
        lambda value: hashlib.sha256((salt + value).encode("utf-8")).hexdigest()[:16])


def generalise(table: pd.DataFrame, levels: dict[str, str]) -> pd.DataFrame:
    """The quasi-identifier columns at the chosen ``levels``; left-out columns are dropped."""
    unknown = [c for c in levels if c not in LEVELS]
    if unknown:
        raise PrivacyError(f"The lab cannot generalise {', '.join(unknown)}.")
    out = pd.DataFrame(index=table.index)
    for column, level in levels.items():
        allowed = [code for code, _label in LEVELS[column]]
        if level not in allowed:
            raise PrivacyError(f"{QUASI_IDENTIFIERS[column]} cannot be shown as '{level}'.")
        if level == "drop":
            continue
        _check_columns(table, [column])
        values = table[column]
        if column == "age_band" and level == "bands3":
            values = values.astype(str).map(_AGE3)
        elif column == "preferred_language" and level == "two":
            values = values.astype(str).where(values.astype(str) == "English", "another")
        elif column == "registered_on" and level in ("month", "year"):
            values = pd.to_datetime(values).dt.strftime("%Y-%m" if level == "month" else "%Y")
        elif column == "registered_on":
            values = pd.to_datetime(values).dt.strftime("%Y-%m-%d")
        out[column] = values.astype(str)
    return out


def release_table(patrons: pd.DataFrame, loans: pd.DataFrame, levels: dict[str, str],
                  salt: str | None = None) -> pd.DataFrame:
    """The table the library would hand over: kept quasi-identifiers, loans in the sample.

    With a ``salt`` the patron id becomes a pseudonym; without one the id is left out.
    """
    table = generalise(patrons, levels)
    counts = loans["patron_id"].value_counts()
    table["loans_in_sample"] = patrons["patron_id"].map(counts).fillna(0).astype(int)
    if salt:
        table.insert(0, "pseudonym", pseudonymise(patrons["patron_id"], salt))
    return table.reset_index(drop=True)


def analyses_that_work(levels: dict[str, str]) -> pd.DataFrame:
    """Which of :data:`ANALYSES` the released table still allows."""
    rows = []
    for name, needs in ANALYSES:
        works = all(levels.get(column, "exact") in codes for column, codes in needs.items())
        rows.append({"analysis": name, "still works": "yes" if works else "no"})
    return pd.DataFrame(rows)


class PrivacyPlan(traitlets.HasTraits):
    """The lab's state: a level per quasi-identifier, pseudonyms, a retention period.

    The figures (:attr:`summary`) follow every change. :meth:`save` keeps the plan in
    ``my_work/module03-privacy.json``; the plan comes back when the notebook is reopened.
    """

    levels = traitlets.Dict(default_value=dict(START))
    use_pseudonyms = traitlets.Bool(False)
    retention = traitlets.Unicode("")
    reason = traitlets.Unicode("")
    summary = traitlets.Dict()

    MAX_REASON = 600

    def __init__(self, patrons: pd.DataFrame, store: WorkStore | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.patrons = patrons
        self.store = store or WorkStore("module03-privacy")
        self.start = risk_summary(patrons, list(QUASI_IDENTIFIERS))
        # The salt stays in this session: it is never saved or released with the table.
        self._salt = new_salt()
        self.recompute()

    @traitlets.validate("levels")
    def _check_levels(self, proposal: dict[str, Any]) -> dict[str, str]:
        levels = dict(START)
        for column, level in dict(proposal["value"]).items():
            if column not in LEVELS or level not in [c for c, _ in LEVELS[column]]:
                raise traitlets.TraitError(f"Unknown choice: {column} = {level}.")
            levels[column] = level
        return levels

    @traitlets.validate("retention")
    def _check_retention(self, proposal: dict[str, Any]) -> str:
        if proposal["value"] and proposal["value"] not in RETENTION:
            raise traitlets.TraitError("Pick one of the retention periods offered.")
        return proposal["value"]

    @traitlets.observe("levels")
    def _changed(self, _change: dict[str, Any]) -> None:
        self.recompute()

    def kept(self) -> list[str]:
        """The quasi-identifiers still in the released table."""
        return [c for c, level in self.levels.items() if level != "drop"]

    def recompute(self) -> None:
        """Recompute k and the counts for the current levels."""
        released = generalise(self.patrons, self.levels)
        self.summary = risk_summary(released, list(released.columns))

    def release(self, loans: pd.DataFrame) -> pd.DataFrame:
        """The table this plan would hand over (pseudonyms only when chosen)."""
        return release_table(self.patrons, loans, self.levels,
                             self._salt if self.use_pseudonyms else None)

    def analyses(self) -> pd.DataFrame:
        """Which analyses the released table still allows."""
        return analyses_that_work(self.levels)

    def to_dict(self) -> dict[str, Any]:
        """The plan and its figures, as saved."""
        return {"levels": dict(self.levels), "use_pseudonyms": self.use_pseudonyms,
                "retention": self.retention, "reason": self.reason,
                "k_before": self.start["k"], "unique_before": self.start["unique"],
                "k": self.summary["k"], "unique": self.summary["unique"],
                "rows": self.summary["rows"], "saved_at": datetime.now().isoformat("T", "seconds")}

    def update(self, data: dict[str, Any]) -> list[str]:
        """Fill the plan from saved ``data``; return the fields that could not be read."""
        ignored = []
        for key in ("levels", "use_pseudonyms", "retention", "reason"):
            if key not in data:
                continue
            try:
                value = data[key]
                if key == "reason" and (not isinstance(value, str) or len(value) > self.MAX_REASON):
                    raise traitlets.TraitError("bad reason")
                setattr(self, key, value)
            except traitlets.TraitError:
                ignored.append(key)
        return ignored

    def problems(self) -> list[str]:
        """What is missing before the plan can be saved as finished."""
        issues = []
        if self.summary["k"] < TARGET_K:
            issues.append(f"k is {self.summary['k']}; show less detail or leave out columns until "
                          f"k is {TARGET_K} or more.")
        if not self.retention:
            issues.append("Choose how long the library keeps the link to loans.")
        if not self.reason.strip():
            issues.append("Write one or two sentences on why you chose that period.")
        elif len(self.reason) > self.MAX_REASON:
            issues.append(f"Keep the reason to {self.MAX_REASON} characters or fewer "
                          f"(it has {len(self.reason)}).")
        return issues

    def save(self) -> Path:
        """Save the plan (also unfinished); return the file's path."""
        return self.store.save({"plan": self.to_dict(), "complete": not self.problems()})

    def to_markdown(self) -> str:
        """The plan as escaped Markdown for the portfolio."""
        return plan_markdown({"plan": self.to_dict()})

    def to_html(self) -> str:
        """The plan as an escaped HTML page for the portfolio."""
        return plan_html({"plan": self.to_dict()})

    def export(self, folder: Path | None = None) -> tuple[Path, Path]:
        """Write ``module03-privacy.md`` and ``.html``; refuse an unfinished plan."""
        issues = self.problems()
        if issues:
            raise PrivacyError(" ".join(issues))
        target = Path(folder) if folder is not None else self.store.path.parent
        target.mkdir(parents=True, exist_ok=True)
        md, page = target / "module03-privacy.md", target / "module03-privacy.html"
        md.write_text(self.to_markdown(), encoding="utf-8")
        page.write_text(self.to_html(), encoding="utf-8")
        return md, page


def _level_label(column: str, level: str) -> str:
    return dict(LEVELS.get(column, ())).get(level, level)


def _plan_lines(data: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    plan = data.get("plan") if isinstance(data, dict) else None
    plan = plan if isinstance(plan, dict) else {}
    levels = plan.get("levels") if isinstance(plan.get("levels"), dict) else {}
    rows = [(QUASI_IDENTIFIERS[c], _level_label(c, str(levels.get(c, "exact"))))
            for c in QUASI_IDENTIFIERS]
    return plan, rows


def _plan_facts(plan: dict[str, Any]) -> list[str]:
    """The plan's figures in words, the same in the Markdown and the HTML export."""
    def figure(key: str) -> str:
        return str(plan.get(key, "not measured yet"))

    return [f"Smallest group of patrons who look alike (k): {figure('k_before')} before, "
            f"{figure('k')} after (aim for {TARGET_K} or more)",
            f"Patrons still alone in their group after: {figure('unique')}",
            f"Patron ids: {'salted pseudonyms' if plan.get('use_pseudonyms') else 'left out'}"]


def plan_markdown(data: dict[str, Any]) -> str:
    """A saved privacy plan (the store's dict) as escaped Markdown."""
    plan, rows = _plan_lines(data)
    out = ["# My privacy plan for a loans extract", ""]
    out += [f"- {md_escape(fact)}" for fact in _plan_facts(plan)]
    out += ["", "## Columns released", ""]
    out += [f"- {md_escape(label)}: {md_escape(level)}" for label, level in rows]
    out += ["", "## Retention", "", md_escape(plan.get("retention") or "(not chosen yet)"),
            "", md_escape(plan.get("reason") or "(no reason written yet)")]
    return "\n".join(out) + "\n"


def plan_html(data: dict[str, Any]) -> str:
    """A saved privacy plan as an escaped HTML page."""
    plan, rows = _plan_lines(data)
    esc = html.escape
    items = "".join(f"<li>{esc(label)}: {esc(level)}</li>" for label, level in rows)
    body = (
        "<h1>My privacy plan for a loans extract</h1><ul>"
        + "".join(f"<li>{esc(fact)}</li>" for fact in _plan_facts(plan)) + "</ul>"
        f"<h2>Columns released</h2><ul>{items}</ul>"
        f"<h2>Retention</h2><p>{esc(str(plan.get('retention') or '(not chosen yet)'))}</p>"
        f"<p>{esc(str(plan.get('reason') or '(no reason written yet)'))}</p>"
    )
    return html_page("My privacy plan", body)


def toy_table() -> pd.DataFrame:
    """Eight made-up patrons, small enough to count the groups by hand.

    On age band and neighborhood the groups have 3, 3 and 2 rows, so k = 2. Add the
    language and the one Spanish speaker in Northfield is alone: k = 1.
    """
    return pd.DataFrame({
        "patron_id": [f"P{n:05d}" for n in range(1, 9)],
        "age_band": ["65+", "65+", "65+", "18-34", "18-34", "18-34", "35-64", "35-64"],
        "neighbourhood_id": ["Old Town"] * 3 + ["Southgate"] * 3 + ["Northfield"] * 2,
        "preferred_language": ["English", "English", "English", "Spanish", "Spanish",
                               "Spanish", "English", "Spanish"],
    })


def new_salt() -> str:
    """A random salt (32 hex digits) for :func:`pseudonymise`."""
    return secrets.token_hex(16)
