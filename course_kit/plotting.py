"""Plots that every participant can read: colour-blind-safe colours and a text description.

Nothing here changes matplotlib's global settings: the style applies inside
:func:`course_style` only, per figure. Every plotting function in the kit returns a
:class:`DescribedFigure`, which shows the picture together with a one-sentence
description (also used as the image's ``alt`` text for screen readers).
"""

from __future__ import annotations

import base64
import functools
import html
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["OKABE_ITO", "DescribedFigure", "course_style", "new_figure", "styled"]

#: Okabe & Ito (2008) palette, distinguishable with the common colour-vision deficiencies.
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow (light: used last, never for text)
    "#000000",  # black
)

# matplotlib is imported when something is drawn, not with this module: a command that
# may draw nothing (``course-kit report`` on an empty course) starts without it.
_RC: dict[str, Any] = {
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.frameon": False,
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 11,
}


@contextmanager
def course_style() -> Iterator[None]:
    """Apply the course's readable, colour-blind-safe style inside a ``with`` block."""
    import matplotlib

    with matplotlib.rc_context({"axes.prop_cycle": matplotlib.cycler(color=OKABE_ITO), **_RC}):
        yield


P = ParamSpec("P")
R = TypeVar("R")


def styled(func: Callable[P, R]) -> Callable[P, R]:
    """Decorate a plotting function so everything it draws uses the course style."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with course_style():
            return func(*args, **kwargs)

    return wrapper


def new_figure(width: float = 7.0, height: float = 3.6) -> Figure:
    """Create a figure in the course style.

    The figure is a plain ``matplotlib.figure.Figure``, not registered with pyplot: the
    kit never touches pyplot's global state or the notebook's plotting backend.
    """
    from matplotlib.figure import Figure

    with course_style():
        fig = Figure(figsize=(width, height), layout="constrained")
    return fig


@dataclass
class DescribedFigure:
    """A figure with its one-sentence description, shown together in the notebook."""

    figure: Figure
    description: str

    def png(self) -> bytes:
        """The figure as PNG bytes."""
        buffer = io.BytesIO()
        with course_style():
            self.figure.savefig(buffer, format="png")
        return buffer.getvalue()

    def save(self, path: str) -> None:
        """Save the figure (PNG, SVG or PDF, from the file name)."""
        with course_style():
            self.figure.savefig(path)

    def to_html(self) -> str:
        """An accessible ``<figure>``: the image with alt text and a visible caption."""
        data = base64.b64encode(self.png()).decode("ascii")
        text = html.escape(self.description)
        return (
            f'<figure class="course-kit-figure" style="margin:0">'
            f'<img src="data:image/png;base64,{data}" alt="{text}" style="max-width:100%">'
            f'<figcaption style="color:#222;font-style:italic">{text}</figcaption></figure>'
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return f"<figure: {self.description}>"
