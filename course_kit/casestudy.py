"""Generator for the Millbrook Public Library case-study tables (all ten modules).

Millbrook is a fictional town of 25,000 residents. Everything this module writes is
synthetic: there are no real people, no names, and the ids are pseudonymous.

:func:`generate` writes one CSV file per name in :data:`TABLES`: the five Module 1 tables
(``branches``, ``community``, ``patrons``, ``visits``, ``needs_survey``) and the tables for
Modules 2-10 (daily usage, a loans sample and catalogue, the reference log, incidents,
programs and their outcome surveys, a LibQUAL+-style user survey, comments, social posts and
newsletters, an accessibility audit, costs and the value of services). The output is deterministic:
the same seed gives byte-identical files on every run (fixed number formatting, sorted
rows, ``\\n`` line endings, UTF-8). The hand-maintained ``datapackage.json`` next to the
CSV files describes them; :mod:`course_kit.data` loads them.

The figures are calibrated to the IMLS Public Libraries Survey per-capita norms (about
4.5 visits and 7.5 loans per resident a year; registered users about half the
population). The stories built into the data are described in ``datasets/TRAINERS.md``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import numpy as np
import pandas as pd

from course_kit.data import AGE_BANDS

__all__ = ["DEFAULT_SEED", "SNAPSHOT_DATE", "TABLES", "generate"]

DEFAULT_SEED = 20240101

#: The day the patron extract was taken; "last 12 months" means the 12 months to this day.
SNAPSHOT_DATE = dt.date(2025, 12, 31)

#: The tables :func:`generate` writes, in this order.
TABLES = (
    "branches",
    "community",
    "patrons",
    "visits",
    "needs_survey",
    "community_languages",
    "usage",
    "catalogue",
    "loans",
    "reference",
    "incidents",
    "programs",
    "program_outcomes",
    "survey_responses",
    "libqual_items",
    "libqual_ratings",
    "comments",
    "comment_replies",
    "social_posts",
    "newsletters",
    "accessibility_audit",
    "operating_costs",
    "service_values",
)

_AGE_COLUMNS = ("age_0_12", "age_13_17", "age_18_34", "age_35_64", "age_65_plus")
_LANGUAGES = ("English", "Spanish", "Vietnamese", "Other")

# --------------------------------------------------------------------------------------
# The town
# --------------------------------------------------------------------------------------

# id, name, nearest branch, population, age shares, Spanish, other language, broadband,
# income band, registration factor (how readily residents sign up for a card)
_NEIGHBOURHOODS = (
    (
        "N1",
        "Old Town",
        "CEN",
        4100,
        (0.10, 0.04, 0.30, 0.36, 0.20),
        0.10,
        0.05,
        0.86,
        "middle",
        1.00,
    ),
    (
        "N2",
        "Northfield",
        "CEN",
        4900,
        (0.15, 0.07, 0.17, 0.41, 0.20),
        0.04,
        0.04,
        0.94,
        "high",
        1.08,
    ),
    (
        "N3",
        "Eastgate",
        "EAS",
        5200,
        (0.16, 0.07, 0.22, 0.38, 0.17),
        0.12,
        0.10,
        0.88,
        "middle",
        1.00,
    ),
    ("N4", "Southgate", "RIV", 4300, (0.20, 0.08, 0.26, 0.34, 0.12), 0.45, 0.06, 0.68, "low", 0.62),
    (
        "N5",
        "Riverbend",
        "RIV",
        3100,
        (0.14, 0.06, 0.20, 0.38, 0.22),
        0.14,
        0.04,
        0.83,
        "middle",
        0.95,
    ),
    (
        "N6",
        "Hillcrest",
        "HIL",
        3400,
        (0.12, 0.06, 0.14, 0.40, 0.28),
        0.03,
        0.03,
        0.93,
        "high",
        1.05,
    ),
)

# Opening schedules: hours open on Monday … Sunday.
_SCHEDULES = {
    "CEN": (11, 11, 11, 11, 8, 8, 0),
    "EAS": (9, 9, 9, 9, 6, 6, 0),
    "RIV_2024": (10, 10, 10, 10, 7, 5, 0),
    "RIV_2025": (7, 7, 7, 7, 7, 5, 0),
    "HIL": (0, 6, 6, 6, 6, 6, 0),
}

# id, name, neighbourhood, has evening hours, evening hours ended on, computers, seats,
# meeting rooms, opened
_BRANCHES = (
    ("CEN", "Central Library", "N1", True, "", 32, 180, 4, 1968),
    ("EAS", "Eastside Branch", "N3", True, "", 16, 90, 2, 1987),
    ("RIV", "Riverside Branch", "N5", False, "2025-01-01", 12, 70, 1, 1994),
    ("HIL", "Hillcrest Branch", "N6", False, "", 6, 40, 1, 2009),
)

# Days every branch is closed (New Year, Memorial Day, Independence Day, Labor Day,
# Thanksgiving, Christmas).
_HOLIDAYS = {
    dt.date(2024, 1, 1),
    dt.date(2024, 5, 27),
    dt.date(2024, 7, 4),
    dt.date(2024, 9, 2),
    dt.date(2024, 11, 28),
    dt.date(2024, 12, 25),
    dt.date(2025, 1, 1),
    dt.date(2025, 5, 26),
    dt.date(2025, 7, 4),
    dt.date(2025, 9, 1),
    dt.date(2025, 11, 27),
    dt.date(2025, 12, 25),
}

# Annual door counts. Riverside loses about a quarter of its visits when its evening
# hours go in January 2025; some of those evening visitors move to Central.
_ANNUAL_VISITS = {
    2024: {"CEN": 50_000, "EAS": 28_000, "RIV": 21_000, "HIL": 13_500},
    2025: {"CEN": 51_600, "EAS": 28_300, "RIV": 15_600, "HIL": 13_600},
}
# Summer peak (children's summer reading), December dip.
_MONTH_WEIGHTS = (0.95, 0.93, 1.00, 0.98, 0.97, 1.18, 1.22, 1.08, 0.98, 1.00, 0.93, 0.78)

# --------------------------------------------------------------------------------------
# Patrons
# --------------------------------------------------------------------------------------

_REGISTRATION_BY_AGE = (0.74, 0.38, 0.51, 0.62, 0.67)
_REGISTRATION_BY_LANGUAGE = {"English": 1.0, "Spanish": 0.75, "Vietnamese": 0.85, "Other": 0.9}
# Probability that a registered patron has not used the library for more than 12 months.
_LAPSED_BY_AGE = (0.19, 0.33, 0.31, 0.24, 0.35)

_SEGMENTS = ("family", "ebook", "print", "computer", "occasional")
# Segment mix of active patrons, per age band (rows) and segment (columns).
_SEGMENT_MIX = np.array(
    [
        [0.55, 0.03, 0.15, 0.05, 0.22],  # 0-12
        [0.05, 0.10, 0.12, 0.40, 0.33],  # 13-17
        [0.15, 0.25, 0.10, 0.20, 0.30],  # 18-34
        [0.15, 0.30, 0.20, 0.08, 0.27],  # 35-64
        [0.02, 0.07, 0.48, 0.08, 0.35],  # 65+
    ]
)
_SEGMENT_BY_LANGUAGE = {
    "English": np.ones(5),
    "Spanish": np.array([1.1, 0.3, 0.7, 2.6, 1.0]),
    "Vietnamese": np.array([1.0, 0.6, 0.9, 1.6, 1.0]),
    "Other": np.array([1.0, 0.9, 1.0, 1.3, 1.0]),
}
# Mean physical loans, e-loans, program attendances and computer sessions a year.
_SEGMENT_MEANS = {
    "family": (14.0, 1.5, 8.0, 0.4),
    "ebook": (2.0, 28.0, 0.3, 0.3),
    "print": (42.0, 1.2, 0.6, 0.3),
    "computer": (1.6, 0.5, 0.5, 18.0),
    "occasional": (3.5, 1.0, 0.3, 0.8),
}
_DISPERSION = 2.5  # negative-binomial shape: smaller = heavier tail

_CONTACTS = ("email", "text", "phone", "post")
_CONTACT_BY_AGE = (
    (0.55, 0.30, 0.12, 0.03),
    (0.35, 0.60, 0.05, 0.00),
    (0.48, 0.45, 0.05, 0.02),
    (0.60, 0.28, 0.09, 0.03),
    (0.40, 0.10, 0.35, 0.15),
)

# --------------------------------------------------------------------------------------
# Community needs survey
# --------------------------------------------------------------------------------------

_SURVEY_SIZE = 800
_SURVEY_START = dt.date(2025, 3, 17)
_SURVEY_END = dt.date(2025, 5, 16)

_FREQUENCIES = ("weekly", "monthly", "few times a year", "rarely", "never")
_REASONS = (
    "borrow books",
    "children's activities",
    "computers and Wi-Fi",
    "study or work space",
    "events and classes",
    "job or business help",
    "meet people",
    "research help",
)
# Main reason for visiting, per age band 13-17 … 65+.
_REASON_BY_AGE = {
    "13-17": (0.20, 0.00, 0.25, 0.33, 0.08, 0.02, 0.10, 0.02),
    "18-34": (0.28, 0.14, 0.16, 0.18, 0.08, 0.08, 0.04, 0.04),
    "35-64": (0.40, 0.18, 0.08, 0.06, 0.12, 0.07, 0.04, 0.05),
    "65+": (0.52, 0.04, 0.08, 0.02, 0.20, 0.01, 0.10, 0.03),
}
_NEEDS = (
    "longer opening hours",
    "more e-books",
    "help with technology",
    "more for teens",
    "quiet study space",
    "services in Spanish",
    "more children's programs",
    "easier website",
)
_BARRIERS = (
    "hours",
    "transport",
    "awareness",
    "language",
    "digital_skills",
    "fines_fees",
    "physical_access",
    "feels_unwelcome",
    "no_time",
)
_BARRIER_BASE_NONUSER = (0.34, 0.12, 0.46, 0.04, 0.10, 0.09, 0.04, 0.07, 0.40)
_BARRIER_BASE_USER = (0.20, 0.07, 0.14, 0.02, 0.08, 0.06, 0.04, 0.03, 0.20)
_LEARNING = (
    "hands-on workshop",
    "one-to-one help",
    "short video",
    "written step-by-step guide",
    "group class",
)
_LEARNING_BY_AGE = {
    "13-17": (0.25, 0.10, 0.45, 0.10, 0.10),
    "18-34": (0.22, 0.15, 0.33, 0.18, 0.12),
    "35-64": (0.25, 0.22, 0.18, 0.22, 0.13),
    "65+": (0.25, 0.35, 0.05, 0.20, 0.15),
}
_CHANNELS = (
    "email",
    "text message",
    "social media",
    "library website",
    "in person",
    "printed newsletter",
)
_CHANNEL_BY_AGE = {
    "13-17": (0.08, 0.25, 0.45, 0.07, 0.12, 0.03),
    "18-34": (0.25, 0.25, 0.30, 0.10, 0.07, 0.03),
    "35-64": (0.40, 0.20, 0.15, 0.12, 0.07, 0.06),
    "65+": (0.30, 0.08, 0.05, 0.07, 0.20, 0.30),
}

_COMMENTS_EN = {
    "longer opening hours": (
        "Please open later on weekdays, I work until 6.",
        "Riverside used to be open in the evening. Now I can never get there.",
        "Sunday hours would help families like mine.",
        "By the time school and practice are over the library is closed.",
    ),
    "more e-books": (
        "The waiting lists for e-books are too long.",
        "More audiobooks for my commute, please.",
        "I read almost everything on my phone now.",
    ),
    "help with technology": (
        "I would like someone to show me how to use my tablet.",
        "Help with online forms would be great.",
        "I don't know how to download the e-books.",
    ),
    "more for teens": (
        "Somewhere to hang out after school that isn't the kids' room.",
        "Gaming club or a maker space for teens.",
        "More things for people my age.",
    ),
    "quiet study space": (
        "It's hard to find a quiet seat during exams.",
        "Bookable study rooms would help.",
        "I need a quiet place to work with good Wi-Fi.",
    ),
    "services in Spanish": (
        "More books in Spanish for my parents.",
        "Staff who speak Spanish at Riverside would help.",
    ),
    "more children's programs": (
        "Story time fills up too fast.",
        "More weekend activities for small children.",
        "The summer reading program was wonderful.",
    ),
    "easier website": (
        "I couldn't find how to renew my card on the website.",
        "The catalog is confusing.",
        "I didn't know the library had all these things until today.",
    ),
}
_COMMENTS_ES = {
    "longer opening hours": (
        "Trabajo hasta tarde y la biblioteca ya está cerrada.",
        "Antes Riverside abría por la noche.",
    ),
    "services in Spanish": (
        "Más libros en español para mis hijos.",
        "Necesitamos personal que hable español.",
        "No sabía que podía sacar una tarjeta sin documentos.",
    ),
    "help with technology": (
        "Quiero aprender a usar la computadora.",
        "Ayuda con formularios en línea, por favor.",
    ),
    "more children's programs": (
        "Cuentos en español para los niños.",
        "Más actividades para niños los sábados.",
    ),
}
_COMMENTS_GENERIC = (
    "The staff are always friendly.",
    "Thank you for everything you do.",
    "I didn't know the library offered this.",
    "Parking is difficult near Central.",
)


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


def _split_exact(total: int, shares: tuple[float, ...] | np.ndarray) -> np.ndarray:
    """Split ``total`` into integer parts proportional to ``shares`` (largest remainder)."""
    raw = np.asarray(shares, dtype=float) / float(np.sum(shares)) * total
    parts = np.floor(raw).astype(np.int64)
    remainder = raw - parts
    order = np.argsort(-remainder, kind="stable")
    parts[order[: total - int(parts.sum())]] += 1
    return parts


def _choice(rng: np.random.Generator, options: tuple[str, ...], weights) -> str:
    p = np.asarray(weights, dtype=float)
    return options[int(rng.choice(len(options), p=p / p.sum()))]


def _neg_binomial(rng: np.random.Generator, mean: np.ndarray) -> np.ndarray:
    mean = np.asarray(mean, dtype=float)
    p = _DISPERSION / (_DISPERSION + mean)
    return rng.negative_binomial(_DISPERSION, p).astype(np.int64)


def _days_between(rng: np.random.Generator, start: dt.date, end: dt.date, size: int):
    span = (end - start).days
    return [start + dt.timedelta(days=int(d)) for d in rng.integers(0, span + 1, size)]


def _bool_text(values) -> list[str]:
    return ["true" if v else "false" for v in values]


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` (all columns already text) with fixed, platform-independent bytes."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        frame.to_csv(handle, index=False, lineterminator="\n")


# --------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------


def _community() -> pd.DataFrame:
    rows = []
    for nid, name, branch, pop, shares, spanish, other, broadband, income, _ in _NEIGHBOURHOODS:
        ages = _split_exact(pop, shares)
        row = {
            "neighbourhood_id": nid,
            "name": name,
            "nearest_branch_id": branch,
            "population": pop,
        }
        row.update({col: int(n) for col, n in zip(_AGE_COLUMNS, ages, strict=True)})
        row.update(
            {
                "share_spanish_at_home": spanish,
                "share_other_language_at_home": other,
                "share_with_broadband": broadband,
                "income_band": income,
            }
        )
        rows.append(row)
    return pd.DataFrame(rows)


def _branches() -> pd.DataFrame:
    rows = []
    for bid, name, nid, evening, ended, computers, seats, rooms, opened in _BRANCHES:
        schedule = _SCHEDULES["RIV_2025" if bid == "RIV" else bid]
        rows.append(
            {
                "branch_id": bid,
                "name": name,
                "neighbourhood_id": nid,
                "weekly_open_hours": sum(schedule),
                "days_open_per_week": sum(h > 0 for h in schedule),
                "has_evening_hours": evening,
                "evening_hours_ended_on": ended,
                "public_computers": computers,
                "seats": seats,
                "meeting_rooms": rooms,
                "opened_year": opened,
            }
        )
    return pd.DataFrame(rows)


def _open_hours(branch: str, year: int, month: int) -> int:
    key = f"RIV_{year}" if branch == "RIV" else branch
    schedule = _SCHEDULES[key]
    day = dt.date(year, month, 1)
    hours = 0
    while day.month == month:
        if day not in _HOLIDAYS:
            hours += schedule[day.weekday()]
        day += dt.timedelta(days=1)
    return hours


def _visits(rng: np.random.Generator) -> pd.DataFrame:
    weights = np.asarray(_MONTH_WEIGHTS) / sum(_MONTH_WEIGHTS)
    rows = []
    for year in (2024, 2025):
        for bid, *_ in _BRANCHES:
            annual = _ANNUAL_VISITS[year][bid]
            noise = rng.normal(1.0, 0.03, 12)
            for month in range(1, 13):
                rows.append(
                    {
                        "month": dt.date(year, month, 1).isoformat(),
                        "branch_id": bid,
                        "visits": round(annual * weights[month - 1] * noise[month - 1]),
                        "open_hours": _open_hours(bid, year, month),
                    }
                )
    return pd.DataFrame(rows).sort_values(["month", "branch_id"], kind="stable")


def _patrons(rng: np.random.Generator, community: pd.DataFrame) -> pd.DataFrame:
    branch_ids = [b[0] for b in _BRANCHES]
    groups = []
    for (nid, _name, nearest, _pop, _sh, spanish, other, _bb, _inc, factor), (_, crow) in zip(
        _NEIGHBOURHOODS, community.iterrows(), strict=True
    ):
        lang_shares = (1 - spanish - other, spanish, other * 0.6, other * 0.4)
        for band_index, band in enumerate(AGE_BANDS):
            residents = int(crow[_AGE_COLUMNS[band_index]])
            by_language = _split_exact(residents, lang_shares)
            for lang, n_res in zip(_LANGUAGES, by_language, strict=True):
                rate = min(
                    0.95,
                    _REGISTRATION_BY_AGE[band_index] * factor * _REGISTRATION_BY_LANGUAGE[lang],
                )
                n = int(rng.binomial(int(n_res), rate))
                if n:
                    groups.append((nid, nearest, band_index, band, lang, n))

    records: dict[str, list] = {
        k: []
        for k in (
            "neighbourhood_id",
            "home_branch_id",
            "age_band",
            "preferred_language",
            "segment",
            "lapsed",
        )
    }
    for nid, nearest, band_index, band, lang, n in groups:
        lapse_p = _LAPSED_BY_AGE[band_index] * (1.2 if nid == "N4" else 1.0)
        lapsed = rng.random(n) < lapse_p
        mix = _SEGMENT_MIX[band_index] * _SEGMENT_BY_LANGUAGE[lang]
        segment = rng.choice(len(_SEGMENTS), size=n, p=mix / mix.sum())
        if nearest == "CEN":
            branch_p = np.array([0.78 if b == "CEN" else 0.22 / 3 for b in branch_ids])
        else:
            branch_p = np.array(
                [0.78 if b == nearest else 0.14 if b == "CEN" else 0.04 for b in branch_ids]
            )
        home = rng.choice(len(branch_ids), size=n, p=branch_p)
        records["neighbourhood_id"] += [nid] * n
        records["home_branch_id"] += [branch_ids[i] for i in home]
        records["age_band"] += [band] * n
        records["preferred_language"] += [lang] * n
        records["segment"] += [_SEGMENTS[i] for i in segment]
        records["lapsed"] += lapsed.tolist()

    df = pd.DataFrame(records)
    n = len(df)
    band_index = df["age_band"].map({b: i for i, b in enumerate(AGE_BANDS)}).to_numpy()

    # Activity in the last 12 months: segment means, scaled by a personal intensity.
    means = np.array([_SEGMENT_MEANS[s] for s in df["segment"]])
    intensity = rng.lognormal(mean=-0.08, sigma=0.4, size=n)[:, None]
    counts = _neg_binomial(rng, means * intensity)
    lapsed = df["lapsed"].to_numpy()
    counts[lapsed] = 0
    # An active patron did something in the last 12 months, at least one loan or visit.
    idle = (~lapsed) & (counts.sum(axis=1) == 0)
    counts[idle, 0] = 1
    loans, eloans, programs, sessions = counts.T
    holds = rng.binomial(loans + eloans, 0.16)

    # Dates: registration (bounded by age), last activity (purged after 3 years idle).
    snapshot = SNAPSHOT_DATE
    earliest_by_band = (
        dt.date(2013, 6, 1),
        dt.date(2008, 9, 1),
        dt.date(2002, 1, 1),
        dt.date(2002, 1, 1),
        dt.date(2002, 1, 1),
    )
    last_active = []
    registered = []
    years_back = rng.exponential(6.0, n)
    recency = rng.exponential(45.0, n)
    lapsed_day = rng.integers(0, (dt.date(2024, 12, 31) - dt.date(2023, 1, 1)).days + 1, n)
    for i in range(n):
        if lapsed[i]:
            last = dt.date(2023, 1, 1) + dt.timedelta(days=int(lapsed_day[i]))
        else:
            last = snapshot - dt.timedelta(days=min(int(recency[i]), 364))
        earliest = earliest_by_band[band_index[i]]
        span = (last - earliest).days
        back = min(int(years_back[i] * 365.25), span)
        registered.append(last - dt.timedelta(days=back))
        last_active.append(last)

    # Contact preferences.
    contact = []
    has_email = []
    email_p = rng.random(n)
    contact_draw = rng.random(n)
    for i in range(n):
        p = np.array(_CONTACT_BY_AGE[band_index[i]], dtype=float)
        if df.at[i, "preferred_language"] == "Spanish":
            p = p * np.array([0.6, 1.8, 1.2, 0.6])
        cum = np.cumsum(p / p.sum())
        c = _CONTACTS[int(np.searchsorted(cum, contact_draw[i], side="right"))]
        contact.append(c)
        base = 0.55 if band_index[i] == 4 else 0.8
        if df.at[i, "preferred_language"] == "Spanish":
            base -= 0.2
        has_email.append(c == "email" or email_p[i] < base)

    df["registered_on"] = registered
    df["last_active_on"] = last_active
    df["loans_12m"] = loans
    df["eloans_12m"] = eloans
    df["holds_12m"] = holds
    df["programs_12m"] = programs
    df["computer_sessions_12m"] = sessions
    df["preferred_contact"] = contact
    df["has_email"] = has_email

    # Pseudonymous ids in registration order.
    df = df.sort_values(
        [
            "registered_on",
            "neighbourhood_id",
            "age_band",
            "preferred_language",
            "segment",
            "last_active_on",
            "loans_12m",
            "eloans_12m",
            "programs_12m",
            "computer_sessions_12m",
            "holds_12m",
            "home_branch_id",
            "preferred_contact",
        ],
        kind="stable",
    ).reset_index(drop=True)
    df.insert(0, "patron_id", [f"P{i:05d}" for i in range(1, len(df) + 1)])
    df["registered_on"] = [d.isoformat() for d in df["registered_on"]]
    df["last_active_on"] = [d.isoformat() for d in df["last_active_on"]]
    df["has_email"] = _bool_text(df["has_email"])
    return df[
        [
            "patron_id",
            "home_branch_id",
            "neighbourhood_id",
            "age_band",
            "registered_on",
            "last_active_on",
            "loans_12m",
            "eloans_12m",
            "holds_12m",
            "programs_12m",
            "computer_sessions_12m",
            "preferred_language",
            "preferred_contact",
            "has_email",
        ]
    ]


def _survey(
    rng: np.random.Generator, community: pd.DataFrame, patrons: pd.DataFrame
) -> pd.DataFrame:
    reg = (
        patrons.groupby("neighbourhood_id").size()
        / community.set_index("neighbourhood_id")["population"]
    )
    nb_ids = list(community["neighbourhood_id"])
    nb_weights = community["population"].to_numpy(dtype=float)
    nb_weights[nb_ids.index("N4")] *= 1.3  # extra community-event collection in Southgate
    info = community.set_index("neighbourhood_id")
    bands = AGE_BANDS[1:]  # respondents were 13 or older
    dates = sorted(_days_between(rng, _SURVEY_START, _SURVEY_END, _SURVEY_SIZE))

    rows = []
    for i in range(_SURVEY_SIZE):
        nid = nb_ids[int(rng.choice(len(nb_ids), p=nb_weights / nb_weights.sum()))]
        band = _choice(rng, bands, [info.at[nid, c] for c in _AGE_COLUMNS[1:]])
        spanish_home = rng.random() < info.at[nid, "share_spanish_at_home"]
        respond_in_spanish = spanish_home and rng.random() < 0.7
        user_p = min(0.9, float(reg[nid]) * 1.15) * (0.8 if spanish_home else 1.0)
        if band == "13-17":
            user_p *= 0.85
        uses = bool(rng.random() < user_p)
        riverside_area = info.at[nid, "nearest_branch_id"] == "RIV"

        if uses:
            channel = _choice(
                rng, ("online", "paper at library", "community event"), (0.45, 0.40, 0.15)
            )
            frequency = _choice(rng, _FREQUENCIES[:4], (0.25, 0.35, 0.28, 0.12))
            reason = _choice(rng, _REASONS, _REASON_BY_AGE[band])
            base = np.array(_BARRIER_BASE_USER)
        else:
            channel = _choice(
                rng,
                ("online", "paper at library", "community event"),
                (0.5, 0.0, 0.5 + (0.2 if nid == "N4" else 0.0)),
            )
            frequency = "never"
            reason = ""
            base = np.array(_BARRIER_BASE_NONUSER)

        prob = base.copy()
        b = {name: k for k, name in enumerate(_BARRIERS)}
        if band == "13-17":
            prob[b["hours"]] *= 2.2
            prob[b["no_time"]] *= 0.8
        if band == "65+":
            prob[b["physical_access"]] *= 3.0
            prob[b["digital_skills"]] *= 2.5
            prob[b["transport"]] *= 1.6
            prob[b["no_time"]] *= 0.5
        if band in ("18-34", "35-64"):
            prob[b["no_time"]] *= 1.3
        if spanish_home:
            prob[b["language"]] = 0.62 if respond_in_spanish else 0.3
            prob[b["awareness"]] *= 1.3
            prob[b["feels_unwelcome"]] *= 1.6
        if info.at[nid, "income_band"] == "low":
            prob[b["fines_fees"]] *= 1.8
            prob[b["transport"]] *= 1.5
        if riverside_area and uses:
            prob[b["hours"]] *= 1.8
        barriers = rng.random(len(_BARRIERS)) < np.minimum(prob, 0.95)

        need_w = np.ones(len(_NEEDS))
        n_idx = {name: k for k, name in enumerate(_NEEDS)}
        if band == "13-17":
            need_w[n_idx["more for teens"]] *= 6
            need_w[n_idx["quiet study space"]] *= 2.5
            need_w[n_idx["more children's programs"]] *= 0.1
        if band == "18-34":
            need_w[n_idx["quiet study space"]] *= 2
            need_w[n_idx["more children's programs"]] *= 2
        if band == "35-64":
            need_w[n_idx["more e-books"]] *= 2
            need_w[n_idx["more children's programs"]] *= 1.5
        if band == "65+":
            need_w[n_idx["help with technology"]] *= 2.5
            need_w[n_idx["more for teens"]] *= 0.2
        if barriers[b["hours"]]:
            need_w[n_idx["longer opening hours"]] *= 4
        if barriers[b["language"]] or respond_in_spanish:
            need_w[n_idx["services in Spanish"]] *= 10
        elif not spanish_home:
            need_w[n_idx["services in Spanish"]] *= 0.15
        if barriers[b["digital_skills"]]:
            need_w[n_idx["help with technology"]] *= 5
        if barriers[b["awareness"]]:
            need_w[n_idx["easier website"]] *= 2
        need = _choice(rng, _NEEDS, need_w)

        learning_w = np.array(_LEARNING_BY_AGE[band])
        channel_w = np.array(_CHANNEL_BY_AGE[band])
        if spanish_home:
            channel_w = channel_w * np.array([0.6, 1.6, 1.3, 0.7, 1.6, 0.8])
            learning_w = learning_w * np.array([1.2, 1.5, 1.0, 0.6, 1.0])
        learning = _choice(rng, _LEARNING, learning_w)
        pref_channel = _choice(rng, _CHANNELS, channel_w)

        if uses:
            sat_w = (
                (0.08, 0.17, 0.30, 0.30, 0.15) if riverside_area else (0.03, 0.07, 0.18, 0.40, 0.32)
            )
            satisfaction = str(1 + int(rng.choice(5, p=np.array(sat_w) / sum(sat_w))))
        else:
            satisfaction = ""

        comment = ""
        if rng.random() < 0.55:
            if respond_in_spanish:
                pool = _COMMENTS_ES.get(need, _COMMENTS_ES["services in Spanish"])
            elif rng.random() < 0.8:
                pool = _COMMENTS_EN[need]
            else:
                pool = _COMMENTS_GENERIC
            comment = pool[int(rng.integers(len(pool)))]

        row = {
            "response_id": f"S{i + 1:04d}",
            "collected_on": dates[i].isoformat(),
            "collection_channel": channel,
            "response_language": "Spanish" if respond_in_spanish else "English",
            "uses_library": "true" if uses else "false",
            "neighbourhood_id": nid,
            "age_band": band,
            "visit_frequency": frequency,
            "main_reason": reason,
            "top_need": need,
        }
        row.update(
            {
                f"barrier_{name}": "true" if flag else "false"
                for name, flag in zip(_BARRIERS, barriers, strict=True)
            }
        )
        row.update(
            {
                "preferred_learning": learning,
                "preferred_channel": pref_channel,
                "satisfaction": satisfaction,
                "comment": comment,
            }
        )
        rows.append(row)
    return pd.DataFrame(rows)


# ======================================================================================
# Tables for Modules 2-10 (issue 3). Each table draws from its own random stream,
# np.random.default_rng([seed, k]), so the Module 1 tables above stay byte-identical.
# ======================================================================================

_STREAMS = {
    "community_languages": 1,
    "programs": 2,
    "program_outcomes": 3,
    "usage": 4,
    "catalogue": 5,
    "loans": 6,
    "reference": 7,
    "incidents": 8,
    "survey": 9,
    "comments": 10,
    "social_posts": 11,
    "newsletters": 12,
    "comment_replies": 13,
}

_BRANCH_IDS = ("CEN", "EAS", "HIL", "RIV")
_DAYS = tuple(
    dt.date(2024, 1, 1) + dt.timedelta(days=i)
    for i in range((dt.date(2025, 12, 31) - dt.date(2024, 1, 1)).days + 1)
)
_DAYS_2025 = tuple(d for d in _DAYS if d.year == 2025)

# Opening time (hour of the day) of each branch; closing = opening + that day's hours.
_OPENS_AT = {"CEN": 9, "EAS": 10, "RIV": 10, "HIL": 10}
# Relative busyness of an open hour, Monday … Sunday.
_HOUR_WEIGHT_BY_WEEKDAY = (1.0, 1.0, 1.0, 1.0, 0.95, 1.25, 1.0)
# An after-school hour (after 3 pm on a school day) is busier than a morning hour.
_AFTER_SCHOOL_WEIGHT = 1.6

# Physical loans split by format (print, audiobook on CD, DVD).
_PHYSICAL_FORMAT_SHARES = (0.82, 0.05, 0.13)


def _rng(seed: int, table: str) -> np.random.Generator:
    return np.random.default_rng([seed, _STREAMS[table]])


def _hours_on(branch: str, day: dt.date) -> int:
    if day in _HOLIDAYS:
        return 0
    key = f"RIV_{day.year}" if branch == "RIV" else branch
    return _SCHEDULES[key][day.weekday()]


def _school_day(day: dt.date) -> bool:
    """Weekdays outside the summer holiday (mid-June to August) and the winter break."""
    if day.weekday() >= 5:
        return False
    if (6, 14) < (day.month, day.day) <= (8, 31):
        return False
    return not (day.month == 12 and day.day >= 23) and not (day.month == 1 and day.day <= 2)


def _fmt(x: float, digits: int = 2) -> str:
    return f"{x:.{digits}f}"


# --------------------------------------------------------------------------------------
# Languages spoken at home (Module 9)
# --------------------------------------------------------------------------------------

# How each neighbourhood's "other language" share splits between languages.
_OTHER_LANGUAGES = ("Vietnamese", "Arabic", "Chinese", "Tagalog", "Other")
_OTHER_SPLIT = {
    "N1": (0.35, 0.15, 0.25, 0.10, 0.15),
    "N2": (0.30, 0.10, 0.30, 0.15, 0.15),
    "N3": (0.70, 0.12, 0.06, 0.06, 0.06),
    "N4": (0.55, 0.20, 0.05, 0.10, 0.10),
    "N5": (0.50, 0.15, 0.10, 0.10, 0.15),
    "N6": (0.25, 0.10, 0.30, 0.15, 0.20),
}


def _community_languages() -> pd.DataFrame:
    rows = []
    for nid, _name, _branch, pop, _shares, spanish, other, *_ in _NEIGHBOURHOODS:
        n_spanish = round(pop * spanish)
        n_other = round(pop * other)
        counts = {"English": pop - n_spanish - n_other, "Spanish": n_spanish}
        split = _split_exact(n_other, _OTHER_SPLIT[nid])
        counts.update(dict(zip(_OTHER_LANGUAGES, (int(x) for x in split), strict=True)))
        for language, speakers in counts.items():
            rows.append({"neighbourhood_id": nid, "language": language, "speakers": speakers})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------
# Daily visits (the monthly visits.csv split over the days of the month)
# --------------------------------------------------------------------------------------


def _daily_visits(rng: np.random.Generator, visits: pd.DataFrame) -> pd.DataFrame:
    """Split each branch's monthly door count over its open days (sums agree exactly)."""
    monthly = {(r.month, r.branch_id): int(r.visits) for r in visits.itertuples(index=False)}
    rows = []
    for branch in _BRANCH_IDS:
        for year in (2024, 2025):
            for month in range(1, 13):
                days = [d for d in _DAYS if d.year == year and d.month == month]
                hours = np.array([_hours_on(branch, d) for d in days], dtype=float)
                weights = (
                    hours
                    * np.array([_HOUR_WEIGHT_BY_WEEKDAY[d.weekday()] for d in days])
                    * rng.lognormal(0.0, 0.12, len(days))
                )
                total = monthly[(dt.date(year, month, 1).isoformat(), branch)]
                counts = _split_exact(total, weights)
                for day, h, n in zip(days, hours, counts, strict=True):
                    opens = _OPENS_AT[branch]
                    after = max(0, opens + int(h) - 15) if h else 0
                    before = int(h) - after
                    w_after = _AFTER_SCHOOL_WEIGHT if _school_day(day) else 1.0
                    share = after * w_after / (before + after * w_after) if h else 0.0
                    rows.append(
                        {
                            "date": day,
                            "branch_id": branch,
                            "open_hours": int(h),
                            "visits": int(n),
                            "visits_after_3pm": int(rng.binomial(int(n), share)) if n else 0,
                        }
                    )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------
# Programs (events) and their PLA Project Outcome surveys
# --------------------------------------------------------------------------------------

_SERVICE_AREAS = (
    "Civic/Community Engagement",
    "Digital Learning",
    "Early Childhood Literacy",
    "Economic Development",
    "Education/Lifelong Learning",
    "Health",
    "Job Skills",
    "Summer Reading",
)
_AUDIENCES = ("children", "teens", "adults", "seniors", "families", "all")

# title, branch, weekday (0 = Monday), start, audience, service area, language,
# mean attendance, frequency ("weekly" or the week of the month 1-4), years offered
_PROGRAM_SERIES = (
    ("Baby Rhyme Time", "CEN", 1, "10:30", "families", 2, "English", 24, "weekly", (2024, 2025)),
    (
        "Preschool Story Time",
        "CEN",
        2,
        "10:30",
        "children",
        2,
        "English",
        28,
        "weekly",
        (2024, 2025),
    ),
    ("Tech Help Drop-in", "CEN", 3, "14:00", "seniors", 1, "English", 10, "weekly", (2024, 2025)),
    ("Job Search Lab", "CEN", 0, "13:00", "adults", 6, "English", 9, "weekly", (2024, 2025)),
    ("Teen Game Night", "CEN", 3, "16:00", "teens", 4, "English", 16, "weekly", (2024, 2025)),
    ("Chair Yoga", "CEN", 4, "11:00", "seniors", 5, "English", 18, "weekly", (2024, 2025)),
    ("Millbrook Readers Book Club", "CEN", 1, "18:30", "adults", 4, "English", 14, 1, (2024, 2025)),
    ("Small Business Clinic", "CEN", 2, "18:00", "adults", 3, "English", 10, 2, (2024, 2025)),
    ("Community Conversations", "CEN", 3, "18:30", "all", 0, "English", 26, 3, (2024, 2025)),
    ("Resume Review Day", "CEN", 5, "10:00", "adults", 6, "English", 12, 4, (2024, 2025)),
    ("Story Time", "EAS", 1, "10:30", "families", 2, "English", 22, "weekly", (2024, 2025)),
    ("Homework Help", "EAS", 0, "15:30", "children", 4, "English", 12, "weekly", (2024, 2025)),
    ("Homework Help", "EAS", 2, "15:30", "children", 4, "English", 12, "weekly", (2024, 2025)),
    ("Digital Basics Class", "EAS", 5, "10:30", "adults", 1, "English", 9, 2, (2024, 2025)),
    ("Healthy Cooking on a Budget", "EAS", 3, "17:30", "adults", 5, "English", 14, 3, (2024, 2025)),
    (
        "Cuentos y Canciones",
        "RIV",
        5,
        "10:30",
        "families",
        2,
        "Spanish",
        18,
        "weekly",
        (2024, 2025),
    ),
    ("Story Time", "RIV", 2, "10:30", "children", 2, "English", 15, "weekly", (2024, 2025)),
    ("After-School Maker Club", "RIV", 1, "16:00", "teens", 4, "English", 14, "weekly", (2024,)),
    ("Maker Club", "RIV", 5, "13:00", "teens", 4, "English", 7, "weekly", (2025,)),
    (
        "Ayuda con la Computadora",
        "RIV",
        3,
        "11:00",
        "adults",
        1,
        "Spanish",
        8,
        "weekly",
        (2024, 2025),
    ),
    (
        "English Conversation Group",
        "RIV",
        0,
        "17:30",
        "adults",
        4,
        "bilingual",
        11,
        "weekly",
        (2024,),
    ),
    (
        "English Conversation Group",
        "RIV",
        0,
        "11:00",
        "adults",
        4,
        "bilingual",
        6,
        "weekly",
        (2025,),
    ),
    ("Toddler Time", "HIL", 3, "10:30", "families", 2, "English", 14, "weekly", (2024, 2025)),
    ("Health Talks for Seniors", "HIL", 1, "14:00", "seniors", 5, "English", 16, 2, (2024, 2025)),
    ("Afternoon Book Club", "HIL", 2, "14:00", "adults", 4, "English", 11, 3, (2024, 2025)),
)
# Summer reading (children's, weekly, mid-June to mid-August) per branch: weekday, mean.
_SUMMER_READING = {"CEN": (2, 62), "EAS": (3, 42), "RIV": (4, 34), "HIL": (5, 24)}
_PROGRAM_ONE_OFFS = (
    ("Summer Reading Kickoff Party", "CEN", "2024-06-15", "11:00", "families", 7, "English", 140),
    ("Summer Reading Kickoff Party", "CEN", "2025-06-14", "11:00", "families", 7, "English", 150),
    ("Voter Registration Info Session", "CEN", "2024-09-24", "18:00", "adults", 0, "English", 30),
    ("Town Budget Q&A", "CEN", "2025-03-20", "18:30", "all", 0, "English", 42),
    ("Feria de Recursos Comunitarios", "RIV", "2025-10-18", "10:30", "all", 0, "Spanish", 55),
    ("Tax Help Day", "EAS", "2024-03-09", "10:30", "adults", 3, "English", 22),
    ("Tax Help Day", "EAS", "2025-03-08", "10:30", "adults", 3, "English", 24),
    ("Health Fair", "HIL", "2025-04-26", "11:00", "all", 5, "English", 30),
)
_PROGRAM_SEASON = (1.0, 1.05, 1.05, 1.0, 0.95, 0.9, 0.75, 0.75, 1.05, 1.05, 1.0, 0.8)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    day = dt.date(year, month, 1)
    day += dt.timedelta(days=(weekday - day.weekday()) % 7)
    return day + dt.timedelta(days=7 * (n - 1))


def _programs(rng: np.random.Generator, daily: pd.DataFrame) -> pd.DataFrame:
    day_visits = {(r.date, r.branch_id): r.visits for r in daily.itertuples(index=False)}
    plan = []  # (date, start, title, branch, audience, area, language, mean)
    for title, branch, wd, start, aud, area, lang, mean, freq, years in _PROGRAM_SERIES:
        for year in years:
            if freq == "weekly":
                dates = [d for d in _DAYS if d.year == year and d.weekday() == wd]
                # weekly series pause over the summer and the Christmas weeks
                dates = [
                    d
                    for d in dates
                    if not (dt.date(year, 8, 10) <= d <= dt.date(year, 8, 31))
                    and not (d.month == 12 and d.day >= 20)
                ]
            else:
                dates = [_nth_weekday(year, m, wd, int(freq)) for m in range(1, 13) if m != 8]
            plan += [(d, start, title, branch, aud, area, lang, mean) for d in dates]
    for branch, (wd, mean) in _SUMMER_READING.items():
        for year in (2024, 2025):
            dates = [
                d
                for d in _DAYS
                if d.year == year
                and d.weekday() == wd
                and dt.date(year, 6, 17) <= d <= dt.date(year, 8, 16)
            ]
            plan += [
                (d, "14:00", "Summer Reading Adventure", branch, "children", 7, "English", mean)
                for d in dates
            ]
    for title, branch, date, start, aud, area, lang, mean in _PROGRAM_ONE_OFFS:
        plan.append((dt.date.fromisoformat(date), start, title, branch, aud, area, lang, mean))

    plan = [p for p in plan if _hours_on(p[3], p[0]) > 0]
    plan.sort(key=lambda p: (p[0], p[1], p[3], p[2]))
    used: dict[tuple[dt.date, str], int] = {}
    rows = []
    for i, (day, start, title, branch, aud, area, lang, mean) in enumerate(plan, start=1):
        expected = mean * _PROGRAM_SEASON[day.month - 1]
        if area == 7:
            expected = mean
        attendance = int(rng.negative_binomial(6, 6 / (6 + expected)))
        # everyone attending is also counted at the door that day
        cap = max(0, int(0.8 * day_visits[(day, branch)]) - used.get((day, branch), 0))
        attendance = min(attendance, cap)
        used[(day, branch)] = used.get((day, branch), 0) + attendance
        rows.append(
            {
                "program_id": f"E{i:04d}",
                "title": title,
                "branch_id": branch,
                "date": day,
                "start_time": start,
                "audience": aud,
                "service_area": _SERVICE_AREAS[area],
                "language": lang,
                "attendance": attendance,
            }
        )
    return pd.DataFrame(rows)


_OUTCOME_COMMENTS = {
    "positive": (
        "Very helpful, thank you!",
        "I learned a lot and will come again.",
        "The presenter explained everything clearly.",
        "My kids loved it.",
        "Great session, I feel ready to try this at home.",
        "Muy útil, gracias.",
        "I didn't know the library offered this.",
    ),
    "mixed": (
        "Good, but it went too fast for me.",
        "Useful, but the room was crowded.",
        "I would like a follow-up session.",
        "Nice, but hard to hear at the back.",
    ),
    "negative": (
        "Too basic for me.",
        "The computers kept freezing.",
        "Started late and ran out of time.",
    ),
}
# Mean rating (1-5) of knowledge, confidence, application, awareness, per service area.
_OUTCOME_MEANS = {
    "Civic/Community Engagement": (4.0, 3.8, 3.6, 4.3),
    "Digital Learning": (4.4, 3.5, 4.0, 3.9),
    "Early Childhood Literacy": (4.1, 4.0, 4.3, 3.8),
    "Economic Development": (4.2, 3.9, 4.0, 4.0),
    "Education/Lifelong Learning": (4.1, 3.9, 3.8, 3.8),
    "Health": (4.2, 4.0, 4.1, 3.9),
    "Job Skills": (4.3, 3.9, 4.3, 4.1),
    "Summer Reading": (3.9, 3.9, 4.0, 3.7),
}


def _program_outcomes(rng: np.random.Generator, programs: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for prog in programs.itertuples(index=False):
        if rng.random() >= 0.35:
            continue  # not every session is surveyed
        rate = 0.22 if prog.audience in ("children", "families") else 0.35
        n = int(rng.binomial(prog.attendance, rate))
        means = np.array(_OUTCOME_MEANS[prog.service_area])
        for _ in range(n):
            person = rng.normal(0.0, 0.45)
            scores = np.clip(np.rint(means + person + rng.normal(0, 0.55, 4)), 1, 5).astype(int)
            texts = [str(s) for s in scores]
            for k in range(4):
                if rng.random() < 0.03:
                    texts[k] = ""  # skipped statement
            comment = ""
            if rng.random() < 0.3:
                mood = scores.mean()
                pool = (
                    _OUTCOME_COMMENTS["positive"]
                    if mood >= 4
                    else _OUTCOME_COMMENTS["mixed"]
                    if mood >= 3
                    else _OUTCOME_COMMENTS["negative"]
                )
                comment = pool[int(rng.integers(len(pool)))]
            rows.append(
                {
                    "program_id": prog.program_id,
                    "knowledge": texts[0],
                    "confidence": texts[1],
                    "application": texts[2],
                    "awareness": texts[3],
                    "comment": comment,
                }
            )
    frame = pd.DataFrame(rows)
    frame.insert(0, "response_id", [f"O{i:05d}" for i in range(1, len(frame) + 1)])
    return frame


# --------------------------------------------------------------------------------------
# Daily usage per branch (Module 10)
# --------------------------------------------------------------------------------------


def _usage(
    rng: np.random.Generator,
    daily: pd.DataFrame,
    patrons: pd.DataFrame,
    programs: pd.DataFrame,
) -> pd.DataFrame:
    frame = daily.copy()
    frame["year"] = [d.year for d in frame["date"]]
    totals_2025 = patrons.groupby("home_branch_id")[
        ["loans_12m", "eloans_12m", "computer_sessions_12m"]
    ].sum()
    # 2024 compared with 2025: e-books growing; Riverside lent and served more before its cut.
    factor_2024 = {
        "physical": {"CEN": 1.01, "EAS": 1.02, "HIL": 1.00, "RIV": 1.24},
        "ebook": {"CEN": 0.86, "EAS": 0.87, "HIL": 0.88, "RIV": 0.86},
        "computer": {"CEN": 0.99, "EAS": 1.01, "HIL": 0.98, "RIV": 1.38},
    }
    columns = {
        c: np.zeros(len(frame), dtype=np.int64)
        for c in ("loans_print", "loans_ebook", "loans_audio", "loans_dvd", "computer_sessions")
    }
    for branch in _BRANCH_IDS:
        t25 = totals_2025.loc[branch]
        for year in (2024, 2025):
            mask = ((frame["branch_id"] == branch) & (frame["year"] == year)).to_numpy()
            idx = np.flatnonzero(mask)
            visits = frame.loc[mask, "visits"].to_numpy(dtype=float)
            hours = frame.loc[mask, "open_hours"].to_numpy(dtype=float)
            weekday = np.array([d.weekday() for d in frame.loc[mask, "date"]])

            def total(kind: str, value: int, year=year, branch=branch) -> int:
                return value if year == 2025 else round(value * factor_2024[kind][branch])

            physical = total("physical", int(t25["loans_12m"]))
            parts = _split_exact(physical, _PHYSICAL_FORMAT_SHARES)
            for col, n in zip(("loans_print", "loans_audio", "loans_dvd"), parts, strict=True):
                columns[col][idx] = rng.multinomial(int(n), visits / visits.sum())
            # e-books are borrowed every day, also when the building is closed
            e_weight = np.where(weekday >= 5, 1.25, 1.0) * rng.lognormal(0, 0.1, len(idx))
            columns["loans_ebook"][idx] = rng.multinomial(
                total("ebook", int(t25["eloans_12m"])), e_weight / e_weight.sum()
            )
            c_weight = hours * rng.lognormal(0, 0.15, len(idx))
            columns["computer_sessions"][idx] = rng.multinomial(
                total("computer", int(t25["computer_sessions_12m"])), c_weight / c_weight.sum()
            )
    for col, values in columns.items():
        frame[col] = values
    visits = frame["visits"].to_numpy(dtype=float)
    # Wi-Fi: most sessions are visitors' devices; a few come from the car park when closed.
    frame["wifi_sessions"] = rng.poisson(visits * 0.42 + np.where(visits > 0, 2.0, 3.0))
    attendance = programs.groupby(["date", "branch_id"])["attendance"].sum()
    frame["program_attendance"] = [
        int(attendance.get((d, b), 0))
        for d, b in zip(frame["date"], frame["branch_id"], strict=True)
    ]
    frame = frame.sort_values(["date", "branch_id"], kind="stable")
    return frame[
        [
            "date",
            "branch_id",
            "open_hours",
            "visits",
            "visits_after_3pm",
            "loans_print",
            "loans_ebook",
            "loans_audio",
            "loans_dvd",
            "computer_sessions",
            "wifi_sessions",
            "program_attendance",
        ]
    ]


# --------------------------------------------------------------------------------------
# Catalogue and loans (Module 6: recommendations; Module 3: privacy)
# --------------------------------------------------------------------------------------

# genre: audience, formats offered with item counts (print, ebook, audio, dvd), popularity
_GENRES = {
    "mystery": ("adult", (190, 70, 20, 0), 1.4),
    "thriller": ("adult", (120, 50, 16, 0), 1.2),
    "romance": ("adult", (130, 60, 8, 0), 1.1),
    "science fiction": ("adult", (80, 30, 8, 0), 0.7),
    "fantasy": ("adult", (80, 30, 8, 0), 0.7),
    "literary fiction": ("adult", (140, 45, 12, 0), 1.0),
    "historical fiction": ("adult", (90, 30, 8, 0), 0.8),
    "biography": ("adult", (90, 25, 10, 0), 0.7),
    "history": ("adult", (90, 15, 6, 0), 0.6),
    "cooking": ("adult", (70, 10, 0, 0), 0.6),
    "health": ("adult", (60, 15, 4, 0), 0.5),
    "self-help": ("adult", (60, 25, 8, 0), 0.6),
    "business and careers": ("adult", (50, 15, 4, 0), 0.4),
    "computers and technology": ("adult", (40, 10, 0, 0), 0.3),
    "travel": ("adult", (40, 5, 0, 0), 0.3),
    "drama film": ("adult", (0, 0, 0, 70), 0.6),
    "comedy film": ("adult", (0, 0, 0, 50), 0.5),
    "documentary": ("adult", (0, 0, 0, 40), 0.3),
    "family film": ("children", (0, 0, 0, 50), 0.6),
    "picture books": ("children", (220, 20, 0, 0), 1.5),
    "early readers": ("children", (120, 10, 0, 0), 1.0),
    "children's fiction": ("children", (150, 30, 15, 0), 1.0),
    "children's nonfiction": ("children", (90, 5, 0, 0), 0.5),
    "teen fiction": ("teen", (110, 40, 8, 0), 0.9),
    "graphic novels": ("teen", (80, 10, 0, 0), 0.8),
}
_FORMATS = ("print", "ebook", "audio", "dvd")

_PLACES = (
    "Millbrook",
    "Alder Cove",
    "Pinehaven",
    "Larkspur Bay",
    "Quillby",
    "Eastmere",
    "Fernwick",
    "Oak Hollow",
    "Saltmarsh",
    "Brindle Hill",
    "Copperfield Lane",
    "Wrenfold",
)
_ADJECTIVES = (
    "Quiet",
    "Silver",
    "Crooked",
    "Hidden",
    "Last",
    "Painted",
    "Paper",
    "Winter",
    "Amber",
    "Lost",
    "Borrowed",
    "Little",
    "Restless",
    "Golden",
    "Second",
    "Salt",
    "Patient",
    "Lantern",
    "Northern",
    "Velvet",
    "Hollow",
    "Bright",
    "Wandering",
)
_NOUNS = (
    "Garden",
    "Harbour",
    "Lantern",
    "Orchard",
    "Ledger",
    "Staircase",
    "Compass",
    "Kettle",
    "Meadow",
    "Window",
    "Bridge",
    "Cartographer",
    "Beekeeper",
    "Lighthouse",
    "Telegram",
    "Violin",
    "Ferry",
    "Almanac",
    "Quarry",
    "Tailor",
    "Glasshouse",
    "Weather",
    "Archive",
)
_CREATURES = (
    "Otter",
    "Badger",
    "Hedgehog",
    "Moose",
    "Penguin",
    "Fox",
    "Tortoise",
    "Owl",
    "Rabbit",
    "Dragon",
    "Goose",
    "Walrus",
    "Mouse",
    "Bear",
    "Llama",
    "Octopus",
)
_SUBJECT_WORDS = {
    "biography": ("A Life of", "The Years of", "Becoming"),
    "history": ("The Rise of", "A Short History of", "The Fall of", "Empires of"),
    "cooking": ("One-Pot", "Weeknight", "Slow Sunday", "Five-Ingredient", "Garden-to-Table"),
    "health": ("Sleep", "Walking", "Strong Bones", "Eating Well", "Calm Mind"),
    "self-help": ("Small Steps", "Begin Again", "The Kind Habit", "Enough Time"),
    "business and careers": ("Start Small", "The Honest Resume", "Side Business", "Job Ready"),
    "computers and technology": ("Tablets", "Smartphones", "Spreadsheets", "Staying Safe Online"),
    "travel": ("Walking Tours of", "A Week in", "Backroads of"),
    "children's nonfiction": ("All About", "Let's Explore", "Amazing"),
}
_SUBJECT_TOPICS = (
    "Volcanoes",
    "Bees",
    "Rivers",
    "Trains",
    "the Moon",
    "Weather",
    "Castles",
    "Whales",
    "Forests",
    "Bridges",
    "Deserts",
    "Islands",
    "Mountains",
    "Bicycles",
)
_FICTIONAL_PEOPLE = (
    "Ada Quill",
    "Tomas Brindle",
    "Mara Fenwick",
    "Juniper Hale",
    "Elias Wren",
    "Rosa Alder",
    "Ivo Marchbank",
    "Nell Copperfield",
    "Odile Saltmarsh",
)
# Book series: (genre, series name, titles). Readers of one volume go on to the next.
_SERIES = (
    (
        "mystery",
        "The Harbour Lane Mysteries",
        (
            "The Lantern Case",
            "The Ferry Case",
            "The Almanac Case",
            "The Violin Case",
            "The Quarry Case",
            "The Glasshouse Case",
        ),
    ),
    (
        "fantasy",
        "The Wrenfold Chronicles",
        ("The Salt Crown", "The Amber Gate", "The Hollow King", "The Winter Throne"),
    ),
    (
        "children's fiction",
        "Otto the Otter",
        (
            "Otto the Otter Goes to School",
            "Otto the Otter at the Seaside",
            "Otto the Otter and the Lost Kite",
            "Otto the Otter's Birthday",
            "Otto the Otter Saves the Day",
        ),
    ),
)
_LANG_SHARE = {
    "print": (0.91, 0.07, 0.02),
    "ebook": (0.93, 0.06, 0.01),
    "audio": (0.95, 0.05, 0.0),
    "dvd": (0.9, 0.1, 0.0),
}


def _title(rng: np.random.Generator, genre: str) -> str:
    r = lambda seq: seq[int(rng.integers(len(seq)))]  # noqa: E731
    if genre in ("mystery", "thriller"):
        pattern = r(
            (
                "Murder at {place}",
                "The {adj} {noun}",
                "Death by {noun}",
                "The {noun} at {place}",
                "A {adj} Alibi",
            )
        )
    elif genre == "romance":
        pattern = r(
            (
                "Love in {place}",
                "A {adj} Summer",
                "The {noun} of Us",
                "Second Chances at {place}",
                "{adj} Hearts",
            )
        )
    elif genre in ("science fiction", "fantasy"):
        pattern = r(
            (
                "The {adj} Star",
                "Beyond {place}",
                "The {noun} of Worlds",
                "The {adj} Crown",
                "Children of the {noun}",
            )
        )
    elif genre in ("literary fiction", "historical fiction"):
        pattern = r(
            (
                "The {noun}",
                "The {adj} {noun}",
                "A {noun} in {place}",
                "The {noun}'s Daughter",
                "Letters from {place}",
            )
        )
    elif genre in ("picture books", "early readers", "children's fiction", "family film"):
        pattern = r(
            (
                "The {adj} {animal}",
                "{animal} and {animal2}",
                "Where Is {animal}?",
                "A {noun} for {animal}",
                "The {animal} Who Loved {noun}s",
            )
        )
    elif genre in ("teen fiction", "graphic novels"):
        pattern = r(
            (
                "We Were {adj}",
                "The {adj} Year",
                "Everything After {place}",
                "{noun} Girls",
                "The {noun} Club",
            )
        )
    elif genre in ("drama film", "comedy film", "documentary"):
        pattern = r(("{place}", "The {adj} {noun}", "Summer at {place}", "Inside the {noun}"))
    elif genre == "biography":
        pattern = r(_SUBJECT_WORDS[genre]) + " " + r(_FICTIONAL_PEOPLE)
        return pattern
    elif genre in ("travel",):
        return r(_SUBJECT_WORDS[genre]) + " " + r(_PLACES)
    elif genre in _SUBJECT_WORDS:
        words = _SUBJECT_WORDS[genre]
        topic = r(_SUBJECT_TOPICS) if genre in ("history", "children's nonfiction") else ""
        head = r(words)
        return (
            f"{head} {topic}".strip()
            if topic
            else f"{head}: a {r(('Guide', 'Handbook', 'Workbook'))}"
        )
    else:
        pattern = "The {adj} {noun}"
    animal, animal2 = rng.choice(_CREATURES, 2, replace=False)
    return pattern.format(
        place=r(_PLACES), adj=r(_ADJECTIVES), noun=r(_NOUNS), animal=animal, animal2=animal2
    )


def _catalogue(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    seen: set[tuple[str, str]] = set()
    for genre, (audience, counts, _pop) in _GENRES.items():
        for fmt, count in zip(_FORMATS, counts, strict=True):
            made = 0
            attempts = 0
            while made < count:
                attempts += 1
                title = _title(rng, genre)
                if (title, fmt) in seen:
                    if attempts > 50 * count:
                        title = f"{title}, volume {made + 1}"
                    else:
                        continue
                seen.add((title, fmt))
                lang = ("English", "Spanish", "Vietnamese")[
                    int(rng.choice(3, p=np.array(_LANG_SHARE[fmt])))
                ]
                rows.append(
                    {
                        "title": title,
                        "format": fmt,
                        "audience": audience,
                        "genre": genre,
                        "language": lang,
                        "series": "",
                        "series_number": "",
                    }
                )
                made += 1
    for genre, name, titles in _SERIES:
        audience = _GENRES[genre][0]
        for k, title in enumerate(titles, start=1):
            for fmt in ("print", "ebook"):
                rows.append(
                    {
                        "title": title,
                        "format": fmt,
                        "audience": audience,
                        "genre": genre,
                        "language": "English",
                        "series": name,
                        "series_number": str(k),
                    }
                )
    frame = (
        pd.DataFrame(rows)
        .sort_values(["genre", "format", "title", "language"], kind="stable")
        .reset_index(drop=True)
    )
    frame.insert(0, "item_id", [f"I{i:05d}" for i in range(1, len(frame) + 1)])
    return frame


_LOAN_SAMPLE = 40_000
# Genres each age band favours (weights multiply the genre popularity).
_GENRE_AFFINITY = {
    "0-12": {
        "picture books": 4,
        "early readers": 4,
        "children's fiction": 4,
        "children's nonfiction": 3,
        "family film": 2,
        "graphic novels": 1.5,
    },
    "13-17": {"teen fiction": 6, "graphic novels": 6, "fantasy": 2, "science fiction": 2},
    "18-34": {
        "thriller": 1.5,
        "fantasy": 1.8,
        "science fiction": 1.6,
        "romance": 1.4,
        "self-help": 1.5,
        "business and careers": 2,
    },
    "35-64": {
        "mystery": 1.3,
        "thriller": 1.3,
        "literary fiction": 1.3,
        "cooking": 1.5,
        "health": 1.3,
        "picture books": 0.6,
    },
    "65+": {
        "mystery": 1.6,
        "historical fiction": 2,
        "biography": 2,
        "history": 2,
        "health": 1.5,
        "computers and technology": 1.5,
    },
}
_ADULT_ONLY_AVOID = (
    "picture books",
    "early readers",
    "children's fiction",
    "children's nonfiction",
    "family film",
)


def _loans(
    rng: np.random.Generator, patrons: pd.DataFrame, catalogue: pd.DataFrame
) -> pd.DataFrame:
    """A random sample of the 2025 loans with genre affinity and series read in order."""
    genres = list(_GENRES)
    popularity = np.array([_GENRES[g][2] for g in genres])
    item_weight = rng.lognormal(0.0, 0.9, len(catalogue))  # some titles are much in demand
    by_key: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
    for (fmt, genre), group in catalogue.groupby(["format", "genre"], sort=True):
        idx = group.index.to_numpy()
        w = item_weight[idx]
        by_key[(fmt, genre)] = (idx, w / w.sum())
    series_next = {}
    for _name, group in catalogue[catalogue["series"] != ""].groupby(["series", "format"]):
        ordered = group.sort_values("series_number", key=lambda s: s.astype(int)).index.tolist()
        series_next.update(itertools.pairwise(ordered))

    activity = (patrons["loans_12m"] + patrons["eloans_12m"]).to_numpy(dtype=float)
    per_patron = rng.multinomial(_LOAN_SAMPLE, activity / activity.sum())
    day_pool = {b: [d for d in _DAYS_2025 if _hours_on(b, d) > 0] for b in _BRANCH_IDS}
    pool_ordinals = {b: np.array([d.toordinal() for d in days]) for b, days in day_pool.items()}
    item_format = catalogue["format"].to_numpy()
    item_ids = catalogue["item_id"].to_numpy()
    records = []
    for p, n in zip(patrons.itertuples(index=False), per_patron, strict=True):
        if n == 0:
            continue
        band = p.age_band
        weights = popularity * np.array([_GENRE_AFFINITY[band].get(g, 1.0) for g in genres])
        if band != "0-12":
            avoid = 0.05 if band != "35-64" else 0.35  # parents borrow for their children
            weights = weights * np.array([avoid if g in _ADULT_ONLY_AVOID else 1.0 for g in genres])
        else:
            weights = weights * np.array(
                [1.0 if _GENRES[g][0] != "adult" else 0.05 for g in genres]
            )
        weights = weights / weights.sum()
        favourites = rng.choice(len(genres), size=2, replace=False, p=weights)
        physical_share = p.loans_12m / max(1, p.loans_12m + p.eloans_12m)
        dates = sorted(rng.choice(len(_DAYS_2025), size=n))
        branches_used = [p.home_branch_id if rng.random() < 0.85 else "CEN" for _ in range(n)]
        previous = None
        for k in range(n):
            if previous is not None and previous in series_next and rng.random() < 0.7:
                item = series_next[previous]
            else:
                if rng.random() < physical_share:
                    fmt = _FORMATS[[0, 2, 3][int(rng.choice(3, p=[0.82, 0.05, 0.13]))]]
                else:
                    fmt = "ebook"
                if rng.random() < 0.8:
                    genre = genres[int(favourites[int(rng.integers(2))])]
                else:
                    genre = genres[int(rng.choice(len(genres), p=weights))]
                if (fmt, genre) not in by_key:
                    fmt = "dvd" if genre.endswith("film") or genre == "documentary" else "print"
                idx, w = by_key[(fmt, genre)]
                item = int(idx[int(rng.choice(len(idx), p=w))])
            previous = item
            fmt = item_format[item]
            branch = branches_used[k]
            day = _DAYS_2025[int(dates[k])]
            if fmt != "ebook" and _hours_on(branch, day) == 0:
                # physical loans happen on open days: the next day the branch is open
                pool = day_pool[branch]
                k_day = int(np.searchsorted(pool_ordinals[branch], day.toordinal()))
                day = pool[k_day % len(pool)]
            records.append((p.patron_id, item_ids[item], day, branch, fmt))
    frame = pd.DataFrame(
        records, columns=["patron_id", "item_id", "loaned_on", "branch_id", "format"]
    )
    frame = frame.sort_values(["loaned_on", "patron_id", "item_id"], kind="stable")
    frame = frame.drop_duplicates(["patron_id", "item_id", "loaned_on"]).reset_index(drop=True)
    frame.insert(0, "loan_id", [f"L{i:06d}" for i in range(1, len(frame) + 1)])
    return frame


# --------------------------------------------------------------------------------------
# Reference-desk log, 2025 (Modules 4 and 7)
# --------------------------------------------------------------------------------------

_MODES = ("in person", "phone", "chat", "email")
_QUESTION_TYPES = ("directional", "technical", "policy", "reference")
# Monthly questions of all kinds, library-wide (about 3,200 a month).
_REFERENCE_PER_MONTH = 3_200
_REFERENCE_BRANCH_SHARE = {"CEN": 0.48, "EAS": 0.23, "HIL": 0.12, "RIV": 0.17}
_TYPE_BY_MODE = {
    "in person": (0.25, 0.18, 0.09, 0.48),
    "phone": (0.14, 0.08, 0.20, 0.58),
    "chat": (0.04, 0.26, 0.10, 0.60),
    "email": (0.00, 0.15, 0.20, 0.65),
}
_READ_BY_TYPE = {
    "directional": (0.88, 0.12, 0, 0, 0, 0),
    "technical": (0.15, 0.50, 0.28, 0.07, 0, 0),
    "policy": (0.55, 0.38, 0.07, 0, 0, 0),
    "reference": (0.04, 0.36, 0.36, 0.16, 0.06, 0.02),
}
# Median minutes per READ level.
_READ_MINUTES = (2, 5, 10, 20, 40, 75)
_RESOLVED_BY_READ = (0.99, 0.95, 0.88, 0.80, 0.76, 0.72)
_TAGS = {
    "directional": ("restrooms", "finding a book", "meeting room", "parking", "hours"),
    "technical": (
        "printing",
        "wi-fi",
        "e-books",
        "account login",
        "computer booking",
        "scanning",
        "phone help",
    ),
    "policy": ("card renewal", "fines", "borrowing limits", "room booking", "guest pass"),
    "reference": (
        "homework",
        "job search",
        "health",
        "local history",
        "tax forms",
        "genealogy",
        "small business",
        "immigration",
        "consumer information",
        "reading suggestions",
        "housing",
    ),
}
_ASKED_BY = ("adult", "senior", "teen", "child", "parent or carer", "student", "unknown")
_ASKED_BY_BY_MODE = {
    "in person": (0.42, 0.18, 0.08, 0.04, 0.14, 0.12, 0.02),
    "phone": (0.45, 0.32, 0.01, 0.0, 0.12, 0.04, 0.06),
    "chat": (0.40, 0.05, 0.10, 0.0, 0.05, 0.25, 0.15),
    "email": (0.50, 0.12, 0.02, 0.0, 0.06, 0.10, 0.20),
}


def _pick(rng: np.random.Generator, options, probs: np.ndarray) -> np.ndarray:
    """One choice per row of ``probs`` (rows sum to 1): indexes into ``options``."""
    cum = np.cumsum(probs, axis=1)
    cum[:, -1] = 1.0
    draws = rng.random(len(probs))[:, None]
    return (draws > cum).sum(axis=1)


def _reference(rng: np.random.Generator) -> pd.DataFrame:
    records = []
    for month in range(1, 13):
        t = (month - 1) / 11
        chat = 0.07 + 0.23 * t  # chat grows through the year …
        phone = 0.18 - 0.04 * t
        email = 0.06
        mode_p = np.array([1 - chat - phone - email, phone, chat, email])
        season = (1.02, 1.05, 1.05, 1.08, 1.0, 0.95, 0.9, 0.9, 1.02, 1.05, 1.0, 0.88)[month - 1]
        n = int(rng.poisson(_REFERENCE_PER_MONTH * season))
        modes = rng.choice(4, size=n, p=mode_p)
        days_in = [d for d in _DAYS_2025 if d.month == month]
        open_in = {b: [d for d in days_in if _hours_on(b, d) > 0] for b in _BRANCH_IDS}
        for m in modes:
            mode = _MODES[int(m)]
            if mode in ("chat", "email"):
                branch = "CEN" if rng.random() < 0.8 else _BRANCH_IDS[int(rng.integers(4))]
            else:
                branch = _BRANCH_IDS[int(rng.choice(4, p=list(_REFERENCE_BRANCH_SHARE.values())))]
            staffed = "CEN" if mode == "chat" else branch
            if mode == "email":
                day = days_in[int(rng.integers(len(days_in)))]
                minute = int(rng.integers(7 * 60, 23 * 60))
            else:
                open_days = open_in[staffed]
                day = open_days[int(rng.integers(len(open_days)))]
                start = _OPENS_AT[staffed] * 60
                minute = start + int(rng.integers(0, _hours_on(staffed, day) * 60))
            records.append((day, minute, branch, mode))
    records.sort()
    n = len(records)
    frame = pd.DataFrame(records, columns=["day", "minute", "branch_id", "mode"])
    mode_idx = frame["mode"].map({m: i for i, m in enumerate(_MODES)}).to_numpy()
    type_p = np.array([_TYPE_BY_MODE[m] for m in _MODES])[mode_idx]
    qtype = _pick(rng, _QUESTION_TYPES, type_p)
    read_p = np.array([_READ_BY_TYPE[q] for q in _QUESTION_TYPES], dtype=float)[qtype]
    read = _pick(rng, range(6), read_p) + 1
    minutes = np.maximum(
        1, np.rint(np.array(_READ_MINUTES)[read - 1] * rng.lognormal(0, 0.35, n))
    ).astype(int)
    minutes = np.where(frame["mode"] == "email", np.maximum(minutes, 3), minutes)
    asked_p = np.array([_ASKED_BY_BY_MODE[m] for m in _MODES])[mode_idx]
    asked_p = asked_p / asked_p.sum(axis=1, keepdims=True)
    asked = _pick(rng, _ASKED_BY, asked_p)
    is_chat = mode_idx == 2
    resolved_p = np.array(_RESOLVED_BY_READ)[read - 1] * np.where(is_chat, 0.9, 1.0)
    resolved = rng.random(n) < resolved_p
    # Unresolved questions should get a follow-up; often nobody records one (chats most).
    follow_p = np.where(resolved, np.where(read >= 5, 0.3, 0.02), np.where(is_chat, 0.3, 0.62))
    follow_up = rng.random(n) < follow_p
    tags, referred = [], []
    tag_draw = rng.random((n, 3))
    branch_of = frame["branch_id"].to_numpy()
    for i in range(n):
        q = _QUESTION_TYPES[qtype[i]]
        pool = _TAGS[q]
        first = pool[int(tag_draw[i, 0] * len(pool))]
        who = _ASKED_BY[asked[i]]
        if q == "reference" and who in ("child", "teen", "student") and tag_draw[i, 2] < 0.6:
            first = "homework"
        chosen = [first]
        if tag_draw[i, 1] < 0.15:
            second = pool[int(tag_draw[i, 2] * len(pool))]
            if second != first:
                chosen.append(second)
        tags.append(";".join(sorted(chosen)))
        branch = branch_of[i]
        r = (tag_draw[i, 1] * 7.3) % 1.0
        ref = ""
        if q == "technical" and read[i] >= 2 and r < 0.12:
            ref = "IT help"
        elif q == "reference" and "local history" in chosen and r < 0.5:
            ref = "Local history room"
        elif q == "reference" and who in ("child", "parent or carer") and r < 0.2:
            ref = "Children's"
        elif q == "reference" and read[i] >= 4 and branch != "CEN" and r < 0.45:
            ref = "Central reference"
        elif q == "reference" and ("housing" in chosen or "immigration" in chosen) and r < 0.4:
            ref = "Outside agency"
        referred.append(ref)
    asked_at = [
        f"{d.isoformat()}T{m // 60:02d}:{m % 60:02d}:00"
        for d, m in zip(frame["day"], frame["minute"], strict=True)
    ]
    return pd.DataFrame(
        {
            "transaction_id": [f"R{i:06d}" for i in range(1, n + 1)],
            "asked_at": asked_at,
            "branch_id": frame["branch_id"],
            "mode": frame["mode"],
            "question_type": [_QUESTION_TYPES[q] for q in qtype],
            "read_level": read,
            "duration_minutes": minutes,
            "referred_to": referred,
            "resolved": _bool_text(resolved),
            "follow_up_needed": _bool_text(follow_up),
            "asked_by": [_ASKED_BY[a] for a in asked],
            "tags": tags,
        }
    )


# --------------------------------------------------------------------------------------
# Incident log (Module 5)
# --------------------------------------------------------------------------------------

_INCIDENT_TYPES = (
    "noise",
    "dispute over computer time",
    "fines/fees dispute",
    "unattended child",
    "harassment",
    "intoxication",
    "policy disagreement",
    "theft",
)
_INCIDENT_TYPE_P = (0.20, 0.19, 0.12, 0.07, 0.07, 0.07, 0.22, 0.06)
_PLACES_BY_TYPE = {
    "noise": (
        ("stacks", 0.35),
        ("computers", 0.25),
        ("children's area", 0.2),
        ("meeting room", 0.2),
    ),
    "dispute over computer time": (("computers", 1.0),),
    "fines/fees dispute": (("desk", 1.0),),
    "unattended child": (("children's area", 0.8), ("computers", 0.1), ("entrance", 0.1)),
    "harassment": (
        ("stacks", 0.3),
        ("entrance", 0.25),
        ("restrooms", 0.2),
        ("parking", 0.15),
        ("computers", 0.1),
    ),
    "intoxication": (("entrance", 0.45), ("restrooms", 0.35), ("parking", 0.2)),
    "policy disagreement": (("desk", 0.6), ("meeting room", 0.2), ("computers", 0.2)),
    "theft": (("stacks", 0.35), ("parking", 0.3), ("entrance", 0.2), ("computers", 0.15)),
}
_ACTIONS = (
    "listened and explained",
    "offered alternative",
    "set boundary",
    "called supervisor",
    "asked to leave",
    "called security/police",
)
_ACTION_P_BY_TYPE = {
    "noise": (0.35, 0.2, 0.3, 0.08, 0.07, 0.0),
    "dispute over computer time": (0.3, 0.25, 0.3, 0.1, 0.05, 0.0),
    "fines/fees dispute": (0.45, 0.25, 0.1, 0.2, 0.0, 0.0),
    "unattended child": (0.4, 0.2, 0.1, 0.25, 0.0, 0.05),
    "harassment": (0.1, 0.05, 0.2, 0.25, 0.25, 0.15),
    "intoxication": (0.1, 0.05, 0.15, 0.2, 0.3, 0.2),
    "policy disagreement": (0.45, 0.25, 0.15, 0.15, 0.0, 0.0),
    "theft": (0.1, 0.0, 0.05, 0.35, 0.1, 0.4),
}
_ESCALATION_BY_ACTION = (0.10, 0.12, 0.42, 0.28, 0.45, 0.6)
_INCIDENTS_PER_YEAR = 170


def _incidents(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    branch_p = np.array([0.5, 0.2, 0.1, 0.2])  # CEN, EAS, HIL, RIV
    for year in (2024, 2025):
        n = int(rng.poisson(_INCIDENTS_PER_YEAR))
        for _ in range(n):
            kind = _INCIDENT_TYPES[int(rng.choice(8, p=_INCIDENT_TYPE_P))]
            if kind == "dispute over computer time":
                branch = (
                    "CEN" if rng.random() < 0.72 else _BRANCH_IDS[int(rng.choice(4, p=branch_p))]
                )
            else:
                branch = _BRANCH_IDS[int(rng.choice(4, p=branch_p))]
            days = [d for d in _DAYS if d.year == year and _hours_on(branch, d) > 0]
            after_school = kind == "dispute over computer time" and rng.random() < 0.75
            if after_school:
                days = [
                    d
                    for d in days
                    if _school_day(d) and _OPENS_AT[branch] + _hours_on(branch, d) >= 17
                ] or days
            day = days[int(rng.integers(len(days)))]
            opens = _OPENS_AT[branch] * 60
            closes = opens + _hours_on(branch, day) * 60
            if after_school and closes > 15 * 60:
                minute = int(rng.integers(15 * 60, min(closes, 18 * 60)))
            else:
                minute = int(rng.integers(opens, closes))
            places = _PLACES_BY_TYPE[kind]
            place = places[int(rng.choice(len(places), p=[w for _, w in places]))][0]
            action_i = int(rng.choice(6, p=_ACTION_P_BY_TYPE[kind]))
            model = ("CARP", "LEAP", "none recorded")[
                int(rng.choice(3, p=(0.2, 0.15, 0.65) if year == 2024 else (0.3, 0.25, 0.45)))
            ]
            p_esc = _ESCALATION_BY_ACTION[action_i] * (0.65 if model != "none recorded" else 1.0)
            escalated = bool(rng.random() < p_esc)
            action = _ACTIONS[action_i]
            if action == "asked to leave":
                outcome = "banned" if escalated and rng.random() < 0.4 else "user left"
            elif escalated:
                outcome = ("resolved later", "user left", "banned", "unresolved")[
                    int(rng.choice(4, p=(0.35, 0.3, 0.1, 0.25)))
                ]
            else:
                outcome = ("resolved on the spot", "resolved later", "user left")[
                    int(rng.choice(3, p=(0.78, 0.1, 0.12)))
                ]
            median = 25 if escalated else 6
            minutes = (
                ""
                if outcome == "unresolved"
                else str(max(1, round(median * rng.lognormal(0, 0.5))))
            )
            rows.append(
                {
                    "occurred_at": f"{day.isoformat()}T{minute // 60:02d}:{minute % 60:02d}:00",
                    "branch_id": branch,
                    "place": place,
                    "type": kind,
                    "staff_action": action,
                    "de_escalation_model": model,
                    "outcome": outcome,
                    "escalated": "true" if escalated else "false",
                    "minutes_to_resolve": minutes,
                }
            )
    frame = pd.DataFrame(rows).sort_values(["occurred_at", "branch_id"], kind="stable")
    frame.insert(0, "incident_id", [f"X{i:04d}" for i in range(1, len(frame) + 1)])
    return frame.reset_index(drop=True)


# --------------------------------------------------------------------------------------
# User survey with LibQUAL+-style ratings and a recommend question (Modules 8 and 10)
# --------------------------------------------------------------------------------------

# Short paraphrases written for this kit (not ARL's item wording), adapted to a public
# library. item id, dimension, text.
_LIBQUAL_ITEMS = (
    ("AS-1", "Affect of Service", "Staff who make me feel confident in them"),
    ("AS-2", "Affect of Service", "Attention to me as an individual"),
    ("AS-3", "Affect of Service", "Staff who are consistently polite"),
    ("AS-4", "Affect of Service", "Staff who are ready to answer my questions"),
    ("AS-5", "Affect of Service", "Staff who know enough to answer my questions"),
    ("AS-6", "Affect of Service", "Staff who treat me with care"),
    ("AS-7", "Affect of Service", "Staff who understand what I need"),
    ("AS-8", "Affect of Service", "Staff who want to help"),
    ("AS-9", "Affect of Service", "Problems with my account or requests handled reliably"),
    ("IC-1", "Information Control", "Library resources I can reach from home"),
    ("IC-2", "Information Control", "A website where I can find things on my own"),
    ("IC-3", "Information Control", "The books, films and other materials I want"),
    ("IC-4", "Information Control", "The e-books and online resources I want"),
    ("IC-5", "Information Control", "Up-to-date equipment (computers, printers, Wi-Fi)"),
    ("IC-6", "Information Control", "Search tools that are easy to use by myself"),
    ("IC-7", "Information Control", "Information easy to get at on my own"),
    ("IC-8", "Information Control", "The materials I need for my studies or work"),
    ("LP-1", "Library as Place", "A space that makes me want to read and learn"),
    ("LP-2", "Library as Place", "Quiet space for working on my own"),
    ("LP-3", "Library as Place", "A comfortable, welcoming building"),
    ("LP-4", "Library as Place", "A place to go to study or work at the times I need it"),
    ("LP-5", "Library as Place", "Space for groups to meet and learn together"),
)
_SURVEY_RESPONDENTS = 520
_LIBQUAL_START = dt.date(2025, 10, 6)
_LIBQUAL_END = dt.date(2025, 11, 14)
_USER_GROUPS = (
    "adult card holder",
    "student",
    "parent or carer",
    "older adult",
    "job seeker",
    "visitor without a card",
)
_USER_GROUP_BY_BAND = {
    "13-17": (0.0, 0.9, 0.0, 0.0, 0.0, 0.1),
    "18-34": (0.35, 0.25, 0.2, 0.0, 0.12, 0.08),
    "35-64": (0.5, 0.04, 0.3, 0.0, 0.1, 0.06),
    "65+": (0.3, 0.0, 0.05, 0.6, 0.0, 0.05),
}
# Perceived minus minimum, on average, for each dimension; Riverside's place is below.
_ADEQUACY = {"Affect of Service": 1.1, "Information Control": 0.6, "Library as Place": 0.7}
_RIVERSIDE_PLACE = {"LP-1": -0.3, "LP-2": -0.9, "LP-3": -0.2, "LP-4": -1.6, "LP-5": -1.1}

_SURVEY_COMMENTS = {
    "promoter": (
        "I love this library, the staff are always friendly.",
        "Great place for my kids, thank you!",
        "Wonderful staff who always help me find a good book.",
        "The e-book service is great and easy to use.",
        "Best place in town, I tell all my friends.",
        "Thank you for the computer classes, very helpful.",
        "Me encanta la biblioteca, el personal es muy amable.",
    ),
    "passive": (
        "Good library, but the Wi-Fi could be faster.",
        "Fine overall; more new books would be nice.",
        "Usually good, sometimes hard to find a seat.",
        "OK, but the website could be easier.",
    ),
    "detractor": (
        "Riverside is never open when I can go, closing at 5 is not enough.",
        "Too noisy and nowhere to sit and study.",
        "The waiting list for e-books is frustrating.",
        "Closed in the evenings now, so I stopped going.",
        "Not enough space for groups, the meeting room is always booked.",
        "Staff seemed too busy to help.",
        "Ya no abren por la tarde y no puedo ir después del trabajo.",
    ),
}


def _on_scale(x: float) -> int:
    """Round to the nearest point of the 1-9 LibQUAL+ scale."""
    return min(9, max(1, round(float(x))))


def _libqual_items() -> pd.DataFrame:
    return pd.DataFrame([{"item_id": i, "dimension": d, "text": t} for i, d, t in _LIBQUAL_ITEMS])


def _libqual(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    branch_p = np.array([0.42, 0.24, 0.14, 0.20])  # CEN, EAS, HIL, RIV
    bands = AGE_BANDS[1:]
    band_p = np.array([0.08, 0.27, 0.42, 0.23])
    dates = sorted(_days_between(rng, _LIBQUAL_START, _LIBQUAL_END, _SURVEY_RESPONDENTS))
    responses, ratings = [], []
    for i in range(_SURVEY_RESPONDENTS):
        rid = f"Q{i + 1:04d}"
        branch = _BRANCH_IDS[int(rng.choice(4, p=branch_p))]
        band = bands[int(rng.choice(4, p=band_p))]
        group = _USER_GROUPS[int(rng.choice(6, p=_USER_GROUP_BY_BAND[band]))]
        generosity = rng.normal(0, 0.5)  # some people rate everything higher
        expects = rng.normal(0, 0.6)
        place_gaps = []
        service_gaps = []
        for item, dim, _text in _LIBQUAL_ITEMS:
            if rng.random() < (0.08 if dim == "Information Control" else 0.04):
                ratings.append((rid, item, "", "", ""))
                continue
            desired = _on_scale(rng.normal(7.7 + expects, 0.8))
            minimum = _on_scale(desired - abs(rng.normal(1.9, 0.9)))
            if rng.random() < 0.03:  # a few respondents reverse the two scales
                minimum = _on_scale(desired + 1)
            gap = _ADEQUACY[dim]
            if branch == "RIV" and item in _RIVERSIDE_PLACE:
                gap = _RIVERSIDE_PLACE[item]
            perceived = _on_scale(minimum + gap + generosity + rng.normal(0, 1.0))
            (place_gaps if dim == "Library as Place" else service_gaps).append(perceived - minimum)
            ratings.append((rid, item, str(int(minimum)), str(int(desired)), str(int(perceived))))
        mood = 0.6 * np.mean(service_gaps or [0]) + 0.6 * np.mean(place_gaps or [0])
        score = int(np.clip(round(rng.normal(7.4 + 1.0 * mood + 0.8 * generosity, 1.6)), 0, 10))
        satisfaction = int(np.clip(round(1 + score * 0.4 + rng.normal(0, 0.5)), 1, 5))
        category = "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"
        comment = ""
        if rng.random() < 0.55:
            pool = _SURVEY_COMMENTS[category]
            if category == "detractor" and branch != "RIV":
                pool = tuple(c for c in pool if "Riverside" not in c and "abren" not in c)
            comment = pool[int(rng.integers(len(pool)))]
        responses.append(
            {
                "respondent_id": rid,
                "submitted_on": dates[i].isoformat(),
                "branch_id": branch,
                "age_band": band,
                "user_group": group,
                "recommend_0_10": score,
                "overall_satisfaction": satisfaction,
                "comment": comment,
            }
        )
    ratings_frame = pd.DataFrame(
        ratings, columns=["respondent_id", "item_id", "minimum", "desired", "perceived"]
    )
    return pd.DataFrame(responses), ratings_frame


# --------------------------------------------------------------------------------------
# Comments: suggestion box, web form, e-mail, social media (Modules 2, 8 and 9)
# --------------------------------------------------------------------------------------

_COMMENT_TOPICS = (
    "hours",
    "collection",
    "staff",
    "space",
    "technology",
    "programs",
    "fees",
    "accessibility",
)
_COMMENT_CHANNELS = ("suggestion box", "web form", "email", "social media")
_COMMENT_TEXTS = {
    ("English", "hours"): (
        "Please open on Sundays.",
        "Riverside closes at 5 now. My kids can't get there after school.",
        "Could you stay open later on Fridays?",
        "Why did Riverside stop opening in the evening?",
        "The hours on the website were wrong last week.",
    ),
    ("English", "collection"): (
        "More large-print mysteries please.",
        "The e-book waiting list is months long.",
        "Could you buy more graphic novels?",
        "Please add more books about local history.",
        "The DVD collection is getting old.",
    ),
    ("English", "staff"): (
        "The children's librarian is amazing.",
        "The man at the desk was very patient with my mother.",
        "Nobody answered my question on chat.",
        "Thank you to the staff for helping with my job application.",
    ),
    ("English", "space"): (
        "We need more quiet study space.",
        "The meeting room is always booked.",
        "The chairs upstairs are uncomfortable.",
        "Too noisy near the computers after school.",
    ),
    ("English", "technology"): (
        "The printer never works.",
        "The Wi-Fi drops all the time.",
        "More computers please, there is always a queue.",
        "I can't log in to the app.",
    ),
    ("English", "programs"): (
        "Story time is full every week, add another one?",
        "Loved the tax help day.",
        "Could you run a computer class in the evening?",
        "Something for teens on Saturdays would be great.",
    ),
    ("English", "fees"): (
        "The printing charge is too high.",
        "Thank you for getting rid of late fines.",
        "I was charged for a book I returned.",
    ),
    ("English", "accessibility"): (
        "The aisles at Hillcrest are too narrow for my wheelchair.",
        "The desk at Hillcrest is too high for me to reach.",
        "Please add captions to your videos.",
        "The website text is hard to read, the grey is too light.",
        "The automatic door at Central is often broken.",
    ),
    ("Spanish", "hours"): (
        "Por favor abran más tarde, trabajo hasta las seis.",
        "Antes Riverside abría por la noche, ahora no puedo ir.",
    ),
    ("Spanish", "collection"): (
        "Más libros en español para niños, por favor.",
        "Necesitamos más películas en español.",
    ),
    ("Spanish", "staff"): (
        "La señora de la recepción fue muy amable.",
        "Necesitamos más personal que hable español.",
    ),
    ("Spanish", "programs"): (
        "Me encantan los cuentos de los sábados.",
        "Clases de computación en español, por favor.",
    ),
    ("Spanish", "technology"): ("La impresora no funciona.",),
    ("Vietnamese", "collection"): (
        "Xin thư viện mua thêm sách tiếng Việt.",
        "Cần thêm sách thiếu nhi song ngữ Việt–Anh.",
    ),
    ("Vietnamese", "programs"): ("Xin có lớp học máy tính bằng tiếng Việt.",),
    ("Vietnamese", "staff"): ("Nhân viên rất thân thiện, cảm ơn.",),
}
_COMMENTS_PER_YEAR = 240


def _comments(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    branch_p = np.array([0.45, 0.22, 0.13, 0.20])
    topic_p = np.array([0.14, 0.2, 0.12, 0.14, 0.14, 0.12, 0.06, 0.08])
    for year in (2024, 2025):
        n = int(rng.poisson(_COMMENTS_PER_YEAR))
        for _ in range(n):
            day = _DAYS[int(rng.integers(len(_DAYS)))]
            while day.year != year:
                day = _DAYS[int(rng.integers(len(_DAYS)))]
            branch = _BRANCH_IDS[int(rng.choice(4, p=branch_p))]
            p = topic_p.copy()
            if branch == "RIV" and year == 2025:
                p[0] *= 5  # the evening cut
            if branch == "HIL":
                p[7] *= 3
            lang = "English"
            draw = rng.random()
            if (branch == "RIV" and draw < 0.3) or (branch != "RIV" and draw < 0.04):
                lang = "Spanish"
            elif branch == "EAS" and draw > 0.88:
                lang = "Vietnamese"
            available = np.array([(lang, t) in _COMMENT_TEXTS for t in _COMMENT_TOPICS])
            p = p * available
            topic = _COMMENT_TOPICS[int(rng.choice(8, p=p / p.sum()))]
            pool = _COMMENT_TEXTS[(lang, topic)]
            if topic == "hours" and not (branch == "RIV" and year == 2025):
                pool = tuple(t for t in pool if "Riverside" not in t) or pool
            if topic == "accessibility":
                # Hillcrest's narrow aisles and high desk (see accessibility_audit.csv)
                at_hillcrest = branch == "HIL" and rng.random() < 0.7
                pool = tuple(t for t in pool if ("Hillcrest" in t) == at_hillcrest) or pool
            text = pool[int(rng.integers(len(pool)))]
            channel = _COMMENT_CHANNELS[int(rng.choice(4, p=(0.35, 0.3, 0.15, 0.2)))]
            rows.append(
                {
                    "received_on": day.isoformat(),
                    "channel": channel,
                    "branch_id": branch,
                    "language": lang,
                    "topic": topic,
                    "text": text,
                }
            )
    frame = pd.DataFrame(rows).sort_values(["received_on", "branch_id", "text"], kind="stable")
    frame.insert(0, "comment_id", [f"C{i:04d}" for i in range(1, len(frame) + 1)])
    return frame[
        ["comment_id", "received_on", "channel", "branch_id", "language", "text", "topic"]
    ].reset_index(drop=True)


# --------------------------------------------------------------------------------------
# Staff replies to comments (Module 2): before and after the plain-language guide
# --------------------------------------------------------------------------------------

# Staff adopted a plain-language guide for replies on this day (Module 2's story).
REPLY_GUIDE_ADOPTED = dt.date(2025, 7, 1)
# Share of replies written in the old, formal style before and after the guide.
_FORMAL_SHARE = {"before": 0.75, "after": 0.2}
# Chance that a comment gets a reply, by channel (the suggestion box is anonymous).
_REPLY_CHANCE = {"suggestion box": 0.0, "web form": 0.8, "email": 0.8, "social media": 0.6}
_PRAISE = (
    "The children's librarian is amazing.",
    "The man at the desk was very patient with my mother.",
    "Thank you to the staff for helping with my job application.",
    "Loved the tax help day.",
    "Thank you for getting rid of late fines.",
    "La señora de la recepción fue muy amable.",
    "Me encantan los cuentos de los sábados.",
    "Nhân viên rất thân thiện, cảm ơn.",
)
# (language, topic) -> (formal reply, plain reply); "praise" and "riverside" are special keys.
_REPLY_TEXTS = {
    ("English", "praise"): (
        "Thank you for taking the time to provide positive feedback regarding your library "
        "experience. Your comments have been forwarded to the appropriate staff member and "
        "their supervisor for recognition.",
        "Thank you for your kind words! We have passed them on to the team. It made their day.",
    ),
    ("English", "riverside"): (
        "Thank you for contacting Millbrook Public Library. Service hours at the Riverside "
        "branch were reduced effective January 1, 2025, due to budgetary constraints. Your "
        "comments have been forwarded to Administration and will be taken into consideration "
        "in future planning.",
        "Thank you for telling us. Riverside now closes earlier because of a budget cut, and we "
        "know this is hard for families. Central and Eastside are still open in the evening on "
        "weekdays. We have passed your message to our director.",
    ),
    ("English", "hours"): (
        "Thank you for your feedback regarding our hours of operation. Hours of operation are "
        "determined by the Library Board in accordance with available funding and staffing "
        "levels. Your suggestion has been noted and will be reviewed.",
        "Thanks for your idea. We set our hours by the money and staff we have, but we read "
        "every request. We have added yours to the list for next year's plan.",
    ),
    ("English", "collection"): (
        "Thank you for your suggestion. Purchase requests are reviewed by Technical Services in "
        "accordance with the library's collection development policy. Please note that items "
        "may also be requested through interlibrary loan via the online catalog.",
        "Thanks for the idea! We have asked our book buyers to look at it. If you need a book "
        "now, we can borrow it from another library for you. Just ask at any desk.",
    ),
    ("English", "staff"): (
        "We regret that your experience did not meet expectations. Your comments have been "
        "forwarded to the department supervisor, and the matter will be addressed with the "
        "staff concerned in accordance with library policy.",
        "We're sorry we let you down, and thank you for telling us. We have talked with the "
        "team about it. If you still need an answer, reply to this message and we will help.",
    ),
    ("English", "space"): (
        "Thank you for your feedback. Library policy requires that quiet study areas be "
        "maintained by patrons, and meeting rooms must be reserved in advance through the "
        "online reservation system. Unfortunately, additional space cannot be made available "
        "at this time.",
        "Thanks for telling us. You can book a study room or the meeting room on our website "
        "or at any desk. We are also looking for ways to make more quiet space.",
    ),
    ("English", "technology"): (
        "Thank you for reporting this issue. A ticket has been submitted to the IT department "
        "and the problem will be addressed as soon as possible. Patrons experiencing "
        "authentication issues should verify that their barcode and PIN have been entered "
        "correctly.",
        "Sorry about that, and thanks for telling us. Our tech team is fixing it. If you can't "
        "sign in, call us and we will reset your password with you.",
    ),
    ("English", "programs"): (
        "Thank you for your interest in library programming. Program offerings are determined "
        "on the basis of community needs assessments and available resources. Your suggestion "
        "has been forwarded to the Programming Committee for consideration.",
        "Thanks for the idea! Our program team plans the next season in the spring, and your "
        "idea is on their list. Sign up for our newsletter to hear about it first.",
    ),
    ("English", "fees"): (
        "Thank you for contacting us regarding charges on your patron record. Please be advised "
        "that all fees are assessed in accordance with library policy. Patrons who believe that "
        "a charge has been applied in error must present the item at the circulation desk.",
        "Sorry for the trouble. Bring the book or your receipt to any desk, and we will check "
        "your account with you. If we made a mistake, we will remove the charge.",
    ),
    ("English", "accessibility"): (
        "Thank you for bringing this matter to our attention. Accessibility concerns are taken "
        "very seriously and have been forwarded to Facilities Management for evaluation. We are "
        "unable to provide a timeline for any modifications at this time.",
        "Thank you for telling us. We have asked our building team to look at this, and we will "
        "write again when we know more. Until then, staff at any desk are glad to help you.",
    ),
    ("Spanish", "any"): (
        "Gracias por comunicarse con la Biblioteca Pública de Millbrook. Su comentario ha sido "
        "remitido al departamento correspondiente para su consideración.",
        "¡Gracias por escribirnos! Ya pasamos su mensaje al equipo. Le responderemos pronto.",
    ),
}


def _comment_replies(rng: np.random.Generator, comments: pd.DataFrame) -> pd.DataFrame:
    """Staff replies to comments that came with a way to answer (not the suggestion box).

    Replies in Spanish answer Spanish comments; nobody on staff writes Vietnamese, so
    Vietnamese comments get English replies. Before ``REPLY_GUIDE_ADOPTED`` most replies are
    formal (long sentences, passive verbs, library jargon); after it most are plain.
    """
    rows = []
    for comment in comments.itertuples(index=False):
        if rng.random() >= _REPLY_CHANCE[comment.channel]:
            continue
        received = dt.date.fromisoformat(comment.received_on)
        replied = received + dt.timedelta(days=int(rng.geometric(0.45)))
        period = "before" if replied < REPLY_GUIDE_ADOPTED else "after"
        style = 0 if rng.random() < _FORMAL_SHARE[period] else 1
        if comment.language == "Spanish":
            language, key = "Spanish", ("Spanish", "any")
        elif comment.text in _PRAISE:
            language, key = "English", ("English", "praise")
        elif "Riverside" in comment.text and comment.topic == "hours":
            language, key = "English", ("English", "riverside")
        else:
            language, key = "English", ("English", comment.topic)
        rows.append({"comment_id": comment.comment_id, "replied_on": replied.isoformat(),
                     "language": language, "text": _REPLY_TEXTS[key][style]})
    frame = pd.DataFrame(rows).sort_values(["replied_on", "comment_id"], kind="stable")
    frame.insert(0, "reply_id", [f"R{i:04d}" for i in range(1, len(frame) + 1)])
    return frame[["reply_id", "comment_id", "replied_on", "language", "text"]].reset_index(
        drop=True
    )


# --------------------------------------------------------------------------------------
# Social media posts and e-mail newsletters (Module 7)
# --------------------------------------------------------------------------------------

_POST_TYPES = ("event promo", "book recommendation", "service info", "behind the scenes", "video")
# platform: first post, followers then, followers at end of 2025, posts a week, reach rate
_PLATFORMS = {
    "Facebook": (dt.date(2024, 1, 1), 4150, 4620, 3, 0.11),
    "Instagram": (dt.date(2024, 1, 1), 1750, 2950, 3, 0.24),
    "TikTok": (dt.date(2025, 3, 3), 40, 1180, 1, 0.9),
}
_POST_TYPE_P = {
    "Facebook": (0.4, 0.2, 0.25, 0.1, 0.05),
    "Instagram": (0.3, 0.3, 0.1, 0.2, 0.1),
    "TikTok": (0.0, 0.2, 0.0, 0.1, 0.7),
}
# reach multiplier, reaction rate, comment rate, share rate, click rate (per person reached)
_POST_EFFECT = {
    "event promo": (1.0, 0.030, 0.003, 0.004, 0.022),
    "book recommendation": (1.1, 0.055, 0.006, 0.003, 0.006),
    "service info": (0.8, 0.018, 0.002, 0.002, 0.016),
    "behind the scenes": (1.2, 0.060, 0.005, 0.002, 0.002),
    "video": (1.8, 0.070, 0.007, 0.006, 0.004),
}


def _social_posts(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    end = dt.date(2025, 12, 31)
    for platform, (start, f0, f1, per_week, reach_rate) in _PLATFORMS.items():
        span = (end - start).days
        day = start
        while day <= end:
            for _ in range(int(rng.poisson(per_week))):
                posted = day + dt.timedelta(days=int(rng.integers(7)))
                if posted > end:
                    continue
                frac = (posted - start).days / span
                followers = round(
                    f0 + (f1 - f0) * frac ** (0.8 if platform == "TikTok" else 1) + rng.normal(0, 5)
                )
                followers = max(followers, 10)
                kind = _POST_TYPES[int(rng.choice(5, p=_POST_TYPE_P[platform]))]
                mult, react, comm, share, click = _POST_EFFECT[kind]
                if platform == "TikTok":
                    click *= 0.2
                reach = max(5, round(followers * reach_rate * mult * rng.lognormal(0, 0.45)))
                if kind == "event promo" and posted.month in (6, 7):
                    reach = round(reach * 1.4)  # summer reading
                impressions = round(reach * rng.uniform(1.2, 1.7))
                hour = int(rng.choice([8, 9, 12, 15, 17, 18, 19]))
                minute = int(rng.integers(60))
                rows.append(
                    {
                        "platform": platform,
                        "posted_at": f"{posted.isoformat()}T{hour:02d}:{minute:02d}:00",
                        "post_type": kind,
                        "impressions": impressions,
                        "reach": reach,
                        "reactions": int(rng.poisson(reach * react)),
                        "comments": int(rng.poisson(reach * comm)),
                        "shares": int(rng.poisson(reach * share)),
                        "clicks": int(rng.poisson(reach * click)),
                        "followers_at_post": followers,
                    }
                )
            day += dt.timedelta(days=7)
    frame = pd.DataFrame(rows).sort_values(["posted_at", "platform"], kind="stable")
    frame.insert(0, "post_id", [f"M{i:04d}" for i in range(1, len(frame) + 1)])
    return frame.reset_index(drop=True)


_NEWSLETTER_SUBJECTS = {
    1: ("New year, new card: what your library card can do", "Winter reading picks"),
    2: ("Free tax help at Eastside", "Love your library: February events"),
    3: ("Spring programs are here", "Learn a new skill this spring"),
    4: ("National Library Week at Millbrook", "Spring cleaning? Donate your books"),
    5: ("Summer reading sign-up starts soon", "Job Search Lab: new dates"),
    6: ("Summer Reading Adventure starts now!", "Kickoff party this Saturday"),
    7: ("Halfway through summer reading", "Cool off at the library"),
    8: ("Back to school: homework help returns", "Last chance for summer reading prizes"),
    9: ("Library card sign-up month", "Fall book clubs"),
    10: ("Spooky stories and fall events", "Tech Help Drop-in: bring your device"),
    11: ("Give thanks: our year in numbers", "Holiday hours"),
    12: ("Holiday hours and winter closures", "Gift ideas from our staff"),
}


def _newsletters(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    day = dt.date(2024, 1, 9)  # every other Tuesday
    count = {}
    subscribers = 5800.0
    while day <= dt.date(2025, 12, 31):
        k = count.get((day.year, day.month), 0)
        count[(day.year, day.month)] = k + 1
        subjects = _NEWSLETTER_SUBJECTS[day.month]
        subject = subjects[min(k, len(subjects) - 1)]
        sent = round(subscribers)
        delivered = sent - int(rng.binomial(sent, 0.015))
        summer = day.month in (5, 6)
        open_rate = np.clip(rng.normal(0.36, 0.025), 0.28, 0.45)
        click_rate = np.clip(rng.normal(0.028 if not summer else 0.045, 0.004), 0.012, 0.06)
        unsub = int(rng.binomial(delivered, 0.0018))
        rows.append(
            {
                "sent_on": day.isoformat(),
                "subject": subject,
                "sent": sent,
                "delivered": delivered,
                "unique_opens": int(rng.binomial(delivered, open_rate)),
                "unique_clicks": int(rng.binomial(delivered, click_rate)),
                "unsubscribes": unsub,
            }
        )
        subscribers += rng.normal(50, 15) - unsub
        day += dt.timedelta(days=14)
    frame = pd.DataFrame(rows)
    frame.insert(0, "issue_id", [f"NL{i:03d}" for i in range(1, len(frame) + 1)])
    return frame


# --------------------------------------------------------------------------------------
# Accessibility audit (Module 9)
# --------------------------------------------------------------------------------------

_ADAAG_AISLE = "ADAAG §8.5 (1991): aisles between stacks 36 in minimum, 42 in preferred"
_ADAAG_COUNTER = (
    "ADAAG §8.3 (1991): one check-out counter section 36 in high maximum "
    "(2010 ADA Standards §904.3: 38 in)"
)
_ADAAG_SEATS = "ADAAG §8.2 (1991): at least 5 % (and at least one) of seats accessible"
_ADAAG_TABLE_LOW = "ADAAG §4.32.4 (1991): accessible table tops 28 in high minimum"
_ADAAG_TABLE_HIGH = "ADAAG §4.32.4 (1991): accessible table tops 34 in high maximum"
_ADAAG_KNEE = "ADAAG §4.32.3 (1991): knee space 27 in high minimum"
_ADAAG_DISPLAY = (
    "ADAAG §8.4 (1991): card catalogues and magazine displays 54 in maximum (48 in preferred)"
)
_ADA_OPERABLE = "2010 ADA Standards §308: operable parts 15-48 in (forward reach)"
_ADA_DOOR = "2010 ADA Standards §404.2.3: door clear width 32 in minimum"

# item, unit, requirement, standard value, source, measured per branch (CEN, EAS, HIL, RIV)
_PHYSICAL_CHECKS = (
    (
        "Aisle width between stacks (narrowest)",
        "in",
        "at least",
        36,
        _ADAAG_AISLE,
        (42, 38, 32, 36),
    ),
    (
        "Check-out counter, lowest section height",
        "in",
        "at most",
        36,
        _ADAAG_COUNTER,
        (34, 36, 41, 34),
    ),
    ("Accessible reading seats", "% of seats", "at least", 5, _ADAAG_SEATS, (7.8, 6.7, 5.0, 5.7)),
    (
        "Accessible table top height (lowest table)",
        "in",
        "at least",
        28,
        _ADAAG_TABLE_LOW,
        (29, 30, 29, 28.5),
    ),
    (
        "Accessible table top height (highest table)",
        "in",
        "at most",
        34,
        _ADAAG_TABLE_HIGH,
        (31, 30, 30, 32),
    ),
    ("Knee space under accessible tables", "in", "at least", 27, _ADAAG_KNEE, (28, 27.5, 27, 27.5)),
    ("Magazine display, highest shelf", "in", "at most", 54, _ADAAG_DISPLAY, (48, 52, 50, 54)),
    (
        "Catalogue and self-check stations, highest operable part",
        "in",
        "at most",
        48,
        _ADA_OPERABLE,
        (46, 47, 48, 44),
    ),
    ("Entrance door clear width", "in", "at least", 32, _ADA_DOOR, (36, 34, 36, 33)),
)
_NOTES = {
    (
        "HIL",
        "Aisle width between stacks (narrowest)",
    ): "Shelving added in the 2021 collection expansion narrowed the adult non-fiction aisles.",
    (
        "HIL",
        "Check-out counter, lowest section height",
    ): "The desk installed in 2021 has no lowered section; staff come round the desk.",
    ("HIL", "Accessible reading seats"): "2 of 40 seats: exactly at the minimum.",
    ("RIV", "Magazine display, highest shelf"): "At the limit; 48 in is preferred.",
    ("CEN", "Aisle width between stacks (narrowest)"): "Meets the preferred 42 in.",
}
_WCAG = "WCAG 2.2 AA"
# item, unit, requirement, standard value, source, measured, note
_WEBSITE_CHECKS = (
    (
        "Body text contrast ratio",
        "ratio to 1",
        "at least",
        4.5,
        f"{_WCAG} 1.4.3 Contrast (Minimum): 4.5:1",
        8.6,
        "",
    ),
    (
        "Footer link text contrast ratio",
        "ratio to 1",
        "at least",
        4.5,
        f"{_WCAG} 1.4.3 Contrast (Minimum): 4.5:1",
        3.4,
        "Light grey on white.",
    ),
    (
        "Catalogue search button text contrast ratio",
        "ratio to 1",
        "at least",
        4.5,
        f"{_WCAG} 1.4.3 Contrast (Minimum): 4.5:1",
        4.1,
        "White on orange.",
    ),
    (
        "Page heading (large text) contrast ratio",
        "ratio to 1",
        "at least",
        3.0,
        f"{_WCAG} 1.4.3 Contrast (Minimum): 3:1 for large text",
        5.2,
        "",
    ),
    (
        "Smallest touch target, mobile menu",
        "CSS px",
        "at least",
        24,
        f"{_WCAG} 2.5.8 Target Size (Minimum): 24 by 24 CSS px",
        20,
        "Close button of the menu.",
    ),
    (
        "Images with a text alternative",
        "% of images",
        "at least",
        100,
        f"{_WCAG} 1.1.1 Non-text Content",
        87,
        "Event flyers uploaded as images lack alt text.",
    ),
    (
        "Pages where keyboard focus is visible",
        "% of pages",
        "at least",
        100,
        f"{_WCAG} 2.4.7 Focus Visible",
        100,
        "",
    ),
    (
        "Videos with captions",
        "% of videos",
        "at least",
        100,
        f"{_WCAG} 1.2.2 Captions (Prerecorded)",
        60,
        "TikTok videos are captioned; older YouTube videos are not.",
    ),
)


def _accessibility_audit() -> pd.DataFrame:
    rows = []
    for b, branch in enumerate(_BRANCH_IDS):
        for item, unit, req, standard, source, measured in _PHYSICAL_CHECKS:
            value = measured[b]
            meets = value >= standard if req == "at least" else value <= standard
            rows.append(
                (
                    branch,
                    "physical",
                    item,
                    value,
                    unit,
                    req,
                    standard,
                    source,
                    meets,
                    _NOTES.get((branch, item), ""),
                )
            )
    for item, unit, req, standard, source, value, note in _WEBSITE_CHECKS:
        meets = value >= standard if req == "at least" else value <= standard
        rows.append(("", "website", item, value, unit, req, standard, source, meets, note))
    frame = pd.DataFrame(
        rows,
        columns=[
            "branch_id",
            "area",
            "item",
            "measured_value",
            "unit",
            "requirement",
            "standard_value",
            "standard_source",
            "meets_standard",
            "note",
        ],
    )
    for col in ("measured_value", "standard_value"):
        frame[col] = [f"{v:g}" for v in frame[col]]
    frame["meets_standard"] = _bool_text(frame["meets_standard"])
    frame.insert(0, "check_id", [f"A{i:02d}" for i in range(1, len(frame) + 1)])
    return frame


# --------------------------------------------------------------------------------------
# Finance: operating costs and the value of services (Module 10)
# --------------------------------------------------------------------------------------

# Operating expenditure (USD) by fiscal year (= calendar year) and category.
_OPERATING_COSTS = {
    2024: {
        "staff": 641_200,
        "collection": 117_400,
        "facilities": 101_800,
        "technology": 57_300,
        "programs": 26_900,
        "other": 31_100,
    },
    2025: {
        "staff": 656_700,
        "collection": 114_800,
        "facilities": 107_300,
        "technology": 60_400,
        "programs": 28_100,
        "other": 31_300,
    },
}
_VALUE_SOURCE = "Maine State Library, Library Use Value Calculator (values of November 2019)"
# service, value per use (USD), how the uses are counted
_SERVICE_VALUES = (
    (
        "Books borrowed (adult and teen)",
        22.0,
        "usage.csv loans_print, 2025, less the children's books",
    ),
    (
        "Children's books borrowed",
        8.0,
        "usage.csv loans_print, 2025, times the share of children's items among print loans "
        "in loans.csv",
    ),
    ("Audiobooks borrowed", 27.0, "usage.csv loans_audio, 2025"),
    ("Movies borrowed", 18.0, "usage.csv loans_dvd, 2025"),
    ("E-books and e-audiobooks borrowed", 10.0, "usage.csv loans_ebook, 2025"),
    ("Computer use (hours)", 10.0, "usage.csv computer_sessions, 2025 (one-hour sessions)"),
    ("Reference questions", 19.5, "reference.csv, 2025, rows with question_type 'reference'"),
    (
        "Adult programs attended",
        15.0,
        "programs.csv attendance, 2025, audiences adults, seniors and all",
    ),
    (
        "Children's programs attended",
        12.0,
        "programs.csv attendance, 2025, audiences children, teens and families",
    ),
)


def _operating_costs() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"fiscal_year": year, "category": cat, "amount_usd": amount}
            for year, costs in _OPERATING_COSTS.items()
            for cat, amount in costs.items()
        ]
    )


def _service_values(
    usage: pd.DataFrame,
    loans: pd.DataFrame,
    catalogue: pd.DataFrame,
    reference: pd.DataFrame,
    programs: pd.DataFrame,
) -> pd.DataFrame:
    u = usage[[d.year == 2025 for d in usage["date"]]]
    audience = loans.merge(catalogue[["item_id", "audience"]], on="item_id")
    print_loans = audience[audience["format"] == "print"]
    child_share = float((print_loans["audience"] == "children").mean())
    print_total = int(u["loans_print"].sum())
    children = round(print_total * child_share)
    p25 = programs[[d.year == 2025 for d in programs["date"]]]
    adult = int(p25.loc[p25["audience"].isin(["adults", "seniors", "all"]), "attendance"].sum())
    young = int(p25["attendance"].sum()) - adult
    uses = (
        print_total - children,
        children,
        int(u["loans_audio"].sum()),
        int(u["loans_dvd"].sum()),
        int(u["loans_ebook"].sum()),
        int(u["computer_sessions"].sum()),
        int((reference["question_type"] == "reference").sum()),
        adult,
        young,
    )
    return pd.DataFrame(
        [
            {
                "service": name,
                "fiscal_year": 2025,
                "uses": n,
                "value_per_use_usd": f"{value:.2f}",
                "value_usd": f"{n * value:.2f}",
                "value_source": _VALUE_SOURCE,
                "uses_counted_from": how,
            }
            for (name, value, how), n in zip(_SERVICE_VALUES, uses, strict=True)
        ]
    )


def generate(out_dir: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the Millbrook case-study CSV files into ``out_dir`` and return their paths.

    One file per name in :data:`TABLES`, in that order (``branches.csv`` … ``service_values.csv``).
    ``out_dir`` is created if needed. The same ``seed`` always gives byte-identical files;
    the committed files in ``datasets/`` were written with the default seed.
    ``datapackage.json`` is hand-maintained and is not written here.

    The five Module 1 tables come from one random stream; every later table has its own
    (``np.random.default_rng([seed, k])``), so adding or changing one leaves the others alone.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)

    community = _community()
    branches = _branches()
    visits = _visits(rng)
    patrons = _patrons(rng, community)
    survey = _survey(rng, community, patrons)

    # Modules 2-10: each table from its own stream.
    daily = _daily_visits(_rng(seed, "usage"), visits)
    programs = _programs(_rng(seed, "programs"), daily)
    outcomes = _program_outcomes(_rng(seed, "program_outcomes"), programs)
    usage = _usage(_rng(seed, "usage"), daily, patrons, programs)
    catalogue = _catalogue(_rng(seed, "catalogue"))
    loans = _loans(_rng(seed, "loans"), patrons, catalogue)
    reference = _reference(_rng(seed, "reference"))
    responses, ratings = _libqual(_rng(seed, "survey"))
    service_values = _service_values(usage, loans, catalogue, reference, programs)
    comments = _comments(_rng(seed, "comments"))

    branches["has_evening_hours"] = _bool_text(branches["has_evening_hours"])
    for col in ("share_spanish_at_home", "share_other_language_at_home", "share_with_broadband"):
        community[col] = [f"{v:.2f}" for v in community[col]]
    for frame, col in ((usage, "date"), (programs, "date"), (loans, "loaned_on")):
        frame[col] = [d.isoformat() for d in frame[col]]

    tables = {
        "branches": branches.sort_values("branch_id", kind="stable"),
        "community": community.sort_values("neighbourhood_id", kind="stable"),
        "patrons": patrons,
        "visits": visits,
        "needs_survey": survey,
        "community_languages": _community_languages(),
        "usage": usage,
        "catalogue": catalogue,
        "loans": loans,
        "reference": reference,
        "incidents": _incidents(_rng(seed, "incidents")),
        "programs": programs,
        "program_outcomes": outcomes,
        "survey_responses": responses,
        "libqual_items": _libqual_items(),
        "libqual_ratings": ratings,
        "comments": comments,
        "comment_replies": _comment_replies(_rng(seed, "comment_replies"), comments),
        "social_posts": _social_posts(_rng(seed, "social_posts")),
        "newsletters": _newsletters(_rng(seed, "newsletters")),
        "accessibility_audit": _accessibility_audit(),
        "operating_costs": _operating_costs(),
        "service_values": service_values,
    }
    paths = []
    for name in TABLES:
        path = out_dir / f"{name}.csv"
        _write_csv(tables[name].astype(str), path)
        paths.append(path)
    return paths
