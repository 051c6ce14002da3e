"""Printing the kit's HTML with fpdf2 (pure Python, no system packages).

fpdf2 reads a subset of HTML: no tags inside table cells, no sectioning elements, no CSS.
:func:`pdf_html` reduces a page to that subset; :func:`new_pdf` gives an A4 document with the
DejaVu fonts that ship with matplotlib (Latin, Greek and Cyrillic print as typed; Arabic and
Hebrew print letter by letter, unjoined and left to right, which :func:`right_to_left` tells
so a PDF can say so with :data:`RIGHT_TO_LEFT_NOTE`; Chinese, Japanese, Korean and Indic
scripts do not print, and :func:`lacks_letters` tells when a PDF needs
:data:`MISSING_LETTERS_NOTE`); :func:`write_blocks` prints the HTML block by block,
and a block fpdf2 cannot print is printed as plain text instead, so no block is dropped.
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path
from typing import Any

__all__ = ["MISSING_LETTERS_NOTE", "RIGHT_TO_LEFT_NOTE", "font_dir", "lacks_letters",
           "new_pdf", "pdf_html", "right_to_left", "write_blocks"]

#: Printed at the top of a PDF whose text used letters that DejaVu does not have.
MISSING_LETTERS_NOTE = (
    "Some letters you typed are not in this PDF's font, so they are left out. This happens "
    "with Chinese, Japanese, Korean and some other scripts. The HTML file shows them all.")

#: Printed at the top of a PDF with Arabic or Hebrew text: fpdf2 sets it letter by letter.
RIGHT_TO_LEFT_NOTE = (
    "Arabic and Hebrew words in this PDF show their letters apart and from left to right. "
    "The HTML file shows them as typed.")

_CELL = re.compile(r"(<(?:td|th)(?:\s[^>]*)?>)(.*?)(</(?:td|th)>)", re.S)
_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"(</(?:p|ul|ol|table|blockquote|h[1-6]|pre)>)")


def pdf_html(page: str) -> str:
    """``page`` (or a fragment) reduced to the HTML fpdf2 prints."""
    if "<main>" in page:
        page = page[page.index("<main>") + 6:page.index("</main>")]
    page = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    page = re.sub(r"<nav\b.*?</nav>", "", page, flags=re.S)
    # A short <div> (a card's role, say) becomes a bold line of its own.
    page = re.sub(r"<div(?:\s[^>]*)?>([^<]{1,80})</div>", r"<p><b>\1</b></p>", page)
    page = re.sub(r"</?(?:section|div|main|header|footer|small|span)(?:\s[^>]*)?>", "", page)
    page = re.sub(r"(<h[1-6])\s[^>]*>", r"\1>", page)
    page = _CELL.sub(lambda m: m.group(1) + _TAG.sub("", m.group(2)) + m.group(3), page)
    return re.sub(r"<table>.*?</table>", _widths, page, flags=re.S)


def _widths(match: re.Match[str]) -> str:
    """Give a table's header cells widths in proportion to their columns' text."""
    table = match.group(0)
    rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)
    cells = [re.findall(r"<t[dh](?:\s[^>]*)?>(.*?)</t[dh]>", row, flags=re.S) for row in rows]
    if not cells or not cells[0]:
        return table
    n = len(cells[0])
    longest = [max((min(60, len(row[i].strip())) for row in cells if i < len(row)), default=1)
               for i in range(n)]
    weights = [max(7, w) + 3 for w in longest]
    shares = [round(100 * w / sum(weights)) for w in weights]
    count = iter(range(n))

    def width(head: re.Match[str]) -> str:
        i = next(count, None)
        return head.group(0) if i is None else f'<th width="{shares[i]}%"'

    head_end = table.find("</tr>")
    return re.sub(r"<th(?=[\s>])", width, table[:head_end]) + table[head_end:]


def lacks_letters(pdf: Any) -> bool:
    """True when text printed in ``pdf`` so far used characters its fonts do not have.

    fpdf2 leaves such characters out (a name in Chinese prints as nothing), so a PDF that
    lacks letters is made again with :data:`MISSING_LETTERS_NOTE` at its top.
    """
    return any(getattr(font, "missing_glyphs", None) for font in pdf.fonts.values())


def right_to_left(*texts: str) -> bool:
    """True when any of ``texts`` has letters written right to left (Arabic, Hebrew …).

    fpdf2 prints them one by one, left to right and unjoined, so such a PDF gets
    :data:`RIGHT_TO_LEFT_NOTE` at its top.
    """
    return any(unicodedata.bidirectional(c) in ("R", "AL") for text in texts for c in text)


def font_dir() -> Path:
    """The folder of the DejaVu fonts that ship with matplotlib: every PDF the kit writes
    (portfolio, Module 10's summary, certificates) prints with them."""
    import matplotlib  # for its font files only: imported when a PDF is drawn

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def new_pdf(title: str) -> Any:
    """An A4 fpdf2 document with DejaVu (regular, bold, italic) and its title set."""
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(title)
    pdf.set_lang("en")
    pdf.set_auto_page_break(True, margin=15)
    fonts = font_dir()
    for style, name in (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf"),
                        ("I", "DejaVuSans-Oblique.ttf"), ("BI", "DejaVuSans-BoldOblique.ttf")):
        pdf.add_font("DejaVu", style, str(fonts / name))
    pdf.set_text_color(17, 17, 17)
    return pdf


def _styles() -> dict[str, Any]:
    from fpdf.fonts import FontFace

    blue = (0, 59, 99)
    styles: dict[str, Any] = {
        f"h{n}": FontFace(family="DejaVu", emphasis="BOLD", color=blue, size_pt=size)
        for n, size in ((1, 17), (2, 15), (3, 13), (4, 11.5), (5, 10.5), (6, 10))}
    styles["code"] = FontFace(family="DejaVu", size_pt=9)
    styles["pre"] = FontFace(family="DejaVu", size_pt=9)
    styles["blockquote"] = FontFace(family="DejaVu", color=(17, 17, 17), emphasis="ITALICS")
    return styles


def write_blocks(pdf: Any, page: str) -> int:
    """Print ``page`` block by block; return how many blocks had to be printed as text."""
    fallback = 0
    styles = _styles()
    parts = _BLOCK_END.split(pdf_html(page))
    blocks = ["".join(parts[i:i + 2]) for i in range(0, len(parts), 2)]
    for block in blocks:
        if not block.strip():
            continue
        try:
            pdf.write_html(block, font_family="DejaVu", tag_styles=styles,
                           li_prefix_color=(17, 17, 17), warn_on_tags_not_matching=False)
        except Exception:  # fpdf2 cannot print this block: print its words instead
            fallback += 1
            text = html.unescape(_TAG.sub(" ", block))
            pdf.set_font("DejaVu", "", 10)
            pdf.multi_cell(0, 5, " ".join(text.split()), align="L", new_x="LMARGIN",
                           new_y="NEXT")
            pdf.ln(2)
    return fallback
