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

Before a tree is used it is checked: the shape of every node (a JSON Schema, checked with
the ``jsonschema`` library), then the paths (:func:`check_tree`). Every problem is
reported with the file and the node, e.g. ``"referral.toml, node 'wifi': option 2 leads
to 'wifi_reset', which is not a node in the file."`` Loops and dead ends are errors: a
participant must always reach an answer.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema

__all__ = [
    "MAX_TREE_BYTES",
    "NODE_SCHEMA",
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

_TEXT = {"type": "string", "minLength": 1, "maxLength": 600}

#: The shape of a tree file. Unknown fields are refused, so a typo ("nxt") is caught.
NODE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["title", "start", "nodes"],
    "additionalProperties": False,
    "properties": {
        "title": _TEXT,
        "description": _TEXT,
        "source": _TEXT,
        "start": {"type": "string", "minLength": 1},
        "nodes": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "ask": _TEXT,
                    "options": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["label", "next"],
                            "additionalProperties": False,
                            "properties": {"label": _TEXT,
                                           "next": {"type": "string", "minLength": 1}},
                        },
                    },
                    "do": _TEXT,
                    "who": _TEXT,
                    "say": _TEXT,
                    "source": _TEXT,
                },
            },
        },
    },
}


class TreeError(ValueError):
    """A tree file cannot be used; the message names the file and the node."""

    def __init__(self, file: str, problems: list[str]) -> None:
        self.file = file
        self.problems = problems
        shown = " ".join(problems[:5])
        more = f" (and {len(problems) - 5} more problems)" if len(problems) > 5 else ""
        super().__init__(f"The decision tree {file} cannot be used: {shown}{more}")


def _where(error: jsonschema.ValidationError) -> str:
    path = list(error.absolute_path)
    if len(path) >= 2 and path[0] == "nodes":
        where = f"node '{path[1]}'"
        rest = [p for p in path[2:]]
        if rest:
            where += ", " + " ".join(f"item {p + 1}" if isinstance(p, int) else f"field '{p}'"
                                     for p in rest)
        return where
    return f"field '{path[0]}'" if path else "the top of the file"


def _plain(error: jsonschema.ValidationError) -> str:
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        allowed = ", ".join(error.schema.get("properties", {}))
        return f"unknown field {', '.join(repr(e) for e in extra)} (allowed: {allowed})"
    if error.validator == "required":
        return error.message.replace("is a required property", "is missing")
    if error.validator == "type":
        return f"should be {error.validator_value}, not {type(error.instance).__name__}"
    if error.validator == "maxLength":
        return f"is longer than {error.validator_value} characters"
    if error.validator == "minLength":
        return "is empty"
    return error.message


def check_tree(tree: dict[str, Any], file: str = "the tree") -> list[str]:
    """Every problem with ``tree``, one sentence each, naming the node (empty when fine).

    Checked: the shape (:data:`NODE_SCHEMA`); each node is either a question (``ask`` with
    at least one option) or an answer (``do``), not both; every option leads to a node in
    the file; the start node exists; no path loops back; every node can be reached.
    """
    validator = jsonschema.Draft202012Validator(NODE_SCHEMA)
    problems = [f"{_where(e)}: {_plain(e)}." for e in
                sorted(validator.iter_errors(tree), key=lambda e: list(e.absolute_path))]
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
