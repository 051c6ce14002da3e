"""The workbench's charts drawn in HTML and CSS: instant to redraw, sharp at any width.

The notebook draws the same charts with matplotlib (:mod:`.scores`); inside the widget a PNG
would take most of a callback's 100 ms. Each chart here is a ``<figure>`` whose one-sentence
description is both its caption and its accessible name, uses the course's colour-blind-safe
colours, and tells values apart by shape or position as well as colour. All text is escaped.
"""

from __future__ import annotations

import html

import pandas as pd

from course_kit.plotting import OKABE_ITO

__all__ = ["interval_chart", "likert_chart", "zone_chart"]

_BLUE, _VERMILLION = OKABE_ITO[0], OKABE_ITO[5]
_LIKERT_COLOURS = ("#D55E00", "#E69F00", "#BBBBBB", "#56B4E9", "#0072B2")
_LABEL = "flex:0 0 12em;overflow-wrap:anywhere;line-height:1.2"


def _figure(body: str, description: str) -> str:
    text = html.escape(description)
    return (f'<figure class="course-kit-html-chart" role="img" aria-label="{text}" '
            f'style="margin:6px 0;max-width:46em;color:#111">{body}'
            f'<figcaption style="font-style:italic;color:#222">{text}</figcaption></figure>')


def _pct(value: float, low: float, high: float) -> float:
    return max(0.0, min(100.0, 100 * (value - low) / (high - low)))


def _axis(ticks: list[float], low: float, high: float, caption: str) -> str:
    marks = "".join(
        f'<span style="position:absolute;left:{_pct(t, low, high):.2f}%;'
        f'transform:translateX(-50%);font-size:85%">{t:g}</span>' for t in ticks)
    return (f'<div style="display:flex;gap:6px"><span style="{_LABEL}"></span>'
            f'<div style="position:relative;flex:1;height:1.3em">{marks}</div></div>'
            f'<div style="text-align:center;font-size:90%">{html.escape(caption)}</div>')


def zone_chart(gaps: pd.DataFrame, description: str) -> str:
    """LibQUAL+ bar-range chart: a band from minimum to desired, ● perceived, ✖ below minimum."""
    rows = []
    for item, row in gaps.dropna(subset=["minimum", "desired", "perceived"]).iterrows():
        left = _pct(row["minimum"], 1, 9)
        width = _pct(row["desired"], 1, 9) - left
        below = row["perceived"] < row["minimum"]
        mark, colour = ("✖", _VERMILLION) if below else ("●", _BLUE)
        tip = html.escape(f"{item}: minimum {row['minimum']:.2f}, desired {row['desired']:.2f}, "
                          f"perceived {row['perceived']:.2f}")
        rows.append(
            f'<div style="display:flex;gap:6px;align-items:center" title="{tip}">'
            f'<span style="{_LABEL}">{html.escape(str(item))}</span>'
            f'<div style="position:relative;flex:1;height:1.1em;border-left:1px solid #333">'
            f'<div style="position:absolute;left:{left:.2f}%;width:{width:.2f}%;top:15%;'
            f'height:70%;background:#CFE3F2;border:1px solid {_BLUE}"></div>'
            f'<span style="position:absolute;left:{_pct(row["perceived"], 1, 9):.2f}%;'
            f'transform:translateX(-50%);color:{colour};font-weight:bold;line-height:1.1em">'
            f"{mark}</span></div></div>")
    legend = (f'<p style="font-size:90%;margin:2px 0">Band: zone of tolerance (minimum to '
              f'desired). <span style="color:{_BLUE}">●</span> perceived, within or above the '
              f'zone. <span style="color:{_VERMILLION}">✖</span> perceived, below the '
              "minimum.</p>")
    body = "".join(rows) + _axis([1, 3, 5, 7, 9], 1, 9, "Mean rating (1-9)") + legend
    return _figure(body, description)


def interval_chart(table: pd.DataFrame, description: str, *, value: str = "NPS",
                   low: str = "95% low", high: str = "95% high", count: str = "answers",
                   scale: tuple[float, float] = (-100, 100)) -> str:
    """A dot per row with its interval as a line (e.g. NPS per branch, −100…+100)."""
    lo_end, hi_end = scale
    zero = _pct(0, lo_end, hi_end)
    rows = []
    for name, row in table.iterrows():
        a, b = _pct(row[low], lo_end, hi_end), _pct(row[high], lo_end, hi_end)
        label = html.escape(f"{name} (n={int(row[count])})")
        tip = html.escape(f"{name}: {row[value]:+.1f}, interval {row[low]:+.1f} to "
                          f"{row[high]:+.1f}, {int(row[count])} answers")
        rows.append(
            f'<div style="display:flex;gap:6px;align-items:center" title="{tip}">'
            f'<span style="{_LABEL}">{label}</span>'
            f'<div style="position:relative;flex:1;height:1.4em">'
            f'<div style="position:absolute;left:{zero:.2f}%;top:0;bottom:0;'
            f'border-left:1px solid #333"></div>'
            f'<div style="position:absolute;left:{a:.2f}%;width:{b - a:.2f}%;top:48%;'
            f'border-top:2px solid #555"></div>'
            f'<span style="position:absolute;left:{_pct(row[value], lo_end, hi_end):.2f}%;'
            f'transform:translateX(-50%);color:{_BLUE};font-weight:bold">●</span>'
            "</div></div>")
    ticks = [lo_end, (lo_end + hi_end) / 2 - (hi_end - lo_end) / 4, (lo_end + hi_end) / 2,
             (lo_end + hi_end) / 2 + (hi_end - lo_end) / 4, hi_end]
    body = "".join(rows) + _axis(ticks, lo_end, hi_end, f"{value}, with 95% interval")
    return _figure(body, description)


def likert_chart(likert: pd.DataFrame, description: str) -> str:
    """Diverging bars per statement: disagreement left of the centre line, agreement right.

    The neutral answers are split across the line, as in the notebook's chart.
    """
    scale = [c for c in likert.columns if c != "n"]
    k = len(scale)
    colours = _LIKERT_COLOURS if k == 5 else OKABE_ITO
    neg, mid, pos = scale[: k // 2], (scale[k // 2] if k % 2 else None), scale[(k + 1) // 2:]

    def part(col: str, share: float) -> str:
        tip = html.escape(f"{col}: {likert_row[col]:.0f}%")
        return (f'<div title="{tip}" style="width:{share:.2f}%;'
                f'background:{colours[scale.index(col)]}"></div>')

    rows = []
    for statement, likert_row in likert.iterrows():
        half_mid = likert_row[mid] / 2 if mid else 0.0
        left = "".join(part(c, likert_row[c]) for c in neg) + (part(mid, half_mid) if mid else "")
        right = (part(mid, half_mid) if mid else "") + "".join(part(c, likert_row[c]) for c in pos)
        label = html.escape(f"{statement} (n={int(likert_row['n'])})")
        rows.append(
            f'<div style="display:flex;gap:6px;align-items:center;margin:2px 0">'
            f'<span style="{_LABEL}" title="{label}">{label}</span>'
            f'<div style="display:flex;flex:1;height:1.2em">'
            f'<div style="display:flex;flex:1;justify-content:flex-end;'
            f'border-right:2px solid #333">{left}</div>'
            f'<div style="display:flex;flex:1">{right}</div></div></div>')
    legend = " ".join(f'<span style="white-space:nowrap"><span aria-hidden="true" '
                      f'style="display:inline-block;width:.9em;height:.9em;'
                      f'background:{colours[i]}"></span> {html.escape(col)}</span>'
                      for i, col in enumerate(scale))
    axis = ('<div style="display:flex;gap:6px;font-size:90%"><span style="flex:0 0 12em">'
            '</span><span style="flex:1;text-align:left">← disagree</span>'
            '<span style="flex:1;text-align:right">agree →</span></div>')
    return _figure("".join(rows) + axis + f'<p style="font-size:90%;margin:4px 0">{legend}</p>',
                   description)
