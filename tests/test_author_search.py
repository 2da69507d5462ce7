# ruff: noqa: F811 - pytest fixtures imported from fetchkit are redefined as arguments
"""A post quoted without its id (a remnant: author and day) is found online: the Wayback
Machine lists its author's captured post URLs, the ids' own times keep those of the day, and
the post whose text holds the quote is taken. Every answer here is recorded, in real shapes."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import responses
from conftest import ROOT
from fetchkit import (  # noqa: F401 - fixtures
    clock,
    context,
    fake_network,
    fired,
    fixture_json,
    quotes,
    run,
    server,
)
from responses.matchers import query_param_matcher

from verifier.platforms.fetcher import FetchContext, numeric_prefixes
from verifier.platforms.twitter.answers import created_at_from_id, first_id_at
from verifier.platforms.twitter.fetch import search_prefixes
from verifier.resolve.wayback import find_candidates
from verifier.store import open_db

SEED = str(ROOT / "seeds" / "000_02392556c8f407f7.txt")
SEED_ID = "1626516035863212034"  # 2023-02-17 09:36:56 UTC
CDX = "https://web.archive.org/cdx/search/cdx"
SYNDICATION = "https://cdn.syndication.twimg.com/tweet-result"
FIELDS = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]
# Other posts of @elonmusk, by the time inside their ids (UTC).
NEAR_NOON = "1626551533041070087"  # 2023-02-17 11:58
AFTERNOON = "1626568394143150087"  # 2023-02-17 13:05
NEXT_DAY = "1627035220178350087"  # 2023-02-18 20:00
TOO_EARLY = "1626000000000000000"  # 2023-02-15 23:26: two days before the shown day
TOO_LATE = "1627103167903150087"  # 2023-02-19 00:30


def cdx_answer(*post_ids: str, handle: str = "elonmusk") -> str:
    """A CDX answer as the Wayback Machine gives it with output=json: field names first."""
    rows: list[list[str]] = [FIELDS]
    for post_id in post_ids:
        url = f"https://twitter.com/{handle}/status/{post_id}"
        rows.append(
            [f"com,twitter)/{handle}/status/{post_id}", "20230220081500", url, "text/html"]
            + ["200", "GZ7XQ3KBNTV4WQ2O5YH6EJ3L2A7PRCMD", "98213"]
        )
    return json.dumps(rows)


def on_cdx(server: responses.RequestsMock, prefix: str, body: str, status: int = 200) -> None:
    server.get(
        CDX,
        body=body,
        status=status,
        match=[query_param_matcher({"url": prefix}, strict_match=False)],
    )


def tweet(post_id: str, text: str) -> dict[str, Any]:
    """A syndication answer in the shape of the seed's, for another post of the author."""
    data: dict[str, Any] = copy.deepcopy(fixture_json("twitter/syndication_seed_reply.json"))
    created = created_at_from_id(post_id)
    assert created is not None
    data.update(
        id_str=post_id,
        text=text,
        display_text_range=[0, len(text)],
        created_at=created.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        entities={"hashtags": [], "urls": [], "user_mentions": [], "symbols": []},
    )
    data["edit_control"]["edit_tweet_ids"] = [post_id]
    for reply_field in ("in_reply_to_screen_name", "in_reply_to_status_id_str"):
        data.pop(reply_field)
    return data


def on_syndication(server: responses.RequestsMock, post_id: str, data: dict[str, Any]) -> None:
    server.get(
        SYNDICATION,
        json=data,
        match=[query_param_matcher({"id": post_id}, strict_match=False)],
    )


def seed_answer() -> dict[str, Any]:
    return fixture_json("twitter/syndication_seed_reply.json")  # type: ignore[no-any-return]


def verify_seed(tmp_path: Path, *options: str) -> tuple[Any, list[dict[str, Any]], str]:
    db_path = str(tmp_path / "archive.db")
    code, _out, err = run("verify", SEED, "--db", db_path, *options)
    assert code == 0, err
    db = open_db(db_path)
    return db, quotes(db), err


def search_calls(server: responses.RequestsMock) -> list[str]:
    return [url for url in fired(server) if url.startswith(CDX)]


# The seed, online, with an empty archive


def test_the_seed_remnant_is_found_by_author_and_day_and_verified(
    server: responses.RequestsMock, fake_network: object, tmp_path: Path
) -> None:
    on_cdx(server, "twitter.com/elonmusk/status/1626", cdx_answer(SEED_ID))
    on_cdx(server, "twitter.com/elonmusk/status/1627", "[]")
    on_syndication(server, SEED_ID, seed_answer())
    db, [row], _err = verify_seed(tmp_path)
    assert (row["kind"], row["status"], row["author_ok"], row["date_ok"]) == (
        "remnant",
        "verified",
        1,
        1,
    )
    assert row["post_id"] == SEED_ID and row["original_text"].startswith("@GRDecter OpenAI")
    assert "matched by author and date (web archive search)" in row["reason"]
    # Two prefix queries: the ids of 16-18 February 2023 all start with 1626 or 1627; x.com
    # URLs were not captured before July 2023.
    assert search_calls(server) == [
        f"{CDX}?url=twitter.com%2Felonmusk%2Fstatus%2F{digits}&matchType=prefix&output=json"
        "&collapse=urlkey&from=20230216&to=20230414&limit=500"
        for digits in ("1626", "1627")
    ]
    requests = [
        (r["post_key"], r["fetcher"], r["outcome"])
        for r in db.query("select * from fetches order by fetcher, url")
    ]
    assert requests == [
        (f"twitter:{SEED_ID}", "twitter.syndication", "available"),
        (f"twitter:{SEED_ID}", "wayback.search", "available"),
        (f"twitter:{SEED_ID}", "wayback.search", "not_found"),
    ]


def test_a_second_run_finds_the_post_in_the_archive_without_asking(
    server: responses.RequestsMock, fake_network: object, tmp_path: Path
) -> None:
    on_cdx(server, "twitter.com/elonmusk/status/1626", cdx_answer(SEED_ID))
    on_cdx(server, "twitter.com/elonmusk/status/1627", "[]")
    on_syndication(server, SEED_ID, seed_answer())
    verify_seed(tmp_path)
    asked = len(server.calls)
    # The same article again is skipped (unchanged, settled); another that quotes the same
    # post is judged, from the archive alone.
    _db, _rows, err = verify_seed(tmp_path)
    assert "1 unchanged skipped" in err
    other = tmp_path / "other.txt"
    other.write_bytes(Path(SEED).read_bytes())
    code, _out, err = run("verify", str(other), "--db", str(tmp_path / "archive.db"))
    assert code == 0, err
    [row] = [r for r in quotes(open_db(str(tmp_path / "archive.db"))) if r["article"] == str(other)]
    assert (row["status"], row["reason"]) == ("verified", "matched by author and date")
    assert len(server.calls) == asked


# Which posts are candidates, and which wins


def test_only_posts_made_within_a_day_of_the_shown_day_are_candidates(
    server: responses.RequestsMock, context: FetchContext
) -> None:
    on_cdx(server, "twitter.com/elonmusk/status/1626", cdx_answer(TOO_EARLY, SEED_ID, NEAR_NOON))
    on_cdx(server, "twitter.com/elonmusk/status/1627", cdx_answer(NEXT_DAY, TOO_LATE))
    found = find_candidates("twitter", "elonmusk", date(2023, 2, 17), context)
    assert found is not None
    # Nearest the shown day's noon first; the posts of the 15th and the 19th are left out.
    assert [ref.post_id for ref in found.refs] == [NEAR_NOON, SEED_ID, NEXT_DAY]
    assert found.refs[0].url == f"https://twitter.com/elonmusk/status/{NEAR_NOON}"
    assert [e.fetcher for e in found.exchanges] == ["wayback.search", "wayback.search"]


def test_a_post_outside_the_day_window_is_never_fetched(
    server: responses.RequestsMock, fake_network: object, tmp_path: Path
) -> None:
    on_cdx(server, "twitter.com/elonmusk/status/1626", cdx_answer(TOO_EARLY))
    on_cdx(server, "twitter.com/elonmusk/status/1627", cdx_answer(TOO_LATE))
    _db, [row], _err = verify_seed(tmp_path)
    assert row["status"] == "not_found"
    assert not [url for url in fired(server) if url.startswith(SYNDICATION)]
    assert "(0 post(s) of @elonmusk from 2023-02-16 to 2023-02-18): 0 fetched" in row["searched"]


def test_of_several_posts_that_day_the_one_holding_the_quote_wins(
    server: responses.RequestsMock, fake_network: object, tmp_path: Path
) -> None:
    on_cdx(server, "twitter.com/elonmusk/status/1626", cdx_answer(SEED_ID, NEAR_NOON, AFTERNOON))
    on_cdx(server, "twitter.com/elonmusk/status/1627", "[]")
    # Nearer noon, and fetched first: one on the same subject, one not.
    on_syndication(
        server, NEAR_NOON, tweet(NEAR_NOON, "OpenAI was created as an open source company.")
    )
    on_syndication(server, AFTERNOON, tweet(AFTERNOON, "Starship launch window opens soon"))
    on_syndication(server, SEED_ID, seed_answer())
    db, [row], _err = verify_seed(tmp_path)
    assert (row["status"], row["post_id"]) == ("verified", SEED_ID)
    # The others are real posts of that author: kept, like any fetched original.
    assert {p["id"] for p in db.query("select id from posts")} == {
        f"twitter:{SEED_ID}",
        f"twitter:{NEAR_NOON}",
        f"twitter:{AFTERNOON}",
    }


def test_when_no_post_holds_the_quote_it_is_not_found_and_says_what_was_searched(
    server: responses.RequestsMock, fake_network: object, tmp_path: Path
) -> None:
    on_cdx(server, "twitter.com/elonmusk/status/1626", cdx_answer(NEAR_NOON, TOO_EARLY))
    on_cdx(server, "twitter.com/elonmusk/status/1627", cdx_answer(NEXT_DAY))
    on_syndication(server, NEAR_NOON, tweet(NEAR_NOON, "Starship launch window opens soon"))
    on_syndication(server, NEXT_DAY, tweet(NEXT_DAY, "Cybertruck deliveries start this year"))
    db, [row], _err = verify_seed(tmp_path)
    assert row["status"] == "not_found"
    assert row["reason"] == "no post found by author and day matches the quote"
    searched = row["searched"]
    assert searched.startswith("local archive: posts by @elonmusk from 2023-02-16 to 2023-02-18")
    assert (
        "web archive: captures made 2023-02-16 to 2023-04-14 of "
        "twitter.com/elonmusk/status/1626*, twitter.com/elonmusk/status/1627* "
        "(2 post(s) of @elonmusk from 2023-02-16 to 2023-02-18): 2 fetched, best score "
    ) in searched
    assert searched.endswith("(needs 60)")
    # The search's requests are kept, under no post; the posts fetched under their own.
    kept = [(r["post_key"], r["fetcher"]) for r in db.query("select * from fetches")]
    assert sorted(kept, key=str) == sorted(
        [
            (None, "wayback.search"),
            (None, "wayback.search"),
            (f"twitter:{NEAR_NOON}", "twitter.syndication"),
            (f"twitter:{NEXT_DAY}", "twitter.syndication"),
        ],
        key=str,
    )
    assert db["posts"].count == 2


# Failures, and the options that forbid asking


def test_a_failing_web_archive_leaves_the_quote_pending_for_a_later_run(
    server: responses.RequestsMock, fake_network: object, tmp_path: Path
) -> None:
    on_cdx(server, "twitter.com/elonmusk/status/1626", "Service Unavailable", status=503)
    db, [row], _err = verify_seed(tmp_path)
    assert row["status"] == "pending"
    assert row["reason"].startswith("the web archive search failed (HTTP 503 from")
    assert row["reason"].endswith("; a later run retries")
    # The archive is not pressed with the second query once the first has failed.
    assert {url.split("&")[0] for url in search_calls(server)} == {
        f"{CDX}?url=twitter.com%2Felonmusk%2Fstatus%2F1626"
    }
    [problem] = db.query("select * from problems")
    assert (problem["stage"], problem["severity"]) == ("fetch", "warning")


def test_a_post_that_cannot_be_fetched_leaves_the_quote_pending(
    server: responses.RequestsMock, fake_network: object, tmp_path: Path
) -> None:
    on_cdx(server, "twitter.com/elonmusk/status/1626", cdx_answer(SEED_ID))
    on_cdx(server, "twitter.com/elonmusk/status/1627", "[]")
    server.get(SYNDICATION, status=429)
    server.get("https://publish.twitter.com/oembed", status=429)
    server.get(f"https://api.fxtwitter.com/status/{SEED_ID}", status=429)
    on_cdx(server, f"https://twitter.com/elonmusk/status/{SEED_ID}", "[]")
    on_cdx(server, f"https://x.com/elonmusk/status/{SEED_ID}", "[]")
    _db, [row], _err = verify_seed(tmp_path)
    assert row["status"] == "pending"
    assert row["reason"].startswith(
        "a post found could not be fetched (twitter.syndication: rate_limited (HTTP 429 from"
    )


def test_offline_the_remnant_is_pending_and_nothing_is_asked(
    server: responses.RequestsMock, fake_network: object, tmp_path: Path
) -> None:
    _db, [row], _err = verify_seed(tmp_path, "--offline")
    assert row["status"] == "pending" and "offline" in row["reason"]
    assert fired(server) == []


def test_no_web_archive_skips_the_search(
    server: responses.RequestsMock, fake_network: object, tmp_path: Path
) -> None:
    _db, [row], _err = verify_seed(tmp_path, "--no-web-archive")
    assert row["status"] == "not_found"
    assert "network: no twitter source can be asked for this post" in row["searched"]
    assert fired(server) == []


def test_the_search_goes_where_the_wayback_endpoint_points_and_the_guard_holds(
    server: responses.RequestsMock, fake_network: object, tmp_path: Path
) -> None:
    _db, [row], _err = verify_seed(tmp_path, "--endpoint", "wayback=http://intranet.example")
    assert row["status"] == "pending"
    assert "resolves to private address 10.0.0.7" in row["reason"]
    assert fired(server) == []


# The id arithmetic


def test_the_first_id_of_a_moment_is_the_inverse_of_an_ids_time() -> None:
    moment = datetime(2023, 2, 17, 9, 36, 56, 813000, tzinfo=UTC)
    first = first_id_at(moment)
    assert first is not None and first <= int(SEED_ID) < first + (1 << 22)
    assert created_at_from_id(str(first)) == moment
    assert first_id_at(datetime(2009, 1, 1, tzinfo=UTC)) is None


def test_x_com_urls_are_searched_for_posts_since_x_took_the_name() -> None:
    may_2024 = search_prefixes(
        "@ana", date(2024, 5, 1), date(2024, 5, 3), captured_until=date(2024, 6, 26)
    )
    assert may_2024 == [
        "twitter.com/ana/status/1785",
        "twitter.com/ana/status/1786",
        "x.com/ana/status/1785",
        "x.com/ana/status/1786",
    ]
    # Before snowflake ids (November 2010) an id says nothing of its day: no search.
    assert (
        search_prefixes("ana", date(2009, 5, 1), date(2009, 5, 3), captured_until=date.today())
        == []
    )


def test_numeric_prefixes_cover_a_range_with_few_queries() -> None:
    assert numeric_prefixes(1626008454558646272, 1627095618155446271) == ["1626", "1627"]
    assert numeric_prefixes(1230, 1239) == ["123"]
    assert numeric_prefixes(995, 1004) == ["99", "100"]
    assert numeric_prefixes(100, 999) == [""]  # none of at most three will do: no narrowing
