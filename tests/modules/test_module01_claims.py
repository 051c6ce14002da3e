"""Every claim Module 1's prose makes about the data, recomputed from the data.

If the case-study data are regenerated (or a trainer swaps in their own), these tests say
which sentence of the notebook, the self-checks or the graded items no longer holds.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from course_kit import data
from course_kit.modules.module01 import analysis as users
from course_kit.trainer.pools import load_pool

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return {"patrons": data.load_patrons(), "community": data.load_community(),
            "survey": data.load_needs_survey(), "visits": data.load_visits(),
            "branches": data.load_branches()}


def test_riverside_lost_its_evening_hours_in_january_2025(tables) -> None:
    overview = users.branch_overview(tables["branches"])
    assert overview.loc["Riverside Branch", "evenings ended on"] == "2025-01-01"
    assert not overview.loc["Riverside Branch", "evening hours"]


def test_millbrook_is_close_to_the_fy2014_national_figures(tables) -> None:
    table = users.per_resident(tables["visits"], tables["patrons"], tables["community"])
    assert "FY2014" in " ".join(table.columns)
    for row in table.index:
        mine, national = table.loc[row].iloc[0], table.loc[row].iloc[1]
        assert abs(mine - national) / national < 0.1, row


def test_rate_and_share_tell_different_stories(tables) -> None:
    age = users.age_profile(tables["patrons"], tables["community"])
    assert age["cards_per_100_residents"].idxmin() == "13-17"
    assert age.loc["13-17", "cards_per_100_residents"] == 34
    assert age["cards_per_100_residents"].idxmax() == "0-12"
    assert age.loc["0-12", "cards_per_100_residents"] == 67
    assert age["gap_points"].idxmin() == "18-34"
    assert (age.loc["18-34", "residents_%"], age.loc["18-34", "cardholders_%"],
            age.loc["18-34", "gap_points"]) == (21.7, 17.7, -4.0)
    assert (age.loc["18-34", "residents"], age.loc["13-17", "residents"]) == (5421, 1605)
    assert age.loc["18-34", "residents"] > 3 * age.loc["13-17", "residents"]
    assert users.cards_per_100("18-34") == 46


def test_southgate_stands_out(tables) -> None:
    hoods = users.registration_by_neighbourhood(tables["patrons"], tables["community"])
    south = hoods.set_index("name").loc["Southgate"]
    assert hoods.iloc[0]["name"] == "Southgate"  # sorted by registration, lowest first
    assert south["registered_%"] == 32.5
    assert users.registration_rate(tables["patrons"], tables["community"]) == 55.8
    assert hoods["spanish_at_home_%"].idxmax() == hoods["broadband_%"].idxmin() == \
        hoods.index[0]


def test_the_survey_sample(tables) -> None:
    survey = tables["survey"]
    assert len(survey) == 800
    assert (survey["uses_library"].sum(), (~survey["uses_library"]).sum()) == (486, 314)
    assert survey["collected_on"].min() >= pd.Timestamp("2025-03-01")
    assert survey["collected_on"].max() <= pd.Timestamp("2025-05-31")
    users_by_age = survey[survey["uses_library"]].groupby("age_band", observed=True).size()
    assert users_by_age.to_dict() == {"13-17": 27, "18-34": 115, "35-64": 231, "65+": 113}
    assert survey.groupby("age_band", observed=True).size().to_dict() == {
        "13-17": 62, "18-34": 208, "35-64": 360, "65+": 170}


def test_needs_differ_only_a_little(tables) -> None:
    needs = users.top_needs(tables["survey"])
    assert tuple(needs.loc["easier website"]) == (9, 13)
    assert tuple(needs.loc["more e-books"]) == (13, 16)
    assert tuple(needs.loc["help with technology"]) == (17, 13)
    gaps = (needs["non_users_%"] - needs["users_%"]).abs()
    assert set(gaps.nlargest(3).index) == {"easier website", "more e-books",
                                           "help with technology"}


def test_why_people_come(tables) -> None:
    reasons = users.reasons_by_age(tables["survey"])
    for band in ("35-64", "65+"):
        assert reasons[band].idxmax() == "borrow books"
    assert reasons.loc["borrow books", "65+"] == 55
    teens = tables["survey"].query("uses_library and age_band == '13-17'")["main_reason"]
    counts = teens.value_counts()
    assert counts["study or work space"] == counts["computers and Wi-Fi"] == 9
    assert counts.max() == 9
    young = reasons["18-34"].sort_values(ascending=False)
    assert young.index[0] == "borrow books"
    assert set(young.index[1:3]) == {"study or work space", "children's activities"}


def test_what_keeps_people_away(tables) -> None:
    barriers = users.barrier_rates(tables["survey"])
    non_users = barriers["non_users_%"].sort_values(ascending=False)
    assert list(non_users.index[:3]) == ["I don't know what the library offers",
                                         "I don't have time", "Opening hours don't suit me"]
    assert [round(v) for v in non_users.iloc[:3]] == [53, 40, 35]
    assert barriers["users_%"].idxmax() == "Opening hours don't suit me"
    assert round(barriers["users_%"].max()) == 29
    language = barriers.loc["Services not in my language"]
    assert (round(language["non_users_%"]), round(language["users_%"])) == (15, 8)
    assert round(barriers.loc["I don't know what the library offers", "users_%"]) == 14


def test_learning_preferences(tables) -> None:
    prefs = users.learning_preferences(tables["survey"])
    assert prefs["13-17"].idxmax() == "short video" and prefs.loc["short video", "13-17"] == 40
    assert prefs["65+"].idxmax() == "one-to-one help" and prefs.loc["one-to-one help",
                                                                     "65+"] == 39


def test_about_14000_cardholders(tables) -> None:
    assert round(len(tables["patrons"]), -3) == 14_000


def test_southgate_profile(tables) -> None:
    survey = tables["survey"]
    south = survey[survey["neighbourhood_id"] == "N4"]
    assert len(south) == 172
    assert round(100 * south["barrier_awareness"].mean()) == 42
    assert round(100 * south["barrier_language"].mean()) == 26
    barrier_cols = [c for c in survey.columns if c.startswith("barrier_")]
    assert south[barrier_cols].mean().idxmax() == "barrier_awareness"


def test_graded_items_quote_the_data_right(tables) -> None:
    """The pool's scenarios quote figures: they must be the data's."""
    pool = load_pool(ROOT / "exercises" / "pools" / "module01.toml")
    age = users.age_profile(tables["patrons"], tables["community"])
    q1 = " ".join(pool.item("q1").prompt.split())
    assert f"hold {age.loc['13-17', 'cards_per_100_residents']:.0f} cards per 100" in q1
    assert f"{age.loc['18-34', 'residents_%']}% of residents" in q1
    assert f"{age.loc['18-34', 'cardholders_%']}% of cardholders" in q1
    barriers = users.barrier_rates(tables["survey"]).loc["I don't know what the library offers"]
    q2 = " ".join(pool.item("q2").prompt.split())
    n_users = tables["survey"]["uses_library"].sum()
    assert f"{round(barriers['non_users_%'])}% of the {len(tables['survey']) - n_users}" in q2
    assert f"{round(barriers['users_%'])}% of the {n_users} users" in q2


def test_millbrook_and_its_branches(tables) -> None:
    """'about 25,000 residents', 'a Central Library and three branches: Eastside, Riverside
    and Hillcrest'."""
    assert round(tables["community"]["population"].sum(), -3) == 25_000
    names = set(tables["branches"]["name"])
    assert names == {"Central Library", "Eastside Branch", "Riverside Branch", "Hillcrest Branch"}


def test_the_survey_was_collected_where_the_prose_says(tables) -> None:
    """'at the library, online and at community events'."""
    channels = set(tables["survey"]["collection_channel"])
    assert channels == {"paper at library", "online", "community event"}


def test_southgate_language_and_broadband(tables) -> None:
    hoods = users.registration_by_neighbourhood(tables["patrons"], tables["community"])
    south = hoods.set_index("name").loc["Southgate"]
    assert (south["spanish_at_home_%"], south["broadband_%"]) == (45, 68)


def test_southgate_is_reached_by_text_and_social_media(tables) -> None:
    """Section 7: channels Southgate's respondents prefer, and its nearest branch."""
    survey = tables["survey"]
    south = survey[survey["neighbourhood_id"] == "N4"]
    shares = (100 * south["preferred_channel"].value_counts(normalize=True)).round()
    assert list(shares.index[:2]) == ["text message", "social media"]
    assert (shares["text message"], shares["social media"], shares["printed newsletter"]) == \
        (26, 24, 8)
    community = tables["community"].set_index("name")
    branches = tables["branches"].set_index("branch_id")
    assert branches.loc[community.loc["Southgate", "nearest_branch_id"], "name"] == \
        "Riverside Branch"


def test_pool_q2_gives_its_sample_sizes(tables) -> None:
    pool = load_pool(ROOT / "exercises" / "pools" / "module01.toml")
    survey = tables["survey"]
    q2 = " ".join(pool.item("q2").prompt.split())
    assert f"of the {(~survey['uses_library']).sum()} non-users" in q2
    assert f"of the {survey['uses_library'].sum()} users" in q2


def test_the_rubric_example_quotes_the_data_right(tables) -> None:
    pool = load_pool(ROOT / "exercises" / "pools" / "module01.toml")
    example = " ".join(pool.manual[0].example.split())
    barriers = users.barrier_rates(tables["survey"])
    hours = round(barriers.loc["Opening hours don't suit me", "users_%"])
    assert f"{hours}% of the {tables['survey']['uses_library'].sum()} users" in example


def test_pool_choices_do_not_give_the_key_away() -> None:
    """A right answer much longer than the distractors gives itself away."""
    pool = load_pool(ROOT / "exercises" / "pools" / "module01.toml")
    for item in pool.items:
        choices = getattr(item, "choices", None)
        if not choices:
            continue
        lengths = [len(c) for c in (choices.values() if isinstance(choices, dict) else choices)]
        others = sorted(lengths)[:-1]
        assert max(lengths) <= 1.25 * max(others), item.id
