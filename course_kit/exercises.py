"""Self-check questions in the style of Kaggle's learntools.

Each question is one declarative object: its prompt, the accepted answer (stored as a
hash, so the answer key is not lying around in plain text), hints and a worked solution.
A module binds its questions once, then a participant can:

* answer in a widget (``quiz.q1`` shown in a cell), or
* answer in one line, ``answer_1 = "b"``, and run ``quiz.q1.check()``,
* ask for ``quiz.q1.hint()`` or ``quiz.q1.solution()``.

The same objects are used by the nbgrader assessments' hidden tests
(``quiz.q1.is_correct(answer_1)``), so the module notebook and the graded self-assessment
can never disagree about what the right answer is.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import html
import math
import re
import zlib
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

__all__ = [
    "ChoiceExercise",
    "Exercise",
    "NumberExercise",
    "QuestionSet",
    "Result",
    "TrueFalseExercise",
    "____",
    "answer_hash",
    "register_view",
    "seal",
    "unseal",
]


class _NotAttempted:
    """The placeholder a participant replaces with an answer: ``____``."""

    _instance: ClassVar[_NotAttempted | None] = None

    def __new__(cls) -> _NotAttempted:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "____"

    def __bool__(self) -> bool:
        return False


#: Write ``answer_1 = ____`` to mean "not answered yet"; replace ``____`` with your answer.
____ = _NotAttempted()

Status = Literal["correct", "incorrect", "not attempted", "invalid"]

_STYLE = {
    "correct": ("✔", "Correct", "#1b5e20", "#e8f5e9"),
    "incorrect": ("✘", "Not quite", "#8a1c1c", "#fdecea"),
    "not attempted": ("…", "Not answered yet", "#37474f", "#eceff1"),
    "invalid": ("?", "Check your answer's form", "#6d4c00", "#fff8e1"),
}


@dataclass(frozen=True)
class Result:
    """The outcome of checking one answer, shown as a coloured, labelled box."""

    status: Status
    message: str
    #: True once shown by ``check()``: the cell then does not show it a second time.
    shown: bool = field(default=False, compare=False, repr=False)

    @property
    def correct(self) -> bool:
        """True only for a right answer."""
        return self.status == "correct"

    def to_html(self) -> str:
        """Return the feedback as an HTML box (the label says it in words, not only colour)."""
        icon, label, fg, bg = _STYLE[self.status]
        return (
            f'<div role="status" style="border-left:6px solid {fg};background:{bg};'
            f'color:#111;padding:6px 10px;margin:4px 0">'
            f'<strong style="color:{fg}">{icon} {label}.</strong> {html.escape(self.message)}</div>'
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def _ipython_display_(self) -> None:
        if not self.shown:
            _display({"text/html": self.to_html(), "text/plain": str(self)}, raw=True)

    def __str__(self) -> str:
        return f"{_STYLE[self.status][1]}. {self.message}"


def _normalise(value: Any) -> str:
    text = str(value).strip().lower()
    text = text.strip("\"'()[]. ")
    return re.sub(r"\s+", " ", text)


def answer_hash(exercise_id: str, value: Any) -> str:
    """Return the hash stored for an accepted answer (used when writing a question)."""
    return hashlib.sha256(f"{exercise_id}|{_normalise(value)}".encode()).hexdigest()


_SEAL_PREFIX = "sealed:"


def seal(text: str) -> str:
    """Encode a solution so it is not read by accident while scrolling the package."""
    packed = base64.b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii")
    return _SEAL_PREFIX + packed


def unseal(text: str) -> str:
    """Decode a text made by :func:`seal`; plain text is returned unchanged."""
    if not text.startswith(_SEAL_PREFIX):
        return text
    return zlib.decompress(base64.b64decode(text[len(_SEAL_PREFIX) :])).decode("utf-8")


_VIEW: Callable[[Exercise], Any] | None = None


def register_view(factory: Callable[[Exercise], Any]) -> None:
    """Set the view that shows a question in a notebook (done by course_kit.widgets)."""
    global _VIEW
    _VIEW = factory


def _display(obj: Any, raw: bool = False) -> None:
    try:
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython is always there in the kit
        print(obj.get("text/plain", obj) if raw else obj)
        return
    display(obj, raw=raw)


@dataclass(frozen=True)
class _Note:
    """A hint or a solution, displayed as Markdown-ish HTML."""

    title: str
    text: str
    shown: bool = field(default=False, compare=False, repr=False)

    def _repr_html_(self) -> str:
        body = html.escape(self.text).replace("\n", "<br>")
        return (
            '<div style="border-left:6px solid #1f4e79;background:#eef4fb;color:#111;'
            f'padding:6px 10px;margin:4px 0"><strong>{html.escape(self.title)}</strong> '
            f"{body}</div>"
        )

    def _ipython_display_(self) -> None:
        if not self.shown:
            _display({"text/html": self._repr_html_(), "text/plain": str(self)}, raw=True)

    def __str__(self) -> str:
        return f"{self.title} {self.text}"


@dataclass
class Exercise:
    """Common behaviour of every self-check question.

    Subclasses decide what a valid answer looks like (:meth:`validate`) and whether it is
    right (:meth:`is_correct`). Failure messages never contain the expected answer.
    """

    id: str
    prompt: str
    var: str
    hints: tuple[str, ...] = ()
    solution_text: str = ""
    points: int = 1
    _namespace: Mapping[str, Any] | None = field(default=None, repr=False, compare=False)
    _hints_shown: int = field(default=0, repr=False, compare=False)

    # -- to be specialised -------------------------------------------------------------
    def validate(self, value: Any) -> str | None:
        """Return a plain-language problem with the answer's form, or None when fine."""
        return None

    def is_correct(self, value: Any) -> bool:  # pragma: no cover - abstract
        """True when ``value`` is an accepted answer."""
        raise NotImplementedError

    @property
    def example(self) -> str:
        """An example of an answer's form, shown in messages (never the real answer)."""
        return '"x" (with the letter of your choice between the quotes)'

    # -- shared ------------------------------------------------------------------------
    def check_value(self, value: Any) -> Result:
        """Check an answer given directly and return a :class:`Result`."""
        if value is ____ or value is None or (isinstance(value, str) and not value.strip()):
            return Result(
                "not attempted",
                f"Replace ____ in `{self.var} = ____` with your answer, for example "
                f"{self.var} = {self.example}, then run the check again.",
            )
        problem = self.validate(value)
        if problem:
            return Result("invalid", problem)
        if self.is_correct(value):
            return Result("correct", "Well done.")
        return Result(
            "incorrect",
            "That is not the answer we were looking for. Have another look, or ask for a hint.",
        )

    def assert_answered(self, value: Any) -> None:
        """Raise ``AssertionError`` (plain words) unless ``value`` is a well-formed answer.

        Used by the visible test of a graded assessment: it tells the participant at once
        that the answer has the right form, without saying whether it is right.
        """
        result = self.check_value(value)
        if result.status in ("not attempted", "invalid"):
            raise AssertionError(result.message)

    def bind(self, namespace: Mapping[str, Any]) -> None:
        """Read answers from ``namespace`` (a notebook's ``globals()``)."""
        self._namespace = namespace

    def current_answer(self) -> Any:
        """The value of this question's variable in the bound namespace, or ``____``."""
        if self._namespace is None:
            return ____
        return self._namespace.get(self.var, ____)

    def check(self, value: Any = ____) -> Result:
        """Check the answer (given, or read from the notebook) and show the feedback."""
        answer = value if value is not ____ else self.current_answer()
        result = self.check_value(answer)
        _display(result)
        if result.status == "not attempted" and _VIEW is not None:
            _display(self.widget())  # or answer in a field, no code to edit
        # Shown once: as the cell's last line, the returned result is not shown again.
        return dataclasses.replace(result, shown=True)

    def next_hint(self, number: int | None = None) -> str:
        """The next hint (or hint ``number``, counting from 1) as "Hint 1 of 2: …"."""
        if not self.hints:
            return "There is no hint for this question; try the solution."
        if number is None:
            self._hints_shown = min(self._hints_shown + 1, len(self.hints))
            number = self._hints_shown
        number = max(1, min(number, len(self.hints)))
        return f"Hint {number} of {len(self.hints)}: {self.hints[number - 1]}"

    def solution_plain(self) -> str:
        """The worked solution, unsealed."""
        return unseal(self.solution_text) or "No solution was written."

    def hint(self, number: int | None = None) -> _Note:
        """Show the next hint (or hint ``number``, counting from 1)."""
        title, _, text = self.next_hint(number).partition(": ")
        note = _Note(f"{title}:", text) if text else _Note("Hint:", title)
        _display(note)
        return dataclasses.replace(note, shown=True)

    def solution(self) -> _Note:
        """Show the worked solution."""
        note = _Note("Solution:", self.solution_plain())
        _display(note)
        return dataclasses.replace(note, shown=True)

    def widget(self) -> Any:
        """Return an interactive view of this question, made by the registered view.

        The exercise knows nothing of widgets (no import of :mod:`course_kit.widgets`);
        :mod:`course_kit.widgets.question` registers its view with :func:`register_view`.
        """
        if _VIEW is None:
            raise RuntimeError("No question view is registered: import course_kit.widgets.")
        return _VIEW(self)

    def _ipython_display_(self) -> None:
        if _VIEW is None:  # no widgets here (e.g. a plain terminal): the question as text
            _display(_Note(f"{self.id}:", f"{self.prompt}\nAnswer with {self.var} = "
                           f"{self.example}, then run {self.var.replace('answer_', 'quiz.q')}"
                           ".check()."))
            return
        _display(self.widget())


@dataclass
class ChoiceExercise(Exercise):
    """A multiple-choice question answered with a letter such as ``"b"``."""

    choices: Mapping[str, str] = field(default_factory=dict)
    answer_sha256: str = ""

    def options(self) -> list[tuple[str, str]]:
        """(label, value) pairs for a widget."""
        return [(f"{key}) {text}", key) for key, text in self.choices.items()]

    def validate(self, value: Any) -> str | None:
        key = _normalise(value)
        if key not in {_normalise(k) for k in self.choices}:
            letters = ", ".join(f'"{k}"' for k in self.choices)
            return f"{value!r} is not one of the choices. Answer with one of {letters}."
        return None

    def is_correct(self, value: Any) -> bool:
        return self.validate(value) is None and answer_hash(self.id, value) == self.answer_sha256


@dataclass
class TrueFalseExercise(ChoiceExercise):
    """A statement to judge: answer ``True`` or ``False``."""

    def __post_init__(self) -> None:
        if not self.choices:
            self.choices = {"True": "True", "False": "False"}

    @property
    def example(self) -> str:
        return "True"

    def options(self) -> list[tuple[str, str]]:
        return [("True", "True"), ("False", "False")]

    @staticmethod
    def _as_bool(value: Any) -> bool | None:
        """True or False as meant by ``value``: the graded assessments' reading
        (:func:`course_kit.assessment.normalise_bool`), so both accept the same words."""
        from course_kit.assessment import normalise_bool

        return normalise_bool(value)

    def validate(self, value: Any) -> str | None:
        if self._as_bool(value) is None:
            return f"{value!r} is neither True nor False. Answer with True or False."
        return None

    def is_correct(self, value: Any) -> bool:
        flag = self._as_bool(value)
        return flag is not None and answer_hash(self.id, flag) == self.answer_sha256


def parse_number(value: Any) -> float | None:
    """Read a number the way people type it; None when it is not one.

    ``1,234`` (thousands), ``32,5`` (a decimal comma), ``12.5%``, ``$19.50``, `` 7 ``,
    ``forty``: the same reading as the graded assessments'
    (:func:`course_kit.assessment.parse_number`).
    """
    from course_kit.assessment import parse_number as forgiving

    return forgiving(value)


@dataclass
class NumberExercise(Exercise):
    """A question answered with a number computed from the case-study data.

    ``expected`` is computed when checking (from the data), so nothing is stored in plain
    text, and a trainer who swaps in their own library's data gets the right answer.
    """

    expected: Callable[[], float] = field(default=lambda: math.nan)
    tolerance: float = 0.5
    unit: str = ""

    @property
    def example(self) -> str:
        return "42.5"

    def validate(self, value: Any) -> str | None:
        if parse_number(value) is None:
            return (f"{value!r} is not a number we can read. Type the number in digits, for "
                    f"example {self.example} (32,5 and 40% and forty work too).")
        return None

    def check_value(self, value: Any) -> Result:
        result = super().check_value(value)
        number = parse_number(value)
        if number is None or isinstance(value, int | float) or result.status == "invalid":
            return result
        shown = f"{number:g}"
        if str(value).strip() != shown:
            return Result(result.status, f"(Read {str(value).strip()} as {shown}.) "
                          + result.message)
        return result

    def is_correct(self, value: Any) -> bool:
        number = parse_number(value)
        return number is not None and abs(number - float(self.expected())) <= self.tolerance


@dataclass
class QuestionSet:
    """The self-check questions of one module, bound once to a notebook.

    >>> quiz.bind(globals())          # doctest: +SKIP
    >>> quiz.q1.check()               # doctest: +SKIP
    """

    module: str
    questions: dict[str, Exercise]

    def __getattr__(self, name: str) -> Exercise:
        questions = self.__dict__.get("questions", {})
        if name in questions:
            return questions[name]
        raise AttributeError(f"This module has no question called {name!r}.")

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self.questions.values())

    def __len__(self) -> int:
        return len(self.questions)

    def bind(self, namespace: MutableMapping[str, Any]) -> QuestionSet:
        """Read answers from the notebook and make ``____`` available there."""
        namespace.setdefault("____", ____)
        for exercise in self.questions.values():
            exercise.bind(namespace)
        return self
