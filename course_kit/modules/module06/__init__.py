"""Module 6, "Personalized Service Delivery": recommendations, learning plans and programs.

* :mod:`.recommender` – readers' advisory: co-borrowed titles (with a minimum number of
  borrowers, for privacy), similar titles and the staff's own pick, for a Module 1 persona;
* :mod:`.learning_plan` – individual learning plans (goal, steps, resources, dates, check-in);
* :mod:`.programs` – what worked for whom in Millbrook's programs, and the program plan;
* :mod:`.tailoring` – groups and segments -> service -> channel;
* :mod:`.portfolio` – escaped Markdown and HTML exports;
* :mod:`.views` – the thin widget views; :mod:`.selfcheck` – the self-check questions.

Data a trainer may edit: ``staff_picks.toml``, ``learning_goals.toml``, ``tailoring.toml``.
"""

__all__ = ["learning_plan", "portfolio", "programs", "recommender", "selfcheck", "tailoring",
           "views"]
