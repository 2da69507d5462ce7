"""The archive's read-only views, as SQL: what `report` and Datasette read.

The store creates them in a migration (`store.m002_publish_views`); this module only holds their
text, so that the store stays the only module that talks to SQLite.
"""

from __future__ import annotations

from verifier.models import Outcome, Status

# The site an article came from: the host of its final URL, URL or source, without "www.";
# "(local file)" for an article read from a file.
ARTICLE_SITES_VIEW = """
select
  article_id,
  case
    when rest is null then '(local file)'
    when host like 'www.%' then substr(host, 5)
    else host
  end as site
from (
  select
    article_id,
    rest,
    lower(substr(
      replace(replace(replace(rest, '?', '/'), '#', '/'), ':', '/'), 1,
      instr(replace(replace(replace(rest, '?', '/'), '#', '/'), ':', '/') || '/', '/') - 1
    )) as host
  from (
    select
      id as article_id,
      case
        when lower(address) like 'http://%' or lower(address) like 'https://%'
        then substr(address, instr(address, '://') + 3)
      end as rest
    from (select id, coalesce(final_url, url, source) as address from articles)
  )
)
"""

# Every detected post with its verdict and original: what `report` prints and the first table a
# fact-checker opens, so the columns read in that order (the verdict first, identifiers last).
# It keeps every column of the first `quotes` view (m001). `embed_rowid` is the rowid
# `embeds_fts` indexes, for full-text search on the view.
# `capture_quotes` holds every capture of every article (m009); `quotes` only each page's latest
# capture, so that a page read twice is counted once while its older captures stay readable.
_QUOTES_SELECT = """
select
  embeds.id as embed_id,
  verdicts.status,
  articles.source as article,
  articles.title as article_title,
  article_sites.site,
  embeds.platform,
  embeds.kind,
  embeds.author_handle,
  embeds.author_name,
  embeds.displayed_text,
  embeds.context_text,
  embeds.displayed_date,
  posts.text as original_text,
  posts.author_handle as original_author,
  posts.created_at as original_created_at,
  verdicts.similarity,
  verdicts.author_ok,
  verdicts.date_ok,
  verdicts.diff,
  verdicts.shown_text,
  verdicts.reason,
  verdicts.searched,
  verdicts.checked_at,
  coalesce(embeds.post_id, posts.post_id) as post_id,
  coalesce(embeds.post_url, posts.url) as post_url,
  posts.url as original_url,
  posts.outcome as original_outcome,
  coalesce(verdicts.post_key, embeds.post_key) as post_key,
  articles.id as article_id,
  coalesce(articles.final_url, articles.url) as article_url,
  embeds.rowid as embed_rowid{captures}
from embeds
join articles on articles.id = embeds.article_id
join article_sites on article_sites.article_id = articles.id
left join verdicts on verdicts.embed_id = embeds.id
left join posts on posts.id = verdicts.post_key{where}
order by articles.source, embeds.position
"""
# The view m002 created, before an article could have several captures.
QUOTES_VIEW_M002 = _QUOTES_SELECT.format(captures="", where="")
QUOTES_VIEW = _QUOTES_SELECT.format(captures="", where="\nwhere articles.is_latest = 1")
CAPTURE_QUOTES_VIEW = _QUOTES_SELECT.format(
    captures=",\n  articles.page_id,\n  articles.captured_at,\n  articles.is_latest", where=""
)

# Worst first: what a standards editor must read before anything else. A faithful verdict on an
# original that is gone comes before one whose original is still online: the article may be
# the only copy readers can see.
SEVERITY_ORDER = (
    Status.ALTERED,
    Status.MISMATCH,
    Status.TRUNCATED,
    Status.UNAVAILABLE,
    Status.NOT_FOUND,
    Status.PENDING,
    Status.NEEDS_ORIGINAL,
    Status.VERIFIED,
    Status.LINK,
)
_GONE = ", ".join(f"'{outcome.value}'" for outcome in Outcome if outcome.is_unavailable)
_SEVERITY = "\n".join(
    f"    when '{status.value}' then {rank * 2 + 1}" for rank, status in enumerate(SEVERITY_ORDER)
)

# The first table a reader opens: the few columns read first (article, author, verdict, the
# difference), worst first; every other column is in `quotes`, one click away. `severity` is
# the rank above, odd numbers; one less for a faithful verdict whose original is gone.
FINDINGS_VIEW = f"""
select
  quotes.embed_id,
  coalesce(quotes.article_title, quotes.article) as article,
  coalesce(quotes.author_handle, quotes.original_author) as author,
  quotes.status,
  quotes.diff,
  coalesce(quotes.shown_text, quotes.displayed_text) as quote,
  quotes.site,
  quotes.platform,
  quotes.kind,
  quotes.similarity,
  quotes.original_outcome,
  case quotes.status
{_SEVERITY}
    else {len(SEVERITY_ORDER) * 2 + 1}
  end - (quotes.original_outcome in ({_GONE})
         and quotes.status in ('{Status.VERIFIED.value}', '{Status.TRUNCATED.value}')) as severity,
  embeds.position,
  quotes.article_id,
  quotes.embed_rowid
from quotes
join embeds on embeds.id = quotes.embed_id
order by severity, quotes.article, embeds.position
"""

# In the order they must be created: a view can only name views created before it.
PUBLISH_VIEWS_M002: tuple[tuple[str, str], ...] = (
    ("article_sites", ARTICLE_SITES_VIEW),
    ("quotes", QUOTES_VIEW_M002),
)
CAPTURE_VIEWS: tuple[tuple[str, str], ...] = (
    ("quotes", QUOTES_VIEW),
    ("capture_quotes", CAPTURE_QUOTES_VIEW),
)


# `quotes_fts`: what the quotes' full-text search reads (m010): the article's text and names
# beside the original's text, one row per embed under the embed's rowid, kept by triggers. A
# refresh rewrites the rows of the embeds a condition names (over `embeds` and `verdicts`), so
# that an edit to an embed, its verdict or its original reaches the index.
QUOTE_SEARCH_COLUMNS = ("displayed_text", "author_handle", "author_name", "original_text")
_UNINDEX_QUOTES = """delete from quotes_fts where rowid in (
  select embeds.rowid from embeds left join verdicts on verdicts.embed_id = embeds.id
  where {cond});"""
_INDEX_QUOTES = """insert into quotes_fts (rowid, displayed_text, author_handle, author_name,
  original_text)
select embeds.rowid, embeds.displayed_text, embeds.author_handle, embeds.author_name, posts.text
from embeds
left join verdicts on verdicts.embed_id = embeds.id
left join posts on posts.id = coalesce(verdicts.post_key, embeds.post_key)
where {cond};"""
_POST_EMBEDS = (
    "embeds.rowid in (select rowid from embeds where post_key = new.id union"
    " select embeds.rowid from verdicts join embeds on embeds.id = verdicts.embed_id"
    " where verdicts.post_key = new.id)"
)
_QUOTE_SEARCH_TRIGGERS = (
    ("quotes_fts_embed_insert", "after insert on embeds", "embeds.id = new.id"),
    ("quotes_fts_embed_update", "after update on embeds", "embeds.id = new.id"),
    ("quotes_fts_verdict_insert", "after insert on verdicts", "embeds.id = new.embed_id"),
    (
        "quotes_fts_verdict_update",
        "after update of post_key on verdicts",
        "embeds.id = new.embed_id",
    ),
    ("quotes_fts_verdict_delete", "after delete on verdicts", "embeds.id = old.embed_id"),
    ("quotes_fts_post_insert", "after insert on posts", _POST_EMBEDS),
    ("quotes_fts_post_update", "after update of text on posts", _POST_EMBEDS),
)


def quote_search_sql() -> list[str]:
    """The statements that create `quotes_fts`, fill it from the rows there are, and keep it."""
    statements = [
        f"create virtual table quotes_fts using fts5 ({', '.join(QUOTE_SEARCH_COLUMNS)})",
        _INDEX_QUOTES.format(cond="1"),
        "create trigger quotes_fts_embed_delete after delete on embeds begin"
        " delete from quotes_fts where rowid = old.rowid; end",
    ]
    for name, when, cond in _QUOTE_SEARCH_TRIGGERS:
        body = _UNINDEX_QUOTES.format(cond=cond) + "\n" + _INDEX_QUOTES.format(cond=cond)
        statements.append(f"create trigger {name} {when} begin\n{body}\nend")
    return statements
