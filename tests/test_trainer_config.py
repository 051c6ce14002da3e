"""course_kit.trainer.config: course.toml and nbgrader's db_url."""

from __future__ import annotations

from pathlib import Path

import pytest

from course_kit.trainer.config import Limits, course_id, db_url, load_config

ROOT = Path(__file__).resolve().parents[1]


def test_the_example_config_reads() -> None:
    config = load_config(ROOT / "exercises")
    assert config.title == "Building Relationships with Library Users"
    assert config.module("module01").hours == 2 and 0 < config.pass_threshold <= 1
    assert config.limits == Limits()


def test_defaults_without_a_file(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config.pass_threshold == 0.7 and config.module("x").hours == 0
    assert db_url(tmp_path) == f"sqlite:///{tmp_path.resolve() / 'gradebook.db'}"
    assert course_id(tmp_path) == "default_course"


def test_bad_threshold_is_named(tmp_path: Path) -> None:
    (tmp_path / "course.toml").write_text("[course]\npass_threshold = 70\n")
    with pytest.raises(ValueError, match="pass_threshold"):
        load_config(tmp_path)


def test_db_url_from_nbgrader_config(tmp_path: Path) -> None:
    (tmp_path / "nbgrader_config.py").write_text(
        "c = get_config()\nc.CourseDirectory.db_url = 'postgresql://x@h/db'\n"
        "c.CourseDirectory.course_id = 'c1'\n")
    assert db_url(tmp_path) == "postgresql://x@h/db" and course_id(tmp_path) == "c1"


def test_a_broken_settings_file_or_roster_gets_one_plain_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A typo in course.toml or roster.csv: the file and what is wrong, no traceback."""
    import shutil

    from click.testing import CliRunner

    from course_kit.cli import main

    course = tmp_path / "course"
    shutil.copytree(ROOT / "tests" / "fixtures" / "course", course)
    monkeypatch.chdir(tmp_path)
    toml = course / "course.toml"
    cases = {
        ("certificates", "[course\ntitle = 1\n"): "cannot be read: Expected ']'",
        ("certificates", '[course]\npass_threshold = "half"\n'):
            "course.pass_threshold must be a number, not 'half'",
        ("grade", "[grading]\ncell_timout = 5\n"):
            "[grading] has no setting cell_timout; its settings are cell_timeout,",
    }
    for (command, text), words in cases.items():
        toml.write_text(text)
        result = CliRunner().invoke(main, [command, "--course", str(course)])
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert result.exit_code == 1 and len(lines) == 1, (text, result.output)
        assert words in lines[0], (text, lines)
    toml.unlink()
    (course / "roster.csv").write_text("who,email\nada,a@example.org\n")
    result = CliRunner().invoke(main, ["report", "--course", str(course)])
    assert result.exit_code == 1 and result.output.strip().endswith(
        "roster.csv needs the columns id and name (and e-mail if you like); it has: who, "
        "email"), result.output
