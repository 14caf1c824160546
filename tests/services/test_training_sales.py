"""Mode formation (issue 17, test 5): a training sale — at the till or by Facturer — is in no fiscal chain, no
journal row, and never reaches HubRise as a payment."""
from kd_fixtures.shop import count, item, place

from kezia_desk.domain.fiscal import FISCAL_CHAINS, Chain, Jet
from kezia_desk.domain.ticket import PaymentMethod
from kezia_desk.services.fiscal import TrainingError, TrainingMode


def test_facturer_in_training_queues_no_payment_and_leaves_the_order_unpaid(shop):
    shop.till.training = TrainingMode(shop.settings, shop.till.events)
    from kezia_desk.services.sellers import SellerService

    manager = next(s for s in SellerService(shop.db).list_sellers() if s.is_manager)
    shop.till.training.switch(True, manager)
    fiscal_before = {chain: shop.till.records.count(chain) for chain in FISCAL_CHAINS}  # after the switch
    local_id = place(shop, [item("Regina", "1012", "12.00")])
    draft = shop.invoicing.prepare(local_id)
    draft.add_payment(PaymentMethod.CARD)
    closed = shop.invoicing.invoice(local_id, draft, shop.seller)
    assert closed.training and closed.number == 1
    assert [row for row in shop.outbox.for_order(local_id) if row["kind"] == "payment"] == []
    order = shop.web_orders.get_order(local_id)
    assert not order.is_paid and shop.store.invoice_ticket(local_id) is None
    assert count(shop, "tickets") == 0
    fiscal_after = {chain: shop.till.records.count(chain) for chain in FISCAL_CHAINS}
    assert fiscal_after == fiscal_before  # no record of the sale in any fiscal chain
    assert [e.code for e in shop.till.events.entries()][:1] == [int(Jet.TRAINING_ON)]
    assert shop.till.records.count(Chain.TRAINING) == 1
    assert shop.till.verify_journal().ok


def test_only_a_manager_switches_and_the_demo_cannot_leave_training(shop):
    from kezia_desk.services.sellers import SellerService

    sellers = SellerService(shop.db).list_sellers()
    cashier = next(s for s in sellers if not s.is_manager)
    manager = next(s for s in sellers if s.is_manager)
    training = TrainingMode(shop.settings, shop.till.events)
    try:
        training.switch(True, cashier)
    except TrainingError as exc:
        assert "gérant" in str(exc)
    else:
        raise AssertionError("un vendeur a changé le mode formation")
    demo = TrainingMode(shop.settings, shop.till.events, forced=True)
    assert demo.active
    try:
        demo.switch(False, manager)
    except TrainingError as exc:
        assert "démonstration" in str(exc)
    else:
        raise AssertionError("la démonstration a quitté le mode formation")
    training.switch(True, manager)
    training.switch(False, manager)
    assert [e.code for e in shop.till.events.entries()][:2] == [int(Jet.TRAINING_OFF), int(Jet.TRAINING_ON)]


def test_a_duplicate_is_an_event_of_the_jet_with_who_asked_but_a_training_duplicate_is_not(shop):
    """Issue 20: « DUPLICATA n° N » is recorded in the technical event log (code 580, Kezia's range), in the
    transaction of its signed record; a training ticket's duplicate stays in the training chain."""
    local_id = place(shop, [item("Regina", "1012", "12.00")])
    draft = shop.invoicing.prepare(local_id)
    draft.add_payment(PaymentMethod.CARD)
    real = shop.invoicing.invoice(local_id, draft, shop.seller)
    assert [shop.till.record_reprint(real, "Karim") for _ in range(2)] == [1, 2]
    entries = shop.till.events.entries(code=int(Jet.DUPLICATE))
    assert [(e.by, e.detail) for e in entries] == [("Karim", f"ticket n° {real.number} : duplicata n° 2"),
                                                   ("Karim", f"ticket n° {real.number} : duplicata n° 1")]

    from kezia_desk.services.sellers import SellerService

    manager = next(s for s in SellerService(shop.db).list_sellers() if s.is_manager)
    shop.till.training = TrainingMode(shop.settings, shop.till.events)
    shop.till.training.switch(True, manager)
    local_id = place(shop, [item("Regina", "1012", "12.00")])
    draft = shop.invoicing.prepare(local_id)
    draft.add_payment(PaymentMethod.CARD)
    training = shop.invoicing.invoice(local_id, draft, shop.seller)
    events_before = shop.till.records.count(Chain.EVENTS)
    assert training.training and shop.till.record_reprint(training, "Karim") == 1
    assert shop.till.records.count(Chain.EVENTS) == events_before  # no JET event for a training copy
    assert len(shop.till.events.entries(code=int(Jet.DUPLICATE))) == 2
    assert shop.till.verify_journal().ok
