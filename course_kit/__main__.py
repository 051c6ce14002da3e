"""``python -m course_kit`` is the same as the ``course-kit`` command."""

from course_kit.cli import main

main()
