"""Module 2's data: the staff replies table and the story it tells (datasets/TRAINERS.md, 19)."""

from __future__ import annotations

import pandas as pd
import pytest

from course_kit import casestudy, data
from course_kit.modules.module02 import analysis


@pytest.fixture(scope="module")
def comments() -> pd.DataFrame:
    return data.load_comments()


@pytest.fixture(scope="module")
def replies() -> pd.DataFrame:
    return data.load_comment_replies()


@pytest.fixture(scope="module")
def scored(replies: pd.DataFrame) -> pd.DataFrame:
    return analysis.score_replies(replies)


def test_replies_answer_real_comments_after_they_arrived(comments, replies) -> None:
    joined = replies.merge(comments, on="comment_id", suffixes=("", "_comment"))
    assert len(joined) == len(replies) == 249
    assert (joined["replied_on"] > joined["received_on"]).all()
    assert not (joined["channel"] == "suggestion box").any()  # anonymous: nobody to answer
    spanish = joined[joined["language_comment"] == "Spanish"]
    assert (spanish["language"] == "Spanish").all() and len(spanish) == 21
    vietnamese = joined[joined["language_comment"] == "Vietnamese"]
    assert len(vietnamese) >= 1 and (vietnamese["language"] == "English").all()


def test_reply_rates_by_channel(comments, replies) -> None:
    table = analysis.reply_rate_by_channel(comments, replies).set_index("channel")
    assert table.loc["suggestion box", "replied"] == 0
    assert table["replied"].sum() == 249 and table["comments"].sum() == len(comments) == 499
    assert table.loc["email", "replied_%"] == 88 and table.loc["web form", "replied_%"] == 82
    assert table.loc["social media", "replied_%"] == 63


def test_story_the_plain_language_guide_lowered_the_grade(scored) -> None:
    table = analysis.replies_before_after(scored)
    before, after = table.loc["before the guide"], table.loc["after the guide"]
    assert (before["replies"], after["replies"]) == (169, 59)
    assert before["median_grade"] == pytest.approx(11.0) and after["median_grade"] == 3.7
    assert before["above_grade_8_%"] == 78 and after["above_grade_8_%"] == 27
    assert before["with_jargon_%"] == 48 and after["with_jargon_%"] == 17
    assert before["with_passive_%"] == 78 and after["with_passive_%"] == 27
    # the story holds whatever the exact figures: the guide halves the share above grade 8
    assert after["above_grade_8_%"] < before["above_grade_8_%"] / 2


def test_commonest_jargon_in_replies(scored) -> None:
    table = analysis.jargon_in_replies(scored)
    assert table.iloc[0]["term"] == "patron" and table.iloc[0]["replies"] == 51
    assert table.iloc[1]["term"] == "item"
    assert set(table["term"].iloc[2:6]) == {"technical services", "collection development",
                                            "interlibrary loan", "library catalog"}


def test_replies_have_their_own_stream(tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(casestudy._STREAMS, "comment_replies", 77)
    paths = {p.stem: p for p in casestudy.generate(tmp_path)}
    assert paths["comments"].read_bytes() == (data.data_dir() / "comments.csv").read_bytes()
    assert paths["comment_replies"].read_bytes() != (
        data.data_dir() / "comment_replies.csv").read_bytes()
