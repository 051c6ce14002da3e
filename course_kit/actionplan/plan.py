"""The action plan: the seed's seven steps, SMART goals, and the plan saved as it is made.

The plan lives in ``my_work/actionplan.json`` (a :class:`~course_kit.storage.WorkStore`):
who made it (the name exactly as typed), one entry per step with the answers to that step's
questions, and the relationship goals. :class:`PlanModel` holds it, checks what is typed
(length, choices) and saves after every change; :func:`check_goal` tells whether a goal is
specific, measurable, owned and dated; :func:`plan_markdown` renders the plan, escaped, for
the portfolio and the capstone hand-in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import traitlets

from course_kit.saved_work import escape_markdown
from course_kit.storage import WorkStore
from course_kit.syllabus import action_plan
from course_kit.widgets.base import UserInputError

__all__ = [
    "FREQUENCIES",
    "ROLES",
    "STEPS",
    "STORE_NAME",
    "GoalCheck",
    "PlanField",
    "PlanModel",
    "Source",
    "Step",
    "check_goal",
    "goal_problems",
    "plan_markdown",
    "step",
]

STORE_NAME = "actionplan"
MAX_TEXT = 2000
MAX_LINE = 200
MAX_GOALS = 12

#: The seed's target participants: the roles a training plan assigns modules to.
ROLES = (
    "Library Directors and Managers",
    "Reference Librarians",
    "Circulation Staff",
    "Children's Librarians",
    "Teen Librarians",
    "Adult Services Librarians",
    "Library Assistants and Volunteers",
)

FREQUENCIES = ("after each program", "every month", "every three months", "twice a year",
               "once a year")

INSTRUMENTS = (
    "a short survey (paper or online)",
    "comment cards or a suggestion box",
    "an online feedback form",
    "a focus group",
    "a recommend question (0-10, Net Promoter Score)",
    "an outcome survey after programs (PLA Project Outcome style)",
    "staff notes from the desk and chat",
)

WEB_CHECKS = (
    "Pages use plain language (grade 8 or lower)",
    "Text has a contrast of at least 4.5:1 with its background",
    "Every image that carries meaning has a text alternative",
    "Every page works with a keyboard alone",
    "Hours, address and how to get help are on the home page",
    "Patrons can ask a question online (chat, email or a form)",
    "Pages work on a phone",
    "Key pages exist in the main languages of the community",
)


@dataclass(frozen=True)
class PlanField:
    """One question of a step: ``kind`` is text, area, choice or checklist."""

    key: str
    label: str
    kind: str = "area"
    options: tuple[str, ...] = ()
    placeholder: str = ""

    @property
    def limit(self) -> int:
        """Longest answer kept, in characters."""
        return MAX_LINE if self.kind == "text" else MAX_TEXT


@dataclass(frozen=True)
class Source:
    """Saved work a step draws on: ``my_work/<file>.json`` (entry ``key``) of module ``module``."""

    module: int
    file: str
    key: str = ""

    @property
    def ref(self) -> str:
        """``module01-persona`` or ``notes#m01-targeted-service``."""
        return f"{self.file}#{self.key}" if self.key else self.file


@dataclass(frozen=True)
class Step:
    """One step of the seed's action plan, as a section of the workbook."""

    number: int
    key: str
    heading: str
    sources: tuple[Source, ...]
    fields: tuple[PlanField, ...] = field(default=())

    @property
    def action(self) -> str:
        """The seed's line for this step, verbatim."""
        return action_plan()[self.number - 1]


STEPS: tuple[Step, ...] = (
    Step(1, "needs", "1. Know your users' needs",
         (Source(1, "module01-persona"), Source(1, "notes", "m01-targeted-service"),
          Source(8, "module08-workbench"), Source(8, "notes", "m08-survey-question")),
         (PlanField("groups", "Which user groups matter most, and why?",
                    placeholder="e.g. Parents of young children: 1 in 5 of our cardholders…"),
          PlanField("gaps", "What do they need that you do not offer well yet?"),
          PlanField("evidence", "What evidence do you have (data, feedback, your own notes)?"))),
    Step(2, "relationships", "2. A plan for your relationships with users",
         (Source(2, "module02-rewrite"), Source(2, "module02-instructions"),
          Source(3, "module03-followups"), Source(3, "module03-welcome"),
          Source(3, "module03-winback"), Source(3, "module03-privacy"),
          Source(4, "module04-interactions")),
         (PlanField("vision", "In one or two sentences: what should users feel about your "
                              "library a year from now?"),)),
    Step(3, "training", "3. Train your staff",
         (Source(2, "module02-rewrite"), Source(2, "module02-instructions"),
          Source(4, "module04-interview"), Source(5, "module05-roleplay")),
         (PlanField("roles", "Modules for each role", "roles"),
          PlanField("how", "When and how will staff take the training?",
                    placeholder="e.g. One module a month at the staff meeting…"))),
    Step(4, "feedback", "4. A system for user feedback",
         (Source(8, "module08-workbench"), Source(8, "notes", "m08-evaluation-plan"),
          Source(5, "notes", "m05-one-change")),
         (PlanField("instruments", "How will you ask?", "checklist", INSTRUMENTS),
          PlanField("frequency", "How often?", "choice", FREQUENCIES),
          PlanField("analyst", "Who reads and sums up the feedback?", "text"),
          PlanField("communicate", "How will you tell users what changed?",
                    placeholder="e.g. A \"You said, we did\" board by the door and online…"))),
    Step(5, "online", "5. A user-friendly website and online presence",
         (Source(7, "module07-calendar"), Source(7, "module07-chat-review"),
          Source(9, "module09-contrast"), Source(9, "module09-audit"),
          Source(9, "module09-languages")),
         (PlanField("checks", "What your website already does", "checklist", WEB_CHECKS),
          PlanField("first_fix", "What will you fix first, and who will do it?"))),
    Step(6, "programs", "6. Programs and events built around users",
         (Source(6, "module06-program"), Source(6, "module06-learning-plan"),
          Source(6, "module06-recommendation"), Source(6, "notes", "m06-promotion")),
         (PlanField("program", "Which program or event will you start or change, and for "
                               "whom?"),
          PlanField("promotion", "How will you reach that audience?"),
          PlanField("outcome", "Which outcome will you measure?", "text",
                    placeholder="e.g. Share who say they feel more confident"))),
    Step(7, "evaluation", "7. Check and improve, again and again",
         (Source(10, "module10-roi"), Source(10, "module10-report"),
          Source(10, "module10-pdsa")),
         (PlanField("measures", "Which measures will you track?",
                    placeholder="e.g. Visits, program attendance, NPS, follow-ups closed on "
                                "time"),
          PlanField("schedule", "How often will you review them?", "choice", FREQUENCIES[1:]),
          PlanField("report_to", "Who will you report to?", "text"),
          PlanField("plan", "Plan: what change will you test first?"),
          PlanField("study", "Study: what result would tell you it worked?"))),
)


def step(key_or_number: str | int) -> Step:
    """The step with this key (``"needs"``) or number (1-7)."""
    for item in STEPS:
        if key_or_number in (item.key, item.number):
            return item
    raise KeyError(f"No step {key_or_number!r}: the plan has steps 1-7.")


# -- SMART goals ----------------------------------------------------------------------------
_VAGUE = {"better", "more", "improve", "improved", "increase", "good", "great", "nicer",
          "things", "stuff", "engagement", "relationships", "service", "services", "users"}
_NOBODY = {"", "everyone", "everybody", "all", "all staff", "staff", "we", "us", "the team",
           "team", "tbd", "someone", "n/a", "?"}
_NUMBER = re.compile(r"\d")


@dataclass(frozen=True)
class GoalCheck:
    """One test of a goal: its name, whether it passes, and advice when it does not."""

    name: str
    ok: bool
    advice: str


def _parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = " ".join(str(value).replace(",", " ").split())
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    # What US librarians type: 3/31/2027, 03-31-2027, March 31, 2027, Mar 31 2027.
    for fmt in ("%m/%d/%Y", "%m-%d-%Y", "%B %d %Y", "%b %d %Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def check_goal(goal: dict[str, Any], today: date | None = None) -> list[GoalCheck]:
    """Is the goal specific, measurable, owned and dated? One :class:`GoalCheck` each.

    Specific: at least six words, not only vague ones ("improve engagement"). Measurable:
    a measure and a target with a number. Owned: one person or role, not "everyone".
    Dated: a real date after ``today`` (2027-03-31, 3/31/2027 or March 31, 2027).
    """
    today = today or date.today()
    text = str(goal.get("goal", "")).strip()
    words = re.findall(r"[A-Za-z0-9'’-]+", text.lower())
    concrete = [w for w in words if w not in _VAGUE and len(w) > 3]
    specific = len(words) >= 6 and len(concrete) >= 2
    measure = str(goal.get("measure", "")).strip()
    target = str(goal.get("target", "")).strip()
    measurable = bool(measure) and bool(_NUMBER.search(target))
    owner = str(goal.get("owner", "")).strip()
    owned = owner.lower() not in _NOBODY
    due = _parse_date(goal.get("due", ""))
    dated = due is not None and due > today
    if due is None:
        date_advice = ("Give the day it should be done by, for example 3/31/2027 or "
                       "2027-03-31.")
    else:
        date_advice = f"The date {due.isoformat()} is not in the future: pick a later day."
    return [
        GoalCheck("Specific", specific,
                  "Say what will change and for whom, in at least six words (e.g. 'Call back "
                  "every patron whose hold is late within two days')."),
        GoalCheck("Measurable", measurable,
                  "Name what you will count, and a target with a number (e.g. '90% of "
                  "calls')."),
        GoalCheck("Has an owner", owned,
                  "Name one person or role who owns it, not 'everyone'."),
        GoalCheck("Has a date", dated, date_advice),
    ]


def goal_problems(goal: dict[str, Any], today: date | None = None) -> list[str]:
    """The advice of every failed check (empty: the goal is SMART enough to keep)."""
    return [f"{c.name}: {c.advice}" for c in check_goal(goal, today) if not c.ok]


GOAL_FIELDS = ("goal", "measure", "target", "owner", "due")


# -- the model ------------------------------------------------------------------------------
def _clean_text(value: Any, label: str, limit: int) -> str:
    if not isinstance(value, str):
        raise UserInputError(f"'{label}' should be text.")
    if len(value) > limit:
        raise UserInputError(
            f"'{label}' has {len(value):,} characters; the limit is {limit:,}. Please shorten "
            "it. Your text is still in the box, but this answer was not saved.")
    return value


class PlanModel(traitlets.HasTraits):
    """The participant's action plan: read from and saved to ``my_work/actionplan.json``.

    Every change (:meth:`set_participant`, :meth:`set_answer`, :meth:`add_goal`, …) is checked
    and saved at once. A bad value raises :class:`UserInputError` and saves nothing.
    """

    data = traitlets.Dict()
    saved_at = traitlets.Unicode("")

    def __init__(self, store: WorkStore | None = None) -> None:
        super().__init__()
        self.store = store or WorkStore(STORE_NAME)
        loaded = self.store.load()
        self.notice = self.store.notice
        self.data = _normalised(loaded)
        self.saved_at = str(self.data.get("updated", ""))

    # -- reading --------------------------------------------------------------------------
    @property
    def participant(self) -> dict[str, str]:
        """``name``, ``library`` and ``role`` as typed."""
        return dict(self.data["participant"])

    def answers(self, step_key: str) -> dict[str, Any]:
        """The answers saved for one step."""
        return dict(self.data["sections"].get(step_key, {}))

    @property
    def goals(self) -> list[dict[str, str]]:
        """The relationship goals kept so far."""
        return [dict(g) for g in self.data["goals"]]

    def step_done(self, step_key: str) -> bool:
        """True when the step has at least one answer (or, for step 2, a goal)."""
        if step_key == "relationships" and self.data["goals"]:
            return True
        return any(_filled(v) for v in self.data["sections"].get(step_key, {}).values())

    def missing_steps(self) -> list[Step]:
        """The steps with nothing in them yet."""
        return [s for s in STEPS if not self.step_done(s.key)]

    # -- changing -------------------------------------------------------------------------
    def _save(self, data: dict[str, Any]) -> None:
        data["updated"] = datetime.now().strftime("%Y-%m-%d %H:%M")
        self.store.save(data)
        self.data = data
        self.saved_at = data["updated"]

    def _copy(self) -> dict[str, Any]:
        return _normalised(self.data)

    def set_participant(self, key: str, value: str) -> None:
        """Save the participant's ``name``, ``library`` or ``role`` exactly as typed."""
        if key not in ("name", "library", "role"):
            raise UserInputError(f"There is no field '{key}' about you.")
        data = self._copy()
        data["participant"][key] = _clean_text(value, key, MAX_LINE)
        self._save(data)

    def set_answer(self, step_key: str, field_key: str, value: Any) -> None:
        """Save one answer of a step (text, a choice, a list of ticks or a role map)."""
        item = step(step_key)
        spec = next((f for f in item.fields if f.key == field_key), None)
        if spec is None:
            raise UserInputError(f"Step {item.number} has no question '{field_key}'.")
        data = self._copy()
        data["sections"].setdefault(item.key, {})[field_key] = _checked(spec, value)
        self._save(data)

    def set_draft(self, goal: dict[str, Any]) -> None:
        """Keep the goal being typed (not yet checked), so it survives a restart."""
        data = self._copy()
        data["draft"] = {k: _clean_text(str(goal.get(k, "") or ""), k, MAX_LINE)
                         for k in GOAL_FIELDS}
        self._save(data)

    @property
    def draft(self) -> dict[str, str]:
        """The goal being typed."""
        return dict(self.data.get("draft", {}))

    def add_goal(self, goal: dict[str, Any], today: date | None = None) -> dict[str, str]:
        """Keep a goal if it passes :func:`check_goal`; otherwise explain what is missing."""
        clean = {k: _clean_text(str(goal.get(k, "") or ""), k, MAX_LINE).strip()
                 for k in GOAL_FIELDS}
        problems = goal_problems(clean, today)
        if problems:
            raise UserInputError("Not kept yet. " + " ".join(problems))
        if len(self.data["goals"]) >= MAX_GOALS:
            raise UserInputError(f"A plan keeps at most {MAX_GOALS} goals: remove one first.")
        data = self._copy()
        data["goals"].append(clean)
        data["draft"] = {}
        self._save(data)
        return clean

    def remove_goal(self, index: int) -> dict[str, str]:
        """Remove goal number ``index`` (0-based) and return it."""
        if not 0 <= index < len(self.data["goals"]):
            raise UserInputError("Choose one of your goals to remove.")
        data = self._copy()
        removed = data["goals"].pop(index)
        self._save(data)
        return removed

    def markdown(self) -> str:
        """The plan as escaped Markdown."""
        return plan_markdown(self.data)


def _filled(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, dict):
        return any(_filled(v) for v in value.values())
    if isinstance(value, list):
        return bool(value)
    return bool(str(value).strip())


def _checked(spec: PlanField, value: Any) -> Any:
    if spec.kind in ("text", "area"):
        return _clean_text(value, spec.label, spec.limit)
    if spec.kind == "choice":
        if value in ("", None):
            return ""
        if value not in spec.options:
            raise UserInputError(f"'{value}' is not one of the choices for '{spec.label}'.")
        return value
    if spec.kind == "checklist":
        ticked = list(value) if isinstance(value, list | tuple) else []
        unknown = [v for v in ticked if v not in spec.options]
        if unknown or not isinstance(value, list | tuple):
            raise UserInputError(f"'{spec.label}' can only hold the items on its list.")
        return [o for o in spec.options if o in ticked]
    if spec.kind == "roles":
        if not isinstance(value, dict) or any(r not in ROLES for r in value):
            raise UserInputError("The training plan maps the course's roles to modules.")
        out = {}
        for role in ROLES:
            numbers = value.get(role, [])
            if not isinstance(numbers, list | tuple) or \
                    any(not isinstance(n, int) or not 1 <= n <= 10 for n in numbers):
                raise UserInputError(f"Modules for '{role}' should be module numbers 1-10.")
            if numbers:
                out[role] = sorted(set(numbers))
        return out
    raise UserInputError(f"Unknown kind of question: {spec.kind}.")


def _normalised(raw: Any) -> dict[str, Any]:
    """A plan dict with every part present and of the right type (bad parts dropped)."""
    raw = raw if isinstance(raw, dict) else {}
    who = raw.get("participant") if isinstance(raw.get("participant"), dict) else {}
    sections = raw.get("sections") if isinstance(raw.get("sections"), dict) else {}
    goals = raw.get("goals") if isinstance(raw.get("goals"), list) else []
    draft = raw.get("draft") if isinstance(raw.get("draft"), dict) else {}
    clean_sections: dict[str, dict[str, Any]] = {}
    for item in STEPS:
        answers = sections.get(item.key)
        if not isinstance(answers, dict):
            continue
        kept = {}
        for spec in item.fields:
            if spec.key in answers:
                try:
                    kept[spec.key] = _checked(spec, answers[spec.key])
                except UserInputError:
                    continue
        if kept:
            clean_sections[item.key] = kept
    return {
        "participant": {k: str(who.get(k, "")) for k in ("name", "library", "role")},
        "sections": clean_sections,
        "goals": [{k: str(g.get(k, "")) for k in GOAL_FIELDS} for g in goals
                  if isinstance(g, dict)],
        "draft": {k: str(draft.get(k, "")) for k in GOAL_FIELDS if k in draft},
        "updated": str(raw.get("updated", "")),
    }


# -- rendering ------------------------------------------------------------------------------
def _text_block(text: str) -> list[str]:
    lines = [escape_markdown(line) for line in str(text).strip().splitlines() if line.strip()]
    return [f"> {line}" for line in lines] if lines else []


def plan_markdown(saved: dict[str, Any], *, title: bool = True) -> str:
    """The action plan (``my_work/actionplan.json``) as escaped Markdown, step by step.

    ``title=False`` leaves out the heading and the "By …" and "Last changed" lines, for a
    page that already shows them (the portfolio).
    """
    data = _normalised(saved)
    who = data["participant"]
    out = ["## My action plan", ""] if title else []
    about = [p for p in (who["name"], who["role"], who["library"]) if p.strip()]
    if about and title:
        out += [f"By {escape_markdown(', '.join(about))}.", ""]
    if data["updated"] and title:
        out += [f"Last changed {escape_markdown(data['updated'])}.", ""]
    for item in STEPS:
        out += [f"### {escape_markdown(item.heading)}", "",
                f"*{escape_markdown(item.action)}*", ""]
        answers = data["sections"].get(item.key, {})
        wrote = False
        if item.key == "relationships":
            for n, goal in enumerate(data["goals"], 1):
                out.append(f"- **Goal {n}:** {escape_markdown(goal['goal'])} "
                           f"(measure: {escape_markdown(goal['measure'])}; target: "
                           f"{escape_markdown(goal['target'])}; owner: "
                           f"{escape_markdown(goal['owner'])}; by "
                           f"{escape_markdown(goal['due'])})")
                wrote = True
            if data["goals"]:
                out.append("")
        for spec in item.fields:
            value = answers.get(spec.key)
            if not _filled(value):
                continue
            wrote = True
            out.append(f"**{escape_markdown(spec.label)}**")
            out.append("")
            if spec.kind == "roles":
                out += [f"- {escape_markdown(role)}: Module{'s' if len(mods) > 1 else ''} "
                        f"{', '.join(str(n) for n in mods)}" for role, mods in value.items()]
            elif spec.kind == "checklist":
                out += [f"- {escape_markdown(v)}" for v in value]
            else:
                out += _text_block(value)
            out.append("")
        if not wrote:
            out += ["(Nothing written for this step yet.)", ""]
    return "\n".join(out).rstrip() + "\n"
