"""X/Twitter: URL forms, embed markup, text remnants and text quirks."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import BeautifulSoup, Tag

from verifier.dates import parse_displayed_date
from verifier.models import Embed, EmbedKind, Original, PostRef
from verifier.platforms.base import FoundEmbed, Platform, Signature

# twitter.com, x.com and their mobile forms, plus the mirrors people paste (fxtwitter & co).
# `ural.twitter` misses /statuses/ on x.com, /i/web/status/ and the mirrors, hence our own.
_HOSTS = r"(?:www\.|mobile\.|m\.)?(?:twitter|x|fxtwitter|fixupx|vxtwitter|fixvx|twittpr)\.com"
POST_URL = re.compile(
    rf"(?:https?://)?{_HOSTS}/(?:i/web|(?P<handle>\w{{1,15}}))/status(?:es)?/(?P<id>\d{{1,20}})",
    re.IGNORECASE,
)
# "— Elon Musk (@elonmusk) February 17, 2023": `</p>&mdash;` has no space, so flattening glues
# the dash to the text; the date may be glued to the next sentence, or be a Markdown link.
_DASH = r"(?:—|–|--|&mdash;|-)"
_DATE = (
    r"(?:[^\W\d_]{3,12}\.?\s+\d{1,2},\s+\d{4}"  # February 17, 2023 / Feb. 17, 2023
    r"|\d{1,2}\.?\s+(?:de\s+)?[^\W\d_]{3,12}\.?\s+(?:de\s+)?\d{4}"  # 17 février 2023 / 17. Feb 2023
    r"|\d{4}年\d{1,2}月\d{1,2}日)"
)
SIGNATURE = re.compile(
    rf"{_DASH}\s?(?P<name>[^\n()—]{{1,80}}?)\s*\(\s*@(?P<handle>\w{{1,15}})\s*\)\s*"
    rf"(?:\[(?P<mddate>{_DATE})\]\((?P<mdurl>[^)\s]+)\)|(?P<date>{_DATE}))"
)
TCO = re.compile(r"https?://t\.co/\w+", re.IGNORECASE)
PIC = re.compile(r"(?:https?://)?pic\.(?:twitter|x)\.com/\w+", re.IGNORECASE)
_LEADING_MENTIONS = re.compile(r"^(?:@\w{1,15}\s+)+")
_ATTRIBUTION_IN_P = re.compile(rf"\s*{_DASH}\s*[^\n]{{0,80}}\(@\w{{1,15}}\)[^\n]*$")


def canonical_url(post_id: str, handle: str | None) -> str:
    return f"https://twitter.com/{handle or 'i/web'}/status/{post_id}"


class Twitter(Platform):
    name = "twitter"
    label = "X/Twitter"
    embed_markers = ("twitter-tweet", "amp-twitter", "data-tweet-id", "data-tweetid", "tweet.html")
    post_url_pattern = POST_URL
    max_text_length = 280
    compare_ignore = (TCO, PIC)

    def parse_post_url(self, url: str) -> PostRef | None:
        match = POST_URL.search(url)
        if match is None:
            return None
        handle = match["handle"]
        return PostRef(self.name, match["id"], canonical_url(match["id"], handle), handle)

    def find_embeds(self, soup: BeautifulSoup) -> Iterator[FoundEmbed]:
        for quote in soup.find_all("blockquote", class_=["twitter-tweet", "twitter-video"]):
            found = self._from_blockquote(quote)
            if found:
                yield found
        for tag in soup.find_all(["amp-twitter", "iframe", "div"], attrs={"data-tweet-id": True}):
            yield self._from_id(tag, tag["data-tweet-id"], f"{tag.name}[data-tweet-id]")
        for tag in soup.find_all("amp-twitter", attrs={"data-tweetid": True}):
            yield self._from_id(tag, tag["data-tweetid"], "amp-twitter")
        for frame in soup.find_all("iframe", src=re.compile(r"platform\.twitter\.com/embed/")):
            match = re.search(r"[?&]id=(\d+)", str(frame["src"]))
            if match and not frame.has_attr("data-tweet-id"):
                yield self._from_id(frame, match[1], "iframe[src*=embed/Tweet.html]")
        for figure in soup.find_all("figure", class_="wp-block-embed-twitter"):
            if figure.find("blockquote", class_="twitter-tweet") is None:
                found = self._from_bare_url(figure)
                if found:
                    yield found

    def _from_blockquote(self, quote: Tag) -> FoundEmbed | None:
        links = [
            ref
            for a in quote.find_all("a", href=True)
            if (ref := self.parse_post_url(str(a["href"])))
        ]
        if not links:
            return None
        ref = links[-1]  # the status link is the last one; earlier ones are in the text
        paragraphs = quote.find_all("p")
        text = "\n\n".join(self.text_from_html(p) for p in paragraphs)
        text = _ATTRIBUTION_IN_P.sub("", text).strip()
        attribution = _attribution_text(quote, paragraphs)
        name, handle = _name_and_handle(attribution)
        date_link = quote.find_all("a", href=True)[-1]
        shown_date = date_link.get_text(" ", strip=True) or None
        lang = paragraphs[0].get("lang") if paragraphs else quote.get("lang")
        embed = Embed(
            platform=self.name,
            kind=EmbedKind.EMBED,
            position=0,
            post_id=ref.post_id,
            post_url=ref.url,
            author_handle=handle or ref.author_handle,
            author_name=name,
            displayed_text=text,
            displayed_date=shown_date,
            displayed_day=parse_displayed_date(shown_date),
            language=str(lang) if lang else None,
            markup="blockquote.twitter-tweet",
            quoted_post_url=_quoted_post(self, links[:-1], ref),
        )
        return FoundEmbed(quote, embed)

    def _from_id(self, tag: Tag, post_id: object, markup: str) -> FoundEmbed:
        post_id = str(post_id).strip()
        embed = Embed(
            platform=self.name,
            kind=EmbedKind.EMBED,
            position=0,
            post_id=post_id,
            post_url=canonical_url(post_id, None),
            displayed_text=None,
            markup=markup,
        )
        return FoundEmbed(tag, embed)

    def _from_bare_url(self, figure: Tag) -> FoundEmbed | None:
        ref = self.parse_post_url(figure.get_text(" ", strip=True))
        if ref is None:
            return None
        embed = Embed(
            platform=self.name,
            kind=EmbedKind.EMBED,
            position=0,
            post_id=ref.post_id,
            post_url=ref.url,
            author_handle=ref.author_handle,
            displayed_text=None,
            markup="figure.wp-block-embed-twitter",
        )
        return FoundEmbed(figure, embed)

    def find_signatures(self, text: str) -> Iterator[Signature]:
        for match in SIGNATURE.finditer(text):
            shown_date = match["mddate"] or match["date"]
            yield Signature(
                start=match.start(),
                end=match.end(),
                author_name=match["name"].strip(" >*_") or None,
                author_handle=match["handle"],
                displayed_date=shown_date,
                post_url=match["mdurl"],
            )

    def shown_text(self, original: Original) -> str:
        # Embeds show `display_text_range`: a reply's leading @mentions fall outside it.
        if original.display_start:
            return original.text[original.display_start :]
        if original.reply_to:
            return _LEADING_MENTIONS.sub("", original.text)
        return original.text


def _attribution_text(quote: Tag, paragraphs: list[Tag]) -> str:
    """The `— Name (@handle) Date` part: the blockquote's text outside its paragraphs."""
    text = quote.get_text(" ")
    for p in paragraphs:
        text = text.replace(p.get_text(" "), " ", 1)
    if "(@" not in text and paragraphs:
        text = paragraphs[-1].get_text(" ")  # some CMSs put the attribution inside the <p>
    return text


def _name_and_handle(attribution: str) -> tuple[str | None, str | None]:
    match = re.search(
        r"(?:—|–|-|&mdash;)?\s*([^\n()—]{0,80}?)\s*\(\s*@(\w{1,15})\s*\)", attribution
    )
    if match is None:
        return None, None
    return (match[1].strip() or None), match[2]


def _quoted_post(platform: Twitter, refs: list[PostRef], own: PostRef) -> str | None:
    """A quote-tweet's embed links the quoted post inside its text."""
    for ref in refs:
        if ref.post_id != own.post_id:
            return ref.url
    return None
