"""The action plan: the seed's seven steps, SMART goals, the model, the views, the sections."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import nbformat
import pytest

from course_kit.actionplan.plan import (
    ROLES,
    STEPS,
    PlanModel,
    check_goal,
    goal_problems,
    plan_markdown,
    step,
)
from course_kit.actionplan.sections import markdown_html, step_work, work_html
from course_kit.actionplan.views import (
    AboutYou,
    GoalBuilder,
    PortfolioMaker,
    SavedWorkPanel,
    SectionForm,
)
from course_kit.modules.module01.personas import Persona
from course_kit.modules.module03.followups import add_follow_up
from course_kit.notebooks import lesson_info
from course_kit.readability import flesch_kincaid_grade, markdown_prose
from course_kit.saved_work import saved_work_markdown
from course_kit.storage import WorkStore
from course_kit.syllabus import action_plan, read_outline
from course_kit.widgets.base import UserInputError
from tests.test_notebooks import BRITISH

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "11-action-plan.ipynb"
TODAY = date(2026, 11, 29)
GOOD = {"goal": "Call back every patron whose hold is late within two days",
        "measure": "share of late holds called back", "target": "90%",
        "owner": "Circulation lead", "due": "2027-03-31"}


# -- the steps follow the seed ---------------------------------------------------------------
def test_seven_steps_in_the_seeds_order() -> None:
    assert [s.action for s in STEPS] == action_plan() and len(STEPS) == 7
    assert [s.number for s in STEPS] == list(range(1, 8))


def test_roles_are_the_seeds_target_participants() -> None:
    outline = read_outline().replace("’", "'")
    block = outline.split("Target Participants", 1)[1].split("Week 1", 1)[0]
    seed = [line[2:].strip() for line in block.splitlines() if line.startswith("- ")]
    assert list(ROLES) == seed


def test_each_step_draws_on_the_modules_the_issue_names() -> None:
    modules = {s.key: {src.module for src in s.sources} for s in STEPS}
    assert {1, 8} <= modules["needs"]
    assert {7, 9} <= modules["online"]
    assert 6 in modules["programs"] and 10 in modules["evaluation"]


# -- SMART goals -----------------------------------------------------------------------------
def test_a_smart_goal_passes_every_check() -> None:
    assert all(c.ok for c in check_goal(GOOD, TODAY))
    assert goal_problems(GOOD, TODAY) == []


@pytest.mark.parametrize(("change", "failed"), [
    ({"goal": "Improve engagement"}, "Specific"),
    ({"goal": "improve better more services for users engagement"}, "Specific"),
    ({"target": "lots"}, "Measurable"),
    ({"measure": ""}, "Measurable"),
    ({"owner": "everyone"}, "Has an owner"),
    ({"owner": "  "}, "Has an owner"),
    ({"due": "next spring"}, "Has a date"),
    ({"due": "2026-02-30"}, "Has a date"),
    ({"due": "2025-01-01"}, "Has a date"),
])
def test_each_missing_part_is_named(change: dict[str, str], failed: str) -> None:
    checks = {c.name: c.ok for c in check_goal({**GOOD, **change}, TODAY)}
    assert checks[failed] is False
    assert [name for name, ok in checks.items() if not ok] == [failed]


@pytest.mark.parametrize("typed", ["2027-03-31", "3/31/2027", "03/31/2027", "03-31-2027",
                                   "March 31, 2027", "Mar 31 2027", " march 31 2027 "])
def test_a_date_as_us_librarians_type_it(typed: str) -> None:
    assert goal_problems({**GOOD, "due": typed}, TODAY) == []


def test_a_date_that_is_not_a_day_is_explained() -> None:
    for typed in ("31/3/2027", "next spring", "2/30/2027"):
        advice = goal_problems({**GOOD, "due": typed}, TODAY)
        assert advice == ["Has a date: Give the day it should be done by, for example "
                          "3/31/2027 or 2027-03-31."], typed


def test_a_past_date_is_explained() -> None:
    advice = goal_problems({**GOOD, "due": "2025-01-01"}, TODAY)
    assert advice and "not in the future" in advice[0]


# -- the model --------------------------------------------------------------------------------
def test_everything_is_saved_as_it_is_made_and_comes_back(work_dir: Path) -> None:
    model = PlanModel()
    model.set_participant("name", "Zoë O'Brien-Núñez")
    model.set_answer("needs", "groups", "Parents of young children")
    model.set_answer("feedback", "frequency", "every three months")
    model.set_answer("feedback", "instruments", ["a focus group"])
    model.set_answer("training", "roles", {"Circulation Staff": [3, 2, 2]})
    model.add_goal(GOOD, TODAY)
    saved = json.loads((work_dir / "actionplan.json").read_text(encoding="utf-8"))
    assert saved["participant"]["name"] == "Zoë O'Brien-Núñez"
    assert saved["sections"]["training"]["roles"] == {"Circulation Staff": [2, 3]}
    again = PlanModel()
    assert again.participant["name"] == "Zoë O'Brien-Núñez"
    assert again.answers("needs")["groups"] == "Parents of young children"
    assert again.goals == [GOOD]
    assert again.step_done("relationships") and not again.step_done("online")
    assert [s.key for s in again.missing_steps()] == ["online", "programs", "evaluation"]


def test_bad_values_are_refused_in_plain_words_and_nothing_is_saved(work_dir: Path) -> None:
    model = PlanModel()
    model.set_answer("needs", "gaps", "evening hours")
    before = (work_dir / "actionplan.json").read_text(encoding="utf-8")
    with pytest.raises(UserInputError, match="limit is 2,000"):
        model.set_answer("needs", "gaps", "x" * 2001)
    with pytest.raises(UserInputError, match="not one of the choices"):
        model.set_answer("feedback", "frequency", "hourly")
    with pytest.raises(UserInputError, match="only hold the items"):
        model.set_answer("feedback", "instruments", ["a séance"])
    with pytest.raises(UserInputError, match="module numbers 1-10"):
        model.set_answer("training", "roles", {"Circulation Staff": [11]})
    with pytest.raises(UserInputError, match="Specific"):
        model.add_goal({**GOOD, "goal": "Be nicer"}, TODAY)
    with pytest.raises(UserInputError, match="no question"):
        model.set_answer("needs", "nonsense", "x")
    assert (work_dir / "actionplan.json").read_text(encoding="utf-8") == before
    assert PlanModel().answers("needs") == {"gaps": "evening hours"}


def test_a_damaged_or_odd_file_starts_clean_without_an_error(work_dir: Path) -> None:
    (work_dir / "actionplan.json").write_text("{not json", encoding="utf-8")
    model = PlanModel()
    assert "could not be read" in model.notice and model.goals == []
    WorkStore("actionplan").save({"participant": "me", "sections": {"needs": {"groups": 5,
                                  "gaps": "ok"}, "nope": {}}, "goals": ["x", {"goal": "g"}]})
    model = PlanModel()
    assert model.answers("needs") == {"gaps": "ok"}
    assert model.participant["name"] == "" and len(model.goals) == 1


def test_the_plan_renders_escaped(work_dir: Path) -> None:
    model = PlanModel()
    model.set_participant("name", "<script>alert(1)</script> *Ann*")
    model.set_answer("needs", "groups", "# not a heading\n<img src=x onerror=alert(1)>")
    model.add_goal({**GOOD, "owner": "[click](javascript:alert(1))"}, TODAY)
    text = plan_markdown(model.data)
    page = markdown_html(text)
    assert "<script" not in page and "<img" not in page and 'href="javascript' not in page
    assert "&lt;script&gt;" in page and "&lt;img" in page
    assert "(Nothing written for this step yet.)" in text
    assert saved_work_markdown("actionplan") == text


def test_module_2_work_shows_in_step_2_as_well_as_in_training(work_dir: Path) -> None:
    """A participant who did Modules 1-3 sees all of it in steps 1-2 (issue 20)."""
    early = {p.source.module for item in ("needs", "relationships") for p in step_work(item)}
    assert {1, 2, 3} <= early
    assert 2 in {p.source.module for p in step_work("training")}


def test_goals_can_be_removed(work_dir: Path) -> None:
    model = PlanModel()
    model.add_goal(GOOD, TODAY)
    assert model.remove_goal(0) == GOOD and model.goals == []
    with pytest.raises(UserInputError):
        model.remove_goal(0)


# -- saved work by step ---------------------------------------------------------------------
def _modules_1_to_3() -> None:
    persona = Persona()
    persona.update({"name": "Lucía", "goals": "Story time after work", "needs": "Evening hours"})
    persona.save(WorkStore("module01-persona"))
    add_follow_up("Large-print copy of a novel", "Call her when it arrives", date(2027, 1, 5))


def test_sections_show_the_work_of_modules_1_to_3_and_empty_boxes_elsewhere(
        work_dir: Path) -> None:
    _modules_1_to_3()
    needs = step_work("needs")
    assert [p.done for p in needs][:1] == [True] and not any(p.done for p in needs[2:])
    relationships = step_work(2)
    assert [p.source.module for p in relationships][:3] == [2, 2, 3]
    follow_ups = next(p for p in relationships if p.source.file == "module03-followups")
    assert follow_ups.done and "Large-print" in follow_ups.markdown()
    for later in ("online", "programs", "evaluation"):
        assert not any(p.done for p in step_work(later))
    page = work_html("needs")
    assert "Lucía" in page and "not done yet" in page and "1 of 4 pieces" in page
    assert "href='08-gathering-feedback.ipynb'" in page or "not in this kit yet" in page


def test_a_module_missing_from_the_kit_is_an_empty_section(monkeypatch: pytest.MonkeyPatch,
                                                          work_dir: Path) -> None:
    import course_kit.actionplan.sections as sections

    monkeypatch.setattr(sections, "find_work", lambda file, key="": None)
    monkeypatch.setattr(sections, "find", lambda number: None)
    page = work_html("evaluation")
    assert "Module 10: Measuring User Relationship Success is not in this kit yet" in page
    assert "0 of 3 pieces" in page


# -- views ----------------------------------------------------------------------------------
def test_views_save_as_typed_and_keep_text_that_is_refused(work_dir: Path) -> None:
    about = AboutYou(PlanModel())
    about.fields["name"].value = "Nguyễn Thị Mai"
    assert "Saved your name" in about.messages.text
    form = SectionForm("needs", PlanModel())
    area = form.controls["groups"].control
    area.value = "Teens after school"
    assert PlanModel().answers("needs")["groups"] == "Teens after school"
    area.value = "y" * 2500
    assert form.messages.kind == "warning" and "limit" in form.messages.text
    assert area.value == "y" * 2500  # never lose typed text
    assert PlanModel().answers("needs")["groups"] == "Teens after school"
    feedback = SectionForm("feedback", PlanModel())
    feedback.controls["instruments"].boxes[2].value = True
    feedback.controls["frequency"].value = "once a year"
    assert PlanModel().answers("feedback") == {"instruments": ["an online feedback form"],
                                               "frequency": "once a year"}
    training = SectionForm("training", PlanModel())
    training.controls["roles"].selects["Teen Librarians"].value = (2, 5)
    assert PlanModel().answers("training")["roles"] == {"Teen Librarians": [2, 5]}
    back = SectionForm("training", PlanModel())
    assert back.controls["roles"].selects["Teen Librarians"].value == (2, 5)
    assert "are back" in back.messages.text


def test_goal_builder_checks_as_typed_keeps_a_smart_goal_and_refuses_a_vague_one(
        work_dir: Path) -> None:
    builder = GoalBuilder(PlanModel(), today=TODAY)
    builder.inputs["goal"].value = "Improve engagement"
    assert "✘ not yet" in builder.checks.value
    builder.add_button.click()
    assert builder.messages.kind == "warning" and "Specific" in builder.messages.text
    assert builder.inputs["goal"].value == "Improve engagement"
    assert PlanModel().draft["goal"] == "Improve engagement"  # the draft survives a restart
    for key, value in GOOD.items():
        builder.inputs[key].value = value
    assert "✘" not in builder.checks.value and "All four checks pass" in builder.messages.text
    builder.add_button.click()
    assert builder.messages.kind == "success" and PlanModel().goals == [GOOD]
    assert builder.inputs["goal"].value == "" and "Call back every patron" in \
        builder.goal_list.value
    again = GoalBuilder(PlanModel(), today=TODAY)
    assert "Your goal is back" in again.messages.text
    again.remove_button.click()
    assert PlanModel().goals == []


def test_saved_work_panel_refreshes(work_dir: Path) -> None:
    panel = SavedWorkPanel("needs")
    assert "0 of 4 pieces" in panel.html.value
    _modules_1_to_3()
    panel.refresh_button.click()
    assert "1 of 4 pieces" in panel.html.value


# -- the notebook ---------------------------------------------------------------------------
def test_notebook_metadata_sections_and_prose() -> None:
    info = lesson_info(NOTEBOOK)
    assert (info.module, info.title) == (11, "Action Plan for Implementation")
    assert [item["topic"] for item in info.syllabus] == action_plan()
    nb = nbformat.read(NOTEBOOK, as_version=4)
    headings = [line[3:] for c in nb.cells if c.cell_type == "markdown"
                for line in c.source.splitlines() if line.startswith("## ")]
    assert [s.heading for s in STEPS] == [h for h in headings if h[:1].isdigit()]
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for item in STEPS:
        assert f'SavedWorkPanel("{item.key}")' in code and f'SectionForm("{item.key}")' in code
    assert "GoalBuilder()" in code and "PortfolioMaker()" in code
    sections: dict[str, str] = {}
    current = "top"
    for cell in nb.cells:
        if cell.cell_type != "markdown" or cell.metadata.get("course_kit", {}).get("nav"):
            continue
        for line in cell.source.splitlines():
            if line.startswith("## "):
                current = line[3:]
        sections[current] = sections.get(current, "") + "\n" + cell.source
    for heading, text in sections.items():
        if heading != "Further reading":
            assert flesch_kincaid_grade(markdown_prose(text)) <= 9, heading
        assert heading == "Further reading" or "At your library" in text or \
            not heading[:1].isdigit()
    prose = " ".join(markdown_prose(t) for t in sections.values()).lower()
    assert not [w for w in BRITISH if re.search(rf"\b{w}", prose)], "US spelling"


def test_every_step_is_a_step() -> None:
    assert step("needs") is STEPS[0] and step(7) is STEPS[6]
    with pytest.raises(KeyError):
        step(8)


# -- the capstone ----------------------------------------------------------------------------
def test_capstone_pool_is_hand_graded_with_anchored_levels_and_shows_the_plan(
        work_dir: Path) -> None:
    from course_kit.assessment import show_saved_work
    from course_kit.trainer.build import assessment_notebook
    from course_kit.trainer.pools import load_pool

    pool = load_pool(ROOT / "exercises" / "pools" / "capstone.toml")
    assert pool.items == () and pool.total_points == 10
    assert all(len(part.rubric) == int(part.points) + 1 for part in pool.manual)
    assert pool.manual[0].saved_work == ("actionplan",)
    nb = assessment_notebook(pool, None)
    assert nb.cells[0].source.startswith("# Capstone: my action plan")
    assert "replace `____`" not in nb.cells[0].source
    committed = nbformat.read(ROOT / "exercises" / "source" / "capstone" /
                              "capstone-assessment.ipynb", as_version=4)
    assert [c.source for c in committed.cells] == [c.source for c in nb.cells], \
        "run `course-kit build capstone`"
    release = (ROOT / "exercises" / "release" / "capstone" / "capstone-assessment.ipynb")
    assert "circulation lead; by 2027" not in release.read_text(encoding="utf-8")
    PlanModel().set_answer("needs", "groups", "Teens <b>after</b> school")
    shown = show_saved_work("actionplan").data
    assert "Teens &lt;b&gt;after&lt;/b&gt; school" in shown and "<b>after" not in shown


def test_the_portfolio_button_counts_in_plain_words(work_dir: Path) -> None:
    _modules_1_to_3()
    maker = PortfolioMaker(PlanModel())
    maker._on_make()
    text = maker.messages.text
    assert "Your portfolio has 2 pieces of work" in text and "pieces are not done yet" in text
    assert "(s)" not in text and "Download portfolio.pdf" in maker.links.value
