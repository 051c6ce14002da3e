"""Module 6: the recommender, learning plans, program plans, tailoring and their views.

The co-borrowing counts are recomputed here with plain Python sets straight from the loans
table, independently of the sparse matrix the recommender uses.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from course_kit import data
from course_kit.modules.module06 import learning_plan as lp
from course_kit.modules.module06 import programs as prog
from course_kit.modules.module06 import recommender as rec
from course_kit.modules.module06 import tailoring
from course_kit.modules.module06.selfcheck import maker_club_fall, quiz, teen_text_share
from course_kit.modules.module06.views import LearningPlanBuilder, ProgramPlanner, RecommenderView
from course_kit.saved_work import saved_work_markdown
from course_kit.storage import WorkStore

HOSTILE = '<script>alert(1)</script> [click](http://evil.example) **bold** & `code`'


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return {"loans": data.load_loans(), "catalogue": data.load_catalogue(),
            "programs": data.load_programs(), "outcomes": data.load_program_outcomes(),
            "patrons": data.load_patrons(), "survey": data.load_needs_survey()}


@pytest.fixture(scope="module")
def advisor(tables: dict[str, pd.DataFrame]) -> rec.Recommender:
    return rec.Recommender(tables["loans"], tables["catalogue"])


@pytest.fixture(scope="module")
def borrowers_of(tables: dict[str, pd.DataFrame]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for patron, item in zip(tables["loans"]["patron_id"], tables["loans"]["item_id"],
                            strict=True):
        out[item].add(patron)
    return out


def by_hand(item: str, borrowers_of: dict[str, set[str]],
            keep: set[str] | None = None) -> dict[str, int]:
    """For each other item, the number of people who borrowed both (plain sets)."""
    mine = borrowers_of[item] if keep is None else borrowers_of[item] & keep
    return {other: len(mine & people) for other, people in borrowers_of.items()
            if other != item and mine & people}


# -- co-borrowing ----------------------------------------------------------------------

@pytest.mark.parametrize("item", ["I01772", "I00601", "I01852", "I01096", "I00222"])
def test_co_borrowed_counts_match_plain_sets(advisor: rec.Recommender, borrowers_of, item) -> None:
    counts = advisor.co_borrowed_counts(item)
    assert counts.to_dict() == by_hand(item, borrowers_of)


@pytest.mark.parametrize("support", [2, 5, 10])
def test_minimum_support_is_respected(advisor: rec.Recommender, borrowers_of, support) -> None:
    expected = by_hand("I00601", borrowers_of)
    shown, held = advisor.co_borrowed("I00601", min_support=support, n=50)
    assert shown and all(expected[s.item_id] >= support for s in shown)
    assert held == sum(1 for c in expected.values() if c < support)
    # the best-shared title comes first, with its count in the reason
    best = max(expected.values())
    assert shown[0].reason.startswith(f"{best} borrowers")


def test_rarely_borrowed_title_gets_no_co_borrowed_list(advisor: rec.Recommender,
                                                        borrowers_of) -> None:
    assert len(borrowers_of["I00222"]) == 5
    shown, held = advisor.co_borrowed("I00222", min_support=5)
    assert shown == [] and held > 0
    shown2, _ = advisor.co_borrowed("I00222", min_support=2)
    assert shown2, "with a lower minimum, something would be shown (and could identify)"


def test_opt_in_uses_only_opted_in_histories(advisor: rec.Recommender, borrowers_of) -> None:
    opted = {p for p, yes in zip(advisor.patrons, advisor.opt_in, strict=True) if yes}
    assert 0.25 < len(opted) / len(advisor.patrons) < 0.42  # about one in three
    counts = advisor.co_borrowed_counts("I01772", opt_in_only=True)
    assert counts.to_dict() == by_hand("I01772", borrowers_of, keep=opted)
    # the same people every time (a stable, reproducible example)
    again = rec.Recommender(data.load_loans(), data.load_catalogue())
    assert (again.opt_in == advisor.opt_in).all()


def test_same_title_in_another_format_counts_once(advisor: rec.Recommender) -> None:
    for item in ("I01772", "I00601", "I00222"):
        for found in (advisor.co_borrowed(item, min_support=2, n=10)[0], advisor.similar(item)):
            titles = [s.title for s in found]
            assert len(titles) == len(set(titles))
            assert advisor.catalogue.loc[item, "title"] not in titles


def test_bad_requests_are_refused_in_words(advisor: rec.Recommender) -> None:
    with pytest.raises(rec.RecommenderError, match="between 2 and 50"):
        advisor.co_borrowed("I00601", min_support=1)
    with pytest.raises(rec.RecommenderError, match="no item"):
        advisor.similar("X99999")


# -- similar and staff picks -----------------------------------------------------------

@pytest.mark.parametrize("series", ["The Harbour Lane Mysteries", "Otto the Otter",
                                    "The Wrenfold Chronicles"])
def test_similar_puts_the_next_volume_first(advisor: rec.Recommender, series: str) -> None:
    cat = advisor.catalogue
    for first in cat.index[(cat["series"] == series) & (cat["series_number"] == 1)]:
        top = advisor.similar(first)[0]
        assert cat.loc[top.item_id, "series"] == series
        assert cat.loc[top.item_id, "series_number"] == 2
        assert "next in the series" in top.reason


def test_similar_ranks_by_catalogue_match(advisor: rec.Recommender) -> None:
    me = advisor.catalogue.loc["I01852"]
    found = advisor.similar("I01852", n=5)
    assert len(found) == 5
    for s in found:
        assert s.genre == me["genre"] and s.audience == me["audience"]


def test_every_staff_pick_exists_with_its_genre(tables: dict[str, pd.DataFrame]) -> None:
    picks = rec.load_staff_picks()
    cat = tables["catalogue"].set_index("item_id")
    assert picks.index.is_unique
    assert set(picks.index) == set(cat["genre"])  # one pick for every genre
    for genre, pick in picks.iterrows():
        assert cat.loc[pick["item_id"], "genre"] == genre
        assert pick["why"].strip() and pick["picked_by"].strip()


def test_staff_pick_is_never_the_same_item(advisor: rec.Recommender) -> None:
    picked = advisor.staff_picks.loc["mystery", "item_id"]
    assert advisor.staff_pick(picked) is None
    pick = advisor.staff_pick("I01852")
    assert pick is not None and pick.item_id == picked and "Adult services" in pick.reason


def test_compare_and_privacy_tables(advisor: rec.Recommender) -> None:
    table = advisor.compare("I00222")
    assert table.iloc[0]["title"] == "(nothing shown)"
    assert set(table["approach"]) == set(rec.APPROACHES.values())
    effect = advisor.privacy_effect("I01772")
    everyone, opted = effect.loc["every borrower"], effect.loc["opted-in borrowers only"]
    assert everyone["borrowers of this title"] == 38 > opted["borrowers of this title"]
    assert opted["items shown"] < everyone["items shown"]


def test_find_item(advisor: rec.Recommender) -> None:
    assert rec.find_item(advisor, " i01772 ") == "I01772"
    assert rec.find_item(advisor, "lantern case") in {"I01772", "I01906"}
    assert advisor.catalogue.loc[rec.find_item(advisor, "Harbour Lane"), "series"] == \
        "The Harbour Lane Mysteries"
    for bad, words in (("", "Type an item number"), ("x" * 101, "longer than any title"),
                       ("zzqx", "No title")):
        with pytest.raises(rec.RecommenderError, match=words):
            rec.find_item(advisor, bad)


# -- the persona -----------------------------------------------------------------------

def test_default_persona_when_none_saved(work_dir: Path) -> None:
    persona = rec.load_persona()
    assert persona.is_default and persona.name == "Rosa" and "no persona" in persona.note
    assert persona.preferred_format == "ebook" and persona.audience == "adult"


def test_module01_persona_is_used(work_dir: Path) -> None:
    WorkStore("module01-persona").save({"complete": False, "persona": {
        "name": "Tomás", "age_band": "13-17", "based_on": "Segment 2, 'Print borrowers'",
        "channels": ["text message"], "goals": "", "needs": ""}})
    persona = rec.load_persona()
    assert not persona.is_default and persona.name == "Tomás"
    assert persona.audience == "teen" and persona.preferred_format == "print"
    assert persona.channels == ("text message",)
    assert "Tomás" in persona._repr_html_()


def test_damaged_persona_file_falls_back_with_a_note(work_dir: Path) -> None:
    (work_dir / "module01-persona.json").write_text("{not json")
    persona = rec.load_persona()
    assert persona.is_default and "set aside" in persona.note


# -- the recommendation model and view ---------------------------------------------------

def test_model_follows_its_settings(advisor: rec.Recommender, work_dir: Path) -> None:
    model = rec.RecommendationModel(advisor, rec.load_persona())
    start = model.starting_items()
    assert model.item_id == start[0]
    assert all(advisor.catalogue.loc[i, "audience"] == "adult" for i in start)
    assert all(advisor.catalogue.loc[i, "format"] == "ebook" for i in start)
    model.item_id = "I01772"
    assert model.co_borrowed[0].title == "The Ferry Case"
    shown = len(model.co_borrowed)
    model.opt_in_only = True
    assert len(model.co_borrowed) < shown
    model.item_id = "NOPE"
    assert "no item" in model.error and model.co_borrowed  # the old lists stay
    with pytest.raises(Exception, match="2 to 50"):
        model.min_support = 0


def test_model_save_data_round_trip(advisor: rec.Recommender) -> None:
    model = rec.RecommendationModel(advisor, rec.load_persona())
    assert model.problems() == ["Choose which suggestion you would offer.",
                                "Write a sentence on why you would offer it."]
    model.item_id, model.choice, model.reason = "I01772", "similar", "Next in the series."
    saved = model.to_dict()
    again = rec.RecommendationModel(advisor, rec.load_persona())
    assert again.update({**saved, "min_support": "lots", "choice": "magic"}) == [
        "min_support", "choice"]
    assert again.item_id == "I01772" and again.reason == "Next in the series."
    assert again.update({"item_id": "NOT-THERE"}) == ["item_id"]


def test_exports_escape_what_was_typed() -> None:
    saved = {"recommendation": {"persona": HOSTILE, "item": "x", "co_borrowed": [HOSTILE],
                                "similar": [], "staff_pick": "", "choice": "staff pick",
                                "reason": HOSTILE, "min_support": 5}, "complete": True}
    markdown = rec.recommendation_markdown(saved)
    page = rec.recommendation_html(saved)
    assert "<script>" not in markdown and "](http" not in markdown
    assert "<script>" not in page and "<a " not in page
    assert "&lt;script&gt;" in page and "(A draft.)" not in markdown
    assert "(A draft.)" in rec.recommendation_markdown({**saved, "complete": False})


def test_recommender_view_as_a_participant(advisor: rec.Recommender, work_dir: Path) -> None:
    view = RecommenderView(recommender=advisor)
    assert "no persona from Module 1" in view.messages.text
    view.search.value = "Lantern Case"
    assert view.item.value in {"I01772", "I01906"} and "Ferry Case" in view.lists.value
    view.support.value = 10
    assert "fewer than 10 people" in view.lists.value
    view.reason.value = "She reads series in order."
    view.save_button.click()
    assert view.messages.kind == "warning" and "draft is kept" in view.messages.text
    assert view.reason.value == "She reads series in order."
    view.search.value = "zzqx no such"
    assert view.messages.kind == "warning" and "No title" in view.messages.text
    view.choice.value = "co-borrowed"
    view.save_button.click()
    assert view.messages.kind == "success"
    view.export_button.click()
    assert 'download="recommendation.html"' in view.downloads.value
    assert (work_dir / "recommendation.md").exists()

    again = RecommenderView(recommender=advisor)  # as after a kernel restart
    assert again.item.value == view.item.value and again.support.value == 10
    assert again.choice.value == "co-borrowed" and again.reason.value.startswith("She reads")
    assert "saved choice is back" in again.messages.text
    assert "Lantern Case" in saved_work_markdown("module06-recommendation")


def test_recommender_view_survives_a_damaged_file(advisor: rec.Recommender,
                                                  work_dir: Path) -> None:
    (work_dir / "module06-recommendation.json").write_text("[1, 2")
    view = RecommenderView(recommender=advisor)
    assert view.messages.kind == "warning" and "set aside" in view.messages.text
    (work_dir / "module06-recommendation.json").write_text(json.dumps(
        {"recommendation": {"item_id": "I01772", "choice": 7, "min_support": 999}}))
    view = RecommenderView(recommender=advisor)
    assert view.item.value == "I01772" and view.support.value == 5
    assert "could not be read" in view.messages.text
    (work_dir / "module06-recommendation.json").write_text(json.dumps(
        {"recommendation": {"item_id": "I01772", "min_support": 7}}))
    view = RecommenderView(recommender=advisor)  # 7 is valid, but not one of the choices
    assert view.support.value == view.model.min_support == 5


# -- learning plans -------------------------------------------------------------------

def test_goal_templates_name_real_resources(tables: dict[str, pd.DataFrame]) -> None:
    titles = set(tables["programs"]["title"])
    items = set(tables["catalogue"]["item_id"])
    goals = lp.load_goals()
    assert len(goals) >= 3
    for goal in goals:
        assert 1 <= len(goal["steps"]) <= lp.MAX_STEPS
        days = [s["days"] for s in goal["steps"]]
        assert days == sorted(days) and goal["check_in_days"] >= days[-1]
        for step in goal["steps"]:
            assert step.get("program") in titles or step.get("item_id") in items, step


def test_plan_from_a_template(tables: dict[str, pd.DataFrame]) -> None:
    plan = lp.LearningPlan(learner="Rosa")
    plan.from_template(lp.load_goals()[0], date(2026, 3, 2), tables["catalogue"],
                       tables["programs"])
    assert plan.goal == "Apply for jobs online" and plan.problems() == []
    assert plan.steps[0]["due"] == "2026-03-09" and plan.check_in == "2026-04-13"
    assert plan.steps[0]["resource"] == \
        "Program: Tech Help Drop-in (Central Library, Thursdays at 14:00)"
    assert "The Honest Resume" in plan.steps[1]["resource"]


@pytest.mark.parametrize(("change", "words"), [
    ({"goal": " "}, "Write the goal"),
    ({"steps": []}, "at least one step"),
    ({"steps": [{"what": "a", "due": "next week"}]}, "'next week' is not a date"),
    ({"steps": [{"what": "", "resource": "x", "due": "2026-01-02"}]}, "no 'what to do'"),
    ({"steps": [{"what": "a", "due": "2026-02-01"}, {"what": "b", "due": "2026-01-01"}]},
     "not in order"),
    ({"check_in": "2026-01-01"}, "check-in comes before"),
    ({"check_in": ""}, "date to check in"),
    ({"learner": "x" * 61}, "longer than 60"),
])
def test_plan_problems_in_plain_words(change: dict, words: str) -> None:
    plan = lp.LearningPlan(goal="Learn to use an e-reader", check_in="2026-03-01",
                           steps=[{"what": "Install the app", "due": "2026-02-01"}])
    assert plan.problems() == []
    plan.update(change)
    assert any(words in p for p in plan.problems()), plan.problems()
    with pytest.raises(lp.PlanError):
        plan.save(WorkStore("x"))


def test_plan_refuses_too_many_steps_and_bad_records() -> None:
    plan = lp.LearningPlan()
    assert plan.update({"steps": [{"what": "a"}] * 7}) == ["steps"]
    assert plan.update({"steps": ["not a record"]}) == ["steps"]
    assert plan.update({"steps": [{"what": 3, "due": None}]}) == []
    assert plan.steps == [{"what": "3", "resource": "", "due": ""}]


def test_plan_markdown_escapes_and_reads_the_file() -> None:
    saved = {"plan": {"goal": HOSTILE, "learner": "R", "check_in": "2026-01-01",
                      "steps": [{"what": HOSTILE, "resource": "|pipe|", "due": "x"}]},
             "complete": False}
    text = lp.plan_markdown(saved)
    assert "<script>" not in text and "](http" not in text and "\\|pipe\\|" in text
    assert "(A draft.)" in text
    assert "<script>" not in lp.plan_html(saved)


def test_learning_plan_builder_as_a_participant(tables: dict[str, pd.DataFrame],
                                                work_dir: Path) -> None:
    builder = LearningPlanBuilder(tables["catalogue"], tables["programs"], learner="Rosa",
                                  today=date(2026, 3, 2))
    assert builder.learner.value == "Rosa"
    builder.template.value = "Learn to use an e-reader"
    builder.use_template.click()
    assert builder.goal.value == "Learn to use an e-reader"
    assert builder.rows[0][2].value == "2026-03-09" and builder.rows[3][0].value == ""
    assert "Tablets: a Guide" in builder.rows[1][1].value
    builder.rows[1][2].value = "the 5th"
    builder.save_button.click()
    assert builder.messages.kind == "warning" and "'the 5th' is not a date" in builder.messages.text
    assert builder.rows[1][2].value == "the 5th"  # what was typed stays
    builder.rows[1][2].value = "2026-03-16"
    builder.check_in_how.value = "a phone call"
    builder.save_button.click()
    assert builder.messages.kind == "success"
    builder.export_button.click()
    assert (work_dir / "learning-plan-learn-to-use-an-e-reader.html").exists()
    assert "Download learning-plan-learn-to-use-an-e-reader.md" in builder.downloads.value

    again = LearningPlanBuilder(tables["catalogue"], tables["programs"])
    assert again.goal.value == "Learn to use an e-reader" and again.learner.value == "Rosa"
    assert again.check_in_how.value == "a phone call"
    assert "saved plan is back" in again.messages.text
    assert "# Learning plan: Learn to use an e" in saved_work_markdown("module06-learning-plan")


# -- programs -------------------------------------------------------------------------

def test_program_summary_recomputed(tables: dict[str, pd.DataFrame]) -> None:
    summary = prog.program_summary(tables["programs"], tables["outcomes"])
    pr = tables["programs"]
    counts = pr["title"].value_counts()
    assert set(summary.index) == set(counts[counts >= 10].index)
    story = pr[pr["title"] == "Story Time"]
    assert summary.loc["Story Time", "sessions"] == len(story)
    assert summary.loc["Story Time", "mean_attendance"] == round(story["attendance"].mean(), 1)
    surveyed = tables["outcomes"][tables["outcomes"]["program_id"].isin(story["program_id"])]
    assert summary.loc["Story Time", "surveys"] == len(surveyed)
    assert summary.loc["Story Time", "confidence"] == round(surveyed["confidence"].mean(), 2)


def test_moved_programs(tables: dict[str, pd.DataFrame]) -> None:
    moved = prog.moved_programs(tables["programs"])
    assert list(moved.index) == ["English Conversation Group", "Maker Club"]
    maker = moved.loc["Maker Club"]
    assert (maker["2024 slot"], maker["2025 slot"]) == ("Tuesday 16:00", "Saturday 13:00")
    pr = tables["programs"]
    before = pr.loc[pr["title"] == "After-School Maker Club", "attendance"].mean()
    after = pr.loc[pr["title"] == "Maker Club", "attendance"].mean()
    assert maker["change (%)"] == round(100 * (round(after, 1) / round(before, 1) - 1))


def test_outcome_gaps_and_plot(tables: dict[str, pd.DataFrame]) -> None:
    gaps = prog.outcome_gaps(tables["programs"], tables["outcomes"])
    assert list(gaps["gap"]) == sorted(gaps["gap"], reverse=True)
    assert gaps["surveys"].sum() == len(tables["outcomes"])
    figure = prog.plot_outcome_gaps(gaps)
    assert "Digital Learning" in figure.description and "235 surveys" in figure.description
    assert 'alt="Dot plot' in figure.to_html()


def test_evidence_for_falls_back_to_the_audience(tables: dict[str, pd.DataFrame]) -> None:
    teens = prog.evidence_for(tables["programs"], tables["outcomes"], "teens", "Health")
    assert set(teens["audience"]) == {"teens"} and len(teens) == 3
    seniors = prog.evidence_for(tables["programs"], tables["outcomes"], "seniors", "Health")
    assert set(seniors["service_area"]) == {"Health"}


def test_program_plan_checks_its_choices() -> None:
    plan = prog.ProgramPlan()
    for field, bad in (("channel", "pigeon"), ("outcome", "joy"), ("audience", ""),
                       ("day", "Funday"), ("service_area", "Magic")):
        with pytest.raises(Exception, match="not one of the choices"):
            setattr(plan, field, bad)
    assert len(plan.problems()) == 7
    assert plan.update({"channel": "pigeon", "title": "Teen Tech Lab"}) == ["channel"]


def test_program_markdown_escapes_and_quotes_the_statement() -> None:
    saved = {"program": {"title": HOSTILE, "need": HOSTILE, "outcome": "confidence"},
             "complete": True}
    text = prog.program_markdown(saved)
    assert "<script>" not in text and "](http" not in text
    assert "I feel more confident about what I just learned" in text
    assert "Project Outcome" in text


def test_program_planner_as_a_participant(tables: dict[str, pd.DataFrame],
                                          work_dir: Path) -> None:
    planner = ProgramPlanner(tables["programs"], tables["outcomes"])
    assert "Job Search Lab" in planner.evidence.value  # adults by default
    planner.start_group.value = "Teens"
    planner.use_group.click()
    c = planner.controls
    assert c["audience"].value == "teens" and "Maker Club" in planner.evidence.value
    c["need"].value = "Somewhere to go after school"
    c["title"].value = "Teen Tech Lab"
    planner.save_button.click()
    assert planner.messages.kind == "warning" and "Choose a format" in planner.messages.text
    assert c["title"].value == "Teen Tech Lab"
    for key, value in (("format", "club"), ("day", "Tuesday"), ("time", "after school (3-6)"),
                       ("channel", "text message"), ("outcome", "confidence")):
        c[key].value = value
    assert "confidence" in planner.evidence.value  # the chosen outcome's column is shown
    planner.save_button.click()
    assert planner.messages.kind == "success"
    planner.export_button.click()
    assert (work_dir / "program-teen-tech-lab.md").exists()

    again = ProgramPlanner(tables["programs"], tables["outcomes"])
    assert again.controls["time"].value == "after school (3-6)"
    assert "saved program is back" in again.messages.text
    assert "Teen Tech Lab" in saved_work_markdown("module06-program")


# -- tailoring ------------------------------------------------------------------------

def test_group_profiles_counts(tables: dict[str, pd.DataFrame]) -> None:
    groups = tailoring.group_profiles(tables["patrons"], tables["survey"])
    patrons, survey = tables["patrons"], tables["survey"]
    assert list(groups.index) == ["Children", "Teens", "Seniors", "Job seekers", "Newcomers"]
    assert groups.loc["Teens", "people"] == (patrons["age_band"] == "13-17").sum()
    assert groups.loc["Job seekers", "people"] == \
        (survey["main_reason"] == "job or business help").sum()
    assert groups.loc["Newcomers", "people"] == (patrons["registered_on"].dt.year == 2025).sum()
    assert groups.loc["Children", "top need (survey)"] == "not asked"


def test_segment_services_cover_every_patron(tables: dict[str, pd.DataFrame]) -> None:
    table = tailoring.segment_services(tables["patrons"])
    assert table["patrons"].sum() == len(tables["patrons"]) and len(table) == 5
    services = set(tailoring.load_tailoring()["segments"].values())
    assert set(table["service"]) <= services


def test_contact_preferences_add_up(tables: dict[str, pd.DataFrame]) -> None:
    table = tailoring.contact_preferences(tables["patrons"])
    assert table["cardholders"].sum() == len(tables["patrons"])
    shares = table.drop(columns="cardholders").sum(axis=1)
    assert ((shares - 100).abs() < 0.3).all()


# -- self-checks ----------------------------------------------------------------------

RIGHT = {"q1": "b", "q2": 65.5, "q3": "b", "q4": False, "q5": "c", "q6": "b", "q7": 48,
         "q8": "c"}
WRONG = {"q1": "c", "q2": 30.5, "q3": "a", "q4": True, "q5": "b", "q6": "a", "q7": 25,
         "q8": "a"}


@pytest.mark.parametrize("key", sorted(RIGHT))
def test_self_checks_accept_right_and_refuse_wrong(key: str) -> None:
    question = getattr(quiz, key)
    assert question.is_correct(RIGHT[key])
    assert not question.is_correct(WRONG[key])
    assert question.solution_plain() and question.next_hint()


def test_number_answers_follow_the_data() -> None:
    assert teen_text_share() == pytest.approx(65.5, abs=0.05)
    assert maker_club_fall() == pytest.approx(48, abs=0.5)


def test_persona_of_the_wrong_shape_or_hostile(advisor: rec.Recommender, work_dir: Path) -> None:
    WorkStore("module01-persona").save({"persona": {
        "name": "<img src=x onerror=alert(1)>", "age_band": 7, "channels": "email"}})
    persona = rec.load_persona()
    assert persona.channels == () and persona.audience == "adult"
    assert "<img" not in persona._repr_html_()
    view = RecommenderView(recommender=advisor)
    assert "<img" not in view.children[0].value and "&lt;img" in view.children[0].value


def test_goal_resources_table(tables: dict[str, pd.DataFrame]) -> None:
    table = lp.goal_resources(tables["catalogue"], tables["programs"], tables["loans"])
    steps = sum(len(g["steps"]) for g in lp.load_goals())
    assert len(table) == steps and (table["use in 2025"] != "").all()
    title = tables["catalogue"].set_index("item_id").loc["I00180", "title"]
    assert not table["resource"].str.contains(r"I\d{5}").any()  # titles, not internal ids
    item = table[table["resource"].str.contains(title, regex=False)]["use in 2025"].iloc[0]
    loans = tables["loans"]
    assert item == f"{loans.loc[loans['item_id'] == 'I00180', 'patron_id'].nunique()} " \
        "borrowers in the loans sample"
    summer = lp.resource_label({"program": "Summer Reading Adventure"}, tables["catalogue"],
                               tables["programs"])
    assert summer == "Program: Summer Reading Adventure (4 branches, several days at 14:00)"


def test_plan_and_program_views_survive_malformed_files(tables: dict[str, pd.DataFrame],
                                                        work_dir: Path) -> None:
    (work_dir / "module06-learning-plan.json").write_text(json.dumps(
        {"plan": {"goal": 5, "steps": "oops", "check_in": "2026-01-01"}}))
    builder = LearningPlanBuilder(tables["catalogue"], tables["programs"])
    assert builder.check_in.value == "2026-01-01" and builder.goal.value == ""
    assert "could not be read" in builder.messages.text and "goal" in builder.messages.text
    (work_dir / "module06-program.json").write_text(json.dumps(
        {"program": {"title": "Tea & Tech", "channel": "carrier pigeon", "day": None}}))
    planner = ProgramPlanner(tables["programs"], tables["outcomes"])
    assert planner.controls["title"].value == "Tea & Tech"
    assert planner.controls["channel"].value == ""
    assert "channel" in planner.messages.text
    (work_dir / "module06-program.json").write_bytes(b"\xff\xfe not text")
    planner = ProgramPlanner(tables["programs"], tables["outcomes"])
    assert planner.messages.kind == "warning" and "set aside" in planner.messages.text


def test_contact_preferences_plot(tables: dict[str, pd.DataFrame]) -> None:
    table = tailoring.contact_preferences(tables["patrons"])
    figure = tailoring.plot_contact_preferences(table)
    assert "text messages lead among 13-17 (65.5% of 550)" in figure.description
    assert "email for 65+" in figure.description
    assert f'alt="{figure.description[:40]}' in figure.to_html()
    labels = [t.get_text() for t in figure.figure.axes[0].get_yticklabels()]
    assert labels[1] == "13-17 (n=550)"
