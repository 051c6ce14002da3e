"""The thin widget views of Module 10, each over a model of this package.

* :class:`ROICalculatorView` – the library value calculator (:class:`.roi.ROICalculator`);
* :class:`KPIDashboardView` – usage month by month (:class:`.dashboard.KPIDashboard`);
* :class:`PlanFormView` – the stakeholder report and the PDSA cycle (:class:`.report.PlanForm`).

Every control has a label, every callback is guarded by
:func:`~course_kit.widgets.base.friendly_callback`, and nothing typed is cleared by an error.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from course_kit.modules.module10.analysis import MEASURES
from course_kit.modules.module10.dashboard import KPIDashboard
from course_kit.modules.module10.report import FormError, PlanForm
from course_kit.modules.module10.roi import ROICalculator, ROIError
from course_kit.storage import WorkStore
from course_kit.widgets.base import MessageArea, UserInputError, friendly_callback, labelled

__all__ = ["KPIDashboardView", "PlanFormView", "ROICalculatorView"]

_MIME = {".md": "text/markdown", ".html": "text/html", ".pdf": "application/pdf"}


def _download_links(paths: tuple[Path, ...]) -> str:
    links = []
    for path in paths:
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        links.append(f'<a download="{html.escape(path.name)}" '
                     f'href="data:{_MIME.get(path.suffix, "text/plain")};base64,{data}">'
                     f"Download {html.escape(path.name)}</a>")
    return " · ".join(links)


def _money(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"


class ROICalculatorView(widgets.VBox):
    """Values per use and uses for each service, the costs; both ratios and the range out."""

    def __init__(self, store: WorkStore | None = None) -> None:
        self.model = ROICalculator(store=store)
        self.messages = MessageArea()
        self.results = widgets.HTML()
        self.downloads = widgets.HTML()
        guarded = friendly_callback(self.messages)
        text = {"continuous_update": False}
        self.library = labelled(widgets.Text(self.model.library, layout={"width": "24em"},
                                             **text), "Library")
        self.year = labelled(widgets.Text(self.model.year, layout={"width": "10em"}, **text),
                             "Year")
        self.costs = labelled(widgets.Text(_money(self.model.costs), layout={"width": "16em"},
                                           **text), "Operating costs ($)")
        self._updating = False
        self._confirm_reset = False
        self.service = labelled(widgets.Dropdown(options=self.model.names,
                                                 value=self.model.names[0],
                                                 layout={"width": "max-content"}), "Service")
        self.value = labelled(widgets.Text(layout={"width": "16em"}, **text),
                              "Value per use ($)")
        self.uses = labelled(widgets.Text(layout={"width": "16em"}, **text), "Uses in the year")
        self.service.observe(guarded(self._on_service), names="value")
        self.value.observe(guarded(self._on_value), names="value")
        self.uses.observe(guarded(self._on_uses), names="value")
        self.lines = widgets.VBox([
            self.service,
            widgets.HBox([self.value, self.uses], layout={"flex_flow": "row wrap"}),
        ])
        self.reset_button = widgets.Button(description="Back to the case-study figures",
                                           tooltip="Published values, Millbrook's 2025 uses "
                                                   "and costs", layout={"width": "max-content"})
        self.export_button = widgets.Button(description="Export the one-page summary",
                                            button_style="primary",
                                            tooltip="Write the summary as HTML, PDF and Markdown",
                                            layout={"width": "max-content"})
        self.library.observe(guarded(self._on_label), names="value")
        self.year.observe(guarded(self._on_label), names="value")
        self.costs.observe(guarded(self._on_costs), names="value")
        self.reset_button.on_click(guarded(self._on_reset))
        self.export_button.on_click(guarded(self._on_export))
        super().__init__([
            widgets.HBox([self.library, self.year], layout={"flex_flow": "row wrap"}),
            self.costs, self.lines, self.messages, self.results,
            widgets.HBox([self.export_button, self.reset_button],
                         layout={"flex_flow": "row wrap"}),
            self.downloads,
        ], layout={"max_width": "720px"})
        self.add_class("course-kit-roi")
        self._fill_boxes()
        self._render()
        if self.model.notice:
            self.messages.show(self.model.notice, "warning")
        elif self.model.restored:
            self.messages.show(f"Your figures are back from {self.model.store.path.name}.",
                               "info")

    # -- showing the model ---------------------------------------------------------------
    def _render(self) -> None:
        self._confirm_reset = False
        r = self.model.result()
        box = ("flex:1 1 14em;border:2px solid #0072B2;padding:6px 10px;margin:4px;"
               "color:#111")
        check = (f'<p class="course-kit-roi-check"><strong>{html.escape(r.ratio_check())}'
                 "</strong></p>") if r.ratio_check() else ""
        unusual = self.model.unusual_values()
        flag = ("<p><strong>Check these values:</strong> they are far from the published ones: "
                f"{html.escape('; '.join(unusual))}.</p>") if unusual else ""
        table = "".join(
            f"<tr><td>{html.escape(name)}</td><td>${per:,.2f}</td><td>{uses:,}</td>"
            f"<td>${uses * per:,.0f}</td></tr>" for name, uses, per in r.lines)
        self.results.value = (
            f'<section class="course-kit-roi-results" style="color:#111">'
            f"<p><strong>Value of services: ${r.benefits:,.0f}.</strong> Operating costs: "
            f"${r.costs:,.0f}.</p>"
            f'<div style="display:flex;flex-wrap:wrap">'
            f'<div class="course-kit-roi-ratio" style="{box}"><strong>Benefit-cost ratio'
            f'</strong><br><span style="font-size:1.6em">${r.ratio:,.2f} per $1</span><br>'
            f"benefits ÷ costs. State studies report this one.</div>"
            f'<div class="course-kit-roi-net" style="{box}"><strong>Net ROI</strong><br>'
            f'<span style="font-size:1.6em">{r.net_roi:,.0f}%</span><br>'
            f"(benefits − costs) ÷ costs. The same result, said another way.</div></div>"
            f'<p class="course-kit-roi-range">{html.escape(r.range_sentence())}</p>'
            f"{check}{flag}"
            f'<details><summary>Every service: value per use, uses, value</summary>'
            f'<table style="color:#111"><tr><th>service</th><th>$ per use</th><th>uses</th>'
            f"<th>value</th></tr>{table}</table></details></section>")

    def _fill_boxes(self) -> None:
        name = self.service.value
        self._updating = True
        try:
            self.value.value = _money(self.model.values[name])
            self.uses.value = f"{self.model.uses[name]:,}"
            self.costs.value = _money(self.model.costs)
            self.library.value, self.year.value = self.model.library, self.model.year
        finally:
            self._updating = False

    # -- callbacks ------------------------------------------------------------------------
    def _on_service(self, _change: dict[str, Any]) -> None:
        self._fill_boxes()
        self.messages.clear()

    def _on_value(self, change: dict[str, Any]) -> None:
        if self._updating:
            return
        name = self.service.value
        try:
            value = self.model.set_value(name, change["new"])
        except ROIError as exc:
            raise UserInputError(f"{exc} The calculator still uses "
                                 f"${self.model.values[name]:,.2f}.") from exc
        self._render()
        self.messages.show(f"{name}: ${value:,.2f} per use. Saved.", "success")

    def _on_uses(self, change: dict[str, Any]) -> None:
        if self._updating:
            return
        name = self.service.value
        try:
            count = self.model.set_uses(name, change["new"])
        except ROIError as exc:
            raise UserInputError(f"{exc} The calculator still counts "
                                 f"{self.model.uses[name]:,}.") from exc
        self._render()
        self.messages.show(f"{name}: {count:,} uses. Saved.", "success")

    def _on_costs(self, change: dict[str, Any]) -> None:
        if self._updating:
            return
        try:
            self.model.set_costs(change["new"])
        except ROIError as exc:
            raise UserInputError(f"{exc} The calculator still uses ${self.model.costs:,.0f}."
                                 ) from exc
        self._render()
        self.messages.show(f"Operating costs: ${self.model.costs:,.0f}. Saved.", "success")

    def _on_label(self, _change: dict[str, Any]) -> None:
        if self._updating:
            return
        try:
            self.model.set_label(self.library.value, self.year.value)
        except ROIError as exc:
            raise UserInputError(str(exc)) from exc

    def _on_reset(self, _button: Any = None) -> None:
        if not self._confirm_reset:
            self._confirm_reset = True
            self.messages.show("This puts back the published values and Millbrook's 2025 "
                               "figures, in place of yours. Click the button again to do it.",
                               "warning")
            return
        self._confirm_reset = False
        self.model.reset_to_case_study()
        self._fill_boxes()
        self._render()
        self.messages.show("Back to the published values and Millbrook's 2025 figures.", "info")

    def _on_export(self, _button: Any = None) -> None:
        paths = self.model.export()
        self.downloads.value = _download_links(paths)
        self.messages.show("Exported to my_work/: " + ", ".join(p.name for p in paths) + ".",
                           "success")


class KPIDashboardView(widgets.VBox):
    """A measure, a branch and a year in; the months as bars with a one-line summary out."""

    def __init__(self, usage: pd.DataFrame, names: dict[str, str] | None = None,
                 residents: int | None = None) -> None:
        self.model = KPIDashboard(usage, names, residents)
        self.messages = MessageArea()
        self.chart = widgets.HTML()
        guarded = friendly_callback(self.messages)
        self.measure = labelled(widgets.Dropdown(
            options=[(label, key) for key, label in MEASURES.items()], value=self.model.measure,
            layout={"width": "max-content"}), "Measure")
        self.branch = labelled(widgets.Dropdown(
            options=[("All branches" if b == "All" else self.model.names.get(b, b), b)
                     for b in self.model.branches], value=self.model.branch,
            layout={"width": "max-content"}), "Branch")
        self.year = labelled(widgets.Dropdown(options=self.model.years, value=self.model.year,
                                              layout={"width": "max-content"}), "Year")
        for control in (self.measure, self.branch, self.year):
            control.observe(guarded(self._on_change), names="value")
        super().__init__([
            widgets.HBox([self.measure, self.branch, self.year],
                         layout={"flex_flow": "row wrap"}),
            self.messages, self.chart,
        ], layout={"max_width": "720px"})
        self.add_class("course-kit-kpi-dashboard")
        self._on_change()

    def _on_change(self, _change: dict[str, Any] | None = None) -> None:
        self.model.measure = self.measure.value
        self.model.branch = self.branch.value
        self.model.year = int(self.year.value)
        self.chart.value = self.model.chart_html()


class PlanFormView(widgets.VBox):
    """The stakeholder report (``kind="report"``) or the PDSA cycle (``kind="pdsa"``)."""

    def __init__(self, kind: str = "report", store: WorkStore | None = None) -> None:
        self.model = PlanForm(kind, store=store)
        self.messages = MessageArea()
        self.downloads = widgets.HTML()
        guarded = friendly_callback(self.messages)
        self.boxes: dict[str, widgets.Textarea] = {}
        children: list[widgets.Widget] = [widgets.HTML(f"<h4>{html.escape(self.model.title)}"
                                                       "</h4>")]
        for key, question, hint in self.model.fields:
            box = labelled(widgets.Textarea(self.model.answers[key], placeholder=hint,
                                            continuous_update=False,
                                            layout={"width": "95%", "max_width": "680px",
                                                    "height": "4.5em"}),
                           question.split(":")[0])
            box.observe(guarded(self._changed(key)), names="value")
            self.boxes[key] = box
            if ":" in question:
                children.append(widgets.HTML(f"<p><strong>{html.escape(question)}</strong></p>"))
            children.append(box)
        self.export_button = widgets.Button(description="Export for my portfolio",
                                            tooltip="Write it as Markdown and HTML",
                                            layout={"width": "max-content"})
        self.export_button.on_click(guarded(self._on_export))
        super().__init__([*children, self.messages, self.export_button, self.downloads],
                         layout={"max_width": "720px"})
        self.add_class(f"course-kit-form-{kind}")
        if self.model.notice:
            self.messages.show(self.model.notice, "warning")
        elif self.model.restored:
            self.messages.show(f"Your answers are back from {self.model.store.path.name}.",
                               "info")

    def _changed(self, key: str) -> Any:
        def callback(change: dict[str, Any]) -> None:
            try:
                self.model.set(key, change["new"])
            except FormError as exc:
                raise UserInputError(str(exc)) from exc
            self.messages.show(f"Saved ({self.model.done()} of {len(self.boxes)} answered).",
                               "success")
        return callback

    def _on_export(self, _button: Any = None) -> None:
        paths = self.model.export()
        self.downloads.value = _download_links(paths)
        self.messages.show("Exported to my_work/: " + ", ".join(p.name for p in paths) + ".",
                           "success")
