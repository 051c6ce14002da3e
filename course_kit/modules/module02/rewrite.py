"""The rewrite challenge: take a real-looking Millbrook text, rewrite it, compare the scores.

The "before" texts are the old, formal staff replies in ``comment_replies.csv`` (one per
kind of reply, sent before the plain-language guide of July 1, 2025) and the notices in
``notices.toml`` (e.g. the notice about Riverside's evening hours). The participant's
rewrites are saved as they are typed (``my_work/module02-rewrite.json``) and exported for
the portfolio as Markdown and HTML, both escaped.
"""

from __future__ import annotations

import html
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import traitlets

from course_kit.modules.module02.checker import PlainLanguageReport, _md, check_text
from course_kit.storage import WorkStore, work_dir
from course_kit.widgets.base import UserInputError

__all__ = [
    "MAX_REWRITE_CHARS",
    "NOTICES_FILE",
    "RewriteChallenge",
    "RewriteText",
    "challenge_texts",
    "rewrite_markdown",
]

NOTICES_FILE = Path(__file__).resolve().parent / "notices.toml"
MAX_REWRITE_CHARS = 5_000
_GUIDE = pd.Timestamp("2025-07-01")


@dataclass(frozen=True)
class RewriteText:
    """A text to rewrite: where it comes from and what it says."""

    id: str
    title: str
    text: str


def _notices(path: Path) -> list[RewriteText]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UserInputError(f"The notices file {path.name} could not be read: {exc}.") from exc
    out = []
    for number, entry in enumerate(data.get("texts", []), start=1):
        if not all(isinstance(entry.get(k), str) and entry[k].strip()
                   for k in ("id", "title", "text")):
            raise UserInputError(f"{path.name}, text {number}: needs an id, a title and a text.")
        out.append(RewriteText(entry["id"], entry["title"], " ".join(entry["text"].split())))
    return out


def challenge_texts(replies: pd.DataFrame, comments: pd.DataFrame,
                    notices: Path | None = None) -> tuple[RewriteText, ...]:
    """The notices, then one formal reply per comment topic (the first one sent, with the
    comment it answered), all from before the plain-language guide."""
    texts = _notices(Path(notices) if notices is not None else NOTICES_FILE)
    joined = replies.merge(comments[["comment_id", "text", "topic"]], on="comment_id",
                           suffixes=("", "_comment"))
    old = joined[(joined["replied_on"] < _GUIDE) & (joined["language"] == "English")]
    seen: set[str] = set()
    for row in old.sort_values("reply_id").itertuples(index=False):
        report = check_text(row.text)
        if row.text in seen or report.grade is None or report.grade <= 8:
            continue
        seen.add(row.text)
        texts.append(RewriteText(
            row.reply_id, f"Reply {row.reply_id} to “{row.text_comment}” ({row.topic})",
            row.text))
    return tuple(texts)


class RewriteChallenge(traitlets.HasTraits):
    """The chosen text, the participant's rewrite of it, and both reports."""

    selected = traitlets.Unicode("")
    draft = traitlets.Unicode("")

    def __init__(self, texts: tuple[RewriteText, ...], store: WorkStore | None = None) -> None:
        if not texts:
            raise UserInputError("There are no texts to rewrite.")
        self.texts = texts
        self.by_id = {t.id: t for t in texts}
        self.store = store or WorkStore("module02-rewrite")
        saved = self.store.load()
        self.notice = self.store.notice
        drafts = saved.get("drafts", {})
        self.drafts: dict[str, str] = {k: v for k, v in drafts.items()
                                       if k in self.by_id and isinstance(v, str)} \
            if isinstance(drafts, dict) else {}
        start = saved.get("selected")
        super().__init__(selected=start if start in self.by_id else texts[0].id)
        self.draft = self.drafts.get(self.selected, "")

    @traitlets.observe("selected")
    def _switch(self, change: dict[str, Any]) -> None:
        if change["new"] not in self.by_id:
            raise UserInputError("Choose one of the texts in the list.")
        self.draft = self.drafts.get(change["new"], "")

    @property
    def original(self) -> RewriteText:
        """The text being rewritten."""
        return self.by_id[self.selected]

    def before(self) -> PlainLanguageReport:
        """The checker's report on the original."""
        return check_text(self.original.text)

    def after(self) -> PlainLanguageReport:
        """The checker's report on the rewrite (empty report while nothing is written)."""
        return check_text(self.draft[:MAX_REWRITE_CHARS])

    def keep(self, text: str) -> None:
        """Keep ``text`` as the rewrite of the selected text and save it (even if too long)."""
        self.draft = text
        self.drafts[self.selected] = text
        self.store.save(self.saved_work())
        if len(text) > MAX_REWRITE_CHARS:
            raise UserInputError(
                f"Your rewrite has {len(text):,} characters; the checker reads the first "
                f"{MAX_REWRITE_CHARS:,}. It is saved as it is. A notice should be much shorter."
            )

    def comparison(self) -> pd.DataFrame:
        """Before and after, side by side."""
        return pd.DataFrame({"before": self.before().as_row(), "after": self.after().as_row()})

    def comparison_html(self) -> str:
        """A small, escaped table of the scores before and after."""
        before, after = self.before(), self.after()

        def cell(report: PlainLanguageReport, key: str) -> str:
            value = report.as_row()[key]
            return "–" if value is None else html.escape(f"{value:g}")

        rows = [("Flesch–Kincaid grade (8 or lower)", "grade"),
                ("Reading ease (60 or more)", "reading_ease"), ("Words", "words"),
                ("Sentences over 20 words", "long_sentences"), ("Passive verbs", "passive"),
                ("Jargon terms", "jargon"), ("Negative phrases", "negative")]
        pad = "padding:2px 12px 2px 0"
        body = "".join(f"<tr><th scope='row' style='text-align:left;{pad}'>{label}</th>"
                       f"<td style='{pad}'>{cell(before, key)}</td>"
                       f"<td style='{pad}'>{cell(after, key)}</td></tr>"
                       for label, key in rows)
        return ("<table class='course-kit-compare'><caption>Scores before and after your "
                "rewrite</caption><thead><tr><th scope='col'>Measure</th><th scope='col'>"
                "Before</th><th scope='col'>After</th></tr></thead>"
                f"<tbody>{body}</tbody></table>")

    def saved_work(self) -> dict[str, Any]:
        """The saved file's content (what :func:`rewrite_markdown` renders)."""
        return {"selected": self.selected, "drafts": dict(self.drafts),
                "originals": {k: self.by_id[k].text for k in self.drafts},
                "titles": {k: self.by_id[k].title for k in self.drafts}}

    def export(self, folder: Path | None = None) -> tuple[Path, Path]:
        """Write ``module02-rewrite.md`` and ``.html`` (escaped) for the portfolio."""
        if not any(v.strip() for v in self.drafts.values()):
            raise UserInputError("Write a rewrite first: there is nothing to export yet.")
        target = Path(folder) if folder is not None else work_dir()
        target.mkdir(parents=True, exist_ok=True)
        md, page = target / "module02-rewrite.md", target / "module02-rewrite.html"
        md.write_text(rewrite_markdown(self.saved_work()), encoding="utf-8")
        page.write_text(rewrite_html(self.saved_work()), encoding="utf-8")
        return md, page


def _pairs(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(title, original, rewrite) for every saved rewrite; odd values are skipped."""
    def part(key: str) -> dict[str, Any]:
        value = data.get(key, {}) if isinstance(data, dict) else {}
        return value if isinstance(value, dict) else {}

    drafts, originals, titles = part("drafts"), part("originals"), part("titles")
    return [(str(titles.get(k) or k), str(originals.get(k, "")), v)
            for k, v in drafts.items() if isinstance(v, str) and v.strip()]


def rewrite_markdown(data: dict[str, Any]) -> str:
    """The saved rewrites (``my_work/module02-rewrite.json``) as escaped Markdown."""
    out = ["# A notice rewritten in plain language", ""]
    pairs = _pairs(data)
    if not pairs:
        return "\n".join([*out, "(No rewrite saved yet.)", ""])
    for key, original, draft in pairs:
        before, after = check_text(original), check_text(draft[:MAX_REWRITE_CHARS])
        out += [f"## {_md(key)}", "", "**Before**", "", f"> {_md(original)}", "",
                f"- {_md(before.summary())}", "", "**After**", "", f"> {_md(draft)}", "",
                f"- {_md(after.summary())}", ""]
    return "\n".join(out)


def rewrite_html(data: dict[str, Any]) -> str:
    """The saved rewrites as a complete, escaped HTML page."""
    esc = html.escape
    parts = []
    for key, original, draft in _pairs(data):
        before, after = check_text(original), check_text(draft[:MAX_REWRITE_CHARS])
        parts.append(
            f"<section><h2>{esc(key)}</h2><h3>Before</h3><blockquote>{esc(original)}"
            f"</blockquote><p>{esc(before.summary())}</p><h3>After</h3><blockquote>"
            f"{esc(draft)}</blockquote><p>{esc(after.summary())}</p></section>")
    body = "".join(parts) or "<p>(No rewrite saved yet.)</p>"
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            "<title>A notice rewritten in plain language</title>"
            '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
            '<body style="font-family:system-ui,sans-serif;line-height:1.4"><main>'
            f"<h1>A notice rewritten in plain language</h1>{body}</main></body></html>\n")
