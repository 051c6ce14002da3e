"""nbgrader for a trainer on the course's JupyterHub: the exchange and the course folder.

The course folder (default ~/course, a copy of the kit's exercises/ folder) holds its own
nbgrader_config.py with the course id and the gradebook's address (db_url); nbgrader reads
that file after this one. The formgrader in the trainer's JupyterLab works on it.
"""

import os

c = get_config()  # noqa: F821 (given by traitlets when nbgrader reads this file)

c.Exchange.root = os.environ.get("COURSE_KIT_EXCHANGE", "/srv/nbgrader/exchange")
c.CourseDirectory.root = os.environ.get("COURSE_KIT_COURSE", os.path.expanduser("~/course"))

# The gradebook (PostgreSQL for a hub): best in the course's own nbgrader_config.py, as
# c.CourseDirectory.db_url. Where a password must stay out of files (Kubernetes: a
# secret), COURSE_KIT_DB_URL is used instead, by the formgrader and course-kit alike.
if os.environ.get("COURSE_KIT_DB_URL"):
    c.CourseDirectory.db_url = os.environ["COURSE_KIT_DB_URL"]
