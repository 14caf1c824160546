"""Printing benchmarks (pytest -m benchmark tests/benchmarks/test_print_bench.py -s), through the whole till:

- Accepter → the kitchen ticket's bytes at a network printer on the loopback (first byte, and the whole job);
- with a printer that never answers (its listen queue full, so each connection waits the 3 s timeout), the longest
  time the Qt event loop is blocked while the worker keeps retrying, and the same while web orders keep arriving.
"""
from __future__ import annotations

import statistics
import time

import pytest
from kd_fixtures.fake_printer import FakeNetworkPrinter, SilentNetworkPrinter, network
from test_web_orders_bench import LoopWatch

from kezia_desk.domain.printer_settings import KitchenMode, PrintSettings

pytestmark = [pytest.mark.benchmark, pytest.mark.timeout(600)]
PAYLOAD = {"status": "new", "service_type": "delivery", "expected_time": "2030-01-05T19:30:00+01:00",
           "collection_code": "427", "customer": {"first_name": "Zoé", "last_name": "Lefèvre"},
           "items": [{"product_name": "Regina", "sku_name": "Moyenne", "sku_ref": "1012", "price": "12.00 EUR",
                      "quantity": "1", "options": [{"option_list_name": "Retirer", "name": "Oignons",
                                                    "removed": True}]}]}


def receive(qtbot, kezia, sandbox, count: int) -> list:
    web_orders = kezia.services.web_orders
    before = {order.local_id for order in web_orders.list_orders()}
    for _ in range(count):
        sandbox.place_shop_order(PAYLOAD)
    qtbot.waitUntil(lambda: len(web_orders.list_orders()) == len(before) + count, timeout=30_000)
    return [order for order in web_orders.list_orders() if order.local_id not in before]


def test_accept_to_kitchen_ticket_bytes_and_loop_blocks_with_a_dead_printer(qtbot, connected, live_sandbox):
    printer, silent = FakeNetworkPrinter(), SilentNetworkPrinter()
    try:
        kezia = connected()
        qtbot.waitUntil(lambda: kezia.poller.callback_registered, timeout=5000)
        qtbot.waitUntil(lambda: not kezia.warming_up, timeout=5000)
        printing = kezia.services.printing
        printing.save_settings(PrintSettings(kitchen_printer=network(printer.port),
                                             kitchen_mode=KitchenMode.ON_ACCEPTANCE))
        seller = kezia.services.sellers.list_sellers()[1]
        orders = receive(qtbot, kezia, live_sandbox.sandbox, 20)
        first_byte, whole = [], []
        for order in orders:
            count = len(printer.jobs)
            started = time.perf_counter()
            kezia.services.order_actions.accept(order.local_id, seller)
            qtbot.waitUntil(lambda c=count: len(printer.jobs) == c + 1, timeout=5000)
            first_byte.append(printer.first_byte_at[-1] - started)
            whole.append(printer.received_at[-1] - started)
        print(f"\nAccepter → 1er octet du bon : médiane {statistics.median(first_byte) * 1000:.1f} ms, "
              f"max {max(first_byte) * 1000:.1f} ms ; bon entier reçu : médiane {statistics.median(whole) * 1000:.1f}"
              f" ms, max {max(whole) * 1000:.1f} ms (20 commandes)")

        printing.save_settings(PrintSettings(kitchen_printer=network(silent.port),
                                             kitchen_mode=KitchenMode.ON_ACCEPTANCE))
        more = receive(qtbot, kezia, live_sandbox.sandbox, 5)
        watch = LoopWatch()
        watch.start()
        for order in more:
            kezia.services.order_actions.accept(order.local_id, seller)
        job = printing.jobs.for_source(f"order:{more[0].local_id}")[0]["id"]
        qtbot.waitUntil(lambda: printing.jobs.get(job)["attempts"] >= 3, timeout=60_000)  # 3 timeouts of 3 s
        idle_worst = watch.stop()
        idle_detail = watch.detail()
        watch.start()
        receive(qtbot, kezia, live_sandbox.sandbox, 20)  # web orders keep arriving while the printer is dead
        busy_worst = watch.stop()
        attempts = printing.jobs.get(job)["attempts"]
        print(f"Imprimante muette : blocage le plus long de la boucle {idle_worst * 1000:.1f} ms pendant "
              f"{attempts} essais de 3 s ({idle_detail}) ; {busy_worst * 1000:.1f} ms en recevant 20 commandes "
              f"pendant ce temps ({watch.detail()})")
        assert printing.jobs.get(job)["state"] in ("pending", "printing")  # still waiting for its printer, never lost
    finally:
        printer.close()
        silent.close()
