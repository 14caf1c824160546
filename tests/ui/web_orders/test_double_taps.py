"""Hurried fingers: a second tap on an action (Accepter, Refuser, Prendre en charge, OK of COMMANDES) does
nothing, sends nothing and records nothing. Checked on the history and on the PATCHes the sandbox received over
loopback, after waiting on the till's own state (its send queue empty)."""
import pytest
from kd_fixtures.screenshots import shot
from kd_fixtures.till_orders import fill_order
from kd_fixtures.web_orders import payload, start_till
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kezia_desk.domain.order import OrderStatus
from kezia_desk.services.preferences import SEND_NONE
from kezia_desk.ui.web_orders.order_actions_dialogs import AcceptDialog, RejectDialog

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def patches(monkeypatch):
    """Every PATCH body the sandbox received over HTTP, in order."""
    import kezia_desk.sandbox.app as sandbox_app

    received: list[dict] = []
    original = sandbox_app.patch_order

    def spy(state, connection, order, body):
        received.append(dict(body) if isinstance(body, dict) else body)
        return original(state, connection, order, body)

    monkeypatch.setattr(sandbox_app, "patch_order", spy)
    return received


def finger_tap(qtbot, centre) -> None:
    """A tap at a screen position: the event goes to whatever widget is on top there, as under a finger."""
    target = QApplication.widgetAt(centre)
    assert target is not None, "rien sous le doigt"
    qtbot.mouseClick(target, LEFT, pos=target.mapFromGlobal(centre))


def open_web_orders_with(qtbot, kezia, sandbox, name="Zoé"):
    """A web order arrives; the cashier says « J'ai vu », opens Commandes Web and selects it."""
    window = start_till(qtbot, kezia)
    ui = window.web_orders_ui
    sandbox.place_shop_order(payload(name))
    qtbot.waitUntil(lambda: ui.alert.count == 1, timeout=8000)
    qtbot.mouseClick(ui.alert.ack_button, LEFT)
    qtbot.mouseClick(window.till.web_orders_button, LEFT)
    assert window.current_screen() is ui.screen
    qtbot.waitUntil(lambda: ui.screen.model.rowCount() == 1, timeout=3000)
    order = ui.screen.model.order_at(0)
    qtbot.waitUntil(lambda: kezia.services.web_orders.pending_outbox_count() == 0, timeout=5000)  # « reçue » sent
    ui.screen.select_order(order.local_id)
    return ui, order


def rows_with(kezia, local_id, status):
    return [change for change in kezia.services.web_orders.get_view(local_id).history if change.status is status]


def all_sent(kezia, local_id) -> bool:
    view = kezia.services.web_orders.get_view(local_id)
    return kezia.services.web_orders.pending_outbox_count() == 0 and all(c.sent is not False for c in view.history)


def test_double_tap_on_prendre_en_charge_records_and_sends_once(qtbot, connected, live_sandbox, patches):
    kezia = connected()
    ui, order = open_web_orders_with(qtbot, kezia, live_sandbox.sandbox)
    qtbot.mouseClick(ui.screen.take_button, LEFT)
    qtbot.mouseClick(ui.screen.take_button, LEFT)
    qtbot.waitUntil(lambda: all_sent(kezia, order.local_id), timeout=5000)
    assert len(rows_with(kezia, order.local_id, OrderStatus.IN_PREPARATION)) == 1
    assert [p["status"] for p in patches if p.get("status") == "in_preparation"] == ["in_preparation"]
    assert "déjà « En préparation »" in ui.screen.message.text() or ui.screen.selected_local_id() is None


def test_double_tap_on_accepter_and_on_its_delay_accepts_once(qtbot, connected, live_sandbox, patches):
    kezia = connected()
    ui, order = open_web_orders_with(qtbot, kezia, live_sandbox.sandbox)
    qtbot.mouseClick(ui.screen.accept_button, LEFT)
    qtbot.mouseClick(ui.screen.accept_button, LEFT)  # greyed while the delay is asked: ignored
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, AcceptDialog) and w.isVisible()]
    assert len(dialogs) == 1 and not ui.screen.accept_button.isEnabled()
    qtbot.mouseClick(dialogs[0].buttons[20], LEFT)
    qtbot.mouseClick(dialogs[0].buttons[20], LEFT)
    qtbot.mouseClick(dialogs[0].buttons[10], LEFT)
    qtbot.waitUntil(lambda: all_sent(kezia, order.local_id), timeout=5000)
    assert len(rows_with(kezia, order.local_id, OrderStatus.ACCEPTED)) == 1
    sent = [p for p in patches if p.get("status") == "accepted"]
    assert len(sent) == 1 and sent[0]["confirmed_time"].startswith("2030-01-05T19:50")
    assert ui.screen.accept_button.isEnabled(), "the buttons come back once the question is answered"


def test_double_tap_on_refuser_and_on_its_reason_refuses_once(qtbot, connected, live_sandbox, patches):
    kezia = connected()
    ui, order = open_web_orders_with(qtbot, kezia, live_sandbox.sandbox)
    qtbot.mouseClick(ui.screen.reject_button, LEFT)
    qtbot.mouseClick(ui.screen.reject_button, LEFT)
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, RejectDialog) and w.isVisible()]
    assert len(dialogs) == 1
    qtbot.mouseClick(dialogs[0].reason_buttons[0], LEFT)
    qtbot.mouseClick(dialogs[0].reason_buttons[0], LEFT)
    qtbot.waitUntil(lambda: all_sent(kezia, order.local_id), timeout=5000)
    assert len(rows_with(kezia, order.local_id, OrderStatus.REJECTED)) == 1
    assert len([p for p in patches if p.get("status") == "rejected"]) == 1


def test_a_cancelled_question_gives_the_buttons_back(qtbot, connected, live_sandbox, patches):
    kezia = connected()
    ui, order = open_web_orders_with(qtbot, kezia, live_sandbox.sandbox)
    qtbot.mouseClick(ui.screen.reject_button, LEFT)
    dialog = ui.controller.dialog
    qtbot.mouseClick(next(b for b in dialog.findChildren(type(ui.screen.reject_button)) if b.text() == "Annuler"),
                     LEFT)
    assert ui.screen.reject_button.isEnabled() and ui.screen.take_button.isEnabled()
    qtbot.mouseClick(ui.screen.take_button, LEFT)
    qtbot.waitUntil(lambda: all_sent(kezia, order.local_id), timeout=5000)
    assert [p.get("status") for p in patches][-1] == "in_preparation"
    assert rows_with(kezia, order.local_id, OrderStatus.REJECTED) == []


def test_double_tap_on_ok_of_commandes_creates_one_order_and_taps_nothing_behind(qtbot, connected):
    kezia = connected()
    kezia.services.preferences.set_send_mode(SEND_NONE)
    window = kezia.window
    window.show_seller_choice()
    window.choose_seller(kezia.services.sellers.list_sellers()[1])  # a seller on the till, so Facturer would act
    window.show_home()
    form = fill_order(qtbot, kezia)
    ok = form.ok_button
    centre = ok.mapToGlobal(ok.rect().center())
    qtbot.waitUntil(lambda: not window.tap_shield.isVisible(), timeout=3000)  # COMMANDES was tapped a while ago
    assert QApplication.widgetAt(centre) is ok
    finger_tap(qtbot, centre)
    screen = window.till_orders_ui.screen
    assert window.current_screen() is screen
    finger_tap(qtbot, centre)  # the second tap of a double tap, on whatever the next screen has there
    assert window.current_screen() is screen, "the second tap did not open another screen"
    assert window.till.draft.lines == [], "the order was not loaded on the till"
    assert [o.till_number for o in kezia.services.till_orders.in_progress()] == ["C-000001"]
    order = kezia.services.till_orders.in_progress()[0]
    assert [c.status for c in kezia.services.web_orders.get_view(order.local_id).history] == [order.status]
    assert "C-000001 enregistrée" in screen.message.text()
    # Once the double-tap delay is over, a tap reaches the new screen's buttons again.
    qtbot.waitUntil(lambda: not window.tap_shield.isVisible(), timeout=3000)
    assert QApplication.widgetAt(centre) in (screen.invoice_button, screen.take_button, screen.view_button)


def test_double_tap_on_prendre_en_charge_of_a_till_order_records_once(qtbot, connected):
    kezia = connected()
    kezia.services.preferences.set_send_mode(SEND_NONE)
    window = kezia.window
    window.show_seller_choice()
    window.choose_seller(kezia.services.sellers.list_sellers()[1])
    window.show_home()
    form = fill_order(qtbot, kezia)
    qtbot.mouseClick(form.ok_button, LEFT)
    screen = window.till_orders_ui.screen
    order = kezia.services.till_orders.in_progress()[0]
    assert screen.select_order(order.local_id)
    qtbot.mouseClick(screen.take_button, LEFT)
    qtbot.mouseClick(screen.take_button, LEFT)
    assert len(rows_with(kezia, order.local_id, OrderStatus.IN_PREPARATION)) == 1
    assert kezia.services.web_orders.pending_outbox_count() == 0, "« Aucun »: nothing queued either"



@pytest.mark.screenshot
def test_double_tap_on_accepter_of_the_fiche_commande_opens_one_question(qtbot, connected, live_sandbox, patches):
    kezia = connected()
    ui, order = open_web_orders_with(qtbot, kezia, live_sandbox.sandbox)
    qtbot.mouseClick(ui.screen.table.viewport(), LEFT,
                     pos=ui.screen.table.visualRect(ui.screen.model.index(0, 0)).center())  # the loupe
    detail = ui.details[order.local_id]
    assert detail.isVisible()
    qtbot.mouseClick(detail.accept_button, LEFT)
    qtbot.mouseClick(detail.accept_button, LEFT)
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, AcceptDialog) and w.isVisible()]
    assert len(dialogs) == 1
    assert not any(b.isEnabled() for b in (detail.accept_button, detail.reject_button, detail.take_button,
                                           detail.invoice_button, detail.status_button))
    qtbot.mouseClick(dialogs[0].buttons[0], LEFT)
    qtbot.waitUntil(lambda: all_sent(kezia, order.local_id), timeout=5000)
    assert len(rows_with(kezia, order.local_id, OrderStatus.ACCEPTED)) == 1
    assert len([p for p in patches if p.get("status") == "accepted"]) == 1
    # Accepted: Accepter looks disabled (a tap would change nothing); the next steps are open.
    qtbot.waitUntil(lambda: not detail.accept_button.isEnabled(), timeout=3000)
    shot(detail, "order_detail_accepted.png")
    assert all(b.isEnabled() for b in (detail.reject_button, detail.take_button, detail.invoice_button,
                                       detail.status_button))
    qtbot.mouseClick(detail.accept_button, LEFT)
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, AcceptDialog) and w.isVisible()]
    # Taken in charge: Prendre en charge greys in turn, Accepter is back (going back asks first).
    qtbot.mouseClick(detail.take_button, LEFT)
    qtbot.waitUntil(lambda: not detail.take_button.isEnabled(), timeout=3000)
    assert detail.accept_button.isEnabled() and detail.reject_button.isEnabled()
    # The manager makes Prendre en charge mean « Attente livraison » while the Fiche is open: the button acts again.
    kezia.services.preferences.set_take_charge_status(OrderStatus.AWAITING_SHIPMENT)
    assert detail.take_button.isEnabled()
