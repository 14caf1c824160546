"""The order poller without Qt: a « Vérifier maintenant » (wake) that comes while a poll is running is not lost,
and an odd stored interval never stops it."""
from __future__ import annotations

import asyncio

import pytest
from shop import build_shop, item

from kezia_desk.services import reception
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


class RushHubRise:
    """Lists `count` order events at once (the 4th one's order unreadable); acknowledges the first at once and the
    others only when the test lets it, noting for each acknowledgement whether its order was already stored."""

    def __init__(self, store, count: int) -> None:
        self.store, self.count = store, count
        self.gate = asyncio.Event()
        self.acknowledged: list[tuple[str, bool]] = []

    async def create_callback(self, url, events):  # noqa: ANN001 - the client's signature
        return {}

    async def list_callback_events(self):
        return [{"id": f"evt{n}", "resource_type": "order"} for n in range(self.count)]

    async def get_callback_event(self, event_id):  # noqa: ANN001 - the client's signature
        n = event_id.removeprefix("evt")
        state = {"id": f"ord{n}", "status": "new", "service_type": "collection", "collection_code": f"C{n}",
                 "customer": {"first_name": "Zoé", "last_name": "Martin"},
                 "items": [item("Baguette", "BAG", "1.10")]}
        return {"id": event_id, "event_type": "create", "new_state": "illisible" if n == "3" else state}

    async def acknowledge_event(self, event_id):  # noqa: ANN001 - the client's signature
        if self.acknowledged:
            await self.gate.wait()
        stored = self.store.find_by_hubrise_id(f"ord{event_id.removeprefix('evt')}") is not None
        self.acknowledged.append((event_id, stored))


async def test_a_rush_announces_its_first_orders_before_the_poll_ends(tmp_path, monkeypatch):
    monkeypatch.setattr(reception, "ANNOUNCE_EVERY", 60.0)  # the batches do not depend on the machine's speed
    shop = build_shop(tmp_path)
    hubrise = RushHubRise(shop.store, 20)
    poller = OrderPoller(shop.web_orders, shop.store, shop.outbox, LinkStatus(shop.outbox), lambda: hubrise,
                         shop.settings, interval=300)
    alerts: list[list[str]] = []
    shop.web_orders.new_orders.add(lambda orders: alerts.append([o.hubrise_id for o in orders]))
    poll = asyncio.ensure_future(poller.poll_once())
    try:
        async with asyncio.timeout(5):
            while not alerts:
                await asyncio.sleep(0.01)
        # The cashier hears of the first order while the other 19 wait on HubRise's acknowledgement.
        assert alerts == [["ord0"]] and not poll.done()
        assert len(hubrise.acknowledged) == 1
        hubrise.gate.set()
        async with asyncio.timeout(5):
            await poll
        kept_aside = [row["event_id"] for row in shop.store.kept_aside()]
    finally:
        poll.cancel()
        shop.db.conn.close()
    # The others come together in one alert, each once; the unreadable one is kept aside, never announced.
    assert alerts == [["ord0"], [f"ord{n}" for n in range(1, 20) if n != 3]]
    assert kept_aside == ["evt3"]
    assert [event for event, _ in hubrise.acknowledged] == [f"evt{n}" for n in range(20)]
    assert all(stored for event, stored in hubrise.acknowledged if event != "evt3")  # acknowledged after commit
