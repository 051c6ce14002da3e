"""The readability scores work offline and agree with the published formulas."""

from __future__ import annotations

import pytest

from course_kit import readability


def test_no_download_is_attempted(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    import nltk

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("NLTK tried to download the CMU dictionary")

    monkeypatch.setattr(nltk, "download", refuse)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    readability._textstat.cache_clear()
    try:
        assert readability.syllable_count("library") == 3
        assert (tmp_path / "course-kit" / "nltk_data" / "corpora" / "cmudict" / "cmudict").exists()
    finally:
        readability._textstat.cache_clear()


def test_formulas_match_the_published_ones() -> None:
    text = "The library opens at nine. Children's story time starts at ten on Saturdays."
    n_words = len(readability.words(text))
    n_sentences = len(readability.sentences(text))
    n_syllables = sum(readability.syllable_count(w) for w in readability.words(text))
    assert (n_words, n_sentences) == (13, 2)
    grade = 0.39 * n_words / n_sentences + 11.8 * n_syllables / n_words - 15.59
    ease = 206.835 - 1.015 * n_words / n_sentences - 84.6 * n_syllables / n_words
    assert readability.flesch_kincaid_grade(text) == pytest.approx(grade, abs=0.01)
    assert readability.flesch_reading_ease(text) == pytest.approx(ease, abs=0.01)


def test_hard_text_scores_higher_than_plain_text() -> None:
    hard = ("Notwithstanding the aforementioned circumstances, institutional borrowing "
            "privileges are contingent upon the satisfactory resolution of outstanding "
            "financial obligations accumulated through overdue circulation transactions.")
    plain = "You can borrow again when you have paid your fines."
    assert readability.flesch_kincaid_grade(hard) > 15
    assert readability.flesch_kincaid_grade(plain) < 6


def test_markdown_prose_drops_markup_and_splits_items() -> None:
    md = "## 2. Heading\nSee [the guide](https://example.org) and run `quiz.q1`.\n- one\n- two"
    prose = readability.markdown_prose(md)
    assert "https" not in prose and "quiz" not in prose and "#" not in prose
    assert readability.sentences(prose) == ["Heading.", "See the guide and run.", "one.",
                                            "two."]
