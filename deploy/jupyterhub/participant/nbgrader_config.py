"""nbgrader for a participant on the course's JupyterHub: where the exchange is.

Read by the Assignments list of the participant's JupyterLab (nbgrader's server extension)
and by `nbgrader fetch_assignment` / `submit` in a terminal.
"""

import os

c = get_config()  # noqa: F821 (given by traitlets when nbgrader reads this file)

c.Exchange.root = os.environ.get("COURSE_KIT_EXCHANGE", "/srv/nbgrader/exchange")
c.CourseDirectory.course_id = "library-user-relationships"
