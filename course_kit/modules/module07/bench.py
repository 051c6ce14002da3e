"""Participant actions on Module 7's widgets, timed by ``make benchmark`` (≤ 100 ms each).

Each callable does one callback's work on the case-study data; state is set up outside it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from itertools import count, cycle
from typing import Any

POST = ("Teens! Tech Lab is back at Riverside on Thursday at 4 pm. Bring your phone or "
        "borrow one of our tablets. We will make a short video together and learn how to "
        "edit it. It is free, and you do not need to sign up. Snacks are on us.")

#: A newsletter item of about 300 words, pasted in one go.
NEWSLETTER = " ".join([
    "Spring is here, and so is our new Tech Help Evening at the Central library.",
    "Every Tuesday from 6 to 8 pm, a librarian and two volunteers will sit with you and",
    "your phone, tablet or laptop. Bring the device you use every day and the question",
    "that bothers you most. We can help you set up e-mail, join a video call with family,",
    "fill in a form for a job or a benefit, or borrow e-books with the Libby app.",
    "You do not need to sign up, and it is free. If you need help in Spanish, tell us at",
    "the desk and we will find a volunteer who speaks it. The room is on the ground floor,",
    "next to the children's area, and there is a ramp at the side door on Elm Street.",
    "Last year more than three hundred people came to our drop-in sessions. Most of them",
    "told us they left with the problem solved, and many came back to learn something new.",
    "One reader, Maria, came to print a bus pass and now uses the library's online classes",
    "to practise English at home. Another, Tom, set up a video call with his grandson in",
    "Ohio for the first time. We would love to hear your story too.",
    "If you cannot come on a Tuesday, call us at the number below and book a half-hour",
    "slot at another time that suits you. We can also visit the senior center on Oak Road",
    "once a month. Our staff will not ask for your passwords, and we will never keep your",
    "personal data on our computers. When you are done, you can take home a short printed",
    "guide with the steps we went through together, in large print if you like.",
    "See you soon at the library. Questions? Ask at any desk, or reply to this e-mail.",
])


def _click(button: Any) -> Callable[[], object]:
    def action() -> object:
        button.click()
        return True

    return action


def _others(control: Any) -> Any:
    """The drop-down's other values, round and round, starting after the current one."""
    values = [o[1] if isinstance(o, tuple) else o for o in control.options]
    start = values.index(control.value) + 1 if control.value in values else 0
    return cycle(values[start:] + values[:start])


def actions() -> dict[str, Callable[[], object]]:
    from course_kit import data
    from course_kit.modules.module07.analytics_view import AnalyticsExplorer
    from course_kit.modules.module07.calendar_builder import CalendarBuilder
    from course_kit.modules.module07.chat_review import VERDICTS, ChatReview

    # Social-media analytics over the year's posts.
    explorer = AnalyticsExplorer(data.load_social_posts())
    bases, groupings, posts = (_others(explorer.base), _others(explorer.by),
                               _others(explorer.post))

    def change(control: Any, values: Any, shown: Any) -> Callable[[], object]:
        def action() -> object:
            control.value = next(values)
            return shown.value

        return action

    # The content calendar for one event, with a few posts already planned.
    builder = CalendarBuilder(data.load_programs())
    builder.event.value = next(v for _l, v in builder.event.options)
    first, _last = builder.model.window
    days = cycle(range(0, 27, 3))
    numbers = count()

    def fill() -> None:
        i = next(numbers)
        builder.channel.value = ("Facebook", "Instagram", "Newsletter")[i % 3]
        builder.day.value = first + timedelta(days=next(days))
        builder.time.value = "18:30"
        builder.audience.value = "teens"
        builder.message.value = f"{POST} (#{i})"
        builder.alt_text.value = "Two teens film each other with a tablet in the library."

    for _ in range(6):
        fill()
        builder.add_button.click()

    def add_item() -> object:
        fill()
        builder.add_button.click()
        return builder.calendar.value

    typed = CalendarBuilder(data.load_programs())
    typed.event.value = [v for _l, v in typed.event.options][1]
    posts_typed = (f"{POST} See you there, friend {i}!" for i in count())
    letters = (f"{NEWSLETTER} (Issue {i}.)" for i in count())
    channels = _others(typed.channel)
    events = _others(typed.event)

    def type_post() -> object:
        typed.message.value = next(posts_typed)
        return typed.check.value

    def paste_newsletter() -> object:
        typed.message.value = next(letters)
        return typed.check.value

    # Chat review: judge a chat against the six RUSA areas.
    judged = ChatReview()
    for box, verdict in zip(judged.areas.values(), cycle(VERDICTS), strict=False):
        box.value = verdict
    review = ChatReview()
    chats = _others(review.picker)
    area = next(iter(review.areas))
    verdicts = cycle(VERDICTS)

    def mark() -> object:
        review.areas[area].value = next(verdicts)
        return review.model.verdicts()

    def pick_chat() -> object:
        review.picker.value = next(chats)
        return review.chat.value

    remover = CalendarBuilder(data.load_programs(), slot="bench-module07-remove")
    remover.event.value = builder.event.value
    for _ in range(12):
        remover.channel.value, remover.day.value = "Facebook", first + timedelta(days=3)
        remover.time.value, remover.audience.value = "12:00", "teens"
        remover.message.value, remover.alt_text.value = POST, "A poster of the event."
        remover.add_button.click()

    return {
        "analytics: engagements per followers/reach/impressions":
            change(explorer.base, bases, explorer.table),
        "analytics: group posts by platform/type/time": change(explorer.by, groupings,
                                                               explorer.table),
        "analytics: pick one post (its three rates)": change(explorer.post, posts,
                                                             explorer.post_table),
        "calendar: type a 60-word post (plain-language check)": type_post,
        "calendar: paste a 300-word newsletter item (plain-language check)": paste_newsletter,
        "calendar: change the channel (draft saved)": change(typed.channel, channels,
                                                             typed.check),
        "calendar: pick another event (window, notes)": change(typed.event, events,
                                                               typed.calendar),
        "calendar: add an item (6+ planned)": add_item,
        "calendar: remove an entry": _click(remover.remove_button),
        "calendar: export CSV + HTML + Markdown": _click(builder.export_button),
        "chat review: pick another chat": pick_chat,
        "chat review: give an area a verdict": mark,
        "chat review: compare with the course's reading": _click(judged.compare_button),
    }
