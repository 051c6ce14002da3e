"""Participant actions on Module 10's widgets, timed by ``make benchmark`` (≤ 100 ms each).

Each callable does one callback's work on the case-study data; state is set up outside it.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import count, cycle


def actions() -> dict[str, Callable[[], object]]:
    from course_kit.data import load_branches, load_usage
    from course_kit.modules.module10.views import (
        KPIDashboardView,
        PlanFormView,
        ROICalculatorView,
    )
    from course_kit.storage import WorkStore

    calculator = ROICalculatorView(store=WorkStore("benchmark-module10-roi"))
    names = load_branches().set_index("branch_id")["name"].to_dict()
    board = KPIDashboardView(load_usage(), names, 25_000)
    report = PlanFormView("report", store=WorkStore("benchmark-module10-report"))
    values = cycle(("15", "22", "18.50", "30"))
    uses = (f"{n:,}" for n in count(1000, 7))
    costs = cycle(("998,600", "1,000,000", "950000"))
    services = cycle(calculator.model.names)
    measures = cycle(("loans", "computer_sessions", "program_attendance", "visits"))
    branches = cycle(("RIV", "CEN", "All", "HIL"))
    texts = (f"Riverside's evening hours ended on January 1, 2025 ({i})." for i in count())

    def type_a_value_per_use() -> object:
        calculator.value.value = next(values)
        return calculator.results.value

    def type_uses() -> object:
        calculator.uses.value = next(uses)
        return calculator.results.value

    def type_costs() -> object:
        calculator.costs.value = next(costs)
        return calculator.results.value

    def type_a_ten_thousand_dollar_book() -> object:
        calculator.value.value = "10000"
        calculator.value.value = "22"
        return calculator.messages.text

    def pick_a_service() -> object:
        calculator.service.value = next(services)
        return calculator.value.value

    def export_summary_html_pdf_markdown() -> object:
        calculator._on_export()
        return calculator.downloads.value

    def change_measure() -> object:
        board.measure.value = next(measures)
        return board.chart.value

    def change_branch() -> object:
        board.branch.value = next(branches)
        return board.chart.value

    def answer_the_report() -> object:
        report.boxes["changed"].value = next(texts)
        return report.messages.text

    return {
        "roi: type a value per use": type_a_value_per_use,
        "roi: type uses": type_uses,
        "roi: type costs": type_costs,
        "roi: a $10,000 book refused, then fixed": type_a_ten_thousand_dollar_book,
        "roi: pick a service": pick_a_service,
        "roi: export summary (HTML, PDF, Markdown)": export_summary_html_pdf_markdown,
        "kpi: change measure": change_measure,
        "kpi: change branch": change_branch,
        "report: answer a box": answer_the_report,
    }
