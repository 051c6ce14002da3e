"""The widget views, driven the way a participant would, without a browser."""

import json
from pathlib import Path

import pandas as pd
import pytest

from course_kit.exercises import ChoiceExercise, NumberExercise, answer_hash, seal
from course_kit.modules.module01.persona_builder import PersonaBuilder
from course_kit.widgets import DownloadWork, NotesBox, QuestionView
from course_kit.widgets.base import MessageArea, UserInputError, friendly_callback


def test_friendly_callback_turns_errors_into_messages() -> None:
    area = MessageArea()

    @friendly_callback(area)
    def bad_input() -> None:
        raise UserInputError("Please type a number.")

    @friendly_callback(area)
    def bug() -> None:
        raise KeyError("boom")

    bad_input()
    assert area.kind == "warning" and area.text == "Please type a number."
    bug()
    assert area.kind == "error" and "not yours" in area.text
    assert "Traceback" in area.value and "<details>" in area.value


def fill_persona(builder: PersonaBuilder) -> None:
    builder.name.value = "Rosa"
    builder.age_band.value = "35-64"
    builder.goals.value = "Read on the bus"
    builder.needs.value = "E-books"
    builder.channel_boxes["text message"].value = True


def test_persona_builder_saves_and_comes_back(work_dir: Path) -> None:
    first = PersonaBuilder()
    fill_persona(first)
    assert "Rosa" in first.card.value
    first.save_button.click()
    assert first.messages.kind == "success"
    saved = json.loads((work_dir / "module01-persona.json").read_text())
    assert saved["complete"] is True and saved["persona"]["channels"] == ["text message"]

    again = PersonaBuilder()  # as after a kernel restart
    assert again.name.value == "Rosa" and again.channel_boxes["text message"].value
    assert "saved persona is back" in again.messages.text


def test_incomplete_persona_keeps_the_draft(work_dir: Path) -> None:
    builder = PersonaBuilder()
    builder.name.value = "Ana"
    builder.save_button.click()
    assert builder.messages.kind == "warning" and "draft is kept" in builder.messages.text
    assert builder.name.value == "Ana"
    again = PersonaBuilder()
    assert again.name.value == "Ana" and "draft is back" in again.messages.text


def test_corrupt_persona_file_is_reported_in_the_widget(work_dir: Path) -> None:
    (work_dir / "module01-persona.json").write_text("{oops")
    builder = PersonaBuilder()
    assert builder.messages.kind == "warning" and "set aside" in builder.messages.text
    assert builder.name.value == ""


def test_export_gives_download_links(work_dir: Path) -> None:
    builder = PersonaBuilder()
    builder.export_button.click()
    assert builder.messages.kind == "warning"  # not finished yet
    fill_persona(builder)
    builder.export_button.click()
    assert builder.messages.kind == "success"
    assert (work_dir / "persona-rosa.html").exists()
    assert 'download="persona-rosa.md"' in builder.downloads.value


def test_notes_box_refuses_empty_and_keeps_text(work_dir: Path) -> None:
    box = NotesBox("m01-barriers", "What keeps people away?")
    box.save_button.click()
    assert box.messages.kind == "warning"
    box.area.value = "Opening hours at Riverside."
    box.save_button.click()
    assert box.messages.kind == "success"
    again = NotesBox("m01-barriers", "What keeps people away?")
    assert again.area.value == "Opening hours at Riverside."
    box.area.value = "x" * 6000
    box.save_button.click()
    assert box.messages.kind == "warning" and box.area.value == "x" * 6000


def test_question_view_checks_and_remembers(work_dir: Path) -> None:
    q = ChoiceExercise(id="t.q1", prompt="Pick", var="answer_1",
                       choices={"a": "apple", "b": "banana"},
                       answer_sha256=answer_hash("t.q1", "b"), hints=("fruit",),
                       solution_text=seal("banana"))
    view = QuestionView(q)
    view.check_button.click()
    assert view.messages.kind == "info"  # nothing chosen yet
    view.answer.value = "a"
    view.check_button.click()
    assert view.messages.kind == "error" and "Not quite" in view.messages.text
    view.answer.value = "b"
    view.check_button.click()
    assert view.messages.kind == "success"
    view.hint_button.click()
    assert "fruit" in view.messages.text
    assert QuestionView(q).answer.value == "b"


def test_number_question_view_handles_garbage(work_dir: Path) -> None:
    q = NumberExercise(id="t.n", prompt="How many?", var="answer_2", expected=lambda: 10.0)
    view = QuestionView(q)
    view.answer.value = "ten"
    view.check_button.click()
    assert view.messages.kind == "warning" and "not a number" in view.messages.text
    view.answer.value = "10"
    view.check_button.click()
    assert view.messages.kind == "success"


def test_download_work(work_dir: Path) -> None:
    widget = DownloadWork()
    widget.button.click()
    assert "nothing to download" in widget.messages.text
    (work_dir / "notes.json").write_text("{}")
    widget.button.click()
    assert "data:application/zip;base64," in widget.link.value


@pytest.fixture
def patrons() -> pd.DataFrame:
    from course_kit.data import load_patrons

    return load_patrons()


def test_segment_explorer_updates_and_fills_the_persona(patrons: pd.DataFrame,
                                                        work_dir: Path) -> None:
    from course_kit.modules.module01.segment_explorer import SegmentExplorer

    builder = PersonaBuilder()
    explorer = SegmentExplorer(patrons, builder=builder)
    assert explorer.pick.value == 1  # a segment is chosen from the start
    explorer.boxes["programs_12m"].value = True
    assert "Program-goers" in explorer.chart.value and "<table" in explorer.table.value
    explorer.slider.value = 5
    assert len(explorer.pick.options) == 5
    explorer.pick.value = 2
    explorer.to_persona.click()
    assert explorer.messages.kind == "success"
    assert builder.model.based_on.startswith("Segment 2")
    # Bad choice: no kind of use at all. A message; the last result stays on screen.
    for box in explorer.boxes.values():
        box.value = False
    assert explorer.messages.kind == "warning" and "at least one" in explorer.messages.text
    assert len(explorer.pick.options) == 5
