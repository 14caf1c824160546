"""The shop's wall-clock time. A French till shows and sends Paris time (the HubRise location's timezone),
whatever timezone the machine itself is set to."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

SHOP_TIMEZONE = ZoneInfo("Europe/Paris")


def shop_now() -> datetime:
    return datetime.now(SHOP_TIMEZONE)
