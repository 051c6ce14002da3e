"""The graded assessments: built from the pools, keys on the trainer's side, fair to guessers.

Every module with a pool is checked the same way; Module 1 is also graded end to end with
``course-kit grade`` (the sandboxed nbgrader autograder), with and without a cohort secret.
"""

from __future__ import annotations

import importlib
import json
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from course_kit.manifest import find
from course_kit.trainer.build import assessment_notebook, build_assessments, notebook_name
from course_kit.trainer.pools import (
    PoolError,
    answer_keys,
    chance_score,
    constant_scores,
    load_pool,
    shuffled,
)
from tests.trainer_cohort import fill

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ROOT / "exercises"
POOLS = sorted((EXERCISES / "pools").glob("module*.toml"))


def _course(tmp: Path, modules: list[str]) -> Path:
    course = tmp / "course"
    course.mkdir(parents=True)
    shutil.copy(EXERCISES / "nbgrader_config.py", course)
    (course / "pools").mkdir()
    for module in modules:
        shutil.copy(EXERCISES / "pools" / f"{module}.toml", course / "pools")
    return course


def test_every_module_with_a_manifest_has_a_pool() -> None:
    from course_kit.manifest import manifests

    with_notebook = [m.id for m in manifests() if (ROOT / "notebooks" / m.notebook).exists()]
    assert with_notebook and set(with_notebook) <= {p.stem for p in POOLS}


@pytest.mark.parametrize("path", POOLS, ids=lambda p: p.stem)
def test_pool_is_sound(path: Path) -> None:
    pool = load_pool(path)
    manifest = find(pool.module)
    assert manifest is not None, f"{pool.module} has no manifest"
    assert 8 <= pool.total_points <= 12 and pool.manual, "about 10 points, a part by hand"
    assert {i.objective for i in pool.items} <= set(range(1, len(manifest.objectives) + 1))
    assert any(i.kind == "number" for i in pool.items), "one question about the data"
    for part in pool.manual:
        assert len(part.rubric) == int(part.points) + 1  # an anchored level per point


@pytest.mark.parametrize("path", POOLS, ids=lambda p: p.stem)
def test_no_constant_answer_beats_chance(path: Path) -> None:
    pool = load_pool(path)
    chance = chance_score(pool)
    for secret in ("", "cohort-spring", "cohort-autumn", "x" * 40):
        scores = constant_scores(shuffled(pool, secret))
        assert max(scores.values()) <= chance + 1e-9, (secret, scores, chance)


@pytest.mark.parametrize("path", POOLS, ids=lambda p: p.stem)
def test_graded_items_are_not_the_self_checks(path: Path) -> None:
    """The notebook's self-checks have Solution buttons: the graded items must differ."""
    pool = load_pool(path)
    quiz = importlib.import_module(f"course_kit.modules.{pool.module}.selfcheck").quiz
    checks = {" ".join(q.prompt.split()).lower() for q in quiz}
    for item in pool.items:
        assert " ".join(item.prompt.split()).lower() not in checks, item.id


def test_the_package_holds_no_graded_item() -> None:
    """Participants' kernels import course_kit: no graded prompt or choice lives there."""
    texts = [p.read_text(encoding="utf-8", errors="ignore")
             for p in (ROOT / "course_kit").rglob("*") if p.is_file()
             and p.suffix in {".py", ".toml", ".json", ".txt", ".csv", ".md"}]
    blob = " ".join(" ".join(t.split()) for t in texts)
    for path in POOLS:
        for item in load_pool(path).items:
            for text in (item.prompt, *item.choices):
                words = " ".join(text.split())
                if len(words) > 30:
                    assert words not in blob, (path.stem, item.id, words[:50])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every module's assessment built from its pool (published order) in one course."""
    course = _course(tmp_path_factory.mktemp("built"), [p.stem for p in POOLS])
    build_assessments(course, [p.stem for p in POOLS])
    return course


@pytest.mark.parametrize("path", POOLS, ids=lambda p: p.stem)
def test_committed_assessment_is_what_the_pool_builds(path: Path, built: Path) -> None:
    """source/ and release/ are generated (`course-kit build`); a rebuild changes nothing."""
    module = path.stem
    for kind in ("source", "release"):
        new = built / kind / module / notebook_name(module)
        old = EXERCISES / kind / module / notebook_name(module)
        assert old.exists(), f"{old} is missing: run `course-kit build {module}`"
        assert json.loads(new.read_text()) == json.loads(old.read_text()), (
            f"{old} is out of date: run `course-kit build {module}`")


@pytest.mark.parametrize("path", POOLS, ids=lambda p: p.stem)
def test_release_holds_no_key(path: Path) -> None:
    pool = load_pool(path)
    text = (EXERCISES / "release" / pool.module / notebook_name(pool.module)).read_text()
    assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
    assert "course-kit grade" not in text and "__import__" not in text
    assert "trainers only" not in text
    nb = nbformat.reads(text, as_version=4)
    answers = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")
               and c.cell_type == "code"]
    assert len(answers) == len(pool.items)
    assert all("____" in c.source for c in answers)


def test_a_broken_pool_is_named(tmp_path: Path) -> None:
    text = (EXERCISES / "pools" / "module01.toml").read_text()
    bad = tmp_path / "module01.toml"
    bad.write_text(text.replace('answer = "c"', 'answer = "z"', 1))
    with pytest.raises(PoolError, match=r"module01.toml, item 1 \(q1\).*'z'"):
        load_pool(bad)
    bad.write_text(text.replace('rubric = [\n  "0 points', 'rubric = [\n  "0 points', 1)
                   .replace('"2 points: A persona', '"two: A persona', 1)
                   .replace('  "1 point: A persona drawn from a segment', '  "X', 1)
                   .replace('"X', '', 1))
    with pytest.raises(PoolError):
        load_pool(bad)


def test_keys_follow_the_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A trainer's own data (COURSE_KIT_DATA) moves the data questions' keys with it."""
    from course_kit.data import data_dir
    from course_kit.modules.module01.selfcheck import quiz

    before = answer_keys(EXERCISES, "module01")["test_q7"].expected
    check_before = quiz.q7.expected()
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    patrons = pd.read_csv(copy / "patrons.csv", dtype=str, keep_default_na=False)
    young = patrons.index[patrons["age_band"] == "18-34"]
    patrons = patrons.drop(young[: len(young) // 2])   # half the young adults' cards go
    south = patrons.index[patrons["neighbourhood_id"] == "N4"]
    patrons = patrons.drop(south[: len(south) // 3])
    patrons.to_csv(copy / "patrons.csv", index=False)
    monkeypatch.setenv("COURSE_KIT_DATA", str(copy))
    after = answer_keys(EXERCISES, "module01")["test_q7"].expected
    assert after is not None and before is not None and after < before - 10
    assert quiz.q7.expected() < check_before - 5


def test_source_is_a_valid_nbgrader_notebook() -> None:
    pool = load_pool(EXERCISES / "pools" / "module01.toml")
    nb = assessment_notebook(pool, find("module01"))
    nbformat.validate(nb)
    graded = [c for c in nb.cells if c.metadata["nbgrader"]["grade"]]
    assert sum(c.metadata["nbgrader"]["points"] for c in graded) == pool.total_points
    ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells]
    assert len(ids) == len(set(ids))


# -- every module graded end to end, in one batch --------------------------------------------
MODULE_POOLS = [p for p in POOLS if p.stem.startswith("module")]


def _published_answers(pool_path: Path, constant: tuple[str, str] | None = None
                       ) -> dict[str, str]:
    """Answers as a participant types them: the published keys, or one constant everywhere."""
    from course_kit.trainer.pools import expected_value

    pool = load_pool(pool_path)
    answers = {}
    for item in pool.items:
        if constant is not None:
            answers[item.var] = {"choice": repr(constant[0]), "truefalse": constant[1],
                                 "number": "0"}[item.kind]
        elif item.kind == "choice":
            answers[item.var] = repr(item.answer)
        elif item.kind == "truefalse":
            answers[item.var] = "True" if item.answer == "true" else "False"
        else:
            answers[item.var] = f"{expected_value(item.expected, item.args):.4f}"
    return answers


@pytest.mark.slow
def test_every_module_graded_end_to_end(built: Path, tmp_path: Path) -> None:
    """One `course-kit grade` batch over every module's release (the committed one, as the
    drift test shows): the published keys earn every automatic point and a constant answer
    no more than chance; for Module 1 also a blank notebook (0) and a second constant. (Every
    constant strategy is checked against chance for every pool without grading, above.)"""
    from course_kit.trainer.grade import grade_course

    course = tmp_path / "course"
    shutil.copytree(built, course)
    expected: dict[tuple[str, str], tuple[str, float]] = {}
    for pool_path in MODULE_POOLS:
        module = pool_path.stem
        pool = load_pool(pool_path)
        release = course / "release" / module / notebook_name(module)
        chance = chance_score(pool)
        subs = {"right": (fill(release, _published_answers(pool_path), "My work."),
                          ("==", pool.auto_points)),
                "const-a": (fill(release, _published_answers(pool_path, ("a", "True")), None),
                            ("<=", chance))}
        if module == "module01":  # the same code grades every module: these once suffice
            subs["blank"] = (nbformat.read(release, as_version=4), ("==", 0.0))
            subs["const-c"] = (fill(release, _published_answers(pool_path, ("c", "False")),
                                    None), ("<=", chance))
        for who, (nb, rule) in subs.items():
            folder = course / "submitted" / who / module
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / notebook_name(module))
            expected[(who, module)] = rule
    summary = grade_course(course, jobs=2, progress=False)
    got = {(r["participant"], r["module"]): r["score"] for r in summary.rows}
    assert set(got) == set(expected)
    for key, (op, value) in expected.items():
        score = float(got[key])
        assert (score == value) if op == "==" else (score <= value + 1e-9), (key, score, value)


# -- Module 1 graded end to end -------------------------------------------------------------
RIGHT = {"answer_q1": "c", "answer_q2": '"d"', "answer_q3": "A", "answer_q4": "no",
         "answer_q5": '" b "', "answer_q6": "True"}


def _right_q7() -> str:
    from course_kit.modules.module01.analysis import cards_per_100

    return repr(f"{cards_per_100('18-34'):.1f}".replace(".", ","))  # "46,0": a decimal comma


def _letters_for(release: Path) -> dict[str, str]:
    """The right letters in a (possibly shuffled) release, found by the right choice's text."""
    pool = load_pool(EXERCISES / "pools" / "module01.toml")
    nb = nbformat.read(release, as_version=4)
    out = {}
    for item in pool.items:
        if item.kind != "choice":
            continue
        right = item.choices[item.letters.index(item.answer)]
        cell = next(c for c in nb.cells
                    if c.metadata.get("nbgrader", {}).get("grade_id") == f"question_{item.id}")
        line = next(x for x in cell.source.splitlines() if x.endswith(right))
        out[item.var] = repr(line.split("**")[1].rstrip(")"))
    return out


@pytest.mark.slow
def test_a_cohort_secret_reshuffles_module01(tmp_path: Path) -> None:
    """Released with the cohort's secret, the right answers still earn every point, while the
    public kit's letters copied blindly do not."""
    from course_kit.trainer.grade import grade_course

    cohort = _course(tmp_path / "c", ["module01"])
    (cohort / "course.toml").write_text('[course]\ncohort_secret = "spring-cohort-7f3a"\n')
    build_assessments(cohort, ["module01"], secret="spring-cohort-7f3a")
    release = cohort / "release" / "module01" / notebook_name("module01")
    right = {**RIGHT, "answer_q7": _right_q7()}
    shuffled_letters = _letters_for(release)
    assert shuffled_letters != {k: repr(v.strip('"')) for k, v in RIGHT.items()
                                if k in shuffled_letters}
    for who, nb in {"right": fill(release, {**right, **shuffled_letters}, None),
                    "copied-published-letters": fill(release, right, None)}.items():
        folder = cohort / "submitted" / who / "module01"
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / notebook_name("module01"))
    scores = {r["participant"]: r["score"]
              for r in grade_course(cohort, jobs=2, progress=False).rows}
    assert scores["right"] == 8
    assert scores["copied-published-letters"] < 8
