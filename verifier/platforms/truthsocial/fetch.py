"""Truth Social originals: Mastodon's status API, on truthsocial.com only."""

from __future__ import annotations

from verifier.models import Fetched, PostRef
from verifier.platforms.fetcher import FetchContext
from verifier.platforms.mastodon.fetch import fetch_with

ENDPOINTS = {"truthsocial": "https://truthsocial.com"}


def fetch(ref: PostRef, context: FetchContext) -> Fetched | None:
    return fetch_with(ref, context, endpoint="truthsocial", name="truthsocial")
