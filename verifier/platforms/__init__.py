"""The registry of platforms, one line each; all else about a platform lives in its module.

Order matters where URL forms overlap: the first platform that recognises a URL owns it, so
Mastodon, which recognises `/@user/ID` on any host, comes last."""

from __future__ import annotations

from verifier.models import PostRef
from verifier.platforms.base import Platform
from verifier.platforms.bluesky import Bluesky
from verifier.platforms.facebook import Facebook
from verifier.platforms.instagram import Instagram
from verifier.platforms.linkedin import LinkedIn
from verifier.platforms.mastodon import Mastodon
from verifier.platforms.reddit import Reddit
from verifier.platforms.telegram import Telegram
from verifier.platforms.threads import Threads
from verifier.platforms.tiktok import TikTok
from verifier.platforms.truthsocial import TruthSocial
from verifier.platforms.tumblr import Tumblr
from verifier.platforms.twitter import Twitter
from verifier.platforms.youtube import YouTube

PLATFORMS: dict[str, Platform] = {
    platform.name: platform
    for platform in (
        Twitter(),
        Bluesky(),
        Threads(),
        Instagram(),
        Facebook(),
        TikTok(),
        YouTube(),
        Reddit(),
        Telegram(),
        LinkedIn(),
        Tumblr(),
        TruthSocial(),
        Mastodon(),
    )
}


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
    lowered = url.lower()
    for platform in PLATFORMS.values():
        if not any(marker in lowered for marker in platform.url_markers):
            continue  # cheaper than the platform's regex, and as sure
        ref = platform.parse_post_url(url)
        if ref is not None:
            return ref
    return None
