import pandas as pd
import pytest

from course_kit.data import load_patrons
from course_kit.modules.module01.segments import (
    FEATURES,
    SegmentationError,
    chart_html,
    persona_seed,
    plot_segments,
    segment_patrons,
)


@pytest.fixture(scope="module")
def patrons() -> pd.DataFrame:
    return load_patrons()


def test_segments_cover_everyone_and_are_numbered_by_size(patrons: pd.DataFrame) -> None:
    result = segment_patrons(patrons, ["loans_12m", "eloans_12m", "programs_12m"], 4)
    assert result.labels.index.equals(patrons.index)
    assert sorted(result.labels.unique()) == [1, 2, 3, 4]
    sizes = result.profile["patrons"].tolist()
    assert sizes == sorted(sizes, reverse=True) and sum(sizes) == len(patrons)
    assert result.profile["share (%)"].sum() == pytest.approx(100, abs=0.2)


def test_case_study_segments_have_plain_names(patrons: pd.DataFrame) -> None:
    result = segment_patrons(patrons, list(FEATURES), 5)
    names = set(result.names.values())
    assert {"Occasional users", "E-book readers", "Computer users"} <= names
    computer = next(s for s, n in result.names.items() if n == "Computer users")
    row = result.profile.loc[computer]
    assert row["median computer sessions"] > 5 and row["not English (%)"] > 20


def test_same_input_same_segments(patrons: pd.DataFrame) -> None:
    a = segment_patrons(patrons, ["loans_12m", "eloans_12m"], 3)
    b = segment_patrons(patrons, ["loans_12m", "eloans_12m"], 3)
    assert a.labels.equals(b.labels)


@pytest.mark.parametrize(("features", "k", "message"), [
    ([], 3, "at least one"),
    (["shoe_size"], 3, "not usage counts"),
    (["loans_12m"], 1, "between 2 and 6"),
    (["loans_12m"], 9, "between 2 and 6"),
])
def test_bad_requests_are_explained(patrons: pd.DataFrame, features: list[str], k: int,
                                    message: str) -> None:
    with pytest.raises(SegmentationError, match=message):
        segment_patrons(patrons, features, k)


def test_too_few_patrons(patrons: pd.DataFrame) -> None:
    with pytest.raises(SegmentationError, match="too few"):
        segment_patrons(patrons.head(8), ["loans_12m"], 3)


def test_persona_seed_and_views(patrons: pd.DataFrame) -> None:
    result = segment_patrons(patrons, ["loans_12m", "eloans_12m", "programs_12m"], 4)
    program = next(s for s, n in result.names.items() if n == "Program-goers")
    seed = persona_seed(result, program)
    assert seed["age_band"] == "0-12" and seed["channels"] == ["email"]
    assert str(seed["based_on"]).startswith(f"Segment {program}, 'Program-goers'")
    with pytest.raises(SegmentationError):
        persona_seed(result, 99)
    html = chart_html(result)
    assert html.count('role="listitem"') == 4 and "Program-goers" in html
    figure = plot_segments(result)
    assert "largest segment is 'Occasional users'" in figure.description


def test_explorer_table_has_one_flat_header_row_and_scrolls_on_its_own() -> None:
    """axe's empty-table-header: pandas' index-name row left empty header cells."""
    import re

    from course_kit.data import load_patrons
    from course_kit.modules.module01.segment_explorer import profile_table_html

    result = segment_patrons(load_patrons(), ["loans_12m", "eloans_12m"], 4)
    page = profile_table_html(result)
    head = page[page.index("<thead>"):page.index("</thead>")]
    assert head.count("<tr") == 1
    headers = re.findall(r"<th[^>]*>(.*?)</th>", head)
    assert headers[:3] == ["segment", "name", "patrons"] and all(h.strip() for h in headers)
    assert 'role="region"' in page and "overflow-x:auto" in page


def test_segments_are_told_apart_by_name_age_and_contact() -> None:
    from course_kit.data import load_patrons

    result = segment_patrons(load_patrons(), ["loans_12m", "eloans_12m"], 4)
    names = list(result.names.values())
    assert len(set(names)) == len(names) and "Light users" in names
    for column in ("ages more common here", "contact more common here"):
        assert result.profile[column].nunique() > 1, column
        assert all("overall" in value for value in result.profile[column])
