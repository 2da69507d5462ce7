"""Facebook: post, photo and video URLs, `div.fb-post`/`div.fb-video` and the plugin iframes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, unquote, urlsplit

from bs4 import Tag

from verifier.models import PostRef
from verifier.platforms.base import FoundEmbed, Platform, Signature, attribute, frame_url, has_class

_HOST = r"(?:https?:)?(?://)?(?:www\.|m\.|mobile\.|web\.|[a-z]{2}-[a-z]{2}\.)?facebook\.com"
_ID = r"\d{5,25}|pfbid\w{20,80}"
# Path forms, each naming the object id: /PAGE/posts/ID, /PAGE/videos/ID, /PAGE/videos/SLUG/ID,
# /PAGE/photos/a.ALBUM/ID, /groups/G/posts/ID, /reel/ID, /watch/live/?v=... (query forms below).
_PATH_FORMS = re.compile(
    rf"{_HOST}/(?:(?P<page>[\w.-]{{1,80}})/"
    rf"(?:posts|videos(?:/[\w.-]+)?|photos(?:/[\w.-]+)?|activity)/(?P<id>{_ID})"
    rf"|groups/[\w.-]+/(?:posts|permalink)/(?P<group_post>{_ID})"
    rf"|(?:reel|videos)/(?P<video>{_ID}))",
    re.IGNORECASE,
)
_QUERY_FORMS = re.compile(
    rf"{_HOST}/(?:photo\.php|permalink\.php|story\.php|watch/?|video\.php)\?[^\s\"'<>]*",
    re.IGNORECASE,
)
_QUERY_IDS = ("fbid", "story_fbid", "v")
# Every path form holds one of the first six, every query form one of the last four: a URL with
# none (share dialogs, profiles: most on a news page) is no post, found far faster than by the
# forms, which Python tries at each position of the URL.
_FORM_WORDS = re.compile(
    r"posts/|videos/|photos/|activity/|permalink|reel/|(?:photo|story|video)\.php|watch", re.I
)
# The forms that name a video or a reel.
_VIDEO = re.compile(r"/(?:videos|reel)/|/watch(?:/live)?/?\?|/video\.php", re.IGNORECASE)
_PLUGIN = re.compile(r"facebook\.com/plugins/(?:post|video|comment_embed)\.php", re.IGNORECASE)
POST_URL = re.compile(f"(?:{_PATH_FORMS.pattern})|(?:{_QUERY_FORMS.pattern})", re.IGNORECASE)
# "Posted by Name on Monday, September 12, 2016", as Facebook localises it.
_POSTED_BY = re.compile(
    r"(?P<lead>Posted by|Publiée par|Publié par|Gepostet von|Publicado por|Pubblicato da|"
    r"Geplaatst door|Opublikowany przez|Publicerat av)\s+(?P<name>[^\n]{1,80}?)\s+"
    r"(?:on|sur|am|el|en|em|il|op|w dniu|på)\s+(?P<date>[^\n]{6,50}?\d{4})"
)


class Facebook(Platform):
    name = "facebook"
    label = "Facebook"
    embed_markers = ("fb-post", "fb-video", "facebook.com/plugins/")
    url_markers = ("facebook.com/",)
    post_url_pattern = POST_URL
    max_text_length = 5000

    def parse_post_url(self, url: str) -> PostRef | None:
        if _PLUGIN.search(url):
            inner = parse_qs(urlsplit(url.replace("&amp;", "&")).query).get("href")
            return self.parse_post_url(unquote(inner[0])) if inner else None
        if not _FORM_WORDS.search(url):
            return None
        if match := _PATH_FORMS.search(url):
            post_id = match["id"] or match["group_post"] or match["video"]
            return _ref(self.name, post_id, match["page"], video=bool(_VIDEO.search(match[0])))
        if match := _QUERY_FORMS.search(url):
            query = parse_qs(urlsplit(match[0].replace("&amp;", "&")).query)
            for key in _QUERY_IDS:
                if (values := query.get(key)) and re.fullmatch(r"\d{5,25}", values[0]):
                    video = bool(_VIDEO.search(match[0]))
                    return _ref(self.name, values[0], None, video=video)
        return None

    def find_embeds(self, root: Tag) -> Iterator[FoundEmbed]:
        for div in root.find_all(class_=["fb-post", "fb-video"]):
            href = attribute(div, "data-href") or ""
            if (ref := self.parse_post_url(href)) is not None:
                yield self._from_div(div, ref)
        for frame in root.find_all("iframe"):
            src = frame_url(frame) or ""
            if _PLUGIN.search(src) and (ref := self.parse_post_url(src)) is not None:
                yield self.found(frame, ref, "iframe[src*=facebook.com/plugins]")

    def _from_div(self, div: Tag, ref: PostRef) -> FoundEmbed:
        quote = div.find("blockquote")
        kind = "div.fb-video" if has_class(div, "fb-video") else "div.fb-post"
        if quote is None:
            return self.found(div, ref, kind)
        caption: list[str] = []
        name = shown_date = None
        paragraphs = quote.find_all("p")
        for paragraph in paragraphs:
            text = self.text_from_html(paragraph)
            if posted := _POSTED_BY.search(" ".join(text.split())):
                name, shown_date = posted["name"], posted["date"]
                before = " ".join(text.split())[: posted.start()].strip()
                caption += [before] if before else []
            elif text:
                caption.append(text)
        if name is None:  # the official markup puts "Posted by" after the paragraphs
            outside = " ".join(quote.get_text(" ").split())
            if posted := _POSTED_BY.search(outside):
                name, shown_date = posted["name"], posted["date"]
                if not paragraphs:
                    caption = [outside[: posted.start()].strip()]
        caption = [c for c in caption if c]
        return self.found(
            div,
            ref,
            kind,
            author_name=name,
            displayed_text="\n\n".join(caption),
            displayed_date=shown_date,
        )

    def find_signatures(self, text: str) -> Iterator[Signature]:
        for match in _POSTED_BY.finditer(text):
            yield Signature(
                start=match.start(),
                end=match.end(),
                author_name=match["name"],
                author_handle=None,
                displayed_date=match["date"],
            )


def _ref(platform: str, post_id: str, page: str | None, *, video: bool = False) -> PostRef:
    """Numeric ids name one object across Facebook, so facebook.com/ID finds it whatever page
    it was linked through; the newer `pfbid` ids need their page. A video (or reel) keeps a
    video URL, which Meta's oembed_video takes and oembed_post does not."""
    if video:
        where = f"{page}/videos/{post_id}/" if page else f"video.php?v={post_id}"
        return PostRef(platform, post_id, f"https://www.facebook.com/{where}", page)
    if post_id.lower().startswith("pfbid") and page:
        return PostRef(platform, post_id, f"https://www.facebook.com/{page}/posts/{post_id}", page)
    return PostRef(platform, post_id, f"https://www.facebook.com/{post_id}", page)
