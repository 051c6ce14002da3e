"""Generator for the Millbrook Public Library case-study tables (Module 1).

Millbrook is a fictional town of 25,000 residents. Everything this module writes is
synthetic: there are no real people, no names, and the ids are pseudonymous.

:func:`generate` writes five CSV files (``branches.csv``, ``community.csv``,
``patrons.csv``, ``visits.csv`` and ``needs_survey.csv``). The output is deterministic:
the same seed gives byte-identical files on every run (fixed number formatting, sorted
rows, ``\\n`` line endings, UTF-8). The hand-maintained ``datapackage.json`` next to the
CSV files describes them; :mod:`course_kit.data` loads them.

The figures are calibrated to the IMLS Public Libraries Survey per-capita norms (about
4.5 visits and 7.5 loans per resident a year; registered users about half the
population). The stories built into the data are described in ``datasets/TRAINERS.md``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from course_kit.data import AGE_BANDS

__all__ = ["DEFAULT_SEED", "SNAPSHOT_DATE", "TABLES", "generate"]

DEFAULT_SEED = 20240101

#: The day the patron extract was taken; "last 12 months" means the 12 months to this day.
SNAPSHOT_DATE = dt.date(2025, 12, 31)

#: The tables :func:`generate` writes, in this order.
TABLES = ("branches", "community", "patrons", "visits", "needs_survey")

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


def generate(out_dir: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the Millbrook case-study CSV files into ``out_dir`` and return their paths.

    The files are ``branches.csv``, ``community.csv``, ``patrons.csv``, ``visits.csv`` and
    ``needs_survey.csv`` (in that order). ``out_dir`` is created if needed. The same
    ``seed`` always gives byte-identical files; the committed files in ``datasets/`` were
    written with the default seed. ``datapackage.json`` is hand-maintained and is not
    written here.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)

    community = _community()
    branches = _branches()
    visits = _visits(rng)
    patrons = _patrons(rng, community)
    survey = _survey(rng, community, patrons)

    branches["has_evening_hours"] = _bool_text(branches["has_evening_hours"])
    for col in ("share_spanish_at_home", "share_other_language_at_home", "share_with_broadband"):
        community[col] = [f"{v:.2f}" for v in community[col]]

    tables = {
        "branches": branches.sort_values("branch_id", kind="stable"),
        "community": community.sort_values("neighbourhood_id", kind="stable"),
        "patrons": patrons,
        "visits": visits,
        "needs_survey": survey,
    }
    paths = []
    for name in TABLES:
        path = out_dir / f"{name}.csv"
        _write_csv(tables[name].astype(str), path)
        paths.append(path)
    return paths
