"""Module 7's graded assessment: the round trip (right, blank, wrong), no constant strategy
beating chance, a data key that follows the data, and the feedback's figures recomputed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from course_kit.data import data_dir, load_social_posts
from course_kit.modules.module07 import engagement
from course_kit.trainer.pools import answer_keys, chance_score, constant_scores, load_pool

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = ROOT / "exercises"
POOL = EXERCISES / "pools" / "module07.toml"
RIGHT = {"q1": "a", "q2": "b", "q3": "c", "q4": "d", "q5": "False", "q6": "True",
         "q7": "5.2"}


@pytest.fixture(scope="module")
def keys():
    return answer_keys(EXERCISES, "module07")


def score(keys, answers: dict[str, str]) -> float:
    pool = load_pool(POOL)
    points = {f"test_{i.id}": i.points for i in pool.items}
    return sum(points[k] for k, key in keys.items()
               if key.check(answers.get(k.removeprefix("test_"), "____")))


def test_ten_points_eight_automatic(keys) -> None:
    pool = load_pool(POOL)
    assert sum(i.points for i in pool.items) == 8
    assert sum(m.points for m in pool.manual) == 2
    assert len(keys) == len(pool.items) == 7
    assert all(m.rubric and m.rubric[0].startswith("0 points") for m in pool.manual)


def test_round_trip_right_blank_and_wrong(keys) -> None:
    assert score(keys, RIGHT) == 8
    assert score(keys, {}) == 0
    wrong = {**RIGHT, "q1": "b", "q5": "True", "q7": "11.4"}
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


def test_the_data_key_follows_the_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       keys) -> None:
    before = keys["test_q7"].expected
    assert before == pytest.approx(5.24, abs=0.01)
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    posts = pd.read_csv(copy / "social_posts.csv", dtype=str, keep_default_na=False)
    tiktok = posts["platform"] == "TikTok"
    posts.loc[tiktok, "impressions"] = (posts.loc[tiktok, "impressions"].astype(int) * 2
                                        ).astype(str)
    posts.to_csv(copy / "social_posts.csv", index=False)
    monkeypatch.setenv("COURSE_KIT_DATA", str(copy))
    after = answer_keys(EXERCISES, "module07")["test_q7"].expected
    assert after == pytest.approx(before / 2, abs=0.01)


def test_the_feedback_figures_follow_the_data() -> None:
    """The pool's prompts and feedback: Instagram 5.8% and Facebook 4.5% per reach
    (Facebook 0.6% per follower); videos about 8% per reach; event promos 13.5 clicks
    per post against 3.0 for videos; TikTok about 11% per follower."""
    posts = load_social_posts()
    platforms = engagement.compare_bases(posts, "platform")
    assert round(platforms.loc["Instagram", "per reach %"], 1) == 5.8
    assert round(platforms.loc["Facebook", "per reach %"], 1) == 4.5
    assert round(platforms.loc["Facebook", "per followers %"], 1) == 0.6
    assert round(platforms.loc["TikTok", "per followers %"]) == 11
    types = engagement.compare_bases(posts, "post type")
    assert round(types.loc["video", "per reach %"]) == 8
    clicks = engagement.click_leaders(posts)["clicks per post"]
    assert (clicks["event promo"], clicks["video"]) == (13.5, 3.0)
