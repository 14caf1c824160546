"""F3 from anywhere on the home screen (even with the order alert in front), and a till order's Fiche commande."""
import pytest
from kd_fixtures.screenshots import shot
from kd_fixtures.till_orders import fill_order
from kd_fixtures.web_orders import payload
from PySide6.QtCore import Qt

from kezia_desk.services.preferences import SEND_NONE

LEFT = Qt.MouseButton.LeftButton


def test_f3_opens_commandes_en_cours_while_the_alert_has_the_focus(qtbot, connected, live_sandbox):
    kezia = connected()
    window = kezia.window
    ui = window.web_orders_ui
    qtbot.waitUntil(lambda: kezia.poller.callback_registered, timeout=5000)
    live_sandbox.sandbox.place_shop_order(payload("Zoé"))
    qtbot.waitUntil(lambda: ui.alert.isVisible(), timeout=8000)
    with qtbot.waitActive(ui.alert):
        ui.alert.activateWindow()
    assert window.current_screen() is window.home
    qtbot.keyClick(ui.alert.view_button, Qt.Key.Key_F3)
    assert window.current_screen() is window.till_orders_ui.screen
    assert ui.alert.isVisible(), "F3 does not answer the alert"


def test_f3_does_nothing_on_the_till_even_from_the_alert(qtbot, connected, live_sandbox):
    kezia = connected()
    window = kezia.window
    ui = window.web_orders_ui
    qtbot.waitUntil(lambda: kezia.poller.callback_registered, timeout=5000)
    window.show_seller_choice()
    window.choose_seller(kezia.services.sellers.list_sellers()[1])
    live_sandbox.sandbox.place_shop_order(payload("Zoé"))
    qtbot.waitUntil(lambda: ui.alert.isVisible(), timeout=8000)
    with qtbot.waitActive(ui.alert):
        ui.alert.activateWindow()
    qtbot.keyClick(ui.alert.view_button, Qt.Key.Key_F3)
    assert window.current_screen() is window.till


@pytest.mark.screenshot
def test_the_fiche_commande_of_a_till_order_shows_its_number(qtbot, connected):
    kezia = connected()
    kezia.services.preferences.set_send_mode(SEND_NONE)
    window = kezia.window
    screen = window.till_orders_ui.screen
    for _ in range(2):  # the second order is C-000002
        form = fill_order(qtbot, kezia)
        qtbot.mouseClick(form.ok_button, LEFT)
        assert window.current_screen() is screen
        qtbot.mouseClick(screen.back_button, LEFT)
    window.orders_in_progress_action.trigger()  # Client > Commande > Commandes en cours
    second = next(o for o in kezia.services.till_orders.in_progress() if o.till_number == "C-000002")
    assert screen.select_order(second.local_id)
    qtbot.mouseClick(screen.view_button, LEFT)
    detail = next(d for d in window.web_orders_ui.details.values() if d.isVisible())
    shot(detail, "till_order_detail.png")
    assert detail.windowTitle() == "Fiche commande C-000002 — Nadia Benali"
    text = detail.body.toPlainText()
    assert text.startswith("C-000002 — Nadia Benali — Livraison") and "N° caisse\nC-000002" in text
