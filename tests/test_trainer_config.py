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
