"""nbgrader settings for the course's graded self-assessments.

Run nbgrader from this folder (``cd exercises``), or use the ``course-kit`` command.
"""

c = get_config()

# The course's id in the gradebook and in the participants' exchange.
c.CourseDirectory.course_id = "library-user-relationships"
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]

# A participant's one-line answer starts as the kit's "not attempted" placeholder.
c.ClearSolutions.code_stub = {"python": "____"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# No cell of a participant's notebook may run longer than this (seconds).
# Execute.timeout wins over ExecutePreprocessor.timeout when both are set.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
