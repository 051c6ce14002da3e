"""Shared fixtures: every test saves participant work in its own temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated_work_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "my_work"
    work.mkdir()
    monkeypatch.setenv("COURSE_KIT_WORK_DIR", str(work))
    return work


@pytest.fixture
def work_dir(_isolated_work_dir: Path) -> Path:
    return _isolated_work_dir
