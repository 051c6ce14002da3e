"""docs/adding-a-module.md, proved: a tiny module made from the template goes everywhere.

``course-kit new-module`` writes the five hand-written files (manifest, self-checks,
notebook, graded pool, facilitator notes) plus the module's code; the test then sees the new
module in the notebook's generated cells and metadata, the navigation, the README table, the
release, grading, the report and the certificates. It works in a temporary copy of the kit,
so the real course never shows the fixture module.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import course_kit.manifest as manifest_mod
import course_kit.modules
from course_kit.manifest import find
from course_kit.notebooks import lesson_info, readme_table, sync_modules, sync_navigation
from course_kit.scaffold import new_module
from tests.trainer_cohort import fill

ROOT = Path(__file__).resolve().parents[1]
NUMBER, MODULE, TITLE, SLUG = 42, "module42", "Tiny Fixture Module", "tiny-fixture"


@pytest.fixture()
def kit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "kit"
    (root / "notebooks").mkdir(parents=True)
    for name in ("00-welcome.ipynb", "01-understanding-library-users.ipynb"):
        shutil.copy(ROOT / "notebooks" / name, root / "notebooks")
    shutil.copy(ROOT / "README.md", root)
    (root / "exercises" / "pools").mkdir(parents=True)
    shutil.copy(ROOT / "exercises" / "nbgrader_config.py", root / "exercises")
    (root / "exercises" / "course.toml").write_text(
        '[course]\ntrainer = "Rosa Trainer"\npass_threshold = 0.7\n')
    modules = tmp_path / "modules"
    (modules / "module01").mkdir(parents=True)
    shutil.copy(ROOT / "course_kit" / "modules" / "module01" / "manifest.toml",
                modules / "module01")
    monkeypatch.setattr(manifest_mod, "_modules_dir", lambda: modules)
    monkeypatch.setattr(course_kit.modules, "__path__", [*course_kit.modules.__path__,
                                                         str(modules)])
    return root


@pytest.mark.slow
def test_a_module_from_the_template_goes_everywhere(kit: Path, tmp_path: Path) -> None:
    modules = tmp_path / "modules"
    written = new_module(kit, NUMBER, TITLE, SLUG, modules_dir=modules)
    hand_written = [p for p in written if p.name in {"manifest.toml", "selfcheck.py",
                                                     f"{MODULE}.toml"} or
                    p.suffix in {".ipynb", ".md"}]
    assert len(hand_written) == 5 and len(written) == 8  # plus __init__, analysis, bench
    with pytest.raises(FileExistsError):
        new_module(kit, NUMBER, TITLE, SLUG, modules_dir=modules)

    # The manifest is read, and written into the notebook; navigation and README follow.
    manifest = find(MODULE)
    assert manifest is not None and manifest.label == f"Module {NUMBER}: {TITLE}"
    notebook = kit / "notebooks" / f"{NUMBER}-{SLUG}.ipynb"
    assert notebook in sync_modules(kit)
    info = lesson_info(notebook)
    assert (info.module, info.title, info.minutes) == (NUMBER, TITLE, manifest.minutes)
    overview = next(c for c in nbformat.read(notebook, as_version=4).cells
                    if c.metadata.get("course_kit", {}).get("generated") == "overview")
    assert overview.source.startswith(f"# Module {NUMBER}: {TITLE}")
    sync_navigation(kit)
    before = nbformat.read(kit / "notebooks" / "01-understanding-library-users.ipynb",
                           as_version=4)
    assert any(f"({notebook.name})" in c.source for c in before.cells)
    assert f"[Module {NUMBER}: {TITLE}](notebooks/{notebook.name})" in readme_table(kit)
    assert (kit / "docs" / "facilitator" / f"{NUMBER}-{SLUG}.md").exists()
    import importlib

    for action in importlib.import_module(f"course_kit.modules.{MODULE}.bench").actions().values():
        action()  # what `make benchmark` times

    # Release, collect, grade, report, certificates.
    from course_kit.trainer.build import build_assessments, notebook_name
    from course_kit.trainer.certificates import write_certificates
    from course_kit.trainer.collect import collect
    from course_kit.trainer.grade import grade_course
    from course_kit.trainer.report import write_report

    course = kit / "exercises"
    released = build_assessments(course, [MODULE])
    release = course / "release" / MODULE / notebook_name(MODULE)
    assert release in released
    right = {"answer_q1": "b", "answer_q2": "False", "answer_q3": "a", "answer_q4": "True",
             "answer_q5": "4", "answer_q6": "c"}
    inbox = tmp_path / "inbox"
    (inbox / "ana" / MODULE).mkdir(parents=True)
    nbformat.write(fill(release, right, "A plan: Ana runs it, every Monday."),
                   inbox / "ana" / MODULE / notebook_name(MODULE))
    (inbox / "ben" / MODULE).mkdir(parents=True)
    shutil.copy(release, inbox / "ben" / MODULE / notebook_name(MODULE))
    collect(course, inbox)
    summary = grade_course(course, jobs=1, progress=False)
    scores = {r["participant"]: r["score"] for r in summary.rows}
    assert scores == {"ana": 7, "ben": 0}

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        grade = gb.find_grade("product", f"{MODULE}-assessment", MODULE, "ana")
        grade.manual_score = 2
        gb.db.commit()
    report = write_report(course, tmp_path / "report")
    table = pd.read_csv(tmp_path / "report" / "scores.csv")
    assert set(table["module"]) == {MODULE} and report.files
    with pytest.warns(UserWarning, match="ana: no name is recorded"):  # no roster here
        files, standings = write_certificates(course, tmp_path / "certificates")
    ana = next(s for s in standings if s.participant == "ana")
    assert ana.passed and ana.completed == (MODULE,) and ana.hours == manifest.hours
    assert [p.stem for p in files] == ["ana"]
