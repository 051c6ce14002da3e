"""The graded item pools: what each module's assessment asks, and the keys, trainer's side.

A module's graded items live in the nbgrader course, ``<course>/pools/moduleNN.toml``
(``exercises/pools/`` in the kit), never in the ``course_kit`` package that participants'
kernels import, never in the release. ``course-kit build`` turns a pool into the nbgrader
source notebook (solutions and rubric included) and the release; ``course-kit release``
does the same with the cohort's secret, which reshuffles the choices so the public kit's
published keys do not fit a cohort's notebooks. ``course-kit grade`` checks each answer
outside the participant's kernel, by grade id, with :func:`answer_keys`.

The keys come from the source notebook that was released (the letter in each solution
region), so grading always matches what participants were given; the kind of answer, the
tolerance and the data function of a number item come from the pool. A number item's key
is computed from the data when grading, so it follows the library's own data.
"""

from __future__ import annotations

import ast
import hashlib
import hmac
import importlib
import math
import random
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from course_kit.assessment import normalise_bool, normalise_choice, parse_number

__all__ = [
    "Item",
    "Key",
    "Manual",
    "Pool",
    "PoolError",
    "answer_keys",
    "chance_score",
    "constant_scores",
    "load_pool",
    "pool_path",
    "shuffled",
]

Kind = Literal["choice", "truefalse", "number"]
LETTERS = "abcdefgh"


class PoolError(ValueError):
    """A pool that cannot be used; the message names the file and the item."""


@dataclass(frozen=True)
class Item:
    """One automatically graded question."""

    id: str
    kind: Kind
    points: float
    objective: int
    prompt: str
    feedback: str
    choices: tuple[str, ...] = ()
    answer: str = ""
    """The key: a letter for a choice, ``"true"``/``"false"``; empty for a number item."""
    data: str = ""
    expected: str = ""
    """``module:function`` computing a number item's answer from the data."""
    args: tuple[str, ...] = ()
    """Arguments given to that function (text)."""
    tolerance: float = 0.5

    @property
    def var(self) -> str:
        """The variable the participant sets: ``answer_q1``."""
        return f"answer_{self.id}"

    @property
    def test_id(self) -> str:
        """The grade id of the item's test cell: ``test_q1``."""
        return f"test_{self.id}"

    @property
    def letters(self) -> str:
        """The letters of the choices: ``abcd``."""
        return LETTERS[: len(self.choices)]

    def key(self, answer: str | None = None) -> Key:
        """How to check this item outside the kernel: ``answer`` (as released) or the pool's.

        A number item's key is computed from the data now (raises if it cannot be).
        """
        if self.kind == "number":
            return Key(self.test_id, self.var, "number",
                       expected=expected_value(self.expected, self.args),
                       tolerance=self.tolerance)
        return Key(self.test_id, self.var, self.kind, letters=self.letters,
                   answer=self.answer if answer is None else answer)


@dataclass(frozen=True)
class Manual:
    """A part graded by hand against a rubric with anchored levels (e.g. the module's product)."""

    id: str
    points: float
    prompt: str
    rubric: tuple[str, ...]
    saved_work: tuple[str, ...] = ()
    example: str = ""


@dataclass(frozen=True)
class Pool:
    """A module's graded items."""

    module: str
    minutes: int
    setup: str
    items: tuple[Item, ...]
    manual: tuple[Manual, ...]
    path: Path
    title: str = ""
    """A heading for an assessment that is no module (e.g. the capstone); else the manifest's."""

    @property
    def auto_points(self) -> float:
        """Points checked automatically."""
        return sum(i.points for i in self.items)

    @property
    def total_points(self) -> float:
        """All points, by hand included."""
        return self.auto_points + sum(m.points for m in self.manual)

    def item(self, item_id: str) -> Item:
        """The item called ``item_id``."""
        return next(i for i in self.items if i.id == item_id)


def pool_path(course_dir: Path, module: str) -> Path:
    """Where module ``module``'s pool lives in a course folder."""
    return course_dir / "pools" / f"{module}.toml"


def _need(data: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in data:
        raise PoolError(f"{where}: '{key}' is missing.")
    value = data[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise PoolError(f"{where}: '{key}' has the wrong type ({value!r}).")
    if isinstance(value, str) and not value.strip():
        raise PoolError(f"{where}: '{key}' is empty.")
    return value


def _item(spec: dict[str, Any], where: str) -> Item:
    item_id = _need(spec, "id", str, where)
    if not re.fullmatch(r"q\d+", item_id):
        raise PoolError(f"{where}: id {item_id!r} should look like q1, q2…")
    where = f"{where} ({item_id})"
    kind = _need(spec, "kind", str, where)
    common = {
        "id": item_id, "kind": kind, "points": float(_need(spec, "points", (int, float), where)),
        "objective": int(_need(spec, "objective", int, where)),
        "prompt": _need(spec, "prompt", str, where).strip(),
        "feedback": _need(spec, "feedback", str, where).strip(),
    }
    if kind == "choice":
        choices = tuple(str(c).strip() for c in _need(spec, "choices", list, where))
        if not 2 <= len(choices) <= len(LETTERS) or len(set(choices)) != len(choices):
            raise PoolError(f"{where}: needs 2-{len(LETTERS)} different choices.")
        answer = str(_need(spec, "answer", str, where)).strip().lower()
        if answer not in LETTERS[: len(choices)]:
            raise PoolError(f"{where}: answer {answer!r} is not one of the choices' letters.")
        return Item(**common, choices=choices, answer=answer)
    if kind == "truefalse":
        answer = spec.get("answer")
        if not isinstance(answer, bool):
            raise PoolError(f"{where}: answer must be true or false (no quotes).")
        return Item(**common, answer="true" if answer else "false")
    if kind == "number":
        expected = _need(spec, "expected", str, where)
        if ":" not in expected:
            raise PoolError(f"{where}: expected should be 'package.module:function'.")
        tolerance = float(spec.get("tolerance", 0.5))
        if tolerance < 0:
            raise PoolError(f"{where}: tolerance cannot be negative.")
        return Item(**common, data=str(spec.get("data", "")).strip(), expected=expected,
                    args=tuple(str(a) for a in spec.get("args", [])), tolerance=tolerance)
    raise PoolError(f"{where}: kind {kind!r} should be choice, truefalse or number.")


def load_pool(path: Path) -> Pool:
    """Read and check one pool file (raises :class:`PoolError` naming the file and item)."""
    name = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PoolError(f"{name}: cannot be read ({exc}).") from exc
    module = _need(data, "module", str, name)
    if path.stem != module:
        raise PoolError(f"{name}: module {module!r} does not match the file name.")
    items = tuple(_item(spec, f"{name}, item {i}")
                  for i, spec in enumerate(_need(data, "items", list, name), 1))
    ids = [i.id for i in items]
    if len(set(ids)) != len(ids):
        raise PoolError(f"{name}: two items share an id.")
    manual = []
    for i, spec in enumerate(data.get("manual", []), 1):
        where = f"{name}, manual {i}"
        rubric = tuple(str(r) for r in _need(spec, "rubric", list, where))
        points = float(_need(spec, "points", (int, float), where))
        if len(rubric) != int(points) + 1:
            raise PoolError(f"{where}: the rubric needs one anchored level per point, 0 to "
                            f"{points:g} ({int(points) + 1} lines).")
        manual.append(Manual(
            id=_need(spec, "id", str, where), points=points,
            prompt=_need(spec, "prompt", str, where).strip(), rubric=rubric,
            saved_work=tuple(str(w) for w in spec.get("saved_work", [])),
            example=str(spec.get("example", "")).strip()))
    return Pool(module=module, minutes=int(data.get("minutes", 30)),
                setup=str(data.get("setup", "")).strip(), items=items, manual=tuple(manual),
                path=path, title=str(data.get("title", "")).strip())


# -- chance and constant strategies -------------------------------------------------------
def _constant_answers(pool: Pool) -> list[dict[str, Any]]:
    """Every constant strategy: the same letter everywhere, with True or False for the rest."""
    width = max((len(i.choices) for i in pool.items if i.kind == "choice"), default=1)
    out = []
    for letter in LETTERS[:width]:
        for flag in (True, False):
            out.append({"choice": letter, "truefalse": flag, "number": 0})
    return out


def _correct(item: Item, value: Any, expected: float | None = None) -> bool:
    if item.kind == "choice":
        return normalise_choice(value, item.letters) == item.answer
    if item.kind == "truefalse":
        flag = normalise_bool(value)
        return flag is not None and flag == (item.answer == "true")
    number = parse_number(value)
    return number is not None and expected is not None and abs(number - expected) <= \
        item.tolerance


def chance_score(pool: Pool) -> float:
    """Expected automatic points when every choice and true/false item is a blind guess."""
    return sum(i.points / (len(i.choices) if i.kind == "choice" else 2)
               for i in pool.items if i.kind != "number")


def constant_scores(pool: Pool) -> dict[str, float]:
    """Automatic points of each constant strategy (``"a/True"``: a everywhere, True for TF)."""
    scores = {}
    for answers in _constant_answers(pool):
        label = f"{answers['choice']}/{answers['truefalse']}"
        scores[label] = sum(i.points for i in pool.items
                            if i.kind != "number" and _correct(i, answers[i.kind]))
    return scores


def _digest(secret: str, *parts: str) -> bytes:
    return hmac.new(secret.encode(), "|".join(parts).encode(), hashlib.sha256).digest()


def shuffled(pool: Pool, secret: str) -> Pool:
    """The pool with each choice item's options reordered by the cohort's ``secret``.

    The same secret always gives the same order. Orders are drawn until no constant
    strategy beats chance, so a shuffle never makes "answer c everywhere" pay.
    """
    if not secret:
        return pool
    for attempt in range(1000):
        rng = random.Random(_digest(secret, pool.module, str(attempt)))
        items = []
        for item in pool.items:
            if item.kind != "choice":
                items.append(item)
                continue
            order = list(range(len(item.choices)))
            rng.shuffle(order)
            choices = tuple(item.choices[k] for k in order)
            answer = item.letters[order.index(item.letters.index(item.answer))]
            items.append(replace(item, choices=choices, answer=answer))
        candidate = replace(pool, items=tuple(items))
        if max(constant_scores(candidate).values()) <= chance_score(candidate) + 1e-9:
            return candidate
    raise PoolError(f"{pool.path.name}: no balanced order found; add items or choices.")


# -- keys, for the grader -----------------------------------------------------------------
@dataclass(frozen=True)
class Key:
    """How to check one graded answer outside the kernel."""

    grade_id: str
    var: str
    kind: Kind
    letters: str = ""
    answer: str = ""
    expected: float | None = None
    tolerance: float = 0.0

    def check(self, value: Any) -> bool:
        """True when ``value`` (read from the participant's kernel) earns the points."""
        if self.kind == "choice":
            return bool(self.answer) and normalise_choice(value, self.letters) == self.answer
        if self.kind == "truefalse":
            flag = normalise_bool(value)
            return self.answer in ("true", "false") and flag is not None and \
                flag == (self.answer == "true")
        number = parse_number(value)
        return (number is not None and self.expected is not None
                and math.isfinite(self.expected)
                and abs(number - self.expected) <= self.tolerance)

    def to_json(self) -> dict[str, Any]:
        """Plain data (passed to the grading worker's configuration)."""
        return dict(self.__dict__)


def expected_value(ref: str, args: tuple[str, ...] = ()) -> float:
    """Call ``package.module:function(*args)`` and return its value (a number item's key)."""
    module, _, name = ref.partition(":")
    func: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return float(func(*args))


_SOLUTION = re.compile(r"### BEGIN SOLUTION\s*\n(.*?)\n\s*### END SOLUTION", re.S)


def released_answers(source_notebook: Path) -> dict[str, str]:
    """The keys as released: the literal in each answer cell's solution region, by item id."""
    import nbformat

    nb = nbformat.read(source_notebook, as_version=4)
    found: dict[str, str] = {}
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if cell.cell_type != "code" or not grade_id.startswith("answer_"):
            continue
        match = _SOLUTION.search(cell.source)
        if not match:
            continue
        try:
            value = ast.literal_eval(match.group(1).strip())
        except (ValueError, SyntaxError):
            continue  # a computed solution (number items): keyed from the data
        found[grade_id.removeprefix("answer_")] = (str(value).lower() if not isinstance(
            value, bool) else ("true" if value else "false"))
    return found


def answer_keys(course_dir: Path, module: str,
                source_notebooks: Iterable[Path] | None = None) -> dict[str, Key]:
    """The keys of ``module``'s graded items, by test grade id, for checking outside the kernel.

    Letters come from the released source notebook; number items are computed from the data
    now. An item whose key cannot be found has no entry: it is then never confirmed.
    """
    path = pool_path(course_dir, module)
    if not path.exists():
        return {}
    pool = load_pool(path)
    notebooks = list(source_notebooks or sorted((course_dir / "source" / module).glob("*.ipynb")))
    released: dict[str, str] = {}
    for nb in notebooks:
        released.update(released_answers(nb))
    keys: dict[str, Key] = {}
    for item in pool.items:
        if item.kind == "number":
            try:
                keys[item.test_id] = item.key()
            except Exception:  # no data, or a broken reference: never confirmed
                continue
        elif item.id in released:
            keys[item.test_id] = item.key(released[item.id])
    return keys
