"""The trainer's commands start quickly and read plainly; graded kernels start warm.

Start-up times are measured by benchmarks/grading.py (not here): these tests check what
makes them short (what is imported, what runs in this process), which a change can break.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from course_kit.cli import TRAINER_ORDER, main
from course_kit.trainer.sandbox import notebook_imports, warm_up_kernels

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "course"


def test_a_command_loads_neither_nbgraders_server_extensions_nor_the_iri_grammar() -> None:
    probe = (
        "import json, sys\n"
        "from course_kit.cli import main\n"
        "main(['seal', 'x'], standalone_mode=False)\n"
        "import nbformat\n"
        "from nbgrader.api import Gradebook\n"
        "from nbgrader.preprocessors import Execute\n"
        "state = {'extensions': any(m.startswith('nbgrader.server_extensions')\n"
        "                           for m in sys.modules),\n"
        "         'grammar': sys.modules.get('rfc3987_syntax') is not None}\n"
        "import nbgrader\n"
        "state['version'] = nbgrader.__version__  # the rest of nbgrader's __init__, on demand\n"
        "state['loaded'] = callable(getattr(nbgrader, '_load_jupyter_server_extension'))\n"
        "print(json.dumps(state))\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    state = json.loads(out.stdout.strip().splitlines()[-1])
    assert state == {"extensions": False, "grammar": False, "version": state["version"],
                     "loaded": True}
    assert state["version"].startswith("0.")


def test_report_and_certificates_with_nothing_to_draw_load_no_plotting_or_build_tools(
        tmp_path: Path) -> None:
    """An empty course's report and certificates import neither matplotlib nor setuptools'
    build machinery nor nbformat's schemas; those packages still work in full when asked."""
    course = tmp_path / "course"
    shutil.copytree(FIXTURE, course)
    heavy = ("matplotlib", "setuptools.dist", "jsonschema", "nbformat.validator")
    probe = (
        "import json, sys\n"
        "from course_kit.cli import main\n"
        "loaded = {}\n"
        f"for command in ('report', 'certificates'):\n"
        f"    main([command, '--course', {str(course)!r}, '--out', {str(tmp_path)!r}],\n"
        "         standalone_mode=False)\n"
        f"    loaded[command] = sorted(m for m in {heavy!r} if m in sys.modules)\n"
        "import nbformat, setuptools\n"
        "loaded['v4'] = nbformat.v4.new_notebook().nbformat\n"
        "loaded['setuptools'] = callable(setuptools.setup)\n"
        "loaded['validator'] = 'nbformat.validator' in sys.modules\n"
        "print(json.dumps(loaded))\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert loaded == {"report": [], "certificates": [], "v4": 4, "setuptools": True,
                      "validator": True}


def test_a_deferred_package_runs_its_init_on_first_use_and_imports_submodules_alone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from course_kit.trainer.startup import _defer_init

    package = tmp_path / "deferpkg"
    package.mkdir()
    (package / "__init__.py").write_text("import sys\nsys.deferpkg_ran = True\nVALUE = 7\n"
                                         "__all__ = ['VALUE']\n")
    (package / "sub.py").write_text("WHAT = 'sub'\n")
    (package / "broken.py").write_text("raise ImportError('needs something missing')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delattr(sys, "deferpkg_ran", raising=False)
    try:
        _defer_init("deferpkg")
        import deferpkg  # type: ignore[import-not-found]
        import deferpkg.sub  # type: ignore[import-not-found]

        assert deferpkg.sub.WHAT == "sub" and not hasattr(sys, "deferpkg_ran")
        assert not hasattr(deferpkg, "broken")  # a failing submodule: no error from hasattr
        assert not hasattr(sys, "deferpkg_ran")
        assert deferpkg.VALUE == 7 and sys.deferpkg_ran  # type: ignore[attr-defined]
        assert not hasattr(deferpkg, "missing")
    finally:
        for name in [m for m in sys.modules if m == "deferpkg" or m.startswith("deferpkg.")]:
            del sys.modules[name]


def test_help_lists_the_trainers_commands_in_order_of_work_in_full() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    text = result.output
    positions = [text.index(f"\n  {name} ") for name in TRAINER_ORDER]
    assert positions == sorted(positions)
    assert positions[-1] < text.index("\n  build ")  # maintainers' commands after
    listing = text[text.index("For trainers"):]
    assert "..." not in listing  # no description cut off
    assert "grade reflections by hand" in " ".join(text.split())
    assert CliRunner().invoke(main, ["--version"]).output.startswith("course-kit 0.")


def test_collect_help_describes_the_layouts() -> None:
    text = CliRunner().invoke(main, ["collect", "--help"]).output
    for words in ("<participant>/<module>/<notebook>.ipynb", "<participant>_<module>.ipynb",
                  "timestamp.txt", "roster.csv"):
        assert words in text


def test_make_help_names_trainer_and_data() -> None:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    text = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout
    assert "make trainer" in text and "make data" in text


def test_release_runs_nbgrader_in_this_process(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import course_kit.grading as grading

    def no_subprocess(*args: object) -> None:
        raise AssertionError("release started `python -m nbgrader`")

    monkeypatch.setattr(grading, "run_nbgrader", no_subprocess)
    course = tmp_path / "course"
    shutil.copytree(FIXTURE, course)
    released = grading.release_assignments(course, ["module01"])
    assert [p.relative_to(course).as_posix() for p in released] == [
        "release/module01/module01-assessment.ipynb"]
    text = released[0].read_text()
    assert "### BEGIN SOLUTION" not in text and "____" in text
    # nbgrader's own refusal still reaches the trainer, in its words.
    broken = course / "source" / "module01" / "module01-assessment.ipynb"
    broken.write_text(broken.read_text().replace(
        "### BEGIN SOLUTION", "### BEGIN SOLUTION\\n### BEGIN SOLUTION", 1))
    with pytest.raises(RuntimeError, match=r"(?s)could not release module01.*nested begin"):
        grading.release_assignments(course, ["module01"])


def test_notebook_imports_reads_the_source_notebooks(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import json, os.path\nfrom course_kit.data import load"),
        nbformat.v4.new_code_cell("answer = ____ ) broken"),
        nbformat.v4.new_markdown_cell("import not_this")])
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, path)
    assert notebook_imports([path]) == ["json", "os.path", "course_kit.data",
                                        "course_kit.data.load"]


def test_warm_up_leaves_compiled_files_a_kernel_user_can_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A graded kernel (another user, read-only libraries) cannot compile and save what it
    imports; the warm-up does it once, readable by all even under the grader's umask 077."""
    package = tmp_path / "lib" / "warmpkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("VALUE = 1\n")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path / "lib"))
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    old = os.umask(0o077)
    try:
        proc = warm_up_kernels(["warmpkg"], tmp_path / "cache")
        assert proc.wait(timeout=120) == 0
    finally:
        os.umask(old)
    compiled = list((package / "__pycache__").glob("__init__.*.pyc"))
    assert compiled and compiled[0].stat().st_mode & 0o004
    assert (package / "__pycache__").stat().st_mode & 0o005 == 0o005
    assert list((tmp_path / "cache").glob("fontlist-*.json"))  # matplotlib's font list


def test_a_trainer_command_without_the_trainer_tools_says_what_to_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Participants' `make lab` installs no nbgrader: a trainer's command then says, in one
    line, how to install the trainer's tools (no traceback)."""
    for name in [m for m in sys.modules if m == "nbgrader" or m.startswith("nbgrader.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "nbgrader", None)  # import nbgrader fails, as uninstalled
    shutil.copytree(ROOT / "tests" / "fixtures" / "course", tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["release", "--course", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert "needs the trainer's tools" in result.output and "make trainer" in result.output
    assert "Traceback" not in result.output


def test_wrong_input_gets_one_plain_line(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A typo, a missing folder or a course with nothing graded yet: one line in plain
    words that says what is there or what to run, never click's usage text or silence."""
    course = tmp_path / "course"
    shutil.copytree(FIXTURE, course)
    monkeypatch.chdir(tmp_path)
    where = ["--course", str(course)]
    cases = {
        ("collect", *where, str(tmp_path / "inbox")): "There is no file or folder",
        ("grade", "--course", str(tmp_path / "nowhere")): "There is no folder",
        ("grade", *where, "--jobs", "0"): "--jobs must be 1 or more (you gave 0).",
        ("grade", *where, "--cell-timeout", "-5"): "--cell-timeout must be 1 or more",
        ("grade", *where, "-m", "module1"): "no module module1. Its modules are: module01.",
        ("feedback", *where, "-m", "module1"): "no module module1.",
        ("feedback", *where, "-p", "ada"): "Nothing has been handed in yet",
    }
    for args, words in cases.items():
        result = CliRunner().invoke(main, list(args))
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert result.exit_code == 1 and len(lines) == 1, (args, result.output)
        assert words in lines[0] and "Usage" not in lines[0], (args, lines)
    (course / "submitted" / "ada" / "module01").mkdir(parents=True)
    result = CliRunner().invoke(main, ["feedback", *where, "-p", "ana"])
    assert result.output.strip() == ("Error: No hand-ins from ana in this course. "
                                     "Participants are named as in submitted/: ada.")
    for command in ("feedback", "report", "certificates"):  # no gradebook yet
        result = CliRunner().invoke(main, [command, *where])
        assert result.exit_code == 0, result.output
        assert result.output.splitlines()[0] == (
            "Nothing is graded yet: run `course-kit collect` and `course-kit grade` first.")
    assert "Nothing is graded yet" in (course / "reports" / "report.md").read_text()


def test_release_says_which_copy_participants_get(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The trainer's copy (with the answers) is never announced as "released"."""
    course = tmp_path / "course"
    shutil.copytree(FIXTURE, course)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["release", "--course", str(course)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    released = [line for line in lines if line.startswith("released ")]
    assert released and all("/release/" in line for line in released), lines
    assert any(line.startswith("wrote ") and "/source/" in line and "with the answers" in line
               for line in lines), lines
