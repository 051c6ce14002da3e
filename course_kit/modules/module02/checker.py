"""The plain-language checker: how easy is a notice, an e-mail or a reply to read?

:func:`check_text` scores a text with the Flesch Reading Ease and the Flesch–Kincaid grade
(:mod:`course_kit.readability`: textstat's formulas, offline) and lists what to fix:

* sentences over 20 words;
* passive verbs, found the simple way (a form of "be" or "get" before a past participle);
* library jargon, each with a plain alternative, from ``jargon.toml`` (after John Kupersmith,
  "Library Terms That Users Understand", UC Berkeley, 2011);
* negative phrases ("unfortunately", "you must"), each with a positive way to say it.

It never raises on odd input: an empty text, one word, a very long text or a text in Spanish
gets a report whose ``notes`` say in plain words what the scores mean (or why there are none).
The report is shared: Modules 7 and 8 call ``check_text`` on posts and replies too.
"""

from __future__ import annotations

import functools
import html
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from course_kit import readability
from course_kit.saved_work import escape_markdown

__all__ = [
    "GRADE_TARGET",
    "LONG_SENTENCE_WORDS",
    "MAX_CHARS",
    "JargonTerm",
    "PlainLanguageReport",
    "check_text",
    "guess_language",
    "jargon_terms",
]

#: Plain-language guidance for library notices: grade 8 or lower.
GRADE_TARGET = 8.0
#: A sentence longer than this many words is listed as long.
LONG_SENTENCE_WORDS = 20
#: Texts longer than this are checked on their first MAX_CHARS characters only.
MAX_CHARS = 20_000
#: Fewer words than this and the formulas say nothing useful.
MIN_WORDS = 3
#: Below this many words, the scores are shown with a warning that they jump around.
FEW_WORDS = 30

_HERE = Path(__file__).resolve().parent
JARGON_FILE = _HERE / "jargon.toml"
LANGUAGE_FILE = _HERE / "language.toml"


class WordListError(ValueError):
    """A word-list file could not be read; the message names the file and the problem."""


@dataclass(frozen=True)
class JargonTerm:
    """One library term and what to say instead."""

    term: str
    plain: str
    source: str
    spellings: tuple[str, ...]
    case_sensitive: bool = False

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        """Matches any spelling as whole words (longest spelling first)."""
        options = sorted(self.spellings, key=len, reverse=True)
        body = "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in options)
        flags = 0 if self.case_sensitive else re.IGNORECASE
        return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", flags)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise WordListError(f"The word list {path.name} is missing ({path}).") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise WordListError(f"The word list {path.name} could not be read: {exc}.") from exc


@functools.lru_cache(maxsize=8)
def _jargon_terms(path: Path, _mtime_ns: int) -> tuple[JargonTerm, ...]:
    data = _read_toml(path)
    terms = []
    for number, entry in enumerate(data.get("terms", []), start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("term"), str) or not \
                isinstance(entry.get("plain"), str) or not entry["term"].strip():
            raise WordListError(
                f"{path.name}: term number {number} needs a 'term' and a 'plain' text."
            )
        also = entry.get("also", [])
        if not isinstance(also, list) or not all(isinstance(a, str) for a in also):
            raise WordListError(f"{path.name}: 'also' of '{entry['term']}' must be a list of "
                                "words in quotes.")
        terms.append(JargonTerm(
            term=entry["term"], plain=entry["plain"], source=str(entry.get("source", "")),
            spellings=(entry["term"], *also), case_sensitive=bool(entry.get("case_sensitive")),
        ))
    return tuple(terms)


def jargon_terms(path: Path | None = None) -> tuple[JargonTerm, ...]:
    """The curated jargon list (``jargon.toml`` beside this module, or ``path``)."""
    target = Path(path) if path is not None else JARGON_FILE
    try:
        stamp = target.stat().st_mtime_ns
    except OSError:
        stamp = 0
    return _jargon_terms(target, stamp)


@dataclass(frozen=True)
class _Language:
    english: frozenset[str]
    spanish: frozenset[str]
    be: frozenset[str]
    participles: frozenset[str]
    not_passive: frozenset[str]
    negative: tuple[tuple[str, str], ...]


@functools.lru_cache(maxsize=2)
def _language(path: Path = LANGUAGE_FILE) -> _Language:
    data = _read_toml(path)
    try:
        stop, passive = data["stopwords"], data["passive"]
        negative = tuple((str(n["phrase"]), str(n["better"])) for n in data.get("negative", []))
        return _Language(
            english=frozenset(stop["english"]), spanish=frozenset(stop["spanish"]),
            be=frozenset(passive["be"]), participles=frozenset(passive["irregular"]),
            not_passive=frozenset(passive["not_passive"]), negative=negative,
        )
    except (KeyError, TypeError) as exc:
        raise WordListError(f"{path.name} is missing the part {exc}.") from exc


_VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)


def guess_language(text: str) -> str:
    """'English', 'Spanish', 'Vietnamese' or 'unknown', from common words and letters.

    A rough guess, good enough to say "the grade formulas are for English".
    """
    tokens = [w.lower() for w in readability.words(text)]
    if not tokens:
        return "unknown"
    letters = [ch for ch in text if ch.isalpha()]
    if letters and len(_VIETNAMESE.findall(text)) / len(letters) > 0.03:
        return "Vietnamese"
    lang = _language()
    en = sum(t in lang.english for t in tokens)
    es = sum(t in lang.spanish for t in tokens)
    if es > en and es >= 1:
        return "Spanish"
    if en >= es and (en >= 1 or all(ch.isascii() for ch in letters)):
        return "English"
    return "unknown"


def _passive(sentence: str, lang: _Language) -> list[str]:
    tokens = re.findall(r"[A-Za-z'’]+", sentence)
    found = []
    for i, token in enumerate(tokens):
        if token.lower().replace("’", "'") not in lang.be:
            continue
        j = i + 1
        while j < len(tokens) and (tokens[j].lower() in {"not", "never", "also", "being",
                                                           "been", "now", "already"}
                                   or tokens[j].lower().endswith("ly")):
            j += 1
        if j >= len(tokens):
            continue
        word = tokens[j].lower()
        if word in lang.not_passive:
            continue
        if (word.endswith("ed") and len(word) > 4) or word in lang.participles:
            found.append(" ".join(tokens[i : j + 1]))
    return found


def _found_phrases(text: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    jargon: list[tuple[int, str, str]] = []
    taken: list[tuple[int, int]] = []
    # longest spellings first, so "patron record" is found, not "patron" inside it
    for term in sorted(jargon_terms(), key=lambda t: -max(map(len, t.spellings))):
        for match in term.pattern.finditer(text):
            if not any(s < match.end() and match.start() < e for s, e in taken):
                taken.append(match.span())
                jargon.append((match.start(), term.term, term.plain))
                break
    negative: list[tuple[int, str, str]] = []
    lowered = text.lower().replace("’", "'")
    for phrase, better in _language().negative:
        match = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", lowered)
        if match:
            negative.append((match.start(), phrase, better))
    return ([(t, p) for _, t, p in sorted(jargon)], [(t, p) for _, t, p in sorted(negative)])


def _verdict(grade: float | None) -> str:
    if grade is None:
        return "no score"
    if grade <= 6:
        return "very easy"
    if grade <= GRADE_TARGET:
        return "plain: most adults read it at first sight"
    if grade <= 10:
        return "a bit hard: aim for grade 8 or lower"
    return "hard: many adults will struggle"


@dataclass(frozen=True)
class PlainLanguageReport:
    """What the checker found in one text. Empty lists mean "nothing to fix"."""

    grade: float | None
    reading_ease: float | None
    long_sentences: list[str] = field(default_factory=list)
    passive: list[str] = field(default_factory=list)
    jargon: list[tuple[str, str]] = field(default_factory=list)
    negative: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    words: int = 0
    sentences: int = 0
    language: str = "unknown"

    @property
    def verdict(self) -> str:
        """The grade in words, e.g. "plain: most adults read it at first sight"."""
        return _verdict(self.grade)

    @property
    def plain_enough(self) -> bool:
        """True when the grade is at most 8 and no jargon was found."""
        return self.grade is not None and self.grade <= GRADE_TARGET and not self.jargon

    def summary(self) -> str:
        """One line: the scores and counts, for a table or a message."""
        if self.grade is None:
            return "No score. " + " ".join(self.notes[:1])
        return (f"Grade {self.grade:.1f} ({self.verdict}), reading ease {self.reading_ease:.0f}; "
                f"{self.words} words in {self.sentences} sentences; "
                f"{len(self.long_sentences)} long sentences, {len(self.passive)} passive verbs, "
                f"{len(self.jargon)} jargon terms, {len(self.negative)} negative phrases.")

    def as_row(self) -> dict[str, Any]:
        """The figures as one table row (for comparing texts)."""
        return {"grade": self.grade, "reading_ease": self.reading_ease, "words": self.words,
                "sentences": self.sentences, "long_sentences": len(self.long_sentences),
                "passive": len(self.passive), "jargon": len(self.jargon),
                "negative": len(self.negative)}

    def _items(self, title: str, items: list[str], limit: int = 8) -> str:
        if not items:
            return f"<p><strong>{html.escape(title)}:</strong> none found.</p>"
        shown = "".join(f"<li>{html.escape(i)}</li>" for i in items[:limit])
        more = (f"<li>… and {len(items) - limit} more</li>" if len(items) > limit else "")
        return (f"<p><strong>{html.escape(title)} ({len(items)}):</strong></p>"
                f"<ul style='margin-top:0'>{shown}{more}</ul>")

    def to_html(self) -> str:
        """The report as an HTML fragment; everything from the text is escaped."""
        esc = html.escape
        if self.grade is None:
            scores = "<p><strong>No score.</strong></p>"
        else:
            scores = (
                f"<p><strong>Flesch–Kincaid grade: {self.grade:.1f}</strong> "
                f"({esc(self.verdict)}). <strong>Flesch Reading Ease: "
                f"{self.reading_ease:.0f}</strong> (60 or more is plain). "
                f"{self.words} words, {self.sentences} sentences.</p>"
            )
        notes = "".join(f"<p>ℹ {esc(n)}</p>" for n in self.notes)
        parts = [
            scores, notes,
            self._items(f"Sentences over {LONG_SENTENCE_WORDS} words", self.long_sentences),
            self._items("Passive verbs (who does it?)", self.passive),
            self._items("Library jargon → plain words",
                        [f"{t} → {p}" for t, p in self.jargon]),
            self._items("Negative phrases → positive", [f"“{t}” → {p}" for t, p in self.negative]),
        ]
        return ('<div class="course-kit-plain-report" style="color:#111">'
                + "".join(parts) + "</div>")

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_markdown(self) -> str:
        """The report as Markdown, with the text's words escaped."""
        lines = [f"- {_md(self.summary())}"]
        lines += [f"- Note: {_md(n)}" for n in self.notes]
        lines += [f"- Long sentence: {_md(s)}" for s in self.long_sentences]
        lines += [f"- Passive: {_md(p)}" for p in self.passive]
        lines += [f"- Jargon: {_md(t)} → {_md(p)}" for t, p in self.jargon]
        lines += [f"- Negative: {_md(t)} → {_md(p)}" for t, p in self.negative]
        return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """A pasted text on one line, shown as typed: Markdown and raw HTML escaped, while
    brackets, plus signs and full stops stay readable (the kit's shared escape)."""
    return escape_markdown(" ".join(text.split()))


def check_text(text: str) -> PlainLanguageReport:
    """Check ``text`` for plain language and return a :class:`PlainLanguageReport`.

    Empty or very short texts, very long texts and texts not in English get a report with no
    misleading numbers, and a note saying why. ``text`` must be a string.
    """
    if not isinstance(text, str):
        raise TypeError(f"check_text needs text (a str), not {type(text).__name__}.")
    notes: list[str] = []
    body = text.replace("\r\n", "\n").strip()
    if len(body) > MAX_CHARS:
        notes.append(f"This text has {len(text):,} characters. The checker read the first "
                     f"{MAX_CHARS:,}. It is made for a notice, an e-mail or a reply: check a "
                     "long document one part at a time.")
        body = body[:MAX_CHARS]
    words = readability.words(body)
    sentences = readability.sentences(body)
    if not words:
        notes.append("There is no text to check yet. Paste a notice, an e-mail or a reply.")
        return PlainLanguageReport(None, None, notes=notes)
    language = guess_language(body)
    if language != "English":
        what = (f"looks like {language}" if language != "unknown"
                else "does not look like English")
        notes.append(f"This text {what}: the grade formulas and the word lists are for "
                     "English, so there is no score. Ask a reader of the language to check it.")
        return PlainLanguageReport(None, None, notes=notes, words=len(words),
                                   sentences=len(sentences), language=language)
    lang = _language()
    long_sentences = [s for s in sentences if len(readability.words(s)) > LONG_SENTENCE_WORDS]
    passive = [p for s in sentences for p in _passive(s, lang)]
    jargon, negative = _found_phrases(body)
    if len(words) < MIN_WORDS:
        notes.append(f"Only {len(words)} word{'s' if len(words) > 1 else ''}: too short to "
                     "score. Write a full sentence or two.")
        return PlainLanguageReport(None, None, long_sentences, passive, jargon, negative, notes,
                                   len(words), len(sentences), language)
    grade = round(readability.flesch_kincaid_grade(body), 1)
    ease = round(readability.flesch_reading_ease(body), 1)
    if len(words) < FEW_WORDS:
        notes.append(f"Only {len(words)} words: scores of short texts jump around, so read "
                     "them as a rough guide.")
    return PlainLanguageReport(grade, ease, long_sentences, passive, jargon, negative, notes,
                               len(words), len(sentences), language)
