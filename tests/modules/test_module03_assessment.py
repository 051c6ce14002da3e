"""Module 3's graded assessment: keys, balance, a data key that follows the data, in sync."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from course_kit.data import data_dir
from course_kit.modules.module03.analysis import lapsed_percent
from course_kit.trainer.build import build_assessments
from course_kit.trainer.pools import answer_keys, chance_score, constant_scores, load_pool

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = ROOT / "exercises"
POOL = EXERCISES / "pools" / "module03.toml"
RIGHT = {"q1": "b", "q2": "d", "q3": "False", "q4": "c", "q5": "a", "q6": "True", "q7": "31.2"}


@pytest.fixture(scope="module")
def keys():
    return answer_keys(EXERCISES, "module03")


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
    assert pool.manual[0].saved_work == ("module03-privacy", "module03-followups")


def test_round_trip_right_blank_and_wrong(keys) -> None:
    assert score(keys, RIGHT) == 8
    assert score(keys, {}) == 0
    wrong = {**RIGHT, "q4": "b", "q6": "False", "q7": "35.3"}  # k = 2; the 65+ row
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


def test_the_hand_made_table_in_q4_has_k_1() -> None:
    """The table printed in question 4, counted with the package: the key is c) 1."""
    from course_kit.modules.module03.privacy import k_anonymity

    item = next(i for i in load_pool(POOL).items if i.id == "q4")
    rows = [line.strip("| ").split(" | ") for line in item.prompt.splitlines()
            if line.startswith("| ") and "---" not in line][1:]
    table = pd.DataFrame(rows, columns=["age_band", "neighbourhood"])
    assert len(table) == 6
    assert k_anonymity(table, ["age_band", "neighbourhood"]) == 1
    assert item.choices[2] == "1"


def test_the_data_key_follows_the_data(tmp_path: Path, keys, monkeypatch) -> None:
    assert keys["test_q7"].expected == pytest.approx(31.2)
    for path in data_dir().glob("*"):
        if path.is_file():
            shutil.copy(path, tmp_path / path.name)
    patrons = pd.read_csv(tmp_path / "patrons.csv", dtype=str, keep_default_na=False)
    active = patrons.index[(patrons["age_band"] == "18-34")
                           & (patrons["last_active_on"] >= "2025-01-01")][:247]
    patrons.loc[active, "last_active_on"] = "2024-06-30"  # 247 more lapsed cards of 2,468
    patrons.to_csv(tmp_path / "patrons.csv", index=False)
    monkeypatch.setenv("COURSE_KIT_DATA", str(tmp_path))
    assert lapsed_percent("18-34") == pytest.approx(31.2 + 10, abs=0.1)


def test_committed_assessment_is_what_the_pool_builds(tmp_path: Path) -> None:
    (tmp_path / "pools").mkdir()
    shutil.copy(POOL, tmp_path / "pools" / POOL.name)
    shutil.copy(EXERCISES / "nbgrader_config.py", tmp_path)
    build_assessments(tmp_path, ["module03"], release=False)
    name = "module03/module03-assessment.ipynb"
    built = json.loads((tmp_path / "source" / name).read_text())
    committed = json.loads((EXERCISES / "source" / name).read_text())
    assert built == committed, "run `course-kit build module03`"
    release = (EXERCISES / "release" / name).read_text()
    assert "BEGIN SOLUTION" not in release
    assert "after 10" not in release  # the trainer's example answer stays trainer-side
