"""X/Twitter: URL forms, embed markup, text remnants and text quirks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from bs4 import Tag

from verifier.models import Original, PostRef
from verifier.platforms.base import (
    FoundEmbed,
    Platform,
    Signature,
    attribute,
    element_text,
    frame_url,
    has_class,
    tags_in,
    tidy_text,
)

# twitter.com, x.com and their mobile forms, plus the mirrors people paste (fxtwitter & co) and
# nitter instances. `ural.twitter` misses /statuses/ on x.com, /i/web/status/ and the mirrors.
_HOSTS = (
    r"(?:www\.|mobile\.|m\.)?(?:twitter|x|fxtwitter|fixupx|vxtwitter|fixvx|twittpr)\.com"
    r"|nitter\.[\w.-]+|[\w-]+\.nitter\.[\w.-]+"
)
# X allows handles of 15 characters at most, but an article may show a longer one (a look-alike
# "@itsJeffTiedrich_"), and X opens /anyname/status/ID as post ID: read up to 50, so that a
# shown handle that cannot be the author's is compared (a mismatch), not silently unread.
_SHOWN_HANDLE = r"\w{1,50}"
POST_URL = re.compile(
    rf"(?:https?:)?(?://)?\b(?:{_HOSTS})/(?:i/web|(?P<handle>{_SHOWN_HANDLE}))/status(?:es)?/"
    r"(?P<id>\d{1,20})",
    re.IGNORECASE,
)
# "— Elon Musk (@elonmusk) February 17, 2023": `</p>&mdash;` has no space, so flattening glues
# the dash to the text; the date may be glued to the next sentence, or be a Markdown link.
_DASH = r"(?:—|–|--|&mdash;|-)"
_DATE = (
    r"(?:[^\W\d_]{3,12}\.?\s+\d{1,2},\s+\d{4}"  # February 17, 2023 / Feb. 17, 2023
    # 17 février 2023 / 17. Feb 2023 / 16 мая 2018 г.
    r"|\d{1,2}\.?\s+(?:de\s+)?[^\W\d_]{3,12}\.?\s+(?:de\s+)?\d{4}(?:\s?г\.)?"
    r"|\d{4}年\d{1,2}月\d{1,2}日"
    r"|\d{4}\.\s?\d{1,2}\.\s?\d{1,2}\.?)"  # 2023. 2. 17. (Korean)
)
# A display name may hold words in parentheses ("Jane (she/her)", "透析テツ(脱被曝)"), never "(@".
_NAME = r"[^\n()—]{1,80}?(?:\([^\n()@—]{1,40}\)[^\n()—]{0,40}?){0,2}"
SIGNATURE = re.compile(
    rf"{_DASH}\s?(?P<name>{_NAME})\s*\(\s*@(?P<handle>{_SHOWN_HANDLE})\s*\)\s*"
    rf"(?:\[(?P<mddate>{_DATE})\]\((?P<mdurl>[^)\s]+)\)|(?P<date>{_DATE}))"
)
# The Telegraph's self-hosted tweets flatten to `Twitter: Name - text` (newspaper's output).
_CREDIT_LINE = re.compile(r"^Twitter: (?P<name>[^\n]{1,60}?) - (?P<text>[^\n]{3,400})$", re.M)
TCO = re.compile(r"https?://t\.co/\w+", re.IGNORECASE)
PIC = re.compile(r"(?:https?://)?pic\.(?:twitter|x)\.com/\w+", re.IGNORECASE)
_LEADING_MENTIONS = re.compile(r"^(?:@\w{1,15}\s+)+")
_ATTRIBUTION = re.compile(rf"\s*{_DASH}\s*[^\n—]{{0,80}}\(\s*@{_SHOWN_HANDLE}\s*\)[^\n]*$")
# The end of a signed blockquote's text: `— Name (@handle) Date`.
_SIGNED = re.compile(rf"{_DASH}\s?[^\n]{{0,80}}\(\s*@{_SHOWN_HANDLE}\s*\)\s*[^\n()@]{{0,60}}$")
_HANDLE_IN_PARENS = re.compile(rf"\(\s*@({_SHOWN_HANDLE})\s*\)")
_NAME_STOPS = re.compile(r"[\n—–]|&mdash;")
_NAME_AT_END = re.compile(r"[^\n()—–]*(?:\([^\n()@—–]{1,40}\)[^\n()—–]*){0,2}$")
# The Telegraph frames each tweet as `iframe#tweetframe<id><more digits>`: tweet ids of its
# time (2014-2015) have 18 digits.
_TWEETFRAME = re.compile(r"^tweetframe(\d{18})")


def canonical_url(post_id: str, handle: str | None) -> str:
    return f"https://twitter.com/{handle or 'i/web'}/status/{post_id}"


class Twitter(Platform):
    name = "twitter"
    label = "X/Twitter"
    embed_markers = (
        "twitter-tweet",
        "twitter-video",
        "amp-twitter",
        "data-tweet-id",
        "data-tweetid",
        "platform.twitter.com/embed",
        "subbuzz-tweet",
        "feed-item tweet",
        "tweetframe",
    )
    url_markers = ("twitter.com/", "x.com/", "twittpr.com/", "nitter.")
    post_url_pattern = POST_URL
    max_text_length = 280
    compare_ignore = (TCO, PIC)

    def parse_post_url(self, url: str) -> PostRef | None:
        if "/status" not in url.casefold():
            return None  # as sure as the pattern, which needs it, and far cheaper
        match = POST_URL.search(url)
        if match is None:
            return None
        handle = match["handle"]
        return PostRef(self.name, match["id"], canonical_url(match["id"], handle), handle)

    def find_embeds(self, root: Tag) -> Iterator[FoundEmbed]:
        # One walk sorts the elements for every rule (a `find_all` per rule would walk the
        # tree once each); the rules then run in their order, as the first to claim wins.
        quotes, with_id, amp, frames, cards = [], [], [], [], []
        for tag in tags_in(root):
            if tag.name == "blockquote":
                quotes.append(tag)
            if tag.has_attr("data-tweet-id"):
                with_id.append(tag)
            if tag.name == "amp-twitter" and tag.has_attr("data-tweetid"):
                amp.append(tag)
            if tag.name == "iframe":
                frames.append(tag)
            if "feed-item" in (classes := tag.get("class") or ()) and "tweet" in classes:
                cards.append(tag)
        for quote in quotes:
            if _is_tweet_quote(quote) and (found := self._from_blockquote(quote)):
                yield found
        for tag in with_id:
            yield self._from_id(tag, tag["data-tweet-id"], f"{tag.name}[data-tweet-id]")
        for tag in amp:
            yield self._from_amp(tag)
        for frame in frames:
            yield from self._from_frame(frame)
        for card in cards:
            if found := self._from_card(card):
                yield found

    def _from_amp(self, amp: Tag) -> FoundEmbed:
        """`amp-twitter`: its placeholder, the official blockquote, is what a reader sees until
        (and where) the component loads; when it carries the post's words, they are judged."""
        by_id = self._from_id(amp, amp["data-tweetid"], "amp-twitter")
        placeholder = next((q for q in amp.find_all("blockquote") if _is_tweet_quote(q)), None)
        shown = self._from_blockquote(placeholder, by_id.embed.post_id) if placeholder else None
        if shown is None or not shown.embed.displayed_text:
            return by_id
        if shown.embed.post_id != by_id.embed.post_id:
            return by_id  # the placeholder shows another post: the component's id decides
        return FoundEmbed(amp, replace(shown.embed, markup="amp-twitter"))

    def _from_blockquote(self, quote: Tag, post_id: str | None = None) -> FoundEmbed | None:
        # One walk for the status links and the paragraphs (`find_all("p")` walks again).
        status, paragraphs = [], []
        for tag in tags_in(quote):
            if tag.name == "p":
                paragraphs.append(tag)
            elif tag.name == "a" and tag.has_attr("href"):
                if ref := self.parse_post_url(str(tag["href"])):
                    status.append((tag, ref))
        links = [ref for _, ref in status]
        tweet_id = attribute(quote, "data-tweetid", "data-tweet-id") or post_id
        if not links and not tweet_id:
            return None
        ref = links[-1] if links else self._ref(str(tweet_id))  # the status link is the last
        if has_class(quote, "subbuzz-tweet__container"):
            return self._from_buzzfeed(quote, ref)
        last_status = status[-1][0] if status else None
        text = _displayed_text(self, quote, paragraphs, last_status)
        name, handle = _name_and_handle(_attribution_text(quote, paragraphs))
        shown_date = last_status.get_text(" ", strip=True) if last_status else ""
        lang = paragraphs[0].get("lang") if paragraphs else quote.get("lang")
        return self.found(
            quote,
            ref,
            "blockquote.twitter-tweet",
            author_handle=handle,
            author_name=name,
            displayed_text=text,
            displayed_date=shown_date if shown_date and not POST_URL.search(shown_date) else None,
            language=str(lang) if lang else None,
            quoted_post_url=_quoted_post(links[:-1], ref),
        )

    def _from_buzzfeed(self, quote: Tag, ref: PostRef) -> FoundEmbed:
        """BuzzFeed renders tweets server-side: `blockquote.subbuzz-tweet__container`."""
        text = quote.find(class_="subbuzz-tweet__text")
        name = quote.find(class_="subbuzz-tweet__display-name")
        shown_date = quote.find(class_="subbuzz-tweet__created-at")
        return self.found(
            quote,
            ref,
            "blockquote.subbuzz-tweet__container",
            author_name=name.get_text(" ", strip=True) if name else None,
            displayed_text=self.text_from_html(text) if text else "",
            # "Fri Sep 30\n15:13:45 UTC+0000 2016": the line break is the page's layout.
            displayed_date=" ".join(shown_date.get_text(" ").split()) if shown_date else None,
        )

    def _from_card(self, card: Tag) -> FoundEmbed | None:
        """New York Magazine's liveblog cards: `div.feed-item.tweet` > `.content-quote` and a
        `cite` linking the status; the card's `<time>` is the liveblog's, not the tweet's."""
        cite = card.find("cite")
        link = cite.find("a", href=True) if cite else None
        ref = self.parse_post_url(str(link["href"])) if link else None
        if ref is None:
            return None
        quote = card.find(class_="content-quote")
        return self.found(
            card,
            ref,
            "div.feed-item.tweet",
            displayed_text=self.text_from_html(quote) if quote else "",
        )

    def _from_frame(self, frame: Tag) -> Iterator[FoundEmbed]:
        if frame.has_attr("data-tweet-id"):
            return
        src = frame_url(frame) or ""
        if "platform.twitter.com/embed/" in src:
            if match := re.search(r"[?&]id=(\d+)", src):
                yield self._from_id(frame, match[1], "iframe[src*=embed/Tweet.html]")
        elif match := _TWEETFRAME.match(str(frame.get("id") or "")):
            fallback = frame.find("noframes") or frame.find("noframe")
            text = tidy_text(fallback.get_text(" ")) if fallback else None
            yield self._from_id(frame, match[1], "iframe#tweetframe", text)

    def _from_id(
        self, tag: Tag, post_id: object, markup: str, text: str | None = None
    ) -> FoundEmbed:
        given = str(post_id).strip()
        # Some CMSs put the whole status URL where the id belongs (La Vanguardia's amp-twitter).
        ref = self._ref(given) if given.isdigit() else self.parse_post_url(given)
        if ref is None:
            digits = re.search(r"\d{5,20}", given)
            ref = self._ref(digits[0] if digits else given)
        return self.found(tag, ref, markup, displayed_text=text)

    def _ref(self, post_id: str) -> PostRef:
        return PostRef(self.name, post_id, canonical_url(post_id, None))

    def find_signatures(self, text: str) -> Iterator[Signature]:
        for match in SIGNATURE.finditer(text):
            shown_date = match["mddate"] or match["date"]
            yield Signature(
                start=match.start(),
                end=match.end(),
                author_name=" ".join(match["name"].split()).strip(" >*_") or None,
                author_handle=match["handle"],
                displayed_date=shown_date,
                post_url=match["mdurl"],
            )
        for match in _CREDIT_LINE.finditer(text):
            yield Signature(
                start=match.start(),
                end=match.end(),
                author_name=match["name"].strip(),
                author_handle=None,
                displayed_date=None,
                shown_text=match["text"].strip(),
            )

    def shown_text(self, original: Original) -> str:
        # Embeds show `display_text_range`: a reply's leading @mentions fall outside it.
        if original.display_start:
            return original.text[original.display_start :]
        if original.reply_to:
            return _LEADING_MENTIONS.sub("", original.text)
        return original.text


def _is_tweet_quote(quote: Tag) -> bool:
    """The official class, or a CMS's own form of it: Bustle's `blockquote[data-tweetid]`,
    MotorSport-Magazin's `blockquote.lazy-content[data-twitter=twitter-tweet]`, BuzzFeed's
    `blockquote.subbuzz-tweet__container`."""
    return (
        has_class(quote, "twitter-tweet", "twitter-video", "subbuzz-tweet__container")
        or quote.get("data-twitter") in ("twitter-tweet", "twitter-video")
        or quote.has_attr("data-tweetid")
        or quote.has_attr("data-tweet-id")
        or _is_signed(quote)
    )


def _is_signed(quote: Tag) -> bool:
    """A blockquote a CMS rewrote without the official class, but with the embed's words, its
    `— Name (@handle)` line and its status link last: an embed all the same, not a link."""
    anchors = quote.find_all("a", href=True)
    if not anchors or not POST_URL.search(str(anchors[-1]["href"])):
        return False
    return _SIGNED.search(quote.get_text(" ").strip()) is not None


def _displayed_text(
    platform: Twitter, quote: Tag, paragraphs: list[Tag], status_link: Tag | None
) -> str:
    """The post's words: its paragraphs; where a CMS dropped the `<p>`, the blockquote's text
    without the status link (whose text is the date, the URL or a "deleted" placeholder)."""
    if paragraphs:
        text = "\n\n".join(platform.text_from_html(p) for p in paragraphs)
    else:
        text = element_text(quote, leaving_out=status_link)
    return _ATTRIBUTION.sub("", text).strip()


def _attribution_text(quote: Tag, paragraphs: list[Tag]) -> str:
    """The `— Name (@handle) Date` part: the blockquote's text outside its paragraphs."""
    text = quote.get_text(" ")
    for p in paragraphs:
        text = text.replace(p.get_text(" "), " ", 1)
    if "(@" not in text and paragraphs:
        text = paragraphs[-1].get_text(" ")  # some CMSs put the attribution inside the <p>
    return text


def _name_and_handle(attribution: str) -> tuple[str | None, str | None]:
    """`Name (@handle)`: the handle in parentheses, the name the words before it back to a
    dash, parenthesis or line break."""
    match = _HANDLE_IN_PARENS.search(attribution)
    if match is None:
        return None, None
    before = _NAME_STOPS.split(attribution[max(0, match.start() - 120) : match.start()])[-1]
    at_end = _NAME_AT_END.search(before)
    name = " ".join(at_end[0].split()).lstrip("- ")[-80:] if at_end else ""
    return name or None, match[1]


def _quoted_post(refs: list[PostRef], own: PostRef) -> str | None:
    """A quote-tweet's embed links the quoted post inside its text."""
    for ref in refs:
        if ref.post_id != own.post_id:
            return ref.url
    return None
