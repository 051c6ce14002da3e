"""Module 2's graded assessment: keys, balance, a data key that follows the data, in sync."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from course_kit.data import data_dir
from course_kit.modules.module02.analysis import share_with_jargon
from course_kit.modules.module02.checker import check_text
from course_kit.trainer.build import build_assessments
from course_kit.trainer.pools import answer_keys, chance_score, constant_scores, load_pool

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = ROOT / "exercises"
POOL = EXERCISES / "pools" / "module02.toml"
RIGHT = {"q1": "a", "q2": "b", "q3": "c", "q4": "d", "q5": "True", "q6": "False", "q7": "17"}


@pytest.fixture(scope="module")
def keys():
    return answer_keys(EXERCISES, "module02")


def score(keys, answers: dict[str, str]) -> float:
    pool = load_pool(POOL)
    points = {f"test_{i.id}": i.points for i in pool.items}
    return sum(points[k] for k, key in keys.items()
               if key.check(answers.get(k.removeprefix("test_"), "____")))


def test_ten_points_eight_automatic_every_objective(keys) -> None:
    pool = load_pool(POOL)
    assert sum(i.points for i in pool.items) == 8
    assert sum(m.points for m in pool.manual) == 2
    assert len(keys) == len(pool.items) == 7
    assert {i.objective for i in pool.items} == {1, 2, 3, 4, 5}
    assert pool.manual[0].saved_work == ("module02-rewrite", "module02-instructions")


def test_round_trip_right_blank_and_wrong(keys) -> None:
    assert score(keys, RIGHT) == 8
    assert score(keys, {}) == 0
    wrong = {**RIGHT, "q2": "a", "q5": "False", "q7": "48"}  # 48: the share before
    assert score(keys, wrong) == 4


def test_no_constant_strategy_beats_chance(keys) -> None:
    pool = load_pool(POOL)
    chance = chance_score(pool)
    assert max(constant_scores(pool).values()) <= chance
    for letter in "abcd":
        for flag in ("True", "False"):
            answers = {i.id: (letter if i.kind == "choice" else flag) for i in pool.items
                       if i.kind != "number"}
            assert score(keys, answers) <= chance


def test_the_data_key_follows_the_data(tmp_path: Path, keys, monkeypatch) -> None:
    assert keys["test_q7"].expected == pytest.approx(17)
    assert not re.search(r"\b17 ?%", _notebook_prose())  # read from the data, not the lesson
    for path in data_dir().glob("*"):
        if path.is_file():
            shutil.copy(path, tmp_path / path.name)
    replies = pd.read_csv(tmp_path / "comment_replies.csv", dtype=str, keep_default_na=False)
    after = replies["replied_on"] >= "2025-07-01"
    english = replies["language"] == "English"
    old = replies.loc[~after & english, "text"]
    with_jargon = old[old.map(lambda text: bool(check_text(text).jargon))].iloc[0]
    plain_rows = replies.index[after & english][:10]
    replies.loc[plain_rows, "text"] = with_jargon  # ten more replies with jargon after the guide
    replies.to_csv(tmp_path / "comment_replies.csv", index=False)
    monkeypatch.setenv("COURSE_KIT_DATA", str(tmp_path))
    assert share_with_jargon("after the guide") > 17 + 10


def _notebook_prose() -> str:
    import nbformat

    notebook = nbformat.read(ROOT / "notebooks" / "02-effective-communication.ipynb",
                             as_version=4)
    return "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")


def test_committed_assessment_is_what_the_pool_builds(tmp_path: Path) -> None:
    (tmp_path / "pools").mkdir()
    shutil.copy(POOL, tmp_path / "pools" / POOL.name)
    shutil.copy(EXERCISES / "nbgrader_config.py", tmp_path)
    build_assessments(tmp_path, ["module02"], release=False)
    name = "module02/module02-assessment.ipynb"
    built = json.loads((tmp_path / "source" / name).read_text())
    committed = json.loads((EXERCISES / "source" / name).read_text())
    assert built == committed, "run `course-kit build module02`"
    release = (EXERCISES / "release" / name).read_text()
    assert "BEGIN SOLUTION" not in release
    assert "seven days" not in release  # the trainer's example answer stays trainer-side


# The graded round trip (right answers earn every automatic point, a blank none, no
# constant answer beats chance) runs for every module in one `course-kit grade` batch:
# tests/test_assessments.py::test_every_module_graded_end_to_end.
