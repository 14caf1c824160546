"""Orders taken at the till reach HubRise once (or never, with « Aucun »), and other apps' changes come back."""
from datetime import datetime
from decimal import Decimal

import pytest

from kezia_desk.domain.money import Money
from kezia_desk.domain.order import Customer, OrderOrigin, OrderStatus, ServiceType
from kezia_desk.domain.shop_time import SHOP_TIMEZONE
from kezia_desk.domain.ticket import PaymentMethod
from kezia_desk.services.preferences import SEND_NONE, SEND_WEB_CLIENT
from kezia_desk.services.till_orders import TillOrderError, TillOrderLine


@pytest.fixture
def till(qtbot, connected, live_sandbox):
    kezia = connected()
    qtbot.waitUntil(lambda: kezia.poller.callback_registered, timeout=5000)
    return kezia


def draft_for(kezia, paid="5.00"):
    catalog = kezia.services.catalog
    draft = kezia.services.till_orders.new_draft()
    draft.customer = kezia.services.customers.save(Customer(first_name="Nadia", last_name="Benali",
                                                            phone="+33611112222", email="nadia@example.fr",
                                                            address_1="3 rue des Lilas", postal_code="69003",
                                                            city="Lyon"))
    draft.service_type = ServiceType.DELIVERY
    draft.expected_time = datetime(2030, 3, 1, 20, 15, tzinfo=SHOP_TIMEZONE)
    draft.lines = [TillOrderLine(catalog.get(1012), 2, [catalog.get(4001)]), TillOrderLine(catalog.get(2001), 1)]
    draft.notes = "Code portail 1234"
    draft.paid, draft.payment_method = Money.of(paid), PaymentMethod.CASH
    return draft


def till_orders_in(sandbox):
    return [o for o in sandbox.orders() if o.get("created_by") == "Kezia Desk"]


def seller(kezia):
    return kezia.services.sellers.list_sellers()[1]


def test_with_aucun_nothing_leaves_the_till(qtbot, till, live_sandbox):
    till.services.preferences.set_send_mode(SEND_NONE)
    order = till.services.till_orders.create(draft_for(till), seller(till))
    assert order.origin is OrderOrigin.TILL and order.till_number == "C-000001"
    assert order.display_total == Money.of("31.00")  # 2 × (12.00 + 1.00) + 2.50 + 2.50 delivery
    till.services.order_actions.take_charge(order.local_id, seller(till))
    till.dispatcher.wake()
    qtbot.wait(600)
    assert till_orders_in(live_sandbox.sandbox) == []
    shown = till.services.till_orders.in_progress()
    assert [o.till_number for o in shown] == ["C-000001"]
    assert till.services.till_orders.sync_state(shown[0]) == ("non envoyée", "idle")


def test_with_client_web_it_arrives_once_even_when_the_first_answer_is_lost(qtbot, till, live_sandbox):
    sandbox = live_sandbox.sandbox
    till.services.preferences.set_send_mode(SEND_WEB_CLIENT)
    sandbox.faults.set(drop_next=1, paths=["/location/orders"], methods=["POST"])
    order = till.services.till_orders.create(draft_for(till), seller(till))
    qtbot.waitUntil(lambda: till.services.web_orders.get_order(order.local_id).hubrise_id is not None,
                    timeout=10_000)
    sent = till_orders_in(sandbox)
    assert sandbox.faults.settings.drop_next == 0  # the first POST was stored, then its answer was cut
    assert len(sent) == 1
    remote = sandbox.order(sent[0]["id"], "Kezia Desk")
    assert remote["private_ref"] == order.private_ref and remote["status"] == "accepted"
    assert remote["total"] == "31.00 EUR" and remote["ref"] == "C-000001"
    assert remote["custom_fields"]["epos"]["order_id"] == "C-000001"
    assert [(i["sku_ref"], Decimal(i["quantity"])) for i in remote["items"]] == [("1012", 2), ("2001", 1)]
    assert remote["items"][0]["options"][0]["ref"] == "4001"
    # HubRise's integration guide: "You should always pass at least one payment in the payload": the deposit,
    # and the rest due with the method the cashier will use.
    assert [(p["name"], p["amount"], p["ref"]) for p in remote["payments"]] == [
        ("Espèces", "5.00 EUR", "KEZIA"), ("Espèces (à encaisser)", "26.00 EUR", "KEZIA-DUE")]
    assert remote["expected_time"].endswith("+01:00")  # Paris time in March 2030
    assert remote["customer"]["phone"] == "+33611112222"
    assert till.services.till_orders.sync_state(till.services.web_orders.get_order(order.local_id))[0] == "envoyée"
    # A delivery app marks it « en livraison »: the poller brings the change back to Commandes en cours.
    sandbox.update_as_shop(sent[0]["id"], {"status": "in_delivery"})
    qtbot.waitUntil(lambda: till.services.web_orders.get_order(order.local_id).status is OrderStatus.IN_DELIVERY,
                    timeout=5000)
    assert [o.till_number for o in till.services.till_orders.in_progress()] == ["C-000001"]
    assert len(till_orders_in(sandbox)) == 1


def test_status_changes_on_a_sent_till_order_follow_it(qtbot, till, live_sandbox):
    till.services.preferences.set_send_mode(SEND_WEB_CLIENT)
    order = till.services.till_orders.create(draft_for(till, paid="0"), seller(till))
    till.services.order_actions.take_charge(order.local_id, seller(till))  # queued behind the creation
    qtbot.waitUntil(lambda: len(till_orders_in(live_sandbox.sandbox)) == 1, timeout=5000)
    remote_id = till_orders_in(live_sandbox.sandbox)[0]["id"]
    qtbot.waitUntil(lambda: live_sandbox.sandbox.order(remote_id)["status"] == "in_preparation", timeout=5000)
    # Nothing paid yet: still one payment line (integration guide), the whole total « à encaisser ».
    assert [(p["amount"], p["ref"]) for p in live_sandbox.sandbox.order(remote_id)["payments"]] == [
        ("31.00 EUR", "KEZIA-DUE")]
    assert not till.services.web_orders.get_order(order.local_id).is_paid


def test_the_form_is_checked_in_french(till):
    draft = draft_for(till)
    draft.lines = []
    with pytest.raises(TillOrderError, match="au moins un article"):
        till.services.till_orders.create(draft, seller(till))
    draft = draft_for(till, paid="100")
    with pytest.raises(TillOrderError, match="entre 0 et le total"):
        till.services.till_orders.create(draft, seller(till))
    draft = draft_for(till)
    draft.customer = None
    with pytest.raises(TillOrderError, match="adresse"):
        till.services.till_orders.create(draft, seller(till))
    assert till.services.till_orders.in_progress() == []


def test_a_local_order_invoiced_then_sent_later_reaches_hubrise_paid(qtbot, till, live_sandbox):
    """Found by review: kept local (« Aucun »), invoiced at the till, then sent with E/S « Renvoyer »: HubRise got
    the order with its « à encaisser » line and never the till's payment, while the till showed it paid."""
    till.services.preferences.set_send_mode(SEND_NONE)
    order = till.services.till_orders.create(draft_for(till), seller(till))
    draft = till.services.invoicing.prepare(order.local_id)
    draft.add_payment(PaymentMethod.CARD)
    till.services.invoicing.invoice(order.local_id, draft, seller(till))
    till.services.preferences.set_send_mode(SEND_WEB_CLIENT)
    assert "1 commande de la caisse" in till.services.exports.resend_pending()
    sandbox = live_sandbox.sandbox

    def live_payments():
        sent = till_orders_in(sandbox)
        return sorted((p["ref"], p["amount"]) for p in sent[0]["payments"] if not p.get("deleted")) if sent else []

    qtbot.waitUntil(lambda: ("ticket-1", "26.00 EUR") in live_payments(), timeout=8000)
    assert live_payments() == [("KEZIA", "5.00 EUR"), ("ticket-1", "26.00 EUR")]
    assert len(till_orders_in(sandbox)) == 1
