"""Exports for the portfolio: escaped Markdown and HTML files in ``my_work/``.

Everything a participant typed goes through :func:`md_escape` or :func:`html.escape`
before it is written, so a title such as ``<script>`` or ``[click](http://…)`` shows as
typed and never turns into markup or a link.
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path
from typing import Any

from course_kit.saved_work import escape_markdown
from course_kit.storage import work_dir

__all__ = ["download_links", "export_files", "html_page", "md_escape", "slug"]

def md_escape(value: Any) -> str:
    """Text as it was typed, safe inside a Markdown line (specials escaped, one line)."""
    return escape_markdown(" ".join(str(value).split()))


def slug(text: str, default: str = "work") -> str:
    """A file-name-safe version of ``text`` ("Apply for jobs online" -> "apply-for-jobs-online")."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40].strip("-") or default


def html_page(title: str, body: str) -> str:
    """A complete, accessible HTML page around ``body`` (``title`` is escaped here)."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        '<body style="font-family:system-ui,sans-serif;line-height:1.4;max-width:48em;'
        f'margin:1em auto;padding:0 1em"><main>{body}</main></body></html>\n'
    )


def export_files(stem: str, markdown: str, page: str,
                 folder: Path | None = None) -> tuple[Path, Path]:
    """Write ``<stem>.md`` and ``<stem>.html`` to ``folder`` (default ``my_work/``)."""
    target = Path(folder) if folder is not None else work_dir()
    target.mkdir(parents=True, exist_ok=True)
    md, web = target / f"{stem}.md", target / f"{stem}.html"
    md.write_text(markdown, encoding="utf-8")
    web.write_text(page, encoding="utf-8")
    return md, web


def download_links(*paths: Path) -> str:
    """HTML download links (data URLs) for files a participant may want to keep."""
    links = []
    for path in paths:
        mime = "text/markdown" if path.suffix == ".md" else "text/html"
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        links.append(f'<a download="{html.escape(path.name)}" '
                     f'href="data:{mime};base64,{data}">Download {html.escape(path.name)}</a>')
    return " · ".join(links)
