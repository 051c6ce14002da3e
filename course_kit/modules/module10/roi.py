"""The library value calculator of Module 10: benefits, costs and return on investment.

A *use value* calculator multiplies each service's uses by what a user would pay to buy it
(uses × value per use) and adds them up. The values come from the Maine State Library's
*Library Use Value Calculator* (values of November 2019), in ``values.toml``: a trainer may
edit them. Two ratios are then reported side by side, because reports mix them up:

* **benefit-cost ratio**, "$X returned per $1" = benefits ÷ costs (what state ROI studies
  publish: Florida $6.54, Texas $4.42…, see ``studies.toml``);
* **net ROI %** = (benefits − costs) ÷ costs × 100.

A ratio of $4.02 per $1 is a net ROI of 302%: the same result, said two ways.
"""

from __future__ import annotations

import contextlib
import html
import math
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import traitlets

from course_kit.plotting import OKABE_ITO, DescribedFigure, new_figure, styled
from course_kit.saved_work import escape_markdown
from course_kit.storage import WorkStore

__all__ = [
    "HIGH_RATIO",
    "MAX_COSTS",
    "MAX_USES",
    "MAX_VALUE",
    "SWING_TEXT",
    "ROICalculator",
    "ROIError",
    "ROIResult",
    "Service",
    "assumptions_for",
    "benefit_cost_ratio",
    "case_study_costs",
    "case_study_ratio_with",
    "case_study_result",
    "case_study_uses",
    "load_services",
    "load_studies",
    "net_roi_percent",
    "parse_money",
    "parse_uses",
    "plot_value",
    "roi_markdown",
    "sensitivity",
    "studies_table",
]

HERE = Path(__file__).parent
#: Anything above this per use is not a use value (a "$10,000 book").
MAX_VALUE = 1_000.0
#: More uses of one service than this in a year is a typing slip for any library system.
MAX_USES = 100_000_000
#: Operating costs above this are outside any library's budget (a typing slip).
MAX_COSTS = 50_000_000_000.0
#: The sensitivity test moves every value by this share up and down.
SWING = 0.25
#: The sensitivity share as the notebook writes it ("25%").
SWING_TEXT = f"{100 * SWING:.0f}%"
#: Above this many dollars per $1 the result is flagged (not refused): published studies of
#: whole states and single libraries mostly find $3 to $10 per $1. A ratio in the hundreds
#: usually means the costs were typed in thousands of dollars.
HIGH_RATIO = 20.0


class ROIError(ValueError):
    """A value, count or cost that cannot be used; the message says what to type instead."""


@dataclass(frozen=True)
class Service:
    """One line of the calculator: a service and its published value per use."""

    name: str
    value: float
    counted_from: str = ""
    note: str = ""


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ROIError(f"{path.name} could not be read: {exc}") from exc


def load_services(path: Path | str | None = None) -> tuple[Service, ...]:
    """The calculator's services and values per use (``values.toml``), checked."""
    file = Path(path) if path else HERE / "values.toml"
    raw = _read_toml(file).get("services")
    if not isinstance(raw, list) or not raw:
        raise ROIError(f"{file.name} has no [[services]].")
    services, seen = [], set()
    for number, item in enumerate(raw, start=1):
        name = str(item.get("name", "")).strip() if isinstance(item, dict) else ""
        if not name:
            raise ROIError(f"{file.name}: service {number} has no name.")
        if name in seen:
            raise ROIError(f"{file.name}: “{name}” is listed twice.")
        try:
            value = parse_money(item.get("value"), f"The value of “{name}”")
        except ROIError as exc:
            raise ROIError(f"{file.name}: {exc}") from exc
        seen.add(name)
        services.append(Service(name, value, str(item.get("counted_from", "")),
                                str(item.get("note", ""))))
    return tuple(services)


def load_studies(path: Path | str | None = None) -> list[dict[str, Any]]:
    """The published ROI studies (``studies.toml``), each with its own figure and method."""
    file = Path(path) if path else HERE / "studies.toml"
    return list(_read_toml(file).get("studies", []))


def studies_table(path: Path | str | None = None) -> pd.DataFrame:
    """The published studies as a table: scope, year, $ per $1 (their figure), method."""
    rows = []
    for s in load_studies(path):
        if "per_dollar" in s:
            figure = f"${s['per_dollar']:.2f}"
        else:
            figure = f"${s['per_dollar_low']:.2f} to ${s['per_dollar_high']:.2f}"
        rows.append({"study": s["name"], "scope": s["scope"], "year": s["year"],
                     "returned per $1": figure, "method": s["method"]})
    return pd.DataFrame(rows)


def _number(text: Any, what: str, empty: str) -> float:
    """``text`` as a number; ``empty`` says what to type when the box is empty."""
    if isinstance(text, bool):
        raise ROIError(f"{what} must be a number.")
    if isinstance(text, int | float):
        value = float(text)
    else:
        if text is None or not str(text).strip():
            raise ROIError(f"{what}: the box is empty. {empty}")
        raw = str(text).strip()
        if len(raw) > 20:
            raise ROIError(f"{what}: “{raw[:20]}…” is too long for a number.")
        cleaned = raw.replace("$", "").replace(",", "").replace(" ", "")
        try:
            value = float(cleaned)
        except ValueError as exc:
            raise ROIError(f"{what}: “{raw}” is not a number. Type digits, such as 22 or "
                           "1,250.") from exc
    if not math.isfinite(value):
        raise ROIError(f"{what} must be an ordinary number.")
    return value


def parse_money(text: Any, what: str = "The value per use") -> float:
    """A value per use in dollars: more than 0 and at most :data:`MAX_VALUE`."""
    value = _number(text, what, "Type what one use is worth in dollars, such as 22.")
    if value <= 0:
        raise ROIError(f"{what} must be more than $0. Leave the uses at 0 to skip a service.")
    if value > MAX_VALUE:
        raise ROIError(f"{what} is ${value:,.2f} for one use. That is not what a user would pay "
                       f"(the calculator stops at ${MAX_VALUE:,.0f}). Check for an extra digit.")
    return round(value, 2)


def parse_uses(text: Any, what: str = "The number of uses") -> int:
    """A count of uses: a whole number from 0 to :data:`MAX_USES`."""
    value = _number(text, what, "Type a whole number (0 if the library has none).")
    if value < 0:
        raise ROIError(f"{what} cannot be negative.")
    if value != int(value):
        raise ROIError(f"{what} must be a whole number, such as 120.")
    if value > MAX_USES:
        raise ROIError(f"{what}: {value:,.0f} is more than any library counts in a year. "
                       "Check for extra digits.")
    return int(value)


def parse_costs(text: Any) -> float:
    """The year's operating costs in dollars: more than 0."""
    value = _number(text, "The operating costs",
                    "Type the year's operating costs in dollars, such as 998,600.")
    if value <= 0:
        raise ROIError("The operating costs must be more than $0: a ratio needs something to "
                       "divide by. Type the year's operating budget.")
    if value > MAX_COSTS:
        raise ROIError(f"The operating costs of ${value:,.0f} are more than any library spends. "
                       "Check for extra digits.")
    return round(value, 2)


def benefit_cost_ratio(benefits: float, costs: float) -> float:
    """Dollars returned per $1 spent: benefits ÷ costs."""
    if costs <= 0:
        raise ROIError("The costs must be more than $0.")
    return benefits / costs


def net_roi_percent(benefits: float, costs: float) -> float:
    """Net return on investment in percent: (benefits − costs) ÷ costs × 100."""
    if costs <= 0:
        raise ROIError("The costs must be more than $0.")
    return 100 * (benefits - costs) / costs


@cache
def _case_study(folder: str, _stamp: int) -> tuple[dict[str, int], float]:
    from course_kit.data import load_operating_costs, load_service_values

    values = load_service_values(directory=Path(folder))
    costs = load_operating_costs(directory=Path(folder))
    uses = {str(r.service): int(r.uses) for r in values.itertuples()}
    total = float(costs.loc[costs["fiscal_year"] == 2025, "amount_usd"].sum())
    return uses, total


def _data_key() -> tuple[str, int]:
    from course_kit.data import data_dir

    folder = data_dir()
    stamp = sum(f.stat().st_mtime_ns for f in folder.glob("*.csv"))
    return str(folder), stamp


def case_study_uses() -> dict[str, int]:
    """Millbrook's 2025 uses per service (``service_values.csv``), by its service name."""
    return dict(_case_study(*_data_key())[0])


def case_study_costs() -> float:
    """Millbrook's 2025 operating costs (``operating_costs.csv``), in dollars."""
    return _case_study(*_data_key())[1]


def case_study_ratio_with(service: str, value: str) -> float:
    """Millbrook's 2025 dollars returned per $1 if ``service`` were worth ``value`` per use.

    The other services keep their published values; uses and costs are the case study's.
    ``value`` is text, as the graded pool passes it.
    """
    uses = case_study_uses()
    values = {s.counted_from: s.value for s in load_services() if s.counted_from}
    if service not in values:
        raise ROIError(f"“{service}” is not counted in the case study.")
    values[service] = parse_money(value)
    benefits = sum(uses[name] * per_use for name, per_use in values.items())
    return round(benefit_cost_ratio(benefits, case_study_costs()), 2)


@dataclass(frozen=True)
class ROIResult:
    """Benefits, costs and the two ratios, with the lines behind them."""

    lines: tuple[tuple[str, int, float], ...]   # (service, uses, value per use)
    costs: float

    @property
    def benefits(self) -> float:
        """Total value of the services: the sum of uses × value per use."""
        return sum(uses * value for _name, uses, value in self.lines)

    @property
    def ratio(self) -> float:
        """Benefit-cost ratio: dollars returned per $1."""
        return benefit_cost_ratio(self.benefits, self.costs)

    @property
    def net_roi(self) -> float:
        """Net ROI in percent."""
        return net_roi_percent(self.benefits, self.costs)

    def table(self) -> pd.DataFrame:
        """The services used (uses above 0): uses, value per use, value, share of the total."""
        rows = [(n, u, v, u * v) for n, u, v in self.lines if u > 0]
        out = pd.DataFrame(rows, columns=["service", "uses", "value per use", "value"])
        total = out["value"].sum()
        out["share %"] = (100 * out["value"] / total).round(1) if total else 0.0
        return out.sort_values("value", ascending=False, ignore_index=True)

    def ratio_check(self) -> str:
        """A plain warning when the ratio is far above published studies (else "")."""
        if self.ratio <= HIGH_RATIO:
            return ""
        return (f"Check the operating costs: ${self.ratio:,.2f} per $1 is far above what "
                "published studies find (mostly $3 to $10 per $1). Were the costs typed in "
                "thousands of dollars?")

    def range_sentence(self) -> str:
        """The sensitivity range, both ways, in one sentence."""
        table = sensitivity(self)
        low, high = table.iloc[0], table.iloc[-1]
        return (f"With every value per use {SWING_TEXT} lower or higher: "
                f"${low['$ per $1']:,.2f} to ${high['$ per $1']:,.2f} per $1 "
                f"(net ROI {low['net ROI %']:,.0f}% to {high['net ROI %']:,.0f}%).")

    def sentences(self) -> tuple[str, str]:
        """The two ratios, each in one plain sentence that says which one it is."""
        return (f"Benefit-cost ratio: ${self.ratio:,.2f} returned for every $1 spent "
                f"(benefits ÷ costs).",
                f"Net ROI: {self.net_roi:,.0f}% (benefits minus costs, divided by costs).")


def case_study_result() -> ROIResult:
    """Millbrook's 2025 result: published values, counted uses, operating costs."""
    uses = case_study_uses()
    lines = tuple((s.name, uses.get(s.counted_from, 0) if s.counted_from else 0, s.value)
                  for s in load_services())
    return ROIResult(lines, case_study_costs())


@styled
def plot_value(result: ROIResult) -> DescribedFigure:
    """The value of each service counted, largest first, with its uses on the bar."""
    table = result.table().iloc[::-1]
    fig = new_figure(7.0, 0.35 * len(table) + 1.2)
    ax = fig.add_subplot()
    ax.barh(table["service"], table["value"] / 1000, color=OKABE_ITO[0])
    for y, (value, uses) in enumerate(zip(table["value"], table["uses"], strict=True)):
        ax.text(value / 1000, y, f" ${value / 1000:,.0f}k ({uses:,} uses)", va="center",
                fontsize=9)
    ax.set_xlabel("Value of the year's uses (thousand dollars)")
    ax.set_xlim(0, table["value"].max() / 1000 * 1.45)
    ax.set_title("What each service was worth to users")
    top = result.table().iloc[0]
    description = (f"Bar chart of the value of {len(table)} services; {top['service'].lower()} "
                   f"are worth the most (${top['value']:,.0f}, {top['share %']:.0f}% of "
                   f"${result.benefits:,.0f}).")
    return DescribedFigure(fig, description)


def sensitivity(result: ROIResult, swing: float = SWING) -> pd.DataFrame:
    """How the result moves when every value per use is ``swing`` lower or higher.

    Rows: low (values × (1 − swing)), as typed, high (values × (1 + swing)); columns:
    benefits, $ per $1, net ROI %. Uses and costs are left as they are.
    """
    rows = {}
    for label, factor in ((f"values {-swing:.0%}", 1 - swing), ("values as typed", 1.0),
                          (f"values +{swing:.0%}", 1 + swing)):
        benefits = result.benefits * factor
        rows[label] = {"benefits": round(benefits, 2),
                       "$ per $1": round(benefit_cost_ratio(benefits, result.costs), 2),
                       "net ROI %": round(net_roi_percent(benefits, result.costs), 1)}
    out = pd.DataFrame(rows).T
    out.index.name = "assumption"
    return out


class ROICalculator(traitlets.HasTraits):
    """The library value calculator: values, uses and costs in; benefits and ratios out.

    ``values`` and ``uses`` map each service's name to its value per use and its uses;
    ``costs`` is the year's operating costs. Every accepted change is saved to
    ``my_work/module10-roi.json``; a refused one raises :class:`ROIError` and changes nothing.
    """

    library = traitlets.Unicode("Millbrook Public Library")
    year = traitlets.Unicode("2025")
    values = traitlets.Dict()
    uses = traitlets.Dict()
    costs = traitlets.Float(1.0)

    def __init__(self, store: WorkStore | None = None,
                 services: tuple[Service, ...] | None = None) -> None:
        super().__init__()
        self.services = services or load_services()
        self.store = store or WorkStore("module10-roi")
        self.restored = False
        self.reset_to_case_study(save=False)
        saved = self.store.load()
        self.notice = self.store.notice
        if saved:
            self._restore(saved)

    @property
    def names(self) -> list[str]:
        """The services, in the calculator's order."""
        return [s.name for s in self.services]

    def published_value(self, name: str) -> float:
        """The value per use from ``values.toml``."""
        return next(s.value for s in self.services if s.name == name)

    def reset_to_case_study(self, save: bool = True) -> None:
        """Published values, Millbrook's 2025 uses and costs."""
        counted = case_study_uses()
        self.values = {s.name: s.value for s in self.services}
        self.uses = {s.name: counted.get(s.counted_from, 0) if s.counted_from else 0
                     for s in self.services}
        self.costs = case_study_costs()
        self.library, self.year = "Millbrook Public Library", "2025"
        if save:
            self.save()

    def _restore(self, saved: dict[str, Any]) -> None:
        """Take back what was saved, skipping anything a hand edit broke."""
        skipped = 0
        values, uses = dict(self.values), dict(self.uses)
        for key, target, parse in (("values", values, parse_money), ("uses", uses, parse_uses)):
            part = saved.get(key, {})
            if not isinstance(part, dict):
                skipped += 1
                continue
            for name, raw in part.items():
                if name not in target:
                    continue
                try:
                    target[name] = parse(raw)
                except ROIError:
                    skipped += 1
        self.values, self.uses = values, uses
        try:
            self.costs = parse_costs(saved.get("costs", self.costs))
        except ROIError:
            skipped += 1
        for key in ("library", "year"):
            if isinstance(saved.get(key), str):
                setattr(self, key, saved[key][:80])
        self.restored = True
        if skipped and not self.notice:
            self.notice = (f"{skipped} saved entr{'y' if skipped == 1 else 'ies'} in "
                           f"{self.store.path.name} could not be read and kept their "
                           "case-study figures.")

    def save(self) -> Path:
        """Write the calculator's figures to ``my_work/``."""
        return self.store.save({"library": self.library, "year": self.year,
                                "values": dict(self.values), "uses": dict(self.uses),
                                "costs": self.costs})

    def _check_name(self, name: str) -> None:
        if name not in self.values:
            raise ROIError(f"“{name}” is not a service of this calculator.")

    def set_value(self, name: str, text: Any) -> float:
        """Change one value per use (typed text or a number) and save."""
        self._check_name(name)
        value = parse_money(text, f"The value of “{name}”")
        self.values = {**self.values, name: value}
        self.save()
        return value

    def set_uses(self, name: str, text: Any) -> int:
        """Change one count of uses and save."""
        self._check_name(name)
        count = parse_uses(text, f"The number of uses of “{name}”")
        self.uses = {**self.uses, name: count}
        self.save()
        return count

    def set_costs(self, text: Any) -> float:
        """Change the year's operating costs and save."""
        self.costs = parse_costs(text)
        self.save()
        return self.costs

    def set_label(self, library: str, year: str) -> None:
        """The library's name and the year, as the summary shows them (80 characters at most)."""
        if len(library) > 80 or len(year) > 80:
            raise ROIError("Keep the library's name and the year under 80 characters.")
        self.library, self.year = library.strip() or "My library", year.strip()
        self.save()

    def result(self) -> ROIResult:
        """The current benefits, costs and ratios."""
        lines = tuple((n, int(self.uses[n]), float(self.values[n])) for n in self.names)
        return ROIResult(lines, float(self.costs))

    def unusual_values(self, factor: float = 3.0) -> list[str]:
        """Services whose value is more than ``factor`` times or less than 1/``factor`` of
        the published one: allowed, but worth a second look and listed in the summary."""
        out = []
        for name in self.names:
            mine, published = self.values[name], self.published_value(name)
            if mine > factor * published or mine < published / factor:
                out.append(f"{name}: ${mine:,.2f} (published ${published:,.2f})")
        return out

    def assumptions(self) -> list[str]:
        """What a reader must know to judge the figures (listed on the summary)."""
        return assumptions_for(self.values, self.uses, self.services)

    def summary_html(self) -> str:
        """The one-page stakeholder summary as an HTML page (everything typed is escaped)."""
        return summary_html(self)

    def summary_markdown(self) -> str:
        """The summary as escaped Markdown."""
        return roi_markdown(self.snapshot())

    def snapshot(self) -> dict[str, Any]:
        """What was saved, plus the results (the portfolio's record)."""
        r = self.result()
        return {"benefits": round(r.benefits, 2), "per_dollar": round(r.ratio, 2),
                "net_roi_percent": round(r.net_roi, 1), "library": self.library,
                "year": self.year, "values": dict(self.values),
                "uses": dict(self.uses), "costs": self.costs,
                "assumptions": self.assumptions()}

    def export(self, folder: Path | None = None) -> tuple[Path, Path, Path]:
        """Write the summary to ``folder`` (``my_work/``) as Markdown, HTML and PDF."""
        target = Path(folder) if folder else self.store.path.parent
        target.mkdir(parents=True, exist_ok=True)
        md = target / "module10-roi-summary.md"
        page = target / "module10-roi-summary.html"
        pdf = target / "module10-roi-summary.pdf"
        md.write_text(self.summary_markdown(), encoding="utf-8")
        page.write_text(self.summary_html(), encoding="utf-8")
        from course_kit.modules.module10.pdf import summary_pdf

        summary_pdf(self, pdf)
        return md, page, pdf


def assumptions_for(values: dict[str, Any], uses: dict[str, Any],
                    services: tuple[Service, ...] | None = None) -> list[str]:
    """The assumptions behind a result: values' source and changes, what is counted."""
    services = services or load_services()
    published = {s.name: s.value for s in services}
    counted = 0
    for name in published:
        with contextlib.suppress(ROIError):
            counted += parse_uses(uses.get(name, 0)) > 0
    changed = [name for name, value in published.items()
               if name in values and values[name] != value]
    return [
        f"Values per use: {load_source()}, retail prices of that year, not brought up to "
        "date"
        + (f"; {len(changed)} changed by the library ({', '.join(changed)})."
           if changed else "."),
        f"{counted} of {len(published)} services in the calculator have uses. Services it has "
        "no value for (such as databases and Wi-Fi) are not counted at all, so the total is "
        "a floor, not a ceiling.",
        "Costs are one year's operating costs; capital spending is not included.",
        "Use value is what users would pay to buy the same services; it is not money "
        "returned to the town's budget, and it leaves out wider effects on the economy "
        "that statewide studies add.",
        f"The sensitivity range moves every value per use by {SWING_TEXT} down and up; "
        "uses and costs stay as they are.",
    ]


def load_source() -> str:
    """The source of the values per use, as ``values.toml`` names it."""
    return str(_read_toml(HERE / "values.toml").get("source", "values.toml"))


def _md(text: Any) -> str:
    return escape_markdown(str(text)).replace("\n", " ")


def _result_from(data: dict[str, Any]) -> tuple[ROIResult | None, list[str]]:
    """Rebuild a result from saved data, skipping lines a hand edit broke."""
    values = data.get("values") if isinstance(data.get("values"), dict) else {}
    uses = data.get("uses") if isinstance(data.get("uses"), dict) else {}
    lines, skipped = [], []
    for name, raw in uses.items():
        try:
            lines.append((str(name), parse_uses(raw), parse_money(values.get(name))))
        except ROIError:
            skipped.append(str(name))
    try:
        costs = parse_costs(data.get("costs"))
    except ROIError:
        return None, skipped
    return ROIResult(tuple(lines), costs), skipped


def roi_markdown(data: dict[str, Any]) -> str:
    """Saved calculator figures (``my_work/module10-roi.json``) as an escaped Markdown summary."""
    title = f"{data.get('library', 'My library')} {data.get('year', '')}".strip()
    lines = [f"# The value of {_md(title)}", ""]
    result, skipped = _result_from(data)
    if result is None:
        return "\n".join([*lines, "No operating costs were saved, so there is no ratio yet.", ""])
    ratio_text, roi_text = result.sentences()
    lines += [f"- Value of services: **${result.benefits:,.0f}**",
              f"- Operating costs: **${result.costs:,.0f}**",
              f"- {ratio_text}", f"- {roi_text}", f"- {result.range_sentence()}"]
    if result.ratio_check():
        lines.append(f"- **{result.ratio_check()}**")
    lines += ["", "| service | uses | value per use | value |", "|---|---:|---:|---:|"]
    for name, uses, per_use, value, _share in result.table().itertuples(index=False):
        lines.append(f"| {_md(name)} | {uses:,} | ${per_use:,.2f} | ${value:,.0f} |")
    assumptions = data.get("assumptions")
    if not isinstance(assumptions, list):
        values = data.get("values") if isinstance(data.get("values"), dict) else {}
        uses = data.get("uses") if isinstance(data.get("uses"), dict) else {}
        assumptions = assumptions_for(values, uses)
    if assumptions:
        lines += ["", "**Assumptions**", ""] + [f"- {_md(a)}" for a in assumptions]
    if skipped:
        lines += ["", f"(Skipped, could not be read: {_md(', '.join(skipped))}.)"]
    return "\n".join(lines) + "\n"


def summary_html(calc: ROICalculator) -> str:
    """A one-page HTML summary for a budget meeting: the two ratios, the range, assumptions."""
    r = calc.result()
    esc = html.escape
    rows = "".join(
        f"<tr><td>{esc(name)}</td><td>{uses:,}</td><td>${per_use:,.2f}</td>"
        f"<td>${value:,.0f}</td></tr>"
        for name, uses, per_use, value, _share in r.table().itertuples(index=False))
    assumptions = "".join(f"<li>{esc(a)}</li>" for a in calc.assumptions())
    unusual = calc.unusual_values()
    flag = ("<p><strong>Values far from the published ones:</strong> "
            + esc("; ".join(unusual)) + "</p>") if unusual else ""
    check = f"<p><strong>{esc(r.ratio_check())}</strong></p>" if r.ratio_check() else ""
    ratio_text, roi_text = r.sentences()
    title = esc(f"The value of {calc.library} {calc.year}".strip())
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        "<style>body{font-family:sans-serif;max-width:46em;margin:1em auto;color:#111}"
        "table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 6px;"
        "text-align:left}td+td{text-align:right}.big{font-size:1.3em}</style></head><body>"
        f"<h1>{title}</h1>"
        f'<p class="big">Services worth <strong>${r.benefits:,.0f}</strong> for '
        f"<strong>${r.costs:,.0f}</strong> of operating costs.</p>"
        f"<ul><li>{esc(ratio_text)}</li><li>{esc(roi_text)}</li>"
        f"<li>{esc(r.range_sentence())}</li></ul>{check}"
        "<p>Both ratios say the same thing. State studies publish the first one ($ per $1), "
        "so compare like with like.</p>"
        '<table><caption style="text-align:left">What the services are worth</caption>'
        f"<tr><th>service</th><th>uses</th><th>value per use</th><th>value</th></tr>{rows}"
        f"</table>{flag}<h2>Assumptions</h2><ul>{assumptions}</ul>"
        f"<p><small>Made with the course kit's value calculator on {date.today():%B %d, %Y}."
        "</small></p></body></html>")
