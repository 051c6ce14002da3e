"""The social analytics explorer: choose a base and a grouping, see the rates change.

:class:`AnalyticsModel` holds the choices and the resulting table (tested without a
browser); :class:`AnalyticsExplorer` is the thin view: two labelled drop-downs, a post
picker, HTML bars and tables.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import pandas as pd
import traitlets

from course_kit.modules.module07.engagement import (
    BASES,
    GROUPINGS,
    add_engagements,
    engagement_table,
    post_rates,
    rates_chart_html,
)
from course_kit.tables import table_html
from course_kit.widgets.base import MessageArea, friendly_callback, labelled

__all__ = ["AnalyticsExplorer", "AnalyticsModel"]


class AnalyticsModel(traitlets.HasTraits):
    """The explorer's state: the base, the grouping and one post; the tables follow."""

    base = traitlets.Enum(list(BASES), default_value="reach")
    by = traitlets.Enum(list(GROUPINGS), default_value="platform")
    post_id = traitlets.Unicode("")
    table = traitlets.Instance(pd.DataFrame, allow_none=True)
    post_table = traitlets.Instance(pd.DataFrame, allow_none=True)

    def __init__(self, posts: pd.DataFrame, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.posts = add_engagements(posts)
        if not self.post_id:
            self.post_id = str(posts["post_id"].iloc[0])
        self.recompute()

    @traitlets.observe("base", "by")
    def _grouping_changed(self, _change: dict[str, Any]) -> None:
        self.table = engagement_table(self.posts, self.by, self.base)

    @traitlets.observe("post_id")
    def _post_changed(self, _change: dict[str, Any]) -> None:
        self.post_table = post_rates(self.posts, self.post_id)

    def recompute(self) -> None:
        """Recompute the grouped table and the chosen post's three rates."""
        self.table = engagement_table(self.posts, self.by, self.base)
        self.post_table = post_rates(self.posts, self.post_id)

    def summary(self) -> str:
        """One sentence on the grouped table: which group leads on this base."""
        table = self.table
        top, low = table["rate_%"].idxmax(), table["rate_%"].idxmin()
        return (f"Per {self.base}: {top} has the highest rate "
                f"({table.loc[top, 'rate_%']:.2f}%, {int(table.loc[top, 'posts'])} posts), "
                f"{low} the lowest ({table.loc[low, 'rate_%']:.2f}%).")


class AnalyticsExplorer(widgets.VBox):
    """Drop-downs for the base and the grouping, bars and a table; one post's three rates."""

    def __init__(self, posts: pd.DataFrame) -> None:
        self.model = AnalyticsModel(posts)
        self.messages = MessageArea()
        self.base = labelled(widgets.Dropdown(options=list(BASES), value=self.model.base),
                             "Engagements per")
        self.by = labelled(widgets.Dropdown(options=list(GROUPINGS), value=self.model.by),
                           "Group posts by")
        ids = posts.sort_values("posted_at")
        self.post = labelled(widgets.Dropdown(
            options=[(f"{r.post_id} ({r.platform}, {r.post_type}, {r.posted_at:%d %b %Y})",
                      r.post_id) for r in ids.itertuples()],
            value=self.model.post_id, layout={"width": "max-content", "max_width": "95%"}),
            "One post")
        self.chart = widgets.HTML()
        self.table = widgets.HTML()
        self.post_table = widgets.HTML()
        guarded = friendly_callback(self.messages)
        self.base.observe(guarded(self._on_base), names="value")
        self.by.observe(guarded(self._on_by), names="value")
        self.post.observe(guarded(self._on_post), names="value")
        self.model.observe(guarded(self._refresh), names=["table", "post_table"])
        super().__init__([
            widgets.HBox([self.base, self.by], layout={"flex_flow": "row wrap"}),
            self.messages, self.chart, self.table,
            widgets.HTML("<strong>One post, three rates</strong>"), self.post,
            self.post_table,
        ])
        self.add_class("course-kit-analytics")
        self._refresh()

    def _on_base(self, change: dict[str, Any]) -> None:
        self.model.base = change["new"]

    def _on_by(self, change: dict[str, Any]) -> None:
        self.model.by = change["new"]

    def _on_post(self, change: dict[str, Any]) -> None:
        self.model.post_id = change["new"]

    def _refresh(self, _change: Any = None) -> None:
        self.chart.value = rates_chart_html(self.model.table, self.model.base)
        self.table.value = table_html(self.model.table, classes="course-kit-table")
        self.post_table.value = table_html(self.model.post_table, classes="course-kit-table")
        self.messages.show(self.model.summary(), "info")
