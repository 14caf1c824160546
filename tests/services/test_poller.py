"""The order poller without Qt: a « Vérifier maintenant » (wake) that comes while a poll is running is not lost,
and an odd stored interval never stops it."""
from __future__ import annotations

import asyncio

import pytest
from shop import build_shop

from kezia_desk.services.link_status import LinkStatus
from kezia_desk.services.reception import DEFAULT_INTERVAL, POLL_INTERVAL_SETTING, OrderPoller


class SlowHubRise:
    """Answers the event list only when the test lets it, and counts the polls."""

    def __init__(self) -> None:
        self.listings = 0
        self.gate = asyncio.Event()

    async def create_callback(self, url, events):  # noqa: ANN001 - the client's signature
        return {}

    async def list_callback_events(self):
        self.listings += 1
        await self.gate.wait()
        self.gate.clear()
        return []


async def test_a_wake_during_a_poll_polls_again_at_once(tmp_path):
    shop = build_shop(tmp_path)
    hubrise = SlowHubRise()
    poller = OrderPoller(shop.web_orders, shop.store, shop.outbox, LinkStatus(shop.outbox), lambda: hubrise,
                         shop.settings, interval=300)
    task = asyncio.ensure_future(poller.run())
    try:
        while hubrise.listings < 1:
            await asyncio.sleep(0.01)
        poller.wake()  # the cashier taps « Vérifier maintenant » while the first poll waits on HubRise
        hubrise.gate.set()
        async with asyncio.timeout(2):  # far below the 300 s interval: the wake was kept
            while hubrise.listings < 2:
                await asyncio.sleep(0.01)
        assert hubrise.listings == 2
    finally:
        task.cancel()
        shop.db.conn.close()


@pytest.mark.parametrize(("stored", "interval"), [("abc", DEFAULT_INTERVAL), (5, 30.0), (10_000, 300.0),
                                                    (None, DEFAULT_INTERVAL), (45, 45.0)])
def test_an_odd_stored_interval_is_brought_within_bounds(tmp_path, stored, interval):
    shop = build_shop(tmp_path)
    shop.settings.set(POLL_INTERVAL_SETTING, stored)
    poller = OrderPoller(shop.web_orders, shop.store, shop.outbox, LinkStatus(shop.outbox), lambda: None,
                         shop.settings)
    assert poller.interval == interval
    shop.db.conn.close()
