"""course_kit.trainer.collect: folders and zips as trainers receive them."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import nbformat
import pytest

from course_kit.trainer.collect import collect, participant_id
from tests.trainer_cohort import NB1, RIGHT, fill, make_course


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_course(tmp_path_factory.mktemp("collect") / "course", modules=("module01",))


def _nb(course: Path, answers: dict[str, str] | None = None) -> str:
    return nbformat.writes(fill(course / "release" / "module01" / NB1, answers or RIGHT, None))


def test_both_layouts_and_reasons_for_what_cannot_be_placed(course: Path,
                                                            tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "Ana Lopez" / "module01").mkdir(parents=True)
    (inbox / "Ana Lopez" / "module01" / NB1).write_text(_nb(course))
    (inbox / "bo_module01.ipynb").write_text(_nb(course))
    (inbox / "Cy Moss_Module01.ipynb").write_text(_nb(course))  # as typed in an e-mail
    (inbox / "notes.txt").write_text("not a notebook")
    (inbox / "cat_module09.ipynb").write_text(_nb(course))
    (inbox / "dan_module01.ipynb").write_text("{not json")
    (inbox / "eli" / "module01").mkdir(parents=True)
    (inbox / "eli" / "module01" / "other.ipynb").write_text(_nb(course))
    (inbox / "link_module01.ipynb").symlink_to("/etc/passwd")
    (inbox / NB1).write_text(_nb(course))  # the assessment as is: whose?
    report = collect(course, inbox)
    placed = {(p.participant, p.module, p.action) for p in report.placed}
    assert placed == {("ana-lopez", "module01", "new"), ("bo", "module01", "new"),
                      ("cy-moss", "module01", "new")}
    reasons = {Path(s.source).name: s.reason for s in report.skipped}
    assert "not a notebook" in reasons["notes.txt"]
    assert "cannot tell the module" in reasons["cat_module09.ipynb"]
    assert "not a valid notebook: the file is damaged" in reasons["dan_module01.ipynb"]
    assert "does not appear to be JSON" not in reasons["dan_module01.ipynb"]
    assert "no notebook called other.ipynb" in reasons["other.ipynb"]
    assert "symbolic link" in reasons["link_module01.ipynb"]
    assert reasons[NB1].startswith("cannot tell whose notebook this is: rename it "
                                   "<name>_module01.ipynb")
    assert set(report.new_participants) == {"ana-lopez", "bo", "cy-moss"}
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        assert {"ana-lopez", "bo", "cy-moss"} <= {s.id for s in gb.students}


def test_a_resubmission_keeps_the_earlier_one_aside(course: Path, tmp_path: Path) -> None:
    first = tmp_path / "first"
    first.mkdir()
    (first / "fay_module01.ipynb").write_text(_nb(course))
    collect(course, first)
    again = collect(course, first)
    assert again.placed == [] and [p.action for p in again.unchanged] == ["unchanged"]
    assert again.summary(first) == "0 placed, 1 already collected, 0 not placed."
    empty = tmp_path / "empty"
    empty.mkdir()
    assert collect(course, empty).summary(empty).startswith(f"No notebooks found in {empty}:")
    second = tmp_path / "second.zip"
    with zipfile.ZipFile(second, "w") as zf:
        zf.writestr("fay_module01.ipynb", _nb(course, {**RIGHT, "answer_q1": '"a"'}))
        zf.writestr("../evil_module01.ipynb", _nb(course))
    report = collect(course, second)
    (placed,) = report.placed
    assert placed.action == "replaced" and "superseded" in placed.kept_aside
    kept = course / placed.kept_aside / NB1
    assert kept.exists() and '\\"b\\"' in kept.read_text()
    current = (course / "submitted" / "fay" / "module01" / NB1).read_text()
    assert '\\"a\\"' in current
    assert any("unsafe path" in s.reason for s in report.skipped)
    assert any("kept in" in line for line in report.lines())


def test_participant_ids_are_safe() -> None:
    assert participant_id("  Zoë O'Brien ") == "zoë-o-brien"
    assert participant_id("../../etc") == "etc"
    assert participant_id("..") == "" and participant_id("a/../b") == "a-..-b"


def test_different_people_keep_different_ids_and_their_names(course: Path,
                                                              tmp_path: Path) -> None:
    import unicodedata

    inbox = tmp_path / "unicode"
    inbox.mkdir()
    for name in ("Zoë Smith", "Zoé Smith", "王小明"):
        (inbox / f"{name}_module01.ipynb").write_text(_nb(course))
    nfd = unicodedata.normalize("NFD", "Zoë Smith")  # the same name, typed on a Mac
    (inbox / "later").mkdir()
    (inbox / "later" / f"{nfd}_module01.ipynb").write_text(_nb(course))
    (inbox / "zoe.smith_module01.ipynb").write_text(_nb(course))
    (inbox / "ZOË-SMITH_module01.ipynb").write_text(_nb(course))  # the same person again
    report = collect(course, inbox)
    ids = sorted(p.participant for p in report.placed)
    assert ids == sorted(["zoë-smith", "zoé-smith", "王小明", "zoe.smith"])
    assert not [s for s in report.skipped if "Zoé" in s.source or "王" in s.source]
    assert sum("an older copy of zoë-smith/" in s.reason for s in report.skipped) == 2
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        student = gb.find_student("zoé-smith")
        assert (student.first_name, student.last_name) == ("Zoé", "Smith")
        assert gb.find_student("王小明").first_name == "王小明"


def test_a_zip_is_read_within_a_total_size_limit(course: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from course_kit.trainer import collect as module

    monkeypatch.setattr(module, "MAX_ZIP_BYTES", 3_000_000)
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(6):
            zf.writestr(f"p{i}_module01.ipynb", b" " * 1_000_000)
    report = collect(course, bomb)
    assert sum("more than 3 MB in all" in s.reason for s in report.skipped) == 3


def test_a_damaged_zip_gets_a_plain_reason_not_a_traceback(course: Path,
                                                            tmp_path: Path) -> None:
    """A download cut short, or a file damaged inside the zip, is named with what to do."""
    good = tmp_path / "good.zip"
    with zipfile.ZipFile(good, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("hal_module01.ipynb", _nb(course))
        zf.writestr("ida_module01.ipynb", _nb(course))
    data = bytearray(good.read_bytes())
    start = data.index(b"hal_module01.ipynb") + len("hal_module01.ipynb")
    for i in range(start + 200, start + 260):  # inside hal's compressed bytes
        data[i] ^= 0xFF
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(data))
    report = collect(course, damaged)
    assert [p.participant for p in report.placed] == ["ida"]
    assert [(s.source, "damaged in the zip" in s.reason) for s in report.skipped] == [
        ("hal_module01.ipynb", True)]
    cut = tmp_path / "cut.zip"
    cut.write_bytes(good.read_bytes()[:300])
    report = collect(course, cut)
    assert report.placed == [] and len(report.skipped) == 1
    assert "cannot be opened as a zip" in report.skipped[0].reason
    assert "not a notebook" not in report.skipped[0].reason


def test_timestamps_come_from_the_hand_in(course: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "stamped" / "gil" / "module01"
    inbox.mkdir(parents=True)
    (inbox / NB1).write_text(_nb(course))
    (inbox / "timestamp.txt").write_text("2025-01-20 09:00:00 UTC")
    collect(course, tmp_path / "stamped")
    stamp = (course / "submitted" / "gil" / "module01" / "timestamp.txt").read_text()
    assert stamp.startswith("2025-01-20 09:00:00")
    shutil.rmtree(course / "submitted" / "gil")


def test_names_as_typed_or_from_the_roster_and_placeholders_reported(
        course: Path, tmp_path: Path) -> None:
    from nbgrader.api import Gradebook

    roster = course / "roster.csv"
    roster.write_text("id,name,email\nGus Grey,Gustav Grey,gus@example.org\n",
                      encoding="utf-8")
    inbox = tmp_path / "names"
    inbox.mkdir()
    for stem in ("Zoë O'Neil", "gus grey", "Your Name", "correct00"):
        (inbox / f"{stem}_module01.ipynb").write_text(_nb(course))
    try:
        report = collect(course, inbox)
    finally:
        roster.unlink()
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        zoe = gb.find_student(participant_id("Zoë O'Neil"))
        assert (zoe.first_name, zoe.last_name) == ("Zoë", "O'Neil")  # as typed
        gus = gb.find_student("gus-grey")
        assert (gus.first_name, gus.last_name, gus.email) == ("Gustav", "Grey",
                                                              "gus@example.org")
    checks = [line for line in report.lines() if line.startswith("check the name of")]
    assert len(checks) == 2, checks
    assert any("your-name" in line and "form's example" in line for line in checks)
    assert any("correct00" in line and "roster.csv" in line for line in checks)
