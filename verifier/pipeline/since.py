"""`--since`: a moment given as an age (`2h`, `1d`, `1w2d`) or a date (`2024-05-01`, an ISO
8601 time), read the same way by the CLI and the library."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from verifier.pipeline.recheck import parse_age
from verifier.text.dates import parse_date


def parse_since(value: str | datetime | timedelta, *, now: datetime | None = None) -> datetime:
    """The moment `value` names, as an aware UTC datetime; an age counts back from `now`.
    A date or time without an offset is UTC. ValueError names the value it cannot read."""
    now = now or datetime.now(UTC)
    if isinstance(value, timedelta):
        return now - value
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        return now - parse_age(value)
    except ValueError:
        pass
    try:
        moment = parse_date(value)
    except (ValueError, OverflowError):
        moment = None
    if moment is None:
        raise ValueError(
            f"cannot read {value!r} as a moment: write an age (2h, 1d, 1w2d) or a date"
            " (2024-05-01, 2024-05-01T06:00:00+02:00)"
        )
    return moment
