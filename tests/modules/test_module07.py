"""Module 7: engagement rates, newsletters, chat, guides, the content calendar and its widget.

The claims the notebook's prose makes about the data are recomputed here (``test_claim_…``):
if the data change, these fail and point at the sentence to rewrite.
"""

from __future__ import annotations

import csv
import html
import json
import re
from datetime import date, timedelta
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from course_kit.data import (
    data_dir,
    load_branches,
    load_newsletters,
    load_programs,
    load_reference,
    load_social_posts,
)
from course_kit.modules.module07 import engagement, guides, plain
from course_kit.modules.module07 import virtual_reference as chat
from course_kit.modules.module07.analytics_view import AnalyticsExplorer, AnalyticsModel
from course_kit.modules.module07.calendar import (
    MAX_ALT,
    MAX_ENTRIES,
    MAX_MESSAGE,
    CalendarError,
    ContentCalendar,
    calendar_markdown,
    promotable_events,
)
from course_kit.modules.module07.calendar_builder import CalendarBuilder
from course_kit.modules.module07.selfcheck import click_rate, quiz
from course_kit.storage import WorkStore

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "07-digital-engagement.ipynb"


@pytest.fixture(scope="module")
def posts() -> pd.DataFrame:
    return load_social_posts()


@pytest.fixture(scope="module")
def letters() -> pd.DataFrame:
    return load_newsletters()


@pytest.fixture(scope="module")
def log() -> pd.DataFrame:
    return load_reference()


@pytest.fixture(scope="module")
def programs() -> pd.DataFrame:
    return load_programs()


@pytest.fixture(scope="module")
def prose() -> str:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return " ".join(text.split())


def _event(programs: pd.DataFrame, title: str = "Health Fair") -> dict:
    events = promotable_events(programs)
    return events[events["title"] == title].iloc[0].to_dict()


@pytest.fixture
def cal(programs: pd.DataFrame) -> ContentCalendar:
    calendar = ContentCalendar()
    calendar.set_event(_event(programs))
    return calendar


# -- engagement rates ---------------------------------------------------------------------
def test_one_post_three_rates_match_a_hand_count_from_the_csv(posts: pd.DataFrame,
                                                              prose: str) -> None:
    """The issue's 'done when': one post's rate under the three bases, checked by hand."""
    with (data_dir() / "social_posts.csv").open(encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["post_id"] == "M0003")
    engaged = int(row["reactions"]) + int(row["comments"]) + int(row["shares"])
    table = engagement.post_rates(posts, "M0003")
    for base, column in (("followers", "followers_at_post"), ("reach", "reach"),
                         ("impressions", "impressions")):
        by_hand = round(100 * engaged / int(row[column]), 2)
        assert table.loc[base, "rate_%"] == by_hand
        assert table.loc[base, "base count"] == int(row[column])
        # and the notebook says so, with the same numbers
        assert f"{engaged} ÷ {int(row[column]):,} = {by_hand:.2f}%" in prose
    assert len(set(table["rate_%"])) == 3, "the three bases give three different rates"


def test_bad_post_or_base_is_refused_in_words(posts: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="no post"):
        engagement.post_rates(posts, "M9999")
    with pytest.raises(ValueError, match="choose one of followers, reach, impressions"):
        engagement.engagement_table(posts, "platform", "likes")
    with pytest.raises(ValueError, match="grouping"):
        engagement.engagement_table(posts, "colour", "reach")


def test_rates_are_pooled_not_averaged(posts: pd.DataFrame) -> None:
    table = engagement.engagement_table(posts, "platform", "reach")
    fb = posts[posts["platform"] == "Facebook"]
    pooled = 100 * (fb["reactions"] + fb["comments"] + fb["shares"]).sum() / fb["reach"].sum()
    assert table.loc["Facebook", "rate_%"] == round(pooled, 2)
    assert table["posts"].sum() == len(posts)


def test_claim_facebook_most_followers_lowest_rate_per_follower(posts: pd.DataFrame,
                                                                prose: str) -> None:
    last = posts.sort_values("posted_at").groupby("platform", observed=True).last()
    assert last["followers_at_post"].idxmax() == "Facebook"
    table = engagement.compare_bases(posts, "platform")
    assert table["per followers %"].idxmin() == "Facebook"
    assert f"lowest rate per follower ({table.loc['Facebook', 'per followers %']:.2f}%)" in prose


def test_claim_the_base_changes_the_size_of_the_gap(posts: pd.DataFrame) -> None:
    table = engagement.compare_bases(posts, "platform")
    tiktok, instagram = table.loc["TikTok"], table.loc["Instagram"]
    per_follower = tiktok["per followers %"] / instagram["per followers %"]
    per_reach = tiktok["per reach %"] / instagram["per reach %"]
    assert 6.5 <= per_follower < 7, "almost seven times"
    assert 1.25 <= per_reach <= 1.4, "about a third higher"


def test_claim_videos_top_service_info_bottom_per_reach(posts: pd.DataFrame,
                                                        prose: str) -> None:
    table = engagement.engagement_table(posts, "post type", "reach")
    top, low = table.index[0], table.index[-1]
    assert (top, low) == ("video", "service info")
    assert f"({table.loc[top, 'rate_%']:.2f}%, {table.loc[top, 'posts']} posts)" in prose
    assert f"({table.loc[low, 'rate_%']:.2f}%, {table.loc[low, 'posts']} posts)" in prose


def test_claim_event_promos_get_the_most_clicks(posts: pd.DataFrame, prose: str) -> None:
    table = engagement.click_leaders(posts)
    assert table.index[0] == "event promo"
    assert f"{table.iloc[0]['clicks per post']:.1f} per post" in prose


def test_claim_time_of_day_hardly_matters(posts: pd.DataFrame) -> None:
    table = engagement.engagement_table(posts, "time of day", "reach")
    assert len(table) == 4
    assert round(table["rate_%"].max() - table["rate_%"].min(), 2) <= 0.2


def test_claim_videos_start_the_most_talk(posts: pd.DataFrame) -> None:
    table = engagement.conversation_table(posts)
    assert table.index[0] == "video" and table.index[-1] == "service info"
    assert round(table.loc["video", "comments per post"]) == 7
    assert round(table.loc["service info", "comments per post"]) == 1


def test_figures_carry_a_description(posts: pd.DataFrame, letters: pd.DataFrame,
                                     log: pd.DataFrame) -> None:
    for figure in (engagement.plot_rates_by_base(posts), engagement.plot_newsletters(letters),
                   chat.plot_modes(log)):
        assert figure.description.endswith(".") and len(figure.description) > 60
        assert 'alt="' in figure.to_html()


# -- the analytics explorer -----------------------------------------------------------------
def test_analytics_model_follows_its_choices(posts: pd.DataFrame) -> None:
    model = AnalyticsModel(posts)
    before = model.table.copy()
    model.base = "followers"
    assert not model.table["rate_%"].equals(before["rate_%"])
    assert model.summary().startswith("Per followers: TikTok")
    model.by = "post type"
    assert model.table.index[0] == "video"
    model.post_id = "M0003"
    assert list(model.post_table.index) == ["followers", "reach", "impressions"]


def test_analytics_view_and_model_agree(posts: pd.DataFrame) -> None:
    view = AnalyticsExplorer(posts)
    view.base.value = "impressions"
    view.by.value = "day of the week"
    assert (view.model.base, view.model.by) == ("impressions", "day of the week")
    assert "Per impressions" in view.messages.text
    assert "Sunday" in view.chart.value and "n = " in view.chart.value


# -- newsletters ----------------------------------------------------------------------------
def test_click_rate_is_on_delivered(letters: pd.DataFrame) -> None:
    rates = engagement.newsletter_rates(letters)
    first = letters.iloc[0]
    assert rates.iloc[0]["click_%"] == round(100 * first["unique_clicks"] / first["delivered"], 2)
    assert rates.iloc[0]["click_%"] != round(100 * first["unique_clicks"] / first["sent"], 2)


def test_claim_opens_inflated_clicks_close_to_2019(letters: pd.DataFrame, prose: str) -> None:
    summary = engagement.newsletter_summary(letters)["Millbrook"]
    assert f"open rate ({summary['open rate %']:.1f}%)" in prose
    assert f"click rate ({summary['click rate %']:.1f}%)" in prose
    assert summary["open rate %"] > 22.71 + 10
    assert abs(summary["click rate %"] - 2.91) < 0.3
    assert f"{summary['click-to-open %']:.1f}%" in prose
    assert "12.8%" in prose  # 2.91 / 22.71


def test_claim_best_click_rates_in_may_or_june(letters: pd.DataFrame) -> None:
    best = engagement.best_issues(letters, 5)
    assert {pd.Timestamp(d).month for d in best["sent_on"]} <= {5, 6}


def test_selfcheck_click_rate_is_pooled(letters: pd.DataFrame) -> None:
    pooled = 100 * letters["unique_clicks"].sum() / letters["delivered"].sum()
    mean_of_rates = (100 * letters["unique_clicks"] / letters["delivered"]).mean()
    assert click_rate() == pytest.approx(pooled)
    assert quiz.q8.is_correct(round(pooled, 1))
    assert quiz.q8.is_correct(pooled + 0.3) is False
    assert abs(pooled - mean_of_rates) > 0  # the two differ: the solution says which


# -- virtual reference ----------------------------------------------------------------------
def test_claim_chat_rises_desk_falls(log: pd.DataFrame, prose: str) -> None:
    table = chat.questions_by_month(log)
    jan, dec = table.iloc[0], table.iloc[-1]
    assert f"from {jan['chat']:,} in January to {dec['chat']:,} in December" in prose
    assert f"from {jan['in person']:,} to {dec['in person']:,}" in prose
    assert 0.30 <= dec["chat"] / dec["all modes"] < 1 / 3, "almost one in three"
    assert table["all modes"].sum() == len(log)


def test_claim_unresolved_chats_without_follow_up(log: pd.DataFrame, prose: str) -> None:
    table = chat.unresolved_by_mode(log)
    assert round(table.loc["chat", "resolved %"]) == 82
    assert table.drop(index="chat")["resolved %"].min() >= 89
    assert f"{round(table.loc['chat', 'unresolved without follow-up %'])}% of the unresolved" \
        in prose
    chats = log[(log["mode"] == "chat") & ~log["resolved"]]
    assert table.loc["chat", "unresolved"] == len(chats)


def test_claim_chat_questions_are_mostly_reference(log: pd.DataFrame) -> None:
    """Facilitator notes and TRAINERS.md: 61% of chat questions are reference, 48% in person."""
    share = pd.crosstab(log["mode"], log["question_type"], normalize="index")["reference"]
    assert round(100 * share["chat"]) == 61 and round(100 * share["in person"]) == 48


def test_claim_chat_peaks_in_november(log: pd.DataFrame) -> None:
    """TRAINERS.md: chat grows every month to October, peaks in November, dips in December."""
    monthly = chat.questions_by_month(log)["chat"]
    assert monthly.iloc[:10].is_monotonic_increasing
    assert monthly.idxmax() == "2025-11" and monthly.iloc[-1] < monthly.iloc[-2]


def test_claim_technical_topics_spread_evenly(log: pd.DataFrame, prose: str) -> None:
    tags = chat.top_tags(log, question_type="technical")
    assert tags.attrs["n"] == (log["question_type"] == "technical").sum()
    assert f"The {tags.attrs['n']:,} technical questions" in prose
    assert len(tags) == 7
    assert tags["% of these questions"].between(100 / 6 - 1.5, 100 / 6 + 1.5).all()


def test_transcripts_are_read_on_the_six_rusa_areas() -> None:
    areas = list(chat.rusa_areas().index)
    assert areas == ["Inclusion", "Approachability", "Engagement", "Searching", "Evaluation",
                     "Closure"]
    for tid in chat.transcripts():
        table = chat.reading(tid)
        assert list(table.index) == areas
        assert set(table["verdict"]) <= {"shown", "missing", "not seen"}
    assert chat.reading("C").loc["Closure", "verdict"] == "missing"
    assert (chat.reading("C")["verdict"] == "missing").sum() == 1  # q4 has one right answer


def test_transcript_html_is_escaped_and_unknown_chat_refused() -> None:
    page = chat.transcript_html("B")
    assert "&#x27;The Harbour Lane Mysteries&#x27;" in page
    with pytest.raises(ValueError, match="no chat"):
        chat.transcript_html("<script>")


# -- guides and forums ----------------------------------------------------------------------
GOOD_GUIDE = """# How to borrow an e-book

You need your library card number and PIN.

1. Open the Libby app on your phone.
2. Tap Add library and type Millbrook.
3. Sign in with your card number and PIN.
4. Find a book and tap Borrow.

![The Libby app with the Borrow button under a book cover](libby.png)

Need help? [Chat with a librarian](https://example.org/chat).
"""


def test_the_draft_guide_fails_and_a_good_one_passes() -> None:
    draft = guides.review_howto(guides.draft_howto())
    assert draft.passed == 0
    good = guides.review_howto(GOOD_GUIDE)
    assert good.passed == len(good.rows) == 8
    assert good.by_eye


def test_each_guide_check_can_fail_on_its_own() -> None:
    broken = {
        "The title is a heading that names the task": GOOD_GUIDE.replace("# How", "How"),
        "Every image has alt text": GOOD_GUIDE.replace("![The Libby app with the Borrow "
                                                       "button under a book cover]", "![]"),
        "Links say where they go": GOOD_GUIDE.replace("[Chat with a librarian]", "[click here]"),
        "No library jargon": GOOD_GUIDE.replace("Find a book", "Search the catalog"),
        "It says what you need before you start": GOOD_GUIDE.replace("You need", "Have"),
    }
    for item, text in broken.items():
        rows = {name: ok for name, ok, _ in guides.review_howto(text).rows}
        assert rows[item] is False, item
        assert sum(not ok for ok in rows.values()) == 1, item


@pytest.mark.parametrize("bad", [None, 42, "", "   ", "x" * (guides.MAX_HOWTO + 1)])
def test_guide_checker_answers_bad_input_in_words(bad: object) -> None:
    with pytest.raises(ValueError, match=r"how-to"):
        guides.review_howto(bad)


def test_guide_review_html_is_escaped() -> None:
    page = guides.review_howto("# <script>alert(1)</script>\n\n1. a\n2. b\n3. c").to_html()
    assert "<script>" not in page


def test_guide_editor_checks_saves_and_comes_back(tmp_path: Path) -> None:
    """The guide is typed in a box (no code to edit), checked with a button and kept."""
    store = WorkStore("notes", directory=tmp_path)
    editor = guides.GuideEditor(store=store)
    assert editor.notes.area.value == guides.GUIDE_START
    editor.notes.area.value = GOOD_GUIDE
    editor.check_button.click()
    assert "8 of 8 automatic checks pass" in editor.result.value
    assert "Checked and saved" in editor.notes.messages.value
    again = guides.GuideEditor(store=WorkStore("notes", directory=tmp_path))
    assert again.notes.area.value == GOOD_GUIDE
    # Bad input: a plain message, no traceback, and the text stays in the box.
    again.notes.area.value = "x" * (guides.MAX_HOWTO + 1)
    again.check_button.click()
    assert "characters" in again.notes.messages.value
    assert "Traceback" not in again.notes.messages.value
    assert again.notes.area.value == "x" * (guides.MAX_HOWTO + 1)
    again.notes.area.value = "# <script>alert(1)</script>\n\n1. a\n2. b\n3. c"
    again.check_button.click()
    assert "<script>" not in again.result.value


def test_moderation_scenario_shows_guidelines_and_post() -> None:
    page = guides.moderation_scenario()._repr_html_()
    assert len(guides.moderation_guidelines()) >= 5
    assert "home address" in page and "<ol>" in page


# -- plain language -------------------------------------------------------------------------
def test_plain_check_uses_module02_when_installed() -> None:
    result = plain.check_message("Join us on Saturday. Bring the kids and a friend. It is free.")
    pytest.importorskip("course_kit.modules.module02.checker")
    assert result.source == "course_kit.modules.module02.checker"
    assert result.grade is not None and result.plain


def test_plain_check_flags_hard_text_and_scores_no_spanish() -> None:
    hard = plain.check_message(
        "The interlibrary loan department facilitates the acquisition of periodical "
        "holdings through consortial arrangements with participating institutions.")
    assert hard.grade is not None and not hard.plain
    assert any("misread" in n for n in hard.notes)
    spanish = plain.check_message("Ven a la feria de recursos comunitarios este sábado en la "
                                  "biblioteca de Riverside con toda tu familia.")
    assert spanish.grade is None and "No reading grade" in spanish.summary()
    assert plain.check_message("   ").notes == ["The message is empty."]


# -- the content calendar -------------------------------------------------------------------
def test_promotable_events_are_the_one_off_events(programs: pd.DataFrame, prose: str) -> None:
    events = promotable_events(programs)
    counts = programs["title"].value_counts()
    assert (counts[events["title"]] <= 2).all()
    assert len(events) == 8
    assert f"drew from {events['attendance'].min()} to {events['attendance'].max()} people" \
        in prose
    feria = events[events["title"] == "Feria de Recursos Comunitarios"].iloc[0]
    assert feria["language"] == "Spanish" and feria["attendance"] == events["attendance"].min()


def test_entry_in_the_window_is_added_in_date_order(cal: ContentCalendar) -> None:
    day = cal.event_day
    cal.add("Facebook", day - timedelta(days=3), "9:05", "everyone",
            "The Health Fair is on Saturday. Come and meet local nurses.",
            "Two nurses smile at a table of leaflets")
    cal.add("Instagram", (day - timedelta(days=10)).isoformat(), "18:30", "families",
            "Bring the family to the Health Fair.", "Children play at a fair")
    assert [e.channel for e in cal.entries] == ["Instagram", "Facebook"]
    assert cal.entries[1].time == "09:05"
    assert cal.entries[0].grade is not None


@pytest.mark.parametrize(("fields", "words"), [
    ({"channel": "Myspace"}, "Choose a channel"),
    ({"audience": "robots"}, "Choose an audience"),
    ({"day": "next week"}, "not a date"),
    ({"day": None}, "Pick a date"),
    ({"day": "2020-01-01"}, "four weeks up to the event"),
    ({"time": "25:00"}, "not a time"),
    ({"message": "  "}, "Write the message"),
    ({"message": "x " * MAX_MESSAGE}, "keep it under"),
    ({"alt_text": ""}, "alt text"),
    ({"alt_text": "y" * (MAX_ALT + 1)}, "keep it under"),
    ({"alt_text": "Come to the fair."}, "repeats the message"),
    ({"channel": 3, "time": None}, "Choose a channel"),
])
def test_bad_entries_are_refused_in_words(cal: ContentCalendar, fields: dict,
                                          words: str) -> None:
    entry = {"channel": "Facebook", "day": cal.event_day, "time": "10:00",
             "audience": "everyone", "message": "Come to the fair.",
             "alt_text": "A crowd at the library"} | fields
    with pytest.raises(CalendarError, match=words):
        cal.add(**entry)
    assert cal.entries == []


def test_no_event_no_entries() -> None:
    with pytest.raises(CalendarError, match="Choose an event"):
        ContentCalendar().add("Facebook", "2025-01-01", "10:00", "everyone", "Hi there.", "A")
    with pytest.raises(CalendarError, match="lacks"):
        ContentCalendar().set_event({"title": "x"})


def test_calendar_is_capped(cal: ContentCalendar) -> None:
    for i in range(MAX_ENTRIES):
        cal.add("Facebook", cal.event_day - timedelta(days=i % 28), "10:00", "everyone",
                f"Post number {i}.", "A poster")
    with pytest.raises(CalendarError, match="remove one"):
        cal.add("Facebook", cal.event_day, "10:00", "everyone", "One more.", "A poster")


def _add(cal: ContentCalendar, days_before: int, channel: str = "Facebook",
         message: str = "See you at the fair on Saturday.") -> None:
    cal.add(channel, cal.event_day - timedelta(days=days_before), "10:00", "everyone", message,
            "People at the fair")


def test_warnings_gap_overload_newsletter_reminder_grade(cal: ContentCalendar) -> None:
    assert cal.warnings() == ["Nothing is planned yet."]
    _add(cal, 20)
    found = " ".join(cal.warnings())
    assert "Gap: nothing between" in found and "(20 days)" in found
    assert "No newsletter yet" in found and "No reminder" in found
    for _ in range(2):
        _add(cal, 20, "Instagram")
    _add(cal, 20, "Newsletter")
    _add(cal, 19, "Newsletter")
    cal.add("TikTok", cal.event_day - timedelta(days=1), "10:00", "everyone",
            "The interlibrary loan department facilitates the acquisition of periodical "
            "holdings through consortial arrangements with participating institutions.",
            "People at the fair")
    found = " ".join(cal.warnings())
    assert "Overload: 4 items on" in found
    assert "Overload: 2 Instagram items" in found
    assert "2 newsletters are planned" in found
    assert "reading grade" in found
    assert "No reminder" not in found


def test_a_balanced_plan_has_no_warnings(cal: ContentCalendar) -> None:
    for days, channel in ((27, "Facebook"), (21, "Instagram"), (14, "Newsletter"),
                          (8, "Facebook"), (2, "Instagram"), (0, "Facebook")):
        _add(cal, days, channel)
    assert cal.warnings() == []


def test_calendar_round_trip_and_hostile_saved_data(cal: ContentCalendar) -> None:
    _add(cal, 5)
    _add(cal, 3, "Newsletter")
    data = json.loads(json.dumps(cal.to_dict()))
    again = ContentCalendar()
    assert again.update(data) == []
    assert again.to_dict() == cal.to_dict()
    hostile = {"event": {"title": "x", "date": "never"},
               "entries": [{"channel": "Facebook"}, "text", None, data["entries"][0],
                           {**data["entries"][0], "date": "1999-01-01"}]}
    other = ContentCalendar()
    ignored = other.update(hostile)
    assert ignored[0].startswith("the event")
    assert len(other.entries) == 0  # no event: no entry can be placed
    other.set_event(cal.event)
    assert other.update({"entries": hostile["entries"]}) == ["entry 1", "entry 2", "entry 3",
                                                              "entry 5"]
    assert len(other.entries) == 1
    assert ContentCalendar().update({"entries": "nope"}) == ["the entries"]


def test_exports_are_escaped_and_defused(cal: ContentCalendar, tmp_path: Path) -> None:
    cal.add("Facebook", cal.event_day, "10:00", "everyone",
            "=HYPERLINK(\"http://evil\") <script>alert(1)</script> | pipe",
            "@SUM(A1) a <b>bold</b> picture")
    text = cal.to_csv()
    rows = list(csv.reader(text.splitlines()))
    assert rows[0][0] == "publish_at"
    assert rows[1][3].startswith("'=") and rows[1][4].startswith("'@")
    page = cal.to_html_page()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert page.startswith("<!DOCTYPE html>") and 'lang="en"' in page
    md = cal.to_markdown()
    assert "<script>" not in md and "\\| pipe" in md
    paths = cal.export(tmp_path)
    assert [p.suffix for p in paths] == [".csv", ".html", ".md"]
    assert paths[1].read_text(encoding="utf-8") == page
    assert all(p.exists() and p.parent == tmp_path for p in paths)
    assert paths[0].read_text(encoding="utf-8") == text


def test_export_needs_an_event_and_an_item(cal: ContentCalendar, tmp_path: Path) -> None:
    with pytest.raises(CalendarError, match="event"):
        ContentCalendar().export(tmp_path)
    with pytest.raises(CalendarError, match="at least one"):
        cal.export(tmp_path)


def test_calendar_html_covers_the_four_weeks(cal: ContentCalendar) -> None:
    _add(cal, 7)
    page = cal.calendar_html()
    first = cal.window[0]
    assert page.count("<tr>") - 1 in (5, 4)  # header + weeks, Monday to Sunday
    assert f"{first:%d %b}" in page and "EVENT: Health Fair" in page
    assert '<th scope="col">Mon</th>' in page


def test_exports_name_the_branch_and_keep_each_message_whole(cal: ContentCalendar,
                                                             tmp_path: Path) -> None:
    """What a participant takes away reads "Central Library", not the id "CEN", and a
    long message is printed whole (the notebook's grid may shorten it)."""
    names = load_branches().set_index("branch_id")["name"]
    branch, name = cal.event["branch_id"], names[cal.event["branch_id"]]
    message = "Come to the fair on Saturday. " * 6 + "Ask at the desk about the bus."
    cal.add("Facebook", cal.event_day, "10:00", "everyone", message, "A poster")
    page, markdown = cal.to_html_page(), cal.to_markdown()
    assert f"({name})" in cal.title() and f"({branch})" not in page
    assert f", {name}, for" in markdown and f"branch {branch}" not in markdown
    assert html.escape(message) in page and html.escape(message) not in cal.calendar_html()
    store = WorkStore("module07-calendar", directory=tmp_path)
    cal.save(store)
    again = ContentCalendar()
    again.update(store.load())
    assert again.title() == cal.title() and name in calendar_markdown(store.load())


def test_portfolio_markdown_reads_the_saved_file(cal: ContentCalendar, tmp_path: Path) -> None:
    _add(cal, 7)
    store = WorkStore("module07-calendar", directory=tmp_path)
    cal.save(store, {"message": "half-typed"})
    text = calendar_markdown(store.load())
    assert text.startswith("# Content calendar: Health Fair")
    assert "| Facebook |" in text
    assert "nothing planned yet" in calendar_markdown({})


# -- the calendar builder (no browser) -------------------------------------------------------
def test_builder_saves_as_you_go_and_comes_back(programs: pd.DataFrame, tmp_path: Path) -> None:
    store = WorkStore("module07-calendar", directory=tmp_path)
    view = CalendarBuilder(programs, store=store)
    view.event.value = _event(programs)["program_id"]
    view.channel.value = "Instagram"
    view.message.value = "Come to the Health Fair on Saturday. Free checks for all."
    assert "Reading grade" in view.check.value
    view.add_button.click()  # no alt text yet: refused, typing kept
    assert view.messages.kind == "warning" and "what you typed is kept" in view.messages.text
    assert view.message.value.startswith("Come to the Health Fair")
    assert store.load()["draft"]["message"].startswith("Come to the Health Fair")
    view.alt_text.value = "Nurses at a table with leaflets"
    view.add_button.click()
    assert view.messages.kind == "success" and len(view.model.entries) == 1
    assert view.message.value == "" and "Instagram" in view.calendar.value
    view.message.value = "Half a thought"
    # A kernel restart: a new builder on the same file.
    again = CalendarBuilder(programs, store=store)
    assert "Your calendar is back" in again.messages.text
    assert again.event.value == view.event.value
    assert again.model.to_dict() == view.model.to_dict()
    assert again.message.value == "Half a thought"
    again.export_button.click()
    assert "Download content-calendar-health-fair.csv" in again.downloads.value
    again.remove_button.click()
    assert again.model.entries == [] and store.load()["entries"] == []
    again.remove_button.click()
    assert "nothing to remove" in again.messages.text


def test_builder_survives_a_damaged_file(programs: pd.DataFrame, tmp_path: Path) -> None:
    (tmp_path / "module07-calendar.json").write_text("{not json", encoding="utf-8")
    view = CalendarBuilder(programs, store=WorkStore("module07-calendar", directory=tmp_path))
    assert view.messages.kind == "warning" and "set aside" in view.messages.text
    assert list(tmp_path.glob("module07-calendar.damaged-*.json"))


def test_builder_reports_unreadable_parts(programs: pd.DataFrame, tmp_path: Path) -> None:
    store = WorkStore("module07-calendar", directory=tmp_path)
    event = _event(programs)
    store.save({"event": {k: str(v) for k, v in event.items()},
                "entries": [{"channel": "Fax"}], "draft": {"date": "soon", "time": 5}})
    view = CalendarBuilder(programs, store=store)
    assert "could not be read" in view.messages.text and "entry 1" in view.messages.text
    assert view.model.event["program_id"] == event["program_id"]


def test_builder_date_picker_is_limited_to_the_window(programs: pd.DataFrame,
                                                      tmp_path: Path) -> None:
    view = CalendarBuilder(programs, store=WorkStore("module07-calendar", directory=tmp_path))
    view.event.value = _event(programs)["program_id"]
    first, last = view.model.window
    assert (view.day.min, view.day.max, view.day.value) == (first, last, first)
    assert isinstance(view.day.value, date)


# -- self-checks ----------------------------------------------------------------------------
RIGHT = {"q1": "c", "q2": "c", "q3": "b", "q4": "c", "q5": True, "q6": "b", "q7": False}


def test_selfcheck_right_answers_pass_wrong_ones_fail() -> None:
    for key, answer in RIGHT.items():
        question = getattr(quiz, key)
        assert question.is_correct(answer), key
        wrong = [c for c in question.choices if question.validate(c) is None
                 and not question.is_correct(c)]
        assert wrong, key
        assert question.solution_plain() and question.hints


def test_selfcheck_facts_follow_the_data(posts: pd.DataFrame, log: pd.DataFrame) -> None:
    table = engagement.compare_bases(posts, "platform")
    assert quiz.q1.choices["c"] == table["per followers %"].idxmax()
    assert quiz.q2.choices["c"] == engagement.click_leaders(posts).index[0]
    unresolved = chat.unresolved_by_mode(log)
    assert bool(unresolved.loc["chat", "unresolved without follow-up %"] > 50) is RIGHT["q5"]
    solution = quiz.q5.solution_plain()
    assert f"{round(unresolved.loc['chat', 'unresolved without follow-up %'])}%" in solution
    assert re.search(r"1,280 unresolved", solution)
    assert unresolved.loc["chat", "unresolved"] == 1280


def test_claim_accounts_and_rhythm(posts: pd.DataFrame, letters: pd.DataFrame) -> None:
    """'on Facebook, Instagram and, since March 2025, TikTok'; 'every two weeks'."""
    first = posts.groupby("platform", observed=True)["posted_at"].min()
    assert f"{first['TikTok']:%Y-%m}" == "2025-03"
    assert first.drop("TikTok").max() < pd.Timestamp("2025-01-01")
    gaps = letters["sent_on"].sort_values().diff().dt.days.dropna()
    assert (gaps == 14).mean() > 0.9


def test_claim_tiktok_reaches_beyond_its_followers(posts: pd.DataFrame) -> None:
    """'TikTok shows posts to many people who do not follow the library'."""
    totals = engagement.totals_by(posts, "platform")
    ratio = totals["reach"] / totals["followers"]
    assert ratio["TikTok"] > 1 > ratio.drop("TikTok").max()


def test_graded_data_question_key_follows_the_data(posts: pd.DataFrame) -> None:
    totals = engagement.totals_by(posts, "platform").loc["TikTok"]
    assert engagement.platform_rate("TikTok", "impressions") == pytest.approx(
        100 * totals["engagements"] / totals["impressions"])
    with pytest.raises(ValueError, match="no platform"):
        engagement.platform_rate("Myspace")


# -- the chat review --------------------------------------------------------------------------
def test_chat_review_compares_with_the_course(tmp_path: Path) -> None:
    from course_kit.modules.module07.chat_review import AREAS, ChatReviewModel
    from course_kit.widgets.base import UserInputError

    model = ChatReviewModel(WorkStore("module07-chat-review", directory=tmp_path))
    model.current = "B"
    model.set_mark("Closure", "missing")
    with pytest.raises(UserInputError, match="5 left"):
        model.compare()
    with pytest.raises(UserInputError, match="six areas"):
        model.set_mark("Friendliness", "shown")
    with pytest.raises(UserInputError, match="Choose one of"):
        model.set_mark("Closure", "great")
    course = chat.reading("B")["verdict"]
    for area in AREAS:
        model.set_mark(area, course[area])
    model.set_mark("Inclusion", "shown" if course["Inclusion"] != "shown" else "missing")
    table = model.compare()
    assert int(table["same?"].sum()) == 5 and not table.loc["Inclusion", "same?"]
    model.set_mark("Closure", "")
    assert "Closure" not in model.verdicts()
    again = ChatReviewModel(WorkStore("module07-chat-review", directory=tmp_path))
    assert again.current == "B" and again.verdicts() == model.verdicts()


def test_chat_review_skips_unreadable_saved_parts(tmp_path: Path) -> None:
    from course_kit.modules.module07.chat_review import ChatReview, review_markdown

    store = WorkStore("module07-chat-review", directory=tmp_path)
    store.save({"current": "Z", "marks": {"A": {"Closure": "shown", "Inclusion": "<b>x</b>",
                                                "Nonsense": "missing"},
                                          "Z": {"Closure": "shown"}, "B": "oops"}})
    view = ChatReview(store)
    assert view.model.current == "A"
    assert view.model.verdicts() == {"Closure": "shown"}
    assert view.areas["Closure"].value == "shown" and view.areas["Inclusion"].value == ""
    assert "chat Z" in view.messages.text and "chat B" in view.messages.text
    view.picker.value = "C"
    assert all(box.value == "" for box in view.areas.values())
    view.compare_button.click()
    assert view.messages.kind == "warning" and "6 left" in view.messages.text
    text = review_markdown({"marks": {"A<script>": {"Closure": "shown"}}})
    assert "<script>" not in text and "| Closure | shown |" in text
    assert "| Inclusion | not judged |" in text
