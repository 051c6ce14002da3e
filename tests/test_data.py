"""course_kit.data: the descriptor, the loaders, the error messages and the README."""

from __future__ import annotations

import csv
import json
import shutil
import time
from pathlib import Path

import pandas as pd
import pytest
from pandas.api import types as ptypes

from course_kit import data
from course_kit.data import AGE_BANDS, DataError

REPO = Path(__file__).resolve().parents[1]
DATASETS = REPO / "datasets"
FIELD_TYPES = {"string", "integer", "number", "date", "datetime", "boolean"}
LOADERS = {
    "branches": data.load_branches,
    "community": data.load_community,
    "patrons": data.load_patrons,
    "visits": data.load_visits,
    "needs_survey": data.load_needs_survey,
    "community_languages": data.load_community_languages,
    "usage": data.load_usage,
    "catalogue": data.load_catalogue,
    "loans": data.load_loans,
    "reference": data.load_reference,
    "incidents": data.load_incidents,
    "programs": data.load_programs,
    "program_outcomes": data.load_program_outcomes,
    "survey_responses": data.load_survey_responses,
    "libqual_items": data.load_libqual_items,
    "libqual_ratings": data.load_libqual_ratings,
    "comments": data.load_comments,
    "comment_replies": data.load_comment_replies,
    "social_posts": data.load_social_posts,
    "newsletters": data.load_newsletters,
    "accessibility_audit": data.load_accessibility_audit,
    "operating_costs": data.load_operating_costs,
    "service_values": data.load_service_values,
}


@pytest.fixture(scope="module")
def descriptor() -> dict:
    return json.loads((DATASETS / "datapackage.json").read_text(encoding="utf-8"))


@pytest.fixture
def copy(tmp_path) -> Path:
    """A private copy of the data folder, to break."""
    target = tmp_path / "datasets"
    shutil.copytree(DATASETS, target, ignore=shutil.ignore_patterns("*.md"))
    return target


def rewrite(path: Path, edit) -> None:
    """Apply ``edit(rows)`` to a CSV's rows (header included) and write it back."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    edit(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def set_cell(path: Path, data_row: int, column: str, value: str) -> None:
    """Set one cell; data_row 0 is the first row after the header."""

    def edit(rows):
        rows[data_row + 1][rows[0].index(column)] = value

    rewrite(path, edit)


# --------------------------------------------------------------------------------------
# The descriptor
# --------------------------------------------------------------------------------------


def test_package_validates_with_frictionless():
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(DATASETS / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_frictionless_catches_a_broken_copy(copy):
    # the validation test above can fail: a patron at an unknown branch is caught
    frictionless = pytest.importorskip("frictionless")
    rewrite(copy / "patrons.csv", lambda rows: rows.__delitem__(slice(40, None)))
    set_cell(copy / "patrons.csv", 3, "home_branch_id", "XYZ")
    report = frictionless.validate(copy / "datapackage.json")
    assert not report.valid
    assert "foreign-key" in {row[0] for row in report.flatten(["type"])}


def test_every_module_has_data(descriptor):
    used = {m for r in descriptor["resources"] for m in r["course_kit"]["modules"]}
    assert used == set(range(1, 11))


def test_every_table_has_a_loader():
    assert set(LOADERS) == set(data.table_names(directory=DATASETS))
    for name, loader in LOADERS.items():
        assert loader.__name__ == f"load_{name}" and loader.__name__ in data.__all__


def test_descriptor_is_complete(descriptor):
    assert descriptor["title"] and descriptor["description"] and descriptor["licenses"]
    assert [r["name"] for r in descriptor["resources"]] == data.table_names(directory=DATASETS)
    for resource in descriptor["resources"]:
        for key in ("name", "path", "title", "description", "schema"):
            assert resource.get(key), (resource.get("name"), key)
        modules = resource["course_kit"]["modules"]
        assert modules and modules == sorted(set(modules))
        assert all(1 <= m <= 10 for m in modules)
        assert (DATASETS / resource["path"]).is_file()
        schema = resource["schema"]
        assert schema["primaryKey"]
        with (DATASETS / resource["path"]).open(encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        assert header == [f["name"] for f in schema["fields"]]
        for field in schema["fields"]:
            for key in ("name", "type", "title", "description"):
                assert field.get(key), (resource["name"], field.get("name"), key)
            assert field["type"] in FIELD_TYPES
        for fk in schema.get("foreignKeys", []):
            assert fk["reference"]["resource"] in data.table_names(directory=DATASETS)


def test_age_band_enums_match_the_constant(descriptor):
    enums = [
        f["constraints"]["enum"]
        for r in descriptor["resources"]
        for f in r["schema"]["fields"]
        if f["name"] == "age_band"
    ]
    assert len(enums) == 3
    assert all(tuple(e) == AGE_BANDS for e in enums)
    assert AGE_BANDS == ("0-12", "13-17", "18-34", "35-64", "65+")


def test_counts_have_units(descriptor):
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            if field["type"] in ("integer", "number") and field["name"] != "satisfaction":
                assert field.get("unit"), (resource["name"], field["name"])


# --------------------------------------------------------------------------------------
# Loaders and types
# --------------------------------------------------------------------------------------


def test_every_loader_returns_typed_columns(descriptor):
    for resource in descriptor["resources"]:
        frame = LOADERS[resource["name"]](directory=DATASETS)
        assert list(frame.columns) == [f["name"] for f in resource["schema"]["fields"]]
        assert len(frame) > 0
        for field in resource["schema"]["fields"]:
            column = frame[field["name"]]
            constraints = field.get("constraints", {})
            required = constraints.get("required", False)
            where = (resource["name"], field["name"], column.dtype)
            if "enum" in constraints:
                assert isinstance(column.dtype, pd.CategoricalDtype), where
                assert list(column.cat.categories) == constraints["enum"], where
                ordered = field.get("course_kit", {}).get("ordered", False)
                assert column.cat.ordered is ordered, where
            elif field["type"] == "integer":
                assert column.dtype == ("int64" if required else "Int64"), where
            elif field["type"] == "number":
                assert column.dtype == "float64", where
            elif field["type"] == "boolean":
                assert column.dtype == (bool if required else "boolean"), where
            elif field["type"] in ("date", "datetime"):
                assert ptypes.is_datetime64_dtype(column.dtype), where
            else:
                assert ptypes.is_string_dtype(column.dtype), where
            if required:
                assert column.notna().all(), where


def test_specific_dtypes():
    patrons = data.load_patrons(directory=DATASETS)
    assert patrons["age_band"].cat.ordered
    assert list(patrons["age_band"].cat.categories) == list(AGE_BANDS)
    assert patrons["age_band"].min() == "0-12"  # ordered: comparisons work
    assert patrons["loans_12m"].dtype == "int64"
    assert patrons["has_email"].dtype == bool
    assert patrons["registered_on"].dtype == "datetime64[ns]"
    survey = data.load_needs_survey(directory=DATASETS)
    assert survey["satisfaction"].dtype == "Int64"
    assert survey["satisfaction"].isna().any()
    assert survey["visit_frequency"].cat.categories[0] == "weekly"
    assert survey["visit_frequency"].cat.ordered
    assert not survey["top_need"].cat.ordered
    assert survey["main_reason"].isna().any()
    branches = data.load_branches(directory=DATASETS)
    assert branches["evening_hours_ended_on"].isna().sum() == 3
    community = data.load_community(directory=DATASETS)
    assert community["share_spanish_at_home"].between(0, 1).all()
    assert community["income_band"].cat.ordered


def test_load_accepts_file_name_and_returns_a_fresh_frame():
    first = data.load("visits.csv", directory=DATASETS)
    first.loc[0, "visits"] = -1
    second = data.load("visits", directory=DATASETS)
    assert second.loc[0, "visits"] >= 0


def test_each_table_loads_quickly():
    for name in data.table_names(directory=DATASETS):
        data.load(name, directory=DATASETS)  # warm up imports and the descriptor cache
        best = min(_timed(name) for _ in range(3))
        assert best < 1.0, f"{name} took {best:.3f} s"


def _timed(name: str) -> float:
    start = time.perf_counter()
    data.load(name, directory=DATASETS)
    return time.perf_counter() - start


def test_describe_gives_the_data_dictionary():
    table = data.describe("patrons", directory=DATASETS)
    assert list(table.columns) == ["column", "type", "unit", "description"]
    rows = table.set_index("column")
    assert rows.loc["loans_12m", "type"] == "whole number"
    assert "per year" in rows.loc["loans_12m", "unit"]
    assert rows.loc["age_band", "type"] == "ordered category"
    assert "0-12, 13-17" in rows.loc["age_band", "description"]
    assert rows.loc["registered_on", "type"] == "date"
    assert rows.loc["has_email", "type"] == "true/false"
    assert len(table) == len(data.load_patrons(directory=DATASETS).columns)


# --------------------------------------------------------------------------------------
# Finding the data folder
# --------------------------------------------------------------------------------------


def test_data_dir_uses_the_environment_variable(copy, monkeypatch):
    monkeypatch.setenv(data.ENV_VAR, str(copy))
    assert data.data_dir() == copy
    set_cell(copy / "visits.csv", 0, "visits", "12345678")
    assert data.load_visits().loc[0, "visits"] == 12345678


def test_data_dir_environment_variable_must_point_at_data(tmp_path, monkeypatch):
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path))
    with pytest.raises(DataError, match=r"COURSE_KIT_DATA.*datapackage\.json"):
        data.data_dir()


def test_data_dir_walks_up_from_the_working_directory(copy, monkeypatch):
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    deep = copy.parent / "notebooks" / "module1"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert data.data_dir() == copy


def test_data_dir_falls_back_to_the_package_folder(tmp_path, monkeypatch):
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)
    assert data.data_dir().resolve() == DATASETS.resolve()


# --------------------------------------------------------------------------------------
# Errors in plain words
# --------------------------------------------------------------------------------------


def test_missing_file(copy):
    (copy / "visits.csv").unlink()
    with pytest.raises(DataError) as caught:
        data.load_visits(directory=copy)
    message = str(caught.value)
    assert message == f"Could not find the case-study data file visits.csv in {copy}."
    assert caught.value.file == "visits.csv"


def test_missing_column(copy):
    def drop_age_band(rows):
        index = rows[0].index("age_band")
        for row in rows:
            del row[index]

    rewrite(copy / "patrons.csv", drop_age_band)
    with pytest.raises(DataError, match=r"^patrons\.csv is missing the column 'age_band'\."):
        data.load_patrons(directory=copy)


def test_bad_whole_number_names_file_row_and_column(copy, monkeypatch):
    set_cell(copy / "patrons.csv", 10, "loans_12m", "abc")
    monkeypatch.setenv(data.ENV_VAR, str(copy))
    with pytest.raises(DataError) as caught:
        data.load_patrons()
    assert str(caught.value) == (
        "patrons.csv, row 12, column 'loans_12m': 'abc' is not a whole number."
    )
    assert caught.value.problems == ["row 12, column 'loans_12m': 'abc' is not a whole number."]


@pytest.mark.parametrize(
    ("table", "column", "value", "expected"),
    [
        ("visits", "month", "2024-13-01", "'2024-13-01' is not a date written as YYYY-MM-DD"),
        ("visits", "month", "1/3/2024", "'1/3/2024' is not a date"),
        ("visits", "visits", "-5", "'-5' is below the minimum of 0"),
        ("visits", "visits", "1.5", "'1.5' is not a whole number"),
        ("visits", "visits", "99999999999999999999", "is too large a number"),
        ("visits", "branch_id", "", "the value is missing"),
        ("patrons", "age_band", "12-17", "'12-17' is not one of the allowed values"),
        ("patrons", "has_email", "maybe", "'maybe' is not true or false"),
        ("patrons", "patron_id", "P00001", "'P00001' appears more than once"),
        ("patrons", "patron_id", "X1", "'X1' does not have the expected form"),
        ("community", "share_with_broadband", "87%", "'87%' is not a number"),
        ("community", "share_with_broadband", "1.5", "'1.5' is above the maximum of 1"),
        ("needs_survey", "satisfaction", "6", "'6' is above the maximum of 5"),
        ("needs_survey", "collected_on", "2024-01-01", "below the minimum of 2025-03-17"),
        ("reference", "asked_at", "2025-13-01T10:00:00", "is not a date and time"),
        ("reference", "asked_at", "2025-03-01 10:00", "is not a date and time"),
        ("reference", "asked_at", "2024-12-31T10:00:00", "below the minimum of 2025-01-01"),
        ("reference", "read_level", "7", "'7' is above the maximum of 6"),
        ("libqual_ratings", "perceived", "10", "'10' is above the maximum of 9"),
        ("incidents", "type", "fight", "'fight' is not one of the allowed values"),
    ],
)
def test_bad_values_are_reported(copy, table, column, value, expected):
    set_cell(copy / f"{table}.csv", 2, column, value)
    with pytest.raises(DataError) as caught:
        data.load(table, directory=copy)
    message = str(caught.value)
    assert message.startswith(f"{table}.csv")
    assert f"row 4, column '{column}'" in message
    assert expected in message


def test_duplicate_composite_key_is_reported(copy):
    def duplicate(rows):
        rows[3] = list(rows[2])

    rewrite(copy / "visits.csv", duplicate)
    with pytest.raises(DataError, match=r"row 4, column 'month \+ branch_id'.*more than once"):
        data.load_visits(directory=copy)


def test_many_problems_are_summarised(copy):
    def break_loans(rows):
        index = rows[0].index("loans_12m")
        for row in rows[1:]:
            row[index] = "lots"

    rewrite(copy / "patrons.csv", break_loans)
    with pytest.raises(DataError) as caught:
        data.load_patrons(directory=copy)
    message = str(caught.value)
    assert message.startswith("patrons.csv does not match its description:")
    assert "row 2, column 'loans_12m': 'lots' is not a whole number." in message
    assert "more" in message
    assert len(message.splitlines()) <= data.MAX_REPORTED_PROBLEMS + 2


def test_unknown_table_lists_the_real_ones():
    with pytest.raises(DataError, match=r"no case-study table called 'users'.*patrons"):
        data.load("users", directory=DATASETS)


def test_missing_descriptor(copy):
    (copy / "datapackage.json").unlink()
    with pytest.raises(DataError, match=r"Could not find datapackage\.json in "):
        data.load_branches(directory=copy)


def test_edited_descriptor_is_read_again(copy):
    assert data.load_visits(directory=copy)["visits"].dtype == "int64"
    path = copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"][3]["schema"]["fields"][2]["constraints"]["maximum"] = 10
    path.write_text(json.dumps(descriptor, indent=1), encoding="utf-8")
    with pytest.raises(DataError, match="above the maximum of 10"):
        data.load_visits(directory=copy)


def test_empty_file(copy):
    (copy / "branches.csv").write_text("", encoding="utf-8")
    with pytest.raises(DataError, match=r"^branches\.csv is empty"):
        data.load_branches(directory=copy)


# --------------------------------------------------------------------------------------
# The human-readable data dictionary
# --------------------------------------------------------------------------------------


def test_readme_is_in_sync_with_the_descriptor():
    committed = (DATASETS / "README.md").read_text(encoding="utf-8")
    assert committed == data.render_data_readme(directory=DATASETS), (
        "datasets/README.md is out of date: write course_kit.data.render_data_readme() to it"
    )


def test_readme_content():
    text = data.render_data_readme(directory=DATASETS)
    patrons = data.load_patrons(directory=DATASETS)
    assert f"| `patrons.csv` | {len(patrons):,} | Module 1, Module 3, Module 6 |" in text
    assert "| column | type | unit | description |" in text
    assert "| `loans_12m` | whole number | loans per year |" in text
    assert "fictional" in text and "pseudonymous" in text
    assert "TRAINERS" not in text  # the story summary is for trainers only
    for name in data.table_names(directory=DATASETS):
        assert f"(`{name}.csv`)" in text
    assert text.count("### First three rows") == len(data.table_names(directory=DATASETS))
    assert "| `patron_id` | P00001 | P00002 | P00003 |" in text
    assert "| `reference.csv` |" in text and "Module 4, Module 7" in text


def test_readme_changes_when_the_descriptor_does(copy):
    path = copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"][0]["description"] = "A brand-new description."
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    assert "A brand-new description." in data.render_data_readme(directory=copy)


def test_trainers_notes_exist():
    notes = (DATASETS / "TRAINERS.md").read_text(encoding="utf-8")
    for story in ("Southgate", "Riverside", "teen", "lapsed"):
        assert story.lower() in notes.lower()
