"""Thin views over the plain-language checker: a free checker and the rewrite challenge."""

from __future__ import annotations

import base64
from typing import Any

import ipywidgets as widgets

from course_kit.modules.module02.checker import check_text
from course_kit.modules.module02.rewrite import RewriteChallenge, RewriteText
from course_kit.storage import WorkStore
from course_kit.widgets.base import MessageArea, UserInputError, friendly_callback, labelled

__all__ = ["CheckerView", "RewriteView"]

_AREA = {"width": "95%", "max_width": "720px", "height": "9em"}


class CheckerView(widgets.VBox):
    """Paste a text, press Check, read the report. The last text comes back after a restart."""

    def __init__(self, store: WorkStore | None = None) -> None:
        self.store = store or WorkStore("module02-checker")
        self.messages = MessageArea()
        self.report = widgets.HTML()
        saved = self.store.load().get("text")
        self.text = labelled(widgets.Textarea(
            continuous_update=False,
            value=saved if isinstance(saved, str) else "", layout=_AREA,
            placeholder="Paste a notice, an e-mail or a reply to a patron…"),
            "Text to check")
        self.text.layout.width = "95%"
        self.check_button = widgets.Button(description="Check my text", button_style="primary",
                                           tooltip="Score this text for plain language")
        guarded = friendly_callback(self.messages)
        self.check_button.on_click(guarded(self._on_check))
        self.text.observe(guarded(self._on_type), names="value")
        super().__init__([self.text, self.check_button, self.messages, self.report])
        self.add_class("course-kit-plain-checker")
        if self.store.notice:
            self.messages.show(self.store.notice, "warning")
        elif self.text.value:
            self.messages.show("Your last text is back. Press Check my text.", "info")

    def _on_type(self, change: dict[str, Any]) -> None:
        self.store.save({"text": change["new"]})

    def _on_check(self, _button: Any = None) -> None:
        report = check_text(self.text.value)
        self.report.value = report.to_html()
        if report.grade is None:
            self.messages.show(report.notes[0] if report.notes else "No score.", "info")
        else:
            kind = "success" if report.plain_enough else "info"
            self.messages.show(f"Grade {report.grade:.1f}: {report.verdict}.", kind)


class RewriteView(widgets.VBox):
    """Choose a Millbrook text, rewrite it, see both scores side by side; save and export."""

    def __init__(self, texts: tuple[RewriteText, ...], store: WorkStore | None = None) -> None:
        self.model = RewriteChallenge(texts, store)
        self.messages = MessageArea()
        self.choice = labelled(widgets.Dropdown(
            options=[(t.title, t.id) for t in texts], value=self.model.selected,
            layout={"width": "95%", "max_width": "720px"}), "Text to rewrite")
        self.original = widgets.HTML()
        self.draft = labelled(widgets.Textarea(
            continuous_update=False,
            value=self.model.draft, layout=_AREA,
            placeholder="Write your plain-language version here…"), "Your rewrite")
        self.draft.layout.width = "95%"
        self.compare_button = widgets.Button(description="Compare scores",
                                             button_style="primary",
                                             tooltip="Score the original and your rewrite")
        self.export_button = widgets.Button(description="Export for my portfolio",
                                            tooltip="Write Markdown and HTML files",
                                            layout={"width": "max-content"})
        self.table = widgets.HTML()
        self.details = widgets.HTML()
        self.downloads = widgets.HTML()
        guarded = friendly_callback(self.messages)
        self.choice.observe(guarded(self._on_choice), names="value")
        self.draft.observe(guarded(self._on_type), names="value")
        self.compare_button.on_click(guarded(self._on_compare))
        self.export_button.on_click(guarded(self._on_export))
        super().__init__([self.choice, self.original, self.draft,
                          widgets.HBox([self.compare_button, self.export_button],
                                       layout={"flex_flow": "row wrap"}),
                          self.messages, self.table, self.details, self.downloads])
        self.add_class("course-kit-rewrite")
        self._show_original()
        if self.model.notice:
            self.messages.show(self.model.notice, "warning")
        elif self.model.drafts:
            self.messages.show(f"Your rewrites are back ({len(self.model.drafts)} saved).",
                               "info")

    def _show_original(self) -> None:
        import html

        self.original.value = ("<blockquote style='border-left:4px solid #555;margin:6px 0;"
                               "padding:4px 10px;color:#111'>"
                               f"{html.escape(self.model.original.text)}</blockquote>")

    def _on_choice(self, change: dict[str, Any]) -> None:
        self.model.selected = change["new"]
        self._show_original()
        self.draft.value = self.model.draft
        self.table.value = self.details.value = ""
        self.messages.clear()

    def _on_type(self, change: dict[str, Any]) -> None:
        if change["new"] != self.model.drafts.get(self.model.selected, ""):
            self.model.keep(change["new"])

    def _on_compare(self, _button: Any = None) -> None:
        if not self.draft.value.strip():
            raise UserInputError("Write your rewrite in the box first, then compare.")
        self.model.keep(self.draft.value)
        self.table.value = self.model.comparison_html()
        self.details.value = ("<details><summary>What to fix in your rewrite</summary>"
                              f"{self.model.after().to_html()}</details>")
        before, after = self.model.before(), self.model.after()
        if after.grade is None:
            self.messages.show(" ".join(after.notes), "info")
        elif before.grade is not None and after.grade < before.grade:
            self.messages.show(f"Saved. Grade {before.grade:.1f} → {after.grade:.1f}.",
                               "success")
        else:
            self.messages.show(f"Saved. Grade {after.grade:.1f}: try shorter sentences and "
                               "everyday words.", "info")

    def _on_export(self, _button: Any = None) -> None:
        md, page = self.model.export(self.model.store.path.parent)
        links = []
        for path, mime in ((md, "text/markdown"), (page, "text/html")):
            data = base64.b64encode(path.read_bytes()).decode("ascii")
            links.append(f'<a download="{path.name}" href="data:{mime};base64,{data}">'
                         f"Download {path.name}</a>")
        self.downloads.value = " · ".join(links)
        self.messages.show(f"Exported to my_work/{md.name} and my_work/{page.name}.", "success")
