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
import weakref
from collections.abc import Callable, Hashable
from typing import Any, Literal, TypeVar

import ipywidgets as widgets

__all__ = [
    "DEAD_WIDGET_ADVICE",
    "KIT_CSS",
    "MessageArea",
    "UserInputError",
    "friendly_callback",
    "labelled",
    "latest_shown",
    "mark_shown",
]

#: Shown over an activity whose kernel is gone (restarted, stopped): what to do, plainly.
DEAD_WIDGET_ADVICE = (
    "This activity is no longer connected to Python (the kernel was restarted or stopped), "
    "so what you do in it now is not saved. Everything saved before is safe. To use it "
    "again, choose Run, then Run All Cells: your work comes back."
)

#: The kit's style sheet, carried by every message area, so every module's widgets get it.
#: Links look like links; focus is a 3 px dark outline with a white halo on every control
#: (WCAG 2.2, 2.4.11 and 2.4.13); a widget whose kernel is gone says what to do.
KIT_CSS = (
    "<style>"
    ".jp-OutputArea-output .jupyter-widgets a,.course-kit-table a{color:#0b57d0;"
    "text-decoration:underline;font-weight:600}"
    ".jp-OutputArea-output .jupyter-widgets a:visited{color:#6a1b9a}"
    ".jp-OutputArea-output :is(input,textarea,select,button,a,summary,[tabindex]):focus-visible,"
    ".jp-OutputArea-output .jupyter-widgets:is(button,select):focus-visible,"
    ".jp-OutputArea-output .widget-radio-box input:focus{"
    "outline:3px solid #1a1a1a!important;outline-offset:2px!important;"
    "box-shadow:0 0 0 5px #fff!important}"
    ".jp-OutputArea-output .jupyter-widgets .widget-label,"
    ".jp-OutputArea-output .jupyter-widgets .widget-label-basic,"
    ".jp-OutputArea-output .jupyter-widgets .widget-radio-box label,"
    ".jp-OutputArea-output .jupyter-widgets.jupyter-button{"
    "overflow:visible;text-overflow:clip;white-space:normal;height:auto;min-height:28px}"
    ".course-kit-table{border-collapse:collapse}"
    ".course-kit-table th{text-align:left;vertical-align:bottom;border-bottom:2px solid #444;"
    "padding:2px 8px}.course-kit-table td{padding:2px 8px;vertical-align:top}"
    ".jp-OutputArea-output:has(.course-kit-message.jupyter-widgets-disconnected)::before{"
    f'content:"\\26A0  {DEAD_WIDGET_ADVICE}";display:block;'
    "border-left:6px solid #8a1c1c;background:#fdecea;color:#111;padding:8px 12px;"
    "margin:4px 0;font-weight:600;white-space:normal}"
    "</style>"
)

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
        if not self.value:
            self.value = KIT_CSS

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
        self.value = KIT_CSS + (
            f'<div role="status" aria-live="polite" style="border-left:6px solid {fg};'
            f'background:{bg};color:#111;padding:6px 10px;margin:4px 0">'
            f"<span aria-hidden='true' style='color:{fg};font-weight:bold'>{icon}</span> "
            f"{html.escape(text)}{extra}</div>"
        )

    def clear(self) -> None:
        """Remove the message."""
        self.kind, self.text, self.value = "", "", KIT_CSS


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


_SHOWN: dict[Hashable, weakref.ReferenceType[widgets.Widget]] = {}


def mark_shown(widget: widgets.Widget, key: Hashable) -> None:
    """Remember ``widget`` as the one last shown in the notebook for ``key``.

    Call it from the view's ``_repr_mimebundle_``. A cell run again makes a new widget; the
    one the participant sees is the one shown last, and :func:`latest_shown` finds it.
    """
    _SHOWN[key] = weakref.ref(widget)


def latest_shown(key: Hashable) -> widgets.Widget | None:
    """The widget last shown for ``key`` that is still open, or None."""
    ref = _SHOWN.get(key)
    found = ref() if ref is not None else None
    if found is None or getattr(found, "comm", None) is None:
        return None
    return found
