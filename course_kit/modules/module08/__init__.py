"""Module 8, "Gathering User Feedback and Improving Services".

* :mod:`.scores` – Net Promoter Score with its interval, LibQUAL+-style gaps, Likert counts
  and their plots;
* :mod:`.comments` – comment themes (a dictionary kept as data, ``themes.toml``), VADER
  sentiment and personal-data flags;
* :mod:`.upload` – a library's own CSV: read safely, mapped to roles, checked row by row;
* :mod:`.workbench` – the feedback-analysis workbench model and its "you said, we did" draft;
  :mod:`.workbench_view` – its thin widget view;
* :mod:`.plain` – the draft through the plain-language checker;
* :mod:`.survey` – reviewing survey questions, and the ways of gathering feedback compared;
* :mod:`.changes` – evaluating a change: before and after, against branches that did not change;
* :mod:`.selfcheck` – the notebook's self-check questions (``quiz``).
"""

__all__ = ["changes", "comments", "plain", "scores", "survey", "upload", "workbench"]
