"""Benchmarks of a rush (pytest -m benchmark tests/benchmarks -s): the longest event-loop block while a burst of
200 and of 1,000 web orders is received WITH Commandes Web open on Nouvelles (the list updates included: the
timing ends when the alert counts them all and the list shows them), RSS growth per 1,000 orders handled, and the
longest block while a 5,000-article catalog is exported to the sandbox over loopback.
"""
from __future__ import annotations

import asyncio
import time
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from kezia_desk.domain.catalog import Article
from kezia_desk.domain.money import Money
from kezia_desk.sandbox.generator import WebShopOrderGenerator
from kezia_desk.sandbox.state import CATALOG_ID, CUSTOMER_LIST_ID
from kezia_desk.services.connection import CONNECTION_SETTING
from kezia_desk.store.articles import ArticleRepository
from kezia_desk.store.database import transaction
from order_db import rss_mb
from test_scale_bench import record
from test_web_orders_bench import LoopWatch

pytestmark = pytest.mark.benchmark


def burst(qtbot, kezia, sandbox, count, seed):
    """Place `count` orders at once, poll, and wait until the alert counts them and Nouvelles shows them."""
    generator = WebShopOrderGenerator(seed)
    for _ in range(count):
        sandbox.place_shop_order(generator.next_payload())
    ui = kezia.window.web_orders_ui
    ui.alert.acknowledge()
    shown_before = ui.screen.model.rowCount()
    watch = LoopWatch()
    watch.start()
    started = time.perf_counter()
    kezia.services.web_orders.check_now()
    qtbot.waitUntil(lambda: ui.alert.isVisible() and ui.alert.count >= count, timeout=240_000)
    alerted = time.perf_counter() - started
    want = min(shown_before + count, 100)  # the first page
    qtbot.waitUntil(lambda: ui.screen.model.rowCount() >= want and not ui.screen._refresh_timer.isActive(),
                    timeout=60_000)
    qtbot.wait(300)  # let any late update land inside the measurement
    return alerted, watch.stop()


def test_burst_figures(qtbot, connected, live_sandbox):
    kezia = connected(poll_interval=3600)  # polls only when asked: the benchmark triggers them
    qtbot.waitUntil(lambda: kezia.poller.callback_registered, timeout=5000)
    window = kezia.window
    window.choose_seller(kezia.services.sellers.list_sellers()[1])
    qtbot.mouseClick(window.till.web_orders_button, Qt.MouseButton.LeftButton)
    sandbox = live_sandbox.sandbox
    burst(qtbot, kezia, sandbox, 50, seed=1)  # warm-up
    for count, seed, target, alert_target in ((200, 2, "≤ 50 ms", "≤ 1,5 s"), (1000, 3, "≤ 100 ms", "–")):
        alerted, worst = burst(qtbot, kezia, sandbox, count, seed)
        record(f"blocage max de la boucle, rafale de {count} + liste (ms)", count, worst * 1000,
                      "–", target)
        record(f"rafale de {count} : stockée et alertée (s)", count, alerted, "–", alert_target)
    qtbot.waitUntil(lambda: kezia.services.web_orders.pending_outbox_count() == 0, timeout=600_000)
    before = rss_mb()
    burst(qtbot, kezia, sandbox, 1000, seed=4)
    qtbot.waitUntil(lambda: kezia.services.web_orders.pending_outbox_count() == 0, timeout=600_000)
    growth = rss_mb() - before
    record("croissance RSS pour 1 000 commandes (Mo)", 1000, growth,
                  "processus entier, bac à sable compris", "≤ 3 Mo")
    assert len(kezia.services.web_orders.lists.ids(kezia.services.web_orders.lists.query("toutes"))) == 2250


def test_export_figures(qtbot, connected, live_sandbox):
    kezia = connected(poll_interval=3600)
    kezia.services.settings.set(CONNECTION_SETTING, {"platform": "Bac à sable", "api_url": live_sandbox.api_url,
                                                     "catalog_id": CATALOG_ID, "customer_list_id": CUSTOMER_LIST_ID})
    with transaction(kezia.db):  # 5,000 articles in one go (saving them one by one would rebuild the till 5,000 times)
        articles = ArticleRepository(kezia.db)
        for n in range(5000):
            articles.insert_with_idart(Article(20_000 + n, f"Article de test n° {n} avec un nom assez long",
                                               Money.of("4.50"), Decimal("10"), f"Rayon {n % 40}", False))
    watch = LoopWatch()
    watch.start()
    done = []
    task = asyncio.ensure_future(kezia.services.exports.export_catalog())
    task.add_done_callback(lambda t: done.append(t.result()))
    qtbot.waitUntil(lambda: bool(done), timeout=120_000)
    worst = watch.stop()
    assert "Catalogue envoyé : 50" in done[0], done
    stored = live_sandbox.sandbox.state.catalogs
    assert len(stored[CATALOG_ID]["data"]["products"]) >= 5000
    record("blocage max pendant l'export de 5 000 articles (ms)", 5000, worst * 1000, "–", "≤ 50 ms")
