"""Every module's benchmark actions run once on the case-study data (no timing here).

``make benchmark`` times the actions in ``course_kit/modules/*/bench.py``; this only checks
that each one still does its work: it runs, returns, and no callback swallowed an exception
(``friendly_callback`` shows those in the widget; ipywidgets logs a button handler's).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from pathlib import Path

import pytest

MODULES = Path(__file__).resolve().parents[1] / "course_kit" / "modules"
HOMES = sorted(p.parent.name for p in MODULES.glob("*/bench.py"))


def test_finished_modules_have_bench_actions() -> None:
    finished = {"module01", "module03", "module04", "module05", "module06", "module07",
                "module09"}
    assert finished <= set(HOMES)


@pytest.mark.parametrize("home", HOMES)
def test_each_action_runs_once_without_error(home: str, monkeypatch: pytest.MonkeyPatch,
                                             caplog: pytest.LogCaptureFixture) -> None:
    from course_kit.widgets.base import MessageArea

    errors: list[str] = []
    original = MessageArea.show

    def show(self: MessageArea, text: str, kind: str = "info", details: str = "") -> None:
        if kind == "error" and details:  # friendly_callback caught an exception
            errors.append(f"{text}\n{details}")
        original(self, text, kind, details)  # type: ignore[arg-type]

    monkeypatch.setattr(MessageArea, "show", show)
    try:
        found: dict[str, Callable[[], object]] = importlib.import_module(
            f"course_kit.modules.{home}.bench").actions()
    except ImportError as exc:  # widgets still being written: the benchmark skips them too
        pytest.skip(f"{home}'s widgets are not importable yet: {exc}")
    assert found, f"{home}/bench.py has no actions"
    for name, action in found.items():
        assert isinstance(name, str) and ": " in name and callable(action)
        with caplog.at_level(logging.WARNING):
            result = action()
        assert result is not None, f"{home}: {name} returned nothing"
        assert not errors, f"{home}: {name}: {errors[0]}"
        logged = [r.getMessage() for r in caplog.records
                  if r.getMessage().startswith("Exception in callback")]
        assert not logged, f"{home}: {name}: {logged[0]}"


def _runner() -> object:
    """benchmarks/notebooks.py, loaded by path (``benchmarks`` is not a package)."""
    import importlib.util
    import sys

    path = MODULES.parents[1] / "benchmarks" / "notebooks.py"
    spec = importlib.util.spec_from_file_location("course_kit_benchmark", path)
    assert spec is not None and spec.loader is not None
    module = sys.modules["course_kit_benchmark"] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_skips_a_module_it_cannot_import_and_reports_swallowed_errors() -> None:
    runner = _runner()
    skipped = runner.load_actions("module99")  # type: ignore[attr-defined]
    assert skipped.actions == {} and skipped.skipped.startswith("widgets not importable yet")

    from course_kit.widgets.base import MessageArea, friendly_callback

    messages = MessageArea()

    @friendly_callback(messages)
    def broken() -> None:
        raise RuntimeError("boom")

    timing = runner.time_action("moduleXX", "x: broken", broken, 2)  # type: ignore[attr-defined]
    assert "widget showed an error" in timing.problem
    fine = runner.time_action("moduleXX", "x: fine", lambda: 1, 2)  # type: ignore[attr-defined]
    assert not fine.problem and fine.median_ms >= 0 and fine.max_ms >= fine.median_ms
