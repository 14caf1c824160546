"""Closures over the real journal: X changes nothing, Z covers every record up to its moment and only once, a
forgotten day is closed with its own date while selling goes on, perpetual totals chain over days with a refund,
the first Z of a month makes the previous month's closure, and counts are corrected by new linked counts."""
from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from kezia_desk.domain.closure import ClosureKind
from kezia_desk.domain.money import Money
from kezia_desk.domain.shop_time import SHOP_TIMEZONE
from kezia_desk.domain.ticket import PaymentMethod, TicketDraft, TicketError
from kezia_desk.services.closures import ClosureError, ClosureService
from kezia_desk.services.sellers import SellerService
from kezia_desk.services.settings import SettingsService
from kezia_desk.services.ticket_history import TicketHistoryService
from kezia_desk.services.till import TillService
from kezia_desk.store.database import open_database
from kezia_desk.store.demo_seed import seed_demo_data


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def shop(tmp_path):
    db = open_database(tmp_path)
    seed_demo_data(db)
    clock = Clock(datetime(2026, 11, 29, 9, 0, tzinfo=SHOP_TIMEZONE))
    sellers = SellerService(db).list_sellers()
    from kezia_desk.services.catalog import CatalogService

    till = TillService(db, clock)
    yield type("Shop", (), dict(db=db, clock=clock, till=till, catalog=CatalogService(db),
                                closures=ClosureService(db, SettingsService(db), till, clock),
                                history=TicketHistoryService(db, till, clock), manager=sellers[0], seller=sellers[1]))
    db.conn.close()


def sell(shop, idart: int, method=PaymentMethod.CASH, quantity=1, hours=0):
    shop.clock.moment += timedelta(hours=hours, minutes=1)
    draft = TicketDraft()
    draft.add_article(shop.catalog.get(idart), Decimal(quantity))
    draft.add_payment(method)
    return shop.till.close_ticket(draft, shop.seller)


def next_morning(shop):
    moment = shop.clock.moment + timedelta(days=1)
    shop.clock.moment = moment.replace(hour=9, minute=0)


def test_x_changes_nothing_and_z_equals_the_tickets(shop):
    shop.closures.set_float(shop.seller, 15000)
    sold = [sell(shop, 1003), sell(shop, 2001, PaymentMethod.CARD, 3), sell(shop, 1012)]
    x = shop.closures.reading_x()
    assert shop.closures.closures() == [] and x.figures.ticket_count == 3
    assert x.figures.grand_total == sum(t.total.cents for t in sold)
    z = shop.closures.close_day(shop.manager, counted_cents=15000 + 2500 + 100)
    assert {**z.figures.to_dict(), "end": ""} == {**x.figures.to_dict(), "end": ""}, "X said what Z stores"
    assert z.figures.by_payment == {"carte": sold[1].total.cents, "especes": sold[0].total.cents
                                    + sold[2].total.cents}
    assert sum(v.ttc for v in z.figures.by_vat.values()) == z.figures.grand_total
    assert z.expected_cash_cents == 15000 + 2500 and z.difference_cents == 100
    assert shop.closures.reading_x().figures.ticket_count == 0, "later sales belong to the next period"


def test_a_second_z_of_the_same_day_is_refused(shop):
    sell(shop, 1003)
    first = shop.closures.close_day(shop.manager)
    with pytest.raises(ClosureError, match="déjà faite"):
        shop.closures.close_day(shop.manager)
    assert [c.number for c in shop.closures.closures()] == [first.number]


def test_an_empty_day_still_gets_its_z(shop):
    z = shop.closures.close_day(shop.manager)
    assert z.figures.ticket_count == 0 and z.figures.grand_total == 0 and z.period == "2026-11-29"


def test_a_forgotten_day_is_closed_with_its_own_date_while_selling_goes_on(shop):
    yesterday = sell(shop, 1003)
    next_morning(shop)
    today = sell(shop, 2001)  # selling is never blocked by the missing Z
    assert shop.closures.pending_days() == [yesterday.closed_at.date()]
    z = shop.closures.close_day(shop.manager, day=yesterday.closed_at.date())
    assert z.period == "2026-11-29" and (z.figures.first_ticket, z.figures.last_ticket) == (1, 1)
    assert z.figures.end.startswith("2026-11-29T23:59:59")
    assert shop.closures.pending_days() == []
    assert shop.closures.reading_x().figures.last_ticket == today.number


def test_todays_z_closes_forgotten_days_first_each_with_its_own_date(shop):
    sell(shop, 1003)
    next_morning(shop)
    sell(shop, 1012)
    next_morning(shop)
    sell(shop, 2001)
    shop.closures.close_day(shop.manager)
    assert [(c.period, c.figures.ticket_count) for c in shop.closures.closures(ClosureKind.DAY)] == [
        ("2026-11-29", 1), ("2026-11-30", 1), ("2026-12-01", 1)]
    months = shop.closures.closures(ClosureKind.MONTH)
    assert [(m.period, m.figures.ticket_count) for m in months] == [("2026-11", 2)], "the first Z of December"


def test_perpetual_totals_chain_over_three_days_with_a_refund(shop):
    first = sell(shop, 1003)  # 13,00
    shop.closures.close_day(shop.manager)
    next_morning(shop)
    shop.history.refund(first.number, {0: Decimal(1)}, PaymentMethod.CASH, shop.manager)
    sell(shop, 2001)  # 2,50
    shop.closures.close_day(shop.manager)
    next_morning(shop)
    shop.closures.close_day(shop.manager)
    days = shop.closures.closures(ClosureKind.DAY)
    assert [d.figures.grand_total for d in days] == [1300, -1050, 0]
    assert [d.figures.perpetual_total for d in days] == [1300, 250, 250]
    assert [d.figures.perpetual_absolute for d in days] == [1300, 2850, 2850]
    assert days[1].figures.refund_count == 1 and days[1].figures.refund_cents == 1300
    assert shop.history.get(first.number) == first, "the original is never changed"
    assert shop.till.verify_journal().ok


def test_refunds_never_exceed_what_was_sold(shop):
    sale = sell(shop, 2001, quantity=2)
    shop.history.refund(sale.number, {0: Decimal(1)}, PaymentMethod.CARD, shop.manager)
    with pytest.raises(TicketError, match="au plus 1"):
        shop.history.refund(sale.number, {0: Decimal(2)}, PaymentMethod.CARD, shop.manager)
    with pytest.raises(TicketError, match="gérant"):
        shop.history.refund(sale.number, {0: Decimal(1)}, PaymentMethod.CARD, shop.seller)
    refund = shop.history.refunds_of(sale.number)[0]
    assert refund.refund_of == sale.number and refund.total == Money.of("-2.50")
    assert [p.amount for p in refund.payments] == [Money.of("-2.50")]


def test_a_typo_in_the_count_is_corrected_by_a_linked_count(shop):
    sell(shop, 1003)
    z = shop.closures.close_day(shop.manager, counted_cents=13000)
    correction = shop.closures.correct_count(z.number, shop.manager, 1300)
    counts = shop.closures.counts_of(z.number)
    assert [c.cents for c in counts] == [13000, 1300] and correction.corrects == counts[0].id
    assert shop.closures.get(z.number).counted_cash_cents == 13000, "the Z itself is never edited"
    with pytest.raises(Exception, match="inaltérable"):
        shop.db.execute("UPDATE cash_counts SET cents = 1 WHERE id = ?", [counts[0].id])


def test_the_months_closure_from_the_screen_waits_for_its_days(shop):
    sell(shop, 1003)  # 29/11, no Z yet
    shop.clock.moment = shop.clock.moment.replace(day=1, month=12, hour=9)
    with pytest.raises(ClosureError, match="Faites d'abord la clôture Z des journées : 29/11/2026"):
        shop.closures.close_finished_periods(shop.manager)
    shop.closures.close_day(shop.manager, day=datetime(2026, 11, 29).date())
    [month] = shop.closures.close_finished_periods(shop.manager)
    assert (month.kind, month.period, month.figures.grand_total) == (ClosureKind.MONTH, "2026-11", 1300)
    with pytest.raises(ClosureError, match="Aucun mois terminé"):
        shop.closures.close_finished_periods(shop.manager)


def test_the_fiscal_years_first_month_changes_with_its_jet_and_never_closes_a_day_twice(shop):
    """Paramètres > Exercice fiscal: the setting and its JET 270 together; after the change, the next annual closure
    covers the days after the last one (Jan–Jun 2027 here), never the days of the year already closed."""
    from kezia_desk.domain.fiscal import Jet
    from kezia_desk.store.closure_verify import verify_closures

    def z_on(day, month, year):
        shop.clock.moment = datetime(year, month, day, 9, 0, tzinfo=SHOP_TIMEZONE)
        sell(shop, 1003)
        return shop.closures.close_day(shop.manager)

    z_on(29, 11, 2026), z_on(15, 12, 2026), z_on(5, 1, 2027)
    [year_2026] = shop.closures.closures(ClosureKind.YEAR)
    assert (year_2026.period, year_2026.figures.grand_total) == ("2026", 2 * 1300)
    with pytest.raises(ClosureError, match="Seul un gérant"):
        shop.closures.set_fiscal_year_first_month(7, shop.seller)
    with pytest.raises(ClosureError, match="de janvier à décembre"):
        shop.closures.set_fiscal_year_first_month(13, shop.manager)
    assert shop.closures.set_fiscal_year_first_month(7, shop.manager) is True
    assert shop.closures.set_fiscal_year_first_month(7, shop.manager) is False, "the same month: nothing recorded"
    [event] = shop.till.events.entries(code=int(Jet.FISCAL_SETTINGS))
    assert (event.by, event.detail) == (shop.manager.name, "premier mois de l'exercice : janvier → juillet")
    assert shop.closures.fiscal_year_first_month() == 7
    z_on(1, 3, 2027)
    assert len(shop.closures.closures(ClosureKind.YEAR)) == 1, "the fiscal year 2026-07 is not over"
    z_on(2, 7, 2027)
    years = shop.closures.closures(ClosureKind.YEAR)
    assert [y.period for y in years] == ["2026", "2026-07"]
    assert years[1].figures.grand_total == 2 * 1300, "5 January and 1 March 2027 only: 2026 is not counted again"
    assert years[1].figures.perpetual_total == 4 * 1300, "the ticket of 2 July belongs to the year in progress"
    assert verify_closures(shop.db)[1] is None
