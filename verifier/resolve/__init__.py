"""Resolve: the original of each detected post.

Takes an `Embed` (from `detect`); gives a `Resolution` (in `models`): the `Original` with the
evidence of every request made for it, or an `Unresolved` saying what was searched. The local
archive is asked first, then the platform, then the web archive.

    original.py   resolve_original: the order of the search, and matching by author and day
    fetch.py      a post from its platform's fetch module, a web archive copy when it is gone
    wayback.py    the Wayback Machine: captures of a post, and posts of an author by day
    session.py    the run's one network session (HTTP client, endpoints, hooks)

Platform knowledge (URLs, endpoints, how each answer reads) stays in `verifier.platforms`;
this package only decides whom to ask and in what order.
"""

from verifier.resolve.original import Archive, Fetcher, Searcher, resolve_original

__all__ = ["Archive", "Fetcher", "Searcher", "resolve_original"]
