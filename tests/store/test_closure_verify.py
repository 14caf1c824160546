"""verify-journal checks the closures: each one against its signed record, its figures against its tickets, and
the perpetual totals from one closure to the next; a changed closure total is named."""
from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from kezia_desk.__main__ import main
from kezia_desk.domain.closure import ClosureKind, compute_figures
from kezia_desk.domain.shop_time import SHOP_TIMEZONE
from kezia_desk.domain.ticket import PaymentMethod, TicketDraft
from kezia_desk.services.catalog import CatalogService
from kezia_desk.services.closures import ClosureService
from kezia_desk.services.sellers import SellerService
from kezia_desk.services.settings import SettingsService
from kezia_desk.services.ticket_history import TicketHistoryService
from kezia_desk.services.till import TillService
from kezia_desk.store.closure_verify import verify_closures
from kezia_desk.store.closures import ClosureStore
from kezia_desk.store.database import DATABASE_FILENAME, open_database
from kezia_desk.store.demo_seed import seed_demo_data


def three_days(data_dir):
    db = open_database(data_dir)
    seed_demo_data(db)
    moment = [datetime(2026, 11, 30, 10, 0, tzinfo=SHOP_TIMEZONE)]
    clock = lambda: moment[0]  # noqa: E731
    till = TillService(db, clock)
    closures = ClosureService(db, SettingsService(db), till, clock)
    history = TicketHistoryService(db, till, clock)
    catalog = CatalogService(db)
    manager, seller = SellerService(db).list_sellers()[:2]
    first = None
    for day in range(3):
        for idart in (1003, 2001):
            moment[0] += timedelta(minutes=5)
            draft = TicketDraft()
            draft.add_article(catalog.get(idart))
            draft.add_payment(PaymentMethod.CARD)
            first = first or till.close_ticket(draft, seller)
        if day == 1:
            history.refund(first.number, {0: Decimal(1)}, PaymentMethod.CARD, manager)
        closures.close_day(manager, counted_cents=0)
        moment[0] += timedelta(days=1)
    db.conn.close()


@pytest.fixture
def shop_dir(tmp_path):
    three_days(tmp_path)
    return tmp_path


def test_three_days_of_closures_verify(shop_dir, capsys):
    assert main(["verify-journal", "--data-dir", str(shop_dir)]) == 0
    db = open_database(shop_dir)
    assert verify_closures(db) == (4, None), "three Z and the monthly closure of November"
    assert [c.kind for c in ClosureStore(db).closures()].count(ClosureKind.MONTH) == 1
    db.conn.close()


def test_a_changed_closure_total_is_named(shop_dir, capsys):
    conn = sqlite3.connect(shop_dir / DATABASE_FILENAME)
    conn.execute("DROP TRIGGER closures_no_update")
    conn.execute("UPDATE closures SET figures = json_set(figures, '$.grand_total', 1) WHERE number = 2")
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert main(["verify-journal", "--data-dir", str(shop_dir)]) == 1
    assert "ALTÉRÉ : clôture n° 2 (Z du 01/12/2026) : modifiée après signature" in capsys.readouterr().out


def test_a_closure_whose_totals_are_not_its_tickets_is_named(tmp_path):
    """A closure stored with wrong figures (a bug, or an unsigned database): recomputing from its tickets names
    the closure and the figures that differ."""
    db = open_database(tmp_path)
    seed_demo_data(db)
    till = TillService(db)
    draft = TicketDraft()
    draft.add_article(CatalogService(db).get(1003))
    draft.add_payment(PaymentMethod.CASH)
    ticket = till.close_ticket(draft, SellerService(db).list_sellers()[1])
    start = ticket.closed_at - timedelta(hours=1)
    right = compute_figures(start, ticket.closed_at, [ticket])
    store = ClosureStore(db)  # no signing: the figures check alone
    store.append(ClosureKind.DAY, ticket.closed_at.date().isoformat(), ticket.closed_at, "Sophie", ticket.number, 0,
                 replace(right, grand_total=right.grand_total + 100, perpetual_total=right.perpetual_total + 100))
    checked, problem = verify_closures(db)
    assert problem is not None and problem.startswith("clôture n° 1 (Z du ")
    assert "grand total de la période, total perpétuel ne correspond(ent) pas à ses tickets" in problem
    db.conn.close()
