"""The cashier's side of web orders, driven with clicks against the real app and the sandbox over loopback."""
import pytest
from kd_fixtures.screenshots import shot
from kd_fixtures.web_orders import payload, start_till
from PySide6.QtCore import Qt

from kezia_desk.domain.money import Money
from kezia_desk.domain.ticket import PaymentMethod

LEFT = Qt.MouseButton.LeftButton


@pytest.mark.screenshot
def test_alert_list_detail_and_the_four_buttons(qtbot, connected, live_sandbox):
    kezia = connected()
    window = start_till(qtbot, kezia)
    ui = window.web_orders_ui
    sandbox = live_sandbox.sandbox
    first = sandbox.place_shop_order(payload("Zoé"))
    second = sandbox.place_shop_order(payload("Hugo", ref="PIZZA-XL", paid=True, service="collection"))
    qtbot.waitUntil(lambda: ui.alert.isVisible() and ui.alert.count == 2, timeout=8000)
    assert "2 nouvelles commandes web" in ui.alert.title.text()
    assert ui.sound.ringing
    assert any("Hugo" in ui.alert.list.item(i).text() and "payée" in ui.alert.list.item(i).text()
               for i in range(ui.alert.list.count()))
    shot(ui.alert, "order_alert.png")
    # Voir: the list and the Fiche commande of the chosen order; the sound stops.
    ui.alert.list.setCurrentRow(0)
    qtbot.mouseClick(ui.alert.view_button, LEFT)
    assert not ui.sound.ringing and not ui.alert.isVisible()
    assert window.current_screen() is ui.screen and ui.screen.model.rowCount() == 2
    detail = next(d for d in ui.details.values() if d.isVisible())
    assert "Zoé Martin" in detail.body.toPlainText() and "<s>Oignons</s>" in detail.body.toHtml().replace(
        '<span style=" text-decoration: line-through;">Oignons</span>', "<s>Oignons</s>")
    detail.close()
    qtbot.waitUntil(lambda: sandbox.order(first["id"])["status"] == "received", timeout=5000)
    # The loupe of a row opens that order's Fiche commande.
    hugo_row = next(r for r, o in enumerate(ui.screen.model.orders) if o.customer_name.startswith("Hugo"))
    loupe_cell = ui.screen.table.visualRect(ui.screen.model.index(hugo_row, 0))
    assert loupe_cell.height() >= 48 and loupe_cell.width() >= 48
    qtbot.mouseClick(ui.screen.table.viewport(), LEFT, pos=loupe_cell.center())
    detail = next(d for d in ui.details.values() if d.isVisible())
    assert "Hugo" in detail.body.toPlainText()
    detail.close()

    # Accepter +20 min from the list.
    assert ui.screen.select_order(kezia.services.web_orders.list_orders()[0].local_id)
    zoe = next(o for o in ui.screen.model.orders if o.customer_name == "Zoé Martin")
    ui.screen.select_order(zoe.local_id)
    qtbot.mouseClick(ui.screen.accept_button, LEFT)
    qtbot.mouseClick(ui.controller.dialog.buttons[20], LEFT)
    qtbot.waitUntil(lambda: sandbox.order(first["id"])["status"] == "accepted", timeout=5000)
    assert sandbox.order(first["id"])["confirmed_time"].startswith("2030-01-05T19:50")

    # Refuser the other one with a listed reason (it now sits in « Nouvelles »; Zoé moved to « En cours »).
    qtbot.waitUntil(lambda: ui.screen.model.rowCount() == 1, timeout=3000)
    hugo = ui.screen.model.orders[0]
    ui.screen.select_order(hugo.local_id)
    qtbot.mouseClick(ui.screen.reject_button, LEFT)
    qtbot.mouseClick(ui.controller.dialog.reason_buttons[0], LEFT)
    qtbot.waitUntil(lambda: sandbox.order(second["id"])["status"] == "rejected", timeout=5000)
    assert sandbox.order(second["id"])["custom_fields"]["epos"]["rejection"]["cause"] == "Rupture de stock"

    # Prendre en charge and Facturer on Zoé's order from « En cours ».
    qtbot.mouseClick(ui.screen.tab_buttons["en_cours"], LEFT)
    ui.screen.select_order(zoe.local_id)
    qtbot.mouseClick(ui.screen.take_button, LEFT)
    qtbot.waitUntil(lambda: sandbox.order(first["id"])["status"] == "in_preparation", timeout=5000)
    status_cell = lambda: ui.screen.model.index(ui.screen.model.orders.index(  # noqa: E731
        next(o for o in ui.screen.model.orders if o.local_id == zoe.local_id)), 7).data()
    qtbot.waitUntil(lambda: status_cell() == "En préparation", timeout=3000)
    ui.screen.select_order(zoe.local_id)
    shot(window, "web_orders.png")
    qtbot.mouseClick(ui.screen.invoice_button, LEFT)
    assert window.current_screen() is window.till and window.till.draft.total == Money.of("15.25")
    window.till.draft.add_payment(PaymentMethod.CARD)
    window.till.close_ticket()
    qtbot.waitUntil(lambda: len(sandbox.order(first["id"])["payments"]) == 1, timeout=5000)
    assert kezia.services.web_orders.get_order(zoe.local_id).is_paid
    ticket = kezia.services.till.list_tickets(1)[0]
    assert ticket.web_order_id == first["id"] and ticket.seller_name == "Karim"
    # The detail shows who did what and that HubRise has it.
    dialog = ui.open_detail(zoe.local_id)
    qtbot.waitUntil(lambda: dialog.history.rowCount() >= 5, timeout=3000)
    texts = [dialog.history.item(r, 3).text() for r in range(dialog.history.rowCount())]
    assert "✔ envoyé à HubRise" in texts
    assert any(dialog.history.item(r, 2).text() == "Karim" for r in range(dialog.history.rowCount()))


@pytest.mark.screenshot
def test_unknown_article_mapped_from_the_detail_and_remembered(qtbot, connected, live_sandbox):
    kezia = connected()
    window = start_till(qtbot, kezia)
    ui = window.web_orders_ui
    live_sandbox.sandbox.place_shop_order(payload("Inès", ref="PIZZA-XL"))
    qtbot.waitUntil(lambda: ui.alert.count == 1, timeout=8000)
    qtbot.mouseClick(ui.alert.view_button, LEFT)
    detail = next(d for d in ui.details.values() if d.isVisible())
    assert "article inconnu" in detail.body.toPlainText()
    assert detail.map_button.isVisible()
    shot(detail, "order_detail.png")
    qtbot.mouseClick(detail.map_button, LEFT)
    picker = detail.picker
    qtbot.keyClicks(picker.search, "1013")
    assert picker.list.count() == 1
    qtbot.mouseClick(picker.list.viewport(), LEFT, pos=picker.list.visualItemRect(picker.list.item(0)).center())
    qtbot.waitUntil(lambda: not detail.map_button.isVisible(), timeout=3000)
    live_sandbox.sandbox.place_shop_order(payload("Noah", ref="PIZZA-XL"))
    qtbot.waitUntil(lambda: len(kezia.services.web_orders.list_orders()) == 2, timeout=8000)
    assert all(o.items[0].idart == 1013 for o in kezia.services.web_orders.list_orders())


@pytest.mark.screenshot
def test_diagnostics_show_polls_kept_aside_and_audio_fallback(qtbot, connected, live_sandbox):
    kezia = connected()
    window = start_till(qtbot, kezia)
    sandbox = live_sandbox.sandbox
    till = sandbox.state.connections[sandbox.state.till_token]
    with sandbox.state.lock:
        till.events["brok1"] = {"id": "brok1", "resource_type": "order", "event_type": "create",
                                "created_at": "2030-01-01T10:00:00+01:00", "new_state": {"total": "x"}}
    sandbox.place_shop_order(payload())
    ui = window.web_orders_ui
    # The alert comes as soon as the order is stored; the poll that stored it is logged once it is over.
    qtbot.waitUntil(lambda: ui.alert.count == 1 and kezia.services.link_status.current.state == "ok", timeout=8000)
    qtbot.mouseClick(window.hubrise_status, LEFT)
    dialog = ui.diagnostics
    qtbot.waitUntil(lambda: dialog.isVisible(), timeout=2000)
    dialog.refresh()
    assert dialog.polls.rowCount() >= 1 and dialog.aside.rowCount() == 1
    dialog.aside.selectRow(0)
    assert '"total": "x"' in dialog.raw.toPlainText()
    outcomes = [dialog.polls.item(r, 1).text() for r in range(dialog.polls.rowCount())]
    assert "ok" in outcomes
    dialog.tabs.setCurrentIndex(0)
    shot(dialog, "diagnostics.png")
    if ui.sound.fallback:  # no audio device here: the notice is in the diagnostics
        assert "son" in outcomes
    assert "HubRise : connecté" in window.hubrise_status.text()
