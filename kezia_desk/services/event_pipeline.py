"""Fetching a poll's events ahead and acknowledging them behind, a few requests in flight at a time.

HubRise lists pending events without their state (hubrise-api.md §3.4): each costs a GET (the event with the
order) and a DELETE (the acknowledgement) after the order is committed. One request after the other, a rush of
200 orders waited on 400 round trips before the last one was alerted. Here the next events are fetched while the
current one is stored, and acknowledgements go out while the next ones are stored. What does not change: events
are stored in the order HubRise listed them, and an event is acknowledged only after its order is committed (a
crash in between replays it, and the replay is recognised). The pacer (hubrise/pacing.py) still counts each
request, so a rush stays under HubRise's limits.
"""
from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, Any

from ..hubrise.errors import NotFoundError

if TYPE_CHECKING:
    from ..hubrise.client import HubRiseClient


FETCH_AHEAD = 4  # events fetched ahead of the one being stored
ACKNOWLEDGE_IN_FLIGHT = 4  # acknowledgements sent at once


class EventPipeline:
    def __init__(self, client: HubRiseClient, planned: list[str], *, ahead: int = FETCH_AHEAD,
                 in_flight: int = ACKNOWLEDGE_IN_FLIGHT) -> None:
        self.client = client
        self._planned = planned  # the events that will be fetched, in HubRise's order
        self._position = {event_id: index for index, event_id in enumerate(planned)}
        self._ahead = ahead
        self._fetches: dict[str, asyncio.Future[Any]] = {}
        self._acknowledging = asyncio.Semaphore(in_flight)
        self._acknowledgements: list[asyncio.Future[None]] = []

    async def fetch(self, event_id: str) -> Any:
        """The event with its state; the next planned ones are requested meanwhile. Raises what the client
        raises for this event (its own errors only: a later event's failure is met when its turn comes)."""
        index = self._position.get(event_id)
        if index is None:  # not planned (never happens from the poller): fetched alone
            return await self.client.get_callback_event(event_id)
        for ahead_id in self._planned[index:index + self._ahead + 1]:
            if ahead_id not in self._fetches:
                self._fetches[ahead_id] = asyncio.ensure_future(self.client.get_callback_event(ahead_id))
        return await self._fetches.pop(event_id)

    def acknowledge(self, event_id: str) -> None:
        """Acknowledge in the background (the order is committed); `drain` waits for every acknowledgement."""
        async def send() -> None:
            async with self._acknowledging:
                with contextlib.suppress(NotFoundError):  # already gone: acknowledged elsewhere
                    await self.client.acknowledge_event(event_id)

        self._acknowledgements.append(asyncio.ensure_future(send()))

    async def drain(self) -> BaseException | None:
        """Cancel the fetches ahead (no longer needed once the poll ends or fails) and wait for the
        acknowledgements already sent: their orders are committed, so even a poll that failed half-way leaves
        them acknowledged. When the poll itself is being cancelled (the till is closing) they are cancelled too;
        their events come back at the next start and are recognised as stored. Returns the first
        acknowledgement that failed (its event comes back at the next poll, recognised too)."""
        fetches = list(self._fetches.values())
        self._fetches.clear()
        current = asyncio.current_task()
        closing = current is not None and current.cancelling() > 0
        for future in fetches + (self._acknowledgements if closing else []):
            future.cancel()
        results = await asyncio.gather(*fetches, *self._acknowledgements, return_exceptions=True)
        self._acknowledgements.clear()
        failures = [result for result in results[len(fetches):] if isinstance(result, BaseException)]
        return failures[0] if failures else None
