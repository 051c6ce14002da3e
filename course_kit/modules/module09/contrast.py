"""The WCAG colour-contrast ratio, and a calculator model for the contrast widget.

WCAG 2.x defines the contrast of two colours as (L1 + 0.05) / (L2 + 0.05), where L1 is
the relative luminance of the lighter colour and L2 that of the darker one. Relative
luminance is 0.2126 R + 0.7152 G + 0.0722 B on linearised sRGB channels. The ratio runs
from 1:1 (the same colour) to 21:1 (black on white). Success criterion 1.4.3 (level AA)
asks for 4.5:1 for normal text and 3:1 for large text; 1.4.6 (level AAA) asks for 7:1 and
4.5:1. Large text is 18 pt, or 14 pt bold. Source: W3C, *Web Content Accessibility
Guidelines (WCAG) 2.2*, 1.4.3, 1.4.6 and the definitions of "contrast ratio" and
"relative luminance".
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import traitlets

from course_kit.saved_work import escape_markdown
from course_kit.storage import WorkStore

__all__ = [
    "LEVELS",
    "ColourError",
    "ContrastCalculator",
    "ContrastResult",
    "contrast_ratio",
    "parse_colour",
    "relative_luminance",
]

#: (label, minimum ratio) for each WCAG level and text size, in the order shown.
LEVELS: tuple[tuple[str, float], ...] = (
    ("AA, normal text", 4.5),
    ("AA, large text", 3.0),
    ("AAA, normal text", 7.0),
    ("AAA, large text", 4.5),
)

_HEX = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_RGB = re.compile(r"^rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)$", re.I)
MAX_HISTORY = 20


class ColourError(ValueError):
    """A colour could not be read; the message says how to write one."""


def parse_colour(text: Any) -> tuple[int, int, int]:
    """Read ``#1f4e79``, ``1f4e79``, ``#fff`` or ``rgb(31, 78, 121)`` as (red, green, blue)."""
    if not isinstance(text, str):
        raise ColourError("Type a color as text, for example #1f4e79.")
    value = text.strip()
    if not value:
        raise ColourError("A color is missing. Type a code such as #1f4e79.")
    if len(value) > 40:
        raise ColourError("That is too long for a color. Type a code such as #1f4e79.")
    match = _HEX.match(value)
    if match:
        digits = match.group(1)
        if len(digits) == 3:
            digits = "".join(ch * 2 for ch in digits)
        return tuple(int(digits[i:i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]
    match = _RGB.match(value)
    if match:
        channels = tuple(int(part) for part in match.groups())
        if all(0 <= c <= 255 for c in channels):
            return channels  # type: ignore[return-value]
        raise ColourError("In a color written as rgb(…), each number must be between 0 and 255.")
    raise ColourError(
        f"“{value[:40]}” is not a color code we can read. Use # and six digits or letters "
        "a–f (for example #1f4e79), or rgb(31, 78, 121)."
    )


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG relative luminance of an sRGB colour: 0 for black, 1 for white."""
    r, g, b = (_linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str | tuple[int, int, int], second: str | tuple[int, int, int]) -> float:
    """The WCAG contrast ratio of two colours (order does not matter), from 1 to 21."""
    a = parse_colour(first) if isinstance(first, str) else first
    b = parse_colour(second) if isinstance(second, str) else second
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


@dataclass(frozen=True)
class ContrastResult:
    """The ratio of a text colour on a background colour, and what it passes."""

    text: str
    background: str
    ratio: float

    @property
    def passes(self) -> dict[str, bool]:
        """{level label: passes?}. WCAG says not to round up: 4.49 fails 4.5."""
        return {label: self.ratio >= limit for label, limit in LEVELS}

    def ratio_text(self) -> str:
        """The ratio as WebAIM's checker shows it, e.g. '4.54:1' (two decimals).

        Pass and fail use the exact ratio: WCAG says not to round up, so 4.497 shows as
        4.50:1 and still fails 4.5:1.
        """
        return f"{self.ratio:.2f}:1"

    def summary(self) -> str:
        """One plain sentence: the ratio and the levels it passes and fails."""
        passed = [label for label, ok in self.passes.items() if ok]
        failed = [label for label, ok in self.passes.items() if not ok]
        text = f"{self.text} on {self.background}: {self.ratio_text()}."
        if passed:
            text += " Passes " + "; ".join(passed) + "."
        if failed:
            text += " Fails " + "; ".join(failed) + "."
        return text

    def preview_html(self) -> str:
        """A sample in the two colours, and a table of results in words (not colour)."""
        rows = "".join(
            f"<tr><td>{html.escape(label)} (needs {limit:g}:1)</td>"
            f"<td><strong>{'Pass ✔' if self.passes[label] else 'Fail ✘'}</strong></td></tr>"
            for label, limit in LEVELS
        )
        return (
            f'<div class="course-kit-contrast-preview" style="max-width:640px">'
            f'<div style="background:{self.background};color:{self.text};padding:8px 12px;'
            f'border:1px solid #555">'
            f'<p style="margin:0;font-size:14px">Normal text: Library hours are 10 to 6.</p>'
            f'<p style="margin:0;font-size:24px">Large text: Welcome</p></div>'
            f'<p style="color:#111"><strong>Contrast ratio: {self.ratio_text()}</strong></p>'
            f'<table style="color:#111"><caption style="text-align:left">Results</caption>'
            f"<tr><th>Level</th><th>Result</th></tr>{rows}</table></div>"
        )


def _usable(item: Any) -> bool:
    """True for a saved check we can show: two colour codes and a numeric ratio."""
    if not isinstance(item, dict):
        return False
    ratio = item.get("ratio")
    return (isinstance(item.get("text"), str) and isinstance(item.get("background"), str)
            and isinstance(ratio, int | float) and not isinstance(ratio, bool)
            and 1 <= ratio <= 21)


class ContrastCalculator(traitlets.HasTraits):
    """Two colours in, the WCAG ratio out; each result is kept in ``my_work/``.

    ``text_colour`` and ``background`` hold what the participant typed; :meth:`check`
    reads them, keeps the result in :attr:`history` and saves it.
    """

    text_colour = traitlets.Unicode("#767676")
    background = traitlets.Unicode("#ffffff")
    history = traitlets.List(traitlets.Dict(), default_value=[])

    def __init__(self, store: WorkStore | None = None) -> None:
        super().__init__()
        self.store = store or WorkStore("module09-contrast")
        saved = self.store.load()
        self.notice = self.store.notice
        items = saved.get("history", [])
        if isinstance(items, list):
            self.history = [i for i in items if _usable(i)][-MAX_HISTORY:]
        if self.history:
            self.text_colour = str(self.history[-1]["text"])
            self.background = str(self.history[-1]["background"])

    def result(self) -> ContrastResult:
        """The result for the current colours (raises ColourError for a bad code)."""
        try:
            text = parse_colour(self.text_colour)
        except ColourError as exc:
            raise ColourError(f"Text color: {exc}") from exc
        try:
            back = parse_colour(self.background)
        except ColourError as exc:
            raise ColourError(f"Background color: {exc}") from exc
        return ContrastResult(_hex(text), _hex(back), contrast_ratio(text, back))

    def check(self) -> ContrastResult:
        """Work out the ratio, add it to the history and save the history."""
        result = self.result()
        entry = {"text": result.text, "background": result.background,
                 "ratio": round(result.ratio, 2),
                 "checked_at": datetime.now().strftime("%Y-%m-%d %H:%M")}
        kept = [h for h in self.history
                if (h["text"], h["background"]) != (result.text, result.background)]
        self.history = [*kept, entry][-MAX_HISTORY:]
        self.store.save({"history": self.history})
        return result

    def to_markdown(self) -> str:
        """The colour pairs checked, as an escaped Markdown table."""
        return history_markdown({"history": self.history})


def _md(text: Any) -> str:
    """Text for a Markdown line or table cell: escaped, on one line (shown, never run)."""
    return escape_markdown(str(text)).replace("\n", " ")


def history_markdown(data: dict[str, Any]) -> str:
    """Saved contrast checks (``my_work/module09-contrast.json``) as Markdown."""
    lines = ["# Color pairs checked", "", "| text | background | ratio | AA normal | AA large |",
             "|---|---|---|---|---|"]
    for item in data.get("history", []):
        try:
            ratio = float(item["ratio"])
        except (KeyError, TypeError, ValueError):
            continue
        lines.append(f"| {_md(item.get('text', ''))} | {_md(item.get('background', ''))} | "
                     f"{ratio:.2f}:1 | {'pass' if ratio >= 4.5 else 'fail'} | "
                     f"{'pass' if ratio >= 3 else 'fail'} |")
    return "\n".join(lines) + "\n"
