"""The privacy lab widget: a thin view over :class:`.privacy.PrivacyPlan`."""

from __future__ import annotations

import base64
import html
from typing import Any

import ipywidgets as widgets
import pandas as pd

from course_kit.modules.module03.privacy import (
    LEVELS,
    QUASI_IDENTIFIERS,
    RETENTION,
    TARGET_K,
    PrivacyError,
    PrivacyPlan,
)
from course_kit.storage import WorkStore
from course_kit.widgets.base import MessageArea, UserInputError, friendly_callback

__all__ = ["PrivacyLab"]


def _links(paths: tuple[Any, ...]) -> str:
    out = []
    for path, mime in zip(paths, ("text/markdown", "text/html"), strict=True):
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        out.append(f'<a download="{html.escape(path.name)}" href="data:{mime};base64,{data}">'
                   f"Download {html.escape(path.name)}</a>")
    return " · ".join(out)


class PrivacyLab(widgets.VBox):
    """Choose how each column is released; see k, unique patrons and what still works."""

    def __init__(self, patrons: pd.DataFrame, store: WorkStore | None = None) -> None:
        self.model = PrivacyPlan(patrons, store=store)
        self.messages = MessageArea()
        self.figures = widgets.HTML()
        self.analyses = widgets.HTML()
        self.downloads = widgets.HTML()
        self.level_controls = {
            column: widgets.Dropdown(options=[(label, code) for code, label in LEVELS[column]],
                                     description=QUASI_IDENTIFIERS[column],
                                     style={"description_width": "14em"},
                                     layout={"width": "95%", "max_width": "32em"})
            for column in QUASI_IDENTIFIERS
        }
        self.pseudonyms = widgets.Checkbox(description="Replace patron ids with salted pseudonyms",
                                           indent=False, layout={"width": "auto"})
        self.retention = widgets.Dropdown(options=[("(choose)", ""), *[(r, r) for r in RETENTION]],
                                          description="Keep the link to loans",
                                          style={"description_width": "14em"},
                                          layout={"width": "95%", "max_width": "40em"})
        self.reason = widgets.Textarea(description="Why that period?",
                                       placeholder="One or two sentences",
                                       continuous_update=False,
                                       style={"description_width": "14em"},
                                       layout={"width": "95%", "max_width": "40em",
                                               "height": "4em"})
        self.save_button = widgets.Button(description="Save my plan", button_style="primary",
                                          tooltip="Check and save this privacy plan")
        self.export_button = widgets.Button(description="Export for my portfolio",
                                            tooltip="Write Markdown and HTML files",
                                            layout={"width": "max-content"})
        guarded = friendly_callback(self.messages)
        self._restore()
        for column, control in self.level_controls.items():
            control.observe(guarded(self._level_changed(column)), names="value")
        self.pseudonyms.observe(guarded(self._other_changed), names="value")
        self.retention.observe(guarded(self._other_changed), names="value")
        self.reason.observe(guarded(self._other_changed), names="value")
        self.save_button.on_click(guarded(self._on_save))
        self.export_button.on_click(guarded(self._on_export))
        self.model.observe(guarded(self._render), names="summary")
        super().__init__([
            widgets.HTML("<strong>Release each column as:</strong>"),
            *self.level_controls.values(), self.pseudonyms, self.figures, self.analyses,
            self.retention, self.reason,
            widgets.HBox([self.save_button, self.export_button],
                         layout={"flex_flow": "row wrap"}),
            self.messages, self.downloads,
        ])
        self.add_class("course-kit-privacy-lab")
        self._render()

    def _restore(self) -> None:
        saved = self.model.store.load()
        if self.model.store.notice:
            self.messages.show(self.model.store.notice, "warning")
        plan = saved.get("plan")
        if isinstance(plan, dict):
            ignored = self.model.update(plan)
            note = f"Your plan is back from {self.model.store.path.name}."
            if ignored:
                note += f" Some parts could not be read and were reset: {', '.join(ignored)}."
            self.messages.show(note, "info")
        for column, control in self.level_controls.items():
            control.value = self.model.levels[column]
        self.pseudonyms.value = self.model.use_pseudonyms
        self.retention.value = self.model.retention
        self.reason.value = self.model.reason

    def _level_changed(self, column: str) -> Any:
        def handler(change: dict[str, Any]) -> None:
            self.model.levels = {**self.model.levels, column: change["new"]}
            self.model.save()

        return handler

    def _other_changed(self, _change: dict[str, Any]) -> None:
        if len(self.reason.value) > PrivacyPlan.MAX_REASON:
            raise UserInputError(
                f"The reason has {len(self.reason.value)} characters; please keep it to "
                f"{PrivacyPlan.MAX_REASON}. Your text is still in the box; it is not saved yet.")
        self.model.use_pseudonyms = self.pseudonyms.value
        self.model.retention = self.retention.value
        self.model.reason = self.reason.value
        self.model.save()

    def _render(self, _change: Any = None) -> None:
        start, now = self.model.start, self.model.summary
        ok = now["k"] >= TARGET_K
        verdict = (f"✔ k = {now['k']}: every patron shares their row with at least "
                   f"{now['k'] - 1} others." if ok else
                   f"✘ k = {now['k']}: below the target of {TARGET_K}.")
        self.figures.value = (
            # JupyterLab's own table style (padding, stripes) applies inside this class.
            '<div class="jp-RenderedHTMLCommon">'
            f'<table class="course-kit-table" style="color:#111"><caption>Re-identification '
            f"risk ({now['rows']:,} patrons)</caption><thead><tr><th scope='col'>Measure</th>"
            "<th scope='col'>As held</th><th scope='col'>Your release</th></tr></thead><tbody>"
            f"<tr><th scope='row'>k (smallest group)</th><td>{start['k']}</td>"
            f"<td>{now['k']}</td></tr>"
            f"<tr><th scope='row'>Patrons who are unique</th><td>{start['unique']:,}</td>"
            f"<td>{now['unique']:,}</td></tr>"
            f"<tr><th scope='row'>Patrons in groups under {TARGET_K}</th>"
            f"<td>{start['below_target']:,}</td><td>{now['below_target']:,}</td></tr>"
            f"</tbody></table><p><strong>{html.escape(verdict)}</strong></p></div>"
        )
        self.analyses.value = ('<div class="jp-RenderedHTMLCommon">' + self.model.analyses()
                               .to_html(index=False, classes="course-kit-table", border=0)
                               + "</div>")

    def _on_save(self, _button: Any = None) -> None:
        self._other_changed({})
        issues = self.model.problems()
        self.model.save()
        if issues:
            raise UserInputError("Your choices are kept, but the plan is not finished yet. "
                                 + " ".join(issues))
        self.messages.show(f"Saved. Your plan reaches k = {self.model.summary['k']}.", "success")

    def _on_export(self, _button: Any = None) -> None:
        try:
            paths = self.model.export()
        except PrivacyError as exc:
            raise UserInputError(f"Finish the plan before exporting it: {exc}") from exc
        self.downloads.value = _links(paths)
        self.messages.show(f"Exported to my_work/{paths[0].name} and my_work/{paths[1].name}.",
                           "success")
