"""Virtual reference: chat in Millbrook's question log, and chats read against RUSA 2023.

The question log (:func:`course_kit.data.load_reference`) records how each question
reached the library. :func:`questions_by_month` and :func:`plot_modes` show chat rising
while the desk falls; :func:`unresolved_by_mode` shows which unresolved questions were
flagged for a follow-up. The made-up chat transcripts in ``chat_transcripts.toml`` are read
against the six areas of the RUSA guidelines (2023 revision) in ``rusa_2023.toml``.
"""

from __future__ import annotations

import html
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from course_kit.plotting import DescribedFigure, new_figure, styled

__all__ = [
    "MODES",
    "chat_growth",
    "plot_modes",
    "questions_by_month",
    "reading",
    "rusa_areas",
    "show_transcript",
    "top_tags",
    "transcript_html",
    "transcripts",
    "unresolved_by_mode",
]

HERE = Path(__file__).parent
MODES: tuple[str, ...] = ("in person", "phone", "chat", "email")


def questions_by_month(reference: pd.DataFrame) -> pd.DataFrame:
    """Questions per month (rows) and mode (columns), with a total column."""
    months = reference["asked_at"].dt.to_period("M").astype(str).rename("month")
    table = pd.crosstab(months, reference["mode"].astype(str))
    table = table.reindex(columns=[m for m in MODES if m in table.columns], fill_value=0)
    table["all modes"] = table.sum(axis=1)
    table.columns.name = None
    return table


def chat_growth(reference: pd.DataFrame) -> pd.DataFrame:
    """First and last month for chat and in person: questions and share of all questions."""
    table = questions_by_month(reference)
    first, last = table.index[0], table.index[-1]
    rows = []
    for mode in ("chat", "in person"):
        share = 100 * table.loc[[first, last], mode] / table.loc[[first, last], "all modes"]
        rows.append({
            "mode": mode,
            f"{first} questions": int(table.loc[first, mode]),
            f"{last} questions": int(table.loc[last, mode]),
            f"{first} share %": round(float(share[first]), 1),
            f"{last} share %": round(float(share[last]), 1),
        })
    return pd.DataFrame(rows).set_index("mode")


@styled
def plot_modes(reference: pd.DataFrame) -> DescribedFigure:
    """Questions per month by mode: lines with markers (not colour alone)."""
    table = questions_by_month(reference)
    fig = new_figure(7.5, 3.6)
    ax = fig.add_subplot()
    for mode, marker, style in zip(MODES, "osD^", ("-", "--", "-", ":"), strict=True):
        ax.plot(table.index, table[mode], marker=marker, linestyle=style, label=mode)
    ax.set_ylabel("Questions per month")
    ax.set_title(f"How questions reached the library, 2025 (n = {int(table['all modes'].sum()):,})")
    ax.tick_params(axis="x", labelrotation=45)
    ax.legend(ncols=4, loc="upper center", bbox_to_anchor=(0.5, -0.3))
    first, last = table.index[0], table.index[-1]
    text = (f"Line chart of questions per month by mode in 2025: chat rises from "
            f"{table.loc[first, 'chat']:,} in January to {table.loc[last, 'chat']:,} in "
            f"December, while in-person questions fall from {table.loc[first, 'in person']:,} "
            f"to {table.loc[last, 'in person']:,}.")
    return DescribedFigure(fig, text)


def unresolved_by_mode(reference: pd.DataFrame) -> pd.DataFrame:
    """Per mode: questions, % resolved there and then, unresolved ones and the % of those
    not flagged for a follow-up."""
    rows = []
    for mode in MODES:
        part = reference[reference["mode"] == mode]
        open_ = part[~part["resolved"]]
        rows.append({
            "mode": mode,
            "questions": len(part),
            "resolved %": round(100 * part["resolved"].mean(), 1),
            "unresolved": len(open_),
            "unresolved without follow-up %": round(100 * (~open_["follow_up_needed"]).mean(), 1),
        })
    return pd.DataFrame(rows).set_index("mode")


def top_tags(reference: pd.DataFrame, mode: str | None = None,
             question_type: str | None = None, n: int = 8) -> pd.DataFrame:
    """The most common topics (tags) of the questions, optionally for one mode or type."""
    part = reference
    if mode is not None:
        part = part[part["mode"] == mode]
    if question_type is not None:
        part = part[part["question_type"] == question_type]
    tags = part["tags"].fillna("").str.split(";").explode().str.strip()
    counts = tags[tags != ""].value_counts().head(n)
    out = pd.DataFrame({"questions": counts})
    out["% of these questions"] = (100 * out["questions"] / len(part)).round(1)
    out.index.name = "topic"
    out.attrs["n"] = len(part)
    return out


# -- transcripts and RUSA 2023 ----------------------------------------------------------
@cache
def _toml(name: str) -> dict[str, Any]:
    with (HERE / name).open("rb") as handle:
        return tomllib.load(handle)


def rusa_areas() -> pd.DataFrame:
    """The six RUSA 2023 areas with the course's one-line paraphrase."""
    data = _toml("rusa_2023.toml")
    table = pd.DataFrame({"in plain words": data["areas"]})
    table.index.name = "RUSA 2023 area"
    return table


def transcripts() -> dict[str, dict[str, Any]]:
    """The chat transcripts by id ("A", "B", …)."""
    return {t["id"]: t for t in _toml("chat_transcripts.toml")["transcripts"]}


def transcript_html(transcript_id: str) -> str:
    """One chat as an escaped HTML conversation (who, when, what)."""
    chats = transcripts()
    if transcript_id not in chats:
        raise ValueError(f"There is no chat {transcript_id!r}: choose {', '.join(chats)}.")
    chat = chats[transcript_id]
    rows = []
    for when, who, text in chat["lines"]:
        colour = "#003b63" if who == "staff" else "#5a3200"
        rows.append(f'<li style="margin:3px 0"><span style="color:#444">{html.escape(when)}</span>'
                    f' <strong style="color:{colour}">{html.escape(who)}:</strong> '
                    f"{html.escape(text)}</li>")
    return (f'<section class="course-kit-chat" aria-label="Chat {html.escape(transcript_id)}" '
            'style="border:1px solid #999;border-radius:6px;padding:6px 12px;color:#111;'
            'background:#fff;max-width:720px">'
            f'<h4 style="margin:4px 0">Chat {html.escape(transcript_id)}: '
            f'{html.escape(chat["title"])}</h4><ul style="list-style:none;padding-left:0">'
            f'{"".join(rows)}</ul></section>')


class _Html:
    def __init__(self, text: str) -> None:
        self.text = text

    def _repr_html_(self) -> str:
        return self.text


def show_transcript(transcript_id: str) -> _Html:
    """Display one chat in the notebook."""
    return _Html(transcript_html(transcript_id))


def reading(transcript_id: str) -> pd.DataFrame:
    """The course's reading of one chat against the six areas: verdict and why."""
    chats = transcripts()
    if transcript_id not in chats:
        raise ValueError(f"There is no chat {transcript_id!r}: choose {', '.join(chats)}.")
    rows = {area: {"verdict": v[0], "why": v[1]}
            for area, v in chats[transcript_id]["reading"].items()}
    table = pd.DataFrame(rows).T
    table.index.name = "RUSA 2023 area"
    return table
