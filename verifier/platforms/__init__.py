"""The registry of platforms, one line each; all else about a platform lives in its module."""

from __future__ import annotations

from verifier.models import PostRef
from verifier.platforms.base import Platform
from verifier.platforms.twitter import Twitter

PLATFORMS: dict[str, Platform] = {platform.name: platform for platform in (Twitter(),)}


class UnknownPlatform(ValueError):
    "No platform of that name"


def get_platform(name: str) -> Platform:
    try:
        return PLATFORMS[name]
    except KeyError:
        known = ", ".join(sorted(PLATFORMS))
        raise UnknownPlatform(f"unknown platform {name!r} (known: {known})") from None


def parse_post_url(url: str) -> PostRef | None:
    """The post any platform recognises in a URL, or None."""
    for platform in PLATFORMS.values():
        ref = platform.parse_post_url(url)
        if ref is not None:
            return ref
    return None
