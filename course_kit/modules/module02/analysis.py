"""Millbrook examples for Module 2: comments, staff replies, questions at the desk.

Every function takes the case-study tables (``course_kit.data.load_…``) and returns a small
table with its sample sizes, or a :class:`~course_kit.plotting.DescribedFigure`. The staff
replies are scored with the module's plain-language checker, once (:func:`score_replies`).
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from course_kit.data import data_dir, load_comment_replies
from course_kit.modules.module02.checker import GRADE_TARGET, check_text
from course_kit.plotting import OKABE_ITO, DescribedFigure, new_figure

__all__ = [
    "GUIDE_ADOPTED",
    "jargon_in_replies",
    "learning_preferences",
    "median_grade",
    "plot_reply_grades",
    "questions_by_type",
    "replies_before_after",
    "reply_rate_by_channel",
    "score_replies",
    "share_above_grade_8",
    "share_with_jargon",
    "staff_comments",
]

#: The day Millbrook's staff adopted a plain-language guide for replies (see TRAINERS.md).
GUIDE_ADOPTED = pd.Timestamp("2025-07-01")
_BEFORE, _AFTER = "before the guide", "after the guide"


def score_replies(replies: pd.DataFrame) -> pd.DataFrame:
    """The English replies with the checker's figures, one row per reply.

    Columns: reply_id, replied_on, period ("before the guide" / "after the guide"), text,
    grade, words, long_sentences, passive, jargon (count), jargon_terms (list), negative.
    Spanish replies are left out: the grade formulas are for English.
    """
    english = replies[replies["language"] == "English"]
    rows = []
    for reply in english.itertuples(index=False):
        report = check_text(reply.text)
        row = {"reply_id": reply.reply_id, "replied_on": reply.replied_on,
               "period": _AFTER if reply.replied_on >= GUIDE_ADOPTED else _BEFORE,
               "text": reply.text, **report.as_row(),
               "jargon_terms": [term for term, _ in report.jargon]}
        rows.append(row)
    return pd.DataFrame(rows)


def replies_before_after(scored: pd.DataFrame) -> pd.DataFrame:
    """Per period: replies, median grade, share above grade 8, and what the checker found."""
    out = []
    for period in (_BEFORE, _AFTER):
        part = scored[scored["period"] == period]
        n = len(part)
        out.append({
            "period": period,
            "replies": n,
            "median_grade": round(float(part["grade"].median()), 1),
            "above_grade_8": int((part["grade"] > GRADE_TARGET).sum()),
            "above_grade_8_%": round(100 * float((part["grade"] > GRADE_TARGET).mean()), 0),
            "median_words": int(part["words"].median()),
            "with_jargon_%": round(100 * float((part["jargon"] > 0).mean()), 0),
            "with_passive_%": round(100 * float((part["passive"] > 0).mean()), 0),
            "with_negative_%": round(100 * float((part["negative"] > 0).mean()), 0),
        })
    return pd.DataFrame(out).set_index("period")


def jargon_in_replies(scored: pd.DataFrame) -> pd.DataFrame:
    """How many replies use each jargon term (most used first), out of all English replies."""
    counts = scored.explode("jargon_terms")["jargon_terms"].dropna().value_counts()
    table = counts.rename_axis("term").reset_index(name="replies")
    table["of_replies"] = len(scored)
    table["%"] = (100 * table["replies"] / len(scored)).round(0)
    return table


def plot_reply_grades(scored: pd.DataFrame) -> DescribedFigure:
    """Grades of the replies, one dot each, before and after the guide, with the target."""
    fig = new_figure(7.0, 3.0)
    ax = fig.add_subplot()
    medians = {}
    for row, (period, colour) in enumerate(((_BEFORE, OKABE_ITO[5]), (_AFTER, OKABE_ITO[0]))):
        grades = scored.loc[scored["period"] == period, "grade"].to_numpy()
        jitter = (pd.Series(range(len(grades))) % 7 - 3).to_numpy() * 0.05
        ax.scatter(grades, row + jitter, s=14, alpha=0.6, color=colour,
                   marker="o" if row == 0 else "s", label=f"{period} (n = {len(grades)})")
        medians[period] = float(pd.Series(grades).median())
    ax.axvline(GRADE_TARGET, color="#000000", linestyle="--", linewidth=1)
    ax.text(GRADE_TARGET + 0.2, 1.35, "target: grade 8", fontsize=9)
    ax.set_yticks([0, 1], [_BEFORE, _AFTER])
    ax.set_ylim(-0.5, 1.6)
    ax.set_xlabel("Flesch–Kincaid grade of the reply (lower is easier)")
    ax.set_title("Staff replies to comments, Millbrook, 2024-2025")
    description = (
        f"Dot plot of the grade of each English staff reply: before the plain-language guide "
        f"the median is grade {medians[_BEFORE]:.1f}, after it grade {medians[_AFTER]:.1f}, "
        f"against a target of grade {GRADE_TARGET:.0f}."
    )
    return DescribedFigure(fig, description)


def reply_rate_by_channel(comments: pd.DataFrame, replies: pd.DataFrame) -> pd.DataFrame:
    """Comments and replies per channel (the suggestion box is anonymous: no reply possible)."""
    answered = comments["comment_id"].isin(replies["comment_id"])
    table = (comments.assign(answered=answered).groupby("channel", observed=True)["answered"]
             .agg(comments="size", replied="sum").reset_index())
    table["replied_%"] = (100 * table["replied"] / table["comments"]).round(0)
    return table.sort_values("comments", ascending=False).reset_index(drop=True)


def staff_comments(comments: pd.DataFrame) -> pd.DataFrame:
    """What patrons wrote about staff, with how often each comment came in."""
    staff = comments[comments["topic"] == "staff"]
    table = staff.groupby(["text", "language"], observed=True).size().reset_index(name="times")
    table["of_staff_comments"] = len(staff)
    return table.sort_values(["times", "text"], ascending=[False, True]).reset_index(drop=True)


def questions_by_type(reference: pd.DataFrame) -> pd.DataFrame:
    """Questions at Millbrook's desks, chat, phone and e-mail in 2025, by type.

    With the share of all questions, the median minutes spent and the share at READ level 3
    or more (questions that need a real conversation to understand).
    """
    n = len(reference)
    table = reference.groupby("question_type", observed=True).agg(
        questions=("question_type", "size"),
        median_minutes=("duration_minutes", "median"),
        read_3_plus=("read_level", lambda s: (s >= 3).mean()),
    )
    table["share_%"] = (100 * table["questions"] / n).round(0)
    table["read_3_plus_%"] = (100 * table.pop("read_3_plus")).round(0)
    table["of_questions"] = n
    return table.sort_values("questions", ascending=False)[
        ["questions", "share_%", "median_minutes", "read_3_plus_%", "of_questions"]
    ]


def learning_preferences(survey: pd.DataFrame) -> pd.DataFrame:
    """How residents prefer to learn something new (needs survey), most chosen first."""
    counts = survey["preferred_learning"].value_counts()
    table = counts.rename_axis("way to learn").reset_index(name="respondents")
    table["%"] = (100 * table["respondents"] / len(survey)).round(0)
    table["of_respondents"] = len(survey)
    return table


def _period_figure(period: str, column: str) -> float:
    if period not in (_BEFORE, _AFTER):
        raise ValueError(f"period must be '{_BEFORE}' or '{_AFTER}', not '{period}'.")
    folder = data_dir()
    stamp = (folder / "comment_replies.csv").stat().st_mtime_ns
    return float(_before_after_for(folder, stamp).loc[period, column])


@functools.lru_cache(maxsize=4)
def _before_after_for(folder: Path, _stamp: int) -> pd.DataFrame:
    """Computed once per version of the data file, so checking an answer is instant."""
    return replies_before_after(score_replies(load_comment_replies(directory=folder)))


def median_grade(period: str = _BEFORE) -> float:
    """Median Flesch–Kincaid grade of the English replies in ``period`` (from the data)."""
    return _period_figure(period, "median_grade")


def share_above_grade_8(period: str = _AFTER) -> float:
    """Percentage of the English replies in ``period`` that read above grade 8."""
    return _period_figure(period, "above_grade_8_%")


def share_with_jargon(period: str = _AFTER) -> float:
    """Percentage of the English replies in ``period`` that use at least one jargon word."""
    return _period_figure(period, "with_jargon_%")
