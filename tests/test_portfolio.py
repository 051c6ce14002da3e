"""The portfolio: every piece of work with its module and date, the name as typed, escaped,
missing pieces listed; the HTML page and the PDF; ``course-kit portfolio``."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from course_kit.actionplan.pdf import MISSING_LETTERS_NOTE, RIGHT_TO_LEFT_NOTE, pdf_html
from course_kit.actionplan.plan import PlanModel
from course_kit.actionplan.portfolio import gather, portfolio_html, portfolio_pdf
from course_kit.cli import main
from course_kit.manifest import manifests
from course_kit.modules.module01.personas import Persona
from course_kit.modules.module03.followups import add_follow_up
from course_kit.storage import WorkStore
from course_kit.widgets.notes import NotesModel

NAME = "Zoë O'Brien-Núñez"
HOSTILE = "<script>alert(1)</script> **b** [a](javascript:x)"
WHEN = date(2026, 12, 11)


def _did_modules_1_to_3() -> None:
    persona = Persona()
    persona.update({"name": "Lucía " + HOSTILE, "goals": "Story time after work",
                    "needs": "Evening hours"})
    persona.save(WorkStore("module01-persona"))
    note = NotesModel("m01-targeted-service")
    note.text = "An evening story time <b>in Spanish</b>"
    note.save()
    add_follow_up("Large-print copy", "Call her when it arrives", date(2027, 1, 5))
    plan = PlanModel()
    plan.set_participant("name", NAME)
    plan.set_participant("library", "Millbrook Public Library")
    plan.set_answer("needs", "groups", "Parents of young children " + HOSTILE)


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        if tag == "script" or any(k.startswith("on") for k in found):
            self.scripts += 1


def test_every_manifest_work_item_and_the_plan_are_gathered(work_dir: Path) -> None:
    pieces = gather()
    expected = sum(len(m.work) for m in manifests()) + 1
    assert len(pieces) == expected and pieces[-1].title == "My action plan"
    assert not any(p.done for p in pieces)  # nothing done yet: nothing fails either


def test_html_has_name_contents_dates_missing_list_and_is_escaped(work_dir: Path) -> None:
    _did_modules_1_to_3()
    page = portfolio_html(when=WHEN)
    outline = _Outline()
    outline.feed(page)
    assert outline.scripts == 0 and "<script>" not in page and "javascript:" not in \
        " ".join(outline.links)
    assert "&lt;script&gt;" in page
    assert f'<span class="participant">{html.escape(NAME)}</span>' in page
    assert "Millbrook Public Library" in page and "Made on 2026-12-11" in page
    # headings never skip a level, and every contents link has its target
    assert outline.headings[0] == 1
    assert all(b - a <= 1 for a, b in zip(outline.headings, outline.headings[1:], strict=False))
    for href in outline.links:
        if href.startswith("#"):
            assert href[1:] in outline.ids, href
    done = [p for p in gather() if p.done]
    assert [p.title for p in done] == ["Persona", "A targeted service for the persona",
                                       "My follow-up tracker", "My action plan"]
    for piece in done:
        assert f">{piece.title}</h2>" in page and piece.saved_on in page
    missing = page.split('id="missing"', 1)[1].split("</section>", 1)[0]
    assert "A notice rewritten in plain language (Module 2" in missing
    assert "<li>Persona (" not in missing and "<li>My follow-up tracker" not in missing
    assert f"Not done yet ({len(gather()) - 4})" in page
    assert "@media print" in page and '<html lang="en">' in page
    # the plan's title is printed once: the piece's heading, not again inside it
    assert page.count("My action plan") == 2  # contents link and heading


def test_the_pdf_prints_the_plan_title_once(work_dir: Path) -> None:
    _did_modules_1_to_3()
    plan = next(p for p in gather() if p.title == "My action plan")
    assert "My action plan" not in plan.markdown and "Last changed" not in plan.markdown
    assert plan.markdown.startswith("### 1\\. Know your users' needs")


def test_a_name_given_on_the_command_line_wins_and_no_name_is_said(work_dir: Path) -> None:
    assert "(no name given yet)" in portfolio_html(when=WHEN)
    assert ">Ana Ruiz</span>" in portfolio_html(name="Ana Ruiz", when=WHEN)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) missing")
def test_pdf_prints_the_same_content_with_any_alphabet(work_dir: Path, tmp_path: Path) -> None:
    _did_modules_1_to_3()
    path = portfolio_pdf(tmp_path / "p.pdf", when=WHEN)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = " ".join(text.split())
    assert f"Participant: {NAME}" in flat
    assert "<script>alert(1)</script>" in flat  # printed as typed, as text
    assert "Not done yet" in flat and "A notice rewritten in plain language" in flat
    assert "Large-print copy" in flat and "Parents of young children" in flat
    assert "1. Know your users' needs" in flat
    assert "not in this PDF's font" not in flat  # every letter of these printed


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) missing")
def test_pdf_says_when_letters_of_a_name_cannot_print(tmp_path: Path) -> None:
    """DejaVu has no Chinese: fpdf2 leaves 山田 out, so the PDF must say so, not just drop it."""
    path = portfolio_pdf(tmp_path / "p.pdf", name="Zoë 山田", when=WHEN, pieces=[])
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    assert "Participant: Zoë" in flat
    assert MISSING_LETTERS_NOTE in flat and "HTML file shows them all" in flat
    assert RIGHT_TO_LEFT_NOTE not in flat


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) missing")
def test_pdf_says_that_arabic_prints_letter_by_letter(tmp_path: Path) -> None:
    """DejaVu has Arabic letters but fpdf2 sets them apart and left to right: the PDF says
    so; every letter is there (also in the line under each piece's title)."""
    from course_kit.actionplan.portfolio import Artefact

    piece = Artefact("Module 1", "Persona", "01.ipynb", "2026-11-01", "# Persona\n\nSara.\n")
    path = portfolio_pdf(tmp_path / "p.pdf", name="سارة", when=WHEN, pieces=[piece])
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    assert RIGHT_TO_LEFT_NOTE in flat and MISSING_LETTERS_NOTE not in flat
    assert flat.count("By") == 1 and "By ." not in flat  # the name printed after "By"


def test_pdf_html_keeps_only_what_fpdf_prints() -> None:
    page = ("<main><nav><a href='#x'>x</a></nav><section><h2 id='a'>T</h2><table><thead><tr>"
            "<th>A</th><th>B</th></tr></thead><tbody><tr><td><em>one</em></td><td>two</td>"
            "</tr></tbody></table></section></main>")
    out = pdf_html(page)
    assert "<nav" not in out and "<section" not in out and "<h2>T</h2>" in out
    assert "<td>one</td>" in out and "<thead>" in out and 'width="' in out


def test_command_writes_both_files(work_dir: Path, tmp_path: Path) -> None:
    _did_modules_1_to_3()
    result = CliRunner().invoke(main, ["portfolio", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "portfolio.html").exists()
    assert (tmp_path / "out" / "portfolio.pdf").read_bytes().startswith(b"%PDF")
    # Plain words: "7 pieces are not done yet", never "piece(s)".
    assert re.search(r"\b\d+ pieces are not done yet", result.output), result.output
    assert "(s)" not in result.output


def test_each_piece_says_once_when_it_was_saved(work_dir: Path) -> None:
    """Issue 9: a note said "Saved …" under the piece's own "saved …" line."""
    _did_modules_1_to_3()
    page = portfolio_html(when=WHEN)
    for piece in (p for p in gather() if p.done):
        section = page.split(f'id="{piece.anchor}"', 1)[1].split("</section>", 1)[0]
        assert section.count(piece.saved_on) == 1, (piece.title, section)
        assert section.lower().count("saved ") == 1, (piece.title, section)
