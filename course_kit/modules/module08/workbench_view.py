"""The feedback-analysis workbench widget: a thin view over :class:`.workbench.Workbench`.

Step 1 picks the data (Millbrook's, or a CSV the participant uploads and maps to roles);
the tabs show the score, the themes and tone, the comments quoting personal data and the
LibQUAL+-style gaps; step 3 drafts the "you said, we did" notice and checks it for plain
language. Every change is saved at once; errors appear in the message line, never as a
traceback, and nothing typed is lost.
"""

from __future__ import annotations

import base64
import html
from typing import Any

import ipywidgets as widgets
import pandas as pd

from course_kit.modules.module08.htmlcharts import interval_chart, likert_chart, zone_chart
from course_kit.modules.module08.scores import dimension_gaps, item_gaps
from course_kit.modules.module08.upload import MAX_BYTES, ROLES, UploadError
from course_kit.modules.module08.workbench import CASE_STUDY, MY_FILE, Workbench
from course_kit.storage import WorkStore
from course_kit.tables import table_html
from course_kit.widgets.base import MessageArea, UserInputError, friendly_callback, labelled

__all__ = ["FeedbackWorkbench"]

_NONE = "(none)"
_TABS = ("Score (NPS)", "Themes and tone", "Agreement", "Personal data", "LibQUAL+ gaps")


def _table_html(table: pd.DataFrame, caption: str) -> str:
    """An escaped HTML table with a caption, scrolling sideways on a narrow screen."""
    body = table_html(table, na_rep="–", float_format=lambda x: f"{x:g}")
    body = body.replace("<table", f"<table aria-label=\"{html.escape(caption)}\"", 1)
    return (f'<div style="overflow-x:auto;max-width:100%"><p><strong>{html.escape(caption)}'
            f"</strong></p>{body}</div>")


def _nps_description(table: pd.DataFrame) -> str:
    groups = table["NPS"].drop(index="All", errors="ignore")
    if groups.empty:
        return "No groups to compare."
    return (f"NPS per group with 95% intervals: lowest {groups.idxmin()} "
            f"({groups.min():+.0f}), highest {groups.idxmax()} ({groups.max():+.0f}).")


def _likert_description(table: pd.DataFrame) -> str:
    agree = table[[c for c in table.columns if "agree" in c.lower() and "dis" not in c.lower()]]
    share = agree.sum(axis=1)
    return (f"Agreement with {len(table)} statements: most for '{share.idxmax()}' "
            f"({share.max():.0f}%), least for '{share.idxmin()}' ({share.min():.0f}%).")


def _zone_description(gaps: pd.DataFrame, name: str) -> str:
    valid = gaps.dropna(subset=["minimum", "perceived"])
    below = valid.index[valid["perceived"] < valid["minimum"]]
    if len(below):
        what = (f"{len(below)} of {len(valid)} items are below the minimum "
                f"({', '.join(map(str, below))})")
    else:
        what = f"all {len(valid)} items are at or above the minimum"
    return f"Zone of tolerance per item: {name}: {what}."


class FeedbackWorkbench(widgets.VBox):
    """Analyze feedback and draft the reply; the work is saved in ``my_work/``."""

    def __init__(self, store: WorkStore | None = None) -> None:
        self.model = Workbench(store or WorkStore("module08-workbench"))
        self.messages = MessageArea()
        guarded = friendly_callback(self.messages)
        # Step 1: the data.
        self.source = labelled(widgets.RadioButtons(options=[CASE_STUDY, MY_FILE]),
                               "Feedback to analyze:")
        self.upload = widgets.FileUpload(accept=".csv,.txt,.tsv", multiple=False,
                                         description="Upload a CSV",
                                         tooltip=f"A CSV file of at most {MAX_BYTES // 10**6} MB")
        self.role_boxes = {
            role: labelled(widgets.Dropdown(options=[_NONE], layout={"width": "auto"}), label)
            for role, label in ROLES.items()
        }
        self.apply_button = widgets.Button(description="Use these columns",
                                           tooltip="Check every row and analyze the file",
                                           layout={"width": "max-content"})
        self.file_box = widgets.VBox([
            widgets.HTML(f"<p>Upload a CSV file (at most {MAX_BYTES // 10**6} MB) with one row "
                         "per answer: for example a 0-10 recommend score, a comment and a "
                         "branch. Columns of 1-5 agreement answers are shown as bars, and "
                         "LibQUAL+-style ratings (columns such as <code>LP-4 minimum</code>, "
                         "<code>LP-4 desired</code>, <code>LP-4 perceived</code>) as gaps. "
                         "Nothing in the file is run; a copy is kept in "
                         "<code>my_work/module08-uploads/</code>.</p>"),
            self.upload, *self.role_boxes.values(), self.apply_button,
        ])
        # Step 2: the results.
        self.summary = widgets.HTML()
        self.panes = {name: widgets.HTML() for name in _TABS}
        self.branch = labelled(widgets.Dropdown(options=["All"]), "LibQUAL+ gaps for:")
        gaps_box = widgets.VBox([self.branch, self.panes["LibQUAL+ gaps"]])
        self.tabs = widgets.Tab(children=[*(self.panes[t] for t in _TABS[:-1]), gaps_box])
        for i, title in enumerate(_TABS):
            self.tabs.set_title(i, title)
        # Step 3: "you said, we did".
        self.actions_box = widgets.VBox()
        self.action_fields: dict[str, widgets.Textarea] = {}
        self.cannot = labelled(widgets.Textarea(
            continuous_update=False, layout={"width": "95%", "height": "3.5em"},
            placeholder="e.g. We can't open on Sundays this year: we have no staff for it. "
            "We will ask again in the autumn survey."),
            "What we could not do yet, and why (optional):")
        self.closing = labelled(widgets.Text(value=self.model.closing, continuous_update=False,
                                             layout={"width": "95%"}), "Closing line:")
        self.draft = widgets.HTML()
        self.check = widgets.HTML()
        self.export_button = widgets.Button(description="Export for my portfolio",
                                            tooltip="Write Markdown and HTML files",
                                            layout={"width": "max-content"})
        self.downloads = widgets.HTML()

        self.source.observe(guarded(self._on_source), names="value")
        self.upload.observe(guarded(self._on_upload), names="value")
        self.apply_button.on_click(guarded(self._on_apply))
        self.branch.observe(guarded(self._on_branch), names="value")
        self.tabs.observe(guarded(self._on_tab), names="selected_index")
        self.reply_messages = MessageArea()
        reply_guarded = friendly_callback(self.reply_messages)
        self.closing.observe(reply_guarded(self._on_closing), names="value")
        self.cannot.observe(reply_guarded(self._on_cannot), names="value")
        self.export_button.on_click(reply_guarded(self._on_export))
        self._guarded = reply_guarded
        self._gap_pages: dict[str, str] = {}
        self._likert_page: tuple[int, str] | None = None
        self._libqual: tuple[Any, ...] | None = None

        note = self.model.restore()
        self.closing.value = self.model.closing
        self.cannot.value = self.model.cannot
        self._syncing = True
        self.source.value = self.model.source
        self._syncing = False
        self._show_file_box()
        if self.model.raw is not None:
            self._fill_role_boxes()
        self._refresh()
        if note:
            self.messages.show(note, "info")
        #: Steps 1 and 2 (data and results) and step 3 (the reply): a notebook may show the
        #: two parts in different sections; both stay views of the same model.
        self.analysis = widgets.VBox([
            widgets.HTML("<h3 style='margin:4px 0'>1. Choose the feedback</h3>"), self.source,
            self.file_box, self.messages, self.summary,
            widgets.HTML("<h3 style='margin:4px 0'>2. Read the results</h3>"), self.tabs,
        ], layout={"max_width": "100%"})
        self.analysis.add_class("course-kit-feedback-analysis")
        self.reply = widgets.VBox([
            widgets.HTML("<h3 style='margin:4px 0'>3. You said, we did</h3>"
                         "<p>For each top theme, write in one or two short sentences what "
                         "the library did or will do, and when. The draft below is checked "
                         "for plain language (only your words, not the quoted comments).</p>"),
            self.actions_box, self.cannot, self.closing, self.reply_messages, self.draft,
            self.check, self.export_button, self.downloads,
        ], layout={"max_width": "100%"})
        self.reply.add_class("course-kit-feedback-reply")
        super().__init__([self.analysis, self.reply], layout={"max_width": "100%"})
        self.add_class("course-kit-feedback-workbench")
        self._libqual_tables()  # read now, so opening the gaps tab stays quick

    # -- step 1 -----------------------------------------------------------------------------
    def _show_file_box(self) -> None:
        self.file_box.layout.display = "" if self.source.value == MY_FILE else "none"

    def _on_source(self, change: dict[str, Any]) -> None:
        if getattr(self, "_syncing", False):
            return
        self._show_file_box()
        if change["new"] == CASE_STUDY:
            self.model.use_case_study()
            self._refresh()
            self.messages.show("Showing Millbrook's survey and comments.", "info")
        elif self.model.raw is None:
            self.messages.show("Upload a CSV file, choose its columns, then click "
                               "'Use these columns'.", "info")
        else:  # back to the file uploaded before, with the columns still chosen
            self._on_apply()

    def _on_upload(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        size = int(item.get("size", 0) or 0)
        if size > MAX_BYTES:
            raise UserInputError(f"{item.get('name', 'That file')} is {size / 1e6:.1f} MB; the "
                                 f"limit is {MAX_BYTES / 1e6:.0f} MB. Upload a smaller file.")
        try:
            columns = self.model.load_upload(str(item.get("name", "upload.csv")),
                                             bytes(item["content"]))
        except UploadError as exc:
            raise UserInputError(str(exc)) from exc
        self._fill_role_boxes()
        self.messages.show(f"Read {self.model.raw_name}: {len(self.model.raw)} rows, "
                           f"{len(columns)} columns. Check the columns below, then click "
                           "'Use these columns'.", "info")

    def _fill_role_boxes(self) -> None:
        assert self.model.raw is not None
        options = [_NONE, *self.model.raw.columns]
        for role, box in self.role_boxes.items():
            box.options = options
            chosen = (self.model.mapping if self.model.raw_name == self.model.file_name
                      else self.model.guessed).get(role, _NONE)
            box.value = chosen if chosen in options else _NONE

    def _on_apply(self, _button: Any = None) -> None:
        mapping = {role: box.value for role, box in self.role_boxes.items() if box.value != _NONE}
        try:
            self.model.apply_mapping(mapping)
        except UploadError as exc:
            raise UserInputError(str(exc)) from exc
        self._refresh()
        extra = " " + " ".join(self.model.notes) if self.model.notes else ""
        self.messages.show(f"Analyzed {len(self.model.table)} answers from "
                           f"{self.model.file_name}.{extra}", "success")

    # -- step 2 -----------------------------------------------------------------------------
    def _refresh(self) -> None:
        model = self.model
        result = model.nps()
        comments = len(model.tagged())
        what = model.source + (f" ({model.file_name})" if model.source == MY_FILE else "")
        self.summary.value = (f"<p><strong>Data:</strong> {html.escape(what)}: "
                              f"{len(model.table)} rows, {result.n} recommend scores, "
                              f"{comments} comments.</p>")
        table = model.nps_table()
        if table.empty:
            self.panes["Score (NPS)"].value = "<p>No recommend scores in this data.</p>"
        else:
            self.panes["Score (NPS)"].value = (
                f"<p>{html.escape(result.sentence())}</p>"
                + _table_html(table, "NPS per group, with the counts behind it")
                + interval_chart(table, _nps_description(table))
                + "<p>Promoters answer 9-10, passives 7-8, detractors 0-6; NPS = % promoters − "
                  "% detractors (Reichheld 2003). The interval is the adjusted Wald interval "
                  "(Rocks 2016): a wide interval means few answers.</p>")
        themes = model.theme_table()
        tones = model.tagged()["tone"].value_counts() if comments else pd.Series(dtype=int)
        tone_line = ", ".join(f"{tones.get(t, 0)} {t}" for t in
                              ("positive", "neutral", "negative", "not scored"))
        self.panes["Themes and tone"].value = (
            "<p>No comments in this data.</p>" if themes.empty else
            f"<p><strong>Tone of {comments} comments:</strong> {html.escape(tone_line)}.</p>"
            + _table_html(themes.drop(columns=["scored"]),
                          f"Themes in {comments} comments (a comment can have several)")
            + "<p>Tone is VADER's score for English comments. It cannot read Spanish or "
              "Vietnamese (those are 'not scored'), misses sarcasm, and reads a polite request "
              "as neutral. Read the comments, not only the counts.</p>")
        flagged = model.flagged()
        self.panes["Personal data"].value = (
            "<p>No comment seems to quote an e-mail address, a phone or card number, a street "
            "address or a name after a title. Still read before you share: a first name on "
            "its own is not found.</p>" if flagged.empty else
            _table_html(flagged, f"{len(flagged)} comment{'s' if len(flagged) > 1 else ''} "
                        "that seem to quote personal data: remove it before sharing"))
        if model.source == CASE_STUDY:
            self.branch.layout.display = ""
            options = ["All", "Central Library", "Eastside Branch", "Hillcrest Branch",
                       "Riverside Branch"]
            if list(self.branch.options) != options:
                self.branch.options = options
        else:
            self.branch.layout.display = "none"
        self._render_gaps()
        self._render_likert()
        self._rebuild_actions()
        self._render_draft()

    def _render_gaps(self) -> None:
        pane = self.panes["LibQUAL+ gaps"]
        if self.model.source != CASE_STUDY and self.model.upload_libqual is None:
            pane.value = ("<p>No LibQUAL+-style ratings in this file. To see gaps, give each "
                          "item three columns named like <code>LP-4 minimum</code>, "
                          "<code>LP-4 desired</code> and <code>LP-4 perceived</code>, with "
                          "ratings from 1 to 9 (or N/A).</p>")
            return
        if self.tabs.selected_index != _TABS.index("LibQUAL+ gaps"):
            pane.value = ""  # drawn when the tab is opened: keeps every callback quick
            return
        if self.model.source != CASE_STUDY:
            key = f"upload-{self.model.version}"
            if key not in self._gap_pages:
                ratings, items = self.model.upload_libqual  # type: ignore[misc]
                gaps = item_gaps(ratings, items)
                name = self.model.file_name
                self._gap_pages[key] = (
                    _table_html(dimension_gaps(ratings, items), f"Gaps per dimension: {name}")
                    + zone_chart(gaps, _zone_description(gaps, name))
                    + _table_html(gaps.drop(columns=["text"]), f"Gaps per item: {name}")
                    + "<p>Adequacy = perceived − minimum (below 0: under the minimum users "
                      "accept); superiority = perceived − desired. N/A answers are left out; "
                      "n is the number of ratings.</p>")
            pane.value = self._gap_pages[key]
            return
        key = self.branch.value
        if key not in self._gap_pages:
            self._gap_pages[key] = self._gaps_html(key)
        pane.value = self._gap_pages[key]

    def _libqual_tables(self) -> tuple[Any, ...]:
        """Ratings, items, respondents and branch ids, read once."""
        if self._libqual is None:
            from course_kit.data import (
                load_branches,
                load_libqual_items,
                load_libqual_ratings,
                load_survey_responses,
            )

            ids = {v: k for k, v in load_branches().set_index("branch_id")["name"].items()}
            self._libqual = (load_libqual_ratings(), load_libqual_items(),
                             load_survey_responses(), ids)
        return self._libqual

    def _gaps_html(self, name: str) -> str:
        """The gap tables and chart for one branch (or "All"), drawn once and then reused."""
        ratings, items, respondents, ids = self._libqual_tables()
        branch = None if name == "All" else ids[name]
        gaps = item_gaps(ratings, items, respondents, branch=branch)
        if branch is None:
            dims = dimension_gaps(ratings, items)
        else:
            dims = dimension_gaps(ratings, items, respondents, by_branch=True).loc[branch]
        return (
            _table_html(dims, f"Gaps per dimension: {name}")
            + zone_chart(gaps, _zone_description(gaps, name))
            + _table_html(gaps.drop(columns=["text"]), f"Gaps per item: {name}")
            + "<p>Adequacy = perceived − minimum (below 0: under the minimum users accept); "
              "superiority = perceived − desired. N/A answers are left out; n is the number of "
              "ratings. LibQUAL+ is the Association of Research Libraries' survey for academic "
              "libraries: these items are adapted for a public library.</p>")

    def _render_likert(self) -> None:
        pane = self.panes["Agreement"]
        if self.tabs.selected_index != _TABS.index("Agreement"):
            pane.value = ""  # drawn when the tab is opened: keeps every callback quick
            return
        version = self.model.version
        if self._likert_page is None or self._likert_page[0] != version:
            table = self.model.likert()
            if table.empty:
                page = ("<p>No agreement statements in this data. In your own file, a column "
                        "of answers from 1 (strongly disagree) to 5 (strongly agree) is shown "
                        "here.</p>")
            else:
                what = ("Millbrook's program feedback forms (PLA Project Outcome statements)"
                        if self.model.source == CASE_STUDY else self.model.file_name)
                page = (_table_html(table, f"Agreement, % of answers: {what}")
                        + likert_chart(table, _likert_description(table)))
            self._likert_page = (version, page)
        pane.value = self._likert_page[1]

    def _on_branch(self, _change: dict[str, Any]) -> None:
        self._render_gaps()

    def _on_tab(self, change: dict[str, Any]) -> None:
        if change["new"] == _TABS.index("LibQUAL+ gaps"):
            self._render_gaps()
        elif change["new"] == _TABS.index("Agreement"):
            self._render_likert()

    # -- step 3 -----------------------------------------------------------------------------
    def _rebuild_actions(self) -> None:
        top = self.model.top_themes()
        fields = {}
        for theme_id, row in top.iterrows():
            key = str(theme_id)
            area = self.action_fields.get(key) or labelled(widgets.Textarea(
                continuous_update=False, placeholder="e.g. From March 3, Riverside is open "
                "until 8 pm on Tuesdays and Thursdays.",
                layout={"width": "95%", "height": "4em"}), f"We did, about {row['label']}:")
            if key not in self.action_fields:
                area.observe(self._guarded(self._action_changed(key)), names="value")
            area.value = self.model.actions.get(key, area.value)
            fields[key] = area
        self.action_fields.update(fields)
        self.actions_box.children = [
            widgets.HTML(f"<p><strong>You said:</strong> {html.escape(str(row['label']))} "
                         f"({int(row['asks'])} asks or complaints), e.g. "
                         f"“{html.escape(str(row['example']))}”</p>") if i % 2 == 0 else
            fields[str(theme_id)]
            for theme_id, row in top.iterrows() for i in (0, 1)
        ]

    def _action_changed(self, key: str) -> Any:
        def handler(change: dict[str, Any]) -> None:
            try:
                self.model.set_action(key, change["new"])
            except UploadError as exc:
                raise UserInputError(str(exc)) from exc
            self._render_draft()
            self.reply_messages.show("Saved.", "success")

        return handler

    def _on_closing(self, change: dict[str, Any]) -> None:
        text = str(change["new"])
        if len(text) > 400:
            raise UserInputError("The closing line is too long: keep it to one sentence. "
                                 "Your text is still in the box.")
        self.model.closing = text
        self.model.save()
        self._render_draft()

    def _on_cannot(self, change: dict[str, Any]) -> None:
        text = str(change["new"])
        if len(text) > 400:
            raise UserInputError("That text is too long: keep it to one or two short sentences. "
                                 "Your text is still in the box.")
        self.model.cannot = text
        self.model.save()
        self._render_draft()
        self.reply_messages.show("Saved.", "success")

    def _render_draft(self) -> None:
        text = self.model.draft()
        lines = "".join(f"<p style='margin:2px 0'>{html.escape(line)}</p>"
                        for line in text.splitlines() if line)
        self.draft.value = (
            '<section aria-label="Draft notice" style="border:2px solid #0072B2;'
            f'border-radius:8px;padding:8px 12px;max-width:46em;color:#111">{lines}</section>')
        check = self.model.check_draft()
        self.check.value = ("<div class='course-kit-plain-check'><p><strong>Plain-language "
                            "check of your words:</strong></p>"
                            f"{check.to_html()}</div>")

    def _on_export(self, _button: Any = None) -> None:
        md, page = self.model.export()
        links = []
        for path, mime in ((md, "text/markdown"), (page, "text/html")):
            data = base64.b64encode(path.read_bytes()).decode("ascii")
            links.append(f'<a download="{path.name}" href="data:{mime};base64,{data}">'
                         f"Download {path.name}</a>")
        self.downloads.value = " · ".join(links)
        self.reply_messages.show(f"Exported to my_work/{md.name} and my_work/{page.name}.",
                                 "success")
