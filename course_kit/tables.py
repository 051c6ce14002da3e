"""How the kit shows a pandas table: one header row, text that wraps, numbers that do not.

pandas puts the name of a table's index in a second header row of its own, under empty
header cells. A screen reader then reads empty headers (axe: "empty-table-header") and a
sighted reader sees a header that looks broken. :func:`table_html` shows the same table
with one header row: the index name goes in the top-left corner cell, a plain row number
(0, 1, 2 …) is left out, and a table with several header levels gets them joined into one.

Long text wraps inside its column (it may break inside a long word such as
``barrier_physical_access``), so a table fits a narrow notebook (768 px with the file
browser open) instead of running off the right edge. Numbers never break.

Every table a participant sees goes through here: the kernel set-up
(:mod:`course_kit.kernel`) makes :func:`html_formatter` the way a notebook shows any
``DataFrame``, and the activities build their tables with :func:`table_html`.
"""

from __future__ import annotations

import uuid
from typing import Any

import pandas as pd

__all__ = ["MIN_TEXT_WIDTH", "flat_frame", "html_formatter", "table_html"]


def _label(value: Any) -> str:
    """One header label from a column key (a tuple for several header levels)."""
    if isinstance(value, tuple):
        return " ".join(str(part) for part in value if str(part).strip())
    return str(value)


def _is_row_number(index: pd.Index) -> bool:
    """True for pandas' default, unnamed 0, 1, 2 … index (it means nothing to a reader)."""
    return (isinstance(index, pd.RangeIndex) and index.name is None
            and index.start == 0 and index.step == 1)


def flat_frame(frame: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """``frame`` arranged for one header row, and whether its index is to be shown.

    * several header levels are joined into one label per column (``"2024 visits"``);
    * an index of several levels becomes ordinary columns;
    * a named index keeps its place as row headers, its name moving to the corner cell
      (with the columns' own name, if any, after a slash: ``"main reason / age band"``);
    * pandas' default row numbers are not shown;
    * any other index without a name is shown under the heading ``row``.
    """
    shown = frame.copy(deep=False)
    if isinstance(shown.columns, pd.MultiIndex):
        shown.columns = pd.Index([_label(c) for c in shown.columns])
    columns_name = shown.columns.name
    if isinstance(shown.index, pd.MultiIndex):
        shown = shown.reset_index()
        shown.columns = pd.Index([_label(c) for c in shown.columns])
        return shown, False
    if _is_row_number(shown.index):
        return shown.rename_axis(columns=None), False
    names = [str(n) for n in (shown.index.name, columns_name) if n is not None]
    return shown.rename_axis(index=None, columns=" / ".join(names) if names else "row"), True


#: The narrowest a text column gets, in letters (a longer word wraps inside it). A letter is
#: taken as 0.6 em: the average width of a letter in a proportional font, wider than most.
MIN_TEXT_WIDTH = 8


def _min_width(values: pd.Series | pd.Index, header: object) -> int:
    """Characters for a text column: its longest word, at most :data:`MIN_TEXT_WIDTH`."""
    sample = [str(header), *(str(v) for v in list(values[:200]))]
    longest = max((len(word) for text in sample for word in text.split()), default=1)
    return max(1, min(longest, MIN_TEXT_WIDTH))


def _shown_columns(frame: pd.DataFrame, max_cols: int | None
                   ) -> list[tuple[object, pd.Series | pd.Index]]:
    """The columns pandas draws, in order, with its ``...`` column where it cut some out.

    With more columns than ``max_cols``, pandas keeps the first and last ``max_cols // 2``
    (the first ``max_cols`` when that is 0) and puts a column of ``...`` between them.
    """
    columns: list[tuple[object, pd.Series | pd.Index]] = list(frame.items())
    if not max_cols or len(columns) <= max_cols:
        return columns
    cut: tuple[object, pd.Series | pd.Index] = ("...", pd.Index(["..."]))
    half = max_cols // 2
    if half < 1:
        return [*columns[:max_cols], cut]
    return [*columns[:half], cut, *columns[-half:]]


def _column_css(table_id: str, frame: pd.DataFrame, index: bool,
                max_cols: int | None = None) -> str:
    """Per-column rules: text left-aligned and wrapping, numbers right-aligned on one line."""
    rules = [f"#{table_id}{{table-layout:auto;max-width:100%}}",
             f"#{table_id} :is(th,td){{padding:0.3em 0.4em}}",
             f"#{table_id} th{{vertical-align:bottom}}", f"#{table_id} td{{vertical-align:top}}"]
    columns = _shown_columns(frame, max_cols)
    if index:
        columns.insert(0, (frame.columns.name, frame.index))
        rules.append(f"#{table_id} tbody th{{vertical-align:top}}")
    for position, (name, values) in enumerate(columns, start=1):
        cells = f"#{table_id} tr>:nth-child({position})"
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            # The number on one line; its header may still wrap ("people per session").
            rules.append(f"{cells}{{text-align:right}}"
                         f"#{table_id} td:nth-child({position}){{white-space:nowrap}}")
        else:
            rules.append(f"{cells}{{text-align:left;overflow-wrap:anywhere;"
                         f"min-width:{0.6 * _min_width(values, name):.1f}em}}")
    return "<style>" + "".join(rules) + "</style>"


def table_html(frame: pd.DataFrame, **to_html: Any) -> str:
    """``frame`` as an HTML table with one header row (see :func:`flat_frame`).

    Keyword arguments go to :meth:`pandas.DataFrame.to_html` (``classes``, ``na_rep``,
    ``float_format``, ``max_rows`` …); ``index``, ``table_id`` and ``escape`` are the
    kit's: what a participant typed is always escaped. The table sits in a block that
    scrolls sideways when even wrapped text cannot fit.
    """
    for own in ("index", "table_id", "escape", "index_names"):
        to_html.pop(own, None)
    shown, index = flat_frame(frame)
    table_id = f"ck-table-{uuid.uuid4().hex[:10]}"
    to_html.setdefault("border", 0)
    body = shown.to_html(index=index, table_id=table_id, escape=True, **to_html)
    return ('<div class="course-kit-frame" style="max-width:100%;overflow-x:auto">'
            + _column_css(table_id, shown, index, to_html.get("max_cols")) + body + "</div>")


def html_formatter(frame: Any) -> str | None:
    """IPython's HTML for a ``DataFrame`` (registered by :mod:`course_kit.kernel`).

    pandas' display options still apply (``display.max_rows``, ``display.max_columns``,
    ``display.show_dimensions``; no HTML when ``display.notebook_repr_html`` is off).
    """
    if not isinstance(frame, pd.DataFrame) or not pd.get_option("display.notebook_repr_html"):
        return None
    return table_html(frame, classes="dataframe",
                      max_rows=pd.get_option("display.max_rows"),
                      max_cols=pd.get_option("display.max_columns"),
                      show_dimensions=pd.get_option("display.show_dimensions"))
