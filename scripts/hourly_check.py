#!/usr/bin/env python3
"""A standards desk's hourly job: check every article a feed published since the last run.

    python scripts/hourly_check.py https://www.example.com/feed/ --since 2h --db desk.db

Verifies the feed's new articles into the archive (what an earlier run settled and has not
changed is skipped), then prints a Markdown summary of what this run found, or with
`--format email` a message ready for `sendmail -t`. The exit status says whether anything
needs a human: 0 nothing; 1 a quote that differs from its post, a post gone or not found, a
wrong author or day, or input that could not be read (a broken feed checks nothing).

Cron, every hour:  0 * * * *  python scripts/hourly_check.py URL --format email | sendmail -t
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from email.message import EmailMessage

import verifier


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    summary = verifier.verify(
        feeds=args.feeds,
        sitemaps=args.sitemap,
        since=args.since,
        db=args.db,
        allow_private_hosts=args.allow_private_hosts,
    )
    found = verifier.verdicts(args.db, judged_in=summary)
    report = summarise(summary, found, since=args.since)
    if args.format == "email":
        print(email(report, subject=subject(summary, found), to=args.to, sender=args.sender))
    else:
        print(report)
    return 1 if needs_human(summary, found) else 0


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("feeds", nargs="*", metavar="FEED", help="RSS or Atom feed URL")
    parser.add_argument("--sitemap", action="append", default=[], help="a (news) sitemap URL")
    parser.add_argument("--since", default="2h", help="age or date (default: 2h)")
    parser.add_argument("--db", default="desk.db", help="the archive (default: desk.db)")
    parser.add_argument("--format", choices=("markdown", "email"), default="markdown")
    parser.add_argument("--to", default="standards@example.com", help="e-mail recipient")
    parser.add_argument("--from", dest="sender", default="verifier@example.com")
    parser.add_argument(
        "--allow-private-hosts", action="store_true", help="reach local addresses (tests)"
    )
    args = parser.parse_args(argv)
    if not (args.feeds or args.sitemap):
        parser.error("give a FEED or --sitemap URL")
    return args


def needs_human(summary: verifier.RunSummary, found: list[verifier.QuoteRecord]) -> bool:
    return any(record.needs_human for record in found) or any(
        problem.is_error for problem in summary.problems
    )


def subject(summary: verifier.RunSummary, found: list[verifier.QuoteRecord]) -> str:
    flagged = sum(record.needs_human for record in found)
    errors = sum(problem.is_error for problem in summary.problems)
    if not (flagged or errors):
        return f"verifier: {len(found)} quote(s) checked, nothing to look at"
    return f"verifier: {flagged} quote(s) to look at, {errors} input problem(s)"


def summarise(
    summary: verifier.RunSummary, found: list[verifier.QuoteRecord], *, since: str
) -> str:
    flagged = [record for record in found if record.needs_human]
    lines = [
        f"# Quotes checked since {since}",
        "",
        f"{summary.listed} new article(s) listed, {summary.articles} read, "
        f"{summary.skipped} unchanged skipped; {len(found)} quote(s) judged, "
        f"{len(flagged)} to look at.",
    ]
    if flagged:
        lines += ["", "## To look at", ""]
        lines += [finding(record) for record in flagged]
    if problems := [problem for problem in summary.problems if problem.is_error]:
        lines += ["", "## Could not be read", ""]
        lines += [f"- {problem.source}: {problem.message}" for problem in problems]
    fine = [record for record in found if not record.needs_human]
    if fine:
        lines += ["", "## Fine", ""]
        lines += [f"- {record.status_text()} {record.article}" for record in fine]
    return "\n".join(lines)


def finding(record: verifier.QuoteRecord) -> str:
    checks = []
    if record.author_ok is False:
        checks.append("author differs")
    if record.date_ok is False:
        checks.append("date differs")
    what = ", ".join([record.status_text(), *checks])
    title = record.article_title or record.article
    line = f"- **{what}**: [{title}]({record.article_url or record.article})"
    if record.post_url:
        line += f" quotes <{record.post_url}>"
    if changed := record.changed_words():
        line += f"\n  - words changed: {changed}"
    if record.reason:
        line += f"\n  - {record.reason}"
    return line


def email(report: str, *, subject: str, to: str, sender: str) -> str:
    message = EmailMessage()
    message["Subject"], message["To"], message["From"] = subject, to, sender
    # 8bit, not quoted-printable: the body stays readable as it is, in a log or a terminal.
    message.set_content(report, cte="8bit")
    return message.as_string()


if __name__ == "__main__":
    sys.exit(main())
