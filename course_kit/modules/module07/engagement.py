"""Social media and e-mail analytics on Millbrook's posts and newsletters.

An **engagement rate** is engagements ÷ a base × 100, and there are three bases in common
use: the account's followers, the post's reach (different accounts that saw it) and its
impressions (times it was shown). The same post has three different rates, and a ranking
of platforms or post types can change with the base, so always say which one you use.

For e-mail, the **click rate** is unique clickers ÷ delivered e-mails. Open rates have been
inflated since Apple's Mail Privacy Protection (2021) started to open messages
automatically, so they are shown but not trusted. Mailchimp's 2019 all-industry averages
(22.71% opens, 2.91% clicks) are given for comparison.

Rates over a group of posts are *pooled*: total engagements ÷ total base, so that a post
seen by 50 people does not weigh as much as one seen by 5,000.
"""

from __future__ import annotations

import html

import pandas as pd

from course_kit.plotting import OKABE_ITO, DescribedFigure, new_figure, styled

__all__ = [
    "BASES",
    "GROUPINGS",
    "MAILCHIMP_2019",
    "add_engagements",
    "best_issues",
    "click_leaders",
    "compare_bases",
    "conversation_table",
    "engagement_table",
    "newsletter_rates",
    "newsletter_summary",
    "platform_rate",
    "plot_newsletters",
    "plot_rates_by_base",
    "post_rates",
    "rates_chart_html",
    "totals_by",
]

#: The three bases of an engagement rate: label -> column of social_posts.csv.
BASES: dict[str, str] = {
    "followers": "followers_at_post",
    "reach": "reach",
    "impressions": "impressions",
}

#: What posts can be grouped by: label -> column (made by :func:`add_engagements`).
GROUPINGS: dict[str, str] = {
    "platform": "platform",
    "post type": "post_type",
    "time of day": "time_of_day",
    "day of the week": "weekday",
}

#: Mailchimp's 2019 all-industry e-mail benchmarks, in % of delivered e-mails.
MAILCHIMP_2019: dict[str, float] = {"open rate": 22.71, "click rate": 2.91}

_SLOTS = ["morning (before 11)", "midday (11-14)", "afternoon (14-17)", "evening (17 on)"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def add_engagements(posts: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``posts`` with ``engagements`` (reactions + comments + shares), the
    ``time_of_day`` slot and the ``weekday`` it was posted."""
    if {"engagements", "time_of_day", "weekday"} <= set(posts.columns):
        return posts  # already prepared (the analytics widget prepares the posts once)
    out = posts.copy()
    out["engagements"] = out["reactions"] + out["comments"] + out["shares"]
    hours = out["posted_at"].dt.hour
    out["time_of_day"] = pd.Categorical(
        pd.cut(hours, [0, 11, 14, 17, 24], right=False, labels=_SLOTS).astype(str),
        categories=_SLOTS, ordered=True)
    out["weekday"] = pd.Categorical(out["posted_at"].dt.day_name(), categories=_DAYS,
                                    ordered=True)
    return out


def _check_base(base: str) -> str:
    if base not in BASES:
        raise ValueError(f"Unknown base {base!r}: choose one of {', '.join(BASES)}.")
    return BASES[base]


def post_rates(posts: pd.DataFrame, post_id: str) -> pd.DataFrame:
    """One post's engagement rate under each of the three bases.

    Columns: ``engagements``, ``base`` (the count divided by), ``rate_%`` (two decimals).
    """
    table = add_engagements(posts)
    match = table[table["post_id"] == post_id]
    if match.empty:
        raise ValueError(f"There is no post {post_id!r}.")
    row = match.iloc[0]
    rows = []
    for label, column in BASES.items():
        base = int(row[column])
        rate = 100 * int(row["engagements"]) / base if base else float("nan")
        rows.append({"base": label, "engagements": int(row["engagements"]),
                     "base count": base, "rate_%": round(rate, 2)})
    return pd.DataFrame(rows).set_index("base")


def engagement_table(posts: pd.DataFrame, by: str = "platform",
                     base: str = "reach") -> pd.DataFrame:
    """Pooled engagement rate per group, on one base, largest first.

    ``by`` is a key of :data:`GROUPINGS`; ``base`` a key of :data:`BASES`. Columns: ``posts``
    (the sample size), ``engagements``, the base summed over the posts, ``rate_%`` and
    ``clicks per post``.
    """
    if by not in GROUPINGS:
        raise ValueError(f"Unknown grouping {by!r}: choose one of {', '.join(GROUPINGS)}.")
    column = _check_base(base)
    table = add_engagements(posts)
    grouped = table.groupby(GROUPINGS[by], observed=True).agg(
        posts=("post_id", "size"), engagements=("engagements", "sum"),
        total=(column, "sum"), clicks=("clicks", "sum"))
    grouped["rate_%"] = (100 * grouped["engagements"] / grouped["total"]).round(2)
    grouped["clicks per post"] = (grouped["clicks"] / grouped["posts"]).round(1)
    grouped = grouped.rename(columns={"total": f"{base} (sum over posts)"}).drop(columns="clicks")
    grouped.index = grouped.index.astype(str)
    grouped.index.name = by
    if by in ("platform", "post type"):
        grouped = grouped.sort_values("rate_%", ascending=False)
    return grouped


def compare_bases(posts: pd.DataFrame, by: str = "platform") -> pd.DataFrame:
    """Pooled rates under all three bases side by side, with each group's rank per base."""
    tables = {base: engagement_table(posts, by, base) for base in BASES}
    first = next(iter(tables.values()))
    out = pd.DataFrame({"posts": first["posts"]})
    for base, table in tables.items():
        out[f"per {base} %"] = table["rate_%"]
    for base in BASES:
        out[f"rank by {base}"] = out[f"per {base} %"].rank(ascending=False).astype(int)
    return out.sort_values("per reach %", ascending=False)


def click_leaders(posts: pd.DataFrame) -> pd.DataFrame:
    """Link clicks per post by post type, most first (clicks are not engagements here)."""
    table = add_engagements(posts)
    out = table.groupby("post_type", observed=True).agg(posts=("post_id", "size"),
                                                         clicks=("clicks", "sum"))
    out["clicks per post"] = (out["clicks"] / out["posts"]).round(1)
    out.index = out.index.astype(str)
    out.index.name = "post type"
    return out.sort_values("clicks per post", ascending=False)


@styled
def plot_rates_by_base(posts: pd.DataFrame, by: str = "platform") -> DescribedFigure:
    """Grouped bars: the pooled rate of each group under each base (log scale)."""
    table = compare_bases(posts, by)
    fig = new_figure(7.5, 3.6)
    ax = fig.add_subplot()
    width = 0.8 / len(BASES)
    hatches = ["", "//", ".."]
    for i, base in enumerate(BASES):
        xs = [j + (i - 1) * width for j in range(len(table))]
        ax.bar(xs, table[f"per {base} %"], width, label=f"per {base}", hatch=hatches[i],
               color=OKABE_ITO[i], edgecolor="white")
    ax.set_xticks(range(len(table)), [f"{g}\n(n = {n})" for g, n in table["posts"].items()])
    ax.set_ylabel("Engagement rate (%)")
    ax.set_title(f"Engagement rate by {by}, on three bases")
    ax.legend()
    low = table["per followers %"].idxmin()
    text = (f"Bar chart of engagement rates by {by} on three bases: per follower, "
            f"{low} is lowest ({table.loc[low, 'per followers %']:.2f}%), while per reach "
            f"{table['per reach %'].idxmax()} is highest "
            f"({table['per reach %'].max():.1f}%).")
    return DescribedFigure(fig, text)


def rates_chart_html(table: pd.DataFrame, base: str) -> str:
    """A table from :func:`engagement_table` as HTML bars with the numbers written in.

    Used by the analytics widget: it draws in a millisecond and a screen reader reads it
    as a list.
    """
    top = max(float(table["rate_%"].max()), 0.01)
    parts = [f'<div class="course-kit-rate-chart" role="list" '
             f'aria-label="Engagement rate per {html.escape(base)}">']
    for i, (group, row) in enumerate(table.iterrows()):
        width = max(2.0, 260 * float(row["rate_%"]) / top)
        parts.append(
            '<div role="listitem" style="display:flex;align-items:center;gap:6px;margin:3px 0">'
            f'<span style="width:14em">{html.escape(str(group))} (n = {int(row["posts"])})</span>'
            f'<span aria-hidden="true" style="display:inline-block;height:0.9em;'
            f'width:{width:.0f}px;background:{OKABE_ITO[i % 6]}"></span>'
            f'<span>{float(row["rate_%"]):.2f}%</span></div>')
    parts.append("</div>")
    return "".join(parts)


# -- e-mail ------------------------------------------------------------------------------
def newsletter_rates(newsletters: pd.DataFrame) -> pd.DataFrame:
    """Per issue: delivered, and open, click, click-to-open and unsubscribe rates (in %).

    Every rate is on *delivered* e-mails, except click-to-open (clicks ÷ opens).
    """
    n = newsletters
    out = pd.DataFrame({
        "sent_on": n["sent_on"].dt.date,
        "subject": n["subject"],
        "delivered": n["delivered"],
        "open_%": 100 * n["unique_opens"] / n["delivered"],
        "click_%": 100 * n["unique_clicks"] / n["delivered"],
        "click_to_open_%": 100 * n["unique_clicks"] / n["unique_opens"],
        "unsubscribe_%": 100 * n["unsubscribes"] / n["delivered"],
    })
    out.index = n["issue_id"]
    return out.round(2)


def newsletter_summary(newsletters: pd.DataFrame) -> pd.DataFrame:
    """All issues pooled, beside Mailchimp's 2019 averages (where there is one)."""
    n = newsletters
    delivered = int(n["delivered"].sum())
    rows = {
        "issues": (len(n), None),
        "delivered e-mails": (delivered, None),
        "bounce rate % (of sent)": (100 * (1 - delivered / n["sent"].sum()), None),
        "open rate %": (100 * n["unique_opens"].sum() / delivered,
                        MAILCHIMP_2019["open rate"]),
        "click rate %": (100 * n["unique_clicks"].sum() / delivered,
                         MAILCHIMP_2019["click rate"]),
        "click-to-open %": (100 * n["unique_clicks"].sum() / n["unique_opens"].sum(),
                            100 * MAILCHIMP_2019["click rate"] / MAILCHIMP_2019["open rate"]),
        "unsubscribe rate %": (100 * n["unsubscribes"].sum() / delivered, None),
    }
    out = pd.DataFrame(rows, index=["Millbrook", "Mailchimp 2019"]).T.round(2)
    out.index.name = "measure"
    return out


@styled
def plot_newsletters(newsletters: pd.DataFrame) -> DescribedFigure:
    """Open and click rate of every issue over time, with Mailchimp's 2019 averages."""
    rates = newsletter_rates(newsletters)
    fig = new_figure(7.5, 3.6)
    ax = fig.add_subplot()
    dates = pd.to_datetime(rates["sent_on"])
    ax.plot(dates, rates["open_%"], marker="o", label="open rate (inflated)")
    ax.plot(dates, rates["click_%"], marker="s", linestyle="--", label="click rate")
    for value, style in ((MAILCHIMP_2019["open rate"], ":"), (MAILCHIMP_2019["click rate"], ":")):
        ax.axhline(value, color="#555555", linestyle=style, linewidth=1)
    ax.text(dates.iloc[0], MAILCHIMP_2019["open rate"] + 1, "Mailchimp 2019 opens", fontsize=9)
    ax.text(dates.iloc[0], MAILCHIMP_2019["click rate"] + 1, "Mailchimp 2019 clicks", fontsize=9)
    ax.set_ylabel("% of delivered e-mails")
    ax.set_ylim(0, 45)
    ax.set_title(f"Newsletter open and click rates ({len(rates)} issues)")
    ax.legend(loc="center right")
    best = rates["click_%"].idxmax()
    text = (f"Line chart of {len(rates)} newsletter issues: open rates stay between "
            f"{rates['open_%'].min():.0f} and {rates['open_%'].max():.0f}%, far above "
            f"Mailchimp's 22.71%, while click rates stay near 3%; the best click rate is "
            f"{rates.loc[best, 'click_%']:.1f}% ('{rates.loc[best, 'subject']}').")
    return DescribedFigure(fig, text)


def conversation_table(posts: pd.DataFrame) -> pd.DataFrame:
    """Comments by post type: posts, comments, comments per post and % of engagements.

    Comments are where a conversation starts, so they are the part of engagement a
    moderator looks after.
    """
    table = add_engagements(posts)
    out = table.groupby("post_type", observed=True).agg(
        posts=("post_id", "size"), comments=("comments", "sum"),
        engagements=("engagements", "sum"))
    out["comments per post"] = (out["comments"] / out["posts"]).round(1)
    out["comments % of engagements"] = (100 * out["comments"] / out["engagements"]).round(1)
    out.index = out.index.astype(str)
    out.index.name = "post type"
    return out.drop(columns="engagements").sort_values("comments per post", ascending=False)


def best_issues(newsletters: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The ``n`` issues with the highest click rate on delivered e-mails."""
    rates = newsletter_rates(newsletters)
    return rates.nlargest(n, "click_%")[["sent_on", "subject", "delivered", "click_%",
                                         "open_%"]]


def totals_by(posts: pd.DataFrame, by: str = "platform") -> pd.DataFrame:
    """Raw totals per group (posts, engagements and the three bases), for working a rate
    out by hand."""
    if by not in GROUPINGS:
        raise ValueError(f"Unknown grouping {by!r}: choose one of {', '.join(GROUPINGS)}.")
    table = add_engagements(posts)
    out = table.groupby(GROUPINGS[by], observed=True).agg(
        posts=("post_id", "size"), engagements=("engagements", "sum"),
        followers=("followers_at_post", "sum"), reach=("reach", "sum"),
        impressions=("impressions", "sum"))
    out.index = out.index.astype(str)
    out.index.name = by
    return out


def platform_rate(platform: str, base: str = "reach") -> float:
    """The pooled engagement rate (%) of one platform's posts on one base, from the
    case-study data (the key of a graded data question)."""
    from course_kit.data import load_social_posts

    table = engagement_table(load_social_posts(), "platform", base)
    if platform not in table.index:
        raise ValueError(f"There is no platform {platform!r}.")
    row = table.loc[platform]
    return float(100 * row["engagements"] / row[f"{base} (sum over posts)"])
