"""A shop with three days of sales, a refund on the second and a Z each evening (importable from any test
folder)."""
from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from kezia_desk.domain.shop_time import SHOP_TIMEZONE
from kezia_desk.domain.ticket import PaymentMethod, TicketDraft
from kezia_desk.services.catalog import CatalogService
from kezia_desk.services.closures import ClosureService
from kezia_desk.services.sellers import SellerService
from kezia_desk.services.settings import SettingsService
from kezia_desk.services.ticket_history import TicketHistoryService
from kezia_desk.services.till import TillService
from kezia_desk.store.database import open_database
from kezia_desk.store.demo_seed import seed_demo_data

__all__ = ["three_days"]


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
            sold = till.close_ticket(draft, seller)
            first = first or sold
        if day == 1:
            history.refund(first.number, {0: Decimal(1)}, PaymentMethod.CARD, manager)
        closures.close_day(manager, counted_cents=0)
        moment[0] += timedelta(days=1)
    db.conn.close()
