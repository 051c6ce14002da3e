"""The action-plan workbook (``notebooks/11-action-plan.ipynb``) and the portfolio.

- :mod:`~course_kit.actionplan.plan`: the seed's seven action-plan steps, the SMART goal
  check and the plan model, saved in ``my_work/actionplan.json`` as it is made;
- :mod:`~course_kit.actionplan.sections`: the saved work from the modules that each step
  draws on (empty, with a link, when it is not done or the module is absent);
- :mod:`~course_kit.actionplan.views`: the thin widgets (about you, each step's questions,
  the goal builder, the portfolio button);
- :mod:`~course_kit.actionplan.portfolio`: everything a participant made, as one HTML page
  and one PDF (``course-kit portfolio``).
"""

from course_kit.actionplan.plan import STEPS, PlanModel, check_goal, plan_markdown, step
from course_kit.actionplan.sections import step_work, work_html

__all__ = ["STEPS", "PlanModel", "check_goal", "plan_markdown", "step", "step_work",
           "work_html"]
