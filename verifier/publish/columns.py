"""What every column of the archive means, as Datasette shows it: one description each,
reused where a view repeats a column."""

from __future__ import annotations

from verifier.publish.labels import status_description

ARTICLE_COLUMNS = {
    "id": "The article's key: a hash of its URL, or of its file's absolute path.",
    "source": "Where the article was read from, as given: a file path or a URL.",
    "url": "The article's canonical URL, where the page declares one.",
    "final_url": "The URL the article was fetched from, after redirects.",
    "title": "The article's title.",
    "published": "When the article says it was published (ISO 8601, possibly a partial date).",
    "language": "The article's language, as declared or detected.",
    "is_html": "1 if the article was HTML, 0 if plain text.",
    "sha256": "SHA-256 of the article's raw bytes.",
    "encoding": "The text encoding the article was decoded with.",
    "fetched_at": "When the article was fetched (URLs only).",
    "http_status": "The HTTP status of the fetch (URLs only).",
    "checked_at": "When a run last read the article.",
    "payload_sha256": "The article's raw bytes as read, in payloads (their SHA-256).",
    "read_kind": "How the bytes were read: file, fetch or warc.",
    "read_location": "Where: the file's absolute path, the URL fetched, or WARC-FILE#offset.",
    "read_at": "When the bytes were read (for a WARC record: when it was crawled).",
    "file_mtime": "The file's modification time when read (files only).",
    "content_type": "The bytes' content type, as served or as guessed from the file.",
    "http_headers": "The HTTP response headers kept (JSON list of [name, value]).",
    "warc_headers": "The WARC record's own headers (JSON list of [name, value]).",
    "page_id": "The page this is a capture of: every capture of one URL or file shares it.",
    "captured_at": "When this capture was taken (for a WARC record: when it was crawled).",
    "is_latest": "1 for the page's latest capture, the one quotes and findings show.",
}

EMBED_COLUMNS = {
    "id": "The detected post's key (also the verdict's key).",
    "article_id": "The article the post appears in.",
    "position": "Where in the article the post appears (a character offset).",
    "platform": "The platform the post belongs to, e.g. twitter.",
    "kind": "How the article carries it: embed (embed markup), remnant (the signature an embed"
    " leaves in flattened text), link (a link in prose) or inline (words quoted in the"
    ' article\'s own sentences, tied to a platform by a cue such as "wrote on X").',
    "post_key": "The post's identity across articles: platform:post_id.",
    "post_id": "The post's id on its platform, as the article gives it.",
    "post_url": "The post's URL as the article gives it.",
    "author_handle": "The author's handle as the article shows it.",
    "author_name": "The author's name as the article shows it.",
    "displayed_text": "The post's text as the article shows it.",
    "displayed_date": "The post's date exactly as the article shows it.",
    "displayed_day": "That date as a day (ISO 8601), where it could be read.",
    "language": "The language the embed declares.",
    "markup": "The markup or pattern that carried the post, e.g. blockquote.twitter-tweet.",
    "location": "Where in the page the markup was found: dom, noscript, an attribute, text.",
    "quoted_post_url": "A post quoted inside this post (a quote-tweet), as the article shows it.",
    "context_text": "For a remnant: the block of text above its signature, where the quote sits."
    " For an inline quote: the sentence around it.",
    "window_start": "For an inline quote: the first day its post was most likely made.",
    "window_end": "For an inline quote: the last day its post was most likely made.",
    "handle_from": "For an inline quote: who the speaker is and how their handle was found.",
}

POST_COLUMNS = {
    "id": "The post's identity: platform:post_id.",
    "platform": "The platform it was published on.",
    "post_id": "Its id on the platform.",
    "url": "Its canonical URL.",
    "author_handle": "The author's handle.",
    "author_name": "The author's display name.",
    "text": "The text as published (mojibake and HTML entities repaired).",
    "raw_text": "The text exactly as the source stored it, before any repair.",
    "created_at": "When it was published.",
    "language": "Its language, as the platform gives it.",
    "reply_to": "The post it replies to, if any.",
    "is_reply": "Whether the post is a reply (empty: its source did not say).",
    "display_start": "Where the text shown to readers starts (a reply hides its @mentions).",
    "outcome": "What the last attempt to get it ended in: available, deleted, suspended,"
    " protected, hidden, not_found, rate_limited, failed or offline.",
    "reason": "Why it is not available, in the platform's words.",
    "source_id": "Where this copy came from (provenance).",
    "first_seen": "When the archive first saw it.",
    "last_seen": "When the archive last saw it.",
    # Added with the fetch evidence (verifier.store.evidence, m003).
    "text_complete": "0 if the text comes only from a source known to cut or drop text: the"
    " verdict then never says altered or truncated on its word alone.",
    "edited_at": "When the text was last edited on the platform, if ever.",
    "edit_ids": "The platform's id of every version of the post (JSON), e.g. X edit ids.",
    "links": "Links in the text as written and as expanded (JSON).",
    "archived_at": "When the web archive captured the text, if the text comes from a capture.",
    "current_version": "The version of the text shown here, in post_versions.",
    "last_checked": "When a run last asked the platform about the post.",
    "last_fetch_id": "The last request made for the post, in fetches.",
}

VERDICT_COLUMNS = {
    "embed_id": "The detected post this verdict is on.",
    "article_id": "The article it appears in.",
    "post_key": "The original it was compared with: platform:post_id.",
    "status": "The verdict. " + status_description(),
    "author_ok": "1 if the author the article shows is the original's, 0 if not, empty if unknown.",
    "date_ok": "1 if the date the article shows matches the original's (a day either side is"
    " accepted: embeds show the reader's local date), 0 if not, empty if unknown.",
    "similarity": "How close the article's text is to the original's, from 0 to 1.",
    "shown_text": "The article's text as compared (a remnant's quote is cut to the original).",
    "diff": "The word-level difference as JSON: a list of {op, original, shown} with op in"
    " equal, delete (only in the original), insert (only in the article), replace.",
    "searched": "What was searched for the original, for not_found and pending.",
    "reason": "Why the verdict says what it says.",
    "checked_at": "When the verdict was made.",
    "post_version": "The version of the original's text the article shows, in post_versions.",
}

SOURCE_COLUMNS = {
    "id": "The source's key.",
    "kind": "import (a local archive) or fetch (the network).",
    "location": "The file and line, or the URL fetched.",
    "fetcher": "The fetcher that got it, for fetches.",
    "at": "When it was read or fetched.",
    "http_status": "The HTTP status, for fetches.",
    "payload_sha256": "The raw record or response, in payloads.",
    "fetch_id": "The request it came from, in fetches.",
    "archived_at": "For a web archive's capture: when it was captured.",
}

FETCH_COLUMNS = {
    "id": "The request's key.",
    "post_key": "The post asked about, or found by a wayback.search: platform:post_id.",
    "platform": "The post's platform.",
    "fetcher": "The fetcher that asked, e.g. twitter.syndication or wayback.cdx.",
    "url": "The URL requested.",
    "final_url": "The URL answered, after redirects.",
    "redirects": "Each Location followed (JSON).",
    "requested_at": "When the request was made.",
    "elapsed": "How long the answer took, in seconds.",
    "attempts": "How many attempts it took.",
    "http_status": "The HTTP status answered.",
    "headers": "The response headers kept (JSON).",
    "payload_sha256": "The response body, in payloads.",
    "size": "The body's size.",
    "error": "The network error, if the request failed.",
    "outcome": "What the request says of the post: " + POST_COLUMNS["outcome"].split(": ")[1],
    "reason": "Why, in the platform's words.",
}

VERSION_COLUMNS = {
    "id": "The version's key.",
    "post_key": "The post: platform:post_id.",
    "text": "The text of this version.",
    "raw_text": "The text exactly as the source gave it.",
    "posted_at": "When the platform says this version was published.",
    "platform_version_id": "The platform's own id for this version (an X edit id).",
    "origin": "Where the version came from: fetch, history, archive or import.",
    "archived_at": "For a web archive's capture: when it was captured.",
    "source_id": "Its provenance, in sources.",
    "first_seen": "When the archive first saw this version.",
    "last_seen": "When the archive last saw it.",
}

HISTORY_COLUMNS = {
    "id": "The event's key.",
    "post_key": "The post: platform:post_id.",
    "at": "When the change was seen.",
    "event": (
        "What changed: first_seen, imported (another text from an archive file), edited,"
        " gone, unavailable or reappeared."
    ),
    "outcome": "The post's state after the change.",
    "previous_outcome": "Its state before.",
    "version_id": "The version of the text, in post_versions.",
    "fetch_id": "The request that saw the change, in fetches.",
    "detail": "What was seen, in words.",
}

PAYLOAD_COLUMNS = {
    "sha256": "SHA-256 of the body: the payload's key.",
    "body": "The raw record or response body, exactly as received.",
    "size": "The body's length in characters.",
    "content_type": "Its media type.",
}

PROBLEM_COLUMNS = {
    "id": "The problem's key: the same problem met again is one row.",
    "source": "The input: file, line or URL.",
    "stage": "Where it was met: read, detect, import, fetch, judge or store.",
    "message": "What went wrong.",
    "line": "The line of the input, where there is one.",
    "severity": "error (the run exits non-zero) or warning.",
    "first_seen": "When a run first met it.",
    "last_seen": "When a run last met it.",
}

QUOTE_COLUMNS = {
    "embed_id": "Open the verdict: the article's text beside the original, differences marked.",
    "status": VERDICT_COLUMNS["status"],
    "article": ARTICLE_COLUMNS["source"],
    "article_title": ARTICLE_COLUMNS["title"],
    "site": "The article's site: the host of its URL, or (local file).",
    "platform": EMBED_COLUMNS["platform"],
    "kind": EMBED_COLUMNS["kind"],
    "author_handle": EMBED_COLUMNS["author_handle"],
    "author_name": EMBED_COLUMNS["author_name"],
    "displayed_text": EMBED_COLUMNS["displayed_text"],
    "context_text": EMBED_COLUMNS["context_text"],
    "displayed_date": EMBED_COLUMNS["displayed_date"],
    "original_text": "The original's text.",
    "original_author": "The original's author handle.",
    "original_created_at": "When the original was published.",
    "similarity": VERDICT_COLUMNS["similarity"],
    "author_ok": VERDICT_COLUMNS["author_ok"],
    "date_ok": VERDICT_COLUMNS["date_ok"],
    "diff": VERDICT_COLUMNS["diff"],
    "shown_text": VERDICT_COLUMNS["shown_text"],
    "reason": VERDICT_COLUMNS["reason"],
    "searched": VERDICT_COLUMNS["searched"],
    "checked_at": VERDICT_COLUMNS["checked_at"],
    "post_id": "The post's id on its platform.",
    "post_url": "The post's URL, as the article gives it or from the original.",
    "original_url": "The original's URL.",
    "original_outcome": POST_COLUMNS["outcome"],
    "post_key": VERDICT_COLUMNS["post_key"],
    "article_id": EMBED_COLUMNS["article_id"],
    "article_url": "The article's URL (final or canonical), for articles read from the web.",
    "embed_rowid": "Internal: the row full-text search indexes.",
}

CAPTURE_QUOTE_COLUMNS = {
    **QUOTE_COLUMNS,
    "page_id": ARTICLE_COLUMNS["page_id"],
    "captured_at": ARTICLE_COLUMNS["captured_at"],
    "is_latest": ARTICLE_COLUMNS["is_latest"],
}

FINDINGS_COLUMNS = {
    "embed_id": QUOTE_COLUMNS["embed_id"],
    "article": "The article's title (or its path or URL): opens the article's page, every post"
    " it shows in reading order.",
    "author": "The author's handle, as the article shows it or the original gives it.",
    "status": VERDICT_COLUMNS["status"],
    "diff": "What differs: words only the original has struck through, words only the article"
    " has underlined, words an excerpt leaves out greyed.",
    "quote": "The article's text as compared.",
    "site": QUOTE_COLUMNS["site"],
    "platform": EMBED_COLUMNS["platform"],
    "kind": EMBED_COLUMNS["kind"],
    "similarity": VERDICT_COLUMNS["similarity"],
    "original_outcome": POST_COLUMNS["outcome"],
    "severity": "Worst first: altered, mismatch, excerpt, gone, not found, pending, text-less"
    " embeds, verified, links (a faithful quote of a gone original just before its status).",
    "position": EMBED_COLUMNS["position"],
    "article_id": EMBED_COLUMNS["article_id"],
    "embed_rowid": QUOTE_COLUMNS["embed_rowid"],
}

# The hash-chained log of runs (verifier.store.ledger).
LEDGER_COLUMNS = {
    "seq": "The entry's number: one per run, in order.",
    "at": "When the run ended.",
    "tool_version": "The version of verifier that ran.",
    "command": "The command: verify, import-posts or recheck.",
    "inputs": "What the run was given (JSON list): paths, URLs, platforms.",
    "options": "The run's options (JSON object).",
    "previous_hash": "The entry_hash of the entry before (zeros for the first).",
    "entry_hash": "SHA-256 of this entry with its bodies and verdicts: changing any of them,"
    " or removing an entry, breaks the chain (`verifier audit`).",
}
LEDGER_BODY_COLUMNS = {
    "sha256": "A stored body's SHA-256 (in payloads).",
    "seq": "The ledger entry that first logged it.",
}
LEDGER_VERDICT_COLUMNS = {
    "embed_id": "The verdict's key (in verdicts).",
    "seq": "The ledger entry that logged this digest.",
    "digest": "SHA-256 of the verdict row as it then was (null: removed by that run).",
}
LEDGER_SIGNATURE_COLUMNS = {
    "seq": "The ledger entry signed.",
    "entry_hash": "The hash signed: the chain's head at the time.",
    "public_key": "The Ed25519 public key (PEM) that checks the signature.",
    "signature": "The Ed25519 signature of entry_hash (hex).",
    "at": "When it was signed.",
}
