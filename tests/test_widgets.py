"""The widget views, driven the way a participant would, without a browser."""

import json
from pathlib import Path

import pandas as pd
import pytest

from course_kit.exercises import ChoiceExercise, NumberExercise, answer_hash, seal
from course_kit.modules.module01.persona_builder import PersonaBuilder
from course_kit.widgets import DownloadWork, NotesBox, QuestionView, base
from course_kit.widgets.base import MessageArea, UserInputError, friendly_callback


@pytest.fixture(autouse=True)
def _nothing_shown_yet() -> None:
    base._SHOWN.clear()  # which widget was shown last is per notebook, not per test run


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
    view.answer.value = "lots"
    view.check_button.click()
    assert view.messages.kind == "warning" and "not a number" in view.messages.text
    view.answer.value = "ten"  # a number word is read as a number
    view.check_button.click()
    assert view.messages.kind == "success" and "Read ten as 10" in view.messages.text
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


# -- Work never changed or lost without warning (issue 9) ---------------------------------
def test_a_new_persona_builder_shows_what_its_model_holds(work_dir: Path) -> None:
    builder = PersonaBuilder()
    assert builder.age_band.value == builder.model.age_band
    builder.age_band.value = "0-12"  # picking the first band is a change, and it is kept
    assert builder.model.age_band == "0-12"
    assert "age 0-12" in builder.card.value
    builder.name.value, builder.goals.value, builder.needs.value = "Lia", "Play", "Books"
    builder.save_button.click()
    saved = json.loads((work_dir / "module01-persona.json").read_text())
    assert saved["persona"]["age_band"] == "0-12"


def test_drafts_are_kept_as_they_are_typed() -> None:
    builder = PersonaBuilder()
    for control in builder._fields.values():
        assert getattr(control, "continuous_update", True) is True


def _seed() -> dict[str, object]:
    return {"goals": "Borrow e-books", "needs": "Long loans", "age_band": "18-34",
            "channels": ["email"], "based_on": "Segment 2, 'E-book readers'"}


def test_turn_into_a_persona_fills_only_empty_fields_and_can_be_undone(
        work_dir: Path) -> None:
    builder = PersonaBuilder()
    builder.name.value = "Rosa"
    builder.goals.value = "Help my son with homework"
    builder.age_band.value = "65+"
    builder.channel_boxes["phone"].value = True
    kept = builder.fill(_seed())
    assert builder.goals.value == "Help my son with homework"  # what she wrote is kept
    assert builder.age_band.value == "65+" and builder.model.channels == ["phone"]
    assert builder.needs.value == "Long loans"  # an empty field is filled
    assert builder.model.based_on.startswith("Segment 2")
    assert set(kept) == {"Goals", "Age band", "Preferred channels"}
    assert "Kept what you wrote" in builder.messages.text and "Undo" in builder.messages.text
    builder.undo_button.click()
    assert builder.needs.value == "" and builder.model.based_on == ""
    saved = json.loads((work_dir / "module01-persona.json").read_text())
    assert saved["persona"]["needs"] == "" and saved["persona"]["goals"].startswith("Help")


def test_a_second_segment_replaces_only_what_the_first_one_filled(work_dir: Path) -> None:
    builder = PersonaBuilder()
    builder.fill(_seed())
    assert builder.age_band.value == "18-34"
    builder.goals.value = "My own goal"
    builder.fill({"goals": "Come to programs", "needs": "Evening times", "age_band": "65+"})
    assert builder.goals.value == "My own goal"
    assert builder.needs.value == "Evening times" and builder.age_band.value == "65+"
    again = PersonaBuilder()  # after a restart, what was seeded is still known
    again.fill({"needs": "Large print"})
    assert again.needs.value == "Large print"


def test_turn_into_a_persona_keeps_a_saved_persona_saved(work_dir: Path) -> None:
    builder = PersonaBuilder()
    fill_persona(builder)
    builder.occupation.value = "nurse"
    builder.barriers.value = "Shifts"
    builder.quote.value = "Never before it closes."
    builder.save_button.click()
    builder.export_button.click()
    assert "Download" in builder.downloads.value
    builder.fill({"goals": "Other", "needs": "Other", "channels": ["email"],
                  "age_band": "0-12"})
    saved = json.loads((work_dir / "module01-persona.json").read_text())
    assert saved["complete"] is True and saved["persona"]["goals"] == "Read on the bus"
    assert "Download" in builder.downloads.value  # nothing changed: the links still hold
    builder.fill({"based_on": "Segment 3"})
    assert "Press Save persona" in builder.messages.text
    assert builder.downloads.value == ""  # old links would give the old persona
    builder.undo_button.click()
    saved = json.loads((work_dir / "module01-persona.json").read_text())
    assert saved["complete"] is True and saved["persona"]["based_on"] == ""


def test_explorer_run_again_fills_the_builder_that_is_shown(patrons: pd.DataFrame,
                                                           work_dir: Path) -> None:
    from course_kit.modules.module01.segment_explorer import SegmentExplorer

    visible = PersonaBuilder()
    visible._repr_mimebundle_()  # displayed in the notebook
    visible.name.value = "Rosa"
    # The participant runs the explorer's cell again: a new builder nobody sees.
    hidden = PersonaBuilder()
    explorer = SegmentExplorer(patrons, builder=hidden)
    explorer.to_persona.click()
    assert explorer.messages.kind == "success"
    assert visible.model.based_on.startswith("Segment 1")
    assert hidden.model.based_on == ""
    saved = json.loads((work_dir / "module01-persona.json").read_text())
    assert saved["persona"]["name"] == "Rosa" and saved["persona"]["based_on"]


def test_a_saved_notebook_keeps_no_widget_views(tmp_path: Path) -> None:
    """The pre-save hook: a return visit shows one plain line, not "model not found"."""
    import nbformat
    from jupyter_server.services.contents.filemanager import FileContentsManager

    from course_kit.widgets import presave

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("builder")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={
            "text/plain": "PersonaBuilder(...)",
            presave.WIDGET_MIME: {"model_id": "abc", "version_major": 2, "version_minor": 0}}),
        nbformat.v4.new_output("stream", name="stdout", text="kept\n"),
    ]
    nb.cells.append(cell)
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    config_file = presave.install(tmp_path / "env")
    config = json.loads(config_file.read_text())
    manager = FileContentsManager(root_dir=str(tmp_path),
                                  pre_save_hook=config["ContentsManager"]["pre_save_hook"])
    manager.save({"type": "notebook", "format": "json", "content": nb}, "m.ipynb")
    saved = json.loads((tmp_path / "m.ipynb").read_text())
    outputs = saved["cells"][0]["outputs"]
    assert all(presave.WIDGET_MIME not in o.get("data", {}) for o in outputs)
    assert "Run All Cells" in "".join(outputs[0]["data"]["text/markdown"])
    assert "".join(outputs[1]["text"]) == "kept\n"
    assert "widgets" not in saved["metadata"]
    # Installing again keeps what else the environment's configuration holds.
    config_file.write_text(json.dumps({"ServerApp": {"log_level": "INFO"}}))
    presave.install(tmp_path / "env")
    config = json.loads(config_file.read_text())
    assert config["ServerApp"] == {"log_level": "INFO"}
    assert config["ContentsManager"]["pre_save_hook"] == presave.HOOK


def test_arrow_keys_in_widgets_are_left_to_the_widgets(tmp_path: Path) -> None:
    """Lab's command-mode shortcuts are moved off focused widget controls."""
    import sys

    from course_kit.widgets import keyboard

    overrides = keyboard.shortcut_overrides(Path(sys.prefix))
    disabled = {(s["command"], tuple(s["keys"])) for s in overrides if s.get("disabled")}
    assert ("notebook:move-cursor-down", ("ArrowDown",)) in disabled
    assert ("notebook:insert-cell-below", ("B",)) in disabled
    moved = [s for s in overrides if not s.get("disabled")]
    assert len(moved) == len(disabled)
    assert all(s["selector"] == keyboard.OUTSIDE_WIDGETS for s in moved)
    # Installed for another environment: only the shortcuts key of the file is ours.
    (tmp_path / "share/jupyter/lab/settings").mkdir(parents=True)
    path = tmp_path / "share/jupyter/lab/settings/overrides.json"
    path.write_text(json.dumps({"@jupyterlab/apputils-extension:themes": {"theme": "x"}}))
    keyboard.install(tmp_path)
    assert json.loads(path.read_text())["@jupyterlab/apputils-extension:themes"]


# -- The kit's Jupyter set-up: make lab and Binder ----------------------------------------
def test_participants_server_is_quiet_without_nbgrader_and_uses_local_sockets(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from jupyter_server.serverapp import ServerApp

    root = Path(__file__).resolve().parents[1]
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(root / "jupyter" / "participant"))
    app = ServerApp()
    app.load_config_file()
    config = app.config
    assert config.ServerApp.log_level == "WARN" and config.LabApp.log_level == "WARN"
    extensions = config.ServerApp.jpserver_extensions
    assert extensions and not any(v for k, v in extensions.items() if k.startswith("nbgrader"))
    assert config.KernelManager.transport == "ipc"  # no "running over TCP" warning


def test_participants_log_leaves_out_tornados_ping_timeout_notice(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """Issue 9: `make lab` printed "The websocket_ping_timeout (90000) cannot be longer …"
    each time a notebook connected. Loading the participants' configuration, as the server
    does, attaches a filter for that one line; other warnings still show."""
    import logging

    from jupyter_server.serverapp import ServerApp

    from course_kit.server_log import PingTimeoutNotice

    root = Path(__file__).resolve().parents[1]
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(root / "jupyter" / "participant"))
    tornado_log = logging.getLogger("tornado.general")
    before = list(tornado_log.filters)
    try:
        ServerApp().load_config_file()  # traitlets applies logging_config as it loads
        assert any(isinstance(f, PingTimeoutNotice) for f in tornado_log.filters)
        with caplog.at_level(logging.WARNING, logger="tornado.general"):
            tornado_log.warning("The websocket_ping_timeout (90000) cannot be longer than the "
                                "websocket_ping_interval (30000).\nSetting "
                                "websocket_ping_timeout=30000")
            tornado_log.warning("Malformed HTTP message from 127.0.0.1")
        assert [r.getMessage() for r in caplog.records] == [
            "Malformed HTTP message from 127.0.0.1"]
    finally:
        tornado_log.filters[:] = before


def test_make_lab_says_what_happens_and_uses_the_participant_config() -> None:
    import subprocess

    root = Path(__file__).resolve().parents[1]
    dry = subprocess.run(["make", "-n", "-W", "pyproject.toml", "lab"], cwd=root,
                         capture_output=True, text=True, check=True).stdout
    assert "jupyter/participant" in dry and "JUPYTER_CONFIG_PATH" in dry
    assert "Starting JupyterLab" in dry and "course_kit.widgets.presave" in dry
    assert "pip install --quiet" in dry
    postbuild = (root / "postBuild").read_text()
    assert "course_kit.widgets.presave" in postbuild and "jupyter/participant" in postbuild
    assert "rm -rf build ./*.egg-info" in postbuild


def test_build_folders_are_hidden_from_the_file_browser() -> None:
    from course_kit.widgets import presave

    assert {"build", "*.egg-info"} <= set(presave.HIDE_GLOBS)
    assert "__pycache__" in presave.HIDE_GLOBS  # Jupyter's own list is kept


def test_notes_typed_but_not_saved_survive_a_restart(work_dir: Path) -> None:
    box = NotesBox("m01-needs", "One need?")
    box.area.value = "Quiet study space after school"  # typed, Save not pressed
    again = NotesBox("m01-needs", "One need?")  # after a kernel restart
    assert again.area.value == "Quiet study space after school"
    assert "not saved yet" in again.messages.text
    again.save_button.click()
    assert json.loads((work_dir / "notes.json").read_text())["m01-needs"]["text"].startswith(
        "Quiet")
    assert "m01-needs" not in json.loads((work_dir / "notes-drafts.json").read_text())
    third = NotesBox("m01-needs", "One need?")
    assert "are back" in third.messages.text and "not saved" not in third.messages.text


def test_welcome_tells_what_to_run_after_a_restart_and_on_a_return_visit() -> None:
    import nbformat

    from course_kit.widgets import presave
    from course_kit.widgets.base import DEAD_WIDGET_ADVICE

    root = Path(__file__).resolve().parents[1]
    welcome = nbformat.read(root / "notebooks" / "00-welcome.ipynb", as_version=4)
    text = " ".join(" ".join(c.source.split()) for c in welcome.cells
                    if c.cell_type == "markdown")
    assert "Restart Kernel and Run All Cells" not in text  # it used to wipe what was typed
    assert "This activity appears when its cell runs" in text
    assert "This activity appears when its cell runs" in presave.RUN_AGAIN
    assert "Run All Cells" in DEAD_WIDGET_ADVICE and "no longer connected" in text
