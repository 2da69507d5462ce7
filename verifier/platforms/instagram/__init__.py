"""Instagram: post, reel and IGTV URLs, `blockquote.instagram-media` and its rendered iframe."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import Tag

from verifier.models import PostRef
from verifier.platforms.base import FoundEmbed, Platform, Signature, attribute, frame_url, has_class

POST_URL = re.compile(
    r"(?:https?:)?(?://)?(?:www\.)?(?:instagram\.com|instagr\.am)/(?:(?P<handle>[\w.]{1,30})/)?"
    r"(?P<kind>p|reel|reels|tv)/(?P<code>[\w-]{5,40})",
    re.IGNORECASE,
)
# "A post shared by Name (@handle)" in the languages Instagram localises its embed into.
_SHARED_BY = (
    r"(?:A post shared by|Ein Beitrag geteilt von|Une publication partagée par|"
    r"Una publicación compartida por|Un post condiviso da|Een bericht gedeeld door|"
    r"Uma publicação compartilhada por|Uma publicação partilhada por|"
    r"Ett inlägg delat av|Et innlegg delt av|Et opslag delt af|Post udostępniony przez|"
    r"Публикация от|Instagram-Beitrag von)"
)
_ATTRIBUTION = re.compile(
    # The name may hold words in parentheses: "Benjamin Näßler (he/him) (@3ensta)".
    rf"{_SHARED_BY}\s+(?P<name>[^\n()]{{0,80}}?(?:\([^\n()@]{{1,40}}\)[^\n()]{{0,40}}?){{0,2}})"
    r"\s*\(@(?P<handle>[\w.]{1,30})\)"
    r"(?:\s+(?:on|am|le|el|il|op|em|den|dnia)\s+(?P<date>[^\n]{4,60}?(?:\d{4}|[AP]M|[ap]m)"
    r"(?:\s+(?:um|at|à|a las|alle|om|às)\s+\d{1,2}[:.]\d{2}\s*(?:[ap]m|[AP]M)?\s*[A-Z]{2,5})?))?",
)
# What the embed shows before it has loaded, which is not the post's caption.
_BOILERPLATE = re.compile(
    r"^(?:View this post on Instagram|Sieh dir diesen Beitrag auf Instagram an|"
    r"Voir cette publication sur Instagram|Ver esta publicación en Instagram|"
    r"Visualizza questo post su Instagram|Bekijk dit bericht op Instagram|"
    r"Ver essa foto no Instagram|Ver esta publicação no Instagram|"
    r"Instagram Beitrag|Instagram post)$",
    re.IGNORECASE,
)


def canonical_url(kind: str, code: str) -> str:
    kind = {"reels": "reel"}.get(kind.lower(), kind.lower())
    return f"https://www.instagram.com/{kind}/{code}/"


class Instagram(Platform):
    name = "instagram"
    label = "Instagram"
    embed_markers = ("instagram-media", "instgrm", "instagram__container", "amp-instagram")
    url_markers = ("instagram.com/", "instagr.am/")
    post_url_pattern = POST_URL
    max_text_length = 2200

    def parse_post_url(self, url: str) -> PostRef | None:
        match = POST_URL.search(url)
        if match is None:
            return None
        url_handle = match["handle"]
        handle = (
            url_handle if url_handle and url_handle.lower() not in ("p", "reel", "tv") else None
        )
        return PostRef(
            self.name, match["code"], canonical_url(match["kind"], match["code"]), handle
        )

    def find_embeds(self, root: Tag) -> Iterator[FoundEmbed]:
        for quote in root.find_all("blockquote"):
            if has_class(quote, "instagram-media", "instagram__container"):
                if found := self._from_blockquote(quote):
                    yield found
        for frame in root.find_all("iframe"):
            ref = self.parse_post_url(frame_url(frame) or "")
            if ref and "/embed" in (frame_url(frame) or ""):
                yield self.found(frame, ref, "iframe.instagram-media-rendered")
        for amp in root.find_all("amp-instagram"):
            code = attribute(amp, "data-shortcode")
            if code:
                ref = PostRef(self.name, code, canonical_url("p", code))
                yield self.found(amp, ref, "amp-instagram")

    def _from_blockquote(self, quote: Tag) -> FoundEmbed | None:
        permalink = attribute(quote, "data-instgrm-permalink") or ""
        ref = self.parse_post_url(permalink)
        if ref is None:
            links = [self.parse_post_url(str(a["href"])) for a in quote.find_all("a", href=True)]
            ref = next((r for r in links if r), None)
        if ref is None:
            return None
        caption: list[str] = []
        name = handle = shown_date = None
        for paragraph in quote.find_all("p"):
            text = self.text_from_html(paragraph)
            attribution = _ATTRIBUTION.search(" ".join(text.split()))
            if attribution:
                name = attribution["name"].strip() or None
                handle = attribution["handle"]
                time = paragraph.find("time")
                shown_date = time.get_text(" ", strip=True) if time else attribution["date"]
            elif text and not _BOILERPLATE.match(text):
                caption.append(text)
        return self.found(
            quote,
            ref,
            "blockquote.instagram-media",
            author_handle=handle,
            author_name=name,
            displayed_text="\n\n".join(caption),
            displayed_date=shown_date,
        )

    def find_signatures(self, text: str) -> Iterator[Signature]:
        for match in _ATTRIBUTION.finditer(text):
            yield Signature(
                start=match.start(),
                end=match.end(),
                author_name=match["name"].strip() or None,
                author_handle=match["handle"],
                displayed_date=match["date"],
            )
