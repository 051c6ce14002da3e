"""Issue 9: the kit's kernel set-up (course_kit.kernel). Tables participants see have one
header row and no empty header cell; an answer typed as a word without quotes, or with a
percent sign, gets one plain line instead of a traceback; real errors keep theirs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from course_kit import kernel
from course_kit.tables import flat_frame, table_html


class _Headers(HTMLParser):
    """The header rows of an HTML table: a list of rows, each a list of <th> texts."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._in_head = self._in_th = False
        self.empty_th = 0
        self._text = ""

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "thead":
            self._in_head = True
        elif tag == "tr" and self._in_head:
            self.rows.append([])
        elif tag == "th":
            self._in_th, self._text = True, ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self._in_head = False
        elif tag == "th":
            self._in_th = False
            if not self._text.strip():
                self.empty_th += 1
            if self._in_head:
                self.rows[-1].append(self._text.strip())

    def handle_data(self, data: str) -> None:
        if self._in_th:
            self._text += data


def headers(html: str) -> _Headers:
    parser = _Headers()
    parser.feed(html)
    return parser


@pytest.fixture
def shell() -> Iterator[Any]:
    """IPython with the kit's kernel set-up loaded, as a course kernel has it."""
    from IPython.core.interactiveshell import InteractiveShell

    ip = InteractiveShell.instance()
    kernel.load_ipython_extension(ip)
    try:
        yield ip
    finally:
        ip.set_custom_exc((), None)
        formatter = ip.display_formatter.formatters["text/html"]
        for name in ("pandas.DataFrame", "pandas.core.frame.DataFrame", pd.DataFrame):
            formatter.pop(name, None)


def _module01_tables() -> dict[str, pd.DataFrame]:
    from course_kit import data
    from course_kit.modules.module01 import analysis as users
    from course_kit.syllabus import course_map

    patrons, community, survey = (data.load_patrons(), data.load_community(),
                                  data.load_needs_survey())
    return {
        "course map": course_map(),
        "branches": users.branch_overview(data.load_branches()),
        "per resident": users.per_resident(data.load_visits(), patrons, community),
        "age profile": users.age_profile(patrons, community),
        "neighbourhoods": users.registration_by_neighbourhood(patrons, community),
        "data dictionary": data.describe("needs_survey"),
        "top needs": users.top_needs(survey),
        "reasons by age": users.reasons_by_age(survey),
        "barriers": users.barrier_rates(survey),
        "learning": users.learning_preferences(survey),
    }


def test_welcome_and_module01_tables_show_one_header_row_without_empty_cells(shell) -> None:
    for name, table in _module01_tables().items():
        html = shell.display_formatter.format(table)[0]["text/html"]
        found = headers(html)
        assert len(found.rows) == 1, f"{name}: {found.rows}"
        assert found.empty_th == 0, f"{name}: {found.rows}"


def test_index_names_move_to_the_corner_and_the_table_is_unchanged() -> None:
    table = pd.DataFrame({"share": [1.5, 2.0]},
                         index=pd.Index(["0-12", "13-17"], name="age band"))
    table.columns.name = "survey"
    rows = headers(table_html(table)).rows
    assert rows == [["age band / survey", "share"]]
    assert table.index.name == "age band" and table.columns.name == "survey"
    plain = pd.DataFrame({"a": [1, 2]})  # pandas' own 0, 1 … row numbers are left out
    assert headers(table_html(plain)).rows == [["a"]]


def test_several_header_levels_become_one_row() -> None:
    wide = pd.DataFrame([[1, 2, 3]], columns=pd.MultiIndex.from_tuples(
        [("2024", "visits"), ("2024", "loans"), ("2025", "visits")]))
    assert headers(table_html(wide)).rows == [["2024 visits", "2024 loans", "2025 visits"]]
    tall = pd.DataFrame({"n": [1, 2]}, index=pd.MultiIndex.from_tuples(
        [("Main", "adult"), ("Main", "teen")], names=["branch", "group"]))
    assert headers(table_html(tall)).rows == [["branch", "group", "n"]]
    shown, index = flat_frame(tall)
    assert not index and list(shown["group"]) == ["adult", "teen"]


def test_long_text_wraps_and_numbers_do_not() -> None:
    table = pd.DataFrame({"description": ["A long description " * 5], "count": [1234]},
                         index=pd.Index(["barrier_physical_access"], name="column"))
    html = table_html(table)
    # Text wraps, but a column is never narrower than its longest word, up to 8 letters.
    assert "nth-child(1){text-align:left;overflow-wrap:anywhere;min-width:4.8em}" in html
    assert "nth-child(2){text-align:left;overflow-wrap:anywhere;min-width:4.8em}" in html
    short = table_html(pd.DataFrame({"type": ["text", "date"]}))
    assert "nth-child(1){text-align:left;overflow-wrap:anywhere;min-width:2.4em}" in short
    assert "tr>:nth-child(3){text-align:right}" in html
    assert "td:nth-child(3){white-space:nowrap}" in html  # a number, not its header
    assert "overflow-x:auto" in html


@pytest.mark.parametrize("max_cols", [20, 5, 1])
@pytest.mark.parametrize("with_index", [False, True])
def test_a_table_pandas_cuts_short_keeps_each_columns_alignment(max_cols: int,
                                                                with_index: bool) -> None:
    """pandas leaves columns out of a wide table and draws a ``...`` column instead; each
    column drawn keeps its own rule (text left and wrapping, numbers right)."""
    import re

    data = {f"{'name' if i % 3 else 'visits'} {i}": ["a word"] if i % 3 else [10 * i]
            for i in range(25)}
    table = pd.DataFrame(data, index=pd.Index(["Main"], name="branch") if with_index
                         else None)
    html = table_html(table, max_cols=max_cols)
    drawn = re.findall(r"<th[^>]*>(.*?)</th>", html.split("<tbody>")[0])
    kept = 2 * (max_cols // 2) or max_cols  # the first and last half; 5 keeps 2 + 2
    assert "..." in drawn and len(drawn) == kept + 1 + with_index
    for position, label in enumerate(drawn, start=1):
        right = f"tr>:nth-child({position}){{text-align:right}}" in html
        left = f"tr>:nth-child({position}){{text-align:left;" in html
        number = label.startswith("visits")
        assert (right, left) == (number, not number), (position, label)


def test_what_a_participant_typed_is_escaped_in_a_table() -> None:
    table = pd.DataFrame({"name": ["<img src=x onerror=alert(1)>"]})
    assert "<img" not in table_html(table) and "&lt;img" in table_html(table)


def _run(shell: Any, cell: str) -> tuple[bool, str]:
    from IPython.utils.capture import capture_output

    with capture_output() as captured:
        result = shell.run_cell(cell, store_history=False)
    return result.success, captured.stdout.strip()


@pytest.mark.parametrize(("cell", "said"), [
    ("answer_7 = forty", "Type the number in digits: answer_7 = 40"),
    ("answer_7 = 32.5%", "Type the number alone: answer_7 = 32.5"),
    ("answer_7 = 32,5 %\nquiz.q7.check()", "Type the number alone: answer_7 = 32.5"),
    ("answer_q3 = maybe", 'Put words in quotes: answer_q3 = "maybe"'),
])
def test_an_answer_typed_as_people_write_gets_one_plain_line(shell, cell: str,
                                                             said: str) -> None:
    ok, out = _run(shell, cell)
    assert not ok  # the cell still failed: Run All stops, grading sees it
    assert out.endswith(said) and "\n" not in out and "Traceback" not in out


@pytest.mark.parametrize(("cell", "error"), [
    ("total = totl", "NameError"),  # a typing mistake in code, not an answer
    ("def f():\n    return undefined_name\nf()", "NameError"),
    ("x = 1 +", "SyntaxError"),
    ("answer_7 = (32.5", "SyntaxError"),
    ("import json\njson.loads('{')", "JSONDecodeError"),
])
def test_real_errors_keep_their_traceback(shell, cell: str, error: str) -> None:
    ok, out = _run(shell, cell)
    assert not ok and error in out and "Python does not" not in out


def test_a_number_word_raised_inside_a_library_is_not_blamed_on_the_participant(
        shell) -> None:
    shell.user_ns["helper"] = eval(compile("lambda: forty", "<library>", "eval"), {})
    ok, out = _run(shell, "helper()")
    assert not ok and "NameError" in out and "Python does not" not in out


def test_install_names_the_extension_for_every_kernel_and_keeps_other_settings(
        tmp_path: Path) -> None:
    path = tmp_path / "etc" / "ipython" / "ipython_kernel_config.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"IPKernelApp": {"extensions": ["other"]},
                                "InteractiveShell": {"colors": "nocolor"}}))
    assert kernel.install(tmp_path) == path
    kernel.install(tmp_path)  # twice: named once
    config = json.loads(path.read_text())
    assert config["IPKernelApp"]["extensions"] == ["other", kernel.EXTENSION]
    assert config["InteractiveShell"] == {"colors": "nocolor"}
