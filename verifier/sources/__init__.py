"""Sources: what the run reads, before anything is detected in it.

Takes paths, folders, URLs, WARC crawls, feeds and sitemaps; gives `Article` records (decoded
text, where and when each was read, its metadata) and, for any bad input, a `Problem` instead,
never an exception. Also gives the originals users import from local archives (`archives/`).

    articles.py   files, folders and URLs: read, decoded, their page metadata taken
    head.py       a page's metadata from its <head>, from lxml's parser events
    crawls.py     WARC crawls, page by page
    listings.py   feeds (feeds.py: RSS, Atom) and sitemaps (sitemaps.py: news sitemaps,
                  indexes) as the articles they list, since a moment; listing.py, their records
    archives/     originals in: snscrape JSONL, CSV/TSV exports, X archives, Mastodon outboxes

Imports only the shared ground (`models`, `text`, `http`, `platforms`).
"""

from verifier.sources.archives import read_archive
from verifier.sources.articles import archive_files, iter_articles

__all__ = ["archive_files", "iter_articles", "read_archive"]
