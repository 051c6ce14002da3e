"""Participant actions on Module 8's widgets, timed by ``make benchmark`` (≤ 100 ms each).

Each callable does one callback's work on the case-study data; state is set up outside it.
The upload is Millbrook's own survey (520 answers) written out as a library would export
it from a survey tool.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from itertools import count, cycle
from typing import Any


def _click(button: Any) -> Callable[[], object]:
    def action() -> object:
        button.click()
        return True

    return action


def _survey_csv() -> bytes:
    """Millbrook's survey answers as an exported CSV (plain column names, one row each)."""
    from course_kit import data

    survey = data.load_survey_responses().rename(columns={
        "branch_id": "Branch", "user_group": "Who are you?",
        "recommend_0_10": "How likely are you to recommend us? (0-10)",
        "overall_satisfaction": "Overall, how satisfied are you? (1-5)",
        "comment": "Any comments?"})
    return survey.drop(columns=["respondent_id"]).to_csv(index=False).encode("utf-8")


def _as_upload(name: str, content: bytes) -> tuple[dict[str, Any], ...]:
    return ({"name": name, "type": "text/csv", "size": len(content),
             "content": memoryview(content), "last_modified": datetime.now(UTC)},)


def actions() -> dict[str, Callable[[], object]]:
    from course_kit.modules.module08.workbench import CASE_STUDY, MY_FILE
    from course_kit.modules.module08.workbench_view import _TABS, FeedbackWorkbench
    from course_kit.storage import WorkStore

    upload = _survey_csv()

    # The workbench on the case study: tabs, branches, the reply.
    bench = FeedbackWorkbench(WorkStore("benchmark-module08-workbench"))
    tabs = cycle([_TABS.index("LibQUAL+ gaps"), _TABS.index("Agreement"), 0, 1, 3])
    branches = cycle([*list(bench.branch.options)[1:], bench.branch.options[0]])

    def open_tab() -> object:
        bench.tabs.selected_index = next(tabs)
        return bench.tabs.selected_index

    gaps = FeedbackWorkbench(WorkStore("benchmark-module08-gaps"))
    gaps.tabs.selected_index = _TABS.index("LibQUAL+ gaps")

    def pick_branch() -> object:
        gaps.branch.value = next(branches)
        return gaps.panes["LibQUAL+ gaps"].value

    theme = next(iter(bench.action_fields))
    did = (f"From March {3 + i % 20}, Riverside is open until 8 pm on Tuesdays and Thursdays."
           for i in count())
    cannot = (f"We can't open on Sundays this year: we have no staff for it (note {i})."
              for i in count())
    closing = (f"Thank you for telling us. Keep the comments coming ({i})." for i in count())

    def type_what_we_did() -> object:
        bench.action_fields[theme].value = next(did)
        return bench.check.value

    def type_cannot() -> object:
        bench.cannot.value = next(cannot)
        return bench.check.value

    def type_closing() -> object:
        bench.closing.value = next(closing)
        return bench.draft.value

    # A library's own file: upload, choose the columns, switch back and forth.
    own = FeedbackWorkbench(WorkStore("benchmark-module08-own"))
    own.source.value = MY_FILE
    names = (f"millbrook-survey-{i}.csv" for i in count())

    def upload_file() -> object:
        own.upload.value = _as_upload(next(names), upload)
        return own.messages.text

    own.upload.value = _as_upload("millbrook-survey.csv", upload)

    switcher = FeedbackWorkbench(WorkStore("benchmark-module08-switch"))
    switcher.source.value = MY_FILE
    switcher.upload.value = _as_upload("millbrook-survey.csv", upload)
    switcher.apply_button.click()
    sources = cycle([CASE_STUDY, MY_FILE])

    def switch_source() -> object:
        switcher.source.value = next(sources)
        return switcher.summary.value

    return {
        "workbench: open a results tab (gaps, agreement, NPS…)": open_tab,
        "workbench: LibQUAL+ gaps for another branch": pick_branch,
        "reply: type what we did about a theme (draft + plain-language check)":
            type_what_we_did,
        "reply: type what we could not do yet": type_cannot,
        "reply: type the closing line": type_closing,
        "reply: export": _click(bench.export_button),
        "own file: upload a 520-row survey CSV": upload_file,
        "own file: use these columns (every row checked, analyzed)": _click(own.apply_button),
        "own file: switch between the case study and my file": switch_source,
    }
