"""Question and reply practice: the models behind Module 2's practice widgets.

* :class:`QuestionPractice`: classify a librarian's question as closed, open or neutral
  (after Dervin & Dewdney's neutral questioning, 1986), then rewrite the closed ones;
* :class:`ReplyPractice`: pick the empathetic, positive reply to a short patron line; every
  option is explained.

The scenarios are data files a trainer can add to (``questions.toml``, ``replies.toml``);
:func:`load_questions` and :func:`load_replies` check them and name the file, the entry and
the problem when something is wrong (:class:`ScenarioError`).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import traitlets

from course_kit.storage import WorkStore
from course_kit.widgets.base import UserInputError

__all__ = [
    "KINDS",
    "QUESTIONS_FILE",
    "REPLIES_FILE",
    "QuestionItem",
    "QuestionPractice",
    "ReplyItem",
    "ReplyOption",
    "ReplyPractice",
    "ScenarioError",
    "guess_question_kind",
    "load_questions",
    "load_replies",
]

_HERE = Path(__file__).resolve().parent
QUESTIONS_FILE = _HERE / "questions.toml"
REPLIES_FILE = _HERE / "replies.toml"
KINDS: tuple[str, ...] = ("closed", "open", "neutral")
MAX_REWRITE_CHARS = 300


class ScenarioError(ValueError):
    """A scenario file is missing, unreadable or breaks a rule; the message says which."""


@dataclass(frozen=True)
class QuestionItem:
    """A patron's first words and a question a librarian might ask next."""

    id: str
    patron: str
    question: str
    kind: str
    why: str
    better: str = ""


@dataclass(frozen=True)
class ReplyOption:
    """One possible reply and why it is (or is not) the best."""

    text: str
    why: str
    best: bool


@dataclass(frozen=True)
class ReplyItem:
    """A short patron line and the replies to choose from."""

    id: str
    patron: str
    options: tuple[ReplyOption, ...]

    @property
    def best_index(self) -> int:
        """Position of the best reply in :attr:`options`."""
        return next(i for i, o in enumerate(self.options) if o.best)


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ScenarioError(f"The scenario file {Path(path).name} is missing ({path}).") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"The scenario file {Path(path).name} could not be read: {exc}. "
                            "Check quotes and brackets near that line.") from exc


def _text(entry: dict[str, Any], key: str, where: str, required: bool = True) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ScenarioError(f"{where}: '{key}' must be a text in quotes and not empty.")
    return value.strip()


def load_questions(path: Path | None = None) -> tuple[QuestionItem, ...]:
    """Read and check the question scenarios (``questions.toml`` by default)."""
    path = Path(path) if path is not None else QUESTIONS_FILE
    entries = _read(path).get("questions")
    if not isinstance(entries, list) or not entries:
        raise ScenarioError(f"{path.name} has no [[questions]] entries.")
    items, seen = [], set()
    for number, entry in enumerate(entries, start=1):
        where = f"{path.name}, question {number}"
        if not isinstance(entry, dict):
            raise ScenarioError(f"{where} is not a [[questions]] table.")
        item = QuestionItem(
            id=_text(entry, "id", where), patron=_text(entry, "patron", where),
            question=_text(entry, "question", where), kind=_text(entry, "kind", where),
            why=_text(entry, "why", where), better=_text(entry, "better", where, False),
        )
        if item.kind not in KINDS:
            raise ScenarioError(f"{where} ('{item.id}'): kind must be one of "
                                f"{', '.join(KINDS)}, not '{item.kind}'.")
        if item.id in seen:
            raise ScenarioError(f"{where}: the id '{item.id}' is used twice.")
        seen.add(item.id)
        items.append(item)
    return tuple(items)


def load_replies(path: Path | None = None) -> tuple[ReplyItem, ...]:
    """Read and check the reply scenarios (``replies.toml`` by default)."""
    path = Path(path) if path is not None else REPLIES_FILE
    entries = _read(path).get("lines")
    if not isinstance(entries, list) or not entries:
        raise ScenarioError(f"{path.name} has no [[lines]] entries.")
    items, seen = [], set()
    for number, entry in enumerate(entries, start=1):
        where = f"{path.name}, line {number}"
        if not isinstance(entry, dict):
            raise ScenarioError(f"{where} is not a [[lines]] table.")
        raw = entry.get("options")
        if not isinstance(raw, list) or not 2 <= len(raw) <= 5:
            raise ScenarioError(f"{where}: give 2 to 5 [[lines.options]].")
        options = []
        for k, option in enumerate(raw, start=1):
            spot = f"{where}, option {k}"
            if not isinstance(option, dict) or not isinstance(option.get("best"), bool):
                raise ScenarioError(f"{spot}: 'best' must be true or false.")
            options.append(ReplyOption(_text(option, "text", spot), _text(option, "why", spot),
                                       option["best"]))
        item = ReplyItem(_text(entry, "id", where), _text(entry, "patron", where),
                         tuple(options))
        if sum(o.best for o in options) != 1:
            raise ScenarioError(f"{where} ('{item.id}'): exactly one option must have "
                                "best = true.")
        if item.id in seen:
            raise ScenarioError(f"{where}: the id '{item.id}' is used twice.")
        seen.add(item.id)
        items.append(item)
    return tuple(items)


# -- a rough guess at a rewritten question's kind -------------------------------------------

_CLOSED_START = re.compile(
    r"^(do|does|did|is|are|was|were|can|could|would|will|have|has|had|should|shall|may|"
    r"am|isn't|aren't|don't|doesn't|didn't)\b", re.I)
_INVITATION = re.compile(r"^(can|could|would) you (tell|say|describe|explain|walk)", re.I)
_OPEN_START = re.compile(r"^(what|how|why|where|when|which|who|tell me|describe)\b", re.I)
_NEUTRAL_CUE = re.compile(
    r"\b(use|using|for you|help you|hoping|hope|trying to|working on|need to|plan|situation|"
    r"come up|came up|remember|like to know|want to know|find out|get done|be able|happens|"
    r"happened|tell you|told you)\b", re.I)
_OPTIONS = re.compile(r"\bor\b", re.I)


def guess_question_kind(question: str) -> tuple[str, str]:
    """Guess whether ``question`` is closed, open or neutral, and say why (a rough rule).

    Closed: starts like a yes/no question ("Do you …", "Is it …") or offers options ("… or
    …?"). Neutral: open and about the patron's situation, goal or use ("What will you use it
    for?"). Open: the other questions starting with what, how, why, which, tell me.
    """
    text = " ".join(question.split()).strip()
    if _INVITATION.match(text):
        if _NEUTRAL_CUE.search(text) or "more" in text.lower():
            return "neutral", "It invites the patron to tell their story, and guesses nothing."
        return "open", "It invites an answer in the patron's own words."
    if _CLOSED_START.match(text):
        return "closed", "It starts like a yes/no question, so a one-word answer fits."
    if _OPEN_START.match(text):
        if _OPTIONS.search(text) and text.lower().startswith("which"):
            return "closed", "It offers options to pick from."
        if _OPTIONS.search(text) and "," in text:
            return "closed", "It offers options to pick from."
        if _NEUTRAL_CUE.search(text):
            return "neutral", ("It is open and asks about the patron's situation, goal or how "
                               "they will use the answer.")
        return "open", ("It is open. To make it neutral, ask about the situation, the goal or "
                        "the use (\"What will you use it for?\").")
    return "open", "It is not a yes/no question. Start with what or how to keep it open."


# -- the practice models --------------------------------------------------------------------


def _mapping(value: Any) -> dict[str, Any]:
    """A saved part that should be a JSON object; anything else (edited by hand) is ignored."""
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class Feedback:
    """What the practice says about one answer."""

    correct: bool
    message: str


class QuestionPractice(traitlets.HasTraits):
    """Classify each question, rewrite the closed ones; everything saved as it is made."""

    answers = traitlets.Dict(value_trait=traitlets.Unicode(), default_value={})
    rewrites = traitlets.Dict(value_trait=traitlets.Unicode(), default_value={})

    def __init__(self, items: tuple[QuestionItem, ...] | None = None,
                 store: WorkStore | None = None) -> None:
        super().__init__()
        self.items = items if items is not None else load_questions()
        self.by_id = {item.id: item for item in self.items}
        self.store = store or WorkStore("module02-questions")
        saved = self.store.load()
        self.notice = self.store.notice
        self.answers = {k: v for k, v in _mapping(saved.get("answers")).items()
                        if k in self.by_id and v in KINDS}
        self.rewrites = {k: v for k, v in _mapping(saved.get("rewrites")).items()
                         if k in self.by_id and isinstance(v, str)}

    def _save(self) -> None:
        self.store.save({"answers": dict(self.answers), "rewrites": dict(self.rewrites)})

    def classify(self, item_id: str, kind: str) -> Feedback:
        """Record the participant's classification and say whether it matches, and why."""
        item = self.by_id[item_id]
        if kind not in KINDS:
            raise UserInputError(f"Choose one of: {', '.join(KINDS)}.")
        self.answers = {**self.answers, item_id: kind}
        self._save()
        if kind == item.kind:
            return Feedback(True, f"Yes, {item.kind}. {item.why}")
        return Feedback(False, f"Not quite: this one is {item.kind}. {item.why}")

    def rewrite(self, item_id: str, text: str) -> Feedback:
        """Keep a rewritten question and say what kind it looks like."""
        item = self.by_id[item_id]
        cleaned = " ".join(text.split())
        if not cleaned:
            raise UserInputError("Type your question first, then press Check my question.")
        if len(cleaned) > MAX_REWRITE_CHARS:
            raise UserInputError(f"Your question has {len(cleaned)} characters. Keep it under "
                                 f"{MAX_REWRITE_CHARS}: a good question is short. Your text is "
                                 "still in the box.")
        self.rewrites = {**self.rewrites, item_id: cleaned}
        self._save()
        kind, reason = guess_question_kind(cleaned)
        hint = f" One neutral version: “{item.better}”" if item.better else ""
        if not cleaned.endswith("?"):
            reason += " (Tip: end a question with a question mark.)"
        if kind == "neutral":
            return Feedback(True, f"Looks neutral. {reason}{hint}")
        return Feedback(False, f"This looks {kind}. {reason}{hint}")

    def score(self) -> tuple[int, int]:
        """(right answers, questions answered)."""
        right = sum(self.by_id[k].kind == v for k, v in self.answers.items())
        return right, len(self.answers)


class ReplyPractice(traitlets.HasTraits):
    """Pick the best reply to each patron line; the choices are saved as they are made."""

    choices = traitlets.Dict(value_trait=traitlets.Int(), default_value={})

    def __init__(self, items: tuple[ReplyItem, ...] | None = None,
                 store: WorkStore | None = None) -> None:
        super().__init__()
        self.items = items if items is not None else load_replies()
        self.by_id = {item.id: item for item in self.items}
        self.store = store or WorkStore("module02-replies")
        saved = self.store.load()
        self.notice = self.store.notice
        self.choices = {k: v for k, v in _mapping(saved.get("choices")).items()
                        if k in self.by_id and type(v) is int
                        and 0 <= v < len(self.by_id[k].options)}

    def choose(self, item_id: str, index: int) -> Feedback:
        """Record the chosen reply and explain it (and the best one, if it was not)."""
        item = self.by_id[item_id]
        if not 0 <= index < len(item.options):
            raise UserInputError("Pick one of the replies shown.")
        self.choices = {**self.choices, item_id: index}
        self.store.save({"choices": dict(self.choices)})
        option = item.options[index]
        if option.best:
            return Feedback(True, f"Good choice. {option.why}")
        best = item.options[item.best_index]
        return Feedback(False, f"Not the best. {option.why} A better reply: “{best.text}” "
                               f"{best.why}")

    def score(self) -> tuple[int, int]:
        """(best replies picked, lines answered)."""
        right = sum(self.by_id[k].options[v].best for k, v in self.choices.items())
        return right, len(self.choices)
