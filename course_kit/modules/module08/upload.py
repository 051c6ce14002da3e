"""A library's own feedback file: read safely, mapped to roles, checked row by row.

The workbench accepts a CSV file (comma, semicolon or tab separated; UTF-8, or Windows
"ANSI" from older Excel) of at most :data:`MAX_BYTES`. The file is only ever read as text:
nothing in it is run, a cell such as ``=HYPERLINK(…)`` stays plain text, and every value is
escaped before it is shown. Problems are reported in plain words that name the row and
column, counting the header as row 1, like a spreadsheet does.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import pandas as pd

__all__ = [
    "MAX_BYTES",
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "ROLES",
    "Mapped",
    "UploadError",
    "guess_mapping",
    "libqual_columns",
    "libqual_ratings",
    "map_columns",
    "read_csv_bytes",
]

#: Largest file accepted: 2 MB is tens of thousands of survey answers.
MAX_BYTES = 2_000_000
#: Most data rows and columns accepted.
MAX_ROWS = 20_000
MAX_COLUMNS = 60
#: Longest cell accepted (a long comment is about 1,000 characters).
MAX_CELL_CHARS = 5_000
#: How many problems a message lists before it sums up the rest.
MAX_LISTED = 5

#: The roles a column can play, with the words shown in the mapping step.
ROLES: dict[str, str] = {
    "recommend": "Recommend score (0-10)",
    "comment": "Comment text",
    "group": "Branch or group",
}

_GUESSES = {
    "recommend": re.compile(r"recommend|nps|likely|0.?10|score", re.IGNORECASE),
    "comment": re.compile(r"comment|text|feedback|suggestion|remark|why|open", re.IGNORECASE),
    "group": re.compile(r"branch|group|location|site|library|service", re.IGNORECASE),
}


class UploadError(ValueError):
    """The file cannot be used as it is. ``problems`` lists every problem, one sentence each."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


def _summarise(intro: str, problems: list[str]) -> UploadError:
    listed = problems[:MAX_LISTED]
    more = len(problems) - len(listed)
    text = intro + " " + " ".join(listed)
    if more:
        text += f" …and {more} more problem{'s' if more > 1 else ''} like these."
    return UploadError(text, problems)


def _decode(content: bytes, name: str) -> tuple[str, str]:
    if b"\x00" in content[:4096]:
        raise UploadError(f"{name} is not a text file (it may be a spreadsheet or a picture). "
                          "In your spreadsheet program, choose Save As → CSV, then upload that.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UploadError(f"{name} could not be read as text. Save it again as 'CSV UTF-8'.")


def read_csv_bytes(content: bytes, name: str = "your file") -> pd.DataFrame:
    """Read an uploaded CSV into a table of text (every cell a string, blanks as "").

    The table's index is each answer's row number in a spreadsheet (the header is row 1).

    Raises :class:`UploadError` with a plain message when the file is too big, not text,
    has no header, repeats or leaves out column names, or has rows of the wrong length.
    """
    if not isinstance(content, bytes | bytearray):
        raise UploadError("The upload did not arrive as a file. Please choose the file again.")
    if len(content) > MAX_BYTES:
        raise UploadError(f"{name} is {len(content) / 1e6:.1f} MB; the limit is "
                          f"{MAX_BYTES / 1e6:.0f} MB. Upload a smaller file, for example one "
                          "year of answers.")
    lower = name.lower()
    if lower.endswith((".xlsx", ".xls", ".ods", ".numbers")):
        raise UploadError(f"{name} is a spreadsheet, not a CSV file. In your spreadsheet "
                          "program, choose Save As → CSV, then upload that.")
    text, _encoding = _decode(bytes(content), name)
    if not text.strip() or not text.strip("\ufeff \r\n,;\t"):
        raise UploadError(f"{name} is empty. Upload a CSV with a header row and some answers.")
    # The separator is the one the header row uses most (a comma when in doubt): simpler to
    # predict than guessing from the comments, which may hold commas and semicolons.
    header_line = text.lstrip("\ufeff").splitlines()[0]
    delimiter = max((",", ";", "\t"), key=lambda d: (header_line.count(d), d == ","))
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise UploadError(f"{name} is not a well-formed CSV file ({exc}). Check for an "
                          "unclosed quotation mark.") from exc
    # Spreadsheet row numbers (header = row 1) are kept, blank rows skipped.
    numbered = [(i, r) for i, r in enumerate(rows, start=1) if any(c.strip() for c in r)]
    header = [h.strip() for h in numbered[0][1]]
    body = numbered[1:]
    problems = []
    if len(header) > MAX_COLUMNS:
        raise UploadError(f"{name} has {len(header)} columns; the limit is {MAX_COLUMNS}. "
                          "Keep only the columns you want to analyze.")
    if len(body) > MAX_ROWS:
        raise UploadError(f"{name} has {len(body):,} rows of answers; the limit is "
                          f"{MAX_ROWS:,}. Split the file, for example by year.")
    if not body:
        raise UploadError(f"{name} has a header row but no answers below it.")
    for i, col in enumerate(header, start=1):
        if not col:
            problems.append(f"Row 1, column {i}: the column has no name.")
    seen: set[str] = set()
    for col in header:
        if col and col.lower() in seen:
            problems.append(f"Row 1: the column name '{col}' is used twice.")
        seen.add(col.lower())
    for number, row in body:
        if len(row) != len(header):
            problems.append(f"Row {number} has {len(row)} value{'s' * (len(row) != 1)}, "
                            "but the header has "
                            f"{len(header)} columns (a comma inside a comment needs quotes).")
        for col, cell in zip(header, row, strict=False):
            if len(cell) > MAX_CELL_CHARS:
                problems.append(f"Row {number}, column '{col}': the text is {len(cell):,} "
                                f"characters long; the limit is {MAX_CELL_CHARS:,}.")
    if problems:
        raise _summarise(f"{name} cannot be used yet.", problems)
    table = pd.DataFrame([row for _n, row in body], columns=header, dtype="string").fillna("")
    table.index = pd.Index([n for n, _row in body], name="row")
    return table


def guess_mapping(columns: list[str]) -> dict[str, str]:
    """A first guess of which column plays which role, from the column names."""
    mapping: dict[str, str] = {}
    for role, pattern in _GUESSES.items():
        for col in columns:
            if col not in mapping.values() and pattern.search(col):
                mapping[role] = col
                break
    return mapping


@dataclass
class Mapped:
    """An upload mapped to roles: ``table`` has columns recommend, comment and group."""

    table: pd.DataFrame
    mapping: dict[str, str]
    skipped_blank: int = 0
    notes: list[str] = field(default_factory=list)


def map_columns(raw: pd.DataFrame, mapping: dict[str, str], name: str = "your file", *,
                need_answers: bool = True) -> Mapped:
    """Check the chosen columns and return the analysis table (recommend, comment, group).

    A recommend score must be a whole number from 0 to 10 (or blank); problems name the
    row and column. At least a score column or a comment column must be chosen, unless
    ``need_answers`` is False (a file of LibQUAL+-style ratings only).
    """
    mapping = {role: col for role, col in mapping.items() if col}
    unknown = [r for r in mapping if r not in ROLES]
    if unknown:
        raise UploadError(f"Unknown role(s): {', '.join(unknown)}.")
    missing = [col for col in mapping.values() if col not in raw.columns]
    if missing:
        raise UploadError(f"{name} has no column called {', '.join(repr(m) for m in missing)}. "
                          "Pick the columns again.")
    if need_answers and "recommend" not in mapping and "comment" not in mapping:
        raise UploadError("Choose at least one column: the recommend score (0-10) or the "
                          "comment text.")
    chosen = list(mapping.values())
    if len(set(chosen)) < len(chosen):
        raise UploadError("Each role needs its own column: one column is chosen twice.")
    table = pd.DataFrame(index=raw.index)
    problems = []
    if "recommend" in mapping:
        col = mapping["recommend"]
        raw_scores = raw[col].astype(str).str.strip()
        numbers = pd.to_numeric(raw_scores.str.replace(",", ".", regex=False), errors="coerce")
        bad = (raw_scores != "") & ~(numbers.between(0, 10) & (numbers == numbers.round()))
        for idx in raw.index[bad.to_numpy()]:
            shown = raw_scores[idx] if len(raw_scores[idx]) <= 30 else raw_scores[idx][:27] + "…"
            problems.append(f"Row {idx}, column '{col}': '{shown}' is not a whole number "
                            "from 0 to 10.")
        table["recommend"] = numbers.where(~bad)
    else:
        table["recommend"] = float("nan")
    table["comment"] = raw[mapping["comment"]].astype(str).str.strip() if "comment" in mapping \
        else ""
    table["group"] = (raw[mapping["group"]].astype(str).str.strip().replace("", "(blank)")
                      if "group" in mapping else "All")
    if problems:
        raise _summarise(f"{name}: some answers in the score column cannot be used.", problems)
    if not need_answers and "recommend" not in mapping and "comment" not in mapping:
        return Mapped(table=table.reset_index(drop=True), mapping=mapping)
    blank = int(((table["recommend"].isna()) & (table["comment"] == "")).sum())
    notes = []
    if blank:
        notes.append(f"{blank} row{'s' if blank > 1 else ''} with neither a score nor a "
                     "comment were left out.")
    table = table[~(table["recommend"].isna() & (table["comment"] == ""))].reset_index(drop=True)
    if table.empty:
        raise UploadError(f"{name}: the chosen columns are empty in every row.")
    return Mapped(table=table, mapping=mapping, skipped_blank=blank, notes=notes)


_TRIPLE = re.compile(r"^(?P<item>.*?)[\s_:-]*(?P<kind>minimum|min|desired|des|perceived|per)$",
                     re.IGNORECASE)
_KINDS = {"min": "minimum", "minimum": "minimum", "des": "desired", "desired": "desired",
          "per": "perceived", "perceived": "perceived"}
_NA = {"", "n/a", "na", "n.a.", "-"}
#: LibQUAL+'s core item codes start with their dimension's initials.
_DIMENSION_PREFIX = {"AS": "Affect of Service", "IC": "Information Control",
                     "LP": "Library as Place"}


def libqual_columns(columns: list[str]) -> dict[str, dict[str, str]]:
    """LibQUAL+-style items in a file's columns: ``{item: {"minimum": col, ...}}``.

    An item is found when three columns share a name and end in minimum, desired and
    perceived (or min, des, per), e.g. ``LP-4 minimum``, ``LP-4 desired``, ``LP-4 perceived``.
    """
    found: dict[str, dict[str, str]] = {}
    for col in columns:
        match = _TRIPLE.match(col.strip())
        if match and match.group("item").strip():
            found.setdefault(match.group("item").strip(), {})[
                _KINDS[match.group("kind").lower()]] = col
    return {item: cols for item, cols in found.items() if len(cols) == 3}


def libqual_ratings(raw: pd.DataFrame, items: dict[str, dict[str, str]],
                    name: str = "your file") -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """The ratings of ``items`` in long form, the items table, and notes.

    Each rating must be a whole number from 1 to 9, or N/A (blank, "N/A", "NA"). As in
    LibQUAL+, an item answered N/A has all three ratings blank; a row with only one or two of
    the three is counted as N/A and reported in the notes. Problems name row and column.
    """
    problems, rows, partial = [], [], 0
    for item, cols in items.items():
        for idx in raw.index:
            values: dict[str, float] = {}
            for kind in ("minimum", "desired", "perceived"):
                text = str(raw.at[idx, cols[kind]]).strip()
                if text.lower() in _NA:
                    continue
                number = pd.to_numeric(text.replace(",", "."), errors="coerce")
                if pd.isna(number) or not 1 <= number <= 9 or number != round(number):
                    shown = text if len(text) <= 30 else text[:27] + "…"
                    problems.append(f"Row {idx}, column '{cols[kind]}': '{shown}' is not a "
                                    "whole number from 1 to 9 (or N/A).")
                    continue
                values[kind] = float(number)
            if 0 < len(values) < 3:
                partial += 1
                values = {}
            rows.append({"respondent_id": str(idx), "item_id": item,
                         "minimum": values.get("minimum"), "desired": values.get("desired"),
                         "perceived": values.get("perceived")})
    if problems:
        raise _summarise(f"{name}: some LibQUAL+-style ratings cannot be used.", problems)
    ratings = pd.DataFrame(rows, columns=["respondent_id", "item_id", "minimum", "desired",
                                          "perceived"])
    item_table = pd.DataFrame({
        "item_id": list(items),
        "dimension": [_DIMENSION_PREFIX.get(i[:2].upper(), "Your items") for i in items],
        "text": list(items),
    })
    notes = [f"{partial} rating{'s' if partial > 1 else ''} with only one or two of the three "
             f"levels {'were' if partial > 1 else 'was'} counted as N/A."] if partial else []
    return ratings, item_table, notes
