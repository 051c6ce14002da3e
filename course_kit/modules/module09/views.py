"""The thin widget views of Module 9, each over a model of this package.

* :class:`AuditView` – the accessibility audit (:class:`.audit.AccessibilityAudit`);
* :class:`ContrastView` – the colour-contrast calculator (:class:`.contrast.ContrastCalculator`);
* :class:`LanguageMapView` – language gaps and partners (:class:`.languages.LanguagePlan`);
* :class:`ScenarioView` – scenario choices (:class:`.scenarios.ScenarioSet`).

Every control has a label, every callback is guarded by
:func:`~course_kit.widgets.base.friendly_callback`, and nothing typed is cleared by an error.
"""

from __future__ import annotations

import base64
import contextlib
import html
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from course_kit.modules.module09.audit import SITES, AccessibilityAudit, AuditError
from course_kit.modules.module09.contrast import ColourError, ContrastCalculator
from course_kit.modules.module09.languages import LanguagePlan, PlanError
from course_kit.modules.module09.scenarios import ScenarioSet
from course_kit.storage import WorkStore
from course_kit.widgets.base import MessageArea, UserInputError, friendly_callback, labelled

__all__ = ["AuditView", "ContrastView", "LanguageMapView", "ScenarioView"]

_WIDE = {"width": "95%", "max_width": "680px"}


def _download_links(paths: tuple[Path, ...]) -> str:
    links = []
    for path in paths:
        mime = "text/markdown" if path.suffix == ".md" else "text/html"
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        links.append(f'<a download="{html.escape(path.name)}" href="data:{mime};base64,{data}">'
                     f"Download {html.escape(path.name)}</a>")
    return " · ".join(links)


class AuditView(widgets.VBox):
    """Pick a building (or the website), record checks, read the summary and action list."""

    def __init__(self, audit: pd.DataFrame, store: WorkStore | None = None) -> None:
        self.model = AccessibilityAudit(audit, store=store)
        self.messages = MessageArea()
        self.summary = widgets.HTML()
        self.report = widgets.HTML()
        self.table = widgets.HTML()
        self.table_box = widgets.Accordion(children=[self.table])
        self.table_box.set_title(0, "Every check, with its standard and source")
        self.table_box.selected_index = None
        self.detail = widgets.HTML()
        self.downloads = widgets.HTML()
        self._updating = False
        self.site = labelled(widgets.Dropdown(
            options=[(name, key) for key, name in SITES.items()], value=self.model.site,
            layout={"width": "max-content"}), "Building or website")
        self.check = labelled(widgets.Dropdown(layout=_WIDE), "Check")
        self.value = labelled(widgets.Text(placeholder="a number, e.g. 36",
                                           layout={"width": "20em"}), "Measured value")
        self.answer = labelled(widgets.Dropdown(options=["not checked", "yes", "no"],
                                                layout={"width": "max-content"}),
                               "Does it meet the standard?")
        self.note = labelled(widgets.Text(placeholder="optional: what you saw",
                                          layout=_WIDE), "Note")
        self.record_button = widgets.Button(description="Record this check",
                                            button_style="primary",
                                            tooltip="Record this check and save it")
        self.impact = labelled(widgets.Dropdown(options=[1, 2, 3],
                                                layout={"width": "max-content"}),
                               "Impact (1 low, 3 high)")
        self.effort = labelled(widgets.Dropdown(options=[1, 2, 3],
                                                layout={"width": "max-content"}),
                               "Effort (1 low, 3 high)")
        self.export_button = widgets.Button(description="Export for my portfolio",
                                            tooltip="Write the audit as Markdown and HTML",
                                            layout={"width": "max-content"})
        guarded = friendly_callback(self.messages)
        self.site.observe(guarded(self._on_site), names="value")
        self.check.observe(guarded(self._on_check), names="value")
        self.impact.observe(guarded(self._on_priority), names="value")
        self.effort.observe(guarded(self._on_priority), names="value")
        self.record_button.on_click(guarded(self._on_record))
        self.export_button.on_click(guarded(self._on_export))
        super().__init__([
            self.site, self.summary, self.check, self.detail, self.value, self.answer,
            self.note, self.record_button,
            widgets.HBox([self.impact, self.effort], layout={"flex_flow": "row wrap"}),
            self.messages, self.report, self.table_box, self.export_button, self.downloads,
        ])
        self.add_class("course-kit-audit")
        self._fill_checks()
        if self.model.notice:
            self.messages.show(self.model.notice, "warning")
        elif self.model.restored:
            self.messages.show(f"Your audit is back from {self.model.store.path.name}.", "info")

    # -- showing the model ---------------------------------------------------------------
    def _fill_checks(self) -> None:
        current = self.check.value
        options = [(f"{c.label} ({self.model.entry(c.id)['status']})", c.id)
                   for c in self.model.checks_for()]
        self._updating = True
        try:
            self.check.options = options
            ids = [o[1] for o in options]
            self.check.value = current if current in ids else ids[0]
        finally:
            self._updating = False
        self._show_check()
        self._render()

    def _show_check(self) -> None:
        check = self.model.by_id[self.check.value]
        entry = self.model.entry(check.id)
        measured = check.amount(entry["measured"]) if "measured" in entry else "none yet"
        by = {"audit table": " (from the 2025 audit)", "you": " (recorded by you)"}.get(
            entry.get("by", ""), "")
        self.detail.value = (
            f"<p><strong>Standard:</strong> {html.escape(check.standard_text())}. "
            f"<em>{html.escape(check.source)}</em><br><strong>Now:</strong> "
            f"{html.escape(entry['status'])}; measured {html.escape(measured)}{by}.</p>")
        measure = check.kind == "measure"
        self.value.layout.display = None if measure else "none"
        self.answer.layout.display = "none" if measure else None
        self._updating = True
        try:
            self.value.value = f"{entry['measured']:g}" if "measured" in entry else ""
            self.answer.value = {"meets": "yes", "does not meet": "no"}.get(entry["status"],
                                                                          "not checked")
            self.note.value = str(entry.get("note", ""))
            self.impact.value = int(entry.get("impact", check.impact))
            self.effort.value = int(entry.get("effort", check.effort))
        finally:
            self._updating = False

    def _render(self) -> None:
        s = self.model.summary()
        self.summary.value = (
            f'<p class="course-kit-audit-summary" style="color:#111"><strong>'
            f"{html.escape(self.model.summary_sentence())}</strong> "
            f"Action list below: {len(self.model.actions())} item(s).</p>"
            if s["checks"] else "")
        self.report.value = (f'<section class="course-kit-audit-report" style="color:#111">'
                             f"{self.model.actions_html()}</section>")
        self.table.value = self.model.table_html()

    # -- callbacks ------------------------------------------------------------------------
    def _on_site(self, change: dict[str, Any]) -> None:
        self.model.site = change["new"]
        self.model.save()
        self.downloads.value = ""
        self._fill_checks()
        self.messages.clear()

    def _on_check(self, _change: dict[str, Any]) -> None:
        if not self._updating and self.check.value:
            self._show_check()

    def _on_priority(self, _change: dict[str, Any]) -> None:
        if self._updating:
            return
        try:
            self.model.set_priority(self.check.value, self.impact.value, self.effort.value)
        except AuditError as exc:
            raise UserInputError(str(exc)) from exc
        self._render()
        self.messages.show("Priority saved. The action list is sorted again.", "success")

    def _on_record(self, _button: Any = None) -> None:
        check = self.model.by_id[self.check.value]
        try:
            if check.kind == "measure":
                entry = self.model.record_measurement(check.id, self.value.value,
                                                      self.note.value)
            else:
                meets = {"yes": True, "no": False}.get(self.answer.value)
                entry = self.model.record_answer(check.id, meets, self.note.value)
        except AuditError as exc:
            raise UserInputError(str(exc)) from exc
        self._fill_checks()
        self.messages.show(f"Recorded: {check.label}: {entry['status']}. Saved in "
                           f"{self.model.store.path.name}.", "success")

    def _on_export(self, _button: Any = None) -> None:
        md, page = self.model.export(self.model.store.path.parent)
        self.downloads.value = _download_links((md, page))
        self.messages.show(f"Exported to my_work/{md.name} and my_work/{page.name}.", "success")


class ContrastView(widgets.VBox):
    """Two colours in, the WCAG contrast ratio and pass or fail out, with a preview."""

    def __init__(self, store: WorkStore | None = None) -> None:
        self.model = ContrastCalculator(store=store)
        self.messages = MessageArea()
        self.preview = widgets.HTML()
        self.history = widgets.HTML()
        self.text_colour = labelled(widgets.Text(value=self.model.text_colour,
                                                 placeholder="#767676", continuous_update=False,
                                                 layout={"width": "20em"}), "Text color")
        self.background = labelled(widgets.Text(value=self.model.background,
                                                placeholder="#ffffff", continuous_update=False,
                                                layout={"width": "20em"}), "Background color")
        widgets.link((self.text_colour, "value"), (self.model, "text_colour"))
        widgets.link((self.background, "value"), (self.model, "background"))
        self.check_button = widgets.Button(description="Check contrast", button_style="primary",
                                           tooltip="Work out the contrast ratio")
        guarded = friendly_callback(self.messages)
        self.check_button.on_click(guarded(self._on_check))
        self.text_colour.observe(guarded(self._on_check), names="value")
        self.background.observe(guarded(self._on_check), names="value")
        super().__init__([
            widgets.HBox([self.text_colour, self.background], layout={"flex_flow": "row wrap"}),
            self.check_button, self.messages, self.preview, self.history,
        ])
        self.add_class("course-kit-contrast")
        if self.model.notice:
            self.messages.show(self.model.notice, "warning")
        with contextlib.suppress(ColourError):
            self.preview.value = self.model.result().preview_html()
        self._show_history()

    def _show_history(self) -> None:
        rows = "".join(
            f"<tr><td>{html.escape(str(h['text']))}</td><td>{html.escape(str(h['background']))}"
            f"</td><td>{float(h['ratio']):.2f}:1</td></tr>" for h in reversed(self.model.history))
        self.history.value = (
            '<table style="color:#111"><caption style="text-align:left">Pairs you checked '
            f"(saved)</caption><tr><th>text</th><th>background</th><th>ratio</th></tr>{rows}"
            "</table>" if rows else "")

    def _on_check(self, _change: Any = None) -> None:
        try:
            result = self.model.check()
        except ColourError as exc:
            raise UserInputError(str(exc)) from exc
        self.preview.value = result.preview_html()
        self._show_history()
        self.messages.show(result.summary(), "success" if result.passes["AA, normal text"]
                           else "warning")


class LanguageMapView(widgets.VBox):
    """The language gaps at a chosen threshold, and one partner for each gap."""

    def __init__(self, needs: pd.DataFrame, store: WorkStore | None = None) -> None:
        self.model = LanguagePlan(needs, store=store)
        self.messages = MessageArea()
        self.table = widgets.HTML()
        self.ideas = widgets.HTML()
        self.plan = widgets.HTML()
        self.downloads = widgets.HTML()
        # A drop-down, not a slider: ipywidgets' slider handle has no accessible name.
        steps = sorted({25, 50, 100, 150, 200, 300, 500, 1000, self.model.threshold})
        self.threshold = labelled(widgets.Dropdown(
            options=[(f"{n:,} residents", n) for n in steps], value=self.model.threshold,
            layout={"width": "max-content"}),
            "A language counts as a need from")
        self.language = labelled(widgets.Dropdown(layout={"width": "max-content"}),
                                 "Language gap")
        self.partner = labelled(widgets.Combobox(placeholder="pick a suggestion or type a name",
                                                 ensure_option=False, layout=_WIDE),
                                "Partner organization")
        self.first_step = labelled(widgets.Textarea(
            placeholder="e.g. meet their coordinator in March to plan a bilingual story time",
            layout={"width": "95%", "max_width": "680px", "height": "4em"}), "First step")
        self.save_button = widgets.Button(description="Save partner", button_style="primary",
                                          tooltip="Save this partner and first step")
        self.export_button = widgets.Button(description="Export for my portfolio",
                                            tooltip="Write the plan as Markdown and HTML",
                                            layout={"width": "max-content"})
        guarded = friendly_callback(self.messages)
        self.threshold.observe(guarded(self._on_threshold), names="value")
        self.language.observe(guarded(self._on_language), names="value")
        self.save_button.on_click(guarded(self._on_save))
        self.export_button.on_click(guarded(self._on_export))
        super().__init__([self.threshold, self.table, self.language, self.ideas, self.partner,
                          self.first_step, self.save_button, self.messages, self.plan,
                          self.export_button, self.downloads])
        self.add_class("course-kit-language-map")
        self._refresh()
        if self.model.notice:
            self.messages.show(self.model.notice, "warning")
        elif self.model.restored:
            self.messages.show(f"Your partners are back from {self.model.store.path.name}.",
                               "info")

    def _refresh(self) -> None:
        table = self.model.needs()
        sessions = next(c for c in table.columns if c.startswith("sessions_"))
        rows = "".join(
            f"<tr><td>{html.escape(str(lang))}</td><td>{row['residents']:,}</td>"
            f"<td>{html.escape(str(row['most_live_in']))}</td><td>{row[sessions]}</td>"
            f"<td><strong>{'gap' if row['gap'] else '–'}</strong></td></tr>"
            for lang, row in table.iterrows())
        self.table.value = (
            '<div style="overflow-x:auto;max-width:100%"><table style="color:#111"><caption '
            'style="text-align:left">Home languages other than English (n = residents) and '
            f"program sessions in {sessions[-4:]}</caption><tr><th>language</th>"
            "<th>residents</th><th>most live in</th><th>sessions</th><th>gap?</th></tr>"
            f"{rows}</table></div>")
        gaps = self.model.gaps()
        current = self.language.value
        self.language.options = gaps
        if gaps:
            self.language.value = current if current in gaps else gaps[0]
        self._on_language()
        self.plan.value = self.model.to_html()

    def _on_threshold(self, change: dict[str, Any]) -> None:
        self.model.threshold = change["new"]
        self.model.save()
        self._refresh()

    def _on_language(self, _change: Any = None) -> None:
        language = self.language.value
        if not language:
            self.ideas.value = "<p>No language gap at this threshold.</p>"
            return
        ideas = self.model.suggestions(language)
        self.partner.options = [p.label() for p in ideas]
        saved = self.model.plans.get(language, {})
        self.partner.value = saved.get("partner", "")
        self.first_step.value = saved.get("first_step", "")
        items = "".join(f"<li>{html.escape(p.label())}: {html.escape(p.why)}</li>"
                        for p in ideas)
        self.ideas.value = (f"<p>Ideas for {html.escape(language)} (fictional, like Millbrook):"
                            f"</p><ul>{items}</ul>" if items else
                            "<p>No suggestions for this language: type a partner you know.</p>")

    def _on_save(self, _button: Any = None) -> None:
        if not self.language.value:
            raise UserInputError("There is no language gap to plan for at this threshold.")
        if not self.partner.value.strip():
            raise UserInputError("Name a partner organization first (pick one or type one).")
        try:
            self.model.set_plan(self.language.value, self.partner.value, self.first_step.value)
        except PlanError as exc:
            raise UserInputError(str(exc)) from exc
        self.plan.value = self.model.to_html()
        left = self.model.missing()
        more = f" Still without a partner: {', '.join(left)}." if left else \
            " Every gap has a partner."
        self.messages.show(f"Saved the partner for {self.language.value}.{more}", "success")

    def _on_export(self, _button: Any = None) -> None:
        md, page = self.model.export(self.model.store.path.parent)
        self.downloads.value = _download_links((md, page))
        self.messages.show(f"Exported to my_work/{md.name} and my_work/{page.name}.", "success")


class ScenarioView(widgets.VBox):
    """Pick a scenario, choose what you would do, and read what it leads to."""

    def __init__(self, topics: tuple[str, ...] | None = None,
                 store: WorkStore | None = None) -> None:
        self.model = ScenarioSet(topics, store=store)
        self.messages = MessageArea()
        self.situation = widgets.HTML()
        self.scenario = labelled(widgets.Dropdown(
            options=[(s.title, s.id) for s in self.model.scenarios],
            layout={"width": "max-content"}), "Scenario")
        self.choice = labelled(widgets.RadioButtons(layout={"width": "95%"}),
                               "What would you do?")
        self.go_button = widgets.Button(description="See what happens", button_style="primary",
                                        tooltip="See what this choice leads to")
        guarded = friendly_callback(self.messages)
        self.scenario.observe(guarded(self._on_scenario), names="value")
        self.go_button.on_click(guarded(self._on_go))
        super().__init__([self.scenario, self.situation, self.choice, self.go_button,
                          self.messages])
        self.add_class("course-kit-scenarios")
        self._on_scenario()
        if self.model.notice:
            self.messages.show(self.model.notice, "warning")

    def _on_scenario(self, _change: Any = None) -> None:
        scenario = self.model.by_id[self.scenario.value]
        self.situation.value = f"<p>{html.escape(scenario.situation)}</p>"
        self.choice.options = [(c.text, i) for i, c in enumerate(scenario.choices)]
        saved = self.model.chosen.get(scenario.id)
        self.choice.value = saved
        if saved is None:
            self.messages.clear()
        else:
            self._show(scenario.id, saved)

    def _show(self, scenario_id: str, index: int) -> None:
        best = index == self.model.by_id[scenario_id].best
        self.messages.show(self.model.feedback(scenario_id), "success" if best else "info")

    def _on_go(self, _button: Any = None) -> None:
        if self.choice.value is None:
            raise UserInputError("Choose what you would do first, then click See what happens.")
        self.model.choose(self.scenario.value, self.choice.value)
        self._show(self.scenario.value, self.choice.value)
