"""Module 8: the feedback formulas, comment reading, uploads and the workbench model and view."""

from __future__ import annotations

import datetime
import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from course_kit import data
from course_kit.modules.module08 import changes, comments, scores, survey, upload
from course_kit.modules.module08.workbench import (
    CASE_STUDY,
    MY_FILE,
    Workbench,
    escape_markdown,
    report_markdown,
)
from course_kit.storage import WorkStore

LIKERT = ("Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree")


@pytest.fixture(scope="module")
def survey_table() -> pd.DataFrame:
    return data.load_survey_responses()


@pytest.fixture(scope="module")
def libqual() -> tuple[pd.DataFrame, pd.DataFrame]:
    return data.load_libqual_ratings(), data.load_libqual_items()


# -- Net Promoter Score ------------------------------------------------------------------------
def test_nps_follows_the_published_definition() -> None:
    # Reichheld 2003: 9-10 promoters, 7-8 passives, 0-6 detractors; passives stay in the base.
    r = scores.nps([10, 9, 8, 7, 6, 0])
    assert (r.n, r.promoters, r.passives, r.detractors) == (6, 2, 2, 2)
    assert r.score == 0
    assert scores.nps([9, 8]).score == 50
    assert scores.nps([10] * 5).score == 100
    assert scores.nps([0, 6, 3]).score == -100
    assert scores.nps([7, 8]).score == 0


def test_nps_interval_is_the_adjusted_wald_interval() -> None:
    # 30 promoters, 50 passives, 20 detractors: worked by hand from Rocks (2016)'s recipe.
    values = [10] * 30 + [8] * 50 + [3] * 20
    r = scores.nps(values)
    p, d = (30 + 0.75) / 103, (20 + 0.75) / 103
    se = math.sqrt((p + d - (p - d) ** 2) / 103)
    assert r.score == pytest.approx(10.0)
    assert r.low == pytest.approx(100 * (p - d - 1.96 * se))
    assert r.high == pytest.approx(100 * (p - d + 1.96 * se))
    assert r.low < r.score < r.high


def test_nps_interval_covers_the_true_score_about_95_percent_of_the_time() -> None:
    rng = np.random.default_rng(8)
    truth = 100 * (0.4 - 0.2)
    hits = 0
    for _ in range(2000):
        sample = rng.choice([10, 8, 3], size=80, p=[0.4, 0.4, 0.2])
        r = scores.nps(sample)
        hits += r.low <= truth <= r.high
    assert 0.92 <= hits / 2000 <= 0.975


def test_nps_intervals_stay_within_the_scale_and_narrow_with_more_answers() -> None:
    small, large = scores.nps([10, 10, 9]), scores.nps([10, 10, 9] * 100)
    assert -100 <= small.low <= small.high <= 100
    assert large.high - large.low < small.high - small.low


def test_nps_skips_blanks_and_refuses_scores_off_the_scale() -> None:
    assert scores.nps([10, None, float("nan"), 0]).n == 2
    with pytest.raises(ValueError, match="0 to 10"):
        scores.nps([11])
    with pytest.raises(ValueError, match="0 to 10"):
        scores.nps([7.5])
    empty = scores.nps([])
    assert empty.n == 0 and math.isnan(empty.score)
    assert "No answers" in empty.sentence()


def test_case_study_nps_matches_the_trainers_notes(survey_table: pd.DataFrame) -> None:
    table = scores.nps_by_group(survey_table)
    overall = table.loc["All"]
    assert overall["answers"] == 520
    assert round(100 * overall["promoters"] / 520) == 39
    assert round(100 * overall["detractors"] / 520) == 21
    assert overall["NPS"] == pytest.approx(18.1, abs=0.05)
    assert table.loc["RIV", "NPS"] == pytest.approx(-10.7, abs=0.05)
    assert table["NPS"].drop("All").idxmin() == "RIV"
    assert (table["answers"].drop("All").sum()) == 520
    assert ((table["95% low"] <= table["NPS"]) & (table["NPS"] <= table["95% high"])).all()


# -- LibQUAL+ gaps ------------------------------------------------------------------------------
def test_gaps_follow_the_published_definitions_and_leave_na_out() -> None:
    items = pd.DataFrame({"item_id": ["X-1"], "dimension": ["Library as Place"], "text": ["t"]})
    ratings = pd.DataFrame({
        "respondent_id": ["a", "b", "c"], "item_id": ["X-1"] * 3,
        "minimum": [6, 4, None], "desired": [8, 8, None], "perceived": [7, 3, None],
    })
    row = scores.item_gaps(ratings, items).loc["X-1"]
    assert row["n"] == 2 and row["N/A"] == 1
    assert row["adequacy"] == pytest.approx(((7 - 6) + (3 - 4)) / 2)
    assert row["superiority"] == pytest.approx(((7 - 8) + (3 - 8)) / 2)
    dims = scores.dimension_gaps(ratings, items)
    assert dims.loc["Library as Place", "ratings"] == 2


def test_riverside_place_is_below_the_minimum(survey_table: pd.DataFrame, libqual) -> None:
    ratings, items = libqual
    dims = scores.dimension_gaps(ratings, items, survey_table, by_branch=True)
    place = dims.xs("Library as Place", level="dimension")["adequacy"]
    assert place["RIV"] == pytest.approx(-0.85, abs=0.005)
    assert place.drop("RIV").between(0.6, 0.7).all()
    others = dims.drop(index="Library as Place", level="dimension")["adequacy"]
    assert (others > 0).all()  # staff and information are above minimum everywhere
    riv = scores.item_gaps(ratings, items, survey_table, branch="RIV")
    assert riv["adequacy"].idxmin() == "LP-4"
    assert riv.loc["LP-4", "adequacy"] == pytest.approx(-1.66, abs=0.005)
    assert list(riv.index[riv["adequacy"] < 0]) == ["LP-1", "LP-2", "LP-3", "LP-4", "LP-5"]
    overall = scores.item_gaps(ratings, items)
    assert (overall["superiority"] < 0).all()
    assert overall["n"].add(overall["N/A"]).eq(520).all()


def test_zone_chart_describes_the_items_below_the_minimum(survey_table, libqual) -> None:
    ratings, items = libqual
    riv = scores.item_gaps(ratings, items, survey_table, branch="RIV")
    fig = scores.plot_zone_of_tolerance(riv, "Riverside")
    assert "5 of 22 items are below the minimum" in fig.description
    assert "LP-4" in fig.description
    assert fig.png().startswith(b"\x89PNG")
    whole = scores.plot_zone_of_tolerance(scores.item_gaps(ratings, items))
    assert "all 22 items are at or above the minimum" in whole.description


def test_likert_table_counts_and_diverging_plot() -> None:
    table = pd.DataFrame({"a": [1, 2, 5, 5, None], "b": [3, 3, 4, 4, 4]})
    out = scores.likert_table(table, {"a": "Statement A", "b": "Statement B"}, LIKERT)
    assert out.loc["Statement A", "n"] == 4
    assert out.loc["Statement A", "Strongly agree"] == 50.0
    assert out[list(LIKERT)].sum(axis=1).round().eq(100).all()
    fig = scores.plot_likert(out)
    assert "most agreement for 'Statement B' (60%)" in fig.description


# -- comments ----------------------------------------------------------------------------------
def test_theme_keywords_match_the_start_of_words() -> None:
    themes = comments.load_themes()
    assert "hours" in comments.themes_for("Please stay OPEN later", themes)
    assert "hours" in comments.themes_for("Opening times are wrong", themes)
    assert comments.themes_for("Lovely!", themes) == ["other"]
    assert comments.themes_for("The meeting room is always booked.", themes) == ["space"]


def test_theme_dictionary_agrees_with_the_staff_topics() -> None:
    """Every staff-filed comment gets its staff topic among its themes; most get only it."""
    c = data.load_comments()
    tagged = comments.tag_comments(c, language="language")
    topics = c["topic"].astype(str)
    assert all(t in th for t, th in zip(topics, tagged["themes"], strict=True))
    exact = np.mean([th == [t] for t, th in zip(topics, tagged["themes"], strict=True)])
    assert exact > 0.9


def test_bad_theme_files_get_plain_messages(tmp_path: Path) -> None:
    bad = tmp_path / "themes.toml"
    bad.write_text("[themes.x\nkeywords = 1", encoding="utf-8")
    with pytest.raises(comments.ThemeError, match="not valid TOML"):
        comments.load_themes(bad)
    bad.write_text("[themes.x]\nlabel = 'X'\n", encoding="utf-8")
    with pytest.raises(comments.ThemeError, match="needs a list of keywords"):
        comments.load_themes(bad)
    bad.write_text("title = 'nothing'\n", encoding="utf-8")
    with pytest.raises(comments.ThemeError, match="no \\[themes"):
        comments.load_themes(bad)
    good = tmp_path / "mine.toml"
    good.write_text("[themes.parking]\nlabel = 'Parking'\nkeywords = ['car park', 'parking']\n",
                    encoding="utf-8")
    (theme,) = comments.load_themes(good)
    assert comments.themes_for("No parking near Hillcrest", [theme]) == ["parking"]


def test_sentiment_scores_english_only_and_uses_vaders_cut_offs() -> None:
    assert comments.sentiment("The staff are wonderful, thank you!") >= 0.05
    assert comments.sentiment("The printer is broken and the room is terrible.") <= -0.05
    assert comments.sentiment_label(0.05) == "positive"
    assert comments.sentiment_label(-0.05) == "negative"
    assert comments.sentiment_label(0.0) == "neutral"
    assert comments.sentiment_label(float("nan")) == "not scored"
    table = pd.DataFrame({"text": ["Me encanta la biblioteca.", "Nhân viên rất thân thiện.",
                                   "I love this library.", ""]})
    tagged = comments.tag_comments(table)
    assert len(tagged) == 3  # the blank comment is dropped
    assert list(tagged["tone"]) == ["not scored", "not scored", "positive"]


def test_case_study_spanish_and_vietnamese_comments_are_not_scored() -> None:
    c = data.load_comments()
    guessed = comments.tag_comments(c)  # guessing the language, as for an upload
    by_language = (guessed["tone"] == "not scored").groupby(c["language"].astype(str)).mean()
    assert by_language["English"] == 0
    assert by_language["Vietnamese"] == 1
    assert by_language["Spanish"] > 0.8


def test_personal_data_is_flagged() -> None:
    flag = comments.personal_data
    assert flag("Write to me at ana.r@example.org") == ["an e-mail address"]
    assert flag("Call 555-123-4567 please") == ["a phone or card number"]
    assert flag("My card 21234000567890 is blocked") == ["a phone or card number"]
    assert flag("I live at 12 Elm Street") == ["a street address"]
    assert flag("Mrs Lee at the desk was rude") == ["a person's name"]
    assert flag("my name is Tom and I need help") == ["a person's name"]
    assert flag("Please open on Sundays.") == []
    assert flag("Open until 8 pm, 3 days a week") == []


def test_no_case_study_comment_quotes_personal_data() -> None:
    c = data.load_comments()
    s = data.load_survey_responses()
    texts = list(c["text"]) + list(s["comment"].dropna())
    assert not [t for t in texts if comments.personal_data(t)]


def test_theme_summary_counts_and_orders(survey_table: pd.DataFrame) -> None:
    tagged = comments.tag_comments(data.load_comments(), language="language")
    summary = comments.theme_summary(tagged)
    assert summary.index[-1] != "other" or summary["comments"].iloc[-1] >= 0
    assert list(summary["comments"]) == sorted(summary["comments"], reverse=True)
    assert summary.loc["hours", "comments"] >= 90


# -- uploads -----------------------------------------------------------------------------------
def test_upload_reads_a_clean_file_with_spreadsheet_row_numbers() -> None:
    raw = upload.read_csv_bytes(b"Branch;Score;Comment\nNorth;10;Great\n\nSouth;3;=HYPERLINK(1)\n",
                                "mine.csv")
    assert list(raw.columns) == ["Branch", "Score", "Comment"]
    assert list(raw.index) == [2, 4]  # the blank line 3 is skipped, not renumbered
    assert raw.loc[4, "Comment"] == "=HYPERLINK(1)"  # kept as text, never run


def test_upload_reads_windows_excel_text() -> None:
    raw = upload.read_csv_bytes("score,comment\n9,Très bien\n".encode("cp1252"), "old.csv")
    assert raw.iloc[0]["comment"] == "Très bien"


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"", "e.csv", "is empty"),
    (b"a,b\n", "h.csv", "no answers"),
    (b"PK\x03\x04\x00\x00\x00", "s.csv", "not a text file"),
    (b"a,b", "book.xlsx", "is a spreadsheet"),
    (b"a,b\n1,2,3\n", "r.csv", "Row 2 has 3 values, but the header has 2 columns"),
    (b"a,,c\n1,2,3\n", "n.csv", "Row 1, column 2: the column has no name"),
    (b"a,A\n1,2\n", "d.csv", "'A' is used twice"),
    (b"x" * (upload.MAX_BYTES + 1), "big.csv", "the limit is 2 MB"),
    (b"c\n" + b"x" * (upload.MAX_CELL_CHARS + 1) + b"\n", "long.csv", "Row 2, column 'c'"),
])
def test_malformed_uploads_get_plain_messages(content: bytes, name: str, message: str) -> None:
    with pytest.raises(upload.UploadError, match=message.replace("(", r"\(")):
        upload.read_csv_bytes(content, name)


def test_mapping_checks_scores_row_by_row() -> None:
    raw = upload.read_csv_bytes(b"Score,Comment\n10,ok\neleven,x\n12,y\n7.5,z\n,\n3,\n", "s.csv")
    with pytest.raises(upload.UploadError) as info:
        upload.map_columns(raw, {"recommend": "Score", "comment": "Comment"}, "s.csv")
    assert info.value.problems == [
        "Row 3, column 'Score': 'eleven' is not a whole number from 0 to 10.",
        "Row 4, column 'Score': '12' is not a whole number from 0 to 10.",
        "Row 5, column 'Score': '7.5' is not a whole number from 0 to 10.",
    ]
    ok = upload.read_csv_bytes(b"Score,Comment,Branch\n10,ok,N\n,,S\n3,,N\n", "s.csv")
    mapped = upload.map_columns(ok, {"recommend": "Score", "comment": "Comment",
                                     "group": "Branch"})
    assert len(mapped.table) == 2 and mapped.skipped_blank == 1
    assert "1 row with neither a score nor a comment" in mapped.notes[0]
    with pytest.raises(upload.UploadError, match="at least one column"):
        upload.map_columns(ok, {"group": "Score"})
    with pytest.raises(upload.UploadError, match="chosen twice"):
        upload.map_columns(ok, {"recommend": "Score", "comment": "Score"})
    with pytest.raises(upload.UploadError, match="no column called 'Nope'"):
        upload.map_columns(ok, {"recommend": "Nope"})


def test_guess_mapping_from_column_names() -> None:
    guess = upload.guess_mapping(["Branch", "How likely to recommend (0-10)", "Any comments?"])
    assert guess == {"recommend": "How likely to recommend (0-10)",
                     "comment": "Any comments?", "group": "Branch"}


# -- the workbench model -----------------------------------------------------------------------
MY_CSV = (b"Branch,How likely to recommend (0-10),Comment\n"
          b"North,10,Great staff\n"
          b"North,3,The printer never works. Call me on 555-123-4567\n"
          b"South,8,\n"
          b"South,2,<script>alert(1)</script> open on Sundays please\n")


def test_workbench_on_the_case_study(work_dir: Path) -> None:
    bench = Workbench(WorkStore("module08-workbench", work_dir))
    bench.use_case_study()
    assert bench.nps().n == 520
    assert round(bench.nps().score) == 18
    assert len(bench.tagged()) == 271 + 499  # survey comments and comment cards
    top = bench.top_themes()
    assert len(top) == 3 and "hours" in top.index
    assert bench.flagged().empty
    draft = bench.draft()
    assert draft.startswith("You said, we did")
    assert "[We changed our opening hours" in draft  # a hint until the participant writes
    bench.set_action("hours", "From March, Riverside is open until 8 pm on Tuesdays.")
    assert "From March, Riverside is open" in bench.draft()
    check = bench.check_draft()
    assert check.grade is not None and check.ok
    saved = json.loads((work_dir / "module08-workbench.json").read_text())
    assert saved["actions"]["hours"].startswith("From March")


def test_workbench_upload_roundtrip_and_restart(work_dir: Path) -> None:
    store = WorkStore("module08-workbench", work_dir)
    bench = Workbench(store)
    bench.use_case_study()
    columns = bench.load_upload("my survey.csv", MY_CSV)
    assert columns == ["Branch", "How likely to recommend (0-10)", "Comment"]
    assert (work_dir / "module08-uploads" / "my-survey.csv").read_bytes() == MY_CSV
    assert bench.source == CASE_STUDY  # nothing changes until the columns are applied
    bench.apply_mapping(bench.guessed)
    assert bench.source == MY_FILE
    assert bench.nps().n == 4 and bench.nps().score == -25
    assert list(bench.flagged()["personal_data"]) == ["a phone or card number"]
    bench.set_action("technology", "We bought two new printers.")
    again = Workbench(store)  # a kernel restart
    note = again.restore()
    assert "my-survey.csv" in note
    assert again.source == MY_FILE and again.nps().n == 4
    assert again.actions["technology"] == "We bought two new printers."


def test_agreement_statements_from_the_case_study_and_from_an_upload(work_dir: Path) -> None:
    bench = Workbench(WorkStore("module08-workbench", work_dir))
    bench.use_case_study()
    assert list(bench.likert().index) == list(scores.PLA_STATEMENTS.values())
    bench.load_upload("x.csv", b"Score,Helpful staff,Found it,Branch,Note\n9,5,4,A,3\n"
                               b"3,2,,B,7\n7,4,3,A,x\n")
    bench.apply_mapping({"recommend": "Score", "group": "Branch"})
    table = bench.likert()  # 'Note' has a 7 and an 'x': not a 1-5 statement
    assert list(table.index) == ["Helpful staff", "Found it"]
    assert list(table["n"]) == [3, 2]
    assert table.loc["Helpful staff", "Strongly agree"] == pytest.approx(33.3)


def test_the_report_lists_nps_per_group(work_dir: Path) -> None:
    bench = Workbench(WorkStore("module08-workbench", work_dir))
    bench.use_case_study()
    md = bench.to_markdown()
    assert "| Riverside Branch | 103 | -10.7 | -24.9 to +4.1 |" in md
    assert "<th scope='row'>Riverside Branch</th><td>103</td>" in bench.to_html()


def test_an_upload_name_cannot_leave_the_upload_folder(work_dir: Path) -> None:
    bench = Workbench(WorkStore("module08-workbench", work_dir))
    bench.load_upload("../../../etc/evil name.csv", b"Score\n9\n")
    assert bench.raw_name == "evil-name.csv"
    assert [p.name for p in (work_dir / "module08-uploads").iterdir()] == ["evil-name.csv"]
    bench.load_upload("..", b"Score\n9\n")
    assert (work_dir / "module08-uploads" / "upload.csv").exists()


def test_the_manifest_renders_the_saved_work(work_dir: Path) -> None:
    import importlib

    from course_kit.manifest import find

    manifest = find("module08")
    assert manifest is not None and manifest.notebook == "08-gathering-feedback.ipynb"
    (item,) = [w for w in manifest.work if w.file == "module08-workbench"]
    module, func = item.render.split(":")
    render = getattr(importlib.import_module(module), func)
    bench = Workbench(WorkStore("module08-workbench", work_dir))
    bench.load_upload("x.csv", MY_CSV)
    bench.apply_mapping(bench.guessed)
    saved = json.loads((work_dir / "module08-workbench.json").read_text())
    text = render(saved)
    assert text.startswith("# Feedback analysis") and "Data: My own file: x.csv\n" in text
    assert "<script>" not in text
    assert render({}).startswith("# Feedback analysis")  # nothing saved yet: no error


def test_libqual_style_columns_are_found_and_checked() -> None:
    columns = ["Branch", "LP-4 minimum", "LP-4 desired", "LP-4 perceived", "Staff min",
               "Staff des", "Staff per", "Wi-Fi minimum", "Score"]
    found = upload.libqual_columns(columns)
    assert found == {
        "LP-4": {"minimum": "LP-4 minimum", "desired": "LP-4 desired",
                 "perceived": "LP-4 perceived"},
        "Staff": {"minimum": "Staff min", "desired": "Staff des", "perceived": "Staff per"},
    }  # "Wi-Fi" has only one of the three columns
    raw = upload.read_csv_bytes(b"LP-4 minimum,LP-4 desired,LP-4 perceived\n5,8,4\nN/A,,\n"
                                b"6,8,\n", "lq.csv")
    ratings, items, notes = upload.libqual_ratings(raw, upload.libqual_columns(list(raw.columns)))
    assert list(items["dimension"]) == ["Library as Place"]
    assert ratings["minimum"].notna().sum() == 1  # the N/A row and the partial row left out
    assert notes == ["1 rating with only one or two of the three levels was counted as N/A."]
    bad = upload.read_csv_bytes(b"LP-4 minimum,LP-4 desired,LP-4 perceived\n5,10,x\n", "b.csv")
    with pytest.raises(upload.UploadError) as info:
        upload.libqual_ratings(bad, upload.libqual_columns(list(bad.columns)), "b.csv")
    assert info.value.problems == [
        "Row 2, column 'LP-4 desired': '10' is not a whole number from 1 to 9 (or N/A).",
        "Row 2, column 'LP-4 perceived': 'x' is not a whole number from 1 to 9 (or N/A).",
    ]


def test_the_libqual_sample_gives_gaps_in_the_workbench(work_dir: Path) -> None:
    sample = Path(upload.__file__).with_name("sample_libqual.csv")
    bench = Workbench(WorkStore("module08-workbench", work_dir))
    bench.load_upload(sample.name, sample.read_bytes())
    bench.apply_mapping({"group": "Branch"})  # ratings only: no score, no comment
    ratings, items = bench.upload_libqual
    gaps = scores.item_gaps(ratings, items)
    assert list(gaps.index) == ["AS-1", "IC-2", "LP-4"]
    assert list(gaps["n"]) == [8, 7, 7] and list(gaps["N/A"]) == [0, 1, 1]
    assert gaps.loc["LP-4", "adequacy"] == pytest.approx((5 + 4 + 6 + 3 + 5 + 4 + 5) / 7
                                                         - (6 + 5 + 6 + 6 + 7 + 5 + 6) / 7,
                                                         abs=0.01)
    assert gaps.loc["LP-4", "adequacy"] < 0 < gaps.loc["AS-1", "adequacy"]
    assert bench.nps().n == 0 and bench.likert().empty


def test_a_failed_upload_keeps_the_current_data(work_dir: Path) -> None:
    bench = Workbench(WorkStore("module08-workbench", work_dir))
    bench.use_case_study()
    with pytest.raises(upload.UploadError):
        bench.load_upload("bad.csv", b"a,b\n1,2,3\n")
    bench.load_upload("scores.csv", b"Score\neleven\n")
    with pytest.raises(upload.UploadError, match="Row 2, column 'Score'"):
        bench.apply_mapping({"recommend": "Score"})
    assert bench.source == CASE_STUDY and bench.nps().n == 520


def test_workbench_exports_are_escaped(work_dir: Path) -> None:
    bench = Workbench(WorkStore("module08-workbench", work_dir))
    bench.load_upload("x.csv", MY_CSV)
    bench.apply_mapping(bench.guessed)
    bench.set_action(bench.top_themes().index[0],
                     "We open on <b>Sundays</b> & [more](javascript:x)")
    md, page = bench.export(work_dir)
    page_text, md_text = page.read_text(), md.read_text()
    assert "<script>" not in page_text and "<b>Sundays" not in page_text
    assert "&lt;b&gt;Sundays" in page_text
    assert "<b>" not in md_text and "](javascript" not in md_text
    assert md_text == report_markdown(json.loads((work_dir / "module08-workbench.json")
                                                 .read_text()))
    assert escape_markdown("*a* <i>") == "\\*a\\* &lt;i&gt;"
    # The kit's own sentences stay readable as plain text: no "\\(" or "e\\.g\\." in them.
    nps = bench.nps().sentence()
    assert f"\n{nps}\n" in md_text and "We open on &lt;b&gt;Sundays" in md_text
    kits = [line for line in md_text.splitlines() if "Sundays" not in line]
    assert not [line for line in kits if re.search(r"\\[().+!#-]", line)], md_text


def test_over_long_answers_are_refused_and_nothing_else_changes(work_dir: Path) -> None:
    bench = Workbench(WorkStore("module08-workbench", work_dir))
    bench.use_case_study()
    bench.set_action("hours", "short")
    with pytest.raises(upload.UploadError, match="keep it under 400"):
        bench.set_action("hours", "x" * 401)
    assert bench.actions["hours"] == "short"


def test_a_damaged_save_is_set_aside(work_dir: Path) -> None:
    (work_dir / "module08-workbench.json").write_text("{not json", encoding="utf-8")
    bench = Workbench(WorkStore("module08-workbench", work_dir))
    note = bench.restore()
    assert "could not be read" in note
    assert bench.source == CASE_STUDY
    assert list(work_dir.glob("module08-workbench.damaged-*.json"))


# -- the view (no browser) ---------------------------------------------------------------------
def _file(name: str, content: bytes) -> tuple[dict, ...]:
    return ({"name": name, "size": len(content), "content": memoryview(content),
             "type": "text/csv", "last_modified": datetime.datetime.now()},)


def test_view_shows_messages_not_tracebacks_and_keeps_work(work_dir: Path) -> None:
    from course_kit.modules.module08.workbench_view import FeedbackWorkbench

    view = FeedbackWorkbench(WorkStore("module08-workbench", work_dir))
    assert "NPS +18 from 520 answers" in view.panes["Score (NPS)"].value
    view.tabs.selected_index = 4
    assert "Gaps per dimension: All" in view.panes["LibQUAL+ gaps"].value
    view.branch.value = "Riverside Branch"
    assert "5 of 22 items are below the minimum" in view.panes["LibQUAL+ gaps"].value
    assert "Tone of 770 comments:" in view.panes["Themes and tone"].value
    view.tabs.selected_index = 2
    assert "PLA Project Outcome statements" in view.panes["Agreement"].value
    view.source.value = MY_FILE
    view.upload.value = _file("book.xlsx", b"PK\x03\x04")
    assert view.messages.kind == "warning" and "is a spreadsheet" in view.messages.text
    view.upload.value = _file("bad.csv", b"Score\neleven\n")
    view.apply_button.click()
    assert view.messages.kind == "warning" and "Row 2, column 'Score'" in view.messages.text
    view.upload.value = _file("mine.csv", MY_CSV)
    assert view.role_boxes["comment"].value == "Comment"
    view.apply_button.click()
    assert view.messages.kind == "success"
    assert "1 comment that seem" in view.panes["Personal data"].value
    area = next(iter(view.action_fields.values()))
    area.value = "x" * 500
    assert view.reply_messages.kind == "warning" and area.value == "x" * 500
    area.value = "We fixed it in May."
    assert "We fixed it in May." in view.draft.value
    view.cannot.value = "We can't open on Sundays yet: we have no staff for it."
    assert "What we could not do yet: We can&#x27;t open on Sundays" in view.draft.value
    view.cannot.value = "y" * 401
    assert view.reply_messages.kind == "warning" and view.cannot.value == "y" * 401
    assert view.model.cannot.startswith("We can't")
    assert "Plain-language check" in view.check.value
    view.export_button.click()
    assert "Download feedback-report.html" in view.downloads.value
    for pane in view.panes.values():  # the uploaded <script> is shown as text, never run
        assert "<script>" not in pane.value
    assert "<script>" not in view.draft.value + view.actions_box.children[0].value
    again = FeedbackWorkbench(WorkStore("module08-workbench", work_dir))
    assert again.source.value == MY_FILE
    assert "mine.csv" in again.messages.text
    assert "We fixed it in May." in [a.value for a in again.action_fields.values()]
    assert again.cannot.value.startswith("We can't open on Sundays")


# -- survey design and change evaluation --------------------------------------------------------
def test_review_flags_the_faulty_questions_and_passes_good_ones() -> None:
    for question in survey.BAD_QUESTIONS:
        assert not survey.review(question).ok, question
    for question in ("How satisfied are you with our opening hours?",
                     "In the last month, how many times did you visit the library?",
                     "What is one thing we could do better?"):
        assert survey.review(question).ok, question
    assert "two things" in str(survey.review("Are the staff and the hours good?"))
    assert "jargon: database" in str(survey.review("Do you use our database?"))
    assert survey.review("   ").problems == ("Write a question first.",)
    assert len(survey.methods_table()) == 5


def test_riverside_before_and_after() -> None:
    names = data.load_branches().set_index("branch_id")["name"].to_dict()
    visits = data.load_visits()
    table = changes.before_after(visits, names=names)
    riv = table.loc["Riverside Branch"]
    assert (riv["visits before"], riv["visits after"]) == (20966, 15655)
    assert riv["change %"] == pytest.approx(-25.3)
    assert table["change %"].drop("Riverside Branch").abs().max() < 5
    assert (riv["per open hour before"], riv["per open hour after"]) == (7.9, 7.7)
    assert changes.difference_in_differences(table, "Riverside Branch") < -25
    fig = changes.plot_monthly(visits, "RIV", names=names)
    assert "12 of 12 months are lower" in fig.description


def test_maker_club_lost_half_its_audience_after_the_move() -> None:
    table = changes.program_before_after(data.load_programs(), "After-School Maker Club",
                                         "Maker Club")
    assert table.loc["before", "day"] == "Tuesday" and table.loc["after", "day"] == "Saturday"
    assert table.loc["after", "per session"] < 0.55 * table.loc["before", "per session"]


# -- the widget's HTML charts ------------------------------------------------------------------
def test_html_charts_escape_names_and_place_marks(survey_table, libqual) -> None:
    from course_kit.modules.module08 import htmlcharts

    ratings, items = libqual
    riv = scores.item_gaps(ratings, items, survey_table, branch="RIV")
    page = htmlcharts.zone_chart(riv, "Riverside <b>")
    assert page.count("✖") == 5 + 1  # five items below the minimum, and the legend
    assert "Riverside &lt;b&gt;" in page and "<b>" not in page
    lp4 = riv.loc["LP-4"]
    assert f"left:{100 * (lp4['perceived'] - 1) / 8:.2f}%" in page
    table = pd.DataFrame({"answers": [3], "NPS": [100.0], "95% low": [20.0],
                          "95% high": [100.0]}, index=["<script>x</script>"])
    page = htmlcharts.interval_chart(table, "d")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "left:60.00%;width:40.00%" in page  # the interval 20…100 on −100…100
    likert = scores.likert_table(pd.DataFrame({"a": [1, 5, 5, 3]}), {"a": "A & B"},
                                 scores.LIKERT_5)
    page = htmlcharts.likert_chart(likert, "d")
    assert "A &amp; B (n=4)" in page and "width:12.50%" in page  # half the 25% neutral
    assert 'role="img" aria-label="d"' in page
