"""Disk trouble (issue 10, « Also »): disk full, database read-only, database locked by another process. Each
gives a clear French message, writes nothing by halves, and everything works again once the cause is gone.

Disk full is SQLite's own limit (PRAGMA max_page_count, with every page filled), read-only is PRAGMA query_only
(the tests run as any user, root included, for whom file permissions do not apply), the lock is a real second
process holding an exclusive transaction.
"""
import subprocess
import sys
import textwrap
from decimal import Decimal

import pytest

from kezia_desk.domain.money import Money
from kezia_desk.domain.ticket import PaymentMethod, TicketDraft, TicketLine
from kezia_desk.store.database import StoreError

ORDER = {"status": "new", "service_type": "collection", "customer_notes": "Sonnez fort. " * 400,
         "items": [{"product_name": "Regina", "sku_ref": "1012", "price": "12.00 EUR", "quantity": "1"}]}
NO_LIMIT = 1073741823


def fill_the_disk(db):
    """Limit the file to its current size and fill every free byte: the next write needs room it cannot get."""
    conn = db.conn
    conn.execute("CREATE TABLE IF NOT EXISTS _filler (x BLOB)")
    conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
    for size in (4000, 500, 50, 1):
        try:
            while True:
                conn.execute("INSERT INTO _filler VALUES (zeroblob(?))", [size])
        except Exception:  # noqa: BLE001 - « database or disk is full »: this size no longer fits
            pass


def free_the_disk(db):
    db.conn.execute(f"PRAGMA max_page_count = {NO_LIMIT}")


def sale(kezia):
    draft = TicketDraft()
    draft.add_line(TicketLine("Regina", Money.of("12.00"), Decimal(1), Decimal("10"), 1012))
    draft.add_payment(PaymentMethod.CASH, Money.of("12.00"))
    return draft


def tickets(kezia):
    return kezia.db.execute("SELECT COUNT(*) FROM tickets").fetchone()[0]


@pytest.fixture
def till(qtbot, connected, live_sandbox):
    kezia = connected()
    qtbot.waitUntil(lambda: kezia.poller.callback_registered, timeout=5000)
    return kezia


def seller(kezia):
    return kezia.services.sellers.list_sellers()[1]


def test_disk_full_web_order_waits_unacknowledged_then_arrives_once(qtbot, till, live_sandbox):
    sandbox, web = live_sandbox.sandbox, till.services.web_orders
    fill_the_disk(till.db)
    placed = sandbox.place_shop_order(ORDER)["id"]
    qtbot.waitUntil(lambda: "plein" in till.services.link_status.current.text, timeout=8000)
    assert len(sandbox.pending_events()) == 1, "not stored, so not acknowledged"
    assert web.list_orders() == []
    free_the_disk(till.db)
    qtbot.waitUntil(lambda: [o.hubrise_id for o in web.list_orders()] == [placed], timeout=8000)
    qtbot.waitUntil(lambda: sandbox.pending_events() == [], timeout=8000)
    assert till.db.execute("SELECT COUNT(*) FROM orders").fetchone()[0] == 1
    qtbot.waitUntil(lambda: till.services.link_status.current.state == "ok", timeout=8000)


def test_disk_full_sale_is_refused_whole_then_recorded_once(qtbot, till):
    """Sales go on while their table's last page has room; the first one that needs a new page is refused
    whole (no ticket without its lines or payments) with a French message, and goes through once freed."""
    service = till.services.till
    fill_the_disk(till.db)
    recorded = 0
    with pytest.raises(StoreError, match="plein"):
        for _ in range(500):
            draft = sale(till)
            service.close_ticket(draft, seller(till))
            recorded += 1
    assert tickets(till) == recorded
    assert till.db.execute("SELECT COUNT(DISTINCT ticket_number) FROM ticket_lines").fetchone()[0] == recorded
    assert till.db.execute("SELECT COUNT(DISTINCT ticket_number) FROM ticket_payments").fetchone()[0] == recorded
    assert service.verify_journal().ok
    before = recorded
    free_the_disk(till.db)
    closed = service.close_ticket(draft, seller(till))  # the same draft, kept by the till, works now
    assert tickets(till) == before + 1 and closed.total == Money.of("12.00")
    assert service.verify_journal().ok


def test_read_only_database_refuses_an_action_whole_and_recovers(qtbot, till, live_sandbox):
    sandbox, web = live_sandbox.sandbox, till.services.web_orders
    placed = sandbox.place_shop_order({**ORDER, "customer_notes": None})["id"]
    qtbot.waitUntil(lambda: len(web.list_orders()) == 1, timeout=8000)
    order = web.list_orders()[0]
    outbox_rows = len(web.outbox.for_order(order.local_id))
    till.db.execute("PRAGMA query_only = ON")
    with pytest.raises(StoreError, match="lecture seule"):
        till.services.order_actions.accept(order.local_id, seller(till))
    with pytest.raises(StoreError, match="lecture seule"):
        till.services.till.close_ticket(sale(till), seller(till))
    assert web.get_order(order.local_id).status.value == "received"
    assert len(web.outbox.for_order(order.local_id)) == outbox_rows
    second = sandbox.place_shop_order({**ORDER, "customer_notes": None})["id"]
    qtbot.waitUntil(lambda: "lecture seule" in till.services.link_status.current.text, timeout=8000)
    till.db.execute("PRAGMA query_only = OFF")
    till.services.order_actions.accept(order.local_id, seller(till))
    qtbot.waitUntil(lambda: sandbox.order(placed)["status"] == "accepted", timeout=8000)
    qtbot.waitUntil(lambda: {o.hubrise_id for o in web.list_orders()} == {placed, second}, timeout=8000)


LOCKER = textwrap.dedent("""
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    print("verrouillé", flush=True)
    sys.stdin.readline()
    conn.execute("ROLLBACK")
""")


def test_database_locked_by_another_process_says_so_then_works(qtbot, till):
    path = till.db.conn.execute("PRAGMA database_list").fetchone()[2]
    locker = subprocess.Popen([sys.executable, "-c", LOCKER, path], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    try:
        assert locker.stdout.readline().strip() == "verrouillé"
        before = tickets(till)
        with pytest.raises(StoreError, match="occupée par un autre programme"):
            till.services.till.close_ticket(sale(till), seller(till))  # after SQLite's 5 s busy wait
    finally:
        locker.stdin.write("\n")
        locker.stdin.flush()
        locker.wait(timeout=10)
    assert tickets(till) == before
    till.services.till.close_ticket(sale(till), seller(till))
    assert tickets(till) == before + 1 and till.services.till.verify_journal().ok
