"""The archive's read-only views, as SQL: what `report` and Datasette read.

The store creates them in a migration (`store.m002_publish_views`); this module only holds their
text, so that the store stays the only module that talks to SQLite.
"""

from __future__ import annotations

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
QUOTES_VIEW = """
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
  embeds.rowid as embed_rowid
from embeds
join articles on articles.id = embeds.article_id
join article_sites on article_sites.article_id = articles.id
left join verdicts on verdicts.embed_id = embeds.id
left join posts on posts.id = verdicts.post_key
order by articles.source, embeds.position
"""

# In the order they must be created: a view can only name views created before it.
PUBLISH_VIEWS: tuple[tuple[str, str], ...] = (
    ("article_sites", ARTICLE_SITES_VIEW),
    ("quotes", QUOTES_VIEW),
)
