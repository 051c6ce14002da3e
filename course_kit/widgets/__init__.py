"""Thin ipywidgets views over the models in :mod:`course_kit`.

Every view follows one pattern (:mod:`course_kit.widgets.base`): a traitlets model in the
package holds the state and the rules, a ``VBox`` shows it, and a message area tells the
participant in plain words what happened, including when something went wrong.
"""

from course_kit.widgets.base import MessageArea, UserInputError, friendly_callback
from course_kit.widgets.notes import NotesBox
from course_kit.widgets.question import QuestionView
from course_kit.widgets.work import DownloadWork

__all__ = [
    "DownloadWork",
    "MessageArea",
    "NotesBox",
    "QuestionView",
    "UserInputError",
    "friendly_callback",
]
