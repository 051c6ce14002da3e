"""The reference log: what people ask, how, when, and what is left unresolved.

The functions read the case-study question log (:func:`course_kit.data.load_reference`),
one row per question, in the style of LibAnswers Reference Analytics or Gimlet. Effort is
recorded on the READ Scale (Gerlich & Berard 2010). Each function returns a small table a
participant can read, or a :class:`~course_kit.plotting.DescribedFigure`; they work the
same on a trainer's own log if it has the same columns.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np
import pandas as pd

from course_kit.plotting import DescribedFigure, new_figure, styled

__all__ = [
    "DAYS",
    "DESK_MODES",
    "READ_LEVELS",
    "LogSummary",
    "busiest_hour",
    "by_mode",
    "by_read_level",
    "by_type",
    "desk_minutes",
    "filter_log",
    "heatmap_html",
    "hours_over",
    "mode_by_month",
    "plot_heatmap",
    "prepare",
    "referrals",
    "second_person_hours",
    "summarise",
    "top_tags",
    "unresolved_by_mode",
    "unresolved_percent",
    "unresolved_share",
]

#: Days of the week, Monday first (pandas' ``day_of_week`` numbers them 0-6).
DAYS: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

#: The modes a person at the desk answers there and then (chat has its own shift at
#: Central; e-mail is answered later).
DESK_MODES: tuple[str, ...] = ("in person", "phone")

#: The six READ Scale levels, paraphrased from Gerlich & Berard (2010), "Testing the
#: Viability of the READ Scale", College & Research Libraries 71(2), and the scale's
#: published level descriptions.
READ_LEVELS: dict[int, str] = {
    1: "Least effort: answered without looking anything up and without special "
       "knowledge, in under 5 minutes (directions, opening hours, where the printer is).",
    2: "Little effort: a quick look at one resource or a little know-how (a call number, "
       "where an item is, a printer or scanner that needs a hand).",
    3: "Some effort and time: ready-reference sources are needed and some short teaching "
       "(how to search the catalog, which database to use, citing a source).",
    4: "Several resources; a subject specialist may be consulted; more thorough teaching "
       "(search techniques, a fact that is hard to find).",
    5: "Substantial effort and time: a back-and-forth with the user, several resources, "
       "colleagues or specialists; an appointment may be set up.",
    6: "The most effort and time: it cannot be answered on the spot; in-depth research "
       "for a specific need, often over several sessions.",
}


def prepare(log: pd.DataFrame) -> pd.DataFrame:
    """Add the columns the explorer filters on: ``day`` (0 = Monday), ``hour``, ``date``.

    Done once, so that each filter change only selects rows.
    """
    out = log.copy()
    stamp = out["asked_at"]
    out["day"] = stamp.dt.day_of_week.astype("int8")
    out["hour"] = stamp.dt.hour.astype("int8")
    out["date"] = stamp.dt.normalize()
    return out


def filter_log(log: pd.DataFrame, branch: str = "all", mode: str = "all",
               question_type: str = "all") -> pd.DataFrame:
    """The rows for one branch, mode and question type (``"all"`` keeps every value)."""
    mask = np.ones(len(log), dtype=bool)
    for column, value in (("branch_id", branch), ("mode", mode),
                          ("question_type", question_type)):
        if value != "all":
            mask &= (log[column] == value).to_numpy()
    return log[mask]


def by_mode(log: pd.DataFrame) -> pd.DataFrame:
    """Questions by mode, with their share (%), largest first."""
    counts = log["mode"].value_counts()
    table = pd.DataFrame({"questions": counts,
                          "share_%": (100 * counts / max(len(log), 1)).round(1)})
    table.index.name = "mode"
    return table


def by_type(log: pd.DataFrame) -> pd.DataFrame:
    """Questions by type, with their share (%) and median minutes, largest first."""
    counts = log["question_type"].value_counts()
    minutes = log.groupby("question_type", observed=True)["duration_minutes"].median()
    table = pd.DataFrame({"questions": counts,
                          "share_%": (100 * counts / max(len(log), 1)).round(1),
                          "median_minutes": minutes.reindex(counts.index)})
    table.index.name = "question type"
    return table


def by_read_level(log: pd.DataFrame) -> pd.DataFrame:
    """Questions at each READ level, their share (%), median minutes and the definition."""
    counts = log["read_level"].value_counts().reindex(list(READ_LEVELS), fill_value=0)
    minutes = log.groupby("read_level")["duration_minutes"].median().reindex(list(READ_LEVELS))
    table = pd.DataFrame({
        "questions": counts,
        "share_%": (100 * counts / max(len(log), 1)).round(1),
        "median_minutes": minutes,
        "what the level means": pd.Series(READ_LEVELS),
    })
    table.index.name = "READ level"
    return table


def weekday_hour(log: pd.DataFrame) -> pd.DataFrame:
    """Questions per weekday (rows, Mon-Sun) and hour of the day (columns) in the log."""
    counts = np.zeros((7, 24), dtype=int)
    np.add.at(counts, (log["day"].to_numpy(), log["hour"].to_numpy()), 1)
    table = pd.DataFrame(counts, index=list(DAYS), columns=range(24))
    used = [h for h in table.columns if table[h].sum() > 0]
    return table[used] if used else table.iloc[:, 9:18]


def busiest_hour(log: pd.DataFrame) -> tuple[str, int, int]:
    """The weekday and hour with the most questions: ``("Sat", 11, 969)``."""
    table = weekday_hour(log)
    stacked = table.stack()
    (day, hour), count = stacked.idxmax(), int(stacked.max())
    return str(day), int(hour), count


def unresolved_share(log: pd.DataFrame) -> tuple[float, int, int]:
    """Share (%) of questions not resolved there and then, with the count and the total."""
    total = len(log)
    open_ = int((~log["resolved"]).sum())
    return (round(100 * open_ / total, 1) if total else 0.0), open_, total


def unresolved_by_mode(log: pd.DataFrame) -> pd.DataFrame:
    """By mode: questions, unresolved share (%), and the share of unresolved ones that
    nobody flagged for a follow-up (%)."""
    rows = []
    for mode, part in log.groupby("mode", observed=True):
        open_ = part[~part["resolved"]]
        rows.append({
            "mode": mode, "questions": len(part), "unresolved": len(open_),
            "unresolved_%": round(100 * len(open_) / len(part), 1) if len(part) else 0.0,
            "no_follow_up_%": (round(100 * float((~open_["follow_up_needed"]).mean()), 1)
                               if len(open_) else 0.0),
        })
    return pd.DataFrame(rows).set_index("mode").sort_values("unresolved_%", ascending=False)


def unresolved_percent(mode: str) -> float:
    """% of one mode's questions not resolved there and then, from the data.

    Used as the answer key of the graded data question, so the key follows the data.
    """
    from course_kit.data import load_reference

    table = unresolved_by_mode(load_reference())
    if mode not in table.index:
        raise KeyError(f"No mode called {mode!r}; choose from {', '.join(table.index)}.")
    return float(table.loc[mode, "unresolved_%"])


def mode_by_month(log: pd.DataFrame) -> pd.DataFrame:
    """Questions per month (rows) and mode (columns)."""
    month = log["asked_at"].dt.month.rename("month")
    table = pd.crosstab(month, log["mode"])
    return table


def referrals(log: pd.DataFrame) -> pd.DataFrame:
    """Where questions were passed on, by question type (counts), most common first."""
    passed = log[log["referred_to"].notna()]
    table = pd.crosstab(passed["referred_to"], passed["question_type"], margins=True,
                        margins_name="total")
    table = table.drop(index="total").sort_values("total", ascending=False)
    table.index.name = "referred to"
    return table


def top_tags(log: pd.DataFrame, question_type: str, n: int = 6) -> pd.DataFrame:
    """The most common topics (tags) of one question type, with counts and resolved %."""
    part = log[log["question_type"] == question_type]
    tags = part.assign(tag=part["tags"].str.split(";")).explode("tag")
    tags["tag"] = tags["tag"].str.strip()
    grouped = tags.groupby("tag").agg(questions=("resolved", "size"),
                                      resolved_pct=("resolved", "mean"))
    grouped["resolved_%"] = (100 * grouped.pop("resolved_pct")).round(1)
    grouped = grouped.sort_values("questions", ascending=False).head(n)
    grouped.index.name = f"{question_type} topic"
    return grouped


def desk_minutes(log: pd.DataFrame, branch: str) -> pd.DataFrame:
    """Average minutes of desk questions (in person and phone) per open hour, at ``branch``.

    Rows are weekdays, columns hours. The average is over the days that weekday on which
    the branch logged any question, so holidays do not count as quiet days.
    """
    part = log[(log["branch_id"] == branch) & log["mode"].isin(DESK_MODES)]
    if part.empty:
        return pd.DataFrame(index=list(DAYS[:6]))
    days_open = part.groupby("day")["date"].nunique()
    minutes = part.groupby(["day", "hour"])["duration_minutes"].sum().unstack(fill_value=0)
    table = minutes.div(days_open, axis=0).round(1)
    table.index = [DAYS[d] for d in table.index]
    return table


def second_person_hours(log: pd.DataFrame, branch: str, threshold: float = 30.0
                        ) -> list[tuple[str, int, float]]:
    """Weekday-hours where desk questions take ``threshold`` minutes or more on average.

    A rule of thumb, not a standard: one person at the desk also checks out books, answers
    the phone and walks people to the shelves; once questions alone fill half the hour,
    people start to queue. Returns ``(day, hour, minutes)``, busiest first.
    """
    return hours_over(desk_minutes(log, branch), threshold)


def hours_over(table: pd.DataFrame, threshold: float) -> list[tuple[str, int, float]]:
    """The cells of a :func:`desk_minutes` table at or above ``threshold``, busiest first."""
    if table.empty:
        return []
    stacked = table.stack()
    busy = stacked[stacked >= threshold].sort_values(ascending=False)
    return [(str(day), int(hour), float(value)) for (day, hour), value in busy.items()]


@dataclass
class LogSummary:
    """The explorer's headline figures for the rows it shows."""

    questions: int
    unresolved: int
    unresolved_pct: float
    busiest: tuple[str, int, int] | None

    def sentence(self) -> str:
        """The figures in one plain sentence."""
        if not self.questions:
            return "No questions match these filters."
        text = (f"{self.questions:,} questions; {self.unresolved:,} not resolved there and then "
                f"({self.unresolved_pct:.1f}%).")
        if self.busiest:
            day, hour, count = self.busiest
            text += (f" Busiest hour: {day} {hour}:00-{hour + 1}:00 ({count:,} questions "
                     "in the log).")
        return text


def summarise(log: pd.DataFrame) -> LogSummary:
    """Headline figures: number of questions, unresolved share, busiest hour."""
    pct, open_, total = unresolved_share(log)
    return LogSummary(total, open_, pct, busiest_hour(log) if total else None)


def _shade(value: float, top: float) -> tuple[str, str]:
    """A light-to-dark blue (colour-blind safe, one hue) and a text colour that contrasts."""
    t = 0.0 if top <= 0 else min(value / top, 1.0)
    light, dark = (0xEE, 0xF4, 0xFB), (0x08, 0x30, 0x6B)
    rgb = tuple(round(a + (b - a) * t) for a, b in zip(light, dark, strict=True))
    text = "#ffffff" if t > 0.5 else "#111111"
    return "#{:02x}{:02x}{:02x}".format(*rgb), text


def heatmap_html(table: pd.DataFrame, caption: str) -> str:
    """A weekday × hour table as an HTML grid, numbers written in every cell.

    Drawn in a millisecond (a matplotlib figure takes a few hundred), and a screen reader
    reads it as a table. Shading is one hue, light to dark, never the only cue.
    """
    top = float(table.to_numpy().max()) if table.size else 0.0
    head = "".join(f'<th scope="col" style="padding:2px 4px">{h}</th>' for h in table.columns)
    rows = []
    for day, row in table.iterrows():
        cells = []
        for value in row:
            bg, fg = _shade(float(value), top)
            shown = f"{value:g}" if isinstance(value, float) else str(value)
            cells.append(f'<td style="background:{bg};color:{fg};text-align:right;'
                         f'padding:2px 4px;min-width:2.2em">{shown}</td>')
        rows.append(f'<tr><th scope="row" style="padding:2px 6px">{day}</th>{"".join(cells)}'
                    "</tr>")
    return ('<div style="overflow-x:auto;max-width:100%">'
            '<table class="course-kit-heatmap" style="border-collapse:collapse;font-size:85%">'
            f"<caption style='text-align:left;caption-side:top'>{html.escape(caption)}</caption>"
            f'<thead><tr><th scope="col">day \\ hour</th>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")


@styled
def plot_heatmap(log: pd.DataFrame) -> DescribedFigure:
    """Heat map of questions per weekday and hour, the busiest cell named in the text."""
    table = weekday_hour(log)
    table = table.loc[:, [h for h in table.columns if 9 <= h <= 19]]
    fig = new_figure(7.5, 3.0)
    ax = fig.add_subplot()
    image = ax.imshow(table.to_numpy(), cmap="Blues", aspect="auto")
    ax.set_xticks(range(table.shape[1]), [f"{h}" for h in table.columns])
    ax.set_yticks(range(table.shape[0]), table.index)
    ax.set_xlabel("Hour of the day (9 = 9:00-10:00)")
    ax.set_title(f"Questions by weekday and hour, 2025 (n = {len(log):,})")
    fig.colorbar(image, ax=ax, label="Questions")
    day, hour, count = busiest_hour(log)
    sunday = int(weekday_hour(log).loc["Sun"].sum())
    text = (f"Heat map of {len(log):,} questions by weekday and hour: the busiest hour is "
            f"{day} {hour}:00-{hour + 1}:00 with {count:,} questions; the library is closed "
            f"on Sundays, when only {sunday:,} chat and e-mail questions arrived.")
    return DescribedFigure(fig, text)
