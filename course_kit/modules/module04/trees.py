"""Decision trees a trainer can edit: from a question to the right place, from a technical
problem to the next step.

A tree is a TOML (or JSON) file in ``course_kit/modules/module04/trees/``::

    title = "Where to refer a question"
    start = "topic"                      # the first node

    [nodes.topic]                        # a question node: ask + options
    ask = "What is the question about?"
    options = [
      { label = "A family's history", next = "local_history" },
    ]

    [nodes.local_history]                # an answer node: do (+ who, say, source)
    do = "Walk them to the Local history room at Central."
    who = "Local history room"

Before a tree is used it is checked: the shape of every node (:data:`NODE_FIELDS`: known
fields only, text where text is expected), then the paths (:func:`check_tree`). Every problem is
reported with the file and the node, e.g. ``"referral.toml, node 'wifi': option 2 leads
to 'wifi_reset', which is not a node in the file."`` Loops and dead ends are errors: a
participant must always reach an answer.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

__all__ = [
    "MAX_TREE_BYTES",
    "NODE_FIELDS",
    "TREE_DIR",
    "TreeError",
    "check_tree",
    "load_tree",
    "tree_files",
]

#: Where the kit's own trees live; a trainer may add files here or load from elsewhere.
TREE_DIR = Path(__file__).with_name("trees")

#: A tree file bigger than this is refused unread (a tree of a few hundred nodes is 50 KB).
MAX_TREE_BYTES = 200_000

#: The fields a tree file may have at the top, and in each node. Unknown fields are
#: refused, so a typo ("nxt") is caught. (A JSON Schema library would do the same, but
#: ``jsonschema`` takes over two seconds to import, too slow for a notebook.)
TOP_FIELDS: dict[str, bool] = {"title": True, "start": True, "nodes": True,
                               "description": False, "source": False}
NODE_FIELDS: tuple[str, ...] = ("ask", "options", "do", "who", "say", "source")
OPTION_FIELDS: tuple[str, ...] = ("label", "next")
MAX_TEXT = 600


class TreeError(ValueError):
    """A tree file cannot be used; the message names the file and the node."""

    def __init__(self, file: str, problems: list[str]) -> None:
        self.file = file
        self.problems = problems
        shown = " ".join(problems[:5])
        more = f" (and {len(problems) - 5} more problems)" if len(problems) > 5 else ""
        super().__init__(f"The decision tree {file} cannot be used: {shown}{more}")


def _text(value: Any, where: str, problems: list[str], limit: int = MAX_TEXT) -> None:
    if not isinstance(value, str):
        problems.append(f"{where}: should be text, not {type(value).__name__}.")
    elif not value.strip():
        problems.append(f"{where}: is empty.")
    elif len(value) > limit:
        problems.append(f"{where}: is longer than {limit} characters.")


def _shape(tree: dict[str, Any]) -> list[str]:
    """Problems with the fields and their types, each naming the node and field."""
    problems: list[str] = []
    for key, required in TOP_FIELDS.items():
        if required and key not in tree:
            problems.append(f"the top of the file: '{key}' is missing.")
    extra = sorted(set(tree) - set(TOP_FIELDS))
    if extra:
        problems.append(f"the top of the file: unknown field {', '.join(map(repr, extra))} "
                        f"(allowed: {', '.join(TOP_FIELDS)}).")
    for key in ("title", "start", "description", "source"):
        if key in tree:
            _text(tree[key], f"field '{key}'", problems)
    nodes = tree.get("nodes")
    if "nodes" in tree and (not isinstance(nodes, dict) or not nodes):
        problems.append("field 'nodes': should be a table with at least one node.")
        return problems
    for name, node in (nodes or {}).items():
        where = f"node '{name}'"
        if not isinstance(node, dict):
            problems.append(f"{where}: should be a table of fields.")
            continue
        extra = sorted(set(node) - set(NODE_FIELDS))
        if extra:
            problems.append(f"{where}: unknown field {', '.join(map(repr, extra))} "
                            f"(allowed: {', '.join(NODE_FIELDS)}).")
        for key in ("ask", "do", "who", "say", "source"):
            if key in node:
                _text(node[key], f"{where}, field '{key}'", problems)
        options = node.get("options", [])
        if not isinstance(options, list):
            problems.append(f"{where}, field 'options': should be a list.")
            continue
        for i, option in enumerate(options, start=1):
            at = f"{where}, field 'options' item {i}"
            if not isinstance(option, dict):
                problems.append(f"{at}: should be {{ label = ..., next = ... }}.")
                continue
            missing = [k for k in OPTION_FIELDS if k not in option]
            if missing:
                problems.append(f"{at}: {', '.join(map(repr, missing))} is missing.")
            extra = sorted(set(option) - set(OPTION_FIELDS))
            if extra:
                problems.append(f"{at}: unknown field {', '.join(map(repr, extra))}.")
            for key in OPTION_FIELDS:
                if key in option:
                    _text(option[key], f"{at}, field '{key}'", problems)
    return problems


def check_tree(tree: dict[str, Any], file: str = "the tree") -> list[str]:
    """Every problem with ``tree``, one sentence each, naming the node (empty when fine).

    Checked: the shape (:data:`NODE_FIELDS`); each node is either a question (``ask`` with
    at least one option) or an answer (``do``), not both; every option leads to a node in
    the file; the start node exists; no path loops back; every node can be reached.
    """
    problems = _shape(tree)
    if problems:
        return problems
    nodes: dict[str, dict[str, Any]] = tree["nodes"]
    for name, node in nodes.items():
        asks, does = "ask" in node or "options" in node, "do" in node
        if asks and does:
            problems.append(f"node '{name}' both asks a question and gives an answer; "
                            "split it in two.")
        elif not asks and not does:
            problems.append(f"node '{name}' is a dead end: it has neither 'ask' with options "
                            "nor 'do'.")
        elif asks and not node.get("options"):
            problems.append(f"node '{name}' is a dead end: it asks a question but has no "
                            "options.")
        elif asks and "ask" not in node:
            problems.append(f"node '{name}' has options but no 'ask' question.")
        for i, option in enumerate(node.get("options", []), start=1):
            if option["next"] not in nodes:
                problems.append(f"node '{name}': option {i} ('{option['label']}') leads to "
                                f"'{option['next']}', which is not a node in the file.")
    if tree["start"] not in nodes:
        problems.append(f"the start node '{tree['start']}' is not a node in the file.")
    if problems:
        return problems
    # Depth-first walk from the start: a node met again on the current path is a loop.
    state: dict[str, str] = {}

    def visit(name: str, path: list[str]) -> None:
        state[name] = "open"
        for option in nodes[name].get("options", []):
            nxt = option["next"]
            if state.get(nxt) == "open":
                loop = " → ".join([*path[path.index(nxt):], nxt])
                problems.append(f"node '{name}' loops back to '{nxt}' ({loop}).")
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[name] = "done"

    visit(tree["start"], [tree["start"]])
    unreachable = [n for n in nodes if n not in state]
    problems += [f"node '{n}' cannot be reached from the start node." for n in unreachable]
    return problems


def load_tree(path: str | Path) -> dict[str, Any]:
    """Read and check a tree file (``.toml`` or ``.json``); raise :class:`TreeError`."""
    path = Path(path)
    name = path.name
    if path.suffix not in (".toml", ".json"):
        raise TreeError(name, ["a tree is a .toml or .json file."])
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise TreeError(name, [f"the file cannot be opened ({exc.strerror})."]) from exc
    if size > MAX_TREE_BYTES:
        raise TreeError(name, [f"the file is {size:,} bytes; the limit is {MAX_TREE_BYTES:,}."])
    try:
        text = path.read_text(encoding="utf-8")
        tree = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    except UnicodeDecodeError as exc:
        raise TreeError(name, ["the file is not UTF-8 text."]) from exc
    except OSError as exc:
        raise TreeError(name, [f"the file cannot be read ({exc.strerror})."]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise TreeError(name, [f"it is not valid TOML: {exc}."]) from exc
    except json.JSONDecodeError as exc:
        raise TreeError(name, [f"it is not valid JSON: {exc.msg} at line {exc.lineno}."]
                        ) from exc
    if not isinstance(tree, dict):
        raise TreeError(name, ["the top of the file must be a table of fields."])
    problems = check_tree(tree, name)
    if problems:
        raise TreeError(name, problems)
    return tree


def tree_files(folder: Path | None = None) -> list[Path]:
    """The tree files in ``folder`` (default: the kit's own), sorted by name."""
    base = folder or TREE_DIR
    return sorted(p for p in base.iterdir() if p.suffix in (".toml", ".json"))
