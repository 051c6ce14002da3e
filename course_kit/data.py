"""Load the Millbrook Public Library case-study tables as typed pandas DataFrames.

The tables live in a folder (normally ``datasets/`` at the top of the course kit) together
with ``datapackage.json``, a Frictionless Data Package descriptor that says, for every
column, its type, unit, meaning and allowed values. :func:`load` reads a table, checks it
against that descriptor and converts every column to the right type:

* dates, and dates with a time of day (``2025-03-04T10:15:00``), become ``datetime64``
  columns;
* whole numbers become ``int64`` (``Int64``, which allows blanks, where a column is optional);
* true/false columns become ``bool`` (``boolean`` where optional);
* columns with a fixed list of values become pandas categoricals, with the categories in
  the descriptor's order, ordered where the scale is ordinal (age bands, visit frequency);
* other text stays text.

If a file is missing or does not match the descriptor, a :class:`DataError` explains in
plain words which file and what is wrong.

Example::

    from course_kit.data import load_patrons, describe
    patrons = load_patrons()
    describe("patrons")          # the data dictionary, as a table
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = [
    "AGE_BANDS",
    "DESCRIPTOR_NAME",
    "ENV_VAR",
    "DataError",
    "data_dir",
    "describe",
    "load",
    "load_accessibility_audit",
    "load_branches",
    "load_catalogue",
    "load_comment_replies",
    "load_comments",
    "load_community",
    "load_community_languages",
    "load_incidents",
    "load_libqual_items",
    "load_libqual_ratings",
    "load_loans",
    "load_needs_survey",
    "load_newsletters",
    "load_operating_costs",
    "load_patrons",
    "load_program_outcomes",
    "load_programs",
    "load_reference",
    "load_service_values",
    "load_social_posts",
    "load_survey_responses",
    "load_usage",
    "load_visits",
    "render_data_readme",
    "table_names",
]

#: Age bands used in every table, youngest first (``community.csv`` spells them as column
#: names ``age_0_12`` … ``age_65_plus``).
AGE_BANDS: tuple[str, ...] = ("0-12", "13-17", "18-34", "35-64", "65+")

#: Environment variable that, when set, names the folder holding the case-study data.
ENV_VAR = "COURSE_KIT_DATA"

#: File name of the Data Package descriptor inside the data folder.
DESCRIPTOR_NAME = "datapackage.json"

#: How many problems a :class:`DataError` lists before summarising the rest.
MAX_REPORTED_PROBLEMS = 5

_TRUE_VALUES = frozenset({"true", "True", "TRUE", "1"})
_FALSE_VALUES = frozenset({"false", "False", "FALSE", "0"})
_INTEGER_RE = r"[+-]?[0-9]+"
_NUMBER_RE = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_DATE_RE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_DATETIME_RE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
# How each kind of date is parsed and checked, and how its form is described to a reader.
_DATE_FORMATS = {
    "date": ("%Y-%m-%d", _DATE_RE,
             "a date written as YYYY-MM-DD (for example 2025-03-31)"),
    "datetime": ("%Y-%m-%dT%H:%M:%S", _DATETIME_RE,
                 "a date and time written as YYYY-MM-DDThh:mm:ss "
                 "(for example 2025-03-31T14:05:00)"),
}

_FRIENDLY_TYPES = {
    "string": "text",
    "integer": "whole number",
    "number": "number",
    "date": "date",
    "datetime": "date and time",
    "boolean": "true/false",
}


class DataError(Exception):
    """A case-study data file is missing or does not match its description.

    The message is meant for people, not programs: it names the file and says what is
    wrong, for example ``"patrons.csv, row 13, column 'loans_12m': 'abc' is not a whole
    number."`` Row numbers count the header line as row 1, so they match the row numbers a
    spreadsheet program shows and the line numbers of a text editor.

    Attributes:
        file: name of the file concerned (``None`` if no single file is to blame).
        problems: every problem found, one sentence each (the message shows the first few).
    """

    def __init__(
        self, message: str, *, file: str | None = None, problems: Iterable[str] = ()
    ) -> None:
        super().__init__(message)
        self.file = file
        self.problems = list(problems)


# --------------------------------------------------------------------------------------
# Finding the data and its descriptor
# --------------------------------------------------------------------------------------


def data_dir() -> Path:
    """Return the folder that holds the case-study data (``datapackage.json`` and CSVs).

    Looked for, in this order:

    1. the folder named by the environment variable ``COURSE_KIT_DATA``, if it is set;
    2. a ``datasets/`` folder containing ``datapackage.json`` in the current working
       directory or any folder above it (so notebooks in ``notebooks/`` find it);
    3. the ``datasets/`` folder next to the ``course_kit`` package (editable install).

    Raises:
        DataError: if ``COURSE_KIT_DATA`` names a folder without ``datapackage.json``, or
            if no data folder can be found at all.
    """
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        folder = Path(env).expanduser()
        if not (folder / DESCRIPTOR_NAME).is_file():
            raise DataError(
                f"The environment variable {ENV_VAR} points to {folder}, but there is no "
                f"{DESCRIPTOR_NAME} there. Point it at the folder that holds the case-study "
                f"data, or unset it.",
                file=DESCRIPTOR_NAME,
            )
        return folder
    cwd = Path.cwd()
    for folder in (cwd, *cwd.parents):
        candidate = folder / "datasets"
        if (candidate / DESCRIPTOR_NAME).is_file():
            return candidate
    beside_package = Path(__file__).resolve().parent.parent / "datasets"
    if (beside_package / DESCRIPTOR_NAME).is_file():
        return beside_package
    raise DataError(
        f"Could not find the case-study data: no datasets/{DESCRIPTOR_NAME} in {cwd} or "
        f"any folder above it, nor next to the course_kit package. Set the environment "
        f"variable {ENV_VAR} to the folder that holds the data.",
        file=DESCRIPTOR_NAME,
    )


@functools.lru_cache(maxsize=8)
def _parse_descriptor(path: str, _mtime_ns: int, _size: int) -> dict[str, Any]:
    # The modification time and size are part of the cache key, so an edited descriptor
    # is read again. Callers treat the result as read-only.
    try:
        with open(path, encoding="utf-8") as handle:
            descriptor = json.load(handle)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DataError(
            f"{DESCRIPTOR_NAME} in {Path(path).parent} could not be read: {error}.",
            file=DESCRIPTOR_NAME,
        ) from error
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise DataError(
            f"{DESCRIPTOR_NAME} in {Path(path).parent} has no list of resources (tables).",
            file=DESCRIPTOR_NAME,
        )
    return descriptor


def _descriptor(directory: Path) -> dict[str, Any]:
    path = directory / DESCRIPTOR_NAME
    try:
        stat = path.stat()
    except OSError:
        raise DataError(
            f"Could not find {DESCRIPTOR_NAME} in {directory}; it describes the case-study "
            f"tables and must sit next to the CSV files.",
            file=DESCRIPTOR_NAME,
        ) from None
    return _parse_descriptor(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


def _resolve(directory: Path | None) -> Path:
    return data_dir() if directory is None else Path(directory)


def _resource(directory: Path, name: str) -> dict[str, Any]:
    resources = _descriptor(directory)["resources"]
    wanted = name.removesuffix(".csv")
    for resource in resources:
        if resource.get("name") == wanted:
            return resource
    names = ", ".join(r.get("name", "?") for r in resources)
    raise DataError(f"There is no case-study table called '{name}'. The tables are: {names}.")


def table_names(*, directory: Path | None = None) -> list[str]:
    """Return the names of the case-study tables, in the descriptor's order."""
    return [r["name"] for r in _descriptor(_resolve(directory))["resources"]]


# --------------------------------------------------------------------------------------
# Reading and checking a table
# --------------------------------------------------------------------------------------


def _read_raw(directory: Path, resource: dict[str, Any]) -> tuple[str, pd.DataFrame]:
    """Read a resource's CSV with every cell as text ('' for blanks)."""
    file = resource["path"]
    path = directory / file
    if not path.is_file():
        raise DataError(
            f"Could not find the case-study data file {file} in {directory}.", file=file
        )
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")
    except pd.errors.EmptyDataError:
        raise DataError(f"{file} is empty: it should start with a header row.", file=file) from None
    except UnicodeDecodeError:
        raise DataError(
            f"{file} is not saved as UTF-8 text. Save it again as 'CSV UTF-8' and try once more.",
            file=file,
        ) from None
    except pd.errors.ParserError as error:
        raise DataError(f"{file} is not a well-formed CSV file: {error}", file=file) from None
    return file, raw


def _ordered(field: dict[str, Any]) -> bool:
    return bool(field.get("course_kit", {}).get("ordered", False))


def _show(value: Any) -> str:
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    return str(value)


class _Problems:
    """Collects problems as (row, sentence) pairs for one file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[tuple[int, str]] = []

    def add(self, mask: pd.Series, raw: pd.Series, column: str, describe_problem) -> None:
        if not mask.any():
            return
        for index in mask.index[mask.to_numpy()][: MAX_REPORTED_PROBLEMS + 1]:
            row = int(index) + 2  # the header is row 1
            self.items.append(
                (row, f"row {row}, column '{column}': {describe_problem(raw.at[index])}")
            )
        extra = int(mask.sum()) - min(int(mask.sum()), MAX_REPORTED_PROBLEMS + 1)
        if extra:
            self.items.append((10**12, f"column '{column}': {extra} more rows like these"))

    def raise_if_any(self) -> None:
        if not self.items:
            return
        sentences = [text for _, text in sorted(self.items, key=lambda item: item[0])]
        if len(sentences) == 1:
            message = f"{self.file}, {sentences[0]}"
        else:
            shown = sentences[:MAX_REPORTED_PROBLEMS]
            message = f"{self.file} does not match its description:\n" + "\n".join(
                f"  - {s}" for s in shown
            )
            if len(sentences) > len(shown):
                message += f"\n  … and {len(sentences) - len(shown)} more problems."
        raise DataError(message, file=self.file, problems=sentences)


def _matches(raw: pd.Series, pattern: str) -> pd.Series:
    """True where the whole text matches ``pattern`` (checked once per distinct value)."""
    compiled = re.compile(pattern)
    good = [value for value in pd.unique(raw.to_numpy()) if compiled.fullmatch(value)]
    return raw.isin(good)


def _convert(raw: pd.Series, field: dict[str, Any], problems: _Problems) -> pd.Series:
    """Convert one column of text to its schema type, recording any problems."""
    name = field["name"]
    kind = field.get("type", "string")
    constraints = field.get("constraints", {})
    required = bool(constraints.get("required", False))
    blank = raw == ""
    present = ~blank

    if required:
        problems.add(
            blank,
            raw,
            name,
            lambda _v: "the value is missing, but this column must always have one.",
        )

    if kind == "integer":
        bad = present & ~_matches(raw, _INTEGER_RE)
        problems.add(bad, raw, name, lambda v: f"'{v}' is not a whole number.")
        values = pd.to_numeric(raw.where(present & ~bad), errors="coerce")
        huge = values.abs() > 2**53
        problems.add(huge, raw, name, lambda v: f"'{v}' is too large a number.")
        bad = bad | huge
        result = values.where(~huge).astype("Int64")
    elif kind == "number":
        bad = present & ~_matches(raw, _NUMBER_RE)
        problems.add(bad, raw, name, lambda v: f"'{v}' is not a number.")
        result = pd.to_numeric(raw.where(present & ~bad), errors="coerce").astype("float64")
    elif kind == "boolean":
        is_true = raw.isin(_TRUE_VALUES)
        bad = present & ~is_true & ~raw.isin(_FALSE_VALUES)
        problems.add(bad, raw, name, lambda v: f"'{v}' is not true or false.")
        result = pd.Series(pd.array(is_true.to_numpy(), dtype="boolean"), index=raw.index)
        result[blank | bad] = pd.NA
    elif kind in _DATE_FORMATS:
        fmt, pattern, written_as = _DATE_FORMATS[kind]
        parsed = pd.to_datetime(raw.where(present), format=fmt, errors="coerce")
        bad = present & (parsed.isna() | ~_matches(raw, pattern))
        problems.add(bad, raw, name, lambda v: f"'{v}' is not {written_as}.")
        result = parsed.astype("datetime64[ns]")
    else:
        bad = pd.Series(False, index=raw.index)
        if "enum" in constraints:
            allowed = list(constraints["enum"])
            bad = present & ~raw.isin(allowed)
            shown = ", ".join(f"'{a}'" for a in allowed)
            problems.add(
                bad,
                raw,
                name,
                lambda v, shown=shown: f"'{v}' is not one of the allowed values ({shown}).",
            )
            result = pd.Series(
                pd.Categorical(
                    raw.where(present & ~bad), categories=allowed, ordered=_ordered(field)
                ),
                index=raw.index,
            )
        else:
            if "pattern" in constraints:
                bad = present & ~_matches(raw, constraints["pattern"])
                problems.add(bad, raw, name, lambda v: f"'{v}' does not have the expected form.")
            result = raw.where(present)

    if kind in ("integer", "number", "date", "datetime"):
        valid = present & ~bad
        for key, word in (("minimum", "below the minimum"), ("maximum", "above the maximum")):
            if key not in constraints:
                continue
            limit = constraints[key]
            if kind in ("date", "datetime"):
                limit = pd.Timestamp(limit)
            out = (result < limit) if key == "minimum" else (result > limit)
            out = valid & out.fillna(False).astype(bool)
            problems.add(
                out,
                raw,
                name,
                lambda v, word=word, limit=limit: f"'{v}' is {word} of {_show(limit)}.",
            )
    if constraints.get("unique"):
        dup = present & raw.duplicated(keep="first")
        problems.add(
            dup,
            raw,
            name,
            lambda v: f"'{v}' appears more than once, but each value must be unique.",
        )

    if required and kind == "integer" and not result.isna().any():
        result = result.astype("int64")
    elif required and kind == "boolean" and not result.isna().any():
        result = result.astype(bool)
    return result


def load(name: str, *, directory: Path | None = None) -> pd.DataFrame:
    """Load one case-study table as a typed DataFrame, checked against ``datapackage.json``.

    Args:
        name: table name, e.g. ``"patrons"`` (``"patrons.csv"`` also works). See
            :func:`table_names`.
        directory: folder holding the data; by default :func:`data_dir`.

    Returns:
        A new DataFrame (yours to change) with the columns in the descriptor's order and
        types as described in this module's docstring. Columns the descriptor does not
        know are kept, as text, after the described ones.

    Raises:
        DataError: if the table is unknown, the file is missing or unreadable, a column is
            missing, or values break the descriptor's rules (wrong type, blank where
            required, outside the minimum/maximum, not an allowed value, duplicated id).
            The message names the file, and the row and column of the first few problems.
    """
    folder = _resolve(directory)
    resource = _resource(folder, name)
    file, raw = _read_raw(folder, resource)
    fields = resource["schema"]["fields"]

    expected = [f["name"] for f in fields]
    missing = [c for c in expected if c not in raw.columns]
    if missing:
        listed = ", ".join(f"'{c}'" for c in missing)
        noun = "column" if len(missing) == 1 else "columns"
        raise DataError(
            f"{file} is missing the {noun} {listed}. The first row of the file must name "
            f"these columns: {', '.join(expected)}.",
            file=file,
            problems=[f"missing column '{c}'" for c in missing],
        )

    problems = _Problems(file)
    columns = {f["name"]: _convert(raw[f["name"]], f, problems) for f in fields}
    key = resource["schema"].get("primaryKey")
    if isinstance(key, list) and len(key) > 1:
        dup = raw.duplicated(subset=key, keep="first")
        if dup.any():
            combined = raw[key].astype(str).agg(" / ".join, axis=1)
            problems.add(
                dup,
                combined,
                " + ".join(key),
                lambda v: f"'{v}' appears more than once, but each combination must be unique.",
            )
    problems.raise_if_any()

    frame = pd.DataFrame(columns, index=raw.index)
    for extra in raw.columns:
        if extra not in columns:
            frame[extra] = raw[extra]
    return frame


def load_branches(*, directory: Path | None = None) -> pd.DataFrame:
    """Load ``branches.csv``: the library's branches, opening hours and facilities."""
    return load("branches", directory=directory)


def load_community(*, directory: Path | None = None) -> pd.DataFrame:
    """Load ``community.csv``: Millbrook's neighbourhoods, residents by age, languages."""
    return load("community", directory=directory)


def load_patrons(*, directory: Path | None = None) -> pd.DataFrame:
    """Load ``patrons.csv``: registered card holders and their use in the last 12 months."""
    return load("patrons", directory=directory)


def load_visits(*, directory: Path | None = None) -> pd.DataFrame:
    """Load ``visits.csv``: monthly door counts and opening hours per branch, 2024–2025."""
    return load("visits", directory=directory)


def load_needs_survey(*, directory: Path | None = None) -> pd.DataFrame:
    """Load ``needs_survey.csv``: the spring 2025 community needs survey (users and not)."""
    return load("needs_survey", directory=directory)


def load_community_languages(*, directory: Path | None = None) -> pd.DataFrame:
    """Load ``community_languages.csv``:
    residents of each neighbourhood by main language at home.
    """
    return load("community_languages", directory=directory)


def load_usage(*, directory: Path | None = None) -> pd.DataFrame:
    """Load ``usage.csv``:
    daily visits, loans by format, computer, Wi-Fi and program use per branch, 2024–2025.
    """
    return load("usage", directory=directory)


def load_catalogue(*, directory: Path | None = None) -> pd.DataFrame:
    """Load ``catalogue.csv``:
    catalogue records (fictional titles) with format, audience, genre, language.
    """
    return load("catalogue", directory=directory)


def load_loans(*, directory: Path | None = None) -> pd.DataFrame:
    """Load ``loans.csv``:
    a 40,000-row sample of the 2025 loans: patron, item, day, branch, format.
    """
    return load("loans", directory=directory)


def load_reference(*, directory: Path | None = None) -> pd.DataFrame:
    """Load ``reference.csv``: the 2025 question log (LibAnswers/Gimlet style) with READ levels."""
    return load("reference", directory=directory)


def load_incidents(*, directory: Path | None = None) -> pd.DataFrame:
    """Load ``incidents.csv``:
    the anonymised incident log, 2024–2025, with staff actions and outcomes.
    """
    return load("incidents", directory=directory)


def load_programs(*, directory: Path | None = None) -> pd.DataFrame:
    """Load ``programs.csv``:
    program sessions, 2024–2025, with audience, PLA service area and attendance.
    """
    return load("programs", directory=directory)


def load_program_outcomes(*, directory: Path | None = None) -> pd.DataFrame:
    """Load ``program_outcomes.csv``:
    PLA Project Outcome-style surveys after programs (1–5 ratings).
    """
    return load("program_outcomes", directory=directory)


def load_survey_responses(*, directory: Path | None = None) -> pd.DataFrame:
    """Load ``survey_responses.csv``:
    the autumn 2025 user survey: recommend score, satisfaction, comment.
    """
    return load("survey_responses", directory=directory)


def load_libqual_items(*, directory: Path | None = None) -> pd.DataFrame:
    """Load ``libqual_items.csv``:
    the 22 LibQUAL+-style survey items (paraphrased) and their dimensions.
    """
    return load("libqual_items", directory=directory)


def load_libqual_ratings(*, directory: Path | None = None) -> pd.DataFrame:
    """Load ``libqual_ratings.csv``:
    minimum, desired and perceived ratings (1–9) per respondent and item.
    """
    return load("libqual_ratings", directory=directory)


def load_comments(*, directory: Path | None = None) -> pd.DataFrame:
    """Load ``comments.csv``:
    suggestion box, web form, e-mail and social media comments, 2024–2025.
    """
    return load("comments", directory=directory)


def load_comment_replies(*, directory: Path | None = None) -> pd.DataFrame:
    """Load ``comment_replies.csv``:
    staff replies to comments, 2024–2025 (a plain-language guide adopted 1 July 2025).
    """
    return load("comment_replies", directory=directory)


def load_social_posts(*, directory: Path | None = None) -> pd.DataFrame:
    """Load ``social_posts.csv``:
    social media posts with reach, impressions and engagement counts.
    """
    return load("social_posts", directory=directory)


def load_newsletters(*, directory: Path | None = None) -> pd.DataFrame:
    """Load ``newsletters.csv``:
    e-mail newsletter issues with delivered, opens, clicks, unsubscribes.
    """
    return load("newsletters", directory=directory)


def load_accessibility_audit(*, directory: Path | None = None) -> pd.DataFrame:
    """Load ``accessibility_audit.csv``:
    the 2025 accessibility audit of the buildings and the website.
    """
    return load("accessibility_audit", directory=directory)


def load_operating_costs(*, directory: Path | None = None) -> pd.DataFrame:
    """Load ``operating_costs.csv``:
    operating expenditure by category, fiscal years 2024 and 2025.
    """
    return load("operating_costs", directory=directory)


def load_service_values(*, directory: Path | None = None) -> pd.DataFrame:
    """Load ``service_values.csv``:
    2025 uses × value per use (Maine State Library calculator values).
    """
    return load("service_values", directory=directory)


# --------------------------------------------------------------------------------------
# Data dictionary
# --------------------------------------------------------------------------------------


def _friendly_type(field: dict[str, Any]) -> str:
    if "enum" in field.get("constraints", {}):
        return "ordered category" if _ordered(field) else "category"
    return _FRIENDLY_TYPES.get(field.get("type", "string"), field.get("type", "string"))


def _full_description(field: dict[str, Any]) -> str:
    text = field.get("description", "")
    constraints = field.get("constraints", {})
    if "enum" in constraints:
        lead = "Values, in order" if _ordered(field) else "Values"
        text += f" {lead}: " + ", ".join(constraints["enum"]) + "."
    if not constraints.get("required", False):
        text += " May be blank."
    return text.strip()


def describe(name: str, *, directory: Path | None = None) -> pd.DataFrame:
    """Return the data dictionary of one table: columns ``column``, ``type``, ``unit``,
    ``description`` (one row per column of the table, in file order).

    ``type`` is in plain words (text, whole number, number, date, true/false, category,
    ordered category); allowed values are listed at the end of the description.
    """
    fields = _resource(_resolve(directory), name)["schema"]["fields"]
    return pd.DataFrame(
        {
            "column": [f["name"] for f in fields],
            "type": [_friendly_type(f) for f in fields],
            "unit": [f.get("unit", "") for f in fields],
            "description": [_full_description(f) for f in fields],
        }
    )


def _cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _markdown_table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = [
        "| " + " | ".join(_cell(h) for h in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def render_data_readme(*, directory: Path | None = None) -> str:
    """Render ``datasets/README.md`` (the human-readable data dictionary) from the descriptor.

    The committed README must equal this text; regenerate it after changing
    ``datapackage.json`` or the CSV files.
    """
    folder = _resolve(directory)
    descriptor = _descriptor(folder)
    licences = ", ".join(
        f"[{lic.get('title', lic.get('name'))}]({lic['path']})"
        if lic.get("path")
        else str(lic.get("title", lic.get("name")))
        for lic in descriptor.get("licenses", [])
    )
    raws = {r["name"]: _read_raw(folder, r)[1] for r in descriptor["resources"]}

    out = [
        f"# {descriptor.get('title', 'Case-study data')}",
        "",
        "<!-- Generated from datapackage.json by course_kit.data.render_data_readme(). "
        "Do not edit by hand: edit datapackage.json and render again. -->",
        "",
        descriptor.get("description", ""),
        "",
        "## Privacy",
        "",
        "Everything here is synthetic. Millbrook, its library and its residents are fictional: "
        "the tables describe no real person. There are no names, addresses or birth dates; "
        "patrons and survey respondents are known only by pseudonymous ids (P00001, S0001) "
        "that link to nothing outside these files. Treat the tables the way you would treat "
        "real patron data all the same — it is good practice. Borrowing records "
        "(loans.csv), questions asked (reference.csv) and incidents are the most sensitive "
        "kinds of library data (ALA Library Bill of Rights, Article VII): the incident log "
        "keeps no descriptions of people, and book and film titles are made-up word "
        "combinations, not real works.",
        "",
        "## Loading the tables",
        "",
        "```python",
        "from course_kit.data import load_patrons, describe",
        "",
        "patrons = load_patrons()   # a pandas DataFrame with typed columns",
        'describe("patrons")        # this data dictionary, as a table',
        "```",
        "",
        "## Tables",
        "",
    ]
    out += _markdown_table(
        ["table", "file", "rows", "used in"],
        [
            [r.get("title", r["name"]), f"`{r['path']}`", f"{len(raws[r['name']]):,}", _modules(r)]
            for r in descriptor["resources"]
        ],
    )
    if licences:
        out += ["", f"Licence: {licences}."]

    for resource in descriptor["resources"]:
        raw = raws[resource["name"]]
        schema = resource["schema"]
        out += [
            "",
            f"## {resource.get('title', resource['name'])} (`{resource['path']}`)",
            "",
            resource.get("description", ""),
            "",
            f"- Used in: {_modules(resource)}",
            f"- Rows: {len(raw):,}",
        ]
        key = schema.get("primaryKey")
        if key:
            key = [key] if isinstance(key, str) else key
            out.append("- Each row is identified by: " + ", ".join(f"`{k}`" for k in key))
        for fk in schema.get("foreignKeys", []):
            fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
            ref = fk["reference"]
            ref_fields = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
            out.append(
                f"- `{', '.join(fields)}` refers to `{', '.join(ref_fields)}` in "
                f"`{ref['resource']}`"
            )
        out += ["", "### Columns", ""]
        dictionary = describe(resource["name"], directory=folder)
        out += _markdown_table(
            list(dictionary.columns),
            [[f"`{row[0]}`", *row[1:]] for row in dictionary.itertuples(index=False)],
        )
        out += ["", "### First three rows", ""]
        sample = raw.head(3)
        if sample.shape[1] <= 6:
            out += _markdown_table(list(sample.columns), sample.to_numpy().tolist())
        else:
            out += _markdown_table(
                ["column", *(f"row {i + 1}" for i in range(len(sample)))],
                [[f"`{col}`", *sample[col].tolist()] for col in sample.columns],
            )
    return "\n".join(out) + "\n"


def _modules(resource: dict[str, Any]) -> str:
    modules = resource.get("course_kit", {}).get("modules", [])
    return ", ".join(f"Module {m}" for m in modules) or "—"
