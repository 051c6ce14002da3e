"""The ROI calculator's one-page stakeholder summary as a PDF (fpdf2, DejaVu Sans).

fpdf2 is pure Python and already a dependency of the kit (certificates). The font is the
DejaVu Sans that ships with matplotlib: Latin, Greek and Cyrillic print as typed; Arabic and
Hebrew print letter by letter (unjoined, left to right) and letters the font lacks (Chinese,
say) are left out, and a note under the title says so.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from course_kit.modules.module10.roi import ROICalculator

__all__ = ["summary_pdf"]


def summary_pdf(calc: ROICalculator, path: Path) -> Path:
    """Write the summary (ratios, range, the services, assumptions) to ``path`` as A4.

    When the text uses letters the font lacks, or Arabic or Hebrew (which the PDF shows
    letter by letter), the summary is made again with a note that says so, under the title.
    """
    from course_kit.actionplan.pdf import (
        MISSING_LETTERS_NOTE,
        RIGHT_TO_LEFT_NOTE,
        lacks_letters,
        right_to_left,
    )

    pdf, printed = _summary(calc, notes=())
    notes = [MISSING_LETTERS_NOTE] if lacks_letters(pdf) else []
    if right_to_left(*printed):
        notes.append(RIGHT_TO_LEFT_NOTE)
    if notes:
        pdf, _ = _summary(calc, notes=tuple(notes))
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def _summary(calc: ROICalculator, notes: tuple[str, ...]) -> tuple[Any, list[str]]:
    """The summary as an fpdf2 document, and every text printed in it."""
    from fpdf import FPDF

    from course_kit.actionplan.pdf import font_dir

    printed: list[str] = []
    result = calc.result()
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_page()
    fonts = font_dir()
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.set_text_color(17, 17, 17)

    def para(text: str, size: float = 10, style: str = "", gap: float = 1.5) -> None:
        printed.append(text)
        pdf.set_font("DejaVu", style, size)
        pdf.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    para(f"The value of {calc.library} {calc.year}".strip(), 18, "B", 3)
    for note in notes:
        para(note, 9, "B", 2)
    para(f"Services worth ${result.benefits:,.0f} for ${result.costs:,.0f} of operating "
         "costs.", 12, "B", 2)
    ratio_text, roi_text = result.sentences()
    for line in (ratio_text, roi_text, result.range_sentence(),
                 "Both ratios say the same thing. State studies publish the first one "
                 "($ per $1), so compare like with like."):
        para(f"• {line}")
    if result.ratio_check():
        para(result.ratio_check(), 10, "B")
    pdf.ln(2)
    para("What the services are worth", 12, "B")
    pdf.set_font("DejaVu", "", 9)
    with pdf.table(col_widths=(80, 30, 35, 35), text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT"),
                   line_height=5) as table:
        table.row(["service", "uses", "value per use", "value"])
        for name, uses, per_use, value, _share in result.table().itertuples(index=False):
            printed.append(str(name))
            table.row([str(name), f"{uses:,}", f"${per_use:,.2f}", f"${value:,.0f}"])
    pdf.ln(3)
    unusual = calc.unusual_values()
    if unusual:
        para("Values far from the published ones: " + "; ".join(unusual), 9)
    para("Assumptions", 12, "B")
    for item in calc.assumptions():
        para(f"• {item}", 9, gap=0.5)
    pdf.ln(2)
    para(f"Made with the course kit's value calculator on {date.today():%B %d, %Y}.", 8)
    return pdf, printed
