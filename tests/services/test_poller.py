"""The order poller without Qt: a « Vérifier maintenant » (wake) that comes while a poll is running is not lost,
and an odd stored interval never stops it."""
from __future__ import annotations

import asyncio

import pytest
from kd_fixtures.shop import build_shop, item

from kezia_desk.hubrise.errors import ServerError
from kezia_desk.services import reception
from kezia_desk.services.event_pipeline import FETCH_AHEAD
from kezia_desk.services.link_status import LinkStatus
from kezia_desk.services.reception import DEFAULT_INTERVAL, POLL_INTERVAL_SETTING, OrderPoller


class SlowHubRise:
    """Answers the event list only when the test lets it, and counts the polls."""

    def __init__(self) -> None:
        self.listings = 0
        self.gate = asyncio.Event()

    async def create_callback(self, url, events):  # the client's signature
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

    async def create_callback(self, url, events):  # the client's signature
        return {}

    async def list_callback_events(self):
        return [{"id": f"evt{n}", "resource_type": "order"} for n in range(self.count)]

    async def get_callback_event(self, event_id):  # the client's signature
        n = event_id.removeprefix("evt")
        state = {"id": f"ord{n}", "status": "new", "service_type": "collection", "collection_code": f"C{n}",
                 "customer": {"first_name": "Zoé", "last_name": "Martin"},
                 "items": [item("Baguette", "BAG", "1.10")]}
        return {"id": event_id, "event_type": "create", "new_state": "illisible" if n == "3" else state}

    async def acknowledge_event(self, event_id):  # the client's signature
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
    # Each event acknowledged once (in which order the ones held at the gate resume is the event loop's business).
    acknowledged = [event for event, _ in hubrise.acknowledged]
    assert acknowledged[0] == "evt0" and sorted(acknowledged) == sorted(f"evt{n}" for n in range(20))
    assert all(stored for event, stored in hubrise.acknowledged if event != "evt3")  # acknowledged after commit


class LaggyHubRise:
    """Every request takes a few milliseconds, as over a network; counts the event fetches in flight, notes for
    each acknowledgement whether its order was stored, and can fail one fetch the way a struggling HubRise does."""

    def __init__(self, store, count: int, failing: str | None = None) -> None:
        self.store, self.count, self.failing = store, count, failing
        self.in_flight = self.most_in_flight = 0
        self.acknowledged: list[tuple[str, bool]] = []

    async def create_callback(self, url, events):  # the client's signature
        return {}

    async def list_callback_events(self):
        done = {event for event, _ in self.acknowledged}
        return [{"id": f"evt{n}", "resource_type": "order"} for n in range(self.count) if f"evt{n}" not in done]

    async def get_callback_event(self, event_id):  # the client's signature
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await asyncio.sleep(0.005)
            if event_id == self.failing:
                self.failing = None  # fails once
                raise ServerError(503, "HubRise indisponible")
        finally:
            self.in_flight -= 1
        n = event_id.removeprefix("evt")
        return {"id": event_id, "event_type": "create", "new_state": {
            "id": f"ord{n}", "status": "new", "service_type": "collection", "collection_code": f"C{n}",
            "items": [item("Baguette", "BAG", "1.10")]}}

    async def acknowledge_event(self, event_id):  # the client's signature
        await asyncio.sleep(0.005)
        stored = self.store.find_by_hubrise_id(f"ord{event_id.removeprefix('evt')}") is not None
        self.acknowledged.append((event_id, stored))


def stored_in_order(shop) -> list[str]:
    return [row[0] for row in shop.db.execute("SELECT hubrise_id FROM orders ORDER BY local_id")]


async def test_a_rush_fetches_events_ahead_yet_stores_them_in_hubrises_order_and_acknowledges_after_commit(shop):
    hubrise = LaggyHubRise(shop.store, 30)
    poller = OrderPoller(shop.web_orders, shop.store, shop.outbox, LinkStatus(shop.outbox), lambda: hubrise,
                         shop.settings, interval=300)
    async with asyncio.timeout(10):
        await poller.poll_once()
    assert hubrise.most_in_flight == FETCH_AHEAD + 1  # the next events are on their way while one is stored
    assert stored_in_order(shop) == [f"ord{n}" for n in range(30)]
    assert sorted(event for event, _ in hubrise.acknowledged) == sorted(f"evt{n}" for n in range(30))
    assert all(stored for _, stored in hubrise.acknowledged)


async def test_a_fetch_failing_half_way_leaves_nothing_running_and_the_next_poll_stores_the_rest(shop):
    hubrise = LaggyHubRise(shop.store, 12, failing="evt5")
    link_status = LinkStatus(shop.outbox)
    poller = OrderPoller(shop.web_orders, shop.store, shop.outbox, link_status, lambda: hubrise, shop.settings,
                         interval=300)
    async with asyncio.timeout(10):
        await poller.poll_once()
    assert link_status.current.state == "offline"  # said in the status bar, the poll ended
    assert stored_in_order(shop) == [f"ord{n}" for n in range(5)]  # none after the failing one
    assert sorted(event for event, _ in hubrise.acknowledged) == [f"evt{n}" for n in range(5)]
    assert [task for task in asyncio.all_tasks() if task is not asyncio.current_task()] == []  # no fetch left
    async with asyncio.timeout(10):
        await poller.poll_once()
    assert stored_in_order(shop) == [f"ord{n}" for n in range(12)]
    assert len(hubrise.acknowledged) == 12 and all(stored for _, stored in hubrise.acknowledged)
