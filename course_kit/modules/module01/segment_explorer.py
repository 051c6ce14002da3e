"""The segmentation explorer: pick kinds of use, see the segments, make a persona."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import pandas as pd
import traitlets

from course_kit.modules.module01.persona_builder import PersonaBuilder
from course_kit.modules.module01.segments import (
    FEATURES,
    MAX_SEGMENTS,
    Segmentation,
    SegmentationError,
    chart_html,
    persona_seed,
    segment_patrons,
)
from course_kit.widgets.base import MessageArea, UserInputError, friendly_callback

__all__ = ["SegmentExplorer", "SegmentModel", "profile_table_html"]


def profile_table_html(result: Segmentation) -> str:
    """The segment profiles as a table with one flat header row (no empty header cells),
    in its own horizontally scrolling region so a narrow screen never clips it."""
    # The most common age band and contact are the same for every segment (35-64, email):
    # the table shows what is more common in a segment than overall instead.
    hidden = ["_standout", "most common age band", "most common contact"]
    shown = result.profile.drop(columns=[c for c in hidden if c in result.profile])
    shown = shown.reset_index()
    table = shown.to_html(classes="course-kit-table", border=0, index=False)
    return ('<div role="region" aria-label="Segment profiles (scrolls sideways)" tabindex="0" '
            'style="overflow-x:auto;max-width:100%">' + table + "</div>")


class SegmentModel(traitlets.HasTraits):
    """The explorer's state: chosen features and number of segments; the result follows."""

    features = traitlets.List(traitlets.Unicode(), default_value=["loans_12m", "eloans_12m"])
    n_segments = traitlets.Int(4)
    result = traitlets.Instance(Segmentation, allow_none=True)
    error = traitlets.Unicode("")

    def __init__(self, patrons: pd.DataFrame, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.patrons = patrons
        self.recompute()

    @traitlets.observe("features", "n_segments")
    def _changed(self, _change: dict[str, Any]) -> None:
        self.recompute()

    def recompute(self) -> None:
        """Run the segmentation again; a bad choice sets :attr:`error`, keeps the old result."""
        try:
            self.result = segment_patrons(self.patrons, self.features, self.n_segments)
            self.error = ""
        except SegmentationError as exc:
            self.error = str(exc)


class SegmentExplorer(widgets.VBox):
    """Checkboxes for the kinds of use, a drop-down for the number of segments, a profile
    table and chart, and a button that turns a segment into a persona."""

    def __init__(self, patrons: pd.DataFrame, builder: PersonaBuilder | None = None) -> None:
        self.model = SegmentModel(patrons)
        self.builder = builder
        self.messages = MessageArea()
        self.boxes = {
            key: widgets.Checkbox(value=key in self.model.features, description=label,
                                  indent=False, layout={"width": "auto"})
            for key, label in FEATURES.items()
        }
        # A drop-down, not a slider: ipywidgets' slider handle has no accessible name.
        self.slider = widgets.Dropdown(options=list(range(2, MAX_SEGMENTS + 1)),
                                       value=self.model.n_segments,
                                       description="Number of segments",
                                       style={"description_width": "initial"})
        self.table = widgets.HTML(layout={"max_width": "100%", "overflow": "hidden"})
        self.chart = widgets.HTML()
        self.pick = widgets.Dropdown(description="Segment", options=[])
        self.to_persona = widgets.Button(description="Turn into a persona",
                                         button_style="primary",
                                         tooltip="Fill the persona builder from this segment",
                                         layout={"width": "max-content"})
        guarded = friendly_callback(self.messages)
        for box in self.boxes.values():
            box.observe(guarded(self._on_features), names="value")
        self.slider.observe(guarded(self._on_slider), names="value")
        self.to_persona.on_click(guarded(self._on_persona))
        self.model.observe(guarded(self._refresh), names=["result", "error"])
        super().__init__([
            widgets.HTML("<strong>Group people by:</strong>"),
            widgets.HBox(list(self.boxes.values()), layout={"flex_flow": "row wrap"}),
            self.slider, self.messages, self.table, self.chart,
            widgets.HBox([self.pick, self.to_persona], layout={"flex_flow": "row wrap"}),
        ], layout={"max_width": "100%"})
        self.add_class("course-kit-segment-explorer")
        self._refresh()

    def _on_features(self, _change: dict[str, Any]) -> None:
        self.model.features = [k for k, box in self.boxes.items() if box.value]

    def _on_slider(self, change: dict[str, Any]) -> None:
        self.model.n_segments = int(change["new"])

    def _refresh(self, _change: Any = None) -> None:
        if self.model.error:
            self.messages.show(self.model.error + " The last result is still shown.", "warning")
            return
        result = self.model.result
        if result is None:
            return
        self.table.value = profile_table_html(result)
        self.chart.value = chart_html(result)
        chosen = self.pick.value
        self.pick.options = [(f"{s}. {n}", s) for s, n in result.names.items()]
        self.pick.value = chosen if chosen in result.names else next(iter(result.names))
        self.messages.show(
            f"{len(result.names)} segments of {int(result.profile['patrons'].sum()):,} patrons.",
            "info",
        )

    def target_builder(self) -> PersonaBuilder | None:
        """The builder "Turn into a persona" fills: the one the participant can see.

        Running the explorer's cell again makes a new builder that nobody sees; the builder
        shown last for the same saved-work file is the one filled, never a hidden one.
        """
        if self.builder is None:
            return None
        shown = PersonaBuilder.shown(self.builder.slot)
        return shown if shown is not None else self.builder

    def _on_persona(self, _button: Any = None) -> None:
        builder = self.target_builder()
        if builder is None:
            raise UserInputError("There is no persona builder linked to this explorer.")
        if self.model.result is None or self.pick.value is None:
            raise UserInputError("Pick a segment first.")
        kept = builder.fill(persona_seed(self.model.result, int(self.pick.value)))
        note = "The persona builder now starts from this segment."
        if kept:
            note += f" What you wrote is kept ({', '.join(kept)})."
        self.messages.show(note + " Give the persona a name and make the goals and needs "
                           "your own.", "success")
