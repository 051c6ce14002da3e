"""Escaping for the portfolio exports of Module 3 (Markdown and HTML).

What a participant types ends up in files that others open: a follow-up note, a privacy
decision. Every exported string goes through :func:`md_escape` or :func:`html.escape`, so a
pasted ``<script>`` or a stray ``*`` shows as typed and never runs or reformats the page.
"""

from __future__ import annotations

import html
import re

__all__ = ["html_page", "md_escape"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_LINE_START = re.compile(r"^([#+\-=]|\d+(?=[.)]))")


def md_escape(text: object) -> str:
    """Return ``text`` safe to place in Markdown: one line, specials escaped, no raw HTML.

    >>> md_escape("<b>*bold*</b>")
    '&lt;b&gt;\\\\*bold\\\\*&lt;/b&gt;'
    """
    one_line = " ".join(str(text).split())
    no_html = one_line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = _MD_SPECIAL.sub(r"\\\1", no_html)
    # A leading "#", "-", "+", "=" or "1." would turn the line into a heading or a list.
    return _LINE_START.sub(lambda m: m.group(1) + "\\" if m.group(1)[0].isdigit()
                           else "\\" + m.group(1), escaped)


def html_page(title: str, body: str) -> str:
    """A complete, accessible HTML page; ``title`` is escaped, ``body`` must be already."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        '<body style="font-family:system-ui,sans-serif;line-height:1.4;color:#111">'
        f"<main>{body}</main></body></html>\n"
    )
