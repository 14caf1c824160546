"""A rush under HubRise's real rate limits (pytest -m benchmark tests/benchmarks -s): 300 web orders at once with
the sandbox's per-connection limits switched on (500 requests a minute, 2,500 an hour). Each order costs 3
requests (fetch the event, acknowledge it, PATCH « received »): 900 requests, so the till must pace itself. The
benchmark checks that HubRise never answered 429, that every order was alerted and acknowledged as received, and
records how long the whole burst took."""
from __future__ import annotations

import time

import pytest
from kd_fixtures.bench import record

from kezia_desk.sandbox.app import create_sandbox
from kezia_desk.sandbox.generator import WebShopOrderGenerator

pytestmark = [pytest.mark.benchmark, pytest.mark.timeout(1800)]  # minutes at 100,000 orders


@pytest.fixture
def sandbox():
    """The sandbox with HubRise's rate limits on (the shared fixture switches them off)."""
    return create_sandbox(rate_limits=True, seed=7)


def test_burst_of_300_with_rate_limits_on(qtbot, connected, live_sandbox):
    kezia = connected(poll_interval=3600)
    # The first poll must be over: a wake-up during a poll is lost (OrderPoller.run clears it afterwards).
    qtbot.waitUntil(lambda: kezia.services.link_status.current.state == "ok", timeout=5000)
    client = kezia.link.client
    statuses: list[int] = []

    async def note(response):  # every answer HubRise gave, retries included
        statuses.append(response.status_code)
    client._http.event_hooks["response"].append(note)
    sandbox = live_sandbox.sandbox
    generator = WebShopOrderGenerator(5)
    placed = [sandbox.place_shop_order(generator.next_payload()) for _ in range(300)]
    alert = kezia.window.web_orders_ui.alert
    started = time.perf_counter()
    kezia.services.web_orders.check_now()
    qtbot.waitUntil(lambda: alert.isVisible() and alert.count >= 1, timeout=600_000)
    first_alert = time.perf_counter() - started
    first_count = alert.count
    qtbot.waitUntil(lambda: alert.isVisible() and alert.count >= 300, timeout=600_000)
    alerted = time.perf_counter() - started
    qtbot.waitUntil(lambda: all(sandbox.order(p["id"])["status"] == "received" for p in placed[-5:])
                    and kezia.services.web_orders.pending_outbox_count() == 0, timeout=600_000)
    finished = time.perf_counter() - started
    assert all(sandbox.order(p["id"])["status"] == "received" for p in placed)
    assert 429 not in statuses and len(statuses) >= 900
    record("rafale de 300 avec limites HubRise : première alerte (s)", 300, first_alert,
           f"{first_count} commande(s) dans la première alerte", "≤ 5 s")
    record("rafale de 300 avec limites HubRise : toutes alertées (s)", 300, alerted, f"{len(statuses)} requêtes",
           "aucun 429")
    record("rafale de 300 avec limites HubRise : toutes « reçues » chez HubRise (s)", 300, finished,
           f"attentes de cadence cumulées {client.pacer.waited:.0f} s", "aucun 429")
