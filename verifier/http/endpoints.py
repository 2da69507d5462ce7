"""Endpoint overrides: NAME=URL pairs from repeated --endpoint options and VERIFIER_ENDPOINTS.

Platform modules declare their default endpoints; this only parses what the user overrides
(a mirror, a self-hosted Nitter, a test server).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TypeAlias
from urllib.parse import urlsplit

ENDPOINTS_ENV = "VERIFIER_ENDPOINTS"

EndpointMap: TypeAlias = dict[str, str]  # endpoint name (lower case) -> base URL

_NAME = re.compile(r"[a-z0-9][a-z0-9_.-]*")


def parse_endpoint_overrides(items: Iterable[str], *, source: str = "--endpoint") -> EndpointMap:
    """Overrides from NAME=URL items, later items winning; ValueError names a bad item and
    `source` (the option or variable it came from)."""
    overrides: EndpointMap = {}
    for item in items:
        name, url = _parse_item(item, source)
        overrides[name] = url
    return overrides


def endpoint_overrides_from_env(environ: Mapping[str, str]) -> EndpointMap:
    """Overrides from VERIFIER_ENDPOINTS="NAME=URL,NAME=URL"; empty when unset.

    Items are split on commas, so a URL in it cannot contain one: use --endpoint for that.
    """
    items = [item for item in environ.get(ENDPOINTS_ENV, "").split(",") if item.strip()]
    return parse_endpoint_overrides(items, source=ENDPOINTS_ENV)


def _parse_item(item: str, source: str) -> tuple[str, str]:
    name, sep, url = (part.strip() for part in item.partition("="))
    name = name.lower()
    if not sep:
        problem = "has no '='"
    elif not _NAME.fullmatch(name):
        problem = "needs a NAME of letters, digits, '_', '.' or '-'"
    elif not _is_http_url(url):
        problem = "needs an http:// or https:// URL with a host"
    else:
        return name, url
    raise ValueError(
        f"{source} item {item!r} {problem}: write NAME=URL, e.g. mastodon=https://mastodon.example"
    )


def _is_http_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:  # e.g. an unclosed [IPv6 bracket
        return False
