"""Module 7, "Digital Engagement Strategies": social and e-mail analytics, a content
calendar, virtual reference, online guides and forums.

* :mod:`.engagement` – engagement rates on three bases, post types and times, newsletters;
* :mod:`.analytics_view` – the thin analytics widget;
* :mod:`.calendar` – the content-calendar model (saved, exported as CSV, HTML, Markdown);
* :mod:`.calendar_builder` – the thin calendar widget;
* :mod:`.plain` – the plain-language check (Module 2's checker when installed);
* :mod:`.virtual_reference` – chat in the question log, chat transcripts and RUSA 2023;
* :mod:`.chat_review` – judge a chat against the six RUSA 2023 areas (model and thin view);
* :mod:`.guides` – the how-to checklist and the forum moderation scenario;
* :mod:`.selfcheck` – the notebook's self-check questions (``quiz``).
"""

__all__ = ["analytics_view", "calendar", "calendar_builder", "chat_review", "engagement",
           "guides", "plain", "selfcheck", "virtual_reference"]
