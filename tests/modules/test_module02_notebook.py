"""Module 2's notebook: every claim its prose makes about the data, recomputed; plain prose."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from course_kit import data
from course_kit.manifest import find
from course_kit.modules.module02 import analysis
from course_kit.readability import flesch_kincaid_grade, markdown_prose

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "02-effective-communication.ipynb"
PRAISE = {"The children's librarian is amazing.",
          "The man at the desk was very patient with my mother.",
          "Thank you to the staff for helping with my job application.",
          "Nhân viên rất thân thiện, cảm ơn.", "La señora de la recepción fue muy amable."}


@pytest.fixture(scope="module")
def comments() -> pd.DataFrame:
    return data.load_comments()


@pytest.fixture(scope="module")
def scored() -> pd.DataFrame:
    return analysis.score_replies(data.load_comment_replies())


def _sections() -> dict[str, str]:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    out: dict[str, list[str]] = {}
    current = "(top)"
    for cell in nb.cells:
        if cell.cell_type != "markdown" or "nav" in cell.metadata.get("course_kit", {}):
            continue
        # unwrap paragraphs, so a wrapped sentence is scored as one sentence
        source = re.sub(r"\n(?!\s*\n|\s*([-*•]|\d+[.)]|#|\|))\s*", " ", cell.source)
        for line in source.splitlines():
            if line.startswith("## "):
                current = line[3:].strip()
            out.setdefault(current, []).append(line)
    return {k: "\n".join(v) for k, v in out.items()}


def test_syllabus_sections_are_in_the_notebook() -> None:
    sections = _sections()
    manifest = find(2)
    assert manifest is not None
    for item in manifest.syllabus():
        assert item["section"] in sections


@pytest.mark.parametrize("heading", [s["section"] for s in find(2).syllabus()]
                         + ["How this module works", "Key points"])
def test_each_section_reads_at_grade_9_or_lower(heading: str) -> None:
    assert flesch_kincaid_grade(markdown_prose(_sections()[heading])) <= 9


def test_claim_section_1_staff_comments(comments) -> None:
    table = analysis.staff_comments(comments)
    total = int(table["of_staff_comments"].iloc[0])
    praise = int(table.loc[table["text"].isin(PRAISE), "times"].sum())
    assert (praise, total) == (47, 63) and round(4 * praise / total) == 3  # "three in four"
    complaints = table[~table["text"].isin(PRAISE)]
    top = complaints.iloc[0]
    assert top["text"] == "Nobody answered my question on chat." and top["times"] == 14


def test_claim_section_2_replies_by_channel(comments) -> None:
    table = analysis.reply_rate_by_channel(comments, data.load_comment_replies())
    box = table.set_index("channel").loc["suggestion box"]
    assert (table["replied"].sum(), table["comments"].sum()) == (249, 499)
    assert box["comments"] == 176 and box["replied"] == 0


def test_claim_section_3_questions() -> None:
    table = analysis.questions_by_type(data.load_reference())
    assert table["questions"].sum() == 38_129 and table.index[0] == "reference"
    assert table.loc["reference", "share_%"] == 53
    assert table.loc["reference", "read_3_plus_%"] == 60
    assert table.loc["directional", "read_3_plus_%"] == 0


def test_claim_section_4_and_5_before_after(scored) -> None:
    table = analysis.replies_before_after(scored)
    before, after = table.loc["before the guide"], table.loc["after the guide"]
    assert before["median_grade"] == 11.0 and after["median_grade"] == 3.7
    assert (before["replies"], before["above_grade_8_%"]) == (169, 78)
    assert (after["replies"], after["above_grade_8_%"]) == (59, 27)
    assert (before["with_passive_%"], after["with_passive_%"]) == (78, 27)
    assert (before["with_negative_%"], after["with_negative_%"]) == (25, 12)


def test_claim_section_6_patron_is_the_commonest_jargon(scored) -> None:
    table = analysis.jargon_in_replies(scored)
    assert len(scored) == 228
    assert (table.iloc[0]["term"], table.iloc[0]["replies"]) == ("patron", 51)


def test_claim_section_7_learning_preferences() -> None:
    table = analysis.learning_preferences(data.load_needs_survey()).set_index("way to learn")
    assert table["respondents"].sum() == 800
    assert table["%"].to_dict() == {"hands-on workshop": 26, "one-to-one help": 25,
                                    "short video": 19, "written step-by-step guide": 18,
                                    "group class": 12}


def test_plot_has_a_description_with_the_medians(scored) -> None:
    figure = analysis.plot_reply_grades(scored)
    assert "11.0" in figure.description and "3.7" in figure.description
    assert figure.png().startswith(b"\x89PNG")
