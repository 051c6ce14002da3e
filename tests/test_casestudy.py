"""The Millbrook case-study generator: determinism, plausibility and the built-in stories.

The plausibility ranges come from the IMLS Public Libraries Survey per-capita norms
(/work/shared/DOMAIN.md, "Usage norms"): about 4.5-4.8 visits and 7.5-8 loans (physical +
electronic) per resident a year; registered users about half the population.
The stories are the ones described for trainers in datasets/TRAINERS.md.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from course_kit import casestudy
from course_kit.data import AGE_BANDS, load

REPO = Path(__file__).resolve().parents[1]
DATASETS = REPO / "datasets"
LAPSED_BEFORE = pd.Timestamp("2025-01-01")  # inactive for more than 12 months on 2025-12-31
ACTIVITY = ["loans_12m", "eloans_12m", "programs_12m", "computer_sessions_12m"]


@pytest.fixture(scope="module")
def t() -> dict[str, pd.DataFrame]:
    return {name: load(name, directory=DATASETS) for name in casestudy.TABLES}


@pytest.fixture(scope="module")
def residents(t) -> int:
    return int(t["community"]["population"].sum())


# --------------------------------------------------------------------------------------
# Determinism
# --------------------------------------------------------------------------------------


def test_regenerating_gives_byte_identical_files(tmp_path):
    paths = casestudy.generate(tmp_path)
    assert [p.name for p in paths] == [f"{name}.csv" for name in casestudy.TABLES]
    for path in paths:
        committed = DATASETS / path.name
        assert path.read_bytes() == committed.read_bytes(), (
            f"{path.name} differs from the committed file: run "
            f"course_kit.casestudy.generate(Path('datasets')) and commit the result"
        )


def test_files_use_unix_line_endings_and_utf8(tmp_path):
    for path in casestudy.generate(tmp_path):
        data = path.read_bytes()
        assert b"\r" not in data
        data.decode("utf-8")
        assert data.endswith(b"\n")


def test_another_seed_gives_other_data(tmp_path):
    casestudy.generate(tmp_path / "a", seed=1)
    casestudy.generate(tmp_path / "b", seed=2)
    assert (tmp_path / "a" / "patrons.csv").read_bytes() != (
        tmp_path / "b" / "patrons.csv"
    ).read_bytes()
    # the town itself is fixed; only the people vary
    assert (tmp_path / "a" / "community.csv").read_bytes() == (
        DATASETS / "community.csv"
    ).read_bytes()


def test_all_files_together_are_small():
    total = sum(p.stat().st_size for p in DATASETS.glob("*.csv"))
    assert total < 3_000_000


# --------------------------------------------------------------------------------------
# Plausibility against IMLS norms
# --------------------------------------------------------------------------------------


def test_town_has_about_25000_residents(t, residents):
    assert 23_000 <= residents <= 27_000
    community = t["community"]
    ages = community[["age_0_12", "age_13_17", "age_18_34", "age_35_64", "age_65_plus"]]
    assert (ages.sum(axis=1) == community["population"]).all()


def test_registered_patrons_are_about_half_the_residents(t, residents):
    assert 0.45 <= len(t["patrons"]) / residents <= 0.65


def test_visits_per_resident_in_latest_full_year(t, residents):
    visits = t["visits"]
    latest = visits["month"].dt.year.max()
    assert set(visits.loc[visits["month"].dt.year == latest, "month"].dt.month) == set(range(1, 13))
    per_resident = visits.loc[visits["month"].dt.year == latest, "visits"].sum() / residents
    assert 3.5 <= per_resident <= 5.5


def test_circulation_per_resident(t, residents):
    patrons = t["patrons"]
    per_resident = (patrons["loans_12m"].sum() + patrons["eloans_12m"].sum()) / residents
    assert 6 <= per_resident <= 9


def test_computer_sessions_per_resident_near_norm(t, residents):
    per_resident = t["patrons"]["computer_sessions_12m"].sum() / residents
    assert 0.6 <= per_resident <= 1.6  # IMLS: 1.1


def test_about_a_quarter_of_patrons_lapsed(t):
    patrons = t["patrons"]
    lapsed = patrons["last_active_on"] < LAPSED_BEFORE
    assert 0.25 <= lapsed.mean() <= 0.30
    # lapsed cards show no use in the last 12 months; active ones show some
    assert (patrons.loc[lapsed, [*ACTIVITY, "holds_12m"]] == 0).all().all()
    assert (patrons.loc[~lapsed, ACTIVITY].sum(axis=1) > 0).all()
    # cards idle for 3 years are purged
    assert patrons["last_active_on"].min() >= pd.Timestamp("2023-01-01")


def test_patron_records_are_consistent(t):
    patrons = t["patrons"]
    assert (patrons["registered_on"] <= patrons["last_active_on"]).all()
    assert patrons.loc[patrons["preferred_contact"] == "email", "has_email"].all()
    assert patrons["holds_12m"].le(patrons["loans_12m"] + patrons["eloans_12m"]).all()
    assert patrons["patron_id"].is_monotonic_increasing
    assert patrons["registered_on"].is_monotonic_increasing  # ids in registration order


def test_activity_is_heavy_tailed(t):
    loans = t["patrons"]["loans_12m"]
    assert loans.mean() > 1.5 * loans.median()
    assert loans.quantile(0.99) > 5 * loans.mean()


# --------------------------------------------------------------------------------------
# Built-in stories
# --------------------------------------------------------------------------------------


def test_story_southgate_is_under_registered(t, residents):
    community = t["community"].set_index("name")
    patrons = t["patrons"]
    town_rate = len(patrons) / residents
    southgate = community.loc["Southgate"]
    rate = (patrons["neighbourhood_id"] == southgate["neighbourhood_id"]).sum() / southgate[
        "population"
    ]
    assert rate <= town_rate - 0.15
    # … and it is the Spanish-speaking, low-income, less-connected neighbourhood
    assert southgate["share_spanish_at_home"] >= 0.40
    assert southgate["income_band"] == "low"
    assert southgate["share_with_broadband"] == community["share_with_broadband"].min()
    assert southgate["nearest_branch_id"] == "RIV"


def test_story_teens_are_under_represented(t, residents):
    teen_share_patrons = (t["patrons"]["age_band"] == "13-17").mean()
    teen_share_residents = t["community"]["age_13_17"].sum() / residents
    assert teen_share_patrons < teen_share_residents
    # markedly so (a 10 % relative gap at least), so the story is visible in a bar chart
    assert teen_share_patrons < 0.9 * teen_share_residents


def test_story_riverside_lost_visits_after_evening_cut(t):
    visits = t["visits"].assign(year=lambda d: d["month"].dt.year)
    by_year = visits.pivot_table(
        index="branch_id", columns="year", values=["visits", "open_hours"], aggfunc="sum"
    )
    change = by_year["visits"][2025] / by_year["visits"][2024] - 1
    assert change["RIV"] <= -0.15
    assert by_year["open_hours"].loc["RIV", 2025] <= 0.85 * by_year["open_hours"].loc["RIV", 2024]
    for other in ("CEN", "EAS", "HIL"):
        assert abs(change[other]) < 0.05
    # every single month of 2025 is below the same month of 2024
    riv = visits[visits["branch_id"] == "RIV"].set_index("month")["visits"]
    assert (riv["2025"].to_numpy() < riv["2024"].to_numpy()).all()
    branch = t["branches"].set_index("branch_id").loc["RIV"]
    assert not branch["has_evening_hours"]
    assert branch["evening_hours_ended_on"] == pd.Timestamp("2025-01-01")


def test_story_summer_peak_and_december_dip(t):
    monthly = t["visits"].groupby("month")["visits"].sum()
    for year in ("2024", "2025"):
        months = monthly[year]
        assert months.index[months.argmin()].month == 12
        summer = months[months.index.month.isin([6, 7])].mean()
        assert summer > 1.1 * months.mean()


def test_story_use_differs_by_age(t):
    active = t["patrons"][t["patrons"]["last_active_on"] >= LAPSED_BEFORE]
    means = active.groupby("age_band", observed=True)[ACTIVITY].mean()
    assert means["programs_12m"].idxmax() == "0-12"  # story times, summer reading
    assert means["computer_sessions_12m"].idxmax() == "13-17"
    assert means["eloans_12m"].idxmax() == "35-64"
    assert means.loc["65+", "loans_12m"] > means.loc[["18-34", "35-64"], "loans_12m"].max()
    assert means.loc["65+", "eloans_12m"] < means.loc["35-64", "eloans_12m"] / 2
    lapsed = (
        (t["patrons"]["last_active_on"] < LAPSED_BEFORE)
        .groupby(t["patrons"]["age_band"], observed=True)
        .mean()
    )
    assert lapsed.idxmax() == "65+"


def test_story_spanish_speakers_use_computers_more_and_ebooks_less(t):
    means = t["patrons"].groupby("preferred_language", observed=True)[ACTIVITY].mean()
    assert (
        means.loc["Spanish", "computer_sessions_12m"]
        > 1.5 * means.loc["English", "computer_sessions_12m"]
    )
    assert means.loc["Spanish", "eloans_12m"] < 0.7 * means.loc["English", "eloans_12m"]


def test_story_kmeans_finds_interpretable_segments(t):
    # the same recipe as the segmentation explorer: log1p, standardise, k-means (SciPy);
    # best of ten k-means++ starts, as scikit-learn's KMeans(n_init=10) would do
    from scipy.cluster.vq import kmeans2

    patrons = t["patrons"]
    values = np.log1p(patrons[ACTIVITY].to_numpy(dtype=float))
    scaled = (values - values.mean(axis=0)) / values.std(axis=0)
    runs = []
    for seed in range(10):
        centres, labels = kmeans2(scaled, 5, minit="++", rng=seed)
        runs.append((float(((scaled - centres[labels]) ** 2).sum()), seed, labels))
    labels = min(runs, key=lambda run: run[:2])[2]
    centres = patrons[ACTIVITY].groupby(labels).mean()
    # each kind of use has its own segment: print bookworms, e-book readers, family
    # program-goers, computer users …
    leaders = {centres[col].idxmax() for col in ACTIVITY}
    assert len(leaders) == 4
    # … each clearly ahead of the runner-up on its own kind of use
    for col in ACTIVITY:
        top, second = centres[col].nlargest(2)
        assert top > 1.5 * second, col
    # … plus the occasional/lapsed majority that uses little of anything
    quiet = centres.sum(axis=1).idxmin()
    assert quiet not in leaders
    assert centres.loc[quiet].sum() < 5
    assert (labels == quiet).mean() > 0.3


def test_story_non_users_cite_awareness_hours_and_time(t):
    survey = t["needs_survey"]
    barriers = [c for c in survey.columns if c.startswith("barrier_")]
    non_users = survey.loc[~survey["uses_library"], barriers].mean()
    assert set(non_users.nlargest(3).index) == {
        "barrier_awareness",
        "barrier_hours",
        "barrier_no_time",
    }
    users = survey.loc[survey["uses_library"], barriers].mean()
    assert non_users["barrier_awareness"] > 2 * users["barrier_awareness"]


def test_story_southgate_respondents_cite_language(t):
    survey = t["needs_survey"]
    southgate = t["community"].set_index("name").loc["Southgate", "neighbourhood_id"]
    in_sg = survey["neighbourhood_id"] == southgate
    assert (
        survey.loc[in_sg, "barrier_language"].mean()
        > 2.5 * survey.loc[~in_sg, "barrier_language"].mean()
    )
    assert (survey.loc[in_sg, "response_language"] == "Spanish").mean() > 0.2


def test_story_teens_cite_opening_hours(t):
    hours = t["needs_survey"].groupby("age_band", observed=True)["barrier_hours"].mean()
    assert hours.idxmax() == "13-17"
    assert hours["13-17"] > 1.5 * hours.drop("13-17").max()


def test_story_riverside_area_users_are_less_satisfied(t):
    survey = t["needs_survey"]
    community = t["community"]
    riverside_area = set(community.loc[community["nearest_branch_id"] == "RIV", "neighbourhood_id"])
    users = survey[survey["uses_library"]]
    near = users["neighbourhood_id"].isin(riverside_area)
    assert users.loc[~near, "satisfaction"].mean() - users.loc[near, "satisfaction"].mean() >= 0.25
    assert users.loc[near, "barrier_hours"].mean() > users.loc[~near, "barrier_hours"].mean()


def test_survey_records_are_consistent(t):
    survey = t["needs_survey"]
    assert len(survey) == 800
    non_users = ~survey["uses_library"]
    assert (survey.loc[non_users, "visit_frequency"] == "never").all()
    assert (survey.loc[~non_users, "visit_frequency"] != "never").all()
    assert survey.loc[non_users, "satisfaction"].isna().all()
    assert survey.loc[~non_users, "satisfaction"].notna().all()
    assert survey.loc[non_users, "main_reason"].isna().all()
    assert survey.loc[~non_users, "main_reason"].notna().all()
    assert (survey.loc[non_users, "collection_channel"] != "paper at library").all()
    assert not (survey["age_band"] == AGE_BANDS[0]).any()  # respondents are 13+
    assert 0.3 < non_users.mean() < 0.6  # non-users were reached on purpose
    comments = survey["comment"]
    assert 0.3 < comments.isna().mean() < 0.7
    assert (
        comments[survey["response_language"] == "Spanish"]
        .dropna()
        .str.contains("[áéíóúñ]|para|los|más", regex=True)
        .any()
    )
    assert survey["collected_on"].is_monotonic_increasing
