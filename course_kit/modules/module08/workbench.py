"""The feedback-analysis workbench: the model behind Module 8's main widget.

:class:`Workbench` holds one set of feedback (Millbrook's case study, or a library's own
CSV mapped to roles), computes what a library needs from it (NPS with its interval per
group, comment themes and tone, comments quoting personal data, and for the case study the
LibQUAL+-style gaps) and drafts a "you said, we did" notice from the top themes. All of it
is saved in ``my_work/module08-workbench.json`` as it is made (the upload itself is kept in
``my_work/module08-uploads/``) and comes back after a restart. No widget code lives here:
the view is :mod:`course_kit.modules.module08.workbench_view`.
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import traitlets

from course_kit.modules.module08.comments import (
    OTHER,
    Theme,
    load_themes,
    looks_english,
    tag_comments,
    theme_summary,
)
from course_kit.modules.module08.plain import PlainCheck, check_plain
from course_kit.modules.module08.scores import (
    LIKERT_5,
    PLA_STATEMENTS,
    NPSResult,
    likert_table,
    nps,
    nps_by_group,
)
from course_kit.modules.module08.upload import (
    ROLES,
    UploadError,
    guess_mapping,
    libqual_columns,
    libqual_ratings,
    map_columns,
    read_csv_bytes,
)
from course_kit.saved_work import escape_markdown
from course_kit.storage import WorkStore

__all__ = [
    "CASE_STUDY",
    "MAX_ACTION_CHARS",
    "MY_FILE",
    "Workbench",
    "escape_markdown",
    "report_markdown",
]

CASE_STUDY = "Millbrook case study"
MY_FILE = "My own file"
#: Longest "we did" answer kept (a notice is short).
MAX_ACTION_CHARS = 400
#: How many themes the "you said, we did" draft covers.
TOP_THEMES = 3
UPLOAD_FOLDER = "module08-uploads"

_ID_COLUMN = re.compile(r"\bid\b|respondent|number|^no\.?$|^row$", re.IGNORECASE)


def _case_study_table() -> pd.DataFrame:
    from course_kit.data import load_branches, load_comments, load_survey_responses

    names = load_branches().set_index("branch_id")["name"].to_dict()
    survey = load_survey_responses()
    comments = load_comments()
    part1 = pd.DataFrame({
        "recommend": survey["recommend_0_10"].astype(float),
        "comment": survey["comment"].fillna("").astype(str),
        "group": survey["branch_id"].map(names),
    })
    part1["language"] = ["English" if looks_english(t) else "other" for t in part1["comment"]]
    part2 = pd.DataFrame({
        "recommend": float("nan"),
        "comment": comments["text"].astype(str),
        "group": comments["branch_id"].map(names),
        "language": comments["language"].astype(str),
    })
    return pd.concat([part1, part2], ignore_index=True)


class Workbench(traitlets.HasTraits):
    """One set of feedback, its analysis and the participant's "we did" answers.

    >>> bench = Workbench(store=WorkStore("demo"))        # doctest: +SKIP
    >>> bench.use_case_study(); bench.nps().score         # doctest: +SKIP
    18.07...
    """

    source = traitlets.Enum([CASE_STUDY, MY_FILE], default_value=CASE_STUDY)
    file_name = traitlets.Unicode("")
    mapping = traitlets.Dict(value_trait=traitlets.Unicode())
    actions = traitlets.Dict(value_trait=traitlets.Unicode())
    closing = traitlets.Unicode("Tell us what you think: ask at any desk or use the web form.")
    #: What the library could not do, and why (optional; a notice is more believable with it).
    cannot = traitlets.Unicode("")
    #: Bumped whenever the data change, so views know to redraw.
    version = traitlets.Int(0)

    def __init__(self, store: WorkStore | None = None, themes: tuple[Theme, ...] | None = None,
                 ) -> None:
        super().__init__()
        self.store = store or WorkStore("module08-workbench")
        self.themes = themes if themes is not None else load_themes()
        self.table: pd.DataFrame = pd.DataFrame(columns=["recommend", "comment", "group"])
        #: The last file uploaded (it becomes the data once its columns are applied).
        self.raw: pd.DataFrame | None = None
        self.raw_name = ""
        self.guessed: dict[str, str] = {}
        #: LibQUAL+-style ratings (long) and items found in the applied upload, if any.
        self.upload_libqual: tuple[pd.DataFrame, pd.DataFrame] | None = None
        self.notes: list[str] = []
        self._tagged: pd.DataFrame | None = None
        self._case: pd.DataFrame | None = None
        self._case_likert: pd.DataFrame | None = None
        self.notice = ""

    # -- loading ------------------------------------------------------------------------------
    def use_case_study(self) -> None:
        """Analyze Millbrook's autumn survey (520 answers) and comments (499)."""
        if self._case is None:
            self._case = _case_study_table()
        self.source, self.file_name = CASE_STUDY, ""
        self.mapping = {}
        self.notes = []
        self._set_table(self._case)

    @property
    def upload_dir(self) -> Path:
        """Where uploads are kept: ``my_work/module08-uploads/``."""
        return self.store.path.parent / UPLOAD_FOLDER

    def load_upload(self, name: str, content: bytes) -> list[str]:
        """Read an uploaded CSV, keep a copy in ``my_work/``, guess the column roles.

        Returns the file's column names. Raises :class:`UploadError` (plain words, naming
        row and column) if the file cannot be used; the current data are then kept.
        """
        safe = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(str(name)).name).strip(".-") or "upload"
        raw = read_csv_bytes(content, safe)
        if not safe.lower().endswith((".csv", ".txt", ".tsv")):
            safe += ".csv"
        self.upload_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.upload_dir / f".{safe}.part"
        tmp.write_bytes(bytes(content))
        tmp.replace(self.upload_dir / safe)
        self.raw, self.raw_name = raw, safe
        self.guessed = guess_mapping(list(raw.columns))
        return list(raw.columns)

    def apply_mapping(self, mapping: dict[str, str]) -> None:
        """Use the uploaded file with ``mapping`` (role → column); check every row."""
        if self.raw is None:
            raise UploadError("Upload a CSV file first, then choose its columns.")
        items = libqual_columns([c for c in self.raw.columns if c not in mapping.values()])
        mapped = map_columns(self.raw, mapping, self.raw_name, need_answers=not items)
        libqual = libqual_ratings(self.raw, items, self.raw_name) if items else None
        table = mapped.table.copy()
        table["language"] = ["English" if looks_english(t) else "other"
                             for t in table["comment"]]
        self.source, self.file_name = MY_FILE, self.raw_name
        self.mapping = dict(mapped.mapping)
        self.notes = mapped.notes + (libqual[2] if libqual else [])
        self.upload_libqual = (libqual[0], libqual[1]) if libqual else None
        self._set_table(table)

    def _set_table(self, table: pd.DataFrame) -> None:
        self.table = table
        self._tagged = None
        self.version += 1
        self.save()

    # -- analysis -----------------------------------------------------------------------------
    def nps(self) -> NPSResult:
        """NPS of everyone with a score."""
        return nps(self.table["recommend"].dropna())

    def nps_table(self) -> pd.DataFrame:
        """NPS, counts and 95% interval per group, and for all (rows without a score skipped)."""
        scored = self.table.dropna(subset=["recommend"])
        if scored.empty:
            return pd.DataFrame()
        return nps_by_group(scored, score="recommend", group="group")

    def likert(self) -> pd.DataFrame:
        """Agreement statements as % per point of the scale (empty when there are none).

        The case study shows Millbrook's program forms (the PLA outcome statements). In an
        upload, every column not chosen for a role whose answers are all whole numbers from
        1 to 5 (and not all blank) is read as a statement (1 = strongly disagree).
        """
        if self.source == CASE_STUDY:
            from course_kit.data import load_program_outcomes

            if self._case_likert is None:
                self._case_likert = likert_table(load_program_outcomes(), PLA_STATEMENTS,
                                                 LIKERT_5)
            return self._case_likert
        if self.raw is None or self.raw_name != self.file_name:
            return pd.DataFrame()
        statements = {}
        triples = {c for cols in libqual_columns(list(self.raw.columns)).values()
                   for c in cols.values()}
        for col in self.raw.columns:
            if col in self.mapping.values() or col in triples or _ID_COLUMN.search(col):
                continue
            values = self.raw[col].astype(str).str.strip()
            values = values[values != ""]
            if values.empty:
                continue
            numbers = pd.to_numeric(values, errors="coerce")
            if numbers.notna().all() and numbers.between(1, 5).all() and \
                    (numbers == numbers.round()).all():
                statements[col] = col
        if not statements:
            return pd.DataFrame()
        return likert_table(self.raw, statements, LIKERT_5)

    def tagged(self) -> pd.DataFrame:
        """The comments with their themes, tone and personal-data flags (computed once)."""
        if self._tagged is None:
            comments = self.table[self.table["comment"].astype(str).str.strip() != ""]
            self._tagged = tag_comments(comments, self.themes, text="comment",
                                        language="language")
        return self._tagged

    def theme_table(self) -> pd.DataFrame:
        """Per theme: comments, share, negative ones and an example."""
        tagged = self.tagged()
        if tagged.empty:
            return pd.DataFrame()
        return theme_summary(tagged, self.themes, text="comment")

    def flagged(self) -> pd.DataFrame:
        """Comments that seem to quote personal data: remove it before sharing them."""
        tagged = self.tagged()
        return tagged.loc[tagged["personal_data"] != "", ["group", "comment", "personal_data"]]

    def top_themes(self, k: int = TOP_THEMES) -> pd.DataFrame:
        """The ``k`` themes with the most asks and complaints (comments that are not positive).

        Praise needs thanks, not a change, so positive comments do not count here.
        """
        tagged = self.tagged()
        if tagged.empty:
            return pd.DataFrame(columns=["label", "asks", "example"])
        asks = tagged[tagged["tone"] != "positive"].explode("themes")
        asks = asks[asks["themes"] != OTHER]
        labels = {t.id: t.label for t in self.themes}
        rows = []
        for theme_id, part in asks.groupby("themes"):
            english = part[part["language"] == "English"]
            pool = english if not english.empty else part
            rows.append({"theme": theme_id, "label": labels.get(theme_id, theme_id),
                         "asks": len(part),
                         "example": str(pool["comment"].value_counts().index[0])})
        table = pd.DataFrame(rows, columns=["theme", "label", "asks", "example"])
        table = table.sort_values(["asks", "theme"], ascending=[False, True]).head(k)
        return table.set_index("theme")

    # -- "you said, we did" -------------------------------------------------------------------
    def set_action(self, theme: str, text: str) -> None:
        """Keep what the library did about ``theme``; refuse an over-long answer."""
        if len(text) > MAX_ACTION_CHARS:
            raise UploadError(f"Your answer has {len(text)} characters; keep it under "
                              f"{MAX_ACTION_CHARS} (one or two short sentences). Nothing was "
                              "lost: your text is still in the box.")
        self.actions = {**self.actions, theme: text}
        self.save()

    def draft(self) -> str:
        """The "you said, we did" notice, as plain text, from the top themes."""
        top = self.top_themes()
        if top.empty:
            return ""
        hints = {t.id: t.we_did for t in self.themes}
        lines = ["You said, we did", ""]
        for theme_id, row in top.iterrows():
            did = self.actions.get(str(theme_id), "").strip() or \
                f"[{hints.get(str(theme_id), 'Write what you changed')}: say what, where and when.]"
            label = str(row["label"])
            label = label[:1].lower() + label[1:]  # "Computers, Wi-Fi…" → "computers, Wi-Fi…"
            lines += [f"You said: {label} ({row['asks']} comments, e.g. "
                      f"\u201c{row['example']}\u201d).", f"We did: {did}", ""]
        if self.cannot.strip():
            lines += [f"What we could not do yet: {self.cannot.strip()}", ""]
        lines.append(self.closing)
        return "\n".join(lines)

    def draft_for_checking(self) -> str:
        """Only the library's own words (the "we did" answers and the closing line).

        Quoted comments are the users' words, so they are not graded for plain language.
        """
        own = [self.actions.get(str(t), "").strip() for t in self.top_themes().index]
        own += [self.cannot.strip(), self.closing.strip()]
        return " ".join(t if t.endswith((".", "!", "?")) else t + "." for t in own if t)

    def check_draft(self) -> PlainCheck:
        """Run the library's words in the draft through the plain-language checker."""
        return check_plain(self.draft_for_checking())

    # -- saving and export --------------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        """Everything needed to restore the workbench and to render the report."""
        result = self.nps()
        top = self.top_themes()
        return {
            "source": self.source, "file_name": self.file_name, "mapping": dict(self.mapping),
            "actions": dict(self.actions), "closing": self.closing, "cannot": self.cannot,
            "saved_at": datetime.now().strftime("%Y-%m-%d %H:%M"),
            "nps": result.sentence(),
            "nps_groups": self._nps_rows(),
            "top_themes": [[str(row["label"]), int(row["asks"])] for _i, row in top.iterrows()],
            "flagged": len(self.flagged()) if not self.table.empty else 0,
            "draft": self.draft(),
        }

    def _nps_rows(self) -> list[list[Any]]:
        table = self.nps_table()
        return [[str(group), int(row["answers"]), float(row["NPS"]), float(row["95% low"]),
                 float(row["95% high"])] for group, row in table.iterrows()]

    def save(self) -> Path:
        """Save the workbench now (atomic, in ``my_work/``)."""
        return self.store.save(self.snapshot())

    def restore(self) -> str:
        """Bring back the saved workbench; return a plain message about what came back."""
        saved = self.store.load()
        if self.store.notice:
            self.use_case_study()
            return self.store.notice
        actions = saved.get("actions") if isinstance(saved.get("actions"), dict) else {}
        keep = {str(k): str(v)[:MAX_ACTION_CHARS] for k, v in actions.items()}
        closing = saved.get("closing")
        if isinstance(closing, str) and closing.strip():
            self.closing = closing[:MAX_ACTION_CHARS]
        cannot = saved.get("cannot")
        if isinstance(cannot, str):
            self.cannot = cannot[:MAX_ACTION_CHARS]
        name = str(saved.get("file_name", ""))
        if saved.get("source") == MY_FILE and name:
            path = self.upload_dir / Path(name).name
            try:
                self.load_upload(path.name, path.read_bytes())
                mapping = saved.get("mapping") if isinstance(saved.get("mapping"), dict) else {}
                self.actions = keep
                self.apply_mapping({str(k): str(v) for k, v in mapping.items() if k in ROLES})
                return f"Your file {name} and your answers are back."
            except (OSError, UploadError) as exc:
                self.actions = keep
                self.use_case_study()
                return (f"Your file {name} could not be read again ({exc}); showing the case "
                        "study. Your answers are kept.")
        self.actions = keep
        self.use_case_study()
        return "Your answers are back." if keep else ""

    def to_markdown(self) -> str:
        """The analysis and the draft as escaped Markdown, for the portfolio."""
        return report_markdown(self.snapshot())

    def to_html(self) -> str:
        """The analysis and the draft as a complete, escaped HTML page."""
        snap = self.snapshot()
        esc = html.escape
        source = snap["source"] + (f": {snap['file_name']}" if snap["file_name"] else "")
        themes = "".join(f"<li>{esc(label)}: {n} asks or complaints</li>"
                         for label, n in snap["top_themes"])
        draft = "".join(f"<p>{esc(line)}</p>" for line in snap["draft"].splitlines() if line)
        rows = "".join(f"<tr><th scope='row'>{esc(g)}</th><td>{n}</td><td>{v:+.1f}</td>"
                       f"<td>{lo:+.1f} to {hi:+.1f}</td></tr>"
                       for g, n, v, lo, hi in snap["nps_groups"])
        groups = ("<table><caption>NPS per group</caption><tr><th scope='col'>group</th>"
                  "<th scope='col'>answers</th><th scope='col'>NPS</th>"
                  f"<th scope='col'>95% interval</th></tr>{rows}</table>" if rows else "")
        return (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            "<title>Feedback analysis and reply</title>"
            '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
            '<body style="font-family:system-ui,sans-serif;line-height:1.4;max-width:46em;'
            'overflow-wrap:anywhere">'
            f"<main><h1>Feedback analysis</h1><p>Data: {esc(source)}</p>"
            f"<p>{esc(snap['nps'])}</p>{groups}<h2>Top themes</h2><ul>{themes}</ul>"
            f"<p>Comments quoting personal data: {snap['flagged']}</p>"
            f'<h2>Draft notice</h2><section aria-label="Draft notice">{draft}</section>'
            "</main></body></html>\n"
        )

    def export(self, folder: Path | None = None) -> tuple[Path, Path]:
        """Write ``feedback-report.md`` and ``.html`` to ``folder`` (default: ``my_work/``)."""
        target = Path(folder) if folder is not None else self.store.path.parent
        target.mkdir(parents=True, exist_ok=True)
        md, page = target / "feedback-report.md", target / "feedback-report.html"
        md.write_text(self.to_markdown(), encoding="utf-8")
        page.write_text(self.to_html(), encoding="utf-8")
        return md, page


def report_markdown(saved: dict[str, Any]) -> str:
    """Render a saved workbench (``my_work/module08-workbench.json``) as escaped Markdown.

    This is the manifest's render function: the portfolio and the action plan call it.
    """
    esc = escape_markdown
    source = str(saved.get("source", CASE_STUDY))
    if saved.get("file_name"):
        source += f": {saved['file_name']}"
    out = ["# Feedback analysis", "", f"Data: {esc(source)}", "", esc(saved.get("nps", "")), ""]
    groups = saved.get("nps_groups") or []
    if groups:
        out += ["| group | answers | NPS | 95% interval |", "| --- | ---: | ---: | --- |"]
        out += [f"| {esc(g)} | {int(n)} | {float(v):+.1f} | {float(lo):+.1f} to {float(hi):+.1f} |"
                for g, n, v, lo, hi in groups]
        out.append("")
    out += ["## Top themes", ""]
    themes = saved.get("top_themes") or []
    out += [f"- {esc(label)}: {int(n)} asks or complaints" for label, n in themes] or ["- (none)"]
    out += ["", f"Comments quoting personal data: {int(saved.get('flagged', 0))}", "",
            "## Draft notice", ""]
    out += [f"> {esc(line)}" if line else ">" for line in str(saved.get("draft", "")).splitlines()]
    return "\n".join(out) + "\n"
