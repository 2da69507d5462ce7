"""The newsroom's pages: the front page (the archive at a glance, the worst articles first) and
an article's page (every post it shows, in reading order). Pure functions of rows, like the
verdict page; every string stays text or passes through `verifier.publish.render`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from verifier.models import Status
from verifier.publish.labels import STATUS_LABELS
from verifier.publish.render import inline_diff, is_gone, link, parse_diff, status_badge
from verifier.store.views import SEVERITY_ORDER

Row = Mapping[str, Any]
# Statuses counted on a page, worst first: the order the `findings` view sorts by.
WORST_FIRST = SEVERITY_ORDER


@dataclass(frozen=True)
class Bar:
    """One bar of a small chart: a label, a count, its length in percent of the longest."""

    label: Markup | str
    count: int
    length: int
    href: str | None = None


def bars(counts: Sequence[tuple[Markup | str, int, str | None]]) -> tuple[Bar, ...]:
    longest = max((count for _label, count, _href in counts), default=0) or 1
    return tuple(
        Bar(label, count, round(100 * count / longest), href) for label, count, href in counts
    )


def badge(status: object, *, gone: bool = False) -> Markup:
    return status_badge(status, gone=gone) or Markup("No verdict yet")


@dataclass(frozen=True)
class PostOnPage:
    """One post as an article shows it, with its verdict."""

    badge: Markup
    platform: str
    kind: str
    author: str
    text: Markup  # the diff inline, marked, where there is one; else the quoted text
    reason: str
    verdict_href: str


@dataclass(frozen=True)
class ArticlePage:
    title: str
    address: Markup  # a link where the article has a web address
    site: str
    published: str
    counts: tuple[tuple[Markup, int], ...]  # each verdict's badge and how many
    posts: tuple[PostOnPage, ...]
    differ_href: str  # the stored query of quotes that differ, for this article


def build_article_page(
    article: Row,
    quotes: Sequence[Row],
    *,
    verdict_href: Callable[[str], str],
    differ_href: str,
) -> ArticlePage:
    """The page of one article: its `articles` row (with its `site`) and its `quotes` rows in
    reading order."""
    posts = tuple(_post(quote, verdict_href) for quote in quotes)
    counts: dict[Status, int] = {}
    for quote in quotes:
        if quote.get("status") in {s.value for s in Status}:
            status = Status(quote["status"])
            counts[status] = counts.get(status, 0) + 1
    address = article.get("final_url") or article.get("url") or article.get("source")
    return ArticlePage(
        title=str(article.get("title") or article.get("source") or ""),
        address=link(address),
        site=str(article.get("site") or ""),
        published=str(article.get("published") or ""),
        counts=tuple((badge(s.value), counts[s]) for s in WORST_FIRST if s in counts),
        posts=posts,
        differ_href=differ_href,
    )


def _post(quote: Row, verdict_href: Callable[[str], str]) -> PostOnPage:
    status = quote.get("status")
    diff = parse_diff(quote.get("diff"))
    excerpt = status == Status.TRUNCATED.value
    text = inline_diff(diff, excerpt=excerpt, context=12) if diff else None
    shown = quote.get("shown_text") or quote.get("displayed_text") or ""
    return PostOnPage(
        badge=badge(status, gone=is_gone(quote.get("original_outcome"))),
        platform=str(quote.get("platform") or ""),
        kind=str(quote.get("kind") or ""),
        author=str(quote.get("author_handle") or quote.get("original_author") or ""),
        text=text or Markup.escape(shown),
        reason=str(quote.get("reason") or ""),
        verdict_href=verdict_href(str(quote["embed_id"])),
    )


@dataclass(frozen=True)
class ArticleFinding:
    title: str
    site: str
    href: str
    counts: tuple[tuple[Markup, int], ...]


@dataclass(frozen=True)
class FrontPage:
    articles: int
    posts: int
    by_status: tuple[Bar, ...]
    by_platform: tuple[Bar, ...]
    gone_by_month: tuple[Bar, ...]
    by_site: tuple[Bar, ...]
    worst: tuple[ArticleFinding, ...]


def build_front_page(
    *,
    totals: Row,
    statuses: Sequence[Row],
    platforms: Sequence[Row],
    gone: Sequence[Row],
    sites: Sequence[Row],
    articles: Sequence[Row],
    hrefs: Callable[[str, str], str],
    article_href: Callable[[str], str],
) -> FrontPage:
    """The front page from the archive's counts: `statuses` (status, count), `platforms`
    (platform, count), `gone` (month, count), `sites` (site, posts, faithful), and `articles`
    (article_id, article, site, status, count) worst first. `hrefs(column, value)` is the
    findings table filtered to one value."""
    order = {status.value: rank for rank, status in enumerate(WORST_FIRST)}
    by_status = sorted(statuses, key=lambda row: order.get(row["status"], len(order)))
    return FrontPage(
        articles=int(totals.get("articles") or 0),
        posts=int(totals.get("posts") or 0),
        by_status=bars(
            [(badge(r["status"]), r["count"], hrefs("status", r["status"])) for r in by_status]
        ),
        by_platform=bars(
            [(r["platform"], r["count"], hrefs("platform", r["platform"])) for r in platforms]
        ),
        gone_by_month=bars([(r["month"], r["count"], None) for r in gone]),
        by_site=bars(
            [
                (f"{r['site']} ({_share(r['faithful'], r['compared'])} faithful)", r["posts"], None)
                for r in sites
            ]
        ),
        worst=_worst(articles, article_href, order),
    )


def _share(part: int | None, whole: int | None) -> str:
    return f"{(part or 0) / whole:.0%}" if whole else "none compared,"


def _worst(
    rows: Sequence[Row], article_href: Callable[[str], str], order: dict[str, int]
) -> tuple[ArticleFinding, ...]:
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = found.setdefault(
            row["article_id"], {"title": row["article"], "site": row["site"], "counts": {}}
        )
        entry["counts"][row["status"]] = row["count"]
    ranked = sorted(
        found.items(),
        key=lambda item: tuple(
            -item[1]["counts"].get(status.value, 0) for status in WORST_FIRST[:5]
        ),
    )
    return tuple(
        ArticleFinding(
            title=str(entry["title"] or ""),
            site=str(entry["site"] or ""),
            href=article_href(article_id),
            counts=tuple(
                (badge(status), count)
                for status, count in sorted(
                    entry["counts"].items(), key=lambda sc: order.get(sc[0], len(order))
                )
            ),
        )
        for article_id, entry in ranked
    )


def status_names() -> dict[str, str]:
    """Each status code and its label: facets show codes, the page relabels them."""
    return {status.value: STATUS_LABELS[status] for status in Status}
