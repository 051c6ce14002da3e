"""Online tutorials and guides, and online discussions.

:func:`review_howto` checks a short how-to (Markdown) against an accessibility and
plain-language checklist: what a program can check is checked, the rest is listed for a
person to check by eye. :func:`moderation_guidelines` and :func:`moderation_scenario` hold
the forum activity. The texts are in ``guides.toml`` (trainer-editable).
"""

from __future__ import annotations

import html
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from course_kit import readability
from course_kit.modules.module07.plain import GRADE_TARGET, JARGON, LONG_SENTENCE, check_message

__all__ = ["GUIDE_START", "MAX_HOWTO", "GuideEditor", "HowtoReview", "draft_howto",
           "moderation_guidelines", "moderation_scenario", "review_howto"]

HERE = Path(__file__).parent
#: The longest how-to the checker reads (characters): a short guide, not a manual.
MAX_HOWTO = 5000
_STEP = re.compile(r"^\s*\d+[.)]\s+(.*)$", re.MULTILINE)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"(?<!!)\[([^\]]*)\]\([^)]*\)")
_VAGUE_LINKS = {"click here", "here", "this link", "link", "more", "read more", "this"}


@cache
def _data() -> dict[str, Any]:
    with (HERE / "guides.toml").open("rb") as handle:
        return tomllib.load(handle)


def draft_howto() -> str:
    """The draft how-to that participants improve ("download an e-book")."""
    return str(_data()["howto"]["draft"]).strip() + "\n"


@dataclass
class HowtoReview:
    """The checklist's results: (item, passed, note) rows and the by-eye items."""

    rows: list[tuple[str, bool, str]]
    by_eye: list[str] = field(default_factory=list)

    @property
    def passed(self) -> int:
        """How many automatic checks passed."""
        return sum(ok for _, ok, _ in self.rows)

    def to_html(self) -> str:
        """The checklist as an escaped HTML table (words, not only colour) and a list."""
        rows = "".join(
            f"<tr><td>{html.escape(item)}</td><td><strong>{'✔ yes' if ok else '✘ not yet'}"
            f"</strong></td><td>{html.escape(note)}</td></tr>" for item, ok, note in self.rows)
        eye = "".join(f"<li>{html.escape(i)}</li>" for i in self.by_eye)
        return (f'<div class="course-kit-howto-review"><p><strong>{self.passed} of '
                f"{len(self.rows)} automatic checks pass.</strong></p>"
                '<table class="course-kit-table"><thead><tr><th scope="col">check</th>'
                '<th scope="col">passes?</th><th scope="col">note</th></tr></thead>'
                f"<tbody>{rows}</tbody></table><p>Check these by eye:</p><ul>{eye}</ul></div>")

    def _repr_html_(self) -> str:
        return self.to_html()


def review_howto(text: Any) -> HowtoReview:
    """Check a how-to written in Markdown; raise ValueError (plain words) for bad input."""
    if not isinstance(text, str):
        raise ValueError(f"The how-to must be text between quotes, not {type(text).__name__}.")
    if not text.strip():
        raise ValueError("The how-to is empty: write a title and a few numbered steps.")
    if len(text) > MAX_HOWTO:
        raise ValueError(f"The how-to has {len(text):,} characters; the checker reads up to "
                         f"{MAX_HOWTO:,}. Keep a how-to short, or split it in two.")
    rows: list[tuple[str, bool, str]] = []
    lines = [line for line in text.splitlines() if line.strip()]
    rows.append(("The title is a heading that names the task",
                 lines[0].lstrip().startswith("#"),
                 "Start with '# How to …' so a screen reader can jump to it."))
    steps = _STEP.findall(text)
    rows.append(("The steps are numbered", len(steps) >= 3,
                 f"{len(steps)} numbered step(s) found; aim for 3 to 9."))
    long = [s for s in steps if len(readability.words(s)) > LONG_SENTENCE]
    rows.append(("Each step is short", bool(steps) and not long,
                 f"{len(long)} step(s) over {LONG_SENTENCE} words." if steps else
                 "Number the steps first."))
    prose = readability.markdown_prose(_IMAGE.sub(" ", text))
    grade = check_message(prose).grade if prose.strip() else None
    rows.append((f"Reading grade {GRADE_TARGET:g} or lower",
                 grade is not None and grade <= GRADE_TARGET,
                 f"Grade {max(grade, 0.0):.1f}." if grade is not None else
                 "No grade: the text is too short or not in English."))
    found = sorted({w for w in JARGON
                    if re.search(rf"\b{re.escape(w)}s?\b", text, flags=re.IGNORECASE)})
    rows.append(("No library jargon", not found,
                 ("Found: " + ", ".join(found) + ".") if found else "None found."))
    needs = re.search(r"you need|before you start|you will need", text, re.IGNORECASE)
    rows.append(("It says what you need before you start", bool(needs),
                 "For example: 'You need your library card number and PIN.'"))
    images = _IMAGE.findall(text)
    empty = [alt for alt in images if not alt.strip()]
    rows.append(("Every image has alt text", not empty,
                 f"{len(images)} image(s), {len(empty)} without alt text."))
    vague = [t for t in _LINK.findall(text) if t.strip().lower() in _VAGUE_LINKS or not t.strip()]
    rows.append(("Links say where they go", not vague,
                 ("Vague link text: " + ", ".join(repr(v) for v in vague)) if vague else
                 "Link text names the page."))
    return HowtoReview(rows, list(_data()["howto"]["by_eye"]))


def moderation_guidelines() -> list[str]:
    """The course's moderation guidelines for an online group or forum."""
    return list(_data()["moderation"]["guidelines"])


class _Html:
    def __init__(self, text: str) -> None:
        self.text = text

    def _repr_html_(self) -> str:
        return self.text


def moderation_scenario() -> _Html:
    """The forum scenario and the guidelines, as escaped HTML for the notebook."""
    data = _data()["moderation"]
    items = "".join(f"<li>{html.escape(g)}</li>" for g in data["guidelines"])
    post = html.escape(str(data["scenario"]).strip()).replace("\n", "<br>")
    return _Html(f'<div class="course-kit-forum"><p><strong>Moderation guidelines</strong></p>'
                 f'<ol>{items}</ol><p><strong>The post</strong></p>'
                 f'<blockquote style="border-left:4px solid #999;margin:0;padding:4px 10px">'
                 f"{post}</blockquote></div>")


#: What the guide box holds before the participant has written anything.
GUIDE_START = """# How to borrow an e-book

You need your library card number and PIN.

1. Open the Libby app.
"""


class GuideEditor:
    """A text box for the participant's how-to, saved in ``my_work/notes.json``, and a
    **Check my guide** button that shows :func:`review_howto`'s checklist under it.

    No code to edit: the guide is typed in the box. Built lazily so the module imports
    without widgets; the text is kept by :class:`course_kit.widgets.NotesBox`.
    """

    KEY = "m07-howto"

    def __init__(self, store: Any = None, start: str = GUIDE_START) -> None:
        import ipywidgets as widgets

        from course_kit.widgets import NotesBox
        from course_kit.widgets.base import UserInputError, friendly_callback

        self._error = UserInputError
        self.notes = NotesBox(self.KEY, "Write your guide here, in the same form as the draft: "
                              "a '#' line for the title, then numbered steps.", store)
        if not self.notes.model.text.strip():
            self.notes.area.value = start
        self.notes.area.layout.height = "16em"
        self.check_button = widgets.Button(description="Check my guide", button_style="info",
                                           tooltip="Run the checklist on the guide in the box")
        self.result = widgets.HTML()
        self.check_button.on_click(friendly_callback(self.notes.messages)(self._on_check))
        self.widget = widgets.VBox([self.notes, self.check_button, self.result])

    def check(self) -> HowtoReview:
        """Check the text in the box, show the checklist, and save the text."""
        try:
            review = review_howto(self.notes.area.value)
        except ValueError as problem:
            raise self._error(str(problem)) from None
        self.result.value = review.to_html()
        when = self.notes.model.save()
        self.notes.messages.show(f"Checked and saved at {when}.", "success")
        return review

    def _on_check(self, _button: Any = None) -> None:
        self.check()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
