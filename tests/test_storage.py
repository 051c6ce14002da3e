import json
import os
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from course_kit.storage import WorkStore, find_project_root, zip_work
from course_kit.storage import work_dir as work_dir_fn


def test_work_dir_is_the_override(work_dir: Path) -> None:
    assert work_dir_fn() == work_dir
    assert work_dir.is_dir()


def test_save_then_load_round_trip(work_dir: Path) -> None:
    store = WorkStore("module01-persona")
    path = store.save({"name": "Rosa", "goals": ["read"]})
    assert path == work_dir / "module01-persona.json"
    assert WorkStore("module01-persona").load() == {"name": "Rosa", "goals": ["read"]}


def test_missing_file_loads_empty(work_dir: Path) -> None:
    store = WorkStore("nothing-yet")
    assert store.load() == {}
    assert store.notice == ""


def test_save_leaves_no_temporary_files(work_dir: Path) -> None:
    store = WorkStore("notes")
    for i in range(5):
        store.save({"i": i})
    assert sorted(p.name for p in work_dir.iterdir()) == ["notes.json"]
    assert store.load() == {"i": 4}


def test_failed_write_keeps_old_file(work_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = WorkStore("notes")
    store.save({"text": "first"})

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        store.save({"text": "second"})
    monkeypatch.undo()
    assert json.loads((work_dir / "notes.json").read_text()) == {"text": "first"}
    assert [p.name for p in work_dir.iterdir()] == ["notes.json"]


@pytest.mark.parametrize("content", ["{not json", "[1, 2, 3]", "\udcff"])
def test_corrupt_file_is_set_aside_and_explained(work_dir: Path, content: str) -> None:
    path = work_dir / "notes.json"
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    store = WorkStore("notes")
    assert store.load() == {}
    assert "could not be read" in store.notice and "nothing was deleted" in store.notice
    backups = list(work_dir.glob("notes.damaged-*.json"))
    assert len(backups) == 1
    assert backups[0].read_bytes() == content.encode("utf-8", "surrogateescape")
    assert not path.exists()


def test_unsafe_names_stay_inside_the_folder(work_dir: Path) -> None:
    store = WorkStore("../../etc/passwd")
    assert store.path.parent == work_dir
    with pytest.raises(ValueError):
        _ = WorkStore("../").path


def test_zip_contains_saved_work(work_dir: Path) -> None:
    WorkStore("a").save({"x": 1})
    (work_dir / "persona-rosa.md").write_text("# Rosa")
    archive = zipfile.ZipFile(BytesIO(zip_work()))
    assert sorted(archive.namelist()) == ["my_work/a.json", "my_work/persona-rosa.md"]


def test_project_root_found_from_notebooks_folder() -> None:
    root = Path(__file__).resolve().parents[1]
    assert find_project_root(root / "notebooks") == root
    assert find_project_root(Path("/")) is None


# -- issue 9 ------------------------------------------------------------------------------
def test_temporaries_of_interrupted_saves_are_cleaned_up(work_dir: Path) -> None:
    old = work_dir / ".answers.abc123.tmp"  # what a kill -9 during a save leaves behind
    old.write_text('{"half": ')
    os.utime(old, (1_000_000_000, 1_000_000_000))
    fresh = work_dir / ".answers.def456.tmp"  # a save in progress in another kernel
    fresh.write_text("{}")
    other = work_dir / ".notes.abc123.tmp"
    other.write_text("{}")
    os.utime(other, (1_000_000_000, 1_000_000_000))
    WorkStore("answers").load()
    assert not old.exists() and fresh.exists()
    assert other.exists()  # another file's leftovers are cleaned when that file is read
    WorkStore("notes").load()
    assert not other.exists()


def test_damaged_answers_file_gets_a_message_in_the_question(work_dir: Path) -> None:
    from course_kit.exercises import ChoiceExercise, answer_hash
    from course_kit.widgets import QuestionView

    (work_dir / "answers.json").write_text('{"m01.q1": "b", ')
    q = ChoiceExercise(id="m01.q1", prompt="Pick", var="answer_1",
                       choices={"a": "apple", "b": "banana"},
                       answer_sha256=answer_hash("m01.q1", "b"))
    view = QuestionView(q)
    assert view.messages.kind == "warning"
    assert "answers.json could not be read" in view.messages.text
    assert list(work_dir.glob("answers.damaged-*.json"))


def test_zip_leaves_out_checkpoints_and_hidden_files(work_dir: Path) -> None:
    from course_kit.widgets import DownloadWork

    (work_dir / "persona-rosa.md").write_text("# Rosa")
    checkpoints = work_dir / ".ipynb_checkpoints"
    checkpoints.mkdir()
    (checkpoints / "persona-rosa-checkpoint.md").write_text("# old Rosa")
    (work_dir / ".answers.x.tmp").write_text("{")
    names = zipfile.ZipFile(BytesIO(zip_work())).namelist()
    assert names == ["my_work/persona-rosa.md"]
    widget = DownloadWork()
    widget.button.click()
    assert "(1 files)" in widget.link.value or "(1 file)" in widget.link.value


def test_work_dir_prints_as_a_plain_folder(work_dir: Path) -> None:
    from IPython.lib.pretty import pretty

    assert pretty(work_dir_fn()) == str(work_dir)
