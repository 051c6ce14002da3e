"""Every claim the Module 6 notebook's prose makes about the Millbrook data, recomputed.

Each test quotes the sentence it checks. If the data or the analysis changes so that a
sentence is no longer true, the test fails and the prose must change with it.
"""

from __future__ import annotations

import pandas as pd
import pytest

from course_kit import data
from course_kit.modules.module06 import programs as prog
from course_kit.modules.module06 import tailoring
from course_kit.modules.module06.recommender import Recommender


@pytest.fixture(scope="module")
def t() -> dict[str, pd.DataFrame]:
    return {"loans": data.load_loans(), "catalogue": data.load_catalogue(),
            "programs": data.load_programs(), "outcomes": data.load_program_outcomes(),
            "patrons": data.load_patrons(), "survey": data.load_needs_survey(),
            "branches": data.load_branches()}


@pytest.fixture(scope="module")
def advisor(t: dict[str, pd.DataFrame]) -> Recommender:
    return Recommender(t["loans"], t["catalogue"])


def test_s1_most_people_differ_from_their_groups_favourite(t) -> None:
    """'In every age band, more than half of the people chose something other than the top
    answer.'"""
    survey = t["survey"]
    for _band, answers in survey.groupby("age_band", observed=True):
        top_share = answers["preferred_learning"].value_counts(normalize=True).iloc[0]
        assert top_share < 0.5
    spread = tailoring.learning_spread(survey)
    assert (spread["chose something else (%)"] > 50).all()


def test_s2_teens_and_seniors(t) -> None:
    """'Teens ask most for "more for teens" (47% of 62 teens in the survey), and two in
    three of them want text messages. Seniors most often ask for help with technology.'"""
    survey, patrons = t["survey"], t["patrons"]
    teens = survey[survey["age_band"] == "13-17"]
    assert len(teens) == 62
    needs = teens["top_need"].value_counts(normalize=True)
    assert needs.index[0] == "more for teens" and round(100 * needs.iloc[0]) == 47
    teen_cards = patrons[patrons["age_band"] == "13-17"]
    text = (teen_cards["preferred_contact"] == "text").mean()
    assert 0.6 < text < 0.7  # "two in three"
    seniors = survey[survey["age_band"] == "65+"]
    assert seniors["top_need"].value_counts().index[0] == "help with technology"


def test_s2_few_job_seekers_and_who_was_not_asked(t) -> None:
    """'Only 26 people in the survey came mainly for job help ... Children and newcomers
    were not asked in the survey.'"""
    survey = t["survey"]
    assert (survey["main_reason"] == "job or business help").sum() == 26
    assert (survey["age_band"] == "0-12").sum() == 0
    groups = tailoring.group_profiles(t["patrons"], survey)
    assert groups.loc["Children", "survey answers"] == 0
    assert groups.loc["Newcomers", "survey answers"] == 0


def test_s2_largest_segment_is_the_occasional_users(t) -> None:
    """'The largest segment is the occasional users: people who did almost nothing last
    year.'"""
    table = tailoring.segment_services(t["patrons"])
    first = table.index[0]
    assert first.endswith("Occasional users")
    assert table["patrons"].idxmax() == first
    from course_kit.modules.module01.segments import segment_patrons

    result = segment_patrons(t["patrons"], tailoring.SEGMENT_FEATURES, 5)
    medians = result.profile.loc[1, [c for c in result.profile if c.startswith("median")]]
    assert (medians <= 1).all()


def test_s3_first_book_of_a_series(t, advisor: Recommender) -> None:
    """'The Lantern Case is the first book in The Harbour Lane Mysteries ... Co-borrowing
    finds the second book, The Ferry Case, first ... The catalog finds it too ... The
    staff pick is a different mystery.'"""
    cat = t["catalogue"].set_index("item_id")
    lantern = cat.loc["I01772"]
    assert (lantern["title"], lantern["series"], lantern["series_number"]) == (
        "The Lantern Case", "The Harbour Lane Mysteries", 1)
    ferry = cat[(cat["series"] == "The Harbour Lane Mysteries") & (cat["series_number"] == 2)]
    assert set(ferry["title"]) == {"The Ferry Case"}
    co, _ = advisor.co_borrowed("I01772")
    assert co[0].title == "The Ferry Case"
    assert advisor.similar("I01772")[0].title == "The Ferry Case"
    staff = advisor.staff_pick("I01772")
    assert staff is not None and staff.genre == "mystery"
    assert pd.isna(cat.loc[staff.item_id, "series"])


def test_s3_book_few_people_borrowed(t, advisor: Recommender) -> None:
    """'the e-book of Otto the Otter Goes to School, which only five people borrowed ...
    There is no co-borrowed list at all ... The catalog and the staff pick still work.'"""
    cat = t["catalogue"].set_index("item_id")
    assert cat.loc["I00222", "title"] == "Otto the Otter Goes to School"
    assert cat.loc["I00222", "format"] == "ebook"
    loans = t["loans"]
    assert loans.loc[loans["item_id"] == "I00222", "patron_id"].nunique() == 5
    assert advisor.co_borrowed("I00222")[0] == []
    assert advisor.similar("I00222") and advisor.staff_pick("I00222") is not None


def test_s3_opt_in_means_fewer_titles(advisor: Recommender) -> None:
    """'Here we suppose one borrower in three says yes ... Fewer loans are used, so fewer
    titles pass the minimum.'"""
    assert abs(advisor.opt_in.mean() - 1 / 3) < 0.05
    effect = advisor.privacy_effect("I01772")
    assert effect.loc["opted-in borrowers only", "items shown"] < \
        effect.loc["every borrower", "items shown"]


def test_s4_digital_learning_gap(t) -> None:
    """'Digital Learning has the widest gap: people learned a lot (4.30) but feel much less
    sure (3.46, from 235 surveys). ... Ayuda con la Computadora, has the lowest confidence
    of all the regular programs.'"""
    gaps = prog.outcome_gaps(t["programs"], t["outcomes"])
    assert gaps.index[0] == "Digital Learning"
    row = gaps.loc["Digital Learning"]
    assert (row["knowledge"], row["confidence"], row["surveys"]) == (4.30, 3.46, 235)
    summary = prog.program_summary(t["programs"], t["outcomes"])
    assert summary["confidence"].idxmin() == "Ayuda con la Computadora"


def test_s6_summer_reading_draws_the_most(t) -> None:
    """'The Summer Reading Adventure draws the most people per session.'"""
    summary = prog.program_summary(t["programs"], t["outcomes"])
    assert summary["mean_attendance"].idxmax() == "Summer Reading Adventure"


def test_s6_programs_that_moved(t) -> None:
    """'Two programs moved to a new day or time in 2025. The teen Maker Club moved from
    Tuesday after school to Saturday and lost about half of its audience per session. The
    English Conversation Group moved from a weekday evening to a weekday morning when
    Riverside lost its evening hours, and lost about two in five.'"""
    moved = prog.moved_programs(t["programs"])
    assert len(moved) == 2
    maker, english = moved.loc["Maker Club"], moved.loc["English Conversation Group"]
    assert maker["audience"] == "teens"
    assert maker["2024 slot"].startswith("Tuesday 16") and maker["2025 slot"].startswith(
        "Saturday")
    assert -55 <= maker["change (%)"] <= -45
    assert english["2024 slot"] == "Monday 17:30" and english["2025 slot"] == "Monday 11:00"
    assert -45 <= english["change (%)"] <= -35
    pr = t["programs"]
    assert set(pr.loc[pr["title"] == "English Conversation Group", "branch_id"]) == {"RIV"}
    riverside = t["branches"].set_index("branch_id").loc["RIV"]
    assert not riverside["has_evening_hours"]
    assert str(riverside["evening_hours_ended_on"].date()) == "2025-01-01"


def test_s7_contact_preferences(t) -> None:
    """'Two in three teens (65.5%) asked for text messages. People 65 and over are split:
    about as many asked for a phone call (37.0%) as for email (37.9%), and one in seven
    asked for post.'"""
    table = tailoring.contact_preferences(t["patrons"])
    assert table.loc["13-17", "text message"] == 65.5
    seniors = table.loc["65+"]
    assert (seniors["phone"], seniors["email"]) == (37.0, 37.9)
    assert round(100 / seniors["post"]) == 7


def test_s7_module1_barrier(t) -> None:
    """'In Module 1, the biggest barrier for non-users was not knowing what the library
    offers.'"""
    survey = t["survey"]
    non_users = survey[~survey["uses_library"]]
    barriers = non_users[[c for c in survey if c.startswith("barrier_")]].mean()
    assert barriers.idxmax() == "barrier_awareness"


def test_s3_default_minimum_is_five(advisor: Recommender) -> None:
    """'So the kit shows a co-borrowed title only when at least five borrowers share it.'"""
    from course_kit.modules.module06.recommender import RecommendationModel, load_persona

    assert RecommendationModel(advisor, load_persona()).min_support == 5
    counts = advisor.co_borrowed_counts("I01772")
    shown, _ = advisor.co_borrowed("I01772", n=100)
    assert all(counts[s.item_id] >= 5 for s in shown)


def test_facilitator_and_trainer_notes_figures(t, advisor: Recommender) -> None:
    """The figures in docs/facilitator/06-personalized-service.md and datasets/TRAINERS.md."""
    moved = prog.moved_programs(t["programs"])
    assert tuple(moved.loc["Maker Club", ["2024 mean attendance", "2025 mean attendance"]]) == (
        12.8, 6.6)
    assert tuple(moved.loc["English Conversation Group",
                           ["2024 mean attendance", "2025 mean attendance"]]) == (10.1, 6.0)
    assert tuple(moved["change (%)"]) == (-41.0, -48.0)
    table = advisor.co_borrowed_table("I01772")
    assert table.loc["I01772", "borrowed by"] == 38
    assert table.loc["I01764", "of whom also this"] == 28
    effect = advisor.privacy_effect("I01772")
    assert tuple(effect["borrowers of this title"]) == (38, 8)
    assert tuple(effect["items shown"]) == (9, 1)
    summary = prog.program_summary(t["programs"], t["outcomes"])
    assert summary.loc["Ayuda con la Computadora", "confidence"] == 3.32
    assert summary.loc["Summer Reading Adventure", "mean_attendance"] == 38.0
    prefs = tailoring.contact_preferences(t["patrons"])
    assert prefs.loc["13-17", "cardholders"] == 550 and prefs.loc["65+", "cardholders"] == 3063
    assert prefs.loc["65+", "post"] == 14.3
    segments = tailoring.segment_services(t["patrons"])
    assert round(segments.iloc[0]["share (%)"]) == 42


def test_s5_tech_help_serves_three_goals(t) -> None:
    """'Here are five goals ... Tech Help Drop-in appears in three of the five goals.'"""
    from course_kit.modules.module06.learning_plan import goal_resources, load_goals

    goals = load_goals()
    assert len(goals) == 5
    assert sum(any(s.get("program") == "Tech Help Drop-in" for s in g["steps"])
               for g in goals) == 3
    table = goal_resources(t["catalogue"], t["programs"], t["loans"])
    tech = table[table["resource"].str.startswith("Program: Tech Help Drop-in")]
    assert len(tech.index.get_level_values("goal").unique()) == 3
    held = t["programs"][(t["programs"]["title"] == "Tech Help Drop-in")
                         & (t["programs"]["date"].dt.year == 2025)]
    assert tech["use in 2025"].iloc[0] == \
        f"{len(held)} sessions, {held['attendance'].mean():.1f} people per session"


def test_small_facts_in_the_prose(t) -> None:
    """'The Spanish computer class, Ayuda con la Computadora'; 'one weekly session' (Tech
    Help Drop-in); 'four questions ... Each is rated from 1 to 5'."""
    pr, out = t["programs"], t["outcomes"]
    ayuda = pr[pr["title"] == "Ayuda con la Computadora"]
    assert set(ayuda["language"]) == {"Spanish"}
    assert set(ayuda["service_area"]) == {"Digital Learning"}
    tech = pr[(pr["title"] == "Tech Help Drop-in") & (pr["date"].dt.year == 2025)]
    assert tech["date"].dt.day_name().nunique() == 1 and 45 <= len(tech) <= 53
    scores = out[["knowledge", "confidence", "application", "awareness"]]
    assert scores.min().min() >= 1 and scores.max().max() <= 5
