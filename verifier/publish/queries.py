"""The stored queries a fact-checker starts from, written against the `quotes` view.

Lists of statuses and outcomes are generated from the enums, so that a new status cannot be
silently left out of a query.
"""

from __future__ import annotations

from dataclasses import dataclass

from verifier.models import EmbedKind, Outcome, Status


@dataclass(frozen=True)
class StoredQuery:
    title: str
    description: str
    sql: str


def _values(members: list[Status] | list[Outcome]) -> str:
    return ", ".join(f"'{member.value}'" for member in members)


COMPARED = [Status.VERIFIED, Status.TRUNCATED, Status.ALTERED, Status.MISMATCH]
FAITHFUL = [Status.VERIFIED, Status.TRUNCATED]
DIFFERING = [Status.ALTERED, Status.MISMATCH, Status.TRUNCATED]
UNRESOLVED = [Status.PENDING, Status.NOT_FOUND]
GONE = [outcome for outcome in Outcome if outcome.is_unavailable]

_QUOTE_COLUMNS = "embed_id, article, site, platform, author_handle, status, similarity"

_COVERAGE_COUNTS = ",\n  ".join(
    f"sum(status = '{status.value}') as {status.value}" for status in Status
)

QUERIES: dict[str, StoredQuery] = {
    "quotes_that_differ": StoredQuery(
        title="Quotes that differ from their original",
        description=(
            "Altered, mismatched or cut quotes: the article's text against the original,"
            " changed words marked, cut words greyed. Narrow it to one article with its path,"
            " URL, title or id (empty: every article). Open a verdict to read them side by side."
        ),
        sql=(
            f"select {_QUOTE_COLUMNS}, diff, shown_text, original_text, post_url\n"
            f"from quotes where status in ({_values(DIFFERING)})\n"
            "  and (:article = '' or article_id = :article\n"
            "       or instr(lower(article || ' ' || coalesce(article_url, '') || ' '"
            " || coalesce(article_title, '')), lower(:article)))\n"
            "order by similarity, article"
        ),
    ),
    "originals_gone": StoredQuery(
        title="Embeds whose original is gone",
        description=(
            "Posts an article shows whose original is now deleted, suspended, protected or"
            " hidden: the article may be the only copy left readers can see."
        ),
        sql=(
            f"select {_QUOTE_COLUMNS}, original_outcome, displayed_text, reason, post_url\n"
            f"from quotes where status = '{Status.UNAVAILABLE.value}'"
            f" or original_outcome in ({_values(GONE)})\n"
            "order by article"
        ),
    ),
    "posts_quoted_differently": StoredQuery(
        title="Posts quoted by several articles with different texts",
        description=(
            "The same post as several articles show it, where their texts differ: one row per"
            " article, grouped by post."
        ),
        sql=(
            "with differing as (\n"
            "  select post_key from quotes\n"
            f"  where post_key is not null and kind != '{EmbedKind.LINK.value}'\n"
            "    and coalesce(shown_text, displayed_text) is not null\n"
            "  group by post_key\n"
            "  having count(distinct article_id) > 1\n"
            "    and count(distinct coalesce(shown_text, displayed_text)) > 1\n"
            ")\n"
            f"select post_key, {_QUOTE_COLUMNS}, coalesce(shown_text, displayed_text) as text,"
            " original_text\n"
            "from quotes join differing using (post_key)\n"
            "order by post_key, article"
        ),
    ),
    "author": StoredQuery(
        title="Everything about one author",
        description=(
            "Every post an article attributes to this handle or that this handle posted, with"
            " its verdict, then the handle's archived posts no article quotes."
            " Handles ignore case and a leading @."
        ),
        sql=(
            f"select {_QUOTE_COLUMNS}, displayed_text, original_text, post_url\n"
            "from quotes\n"
            "where lower(author_handle) = lower(ltrim(:handle, '@'))\n"
            "   or lower(original_author) = lower(ltrim(:handle, '@'))\n"
            "union all\n"
            "select null, null, null, platform, author_handle, 'not quoted', null, null, text,"
            " url\n"
            "from posts\n"
            "where lower(author_handle) = lower(ltrim(:handle, '@'))\n"
            "  and id not in (select post_key from quotes where post_key is not null)"
        ),
    ),
    "coverage_by_site": StoredQuery(
        title="Verification coverage by site",
        description=(
            "For each site (the article's web address; files read from disk count as"
            " '(local file)'): how many posts were detected, how many were compared with their"
            " original, and each verdict's count. Links are not quotes and are left out of the"
            " percentages."
        ),
        sql=(
            "select site,\n"
            "  count(distinct article_id) as articles,\n"
            "  count(*) as posts_detected,\n"
            f"  round(100.0 * sum(status in ({_values(COMPARED)}))"
            f" / nullif(sum(status != '{Status.LINK.value}'), 0), 1) as percent_compared,\n"
            f"  round(100.0 * sum(status in ({_values(FAITHFUL)}))"
            f" / nullif(sum(status in ({_values(COMPARED)})), 0), 1) as percent_faithful,\n"
            f"  {_COVERAGE_COUNTS}\n"
            "from quotes group by site order by posts_detected desc, site"
        ),
    ),
    "not_verified_yet": StoredQuery(
        title="Embeds not verified yet",
        description=(
            "Posts still pending or whose original was not found, with what was searched: a"
            " later run, or an import of the author's archive, may settle them."
        ),
        sql=(
            f"select {_QUOTE_COLUMNS}, kind, post_url, reason, searched\n"
            f"from quotes where status in ({_values(UNRESOLVED)})\n"
            "order by article"
        ),
    ),
}
