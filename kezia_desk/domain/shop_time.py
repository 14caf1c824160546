"""The shop's wall-clock time. A French till shows and sends Paris time (the HubRise location's timezone),
whatever timezone the machine itself is set to."""
from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

SHOP_TIMEZONE = ZoneInfo("Europe/Paris")


def shop_now() -> datetime:
    return datetime.now(SHOP_TIMEZONE)


def shop_clock(stamp: str) -> str:
    """« HH:MM:SS » in the shop's time of an ISO time stamp, whatever zone it was written in (the machine's, UTC):
    the Diagnostic's columns and the status bar then speak of the same clock. A stamp without a zone is UTC;
    an unreadable one is shown as it is."""
    try:
        moment = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return str(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(SHOP_TIMEZONE).strftime("%H:%M:%S")
