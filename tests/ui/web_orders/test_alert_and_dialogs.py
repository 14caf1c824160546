"""An order arriving while the cashier answers a dialog (the Espèces keypad, Accepter's time choice) never traps
them: the alert waits, hidden, with one chime, and appears ringing once the dialog is closed; an alert on screen
steps aside the same way when a dialog opens over it."""
from kd_fixtures.till import tap, tap_article, type_on_keypad
from kd_fixtures.web_orders import payload, start_till
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kezia_desk.domain.ticket import PaymentMethod
from kezia_desk.ui.web_orders.order_actions_dialogs import AcceptDialog

LEFT = Qt.MouseButton.LeftButton


def test_an_order_arriving_during_the_especes_keypad_waits_for_it(qtbot, connected, live_sandbox):
    kezia = connected()
    window = start_till(qtbot, kezia)
    alert = window.web_orders_ui.alert
    tap_article(qtbot, window, 1013)
    tap(qtbot, window.till.payment_buttons[PaymentMethod.CASH])
    dialog = window.till.payment_dialog
    assert QApplication.activeModalWidget() is dialog
    plays = alert.sound.plays
    live_sandbox.sandbox.place_shop_order(payload("Zoé"))
    qtbot.waitUntil(lambda: alert.count == 1, timeout=8000)
    assert not alert.isVisible(), "nothing covers the keypad and the quick amounts"
    assert alert.sound.plays == plays + 1 and not alert.sound.ringing, "one chime, no ringing it cannot stop"
    type_on_keypad(qtbot, dialog.keypad, "20")
    assert dialog.keypad.display.text() == "20"
    tap(qtbot, dialog.quick_buttons[0])  # the quick amounts answer too
    tap(qtbot, dialog.close_button)
    qtbot.waitUntil(lambda: alert.isVisible(), timeout=2000)
    assert alert.sound.ringing and alert.title.text() == "1 nouvelle commande web"
    tap(qtbot, alert.ack_button)
    assert not alert.isVisible() and alert.count == 0 and not alert.sound.ringing


def test_an_order_arriving_during_accepter_s_time_choice_waits_for_it(qtbot, connected, live_sandbox):
    kezia = connected()
    window = start_till(qtbot, kezia)
    ui = window.web_orders_ui
    alert = ui.alert
    live_sandbox.sandbox.place_shop_order(payload("Zoé"))
    qtbot.waitUntil(lambda: alert.count == 1, timeout=8000)
    tap(qtbot, alert.ack_button)
    qtbot.mouseClick(window.till.web_orders_button, LEFT)
    qtbot.waitUntil(lambda: ui.screen.model.rowCount() == 1, timeout=5000)
    ui.screen.select_order(ui.screen.model.order_at(0).local_id)
    tap(qtbot, ui.screen.accept_button)
    dialog = ui.controller.dialog
    assert isinstance(dialog, AcceptDialog) and QApplication.activeModalWidget() is dialog
    live_sandbox.sandbox.place_shop_order(payload("Hugo", service="collection"))
    qtbot.waitUntil(lambda: alert.count == 1, timeout=8000)
    assert not alert.isVisible(), "« +20 min » stays free"
    tap(qtbot, dialog.buttons[20])
    qtbot.waitUntil(lambda: alert.isVisible(), timeout=2000)
    assert "Hugo" in alert.list.item(0).text() and alert.sound.ringing
    qtbot.waitUntil(lambda: ui.screen.message.text() == "Commande acceptée.", timeout=5000)
    tap(qtbot, alert.ack_button)
    assert not alert.isVisible()


def test_an_alert_on_screen_steps_aside_when_a_dialog_opens_and_comes_back(qtbot, connected, live_sandbox):
    kezia = connected()
    window = start_till(qtbot, kezia)
    alert = window.web_orders_ui.alert
    tap_article(qtbot, window, 1013)
    live_sandbox.sandbox.place_shop_order(payload("Zoé"))
    qtbot.waitUntil(lambda: alert.isVisible() and alert.count == 1, timeout=8000)
    tap(qtbot, window.till.payment_buttons[PaymentMethod.CASH])  # the alert is not modal: the till answers
    dialog = window.till.payment_dialog
    qtbot.waitUntil(lambda: not alert.isVisible(), timeout=2000)
    assert not alert.sound.ringing and alert.count == 1
    type_on_keypad(qtbot, dialog.keypad, "5")
    tap(qtbot, dialog.close_button)
    qtbot.waitUntil(lambda: alert.isVisible(), timeout=2000)
    qtbot.mouseClick(alert.ack_button, LEFT)
    qtbot.mouseClick(alert.ack_button, LEFT)  # a double tap on « J'ai vu »: the second finds it gone
    assert not alert.isVisible() and alert.count == 0
    assert window.current_screen() is window.till and window.till.draft.lines, "nothing behind was touched"
