"""Pacing the till's requests under HubRise's per-connection limits (500 a minute, 2,500 an hour), so a rush of
web orders (3 requests each: fetch the event, acknowledge it, PATCH « received ») never meets a 429.

Requests go at once while the last minute and the last hour have room; past that, the next request waits until
the oldest one leaves the window. A margin under HubRise's figures leaves room for another app on the same
connection and for clocks that do not agree on where a minute starts.
"""
from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

HUBRISE_WINDOWS = ((60.0, 480), (3600.0, 2400))  # (seconds, requests): 500/min and 2,500/h minus a margin


class RequestPacer:
    def __init__(self, windows: tuple[tuple[float, int], ...] = HUBRISE_WINDOWS,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.windows = windows
        self._clock, self._sleep = clock, sleep
        self._sent: list[deque[float]] = [deque() for _ in windows]
        self.waited = 0.0  # seconds spent waiting for room, for the diagnostics and the benchmark

    def delay(self) -> float:
        """Seconds until a request may go (0 when there is room in every window)."""
        now = self._clock()
        delay = 0.0
        for (size, limit), sent in zip(self.windows, self._sent, strict=True):
            while sent and sent[0] <= now - size:
                sent.popleft()
            if len(sent) >= limit:
                delay = max(delay, sent[0] + size - now)
        return delay

    async def wait(self) -> None:
        """Wait for room, then count the request about to be sent."""
        while (delay := self.delay()) > 0:
            self.waited += delay
            await self._sleep(delay)
        now = self._clock()
        for sent in self._sent:
            sent.append(now)
