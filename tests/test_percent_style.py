"""One percent style, the US one ("53%"), in everything a participant or trainer reads.

A number followed by a space and "%" ("53 %") must not come back. Scanned: the notebooks'
markdown cells, the assessments' markdown cells (exercises/source and release), every text
in the pools and in the modules' TOML files, the facilitator notes and the README; the
self-checks' prompts, choices, hints and (unsealed) solutions; and the sentences, chart texts
and exports built by a few representative functions of the modules. Code inside backticks
is skipped: a column name such as `4 or 5 %` is a label, not a percentage. datasets/ is
the data and is not scanned.
"""

from __future__ import annotations

import importlib
import json
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import matplotlib.text
import pytest

from course_kit import data
from course_kit.exercises import ChoiceExercise, unseal
from course_kit.plotting import DescribedFigure

ROOT = Path(__file__).resolve().parents[1]
#: A digit, a space (plain, no-break or thin) and a percent sign: "53 %", "5.28 %".
SPACED = re.compile(r"\d[ \u00a0\u202f\u2009]%")
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)


def _offending(text: str) -> list[str]:
    """The spaced percentages in a text, with a little context, code spans left out."""
    prose = _CODE.sub("", text)
    return [prose[max(m.start() - 30, 0): m.end() + 10] for m in SPACED.finditer(prose)]


def _strings(value: object) -> Iterator[str]:
    """Every string inside a parsed TOML value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _reader_files() -> Iterator[tuple[str, str]]:
    """(where, text) for every file a participant or trainer reads as prose."""
    notebooks = [*sorted((ROOT / "notebooks").glob("*.ipynb")),
                 *sorted((ROOT / "exercises").glob("source/*/*.ipynb")),
                 *sorted((ROOT / "exercises").glob("release/*/*.ipynb"))]
    for path in notebooks:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for i, cell in enumerate(cells):
            if cell["cell_type"] == "markdown":
                yield f"{path.relative_to(ROOT)} cell {i}", "".join(cell["source"])
    tomls = [*sorted((ROOT / "exercises" / "pools").glob("*.toml")),
             *sorted((ROOT / "course_kit" / "modules").rglob("*.toml"))]
    for path in tomls:
        parsed = tomllib.loads(path.read_text(encoding="utf-8"))
        yield str(path.relative_to(ROOT)), "\n".join(_strings(parsed))
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md")),
                 ROOT / "datasets" / "TRAINERS.md"]:
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")
    # The data package's own descriptions (the values in the data are the data's).
    descriptor = json.loads((ROOT / "datasets" / "datapackage.json").read_text("utf-8"))
    for resource in descriptor["resources"]:
        yield f"datapackage.json {resource['name']}", str(resource.get("description", ""))


def test_the_scan_finds_a_spaced_percent_and_skips_code() -> None:
    assert _offending("a net ROI of 302 %: the same") and _offending("5.28\u00a0% per follower")
    assert not _offending("a net ROI of 302%, and the column `4 or 5 %` or `per reach %`")
    assert not _offending("```\ntable['4 or 5 %']\n```\n53% of 62")


def test_prose_files_write_percentages_without_a_space() -> None:
    seen, found = 0, {}
    for where, text in _reader_files():
        seen += 1
        if hits := _offending(text):
            found[where] = hits
    assert seen > 200, "the scan read far fewer texts than the kit has"
    assert not found, found


def test_self_checks_write_percentages_without_a_space() -> None:
    found, questions = {}, 0
    for folder in sorted((ROOT / "course_kit" / "modules").glob("module*/selfcheck.py")):
        quiz = importlib.import_module(f"course_kit.modules.{folder.parent.name}.selfcheck").quiz
        for question in quiz:
            questions += 1
            texts = [question.prompt, *question.hints, unseal(question.solution_text)]
            if isinstance(question, ChoiceExercise):
                texts += list(question.choices.values())
            if hits := [h for text in texts for h in _offending(text)]:
                found[question.id] = hits
    assert questions > 50
    assert not found, found


def _figure_texts(figure: DescribedFigure) -> str:
    """The description and every text drawn on the chart (labels, annotations, ticks)."""
    drawn = [t.get_text() for t in figure.figure.findobj(matplotlib.text.Text)]
    return "\n".join([figure.description, *drawn])


@pytest.fixture(scope="module")
def built_texts() -> dict[str, str]:
    """Sentences, chart texts and exports from the modules whose percentages changed."""
    from course_kit.modules.module04 import reference_log
    from course_kit.modules.module05 import incidents
    from course_kit.modules.module06 import tailoring
    from course_kit.modules.module07 import engagement
    from course_kit.modules.module08.scores import nps
    from course_kit.modules.module09 import analysis as m9
    from course_kit.modules.module09.audit import SITES, AccessibilityAudit
    from course_kit.modules.module10 import analysis as m10
    from course_kit.modules.module10.dashboard import KPIDashboard
    from course_kit.modules.module10.roi import case_study_result, plot_value

    texts: dict[str, str] = {}
    texts["module04 summary"] = reference_log.summarise(
        reference_log.prepare(data.load_reference())).sentence()
    log = data.load_incidents()
    texts["module05 disputes"] = _figure_texts(incidents.plot_computer_disputes(log))
    texts["module05 actions"] = _figure_texts(incidents.plot_action_escalation(log))
    texts["module09 incidents"] = _figure_texts(m9.plot_incidents(m9.incidents_by_type(log)))
    preferences = tailoring.contact_preferences(data.load_patrons())
    texts["module06 contact"] = _figure_texts(tailoring.plot_contact_preferences(preferences))
    posts = data.load_social_posts()
    texts["module07 rates"] = _figure_texts(engagement.plot_rates_by_base(posts))
    texts["module07 newsletters"] = _figure_texts(
        engagement.plot_newsletters(data.load_newsletters()))
    texts["module08 nps"] = nps([10, 9, 9, 8, 7, 6, 3, 10, 0, 9]).sentence()
    audit = AccessibilityAudit(data.load_accessibility_audit())
    texts["module09 audit"] = "\n".join(audit.table_html(site) + audit.to_markdown(site)
                                        for site in SITES)
    result = case_study_result()
    texts["module10 roi"] = result.range_sentence() + "\n" + _figure_texts(plot_value(result))
    facts = m10.report_facts(data.load_visits(), data.load_usage(),
                             data.load_survey_responses())
    texts["module10 facts"] = facts.to_string()
    names = data.load_branches().set_index("branch_id")["name"].to_dict()
    board = KPIDashboard(data.load_usage(), names, residents=25_000)
    board.branch, board.measure = "RIV", "computer_sessions"
    texts["module10 dashboard"] = board.summary()
    return texts


def test_built_texts_write_percentages_without_a_space(built_texts: dict[str, str]) -> None:
    # Each text does hold a percentage, so the check below has something to look at.
    assert all("%" in text for text in built_texts.values()), [
        name for name, text in built_texts.items() if "%" not in text]
    found = {name: hits for name, text in built_texts.items() if (hits := _offending(text))}
    assert not found, found
