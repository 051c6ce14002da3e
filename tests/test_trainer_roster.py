"""course_kit.trainer.roster: the trainer's list of who is who, and names that are not names."""

from __future__ import annotations

from pathlib import Path

import pytest

from course_kit.trainer.roster import ROSTER_FILE, RosterError, load_roster, placeholder_reason


def test_the_roster_is_read_by_id_as_collect_makes_them(tmp_path: Path) -> None:
    (tmp_path / ROSTER_FILE).write_text(
        "\ufeffName,E-mail,ID\n"  # a spreadsheet's export: a BOM, any order, any case
        "Zoë  Smith,zoe@example.org,Zoë Smith\n"
        "王小明,,王小明\n"
        ",,\n", encoding="utf-8")
    people = load_roster(tmp_path)
    assert set(people) == {"zoë-smith", "王小明"}
    assert people["zoë-smith"].name == "Zoë Smith"
    assert people["zoë-smith"].email == "zoe@example.org"
    assert load_roster(tmp_path / "nowhere") == {}


@pytest.mark.parametrize(("text", "problem"), [
    ("name,email\nAna,a@b.org\n", "needs the columns id and name"),
    ("id,name\nana,Ana\nANA,Ana Two\n", "line 3: the id 'ANA' is there twice"),
])
def test_a_roster_that_cannot_be_used_says_why(tmp_path: Path, text: str,
                                               problem: str) -> None:
    (tmp_path / ROSTER_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(RosterError, match=problem):
        load_roster(tmp_path)


@pytest.mark.parametrize(("participant", "name", "flagged"), [
    ("ana-lopez", "Ana López", False),
    ("ada", "Ada", False),
    ("王小明", "王小明", False),
    ("ada", "ada", True),  # only the id, from the file name
    ("dee", "", True),
    ("your-name", "Your Name", True),
    ("x", "STUDENT", True),
    ("correct00", "correct00", True),
    ("js", "jsmith_2", True),
    ("js", "j.smith@example.org", True),
])
def test_placeholders_and_login_ids_are_not_names(participant: str, name: str,
                                                  flagged: bool) -> None:
    assert (placeholder_reason(participant, name) is not None) is flagged
