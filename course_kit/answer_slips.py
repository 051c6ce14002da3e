"""One plain line, not a traceback, for the two ways a librarian most often mistypes an answer.

``answer_7 = forty`` (a word with no quotes) makes Python look for a variable called
``forty``: a ``NameError`` traceback. ``answer_7 = 32.5%`` is not Python at all: a
``SyntaxError``. Both are answers typed the way people write, in the module self-checks
and in the graded assessments alike. :func:`install` gives IPython a handler for these two
errors that shows one line saying what to type instead. Every other ``NameError`` or
``SyntaxError`` (a real mistake in code, or one raised inside the kit) is shown exactly as
IPython shows it without the handler, traceback and all.

The cell still counts as failed (Run All stops there), so nothing is hidden from the
participant or from grading: only the words change.
"""

from __future__ import annotations

import linecache
import re
from types import TracebackType
from typing import Any

__all__ = ["install", "plain_message"]

#: ``answer_7 = 32.5%``, ``answer_q3 = 12 percent``: a name, "=", a number, a percent sign.
_PERCENT = re.compile(
    r"^\s*(?P<name>[A-Za-z_]\w*)\s*=\s*(?P<number>[-+]?\d[\d.,]*)\s*(%|per\s*cent)\s*(#.*)?$",
    re.IGNORECASE)
#: ``answer_7 = forty``: a name, "=", then what was assigned. Only an ``answer_…`` is told to
#: put its word in quotes: ``total = totl`` is a typing mistake in code, shown as it is.
_ASSIGNMENT = re.compile(r"^\s*(?P<name>[A-Za-z_]\w*)\s*=\s*(?P<value>[^#]+?)\s*(#.*)?$")


def _number_word(word: str) -> float | None:
    from course_kit.assessment import parse_number

    return parse_number(word.replace("_", " "))


def _digits(number: float) -> str:
    return f"{number:g}"


def _user_frame(shell: Any, tb: TracebackType | None) -> tuple[str, int] | None:
    """The file and line of the innermost frame that ran the participant's own code
    (the notebook's namespace), when the error was raised there and not deeper, in the
    kit or a library."""
    found = None
    while tb is not None:
        found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno,
                 tb.tb_frame.f_globals is shell.user_ns)
        tb = tb.tb_next
    if found is None or not found[2]:
        return None
    return found[0], found[1]


def _name_error(shell: Any, error: NameError, tb: TracebackType | None) -> str | None:
    word = getattr(error, "name", None)
    where = _user_frame(shell, tb)
    if not word or where is None:
        return None
    line = linecache.getline(*where).strip()
    assigned = _ASSIGNMENT.match(line)
    number = _number_word(word)
    if number is not None:
        target = f"{assigned.group('name')} = " if assigned else ""
        return (f"Python does not know the word {word}. Type the number in digits: "
                f"{target}{_digits(number)}")
    if assigned and assigned.group("name").startswith("answer_") and (
            assigned.group("value") == word):
        return (f"Python does not know the word {word}. Put words in quotes: "
                f'{assigned.group("name")} = "{word}"')
    return None


def _syntax_error(error: SyntaxError) -> str | None:
    found = _PERCENT.match(error.text or "")
    if found is None:
        return None
    from course_kit.assessment import parse_number

    number = parse_number(found.group("number"))
    if number is None:
        return None
    return (f"Python does not read % as per cent. Type the number alone: "
            f"{found.group('name')} = {_digits(number)}")


def plain_message(shell: Any, error: BaseException, tb: TracebackType | None) -> str | None:
    """The plain line for ``error`` if it is one of the two slips, else None."""
    if isinstance(error, NameError):
        return _name_error(shell, error, tb)
    if isinstance(error, SyntaxError) and not isinstance(error, IndentationError):
        return _syntax_error(error)
    return None


def _ran_user_code(shell: Any, tb: TracebackType | None) -> bool:
    while tb is not None:
        if tb.tb_frame.f_globals is shell.user_ns:
            return True
        tb = tb.tb_next
    return False


def _handler(shell: Any, etype: type[BaseException], value: BaseException,
             tb: TracebackType | None, tb_offset: int | None = None) -> None:
    """IPython's custom exception handler (``set_custom_exc``).

    It shows what it has to show itself: IPython ignores the structured traceback a
    handler returns (ipython/ipython#12378).
    """
    message = plain_message(shell, value, tb)
    if message is not None:
        shell._showtraceback(etype, value, [message])
    elif issubclass(etype, SyntaxError) and not _ran_user_code(shell, tb):
        # A cell that is not Python: what IPython does when it cannot parse a cell.
        if issubclass(etype, IndentationError):
            shell.showindentationerror()
        else:
            shell.showsyntaxerror()
    else:
        # An error while the cell ran: what IPython's run_code does.
        shell.showtraceback(running_compiled_code=True)
    return None


def install(shell: Any) -> None:
    """Give ``shell`` (an IPython ``InteractiveShell``) the handler for the two slips."""
    shell.set_custom_exc((NameError, SyntaxError), _handler)
