"""Closures and Tickets at 100,000 tickets (pytest -m benchmark tests/benchmarks/test_closures_bench.py -s).

The shop: 99,500 tickets of earlier days (bulk-written rows, two lines and one payment each, covered by earlier
closures) and 500 tickets today. Measured: Lecture X of the day, Clôture Z (count, signed record, JET events),
the Tickets screen opened (its newest 200) and each search (seller, article, amount, day, number), each next to
its target. Every timing checks the work was done.
"""
from __future__ import annotations

import time
from datetime import datetime, timedelta

import pytest

from kezia_desk.domain.closure import ClosureKind
from kezia_desk.domain.journal import GENESIS_HASH
from kezia_desk.domain.shop_time import shop_now
from kezia_desk.services.closures import ClosureService
from kezia_desk.services.sellers import SellerService
from kezia_desk.services.settings import SettingsService
from kezia_desk.services.ticket_history import TicketHistoryService, TicketSearch
from kezia_desk.services.till import TillService
from kezia_desk.store.closures import ClosureStore
from kezia_desk.store.database import open_database, transaction
from kezia_desk.store.demo_seed import seed_demo_data

pytestmark = [pytest.mark.benchmark, pytest.mark.timeout(1800)]
TOTAL, TODAY = 100_000, 500
SELLERS = ("Karim", "Léa", "Thomas")
ARTICLES = (("Margherita Grande", 1003, 1300, "10"), ("Coca-Cola 33 cl", 2001, 250, "5.5"),
            ("Tiramisu", 3001, 550, "10"), ("Bière pression", 2101, 450, "20"))


def bulk_tickets(db, first: int, count: int, start: datetime, step: timedelta) -> None:
    """Ticket rows as the journal writes them (unsigned: the signature is not what is measured here)."""
    tickets, lines, payments = [], [], []
    for offset in range(count):
        number = first + offset
        a, b = ARTICLES[number % 4], ARTICLES[(number + 1) % 4]
        total = a[2] + b[2]
        at = (start + step * offset).isoformat()
        tickets.append((number, at, 1 + number % 3, SELLERS[number % 3], total, 0, "EUR", None, GENESIS_HASH,
                        f"{number:064x}", "vente"))
        lines += [(number, 0, a[0], a[1], a[2], "1", a[3], ""), (number, 1, b[0], b[1], b[2], "1", b[3], "")]
        payments.append((number, 0, "carte" if number % 2 else "especes", total, ""))
    with transaction(db) as conn:
        conn.executemany("INSERT INTO tickets (number, closed_at, seller_id, seller_name, total_cents, change_cents,"
                         " currency, web_order_id, previous_hash, entry_hash, kind) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                         tickets)
        conn.executemany("INSERT INTO ticket_lines (ticket_number, position, label, idart, unit_price_cents,"
                         " quantity, vat_rate, note) VALUES (?,?,?,?,?,?,?,?)", lines)
        conn.executemany("INSERT INTO ticket_payments (ticket_number, position, method, amount_cents, label)"
                         " VALUES (?,?,?,?,?)", payments)


def best_ms(action, check, runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        best = min(best, (time.perf_counter() - started) * 1000)
        assert check(result)
    return best


def test_x_z_and_tickets_at_100000_tickets(tmp_path, qtbot):
    db = open_database(tmp_path)
    seed_demo_data(db)
    now = shop_now()
    earlier = TOTAL - TODAY
    start = (now - timedelta(days=200)).replace(hour=11, minute=0)
    bulk_tickets(db, 1, earlier, start, timedelta(days=199) / earlier)
    moment = [now - timedelta(days=1)]
    till = TillService(db, lambda: moment[0])
    closures = ClosureService(db, SettingsService(db), till, lambda: moment[0])
    manager = SellerService(db).list_sellers()[0]
    closures.close_day(manager, counted_cents=0)  # a Z for each earlier day, with its months (set-up, not measured)
    today_start = now.replace(hour=11, minute=0, second=0, microsecond=0)
    bulk_tickets(db, earlier + 1, TODAY, min(today_start, now - timedelta(hours=1)), timedelta(seconds=5))
    moment[0] = now
    x_ms = best_ms(closures.reading_x, lambda r: r.figures.ticket_count == TODAY)
    started = time.perf_counter()
    z = closures.close_day(manager, counted_cents=12345)
    z_ms = (time.perf_counter() - started) * 1000
    assert z.figures.ticket_count == TODAY and z.figures.last_ticket == TOTAL
    assert ClosureStore(db).latest(ClosureKind.DAY).period == now.date().isoformat()
    print(f"\nFIGURE Lecture X (500 tickets of the day, 100,000 in all) | {x_ms:.1f} ms | target 150 ms")
    print(f"FIGURE Clôture Z (500 tickets, count, signed records, JET) | {z_ms:.1f} ms | target 300 ms")

    from kezia_desk.ui.tickets.tickets_screen import TicketsScreen

    history = TicketHistoryService(db, till)
    screen = TicketsScreen(history, till.fiscal_block, lambda pin: manager)
    qtbot.addWidget(screen)
    screen.resize(1024, 700)
    screen.show()
    figures = {"ouverture (200 plus récents)": best_ms(lambda: screen.search() or screen.table.rowCount(),
                                                       lambda rows: rows == 200)}
    for name, field, text, expect in (("vendeur", "seller_edit", "Léa", 200), ("article", "article_edit", "Tiramisu",
                                                                             200),
                                      ("montant", "amount_edit", "15,50", 200),
                                      ("jour", "day_edit", now.strftime("%d/%m/%Y"), 200),
                                      ("numéro", "number_edit", "54321", 1)):
        screen.clear_search()
        getattr(screen, field).setText(text)
        figures[name] = best_ms(lambda: screen.search() or screen.table.rowCount(), lambda rows, e=expect: rows == e)
    for name, ms in figures.items():
        print(f"FIGURE Tickets : {name} | {ms:.1f} ms | target 150 ms")
    direct = best_ms(lambda: history.search(TicketSearch(seller="Léa")), lambda found: len(found) == 200)
    print(f"FIGURE Tickets : recherche vendeur sans l'écran (service seul) | {direct:.1f} ms")
    db.conn.close()
