"""Languages at home against languages at the library: the language-needs map.

Compares how many residents speak each language at home (``community_languages.csv``)
with the library's programs in that language (``programs.csv``), the patrons who asked
to be contacted in it (``patrons.csv``) and the comments written in it
(``comments.csv``). A language with many speakers and no programs is a *gap*.
:class:`LanguagePlan` is the model behind the map widget: for each gap the participant
names one partner organization and a first step; the plan is saved as it is typed.
"""

from __future__ import annotations

import html
import tomllib
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import traitlets

from course_kit.plotting import DescribedFigure, new_figure, styled
from course_kit.saved_work import escape_markdown
from course_kit.storage import WorkStore, work_dir

__all__ = [
    "PARTNERS_FILE",
    "LanguagePlan",
    "Partner",
    "PlanError",
    "cards_per_100_speakers",
    "language_needs",
    "language_profile",
    "load_partners",
    "plan_markdown",
    "plot_speakers",
    "speakers_by_neighbourhood",
]

PARTNERS_FILE = Path(__file__).with_name("partners.toml")
#: Languages a patron can choose as preferred_language; the rest count as "Other".
PATRON_LANGUAGES = ("English", "Spanish", "Vietnamese")
MAX_PARTNER = 120
MAX_STEP = 400


class PlanError(ValueError):
    """The plan cannot be saved as typed; the message says why."""


@dataclass(frozen=True)
class Partner:
    """A possible partner organization for one language community."""

    language: str
    name: str
    kind: str
    why: str

    def label(self) -> str:
        """'Eastgate Vietnamese Community Association (cultural association)'."""
        return f"{self.name} ({self.kind})"


@cache
def _read_partners(path: str) -> tuple[Partner, ...]:
    raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    return tuple(Partner(str(p["language"]), str(p["name"]), str(p["kind"]), str(p["why"]))
                 for p in raw.get("partners", []))


def load_partners(path: Path | None = None) -> tuple[Partner, ...]:
    """The suggested partners of ``partners.toml`` (fictional, like Millbrook)."""
    return _read_partners(str(path or PARTNERS_FILE))


def language_profile(languages: pd.DataFrame, patrons: pd.DataFrame) -> pd.DataFrame:
    """Residents by home language against cardholders by preferred language.

    Patrons can only choose English, Spanish, Vietnamese or Other, so Arabic, Chinese,
    Tagalog and other languages are grouped as "Other" on both sides.
    """
    home = languages.assign(group=languages["language"].astype(str).where(
        languages["language"].astype(str).isin(PATRON_LANGUAGES), "Other"))
    residents = home.groupby("group")["speakers"].sum()
    holders = patrons["preferred_language"].astype(str).value_counts()
    order = [*PATRON_LANGUAGES, "Other"]
    table = pd.DataFrame({
        "residents": residents.reindex(order, fill_value=0),
        "cardholders": holders.reindex(order, fill_value=0),
    })
    table["residents_%"] = (100 * table["residents"] / table["residents"].sum()).round(1)
    table["cardholders_%"] = (100 * table["cardholders"] / table["cardholders"].sum()).round(1)
    table["cards_per_100_speakers"] = (100 * table["cardholders"] / table["residents"]).round(0)
    table.index.name = "language"
    return table[["residents", "residents_%", "cardholders", "cardholders_%",
                  "cards_per_100_speakers"]]


def cards_per_100_speakers(language: str) -> float:
    """Library cards per 100 residents who speak ``language`` at home (English, Spanish,
    Vietnamese or Other), from the case-study data; the key of a graded data question."""
    from course_kit.data import load_community_languages, load_patrons

    languages, patrons = load_community_languages(), load_patrons()
    if language not in (*PATRON_LANGUAGES, "Other"):
        raise ValueError(f"Choose one of {', '.join((*PATRON_LANGUAGES, 'Other'))}.")
    table = language_profile(languages, patrons)
    return round(100 * table.loc[language, "cardholders"] / table.loc[language, "residents"], 1)


def speakers_by_neighbourhood(languages: pd.DataFrame, community: pd.DataFrame,
                              include_english: bool = False) -> pd.DataFrame:
    """Residents per neighborhood (rows) and home language (columns), with totals."""
    names = community.set_index("neighbourhood_id")["name"]
    data = languages if include_english else languages[languages["language"] != "English"]
    table = data.pivot_table(index="neighbourhood_id", columns="language", values="speakers",
                             aggfunc="sum", observed=True, fill_value=0)
    table = table.loc[:, (table.sum() > 0)]
    table = table[table.sum().sort_values(ascending=False).index]
    table.index = table.index.map(names)
    table.index.name = "neighborhood"
    table.columns = table.columns.astype(str)
    table.columns.name = None
    table.loc["Millbrook"] = table.sum()
    return table.astype(int)


def language_needs(languages: pd.DataFrame, programs: pd.DataFrame, comments: pd.DataFrame,
                   community: pd.DataFrame, year: int = 2025, threshold: int = 100
                   ) -> pd.DataFrame:
    """One row per home language other than English: need against service.

    ``sessions`` counts the year's program sessions held in the language; the case study's
    "bilingual" sessions (all at Riverside: the English Conversation Group) count for
    Spanish. ``gap`` is True when at least ``threshold`` residents speak the language at
    home and no session was held in it. "Other" (many small languages) is left out.
    """
    data = languages[~languages["language"].astype(str).isin(["English", "Other"])]
    residents = data.groupby("language", observed=True)["speakers"].sum()
    top = data.loc[data.groupby("language", observed=True)["speakers"].idxmax()]
    names = community.set_index("neighbourhood_id")
    where = top.set_index("language")["neighbourhood_id"]
    held = programs[programs["date"].dt.year == year]
    lang = held["language"].astype(str).replace({"bilingual": "Spanish"})
    sessions = lang.value_counts()
    people = held.assign(lang=lang).groupby("lang")["attendance"].sum()
    said = comments["language"].astype(str).value_counts()
    table = pd.DataFrame({"residents": residents.astype(int)})
    table.index = table.index.astype(str)
    table["residents_%"] = (100 * table["residents"] / languages["speakers"].sum()).round(1)
    table["most_live_in"] = [names.loc[where[lang_], "name"] for lang_ in table.index]
    table["nearest_branch"] = [names.loc[where[lang_], "nearest_branch_id"]
                               for lang_ in table.index]
    table[f"sessions_{year}"] = sessions.reindex(table.index, fill_value=0).astype(int)
    table[f"attendance_{year}"] = people.reindex(table.index, fill_value=0).astype(int)
    table["comments"] = said.reindex(table.index, fill_value=0).astype(int)
    table["gap"] = (table["residents"] >= threshold) & (table[f"sessions_{year}"] == 0)
    table.index.name = "language"
    return table.sort_values("residents", ascending=False)


@styled
def plot_speakers(needs: pd.DataFrame) -> DescribedFigure:
    """Bar chart: residents per home language, with program sessions written beside."""
    fig = new_figure(7, 3.2)
    ax = fig.add_subplot()
    order = needs.sort_values("residents")
    sessions_col = next(c for c in needs.columns if c.startswith("sessions_"))
    colours = ["#D55E00" if gap else "#0072B2" for gap in order["gap"]]
    hatches = ["//" if gap else "" for gap in order["gap"]]
    bars = ax.barh(order.index, order["residents"], color=colours)
    for bar, hatch, (_, row) in zip(bars, hatches, order.iterrows(), strict=True):
        bar.set_hatch(hatch)
        ax.annotate(f" {row['residents']:,} residents · {row[sessions_col]} sessions",
                    (bar.get_width(), bar.get_y() + bar.get_height() / 2), va="center",
                    fontsize=9)
    ax.set_xlabel("residents who speak it at home")
    ax.set_xlim(0, order["residents"].max() * 1.6)
    ax.set_title("Home languages other than English (hatched orange: no programs)")
    gaps = [str(x) for x in needs.index[needs["gap"]]]
    served = [str(x) for x in needs.index[~needs["gap"]]]
    description = (
        f"Bar chart of residents per home language other than English: "
        f"{', '.join(served) or 'no language'} had programs; "
        f"{', '.join(gaps) or 'no language'} had none, though each has "
        f"{int(needs.loc[needs['gap'], 'residents'].min()) if gaps else 0:,} or more speakers."
    )
    return DescribedFigure(fig, description)


def _md(text: Any) -> str:
    """Text for a Markdown line or table cell: escaped, on one line (shown, never run)."""
    return escape_markdown(str(text)).replace("\n", " ")


class LanguagePlan(traitlets.HasTraits):
    """One partner organization and a first step for each language gap, saved as typed.

    ``needs`` is the table from :func:`language_needs` (threshold applied again when
    :attr:`threshold` changes); ``plans`` maps a language to
    ``{"partner": …, "first_step": …}``.
    """

    threshold = traitlets.Int(100)
    plans = traitlets.Dict()

    @traitlets.validate("threshold")
    def _check_threshold(self, proposal: dict[str, Any]) -> int:
        value = proposal["value"]
        if not 1 <= value <= 5000:
            raise traitlets.TraitError("The threshold must be between 1 and 5,000 residents.")
        return value

    def __init__(self, needs: pd.DataFrame, store: WorkStore | None = None) -> None:
        super().__init__()
        self.needs_table = needs
        self.store = store or WorkStore("module09-languages")
        saved = self.store.load()
        self.notice = self.store.notice
        raw = saved.get("plans")
        plans = {}
        for language, plan in (raw if isinstance(raw, dict) else {}).items():
            if language in needs.index and isinstance(plan, dict):
                plans[language] = {"partner": str(plan.get("partner", ""))[:MAX_PARTNER],
                                   "first_step": str(plan.get("first_step", ""))[:MAX_STEP]}
        self.plans = plans
        if isinstance(saved.get("threshold"), int) and 1 <= saved["threshold"] <= 5000:
            self.threshold = saved["threshold"]
        self.restored = bool(plans)

    def needs(self) -> pd.DataFrame:
        """The needs table with ``gap`` worked out for the current threshold."""
        table = self.needs_table.copy()
        sessions = next(c for c in table.columns if c.startswith("sessions_"))
        table["gap"] = (table["residents"] >= self.threshold) & (table[sessions] == 0)
        return table

    def gaps(self) -> list[str]:
        """Languages with at least ``threshold`` speakers and no programs, largest first."""
        table = self.needs()
        return [str(x) for x in table.index[table["gap"]]]

    def suggestions(self, language: str) -> list[Partner]:
        """Suggested partners for a language (from ``partners.toml``)."""
        return [p for p in load_partners() if p.language == language]

    def set_plan(self, language: str, partner: str, first_step: str = "") -> dict[str, str]:
        """Keep a partner and a first step for a language; raise PlanError if unusable."""
        if language not in self.needs_table.index:
            raise PlanError(f"{language!r} is not one of the languages in the table.")
        partner, first_step = str(partner).strip(), str(first_step).strip()
        if len(partner) > MAX_PARTNER:
            raise PlanError(f"The partner's name has {len(partner)} characters; the limit is "
                            f"{MAX_PARTNER}. Your text is still in the box.")
        if len(first_step) > MAX_STEP:
            raise PlanError(f"The first step has {len(first_step)} characters; the limit is "
                            f"{MAX_STEP}. Please shorten it. Your text is still in the box.")
        plan = {"partner": partner, "first_step": first_step}
        self.plans = {**self.plans, language: plan}
        self.save()
        return plan

    def missing(self) -> list[str]:
        """Gaps that have no partner yet."""
        return [g for g in self.gaps() if not self.plans.get(g, {}).get("partner")]

    def save(self) -> Path:
        """Save the plans and the threshold (atomic, in ``my_work/``)."""
        return self.store.save({"threshold": self.threshold, "plans": self.plans,
                                "saved_at": datetime.now().strftime("%Y-%m-%d %H:%M")})

    def to_dict(self) -> dict[str, Any]:
        """What is saved, plus the gaps (for the portfolio)."""
        table = self.needs()
        return {"threshold": self.threshold, "plans": self.plans,
                "gaps": {g: int(table.loc[g, "residents"]) for g in self.gaps()}}

    def to_markdown(self) -> str:
        """The plan as escaped Markdown."""
        return plan_markdown(self.to_dict())

    def to_html(self) -> str:
        """The plan as an HTML fragment (escaped)."""
        esc = html.escape
        data = self.to_dict()
        items = "".join(
            f"<li><strong>{esc(lang)}</strong> ({n:,} residents): partner "
            f"{esc(self.plans.get(lang, {}).get('partner') or '(not chosen yet)')}; first step: "
            f"{esc(self.plans.get(lang, {}).get('first_step') or '(not written yet)')}</li>"
            for lang, n in data["gaps"].items())
        return (f'<section class="course-kit-language-plan" style="color:#111">'
                f"<h3>Language gaps and partners</h3><p>A gap is a home language of at least "
                f"{self.threshold:,} residents with no library program.</p>"
                f"<ul>{items or '<li>No gaps at this threshold.</li>'}</ul></section>")

    def export(self, folder: Path | None = None) -> tuple[Path, Path]:
        """Write ``language-plan.md`` and ``.html`` (default: my_work/)."""
        target = Path(folder) if folder is not None else work_dir()
        target.mkdir(parents=True, exist_ok=True)
        md, page = target / "language-plan.md", target / "language-plan.html"
        md.write_text(self.to_markdown(), encoding="utf-8")
        page.write_text('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
                        "<title>Language gaps and partners</title></head>"
                        '<body style="font-family:system-ui,sans-serif"><main>'
                        f"{self.to_html()}</main></body></html>\n", encoding="utf-8")
        return md, page


def plan_markdown(data: dict[str, Any]) -> str:
    """Saved language plan (``my_work/module09-languages.json``) as escaped Markdown."""
    plans = data.get("plans") if isinstance(data.get("plans"), dict) else {}
    gaps = data.get("gaps") if isinstance(data.get("gaps"), dict) else {}
    lines = ["# Language gaps and partners", ""]
    threshold = data.get("threshold")
    if isinstance(threshold, int):
        lines += [f"A gap is a home language of at least {threshold:,} residents with no "
                  "library program.", ""]
    languages = list(dict.fromkeys([*gaps, *plans]))
    for language in languages:
        plan = plans.get(language) if isinstance(plans.get(language), dict) else {}
        count = gaps.get(language)
        size = f" ({count:,} residents)" if isinstance(count, int) else ""
        lines.append(f"- **{_md(language)}**{size}: partner "
                     f"{_md(plan.get('partner') or '(not chosen yet)')}; first step: "
                     f"{_md(plan.get('first_step') or '(not written yet)')}")
    if not languages:
        lines.append("No gaps and no partners saved yet.")
    return "\n".join(lines) + "\n"
