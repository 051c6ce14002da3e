"""The referral and troubleshooting helper: walk a decision tree one question at a time.

:class:`TreeWalker` is the model (which node we are at, how we got there), tested without
a browser; :class:`ReferralHelper` is the view: a drop-down of trees, a field to load a
trainer's own tree file, the current question with one button per option, and Back /
Start again.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import traitlets

from course_kit.modules.module04.trees import TreeError, load_tree, tree_files
from course_kit.widgets.base import MessageArea, UserInputError, friendly_callback, labelled

__all__ = ["ReferralHelper", "TreeWalker"]


class TreeWalker(traitlets.HasTraits):
    """A position in a checked decision tree: the path of node names from the start."""

    path = traitlets.List(traitlets.Unicode())

    def __init__(self, tree: dict[str, Any]) -> None:
        super().__init__()
        self.tree = tree
        self.path = [tree["start"]]

    @property
    def node(self) -> dict[str, Any]:
        """The node we are at."""
        return self.tree["nodes"][self.path[-1]]

    @property
    def finished(self) -> bool:
        """True at an answer node (one with ``do``)."""
        return "do" in self.node

    def options(self) -> list[str]:
        """The labels of the current node's options (empty at an answer)."""
        return [o["label"] for o in self.node.get("options", [])]

    def choose(self, index: int) -> None:
        """Follow option ``index`` (0-based) of the current node."""
        options = self.node.get("options", [])
        if not 0 <= index < len(options):
            raise UserInputError(f"There is no option {index + 1} here.")
        self.path = [*self.path, options[index]["next"]]

    def back(self) -> None:
        """Go one step back (no-op at the start)."""
        if len(self.path) > 1:
            self.path = self.path[:-1]

    def restart(self) -> None:
        """Go back to the first question."""
        self.path = [self.tree["start"]]

    def steps(self) -> list[tuple[str, str]]:
        """The questions asked so far and the option taken: ``[(ask, label), …]``."""
        out = []
        nodes = self.tree["nodes"]
        for here, nxt in zip(self.path, self.path[1:], strict=False):
            label = next(o["label"] for o in nodes[here]["options"] if o["next"] == nxt)
            out.append((nodes[here]["ask"], label))
        return out

    def result(self) -> dict[str, str]:
        """At an answer: what to do, who to refer to, what to say (empty strings if none)."""
        if not self.finished:
            return {}
        return {key: str(self.node.get(key, "")) for key in ("do", "who", "say")}


class ReferralHelper(widgets.VBox):
    """Pick a tree (or load your own file), answer its questions, get the next step."""

    def __init__(self, tree: str = "referral.toml") -> None:
        self.messages = MessageArea()
        self.files = {p.name: p for p in tree_files()}
        self.picker = labelled(widgets.Dropdown(options=list(self.files), value=tree),
                               "Decision tree")
        self.own_file = labelled(widgets.Text(placeholder="e.g. my_trees/our-referrals.toml",
                                              layout={"width": "36em", "max_width": "95%"}),
                                 "Or load your own tree file")
        self.load_button = widgets.Button(description="Load my tree", tooltip="Load my tree")
        self.question = widgets.HTML()
        self.buttons = widgets.VBox()
        self.back_button = widgets.Button(description="Back", tooltip="One step back")
        self.restart_button = widgets.Button(description="Start again",
                                             tooltip="Back to the first question")
        guarded = friendly_callback(self.messages)
        self._guarded = guarded
        self.picker.observe(guarded(self._on_pick), names="value")
        self.load_button.on_click(guarded(self._on_load))
        self.back_button.on_click(guarded(lambda _b: self.walker.back()))
        self.restart_button.on_click(guarded(lambda _b: self.walker.restart()))
        self.walker = TreeWalker(load_tree(self.files[tree]))
        self.walker.observe(guarded(self._render), names="path")
        super().__init__([
            widgets.HBox([self.picker, self.own_file, self.load_button],
                         layout={"flex_flow": "row wrap"}),
            self.question, self.buttons,
            widgets.HBox([self.back_button, self.restart_button]), self.messages,
        ])
        self.add_class("course-kit-referral-helper")
        self._render()

    def use(self, tree: dict[str, Any], name: str) -> None:
        """Walk ``tree`` from its start (``name`` is shown in the message)."""
        self.walker.unobserve_all()
        self.walker = TreeWalker(tree)
        self.walker.observe(self._guarded(self._render), names="path")
        self._render()
        self.messages.show(f"Loaded {name}: {tree['title']}.", "success")

    def _on_pick(self, change: dict[str, Any]) -> None:
        self.use(load_tree(self.files[change["new"]]), change["new"])

    def _on_load(self, _button: Any = None) -> None:
        text = self.own_file.value.strip()
        if not text:
            raise UserInputError("Type the path of your tree file first, for example "
                                 "my_trees/our-referrals.toml.")
        path = Path(text).expanduser()
        if not path.is_file():
            raise UserInputError(f"There is no file {text} (looked for {path.resolve()}). "
                                 "Check the folder and the name.")
        try:
            tree = load_tree(path)
        except TreeError as exc:
            raise UserInputError(str(exc)) from exc
        self.use(tree, path.name)

    def _render(self, _change: Any = None) -> None:
        walker, esc = self.walker, html.escape
        trail = "".join(f"<li>{esc(ask)} <em>{esc(label)}</em></li>"
                        for ask, label in walker.steps())
        trail = f'<ol style="color:#333">{trail}</ol>' if trail else ""
        title = f"<h4 style='margin:4px 0'>{esc(walker.tree['title'])}</h4>"
        if walker.finished:
            result = walker.result()
            parts = [f"<p><strong>Next step:</strong> {esc(result['do'])}</p>"]
            if result["who"]:
                parts.append(f"<p><strong>Refer to:</strong> {esc(result['who'])}</p>")
            if result["say"]:
                parts.append(f"<p><strong>You might say:</strong> “{esc(result['say'])}”</p>")
            self.question.value = (f"{title}{trail}<div class='course-kit-tree-answer' "
                                   f"role='status'>{''.join(parts)}</div>")
            self.buttons.children = ()
        else:
            self.question.value = f"{title}{trail}<p><strong>{esc(walker.node['ask'])}</strong></p>"
            buttons = []
            for i, label in enumerate(walker.options()):
                button = widgets.Button(description=label, tooltip=label,
                                        layout={"width": "auto", "max_width": "95%"})
                button.on_click(self._guarded(lambda _b, i=i: self.walker.choose(i)))
                buttons.append(button)
            self.buttons.children = tuple(buttons)
        self.back_button.disabled = len(walker.path) == 1
