"""Module 5: scenario files, the role-play model and player, role-play cards, incident analysis."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from course_kit.data import load_incidents
from course_kit.modules.module05 import incidents as inc
from course_kit.modules.module05.player import RolePlayPlayer
from course_kit.modules.module05.roleplay import (
    MAX_REFLECTION_CHARS,
    RolePlay,
    playthroughs_html,
    playthroughs_markdown,
)
from course_kit.modules.module05.scenarios import (
    MODELS,
    SCENARIO_DIR,
    TOPICS,
    ScenarioError,
    cards_html,
    cards_page,
    iter_responses,
    load_scenario,
    load_scenarios,
    parse_scenario,
    role_play_cards,
)
from course_kit.storage import WorkStore
from course_kit.widgets.base import UserInputError

GOOD = '''
id = "tiny"
title = "A tiny scenario"
model = "CARP"
topics = [2]
place = "desk"
setting = "The desk"
situation = "Someone is upset."
[roles]
staff = "You."
patron = "Them."
[steps.start]
patron = "Hello!"
[[steps.start.responses]]
text = "Calm words"
next = "middle"
consequence = "It helps."
why = "Because."
rating = "best"
model_step = "Control"
[[steps.start.responses]]
text = "Harsh words"
next = "end_bad"
consequence = "It does not help."
why = "Because."
rating = "risky"
model_step = "none"
[steps.middle]
patron = "Okay."
[[steps.middle.responses]]
text = "Solve it"
next = "end_good"
consequence = "Solved."
why = "Because."
rating = "best"
model_step = "Problem-solve"
[[steps.middle.responses]]
text = "Give up"
next = "end_bad"
consequence = "Not solved."
why = "Because."
rating = "fair"
model_step = "none"
[endings.end_good]
title = "Good"
outcome = "resolved on the spot"
text = "All good."
[endings.end_bad]
title = "Bad"
outcome = "user left"
text = "They left."
'''


@pytest.fixture(scope="module")
def scenarios():
    return load_scenarios()


@pytest.fixture(scope="module")
def incidents() -> pd.DataFrame:
    return load_incidents()


@pytest.fixture()
def store(tmp_path: Path) -> WorkStore:
    return WorkStore("module05-roleplay", directory=tmp_path)


# -- the course's scenario files ---------------------------------------------------------------
def test_at_least_six_scenarios_cover_the_seven_topics(scenarios) -> None:
    assert len(scenarios) >= 6
    covered = {t for s in scenarios.values() for t in s.topics}
    assert covered == set(TOPICS)
    places = {s.place for s in scenarios.values()}
    assert {"children's area", "computers"} <= places


def test_the_required_cases_are_there(scenarios) -> None:
    # A safety case where the right first move is to get help (topic 7), not to confront.
    safety = scenarios["harassment-safety"]
    first = safety.steps[safety.start]
    best = [r for r in first.responses if r.rating == "best"]
    assert best and all("supervisor" in r.text.lower() for r in best)
    confront = [r for r in first.responses if "alone" in r.text.lower()]
    assert confront and all(r.rating == "risky" for r in confront)
    assert "dispute" in scenarios["computer-time"].situation.lower() or \
        scenarios["computer-time"].place == "computers"


def test_every_scenario_names_a_model_and_uses_its_steps(scenarios) -> None:
    for scenario in scenarios.values():
        assert scenario.model in MODELS
        used = {r.model_step for _, _, r in iter_responses(scenario)} - {"none"}
        assert used <= set(MODELS[scenario.model])
        assert len(used) >= 2, scenario.id
        for step in scenario.steps.values():
            assert 2 <= len(step.responses) <= 4


def test_path_counts(scenarios) -> None:
    counts = {s.id: len(s.paths()) for s in scenarios.values()}
    # Reported in the module's note; recomputed here so a change to a file shows up.
    assert sum(counts.values()) == 54
    for scenario in scenarios.values():
        for path in scenario.paths():
            last_step, index = path[-1]
            assert scenario.steps[last_step].responses[index].next in scenario.endings
        assert scenario.best_path() in scenario.paths()


def test_best_paths_end_well(scenarios) -> None:
    for scenario in scenarios.values():
        step, index = scenario.best_path()[-1]
        ending = scenario.endings[scenario.steps[step].responses[index].next]
        assert ending.outcome == "resolved on the spot", scenario.id


def test_every_ending_is_reached_by_some_path(scenarios) -> None:
    for scenario in scenarios.values():
        reached = {scenario.steps[p[-1][0]].responses[p[-1][1]].next for p in scenario.paths()}
        assert reached == set(scenario.endings)


# -- trainer mistakes get an error naming file and step ----------------------------------------
@pytest.mark.parametrize(("change", "message", "step"), [
    (('next = "middle"', 'next = "nowhere"'), "no step or ending with that name", "start"),
    (('[steps.middle]\npatron = "Okay."', '[steps.middle]\npatron = ""'), "'patron' is missing",
     "middle"),
    (('next = "end_good"', 'next = "start"'), "makes a loop", "middle"),
    (('rating = "fair"', 'rating = "great"'), "rating 'great'", "middle"),
    (('model_step = "Problem-solve"', 'model_step = "Partner"'), "model_step 'Partner'",
     "middle"),
    (('outcome = "user left"', 'outcome = "sort of"'), "outcome 'sort of'", "end_bad"),
    (('rating = "best"\nmodel_step = "Problem-solve"', 'rating = "fair"\nmodel_step = '
      '"Problem-solve"'), "no response is rated 'best'", "middle"),
])
def test_mistakes_name_the_file_and_step(change, message, step) -> None:
    text = GOOD.replace(*change)
    assert text != GOOD
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text, "my-scenario.toml")
    assert str(err.value).startswith(f"my-scenario.toml, step '{step}'")
    assert message in str(err.value)
    assert err.value.step == step


def test_unreachable_step_and_ending_are_named() -> None:
    orphan = GOOD + '[steps.lonely]\npatron = "Hi"\n' + "".join(
        f'[[steps.lonely.responses]]\ntext = "t"\nnext = "end_good"\nconsequence = "c"\n'
        f'why = "w"\nrating = "{r}"\nmodel_step = "none"\n' for r in ("best", "fair"))
    with pytest.raises(ScenarioError, match=r"step 'lonely'.*never be reached"):
        parse_scenario(orphan, "f.toml")
    text = GOOD + '[endings.end_never]\ntitle = "x"\noutcome = "banned"\ntext = "y"\n'
    with pytest.raises(ScenarioError, match=r"f.toml, step 'end_never'.*never be reached"):
        parse_scenario(text, "f.toml")


def test_missing_start_step_and_too_few_responses() -> None:
    with pytest.raises(ScenarioError, match="start step 'begin' does not exist"):
        parse_scenario('start = "begin"\n' + GOOD, "f.toml")
    one = GOOD.split("[[steps.start.responses]]\ntext = \"Harsh")[0] + GOOD.split(
        'model_step = "none"\n', 1)[1]
    with pytest.raises(ScenarioError, match=r"step 'start'.*two to four.*it has 1"):
        parse_scenario(one, "f.toml")


@pytest.mark.parametrize("text", [
    "id = \"x\"\n[steps\n",                      # not TOML
    "[[[[",
    "\x00\x01binary",
    GOOD.replace('model = "CARP"', 'model = "SHOUT"'),
    GOOD.replace("topics = [2]", "topics = [9]"),
    GOOD.replace("topics = [2]", 'topics = "all"'),
    GOOD.replace('id = "tiny"', 'id = "../../etc/passwd"'),
    GOOD.replace('title = "A tiny scenario"', "title = 42"),
    GOOD.replace('situation = "Someone is upset."', 'situation = "' + "x" * 5000 + '"'),
    GOOD.replace("[steps.start]", "steps = 3\n[nothing]"),
])
def test_malformed_or_hostile_text_is_refused_plainly(text: str) -> None:
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text, "bad.toml")
    assert str(err.value).startswith("bad.toml")


def test_huge_and_non_utf8_files(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * 200_000)
    with pytest.raises(ScenarioError, match=r"big\.toml: the file is larger than 100 KB"):
        load_scenario(big)
    latin = tmp_path / "latin.toml"
    latin.write_bytes(GOOD.replace("Hello!", "Ol\xe9").encode("latin-1"))
    with pytest.raises(ScenarioError, match=r"latin\.toml: the file is not UTF-8"):
        load_scenario(latin)


def test_a_trainer_adds_a_scenario_by_adding_a_file(tmp_path: Path) -> None:
    for path in SCENARIO_DIR.glob("*.toml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "99-tiny.toml").write_text(GOOD, encoding="utf-8")
    found = load_scenarios(tmp_path)
    assert list(found)[-1] == "tiny" and len(found) == len(load_scenarios()) + 1
    assert len(found["tiny"].paths()) == 3
    (tmp_path / "98-copy.toml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"99-tiny\.toml: id 'tiny' is already used by "
                                            r"98-copy\.toml"):
        load_scenarios(tmp_path)


# -- role-play cards ---------------------------------------------------------------------------
def test_cards_have_three_roles_per_scenario_and_are_escaped(scenarios) -> None:
    fragment = cards_html(scenarios.values())
    assert fragment.count('class="ck-card"') == 3 * len(scenarios)
    assert "Two patrons, one computer" in fragment
    assert "CARP (Control, Acknowledge, Refocus, Problem-solve; Robert Bacal)" in fragment
    hostile = parse_scenario(GOOD.replace('"Hello!"', '"<script>alert(1)</script>"')
                             .replace('"A tiny scenario"', '"<b>x</b>"'), "h.toml")
    page = cards_page([hostile])
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>x</b>" not in page
    assert page.startswith("<!DOCTYPE html>") and 'lang="en"' in page


def test_role_play_cards_for_a_cohort(scenarios, tmp_path: Path) -> None:
    cards = role_play_cards(scenarios, "childrens-area", "computer-time")
    assert cards._repr_html_().count('class="ck-card"') == 6
    saved = cards.save(tmp_path / "cards.html").read_text()
    assert saved.index("A child alone") < saved.index("Two patrons, one computer")
    assert len(role_play_cards(scenarios).scenarios) == len(scenarios)
    with pytest.raises(ScenarioError, match="no scenario called 'nope'"):
        role_play_cards(scenarios, "nope")


# -- the role-play model -----------------------------------------------------------------------
def test_play_to_the_end_saves_the_path_and_debrief(scenarios, store) -> None:
    play = RolePlay(scenarios, store)
    play.start("computer-time")
    first = play.choose(0)
    assert first.rating == "best" and play.position == "both_sides"
    play.choose(0)
    play.choose(0)
    assert play.finished and play.ending().id == "end_resolved"
    record = play.debrief()
    assert record["ratings"] == {"best": 3, "fair": 0, "risky": 0}
    assert record["better_path"] == []
    assert record["model_steps_used"] == ["Control", "Acknowledge", "Problem-solve"]
    assert record["model_steps_missed"] == ["Refocus"]
    saved = json.loads(store.path.read_text())
    assert saved["runs"][-1]["ending"] == "end_resolved"
    assert saved["runs"][-1]["outcome"] == "resolved on the spot"


def test_a_risky_path_gets_a_better_path_in_the_debrief(scenarios, store) -> None:
    play = RolePlay(scenarios, store)
    play.start("harassment-safety")
    play.choose(1)  # go over alone
    play.choose(1)  # block him
    record = play.debrief()
    assert record["outcome"] == "unresolved"
    assert record["ratings"]["risky"] == 2
    assert "supervisor" in record["better_path"][0].lower()


def test_progress_and_paths_come_back_after_a_restart(scenarios, store) -> None:
    play = RolePlay(scenarios, store)
    play.start("fines-dispute")
    play.choose(1)
    play.choose(0)
    play.choose(0)
    play.set_reflection("Next time I lower my voice first.")
    play.start("noise-study")
    play.choose(0)
    again = RolePlay(scenarios, WorkStore("module05-roleplay", directory=store.directory))
    assert again.scenario_id == "noise-study" and again.position == "reader"
    assert not again.finished and again.run_count == 1
    assert again.runs[0]["reflection"] == "Next time I lower my voice first."


def test_take_back_removes_the_saved_path(scenarios, store) -> None:
    play = RolePlay(scenarios, store)
    play.start("meeting-room")
    play.choose(1)
    assert play.finished and play.run_count == 1
    play.back()
    assert not play.finished and play.position == "start" and play.run_count == 0
    with pytest.raises(UserInputError, match="no choice to take back"):
        play.back()


def test_bad_choices_and_reflections_get_plain_messages(scenarios, store) -> None:
    play = RolePlay(scenarios, store)
    with pytest.raises(UserInputError, match="press Start first"):
        play.choose(0)
    with pytest.raises(UserInputError, match="no scenario called"):
        play.start("nope")
    play.start("computer-time")
    for bad in (7, -1, "0", None, True):
        with pytest.raises(UserInputError, match="Choose one of the responses"):
            play.choose(bad)  # type: ignore[arg-type]
    with pytest.raises(UserInputError, match="Play this scenario to the end first"):
        play.set_reflection("Too soon")
    with pytest.raises(UserInputError, match="empty"):
        play.set_reflection("   ")
    with pytest.raises(UserInputError, match="limit is 2,000"):
        play.set_reflection("x" * (MAX_REFLECTION_CHARS + 1))
    with pytest.raises(UserInputError, match="Finish at least one"):
        play.export(store.directory)


def test_a_damaged_or_stale_save_does_not_break_the_player(scenarios, store) -> None:
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text("{ not json")
    play = RolePlay(scenarios, store)
    assert "could not be read" in play.notice and play.run_count == 0
    store.save({"progress": {"computer-time": [["root", 0]], "noise-study": "junk"},
                "last": "computer-time", "runs": ["junk", {"steps": "no"}]})
    play = RolePlay(scenarios, store)
    assert "no longer matches" in play.notice and play.scenario_id == ""
    assert play.run_count == 0 and not play.resume("noise-study")
    store.save({"progress": [], "last": 5, "runs": {}})
    assert RolePlay(scenarios, store).scenario_id == ""


def test_players_sharing_one_file_keep_each_others_work(scenarios, store) -> None:
    one, two = RolePlay(scenarios, store), RolePlay(scenarios, store)
    one.start("meeting-room")
    one.choose(1)
    two.start("noise-study")
    two.choose(1)
    two.choose(1)
    assert two.run_count == 2 and one.run_count == 1
    one.set_reflection("Rules need reasons.")
    three = RolePlay(scenarios, store, resume="meeting-room")
    assert three.finished and three.reflection() == "Rules need reasons."
    assert {r["scenario"] for r in three.runs} == {"meeting-room", "noise-study"}
    assert three.resume("noise-study") and three.position == "end_left"


def test_switching_scenarios_keeps_progress_in_each(scenarios, store) -> None:
    player = RolePlayPlayer(scenarios, store, first="computer-time")
    player.start_button.click()
    player.answer.value = 0
    player.say_button.click()
    player.select("fines-dispute")
    assert player.start_button.description == "Start"
    assert player.play_box.layout.display == "none"
    player.select("computer-time")
    assert "saved progress in this scenario is back" in player.messages.text
    assert "(The adult)" in player.patron.value
    with pytest.raises(UserInputError):
        player.select("nope")


def test_exports_are_escaped(scenarios, store) -> None:
    play = RolePlay(scenarios, store)
    play.start("meeting-room")
    play.choose(0)
    play.choose(0)
    play.choose(0)
    play.set_reflection("<img src=x onerror=alert(1)> *bold* [link](http://x)")
    md, page = play.export(store.directory)
    text, markup = md.read_text(), page.read_text()
    assert "<img" not in text and "&lt;img" in text and r"\*bold\*" in text
    assert r"\[link\]" in text
    assert "<img" not in markup and "&lt;img src=x onerror=alert(1)&gt;" in markup
    assert "Two groups, one meeting room" in text
    data = json.loads(store.path.read_text())
    assert playthroughs_markdown(data) == text and playthroughs_html(data) == markup
    assert "No role-play finished yet" in playthroughs_markdown({})


# -- the player widget (no browser) ------------------------------------------------------------
def test_player_plays_saves_and_restores(scenarios, store) -> None:
    player = RolePlayPlayer(scenarios, store, first="childrens-area")
    assert player.pick.value == "childrens-area"
    player.start_button.click()
    assert "My mom said to wait here" in player.patron.value
    player.say_button.click()  # nothing chosen: a plain message, no traceback
    assert "Choose one of the responses" in player.messages.text
    player.answer.value = 0
    player.say_button.click()
    assert player.feedback.kind == "success" and "supervisor" in player.feedback.value
    player.answer.value = 0
    player.say_button.click()
    assert "The rule is clear" in player.debrief.value
    assert player.patron.value == ""  # no stale patron line under the debrief
    assert player.end_box.layout.display is None
    player.reflection.value = "I would give the policy sheet sooner."
    player.save_reflection_button.click()
    player.export_button.click()
    assert "Download module05-roleplays.html" in player.downloads.value
    again = RolePlayPlayer(scenarios, WorkStore("module05-roleplay", directory=store.directory))
    assert again.pick.value == "childrens-area"
    assert "is back" in again.messages.text
    assert "I would give the policy sheet sooner." in again.debrief.value


def _file(name: str, content: bytes) -> tuple[dict, ...]:
    return ({"name": name, "type": "application/toml", "size": len(content),
             "last_modified": datetime.now(UTC), "content": memoryview(content)},)


def test_player_upload_good_and_bad_files(scenarios, store) -> None:
    player = RolePlayPlayer(scenarios, store)
    player.upload.value = _file("mine.toml", GOOD.encode())
    assert player.pick.value == "tiny" and "3 possible paths" in player.messages.text
    player.upload.value = _file("broken.toml",
                                GOOD.replace('next = "middle"', 'next = "gone"').encode())
    assert player.messages.kind == "warning"
    assert "broken.toml, step 'start'" in player.messages.text
    player.upload.value = _file("bin.toml", b"\xff\xfe\x00")
    assert "not UTF-8" in player.messages.text
    player.upload.value = _file("big.toml", b"#" * 200_000)
    assert "larger than 100 KB" in player.messages.text
    assert player.pick.value == "tiny" and player.upload.value == ()


# -- incident analysis: every claim in the notebook's prose ------------------------------------
def test_computer_disputes_cluster_at_central_after_school(incidents) -> None:
    facts = inc.computer_disputes(incidents)
    assert facts["disputes"] == 55 and facts["at_branch"] == 50
    assert set(incidents["occurred_at"].dt.year) == {2024, 2025}
    assert round(facts["at_branch_%"]) == 91 and round(facts["after_school_%"]) == 89
    types = inc.incident_types(incidents)
    # "Computer-time disputes are the kind most tied to one branch."
    assert types["% at Central"].idxmax() == "dispute over computer time"
    assert types.loc["dispute over computer time", "most often at (place)"] == "computers"
    # "Policy disagreements and noise are the most common kinds."
    assert list(types.index[:2]) == ["policy disagreement", "noise"]
    assert types["incidents"].sum() == len(incidents) == 313


def test_the_log_keeps_no_names_or_descriptions(incidents) -> None:
    """'Millbrook's incident log: 313 incidents that staff wrote down in 2024 and 2025. It
    keeps no names and no descriptions of people.'"""
    assert len(incidents) == 313
    assert set(incidents.columns) == {
        "incident_id", "occurred_at", "branch_id", "place", "type", "staff_action",
        "de_escalation_model", "outcome", "escalated", "minutes_to_resolve"}
    text = incidents.select_dtypes(exclude="number").astype(str)
    assert not text.apply(lambda col: col.str.len().max()).gt(40).any()  # no free text


def test_time_of_day(incidents) -> None:
    table = inc.time_of_day(incidents)
    after = "3-6 pm (after school)"
    assert table.loc["all kinds", "total"] == len(incidents)
    assert table.drop(columns="total").sum(axis=1).equals(table["total"])
    # "3 to 6 pm are the busiest time of day (113 of 313 incidents)"
    assert table.loc["all kinds"].drop("total").idxmax() == after
    assert table.loc["all kinds", after] == 113
    # "...the only kind where most incidents start after school"
    share = table[after] / table["total"]
    kinds = share.drop("all kinds")
    assert list(kinds[kinds > 0.5].index) == ["dispute over computer time"]
    assert table.loc["dispute over computer time", after] == 49


def test_escalated_incidents_take_longer_and_resolve_less(incidents) -> None:
    table = inc.escalation_cost(incidents)
    calm, worse = table.loc["did not escalate"], table.loc["escalated"]
    assert calm["median minutes to resolve"] == 6 and worse["median minutes to resolve"] == 26
    assert round(calm["% resolved"]) == 80 and round(worse["% resolved"]) == 35
    assert calm["incidents"] + worse["incidents"] == len(incidents)
    # Key points: "escalated incidents took four times as long to end"
    assert round(worse["median minutes to resolve"] / calm["median minutes to resolve"]) == 4


def test_listening_escalates_least_and_boundaries_alone_more(incidents) -> None:
    table = inc.action_outcomes(incidents)
    assert table.index[0] == "listened and explained"
    assert round(table.loc["listened and explained", "% escalated"]) == 10
    assert round(table.loc["set boundary", "% escalated"]) == 38
    assert round(table.loc["listened and explained", "% resolved"]) == 86
    assert table.loc["listened and explained", "incidents"] == 93
    assert table["% resolved"].idxmax() == "listened and explained"  # "the best record"
    # "...even within the same kind of incident"
    within = inc.boundary_vs_listening(incidents)
    assert len(within) == 4  # "the gap goes the same way in all four kinds"
    assert (within["set boundary: % escalated"] > within["listened: % escalated"]).all()
    computer = within.loc["dispute over computer time"]
    assert round(computer["set boundary: % escalated"]) == 47
    assert round(computer["listened: % escalated"]) == 6
    assert computer["set boundary: n"] == 17 and computer["listened: n"] == 16


def test_offering_an_alternative_resolves_most(incidents) -> None:
    table = inc.action_outcomes(incidents)
    assert round(table.loc["offered alternative", "% resolved"]) == 83
    assert round(table.loc["set boundary", "% resolved"]) == 61
    assert table.loc["offered alternative", "incidents"] == table.loc["set boundary",
                                                                       "incidents"] == 66
    # "close to listening, and well ahead of only setting a boundary"
    assert abs(table.loc["offered alternative", "% resolved"]
               - table.loc["listened and explained", "% resolved"]) < 5
    assert table.loc["offered alternative", "% escalated"] < table.loc["set boundary",
                                                                        "% escalated"]


def test_a_named_model_goes_with_less_escalation(incidents) -> None:
    table = inc.model_use(incidents)
    assert round(table.loc["CARP or LEAP", "% escalated"]) == 19
    assert round(table.loc["none recorded", "% escalated"]) == 27
    assert table.loc["CARP or LEAP", "incidents"] == 145
    assert table.loc["none recorded", "incidents"] == 168
    gap = table.loc["none recorded", "% escalated"] - table.loc["CARP or LEAP", "% escalated"]
    assert round(gap) == 8  # "a gap of 8 points"


def test_staff_get_help_most_for_harassment_and_theft(incidents) -> None:
    table = inc.help_by_type(incidents)
    assert list(table.index[:2]) == ["harassment", "theft"]
    assert table.loc["harassment", "% got help"] > 50
    assert table.loc["dispute over computer time", "% got help"] < 10
    computer = table.loc["dispute over computer time"]
    assert computer["called supervisor"] + computer["called security/police"] == 3
    assert table.loc["theft", "% got help"] > 50


def test_plots_describe_themselves(incidents) -> None:
    fig = inc.plot_computer_disputes(incidents)
    assert "91% were at Central" in fig.description and "89%" in fig.description
    assert fig.png().startswith(b"\x89PNG")
    fig = inc.plot_action_escalation(incidents)
    assert "'listened and explained' escalated least (10% of 93)" in fig.description


def test_branch_table_totals(incidents) -> None:
    table = inc.types_by_branch(incidents)
    assert table.index[-1] == "total" and table.loc["total", "total"] == len(incidents)
    assert table.loc["dispute over computer time", "CEN"] == 50


def test_trainer_notes_match_the_scenarios_and_the_data(scenarios, incidents) -> None:
    root = Path(__file__).resolve().parents[2]
    notes = (root / "docs" / "facilitator" / "05-conflict-resolution.md").read_text()
    for scenario in scenarios.values():
        row = f"| {scenario.title} | {scenario.model} |"
        assert row in notes, scenario.title
        line = next(li for li in notes.splitlines() if li.startswith(row))
        assert line.strip(" |").split("|")[-1].strip() == str(len(scenario.paths())), line
    total = sum(len(s.paths()) for s in scenarios.values())
    assert f"{total} paths in all" in notes
    trainers = (root / "datasets" / "TRAINERS.md").read_text()
    assert f"{total} paths in all" in trainers
    years = incidents["occurred_at"].dt.year
    recorded = incidents["de_escalation_model"].astype(str) != "none recorded"
    assert int(recorded[years == 2025].sum()) == 89 and int((years == 2025).sum()) == 148
    assert int(recorded[years == 2024].sum()) == 56 and int((years == 2024).sum()) == 165
    within = inc.boundary_vs_listening(incidents).round(0)
    assert within.loc["noise"].tolist() == [22, 36, 20, 10]
    assert within.loc["policy disagreement"].tolist() == [12, 25, 31, 13]
    assert within.loc["fines/fees dispute"].tolist() == [5, 40, 15, 7]
    help_ = inc.help_by_type(incidents).round(0)
    assert help_.loc["harassment", "% got help"] == 59 and help_.loc["theft", "% got help"] == 58
    assert inc.computer_disputes(incidents)["at_branch_after_school"] == 44
