"""Issue 20, « never lost »: a crash between an order's status and its kitchen ticket's print job loses no ticket.

Accepter (and a COMMANDES order) write the print job in the status's own transaction, so a crash keeps both or
neither. What reception announces after its commit (« à l'arrivée »), or what an older version left, is caught up
at start: orders received/accepted since the kitchen prints that way, within 12 h, with no kitchen job, get
their ticket once. The shops are built by the composition root (kezia_desk.wiring), restarted on the same folder.
"""
from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from kd_fixtures.fake_printer import network
from kd_fixtures.shop import backend_for, build_shop, item, place

from kezia_desk.domain.order import OrderStatus
from kezia_desk.domain.printer_settings import KitchenMode, PrintSettings
from kezia_desk.domain.shop_time import shop_now
from kezia_desk.services.printing import KITCHEN_SINCE_SETTING, PRINT_SETTING
from kezia_desk.services.till_orders import TillOrderLine
from kezia_desk.store.database import database_path, open_database

REPRINT = b"R\xc9IMPRESSION"


class Crash(BaseException):
    """The till killed: nothing after it runs, the open transaction never commits."""


@pytest.fixture
def shops(tmp_path):
    """The first start of a shop, then `restart()`: the same folder opened again, start-up repairs run."""
    opened = []

    def first(mode: KitchenMode, port: int, save: bool = True):
        shop = build_shop(tmp_path)
        opened.append(shop.db)
        if save:
            shop.services.printing.save_settings(PrintSettings(kitchen_printer=network(port), kitchen_mode=mode))
        return shop

    def restart():
        db = open_database(tmp_path)
        opened.append(db)
        return backend_for(db)

    first.restart = restart
    yield first
    for db in opened:
        db.conn.close()


def kitchen_jobs(backend_or_shop, local_id: int) -> list[dict]:
    jobs = backend_or_shop.services.printing.jobs
    return [job for job in jobs.for_source(f"order:{local_id}") if job["kind"] == "kitchen"]


def test_accepter_writes_the_kitchen_job_in_the_status_transaction(shops, printer) -> None:
    shop = shops(KitchenMode.ON_ACCEPTANCE, printer.port)
    local_id = place(shop, [item("Regina", "1012", "12.00")])
    jobs = shop.services.printing.jobs
    enqueue, seen_on_disk = jobs.enqueue, []

    def killed_while_queueing(*args, **kwargs):
        """The kitchen job is being written: what another connection (the disk after a crash) sees now."""
        other = sqlite3.connect(database_path(shop.db))
        seen_on_disk.append(other.execute("SELECT status FROM orders WHERE local_id = ?", [local_id]).fetchone()[0])
        other.close()
        raise Crash

    jobs.enqueue = killed_while_queueing
    with pytest.raises(Crash):
        shop.actions.accept(local_id, shop.seller)
    assert seen_on_disk == ["received"]  # the acceptance was not committed before its kitchen job

    after = shops.restart()
    order = after.services.web_orders.get_order(local_id)
    assert order.status is OrderStatus.RECEIVED  # neither the acceptance nor its ticket: Accepter is still there
    assert [h["status"] for h in after.orders.history(local_id)] == ["new", "received"]
    assert not any(row["kind"] == "status" and row["payload"].get("status") == "accepted"
                   for row in after.outbox.for_order(local_id))
    jobs.enqueue = enqueue
    after.services.order_actions.accept(local_id, shop.seller)
    after.services.order_actions.accept(local_id, shop.seller)  # a second tap: nothing more
    assert [job["once_key"] for job in kitchen_jobs(after, local_id)] == [f"kitchen:{local_id}"]
    assert after.services.web_orders.get_order(local_id).status is OrderStatus.ACCEPTED


def test_an_accepted_order_without_its_kitchen_job_is_printed_once_at_start(qtbot, qasync_loop, shops,
                                                                             printer) -> None:
    shop = shops(KitchenMode.ON_ACCEPTANCE, printer.port)
    shop.settings.set(KITCHEN_SINCE_SETTING, (shop_now() - timedelta(days=2)).isoformat())  # printing for days
    lost, old, waiting = (place(shop, [item("Regina", "1012", "12.00")]) for _ in range(3))
    # What a crash between the acceptance's commit and the job's insert left (an older version wrote them apart)
    # for `lost`; `old` was accepted 13 hours ago (the till was off for the night); `waiting` is not accepted.
    shop.store.accept(lost, shop_now(), "Karim", "acceptée", [], shop_now())
    shop.store.accept(old, shop_now(), "Karim", "acceptée", [], shop_now() - timedelta(hours=13))
    assert kitchen_jobs(shop, lost) == []

    after = shops.restart()
    assert [job["state"] for job in kitchen_jobs(after, lost)] == ["pending"]
    assert kitchen_jobs(after, old) == [] and kitchen_jobs(after, waiting) == []
    worker = asyncio.ensure_future(after.print_queue.run())
    try:
        qtbot.waitUntil(lambda: len(printer.jobs) == 1, timeout=5000)
        qtbot.waitUntil(lambda: kitchen_jobs(after, lost)[0]["state"] == "done", timeout=3000)
    finally:
        worker.cancel()
    assert b"Regina" in printer.jobs[0] and REPRINT not in printer.jobs[0]  # never printed before: not a reprint

    again = shops.restart()  # the next start: already queued, so nothing more
    assert len(kitchen_jobs(again, lost)) == 1 and again.services.printing.catch_up_kitchen() == []
    again.services.order_actions.accept(lost, shop.seller)  # Accepter tapped again: still one ticket
    assert len(kitchen_jobs(again, lost)) == 1


def test_on_arrival_a_received_order_not_announced_before_a_crash_is_printed_at_start(shops, printer) -> None:
    shop = shops(KitchenMode.ON_ARRIVAL, printer.port)
    received = place(shop, [item("Regina", "1012", "12.00")])  # stored by reception, not yet announced
    rejected = place(shop, [item("Regina", "1012", "12.00")])
    shop.store.change_status(rejected, "rejected", "Karim", "refusée", [], shop_now())
    after = shops.restart()
    assert len(kitchen_jobs(after, received)) == 1 and kitchen_jobs(after, rejected) == []
    assert after.services.printing.catch_up_kitchen() == []  # asked twice: queued once


def test_received_orders_wait_for_accepter_when_the_kitchen_prints_on_acceptance(shops, printer) -> None:
    shop = shops(KitchenMode.ON_ACCEPTANCE, printer.port)
    local_id = place(shop, [item("Regina", "1012", "12.00")])
    assert kitchen_jobs(shops.restart(), local_id) == []


def test_orders_from_before_the_kitchen_printed_are_not_printed_by_an_upgrade_or_a_new_printer(shops,
                                                                                                printer) -> None:
    shop = shops(KitchenMode.ON_ACCEPTANCE, printer.port, save=False)
    before = place(shop, [item("Regina", "1012", "12.00")])
    shop.actions.accept(before, shop.seller)  # accepted while no kitchen printer was chosen
    # A till whose printer was set before the catch-up existed: settings saved, no mark, no kitchen job yet.
    shop.settings.set(PRINT_SETTING, PrintSettings(kitchen_printer=network(printer.port)).to_json())
    assert kitchen_jobs(shops.restart(), before) == []

    shop.services.printing.save_settings(PrintSettings(kitchen_printer=network(printer.port),
                                                       kitchen_mode=KitchenMode.ON_ARRIVAL))
    assert kitchen_jobs(shops.restart(), before) == []  # the kitchen prints from now on, not the day before


def test_a_commandes_order_and_its_kitchen_ticket_are_stored_together(shops, printer) -> None:
    """COMMANDES: the order is accepted as it is made, so its kitchen job joins the order's transaction."""
    shop = shops(KitchenMode.ON_ACCEPTANCE, printer.port)
    till_orders = shop.services.till_orders
    draft = till_orders.new_draft()
    draft.lines.append(TillOrderLine(shop.catalog.list_articles(include_inactive=False)[0]))
    draft.expected_time = datetime(2030, 1, 5, 19, 30, tzinfo=UTC)
    jobs = shop.services.printing.jobs
    enqueue = jobs.enqueue

    def killed_while_queueing(*_args, **_kwargs):
        raise Crash

    jobs.enqueue = killed_while_queueing
    with pytest.raises(Crash):
        till_orders.create(draft, shop.seller)
    after = shops.restart()
    assert after.services.web_orders.list_orders() == []  # no order without its ticket: the cashier taps again
    jobs.enqueue = enqueue
    order = after.services.till_orders.create(draft, shop.seller)
    assert len(kitchen_jobs(after, order.local_id)) == 1
