"""Printing through the whole application (composition root, sandbox over loopback HTTP, a network printer on the
loopback): Accepter prints the kitchen ticket once, the Fiche commande reprints it marked RÉIMPRESSION, Facturer
and a cash payment open the drawer and, when the customer says yes, print the receipt with the order's collection
code; « Réimprimer le ticket » prints « DUPLICATA n° N »."""
from __future__ import annotations

import pytest
from kd_fixtures.fake_printer import FakeNetworkPrinter, network
from kd_fixtures.screenshots import shot
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from kezia_desk.domain.fiscal import REPRINT, Chain, Jet
from kezia_desk.domain.order import OrderStatus
from kezia_desk.domain.printer_settings import KitchenMode, PrintSettings, ReceiptMode
from kezia_desk.domain.receipt import ShopHeader
from kezia_desk.domain.ticket import PaymentMethod

LEFT = Qt.MouseButton.LeftButton
DRAWER = b"\x1bp\x00\x32\x32"
PAYLOAD = {"status": "new", "service_type": "delivery", "expected_time": "2030-01-05T19:30:00+01:00",
           "collection_code": "427", "customer_notes": "Sonner deux fois",
           "customer": {"first_name": "Zoé", "last_name": "Lefèvre", "phone": "+33611223344",
                        "address_1": "12 rue Oberkampf", "postal_code": "75011", "city": "Paris"},
           "items": [{"product_name": "Regina", "sku_name": "Moyenne", "sku_ref": "1012", "price": "12.00 EUR",
                      "quantity": "1", "options": [{"option_list_name": "Retirer", "name": "Oignons",
                                                    "removed": True}]}]}


@pytest.fixture
def printers():
    kitchen, receipts = FakeNetworkPrinter(), FakeNetworkPrinter()
    yield kitchen, receipts
    kitchen.close()
    receipts.close()


def tap(qtbot, widget) -> None:
    assert widget.isVisible() and widget.isEnabled(), f"{widget!r} n'est pas utilisable"
    qtbot.mouseClick(widget, LEFT)


@pytest.mark.screenshot
def test_accept_invoice_pay_and_reprint_through_the_till(qtbot, connected, live_sandbox, printers) -> None:
    kitchen, receipts = printers
    kezia = connected()
    kezia.services.printing.save_settings(PrintSettings(
        receipt_printer=network(receipts.port), kitchen_printer=network(kitchen.port),
        receipt_mode=ReceiptMode.ASK, kitchen_mode=KitchenMode.ON_ACCEPTANCE))
    kezia.services.printing.save_shop_header(ShopHeader("Pizzeria Chez Hélène", "12 rue de l'Église, Paris",
                                                        "12345678900012", "FR12123456789"))
    window = kezia.window
    qtbot.waitUntil(lambda: kezia.poller.callback_registered, timeout=5000)
    window.show_seller_choice()
    window.choose_seller(kezia.services.sellers.list_sellers()[1])
    placed = live_sandbox.sandbox.place_shop_order(PAYLOAD)
    web_orders = kezia.services.web_orders
    qtbot.waitUntil(lambda: any(o.hubrise_id == placed["id"] for o in web_orders.list_orders()), timeout=8000)
    order = next(o for o in web_orders.list_orders() if o.hubrise_id == placed["id"])
    assert kitchen.jobs == []  # « à l'acceptation »: nothing on arrival

    seller = kezia.services.sellers.list_sellers()[1]
    kezia.services.order_actions.accept(order.local_id, seller)
    kezia.services.order_actions.accept(order.local_id, seller)  # a second Accepter: no second ticket
    qtbot.waitUntil(lambda: len(kitchen.jobs) == 1, timeout=5000)
    assert b"LIVRAISON" in kitchen.jobs[0] and b"   SANS Oignons" in kitchen.jobs[0]
    assert b"Zo\xe9 Lef\xe8vre" in kitchen.jobs[0] and b"12,00" not in kitchen.jobs[0]

    detail = window.web_orders_ui.open_detail(order.local_id)
    qtbot.waitUntil(detail.isVisible, timeout=2000)
    assert not detail.reprint_receipt_button.isEnabled()  # not invoiced yet: no receipt to reprint
    tap(qtbot, detail.reprint_kitchen_button)
    tap(qtbot, detail.reprint_kitchen_button)  # a double tap: one reprint
    qtbot.waitUntil(lambda: len(kitchen.jobs) == 2, timeout=5000)
    assert b"R\xc9IMPRESSION" in kitchen.jobs[1] and b"R\xc9IMPRESSION" not in kitchen.jobs[0]
    shot(detail, "fiche-commande-reimprimer.png")

    tap(qtbot, detail.invoice_button)  # Facturer: the order goes to the till
    qtbot.waitUntil(lambda: window.till.draft.lines != [], timeout=3000)
    tap(qtbot, window.till.payment_buttons[PaymentMethod.CASH])
    dialog = window.till.payment_dialog
    dialog.keypad.set_text("20")
    tap(qtbot, dialog.validate_button)
    ui = window.print_ui
    qtbot.waitUntil(lambda: ui.receipt_question is not None and ui.receipt_question.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: len(receipts.jobs) == 1, timeout=5000)  # cash: the drawer opens without waiting
    assert receipts.jobs[0] == b"\x1b@\x1bt\x10" + DRAWER
    yes = ui.receipt_question.button(QMessageBox.StandardButton.Yes)
    assert yes.text() == "Oui, imprimer"
    tap(qtbot, yes)
    qtbot.waitUntil(lambda: len(receipts.jobs) == 2, timeout=5000)
    receipt = receipts.jobs[1]
    assert b"Pizzeria Chez H\xe9l\xe8ne" in receipt and b"Commande web, code 427" in receipt
    assert b"Client : Zo\xe9 Lef\xe8vre" in receipt and DRAWER not in receipt and b"Rendu" in receipt
    qtbot.waitUntil(lambda: web_orders.get_order(order.local_id).status is not OrderStatus.ACCEPTED
                    or web_orders.get_order(order.local_id).paid_at_till is not None, timeout=3000)

    detail = window.web_orders_ui.open_detail(order.local_id)
    qtbot.waitUntil(lambda: detail.isVisible() and detail.reprint_receipt_button.isEnabled(), timeout=3000)
    tap(qtbot, detail.reprint_receipt_button)
    tap(qtbot, detail.reprint_receipt_button)
    qtbot.waitUntil(lambda: len(receipts.jobs) == 3, timeout=5000)
    assert b"DUPLICATA n\xb0 1" in receipts.jobs[2] and DRAWER not in receipts.jobs[2]
    # the printer has the paper; once the till has recorded it too, a new tap is a new request
    qtbot.waitUntil(lambda: not kezia.services.printing.jobs.has_waiting("receipt", "duplicata"), timeout=3000)
    tap(qtbot, detail.reprint_receipt_button)  # asked again later: the next number
    qtbot.waitUntil(lambda: len(receipts.jobs) == 4, timeout=5000)
    assert b"DUPLICATA n\xb0 2" in receipts.jobs[3]
    assert b"Signature : " in receipt and b"Signature : " in receipts.jobs[3]  # the journal's fiscal block
    reprints = kezia.services.till.records.records(Chain.DUPLICATES, kind=REPRINT)
    assert [r.data["duplicata"] for r in reprints] == [1, 2]  # each duplicate a signed record, the double tap one
    assert {r.data["by"] for r in reprints} == {window.current_seller.name}
    jet = kezia.services.till.events.entries(code=int(Jet.DUPLICATE))  # and each an event 580 of the JET
    assert [(e.by, e.label, e.detail) for e in reversed(jet)] == [
        (window.current_seller.name, "Duplicata d'un ticket", f"ticket n° {r.data['ticket']} : duplicata n° {n}")
        for n, r in enumerate(reprints, start=1)]
    assert kezia.services.till.verify_journal().ok
    assert len(kitchen.jobs) == 2  # nothing more in the kitchen


@pytest.mark.screenshot
def test_a_card_sale_declined_receipt_prints_nothing(qtbot, demo_app, printers) -> None:
    _, receipts = printers
    demo_app.services.printing.save_settings(PrintSettings(receipt_printer=network(receipts.port)))
    demo_app.start()
    window = demo_app.window
    window.show_seller_choice()
    window.choose_seller(demo_app.services.sellers.list_sellers()[1])
    window.till.add_article(demo_app.services.catalog.get(2004))
    tap(qtbot, window.till.payment_buttons[PaymentMethod.CARD])
    tap(qtbot, window.till.payment_dialog.validate_button)
    ui = window.print_ui
    qtbot.waitUntil(lambda: ui.receipt_question is not None and ui.receipt_question.isVisible(), timeout=3000)
    shot(ui.receipt_question, "receipt-question.png")
    tap(qtbot, ui.receipt_question.button(QMessageBox.StandardButton.No))
    qtbot.wait(300)
    assert receipts.jobs == [] and demo_app.services.printing.jobs.waiting_count() == 0


def test_an_order_taken_in_commandes_prints_its_kitchen_ticket_once(qtbot, unconnected, printers) -> None:
    from kd_fixtures.till_orders import fill_order

    kitchen, _ = printers
    kezia = unconnected()
    kezia.services.printing.save_settings(PrintSettings(kitchen_printer=network(kitchen.port, width=58)))
    window = kezia.window
    window.show_seller_choice()
    window.choose_seller(kezia.services.sellers.list_sellers()[1])
    window.show_home()
    form = fill_order(qtbot, kezia)
    qtbot.waitUntil(lambda: not window.tap_shield.isVisible(), timeout=3000)
    tap(qtbot, form.ok_button)
    qtbot.waitUntil(lambda: len(kitchen.jobs) == 1, timeout=5000)
    ticket = kitchen.jobs[0]
    assert b"LIVRAISON" in ticket and b"Commande C-000001" in ticket and b"Nadia Benali" in ticket
    assert b"   + Suppl\xe9ment fromage" in ticket and b"Code portail 1234" in ticket
    assert b"2 x Regina Moyenne" in ticket and b"31,00" not in ticket
    qtbot.wait(300)
    assert len(kitchen.jobs) == 1
