"""Closure figures from tickets: exact cents by VAT rate, payment method, seller, channel; refunds, cancelled
tickets, discounts, deposits; period and perpetual totals (signed and absolute) chained day after day."""
from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from kezia_desk.domain.closure import (
    ClosureFigures,
    DepositRecord,
    check_figures,
    combine_figures,
    compute_figures,
)
from kezia_desk.domain.money import Money
from kezia_desk.domain.shop_time import SHOP_TIMEZONE
from kezia_desk.domain.ticket import ClosedTicket, Payment, PaymentMethod, TicketLine

DAY1 = datetime(2026, 12, 1, tzinfo=SHOP_TIMEZONE)


def ticket(number, lines, payments, *, day=DAY1, seller="Karim", change="0", cancelled=False, refund_of=None,
           web=None):
    ticket_lines = tuple(TicketLine(label, Money.of(price), Decimal(qty), Decimal(rate)) for label, price, qty, rate
                         in lines)
    total = sum((line.total for line in ticket_lines), Money.zero())
    return ClosedTicket(number, day + timedelta(hours=10, minutes=number), 1, seller, ticket_lines,
                        tuple(Payment(method, Money.of(amount)) for method, amount in payments), total,
                        Money.of(change), web, cancelled=cancelled, refund_of=refund_of)


def day_tickets():
    return [
        ticket(1, [("Regina", "12.00", 2, "10"), ("Coca", "2.50", 1, "5.5")], [(PaymentMethod.CASH, "30.00")],
               change="3.50"),
        ticket(2, [("Bière", "4.00", 1, "20"), ("Remise", "-1.00", 1, "20")], [(PaymentMethod.CARD, "3.00")],
               seller="Léa"),
        ticket(3, [("Regina", "12.00", 1, "10")], [(PaymentMethod.ONLINE, "7.00"), (PaymentMethod.DEPOSIT, "5.00")],
               web="web-1"),
        ticket(4, [("Regina", "12.00", 1, "10")], [(PaymentMethod.CASH, "1.00")], cancelled=True),
        ticket(5, [("Coca", "2.50", -1, "5.5")], [(PaymentMethod.CASH, "-2.50")], refund_of=1),
    ]


def channel(t):
    return "Uber Eats" if t.web_order_id else "Caisse"


def test_a_day_adds_up_by_rate_payment_seller_and_channel():
    deposits = [DepositRecord(1, DAY1, "C-000001", PaymentMethod.CASH, 500, "Karim"),
                DepositRecord(2, DAY1, "C-000002", PaymentMethod.CARD, 1000, "Léa")]
    figures = compute_figures(DAY1, DAY1 + timedelta(days=1), day_tickets(), deposits, channel_of=channel)
    assert (figures.first_ticket, figures.last_ticket, figures.ticket_count, figures.sales_count) == (1, 5, 4, 3)
    assert (figures.cancelled_count, figures.cancelled_cents) == (1, 1200)
    assert (figures.refund_count, figures.refund_cents) == (1, 250)
    assert {rate: (t.ht, t.vat, t.ttc) for rate, t in figures.by_vat.items()} == {
        "5.5": (0, 0, 0), "10": (3273, 327, 3600), "20": (250, 50, 300)}
    vat_ttc = sum(t.ttc for t in figures.by_vat.values())
    assert vat_ttc == figures.grand_total == 2650 + 300 + 1200 - 250
    assert figures.by_payment == {"acompte": 500, "carte": 300, "en_ligne": 700, "especes": 3000 - 350 - 250}
    assert sum(figures.by_payment.values()) == figures.grand_total, "payments net of change = what was sold"
    assert figures.by_seller == {"Karim": 2650 + 1200 - 250, "Léa": 300}
    assert figures.by_channel == {"Caisse": 2650 + 300 - 250, "Uber Eats": 1200}
    assert figures.discount_cents == 100
    assert figures.deposits_taken == {"carte": 1000, "especes": 500} and figures.deposits_used_cents == 500
    assert figures.cash_cents() == 2400 + 500
    assert figures.perpetual_total == 3900 and figures.perpetual_absolute == 3900 + 2 * 250


def test_perpetual_totals_chain_over_three_days_with_a_refund():
    day1 = compute_figures(DAY1, DAY1 + timedelta(days=1), [ticket(1, [("A", "10.00", 1, "10")],
                                                                   [(PaymentMethod.CASH, "10.00")])])
    d2 = DAY1 + timedelta(days=1)
    day2 = compute_figures(d2, d2 + timedelta(days=1), [
        ticket(2, [("A", "10.00", -1, "10")], [(PaymentMethod.CARD, "-10.00")], day=d2, refund_of=1),
        ticket(3, [("B", "4.00", 1, "20")], [(PaymentMethod.CARD, "4.00")], day=d2)], previous=day1)
    d3 = d2 + timedelta(days=1)
    day3 = compute_figures(d3, d3 + timedelta(days=1), [], previous=day2)
    assert [d.grand_total for d in (day1, day2, day3)] == [1000, -600, 0]
    assert [d.perpetual_total for d in (day1, day2, day3)] == [1000, 400, 400]
    assert [d.perpetual_absolute for d in (day1, day2, day3)] == [1000, 2400, 2400]
    assert day3.ticket_count == 0 and day3.first_ticket is None, "an empty day still has its figures"
    month = combine_figures(DAY1, d3 + timedelta(days=1), [day1, day2, day3])
    assert (month.grand_total, month.perpetual_total, month.perpetual_absolute) == (400, 400, 2400)
    assert (month.first_ticket, month.last_ticket, month.refund_count, month.refund_cents) == (1, 3, 1, 1000)
    assert month.by_payment == {"carte": -600, "especes": 1000}
    assert {r: t.ttc for r, t in month.by_vat.items()} == {"10": 0, "20": 400}


def test_figures_survive_storage_and_a_changed_total_is_named():
    figures = compute_figures(DAY1, DAY1 + timedelta(days=1), day_tickets(), channel_of=channel)
    stored = ClosureFigures.from_dict(figures.to_dict())
    assert stored == figures and check_figures(stored, figures) == []
    tampered = ClosureFigures.from_dict({**figures.to_dict(), "grand_total": figures.grand_total - 100})
    assert check_figures(tampered, figures) == ["grand total de la période"]
