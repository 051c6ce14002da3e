"""course_kit.trainer.certificates: PDFs for those above the pass mark, and only them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from course_kit.trainer.certificates import write_certificates
from tests.trainer_cohort import NB1, PASSED, copy_cohort

pytestmark = [pytest.mark.slow, pytest.mark.cohort]


def _pdftoppm() -> str | None:
    if shutil.which("pdftoppm") is None and shutil.which("apt-get") and \
            __import__("os").geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-q", "poppler-utils"],
                       capture_output=True, check=False, timeout=300)
    return shutil.which("pdftoppm")


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    course = copy_cohort(tmp_path_factory.mktemp("certificates"))
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        grade = gb.find_grade("product", NB1.removesuffix(".ipynb"), "module01", "ada")
        grade.manual_score = 2
        gb.db.commit()
        student = gb.find_student("ada")
        student.first_name, student.last_name = "Ada", "Łukasiewicz-Ødegård"
        student = gb.find_student("dee")
        student.first_name, student.last_name = "Dee", "Okafor"
        gb.db.commit()
    return course


def test_only_those_above_the_threshold_get_one(course: Path, tmp_path: Path) -> None:
    files, standings = write_certificates(course, tmp_path, allow_pending=True)
    assert {p.stem for p in files} == PASSED
    assert {s.participant for s in standings if s.passed} == PASSED
    ada = next(s for s in standings if s.participant == "ada")
    assert ada.score == 18 and ada.completed == ("module01", "module02") and ada.hours == 5
    dee = next(s for s in standings if s.participant == "dee")
    assert dee.score == 16  # the product is not graded yet: 0 until it is
    for path in files:
        assert path.read_bytes()[:5] == b"%PDF-"


def test_no_certificate_while_answers_wait_for_grading_by_hand(course: Path,
                                                                tmp_path: Path) -> None:
    files, standings = write_certificates(course, tmp_path)
    # Both passed, but each has a product not yet graded by hand (ada's in module02).
    assert files == [] and {s.participant for s in standings if s.pending} >= PASSED
    files, _ = write_certificates(course, tmp_path, allow_pending=True)  # the trainer says so
    assert {p.stem for p in files} == PASSED


def test_placeholder_names_are_warned_about(course: Path, tmp_path: Path) -> None:
    toml = course / "course.toml"
    original = toml.read_text()
    try:
        toml.write_text(original.replace('trainer = "Rosa Trainer"', 'trainer = "Your Name"'))
        with pytest.warns(UserWarning, match="trainer's name is 'Your Name'"):
            write_certificates(course, tmp_path, allow_pending=True)
    finally:
        toml.write_text(original)
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        student = gb.find_student("dee")
        student.first_name = student.last_name = None
        gb.db.commit()
    try:
        with pytest.warns(UserWarning, match="dee: no name is recorded"):
            write_certificates(course, tmp_path, allow_pending=True)
    finally:
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
            student = gb.find_student("dee")
            student.first_name, student.last_name = "Dee", "Okafor"
            gb.db.commit()


def test_the_roster_gives_the_name_printed(course: Path, tmp_path: Path) -> None:
    roster = course / "roster.csv"
    roster.write_text("id,name,email\ndee,Deirdre Okafor-Smith,dee@example.org\n",
                      encoding="utf-8")
    try:
        _, standings = write_certificates(course, tmp_path, allow_pending=True)
    finally:
        roster.unlink()
    names = {s.participant: s.name for s in standings}
    assert names["dee"] == "Deirdre Okafor-Smith"  # the roster wins over the gradebook
    assert names["ada"] == "Ada Łukasiewicz-Ødegård"


def test_the_command_writes_none_while_points_are_pending_unless_told(
        course: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from course_kit.cli import main

    out = tmp_path / "pdf"
    result = CliRunner().invoke(main, ["certificates", "--course", str(course),
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "no certificate yet" in result.output and "--allow-pending" in result.output
    assert "ada (Ada Łukasiewicz-Ødegård): 18 of 20 points, PASSED" in result.output
    assert not list(out.glob("*.pdf")) if out.exists() else True
    result = CliRunner().invoke(main, ["certificates", "--course", str(course),
                                       "--out", str(out), "--allow-pending"])
    assert result.exit_code == 0, result.output
    assert {p.stem for p in out.glob("*.pdf")} == PASSED
    assert "Warning: some certificates were written while answers still wait" in \
        result.output
    assert "UserWarning" not in result.output


def test_the_certificate_reads_right(course: Path, tmp_path: Path) -> None:
    files, _ = write_certificates(course, tmp_path, allow_pending=True)
    ada = next(p for p in files if p.stem == "ada")
    tool = _pdftoppm()
    if tool is None:
        pytest.skip("pdftoppm (poppler-utils) is not available to render the PDF")
    subprocess.run([tool, "-png", "-r", "60", "-singlefile", str(ada), str(tmp_path / "ada")],
                   check=True)
    assert (tmp_path / "ada.png").stat().st_size > 10_000
    text = subprocess.run(["pdftotext", "-layout", str(ada), "-"], capture_output=True,
                          text=True, check=True).stdout
    for expected in ("Certificate of completion", "Ada Łukasiewicz-Ødegård",
                     "Building Relationships with Library Users", "Module 1: Understanding",
                     "5 hours", "February 1, 2025", "Rosa Trainer"):
        assert expected in text, expected


def test_names_in_any_script_print_right_or_are_refused_with_a_reason(
        course: Path, tmp_path: Path) -> None:
    """An Arabic name prints joined and right to left; a name the font has no letters for
    (Chinese here) gets no certificate with a blank name, and the trainer reads why."""
    tool = _pdftoppm()
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not available to read the PDF")
    roster = course / "roster.csv"
    roster.write_text("id,name,email\nada,فاطمة الزهراء,ada@example.org\n"
                      "dee,王小明,dee@example.org\n", encoding="utf-8")
    try:
        with pytest.warns(UserWarning, match="dee: the name '王小明' has letters the "
                          "certificate's font cannot print"):
            files, _ = write_certificates(course, tmp_path, allow_pending=True)
    finally:
        roster.unlink()
    assert [p.stem for p in files] == ["ada"]
    text = subprocess.run(["pdftotext", str(files[0]), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "فاطمة الزهراء" in text  # unshaped, it reads backwards: ءارهزلا ةمطاف
