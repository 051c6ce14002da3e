"""What a graded assessment's participant copy imports: forgiving answer entry, form checks.

There are no answer keys here, on purpose: this module is imported by the participant's
kernel, which is the kernel that is graded. The keys stay on the trainer's side (the
nbgrader course's ``pools/`` and ``source/``) and ``course-kit grade`` checks each answer
outside the kernel. What this module does:

* lets a librarian type an answer the way people do: ``answer_q1 = b`` (no quotes: the
  set-up cell defines ``a`` … ``e`` and ``A`` … ``E`` as the letters), ``"B "``, ``yes``,
  ``true``, ``32,5`` or ``32.5 %``;
* :func:`check_form` tells the participant at once whether an answer has the right *form*
  (a letter that is one of the choices, True or False, a number), never whether it is right;
* :func:`show_saved_work` shows work saved in ``my_work/`` so it can be copied into the
  hand-in cell.
"""

from __future__ import annotations

import math
import re
from typing import Any, Literal

from course_kit.exercises import ____

__all__ = [
    "A",
    "B",
    "C",
    "D",
    "E",
    "Kind",
    "____",
    "a",
    "b",
    "c",
    "check_form",
    "d",
    "e",
    "false",
    "no",
    "normalise_bool",
    "normalise_choice",
    "parse_number",
    "show_saved_work",
    "true",
    "yes",
]

# The letters, so that `answer_q1 = b` (no quotes, a librarian's most likely slip) works.
a, b, c, d, e = "a", "b", "c", "d", "e"
A, B, C, D, E = "a", "b", "c", "d", "e"
true = yes = True
false = no = False

Kind = Literal["choice", "truefalse", "number"]

_TRUE = {"true", "t", "yes", "y", "right", "correct", "vrai", "sí", "si"}
_FALSE = {"false", "f", "no", "n", "wrong", "incorrect", "faux"}


def _clean(value: Any) -> str:
    text = str(value).strip().lower()
    text = text.strip("\"'“”‘’()[]{}.,;: ")
    return re.sub(r"\s+", " ", text)


def normalise_choice(value: Any, letters: str) -> str | None:
    """The letter meant by ``value`` (``"B "``, ``b)``, ``'(c)'``), or None if it is not one."""
    if value is ____ or value is None or isinstance(value, bool):
        return None
    text = _clean(value)
    if len(text) == 2 and text[1] == ")":
        text = text[0]
    return text if len(text) == 1 and text in letters else None


def normalise_bool(value: Any) -> bool | None:
    """True or False as meant by ``value`` (``True``, ``"true"``, ``yes``, ``"No"``), else None."""
    if isinstance(value, bool):
        return value
    if value is ____ or value is None:
        return None
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    word = _clean(value)
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    return None


_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
          "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
          "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
          "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
          "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100}


def parse_number(value: Any) -> float | None:
    """Read a number the way people type it; None when it is not one.

    ``32.5``, ``"32.5"``, ``"32,5"`` (a decimal comma), ``"1,234"`` (thousands), ``"32.5 %"``,
    ``"$19.50"``, ``" 7 "``, ``"forty"``. Not: ``True``, ``nan``, ``"about 30"``.
    """
    if value is ____ or value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    text = str(value).strip().lower().replace("\u00a0", " ")
    text = re.sub(r"\s*(%|percent|per cent)$", "", text).strip().lstrip("$").strip()
    if text in _WORDS:
        return float(_WORDS[text])
    if re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", "")
    elif re.fullmatch(r"[-+]?\d+,\d+", text):
        text = text.replace(",", ".")
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", text):
        return None
    number = float(text)
    return number if math.isfinite(number) else None


def _problem(value: Any, kind: Kind, letters: str) -> str | None:
    if value is ____ or value is None or (isinstance(value, str) and not value.strip()):
        return "Not answered yet: replace ____ with your answer, then run the cell again."
    if kind == "choice" and normalise_choice(value, letters) is None:
        options = ", ".join(letters)
        return f"{value!r} is not one of the choices. Answer with one letter: {options}."
    if kind == "truefalse" and normalise_bool(value) is None:
        return f"{value!r} is neither True nor False. Answer True or False."
    if kind == "number" and parse_number(value) is None:
        return f"{value!r} is not a number. Type digits, for example 48.2."
    return None


def check_form(value: Any, kind: Kind, letters: str = "abcd") -> None:
    """Say whether ``value`` has the right form; raise ``AssertionError`` (plain words) if not.

    Whether it is *right* is checked when the trainer grades the assessment.
    """
    problem = _problem(value, kind, letters)
    if problem:
        raise AssertionError(problem)
    print("✔ Your answer has the right form. It is checked when your trainer grades "
          "the assessment.")


def show_saved_work(*names: str) -> Any:
    """Show saved work (``"module01-persona"``, or ``"notes#m01-targeted-service"``) to copy.

    The work is shown formatted, as in a portfolio; what was typed is escaped, never run.
    Select it, copy it and paste it into the hand-in cell.
    """
    from IPython.display import HTML
    from markdown_it import MarkdownIt

    from course_kit.saved_work import saved_work_markdown

    render = MarkdownIt("commonmark", {"html": False}).render
    parts = [f"<div style='border-left:4px solid #0072B2;padding:2px 10px;margin:6px 0'>"
             f"{render(saved_work_markdown(name))}</div>" for name in names]
    intro = ("<p>Your saved work, to copy into the cell below (select the text, copy, then "
             "paste):</p>")
    return HTML(intro + "".join(parts))
