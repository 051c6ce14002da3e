"""The readability scores work offline and agree with the published formulas."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from course_kit import readability


def test_no_download_is_attempted(tmp_path: Path) -> None:
    """A fresh cache and no NLTK at all (importing it would fail): the scores still come."""
    code = """
import sys
sys.modules["nltk"] = None  # any `import nltk` (and so any download) raises ImportError
from course_kit import readability
assert readability.syllable_count("library") == 3
assert readability.flesch_kincaid_grade("You can borrow again when you have paid.") < 6
assert not any(name == "nltk" or name.startswith(("nltk.", "scipy.stats")) for name in
               sys.modules if sys.modules[name] is not None), "NLTK or SciPy was imported"
"""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    tables = list((tmp_path / "course-kit").glob("cmu-syllables-v*.txt"))
    assert len(tables) == 1 and not list((tmp_path / "course-kit").glob(".cmu-syllables-*"))
    assert not (tmp_path / "course-kit" / "nltk_data").exists()


# Counted by the previous course_kit.readability (textstat on NLTK's copy of the CMU
# dictionary): words from the notebooks, words the dictionary lacks (Pyphen), words whose
# pronunciations differ in syllables (the first one counts), and words with no vowel phone.
BEFORE = """
a:1 aa:1 ab:1 accounts:2 acrl:1 actual:3 admitting:3 afterward:3 agriculturally:6 aisle:1
alsc:1 alternatively:5 announces:3 aoyama:3 application:4 approachability:6 arrive:2 arxiv:2
associations:5 auditview:2 august:2 away:2 ayrshire:4 barcode:2 basic:2 beautifullest:4
behind:2 beyond:2 bitler:3 blast:1 both:1 brendan:2 breweries:3 btw:1 buie:2 builds:1
cackling:3 calculation:4 capitals:3 casually:4 catalogue:3 central:2 cfr:1 chats:1
checkerview:2 childener:2 chosen:2 circ:1 clase:1 clauses:2 codes:1 coed:2 combinations:4
commonest:3 compare:2 computing:3 confuse:2 continually:5 contract:2 contrastchecker:3
count:1 courtenay:3 crl:1 crowded:2 cuento:2 cus:1 dark:1 darkening:3 december:3 delore:2
demands:2 desks:1 deviancy:4 dict:1 different:3 dingler:3 disappears:3 divide:2 dorothy:3
downloadwork:3 drama:2 duenas:3 early:2 eastgate:2 ebooks:1 effect:2 elementary:4 en:1
entry:2 episcopalian:6 eresources:2 evening:2 excited:3 explanation:4 facts:1 fansler:3
faster:2 federalized:4 feedbackworkbench:4 feria:3 fills:1 fine:1 fix:1 fnma:4 followed:2
followups:2 forms:1 frederick:2 friendlier:3 fs:0 gallery:3 gamelin:3 generals:3 gilbert:2
gisler:3 globals:2 gracias:3 group:1 groveling:3 guessable:2 habitually:5 hand:1
harclerode:4 hardly:2 headscarf:2 health:1 henriques:3 heritage:3 hm:0 hmm:0 hmmm:0 hmong:1
hola:2 hour:2 https:1 hubler:3 id:1 idioms:3 imls:1 improve:2 indicator:4 institute:3
intellectually:6 interactionform:5 interview:3 intfreedom:3 ironing:3 isten:2 item:2
jewelers:3 judged:1 julian:3 kernelspec:3 kesling:3 keyed:1 knoedler:3 kuenstler:3
kupersmith:3 la:1 lateral:3 learningplanbuilder:4 leave:1 lenient:3 libby:2 libqual:1
libro:2 limits:2 lo:1 loc:1 located:3 looked:1 lowered:2 lrs:1 madyun:3 mainly:2 markdown:2
mathematically:6 mcdonald:3 medlineplus:3 mehrabian:4 mercedeses:4 minus:2 miserable:4
misreads:2 mm:0 mode:1 more:1 morelock:3 multa:2 music:2 naish:2 naturalists:4 navigating:4
nbformat:2 neutrally:3 niebling:3 noche:1 noisy:2 noting:2 nps:1 observer:3 older:2 ontrol:2
operationally:6 order:2 outputs:2 pagar:2 paraphrased:2 parte:1 participles:4 patient:2
pdsa:1 performance:3 performancemeasurement:6 petunias:4 photo:2 plainer:2 planformview:3
point:1 pos:1 posting:2 presentation:4 prisoners:3 privacy:3 privacylab:4 promises:3 prose:1
pushed:1 px:1 questionpracticeview:5 quietest:3 radiance:3 rate:1 readme:1 ready:2
realtors:3 recommenderview:3 record:2 referralhelper:4 refused:2 remark:2 remlinger:4
repeat:2 replypracticeview:4 research:2 rest:1 retires:2 reversed:2 rewriteview:2 roads:1
roleplay:2 romine:3 route:1 ruedas:1 safety:2 saricks:2 sayed:2 saying:2 schoeffler:3
score:1 second:2 seigler:3 sends:1 service:2 sh:0 shed:1 shh:0 shortening:3 shows:1
simulations:4 sitler:3 slammed:1 solved:1 span:1 spangler:3 spread:1 staffordshire:3
starts:1 steps:1 strongest:2 stuart:2 suit:1 survey:2 sweetener:3 tailor:2 taxpayer:3
tbilisi:4 term:1 theatergoer:4 themselves:2 threshold:2 ths:0 tingling:3 titles:2 tops:1
traits:1 travelers:3 tries:1 tutorials:4 tyo:2 understandable:5 unsure:2 unusually:5 user:2
verbs:1 voiceover:3 warm:1 weekday:2
"""


def test_same_syllable_counts_as_before() -> None:
    expected = dict((w, int(n)) for w, n in (pair.split(":") for pair in BEFORE.split()))
    assert len(expected) > 300
    got = {w: readability.syllable_count(w) for w in expected}
    assert {w: (n, got[w]) for w, n in expected.items() if got[w] != n} == {}


def test_textstat_counts_with_the_table() -> None:
    ts = readability._textstat()
    from textstat.backend.counts import _count_syllables

    table = _count_syllables.get_cmudict("en_US")
    assert table is not None and len(table) > 100_000
    assert table["library"][0] and sum(p[-1].isdigit() for p in table["library"][0]) == 3
    assert ts.syllable_count("hmm") == 0  # in the dictionary with no vowel: not Pyphen's 1
    assert ts.syllable_count("the library opens") == 1 + 3 + 2


def test_table_cache_is_versioned_and_rebuilt_when_stale(monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = readability._table_path()
    assert path.parent == tmp_path / "course-kit" and path.name.startswith("cmu-syllables-v")
    built = readability._build_table(path)
    assert readability._read_table(path) == built and built["library"] == 3
    header, _, body = path.read_text(encoding="utf-8").partition("\n")
    path.write_text(header.replace("format", "format 0 ·") + "\n" + body, encoding="utf-8")
    assert readability._read_table(path) is None  # another format version: rebuilt
    path.write_text(header + "\n" + body[: len(body) // 2], encoding="utf-8")
    assert readability._read_table(path) is None  # cut short (never by our atomic write)
    path.write_text(header + "\n3 library\nthree words\n", encoding="utf-8")
    assert readability._read_table(path) is None  # damaged


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
