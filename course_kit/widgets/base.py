"""The shared widget pattern: a message area and callbacks that never show a traceback.

A button callback that raises inside ipywidgets ends up in a log the participant never
sees: the button simply seems dead. :func:`friendly_callback` catches the error and shows
it in the widget's :class:`MessageArea` instead, in plain words for problems with the
input (:class:`UserInputError`) and with a collapsed technical note for anything else.
"""

from __future__ import annotations

import functools
import html
import traceback
from collections.abc import Callable
from typing import Any, Literal, TypeVar

import ipywidgets as widgets

__all__ = ["MessageArea", "UserInputError", "friendly_callback", "labelled"]

Kind = Literal["info", "success", "warning", "error"]

_KIND_STYLE: dict[str, tuple[str, str, str]] = {
    "info": ("ℹ", "#1f4e79", "#eef4fb"),
    "success": ("✔", "#1b5e20", "#e8f5e9"),
    "warning": ("!", "#6d4c00", "#fff8e1"),
    "error": ("✘", "#8a1c1c", "#fdecea"),
}


class UserInputError(ValueError):
    """A problem with what the participant typed; its message is shown as it is."""


class MessageArea(widgets.HTML):
    """A status line inside a widget: words, an icon and colour (never colour alone)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_class("course-kit-message")
        self.kind: str = ""
        self.text: str = ""

    def show(self, text: str, kind: Kind = "info", details: str = "") -> None:
        """Show ``text``; ``details`` (e.g. a traceback) go in a collapsed section."""
        icon, fg, bg = _KIND_STYLE[kind]
        extra = ""
        if details:
            extra = (
                "<details><summary>Technical details for a trainer</summary>"
                f"<pre style='white-space:pre-wrap'>{html.escape(details)}</pre></details>"
            )
        self.kind, self.text = kind, text
        self.value = (
            f'<div role="status" aria-live="polite" style="border-left:6px solid {fg};'
            f'background:{bg};color:#111;padding:6px 10px;margin:4px 0">'
            f"<span aria-hidden='true' style='color:{fg};font-weight:bold'>{icon}</span> "
            f"{html.escape(text)}{extra}</div>"
        )

    def clear(self) -> None:
        """Remove the message."""
        self.kind, self.text, self.value = "", "", ""


F = TypeVar("F", bound=Callable[..., Any])


def friendly_callback(messages: MessageArea) -> Callable[[F], F]:
    """Decorate a widget callback so errors appear in ``messages``, not in a log.

    Input problems (:class:`UserInputError`) are shown as they are. Any other error is
    reported as an unexpected problem, with the traceback folded away for a trainer.
    Nothing the participant typed is touched.
    """

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except UserInputError as exc:
                messages.show(str(exc), "warning")
            except Exception as exc:
                messages.show(
                    "Something went wrong on our side, not yours. What you typed is still "
                    f"here. Please tell your trainer: {type(exc).__name__}: {exc}",
                    "error",
                    details=traceback.format_exc(),
                )
            return None

        return wrapper  # type: ignore[return-value]

    return decorate


def labelled(widget: widgets.Widget, label: str) -> widgets.Widget:
    """Give a control its visible description and an accessible name."""
    widget.description = label
    widget.style = {"description_width": "initial"}
    # Screen readers read the description as the label; the tooltip repeats it on hover.
    widget.tooltip = label
    return widget
