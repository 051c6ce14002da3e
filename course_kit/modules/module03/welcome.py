"""The welcome audit: what the data say about a branch's welcome, and what you see at the door.

:class:`WelcomeAuditModel` holds the answers to the checklist in ``welcome_checklist.toml``
(signs, greeting, hours, access) for each branch and saves them in
``my_work/module03-welcome.json``; :class:`WelcomeAudit` is the thin view, with the figures
from :func:`.analysis.welcome_audit` and :func:`.analysis.branch_languages` beside it.
"""

from __future__ import annotations

import base64
import html
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd
import traitlets

from course_kit.modules.module03.portfolio import html_page, md_escape
from course_kit.storage import WorkStore
from course_kit.widgets.base import MessageArea, UserInputError, friendly_callback

__all__ = [
    "ANSWERS",
    "CheckItem",
    "WelcomeAudit",
    "WelcomeAuditModel",
    "load_checklist",
    "welcome_facts",
    "welcome_markdown",
]

CHECKLIST_FILE = Path(__file__).with_name("welcome_checklist.toml")
#: The answers a checklist item can have; the first is the starting value.
ANSWERS: tuple[str, ...] = ("not checked yet", "yes", "no")
#: A language spoken at home by at least this share of residents belongs on the signs.
SIGN_LANGUAGE_SHARE = 5.0


@dataclass(frozen=True)
class CheckItem:
    """One thing to look for at the door."""

    id: str
    area: str
    question: str


def load_checklist(path: Path = CHECKLIST_FILE) -> tuple[CheckItem, ...]:
    """Read the checklist; a malformed file raises ``ValueError`` naming the problem."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        items = tuple(CheckItem(str(i["id"]), str(i["area"]), str(i["question"]))
                      for i in raw["items"])
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise ValueError(f"{path.name} cannot be read: {exc}") from exc
    if len({i.id for i in items}) != len(items) or not items:
        raise ValueError(f"{path.name}: give at least one item, each with its own id.")
    return items


def welcome_facts(branch: str, audit: pd.DataFrame, languages: pd.DataFrame) -> list[str]:
    """What the data say about ``branch``'s welcome, one plain sentence each."""
    row = audit.set_index("branch").loc[branch]
    spoken = languages[(languages["branch"] == branch)
                       & (languages["share_%"] >= SIGN_LANGUAGE_SHARE)]
    names = [f"{r['language']} ({r['share_%']:.0f}%)" for _, r in spoken.iterrows()]
    gap = row["welcoming_building_gap"]
    verdict = "below" if gap < 0 else "above"
    return [
        f"Hours: open {row['hours_per_week']} hours a week; evening hours: "
        f"{row['evening_hours']}.",
        f"Languages spoken at home near this branch: {', '.join(names)}. Signs should be "
        "in each of them.",
        f"Entrance door: {row['entrance_door']}. Lowered part of the desk: "
        f"{row['lowered_desk']}.",
        f"\"A comfortable, welcoming building\": rated {abs(gap):.2f} points {verdict} the "
        f"minimum people accept ({row['n_rated']} people rated it).",
    ]


class WelcomeAuditModel(traitlets.HasTraits):
    """The chosen branch and the checklist answers for every branch audited so far."""

    branch = traitlets.Unicode()
    answers = traitlets.Dict()

    def __init__(self, branches: list[str], store: WorkStore | None = None,
                 checklist: tuple[CheckItem, ...] | None = None) -> None:
        self.branches = list(branches)
        super().__init__(branch=self.branches[0])
        self.items = checklist or load_checklist()
        self.store = store or WorkStore("module03-welcome")
        saved = self.store.load()
        self.notice = self.store.notice
        kept: dict[str, dict[str, str]] = {}
        raw = saved.get("branches") if isinstance(saved.get("branches"), dict) else {}
        ids = {i.id for i in self.items}
        for name, entries in raw.items():
            if name in self.branches and isinstance(entries, dict):
                kept[name] = {k: v for k, v in entries.items() if k in ids and v in ANSWERS}
        self.answers = kept
        if isinstance(saved.get("branch"), str) and saved["branch"] in self.branches:
            self.branch = saved["branch"]

    @traitlets.validate("branch")
    def _check_branch(self, proposal: dict[str, Any]) -> str:
        if proposal["value"] not in self.branches:
            raise traitlets.TraitError("Pick one of the four branches.")
        return proposal["value"]

    def answer(self, item_id: str) -> str:
        """The answer for ``item_id`` at the current branch."""
        return self.answers.get(self.branch, {}).get(item_id, ANSWERS[0])

    def set_answer(self, item_id: str, value: str) -> None:
        """Record an answer for the current branch and save."""
        if item_id not in {i.id for i in self.items}:
            raise UserInputError("That question is not on the checklist.")
        if value not in ANSWERS:
            raise UserInputError(f"Answer with one of: {', '.join(ANSWERS)}.")
        branch_answers = {**self.answers.get(self.branch, {}), item_id: value}
        self.answers = {**self.answers, self.branch: branch_answers}
        self.save()

    def save(self) -> Path:
        """Save the answers and the current branch."""
        return self.store.save({"branch": self.branch, "branches": self.answers})

    def summary(self) -> dict[str, int]:
        """How many items are answered yes, no, or not checked yet at the current branch."""
        counts = dict.fromkeys(ANSWERS, 0)
        for item in self.items:
            counts[self.answer(item.id)] += 1
        return counts


def welcome_markdown(data: dict[str, Any]) -> str:
    """Saved welcome-audit answers (the store's dict) as escaped Markdown."""
    branches = data.get("branches") if isinstance(data, dict) else None
    branches = branches if isinstance(branches, dict) else {}
    questions = {i.id: i.question for i in load_checklist()}
    out = ["# My welcome audit", ""]
    for branch, answers in branches.items():
        if not isinstance(answers, dict):
            continue
        out += [f"## {md_escape(branch)}", ""]
        out += [f"- {md_escape(questions.get(k, k))} **{md_escape(v)}**"
                for k, v in answers.items() if v != ANSWERS[0]] or ["- (nothing checked yet)"]
        out.append("")
    if len(out) == 2:
        out.append("No branch audited yet.")
    return "\n".join(out).rstrip() + "\n"


def welcome_html(data: dict[str, Any]) -> str:
    """Saved welcome-audit answers as an escaped HTML page."""
    branches = data.get("branches") if isinstance(data, dict) else None
    branches = branches if isinstance(branches, dict) else {}
    questions = {i.id: i.question for i in load_checklist()}
    parts = ["<h1>My welcome audit</h1>"]
    for branch, answers in branches.items():
        if not isinstance(answers, dict):
            continue
        rows = "".join(f"<li>{html.escape(questions.get(k, k))} <strong>{html.escape(v)}"
                       "</strong></li>" for k, v in answers.items() if v != ANSWERS[0])
        parts.append(f"<h2>{html.escape(branch)}</h2><ul>{rows or '<li>(nothing checked yet)</li>'}"
                     "</ul>")
    return html_page("My welcome audit", "".join(parts))


class WelcomeAudit(widgets.VBox):
    """Pick a branch; read what the data say; answer what you see at the door."""

    def __init__(self, audit: pd.DataFrame, languages: pd.DataFrame,
                 store: WorkStore | None = None) -> None:
        self.audit, self.languages = audit, languages
        self.model = WelcomeAuditModel(list(audit["branch"]), store)
        self.messages = MessageArea()
        guarded = friendly_callback(self.messages)
        self.pick = widgets.Dropdown(options=self.model.branches, value=self.model.branch,
                                     description="Branch", style={"description_width": "initial"})
        self.facts = widgets.HTML()
        self.controls: dict[str, widgets.Dropdown] = {}
        rows = []
        for item in self.model.items:
            control = widgets.Dropdown(options=list(ANSWERS), description=item.question,
                                       style={"description_width": "initial"},
                                       layout={"width": "95%", "max_width": "36em"})
            control.observe(guarded(self._answered(item.id)), names="value")
            self.controls[item.id] = control
            rows.append(control)
        self.export_button = widgets.Button(description="Export for my portfolio",
                                            tooltip="Write Markdown and HTML files",
                                            layout={"width": "max-content"})
        self.export_button.on_click(guarded(self._on_export))
        self.downloads = widgets.HTML()
        self.pick.observe(guarded(self._on_branch), names="value")
        super().__init__([self.pick, self.facts,
                          widgets.HTML("<strong>What you see at the door</strong>"), *rows,
                          self.export_button, self.messages, self.downloads])
        self.add_class("course-kit-welcome-audit")
        if self.model.notice:
            self.messages.show(self.model.notice, "warning")
        self._show_branch()

    def _show_branch(self) -> None:
        facts = welcome_facts(self.model.branch, self.audit, self.languages)
        self.facts.value = ("<p><strong>What the data say</strong></p><ul>"
                            + "".join(f"<li>{html.escape(f)}</li>" for f in facts) + "</ul>")
        self._loading = True
        try:
            for item_id, control in self.controls.items():
                control.value = self.model.answer(item_id)
        finally:
            self._loading = False

    def _on_branch(self, change: dict[str, Any]) -> None:
        self.model.branch = change["new"]
        self.model.save()
        self._show_branch()

    def _answered(self, item_id: str) -> Any:
        def handler(change: dict[str, Any]) -> None:
            if getattr(self, "_loading", False):
                return
            self.model.set_answer(item_id, change["new"])
            counts = self.model.summary()
            self.messages.show(f"Saved. {self.model.branch}: {counts['yes']} yes, "
                               f"{counts['no']} no, {counts[ANSWERS[0]]} not checked yet.",
                               "success")

        return handler

    def _on_export(self, _button: Any = None) -> None:
        if not any(v != ANSWERS[0] for a in self.model.answers.values() for v in a.values()):
            raise UserInputError("Answer at least one question before exporting.")
        data = {"branches": self.model.answers}
        folder = self.model.store.path.parent
        md, page = folder / "module03-welcome.md", folder / "module03-welcome.html"
        md.write_text(welcome_markdown(data), encoding="utf-8")
        page.write_text(welcome_html(data), encoding="utf-8")
        links = []
        for path, mime in ((md, "text/markdown"), (page, "text/html")):
            payload = base64.b64encode(path.read_bytes()).decode("ascii")
            links.append(f'<a download="{path.name}" href="data:{mime};base64,{payload}">'
                         f"Download {path.name}</a>")
        self.downloads.value = " · ".join(links)
        self.messages.show(f"Exported to my_work/{md.name} and my_work/{page.name}.", "success")
