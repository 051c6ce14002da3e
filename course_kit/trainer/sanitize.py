"""Making a participant's notebook inert before any trainer view shows it.

nbgrader's formgrader renders the autograded notebook as HTML in the trainer's own,
authenticated Jupyter session: a ``<script>`` in a participant's output or Markdown would
run there with the trainer's rights (``fetch('/api/contents')``…). So, before the notebook
is written where the trainer's tools read it (``autograded/``, ``submitted/``):

* outputs keep only inert kinds (plain text, PNG, JPEG and GIF images); HTML, JavaScript,
  SVG, Markdown, LaTeX, widget views and any other rich kind are dropped, with a plain note
  in their place;
* Markdown and raw cells have their HTML escaped (``<`` becomes ``&lt;``, so it shows as
  text), ``javascript:`` links are disabled, and cell attachments are removed;
* widget state in the notebook's metadata is removed.
"""

from __future__ import annotations

import html
import re
from typing import Any

__all__ = ["INERT_MIME_TYPES", "as_typed", "sanitize_notebook"]

#: Output kinds shown as they are; everything else is dropped.
INERT_MIME_TYPES = frozenset({"text/plain", "image/png", "image/jpeg", "image/gif"})
_JS_LINK = re.compile(r"(?i)(\]\(\s*|href\s*=\s*[\"']?\s*)(?:java|vb)script:")
NOTE = "[rich output ({kinds}) removed before grading: only text and images are kept]"


def _escape_markup(text: str) -> str:
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    return _JS_LINK.sub(r"\1#", text)


def as_typed(markdown: str) -> str:
    """A sanitized Markdown cell's text as the participant typed it (``&lt;`` back to ``<``),
    for a page that escapes it once more itself: else ``ages <18`` reads ``ages &lt;18``."""
    return markdown.replace("&lt;", "<").replace("&gt;", ">")


def sanitize_notebook(nb: Any) -> int:
    """Make ``nb`` (an nbformat v4 notebook, changed in place) inert; return the changes."""
    changes = 0
    if "widgets" in nb.get("metadata", {}):
        del nb["metadata"]["widgets"]
        changes += 1
    for cell in nb.get("cells", []):
        if cell.get("attachments"):
            cell["attachments"] = {}
            changes += 1
        if cell.get("cell_type") in ("markdown", "raw"):
            source = cell.get("source", "")
            if isinstance(source, list):
                source = "".join(source)
            safe = _escape_markup(source) if cell["cell_type"] == "markdown" \
                else html.escape(source, quote=False)
            if cell["cell_type"] == "raw":
                for key in ("raw_mimetype", "format"):
                    cell.get("metadata", {}).pop(key, None)
            if safe != source:
                cell["source"] = safe
                changes += 1
            continue
        for out in cell.get("outputs", []):
            data = out.get("data")
            if not isinstance(data, dict):
                continue
            active = sorted(k for k in data if k not in INERT_MIME_TYPES)
            if not active:
                continue
            for key in active:
                del data[key]
                out.get("metadata", {}).pop(key, None)
            plain = data.get("text/plain", "")
            plain = "".join(plain) if isinstance(plain, list) else str(plain)
            data["text/plain"] = NOTE.format(kinds=", ".join(active)) + (
                f"\n{plain}" if plain else "")
            changes += 1
    return changes
