"""Catching up on orders HubRise queued no event for (hubrise-api.md: discovery by listing is forbidden as a
habit; a one-off catch-up after a reconnection is the exception).

HubRise queues no event for a revoked connection, and a till switched off for long may miss events. So after
each (re)connection — and after a gap of more than LONG_GAP between two successful polls — the poller lists once
the location's orders created since its last successful poll (`GET /location/orders?after=…`, following the
cursor, within HubRise's 10/min limit of that heavy endpoint) and ingests the unknown ones through the same
idempotent path as events.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from ..domain.order import Order
from ..domain.text import readable_json
from ..store.orders import OrderStore
from ..store.sync_marks import SyncMarks

if TYPE_CHECKING:
    from ..hubrise.client import HubRiseClient


log = logging.getLogger(__name__)
LAST_POLL_MARK = "reception.last_poll_ok"
LONG_GAP = timedelta(minutes=10)
MARGIN = timedelta(minutes=2)  # clocks differ a little: an order listed twice is harmless, one missed is not
PAGES_PER_MINUTE = 8  # HubRise allows 10 heavy lists a minute; the outbox's private_ref look-ups need some too
Ingest = Callable[[str, dict], "tuple[str, Order] | None"]


class CatchUp:
    def __init__(self, store: OrderStore, marks: SyncMarks, *, monotonic: Callable[[], float] = time.monotonic):
        self.store, self.marks, self.monotonic = store, marks, monotonic
        self.pending = True  # the connection made at start counts as a (re)connection
        self.after: str | None = None
        self.cursor: str | None = None
        self._window: tuple[float, int] = (0.0, 0)  # (start of the current minute, pages listed in it)
        self.runs = 0
        self.caught_up = 0

    def request(self) -> None:
        """A new connection was made: catch up once at the next poll."""
        self.pending, self.after, self.cursor = True, None, None

    def note_contact(self, started: datetime) -> None:
        """HubRise answered a poll started at `started`: a long gap since the last one means events may be gone."""
        last = self._last_poll()
        if last is not None and started - last > LONG_GAP and not self.pending:
            log.info("relève : %s sans contact, rattrapage des commandes", started - last)
            self.request()

    def record_success(self, started: datetime) -> None:
        self.marks.set(LAST_POLL_MARK, started.astimezone(UTC).isoformat())

    def _last_poll(self) -> datetime | None:
        value = self.marks.get(LAST_POLL_MARK)
        try:
            return datetime.fromisoformat(value) if value else None
        except ValueError:
            return None

    async def run(self, client: HubRiseClient, ingest: Ingest) -> list[tuple[str, Order]]:
        """List the orders created since the last successful poll and ingest the unknown ones. HubRise errors
        propagate (the catch-up stays pending and resumes at the page it reached)."""
        if not self.pending:
            return []
        if self.after is None:
            last = self._last_poll()
            if last is None:  # the first connection ever: nothing was missed
                self.pending = False
                return []
            self.after = (last - MARGIN).isoformat()
        outcomes: list[tuple[str, Order]] = []
        while True:
            if not self._take_page():
                return outcomes  # the rest at a later poll, within HubRise's limit
            page, cursor = await client.list_orders_page(after=self.after, cursor=self.cursor, retry=False)
            for listed in page:
                state, _ = readable_json(listed)  # a lone surrogate in an id or a ref: « � » (see reception)
                order_id = state.get("id") if isinstance(state, dict) else None
                if not isinstance(order_id, str) or self.store.find_by_hubrise_id(order_id) is not None:
                    continue
                private_ref = state.get("private_ref")
                if isinstance(private_ref, str) and self.store.adopt_till_order(private_ref, order_id):
                    continue  # one of the till's own orders whose POST answer was lost: linked, never a web order
                event_id = f"rattrapage-{order_id}"
                if self.store.event_processed(event_id):
                    continue
                self.caught_up += 1
                outcome = ingest(event_id, {"new_state": state})
                if outcome is not None:
                    outcomes.append(outcome)
            if not cursor:
                break
            self.cursor = cursor
        self.pending, self.after, self.cursor = False, None, None
        self.runs += 1
        return outcomes

    def _take_page(self) -> bool:
        start, pages = self._window
        now = self.monotonic()
        if now - start >= 60:
            start, pages = now, 0
        if pages >= PAGES_PER_MINUTE:
            return False
        self._window = (start, pages + 1)
        return True
