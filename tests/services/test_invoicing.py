"""Facturer as one use case: what the journal, the order and the send queue hold after (or instead of) a sale."""
from decimal import Decimal

import pytest
from kd_fixtures.shop import build_shop, count, item, place

from kezia_desk.domain.money import Money
from kezia_desk.domain.order import OrderStatus
from kezia_desk.domain.ticket import PaymentMethod, TicketError
from kezia_desk.domain.vat import vat_breakdown
from kezia_desk.services.order_actions import OrderActionError
from kezia_desk.services.preferences import AFTER_INVOICE_SETTING, UNKNOWN_VAT_SETTING
from kezia_desk.store.journal import JournalRepository
from kezia_desk.store.orders import OrderStore

E = Money.of
ONLINE_5 = [{"name": "CB en ligne", "ref": "CB", "type": "online", "amount": "5.00 EUR"}]


def journal_view(shop, number):
    """What the journal holds for a ticket: lines, VAT breakdown, payments."""
    ticket = shop.till.get_ticket(number)
    lines = [(line.label, line.total.amount, line.vat_rate, line.note) for line in ticket.lines]
    vat = [(v.rate, v.ttc.amount, v.ht.amount, v.vat.amount)
           for v in vat_breakdown((line.vat_rate, line.total) for line in ticket.lines)]
    payments = [(p.method, p.amount.amount, p.display_label) for p in ticket.payments]
    return ticket, lines, vat, payments


def pay(shop, local_id, method=PaymentMethod.CARD, amount=None):
    draft = shop.invoicing.prepare(local_id)
    draft.add_payment(method, amount)
    return draft, shop.invoicing.invoice(local_id, draft, shop.seller)


def test_pizza_drink_dessert_paid_5_online_is_journaled_at_full_price_with_the_articles_vat(shop):
    local_id = place(shop, [item("Regina", "1012", "12.00"), item("Coca-Cola", "2001", "2.50"),
                            item("Tiramisu", "3001", "4.50")], payments=ONLINE_5)
    draft, closed = pay(shop, local_id)
    ticket, lines, vat, payments = journal_view(shop, closed.number)
    assert ticket.total == E("19.00")  # never 14 € with a negative line
    assert all(total > 0 for _, total, _, _ in lines)
    assert vat == [(Decimal("5.5"), Decimal("2.50"), Decimal("2.37"), Decimal("0.13")),
                   (Decimal("10"), Decimal("16.50"), Decimal("15.00"), Decimal("1.50"))]
    assert payments == [(PaymentMethod.ONLINE, Decimal("5.00"), "Payé en ligne (CB en ligne)"),
                        (PaymentMethod.CARD, Decimal("14.00"), "Carte bancaire")]
    order = shop.web_orders.get_order(local_id)
    assert order.is_paid and order.paid_at_till == E("14.00")
    assert order.status is OrderStatus.RECEIVED  # « Après facturation » = inchangé by default
    rows = [row for row in shop.outbox.for_order(local_id) if row["kind"] == "payment"]
    assert [r["payload"]["payments"] for r in rows] == [[{"name": "Encaissé en caisse", "ref": "ticket-1",
                                                          "private_ref": "ticket-1", "amount": "14.00 EUR"}]]
    assert shop.till.verify_journal().ok


def test_a_10_percent_coupon_is_spread_over_the_vat_rates_to_the_cent(shop):
    local_id = place(shop, [item("Regina", "1013", "14.50", options=[
        {"option_list_name": "Suppléments", "name": "Supplément olives", "ref": "4004", "price": "0.75 EUR"}]),
        item("Coca-Cola", "2001", "2.50"), item("Tiramisu", "3001", "4.50")],
        discounts=[{"name": "Coupon 10 %", "price_off": "2.23 EUR"}])
    _, closed = pay(shop, local_id, PaymentMethod.CASH, E("20.02"))
    _, lines, vat, _ = journal_view(shop, closed.number)
    # 2,23 € pro rata: 1,4533 + 0,0751 + 0,2505 + 0,4510 → 1,45 + 0,07 + 0,25 + 0,45 = 2,22; the cent left goes
    # to the largest line (the pizza): 10 % carries 1,98 €, 5,5 % carries 0,25 €.
    assert [(label, total, rate) for label, total, rate, note in lines if note == "remise"] == [
        ("Remise Coupon 10 % (TVA 10 %)", Decimal("-1.98"), Decimal("10")),
        ("Remise Coupon 10 % (TVA 5,5 %)", Decimal("-0.25"), Decimal("5.5"))]
    assert closed.total == E("20.02")
    assert vat == [(Decimal("5.5"), Decimal("2.25"), Decimal("2.13"), Decimal("0.12")),
                   (Decimal("10"), Decimal("17.77"), Decimal("16.15"), Decimal("1.62"))]


def test_a_delivery_fee_takes_the_vat_of_the_fee_article(shop):
    local_id = place(shop, [item("Regina", "1012", "12.00"), item("Bière", "2004", "3.50")],
                     service_type="delivery", charges=[{"name": "Frais de livraison", "ref": "9001",
                                                        "price": "2.50 EUR", "tax_rate": "20"}])
    _, closed = pay(shop, local_id)
    _, lines, vat, _ = journal_view(shop, closed.number)
    assert ("FRAIS DE PORT TTC", Decimal("2.50"), Decimal("10"), "frais") in lines
    assert vat == [(Decimal("10"), Decimal("14.50"), Decimal("13.18"), Decimal("1.32")),
                   (Decimal("20"), Decimal("3.50"), Decimal("2.92"), Decimal("0.58"))]


def test_an_unknown_line_takes_the_managers_rate_and_is_flagged_a_mapped_one_its_articles(shop):
    local_id = place(shop, [item("Pizza XL", "PIZZA-XL", "16.00", tax_rate="20"), item("Soda", "S-1", "2.00")])
    draft = shop.invoicing.prepare(local_id)
    assert [(line.vat_rate, line.note) for line in draft.lines] == [
        (Decimal("10"), "article inconnu, TVA 10 %"), (Decimal("10"), "article inconnu, TVA 10 %")]
    shop.settings.set(UNKNOWN_VAT_SETTING, "5.5")
    shop.actions.map_item(local_id, 1, 2001)  # the soda is the till's Coca-Cola (5,5 %)
    draft = shop.invoicing.prepare(local_id)
    assert [(line.vat_rate, line.note) for line in draft.lines] == [
        (Decimal("5.5"), "article inconnu, TVA 5,5 %"), (Decimal("5.5"), "")]


def test_after_invoice_terminee_moves_the_order_and_queues_the_status_after_the_payment(shop):
    shop.settings.set(AFTER_INVOICE_SETTING, "completed")
    local_id = place(shop, [item("Regina", "1012", "12.00")])
    pay(shop, local_id)
    assert shop.web_orders.get_order(local_id).status is OrderStatus.COMPLETED
    kinds = [(row["kind"], row["payload"].get("status")) for row in shop.outbox.for_order(local_id)]
    assert kinds == [("status", "received"), ("payment", None), ("status", "completed")]


def test_invoicing_twice_records_one_sale(shop):
    local_id = place(shop, [item("Regina", "1012", "12.00")])
    draft, _ = pay(shop, local_id)
    with pytest.raises(TicketError, match="déjà enregistré"):
        shop.invoicing.invoice(local_id, draft, shop.seller)  # Valider twice: the same draft
    with pytest.raises(OrderActionError, match="déjà facturée"):
        shop.invoicing.prepare(local_id)  # Facturer again
    other = shop.web_orders.get_order(local_id)
    assert other.is_paid
    assert count(shop, "tickets") == 1 and len([r for r in shop.outbox.for_order(local_id)
                                                 if r["kind"] == "payment"]) == 1


STEPS = [(JournalRepository, "append"), (OrderStore, "mark_invoiced"), (OrderStore, "queue"),
         (OrderStore, "add_history"), (OrderStore, "change_status")]


@pytest.mark.parametrize("cls, name", STEPS, ids=[name for _, name in STEPS])
def test_a_failure_after_any_step_leaves_nothing_partial(shop, monkeypatch, cls, name):
    shop.settings.set(AFTER_INVOICE_SETTING, "completed")  # so that every step runs
    local_id = place(shop, [item("Regina", "1012", "12.00")], payments=ONLINE_5)
    before = (count(shop, "tickets"), count(shop, "ticket_lines"), count(shop, "ticket_payments"),
              count(shop, "journal_anchor"), count(shop, "outbox"), count(shop, "order_history"))
    real = getattr(cls, name)

    def crash_after(self, *args, **kwargs):
        real(self, *args, **kwargs)
        raise RuntimeError(f"panne simulée après {name}")

    monkeypatch.setattr(cls, name, crash_after)
    draft = shop.invoicing.prepare(local_id)
    draft.add_payment(PaymentMethod.CARD)
    with pytest.raises(RuntimeError, match="panne simulée"):
        shop.invoicing.invoice(local_id, draft, shop.seller)
    after = (count(shop, "tickets"), count(shop, "ticket_lines"), count(shop, "ticket_payments"),
             count(shop, "journal_anchor"), count(shop, "outbox"), count(shop, "order_history"))
    assert after == before
    order = shop.web_orders.get_order(local_id)
    assert not order.is_paid and order.status is OrderStatus.RECEIVED and draft.recorded_as is None
    assert shop.store.invoice_ticket(local_id) is None
    monkeypatch.undo()
    closed = shop.invoicing.invoice(local_id, draft, shop.seller)  # the cashier taps again: it goes through
    assert closed.number == 1 and shop.web_orders.get_order(local_id).is_paid


def test_start_up_completes_a_sale_whose_order_was_not_updated_and_never_sells_it_again(shop, tmp_path):
    """What a crash between the two commits of older versions left: a journaled sale, an unpaid order."""
    local_id = place(shop, [item("Regina", "1012", "12.00")], payments=ONLINE_5)
    draft = shop.invoicing.prepare(local_id)
    draft.add_payment(PaymentMethod.CASH, E("10"))
    shop.till.close_ticket(draft, shop.seller)  # the first commit only
    assert not shop.web_orders.get_order(local_id).is_paid
    shop.db.conn.close()
    restarted = build_shop(tmp_path)  # build_services reconciles at start, as the till does
    try:
        order = restarted.web_orders.get_order(local_id)
        assert order.is_paid and order.paid_at_till == E("7.00")
        assert restarted.store.invoice_ticket(local_id) == 1
        payment = [r["payload"] for r in restarted.outbox.for_order(local_id) if r["kind"] == "payment"]
        assert payment == [{"payments": [{"name": "Encaissé en caisse", "ref": "ticket-1", "private_ref": "ticket-1",
                                          "amount": "7.00 EUR"}]}]
        assert restarted.invoicing.reconcile() == []
        with pytest.raises(OrderActionError, match="déjà facturée"):
            restarted.invoicing.prepare(local_id)
        assert count(restarted, "tickets") == 1
    finally:
        restarted.db.conn.close()
    shop.db = restarted.db  # the fixture closes it again harmlessly


def test_the_till_completes_a_half_done_invoice_when_it_starts(make_app, tmp_path):
    """The same repair through the composition root: build_app reconciles before the first screen."""
    data_dir = tmp_path / "data"
    shop = build_shop(data_dir)
    local_id = place(shop, [item("Regina", "1012", "12.00")])
    draft = shop.invoicing.prepare(local_id)
    draft.add_payment(PaymentMethod.CARD)
    shop.till.close_ticket(draft, shop.seller)  # the ticket only, as an older version's crash left it
    shop.db.conn.close()
    kezia = make_app(data_dir=data_dir, start=False)
    order = kezia.services.web_orders.get_order(local_id)
    assert order.is_paid and [t.number for t in kezia.services.till.list_tickets()] == [1]
    assert kezia.services.web_orders.outbox.for_order(local_id)[-1]["kind"] == "payment"
