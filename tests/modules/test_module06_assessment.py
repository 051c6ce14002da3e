"""Module 6's graded assessment: keys, balance, a data key that follows the data, in sync."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from course_kit.data import data_dir
from course_kit.modules.module06.recommender import share_also_borrowed
from course_kit.trainer.build import build_assessments
from course_kit.trainer.pools import answer_keys, chance_score, constant_scores, load_pool

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = ROOT / "exercises"
POOL = EXERCISES / "pools" / "module06.toml"
RIGHT = {"q1": "a", "q2": "b", "q3": "c", "q4": "True", "q5": "d", "q6": "False", "q7": "73.7"}


@pytest.fixture(scope="module")
def keys():
    return answer_keys(EXERCISES, "module06")


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
    assert {i.objective for i in pool.items} == {1, 2, 3, 4, 5, 6}
    assert pool.manual[0].saved_work == ("module06-learning-plan", "module06-program")


def test_round_trip_right_blank_and_wrong(keys) -> None:
    assert score(keys, RIGHT) == 8
    assert score(keys, {}) == 0
    wrong = {**RIGHT, "q2": "a", "q4": "False", "q7": "28"}
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


def test_the_data_key_follows_the_data(tmp_path: Path, keys) -> None:
    assert keys["test_q7"].expected == pytest.approx(100 * 28 / 38, abs=0.05)
    for path in data_dir().glob("*"):
        if path.is_file():
            shutil.copy(path, tmp_path / path.name)
    loans = pd.read_csv(tmp_path / "loans.csv", dtype=str, keep_default_na=False)
    lantern = set(loans.loc[loans["item_id"] == "I01772", "patron_id"])
    ferry = set(loans.loc[loans["item_id"] == "I01764", "patron_id"])
    newcomers = sorted(lantern - ferry)[:2]
    extra = pd.DataFrame({"loan_id": ["L999998", "L999999"], "patron_id": newcomers,
                          "item_id": "I01764", "loaned_on": "2025-12-30",
                          "branch_id": "CEN", "format": "ebook"})
    pd.concat([loans, extra]).to_csv(tmp_path / "loans.csv", index=False)
    changed = share_also_borrowed("I01772", "I01764", directory=tmp_path)
    assert changed == pytest.approx(100 * 30 / 38)


def test_committed_assessment_is_what_the_pool_builds(tmp_path: Path) -> None:
    (tmp_path / "pools").mkdir()
    shutil.copy(POOL, tmp_path / "pools" / POOL.name)
    shutil.copy(EXERCISES / "nbgrader_config.py", tmp_path)
    build_assessments(tmp_path, ["module06"], release=False)
    name = "module06/module06-assessment.ipynb"
    built = json.loads((tmp_path / "source" / name).read_text())
    committed = json.loads((EXERCISES / "source" / name).read_text())
    assert built == committed, "run `course-kit build module06`"
    release = (EXERCISES / "release" / name).read_text()
    assert "BEGIN SOLUTION" not in release and "full-mark" not in release
    assert "Teen Tech Lab" not in release  # the trainer's example answer stays trainer-side
