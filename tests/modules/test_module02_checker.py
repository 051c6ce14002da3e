"""The plain-language checker (Module 2), which Modules 7 and 8 call as well."""

from __future__ import annotations

import dataclasses
import html
import socket
from pathlib import Path

import pytest

from course_kit import readability
from course_kit.modules.module02 import checker
from course_kit.modules.module02.checker import PlainLanguageReport, check_text

FORMAL = ("Service hours at the Riverside branch were reduced effective January 1, 2025, due "
          "to budgetary constraints, and your comments have been forwarded to Administration "
          "for consideration in future planning. Unfortunately, interlibrary loan requests "
          "cannot be processed at this service point.")
PLAIN = ("Thank you for telling us. Riverside now closes early because of a budget cut. We "
         "know this is hard for families. Central and Eastside are still open in the evening. "
         "We have passed your note to our director.")


def _by_hand(text: str) -> tuple[float, float]:
    """The two formulas written out, from textstat's own counts (DOMAIN.md)."""
    ts = readability._textstat()
    w, s, syl = ts.lexicon_count(text), ts.sentence_count(text), ts.syllable_count(text)
    grade = 0.39 * (w / s) + 11.8 * (syl / w) - 15.59
    ease = 206.835 - 1.015 * (w / s) - 84.6 * (syl / w)
    return round(grade, 1), round(ease, 1)


@pytest.mark.parametrize("text", [FORMAL, PLAIN, "Please bring your library card. We will "
                                  "help you find the book you want, or order it for you."])
def test_scores_match_the_published_formulas(text: str) -> None:
    report = check_text(text)
    grade, ease = _by_hand(text)
    assert report.grade == pytest.approx(grade, abs=0.1)
    assert report.reading_ease == pytest.approx(ease, abs=0.1)


def test_formal_reply_is_flagged_and_plain_reply_is_not() -> None:
    formal, plain = check_text(FORMAL), check_text(PLAIN)
    assert formal.grade is not None and formal.grade > 12
    assert plain.grade is not None and plain.grade <= checker.GRADE_TARGET
    assert plain.plain_enough and not formal.plain_enough
    assert len(formal.long_sentences) == 1 and formal.long_sentences[0].startswith("Service")
    assert formal.passive == ["were reduced", "been forwarded", "be processed"]
    assert ("interlibrary loan", "borrow from other libraries") in formal.jargon
    assert ("service point", "desk") in formal.jargon
    assert [p for p, _ in formal.negative] == ["unfortunately"]
    assert plain.long_sentences == [] and plain.passive == [] and plain.jargon == []


def test_report_is_frozen_with_the_shared_fields() -> None:
    report = check_text(PLAIN)
    assert isinstance(report, PlainLanguageReport)
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.grade = 1.0  # type: ignore[misc]
    for name in ("grade", "reading_ease", "long_sentences", "passive", "jargon", "notes"):
        assert hasattr(report, name)


def test_empty_text_gets_a_note_and_no_score() -> None:
    for text in ("", "   \n  "):
        report = check_text(text)
        assert report.grade is None and report.reading_ease is None
        assert "no text to check" in report.notes[0]


def test_one_word_is_too_short_to_score() -> None:
    report = check_text("Hours")
    assert report.grade is None
    assert "too short to score" in report.notes[0]


def test_short_text_is_scored_with_a_warning() -> None:
    report = check_text("Please return the book by Friday.")
    assert report.grade is not None and "rough guide" in report.notes[0]


def test_spanish_and_vietnamese_are_named_and_not_scored() -> None:
    spanish = check_text("Por favor abran más tarde, trabajo hasta las seis. La biblioteca "
                         "es muy importante para mi familia.")
    assert spanish.language == "Spanish" and spanish.grade is None
    assert "looks like Spanish" in spanish.notes[0] and "for English" in spanish.notes[0]
    viet = check_text("Xin thư viện mua thêm sách tiếng Việt.")
    assert viet.language == "Vietnamese" and viet.grade is None


def test_english_with_a_spanish_name_is_still_english() -> None:
    assert check_text("Thank you, Señora Ruiz. Your book is ready at the desk.").language \
        == "English"


def test_fifty_thousand_characters_are_read_in_part_quickly() -> None:
    text = (PLAIN + " ") * (50_000 // len(PLAIN) + 1)
    report = check_text(text[:50_000])
    assert report.grade is not None
    assert "50,000 characters" in report.notes[0] and "first 20,000" in report.notes[0]


def test_wrong_type_is_refused_in_plain_words() -> None:
    with pytest.raises(TypeError, match="needs text"):
        check_text(None)  # type: ignore[arg-type]


def test_closed_and_located_are_states_not_passive() -> None:
    report = check_text("The branch is closed on Sundays. The desk is located by the door. "
                        "Your card was renewed by staff yesterday.")
    assert report.passive == ["was renewed"]


def test_acronyms_are_case_sensitive() -> None:
    assert ("ILL", "borrow from other libraries") in check_text(
        "Ask for an ILL at the desk, please.").jargon
    assert not check_text("I was ill last week, so the book is late.").jargon


def test_html_and_markdown_escape_the_text() -> None:
    hostile = ('<script>alert(1)</script> Your request has been forwarded to the circulation '
               'desk and it will be processed by [staff](javascript:alert(1)) soon, we promise '
               'you that it will be done.')
    report = check_text(hostile)
    page = report.to_html()
    assert "<script>" not in page and html.escape("<script>") in page
    markdown = report.to_markdown()
    assert "<script>" not in markdown and "](javascript" not in markdown


def test_every_jargon_term_has_a_source_and_kupersmiths_are_there() -> None:
    terms = checker.jargon_terms()
    assert all(t.plain.strip() and t.source in {"Kupersmith", "course kit"} for t in terms)
    kupersmith = {t.term for t in terms if t.source == "Kupersmith"}
    # DOMAIN.md: the words Kupersmith found commonly misunderstood.
    assert {"database", "library catalog", "e-journals", "index", "interlibrary loan",
            "periodical", "serial", "reference", "resource"} <= kupersmith


def test_a_broken_jargon_file_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "jargon.toml"
    bad.write_text('[[terms]]\nterm = "OPAC"\n', encoding="utf-8")
    with pytest.raises(checker.WordListError, match=r"jargon\.toml.*term number 1"):
        checker.jargon_terms(bad)
    bad.write_text("[[terms]\n", encoding="utf-8")
    with pytest.raises(checker.WordListError, match=r"jargon\.toml could not be read"):
        checker.jargon_terms(bad)


def test_works_with_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """textstat would download NLTK's cmudict; the kit must not need the network."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    report = check_text("Thank you for your patience. Your book is waiting for you at the "
                        "front desk of the Central Library.")
    assert report.grade is not None and readability.syllable_count("library") == 3
