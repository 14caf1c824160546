"""Who is acting: from the home screen (no seller chosen), a web-order action asks « Qui fait cette action ? »
where it happens, records it under the chosen seller and remembers that seller for the session; Retour from
Commandes Web leads back where the cashier came from."""
import pytest
from kd_fixtures.screenshots import shot
from kd_fixtures.sellers import double_tap
from kd_fixtures.web_orders import payload
from PySide6.QtCore import Qt

from kezia_desk.domain.order import OrderStatus
from kezia_desk.ui.sellers.seller_picker import SellerPickerDialog
from kezia_desk.ui.web_orders.order_actions_dialogs import AcceptDialog

LEFT = Qt.MouseButton.LeftButton


def order_from_the_alert(qtbot, kezia, sandbox, name="Zoé"):
    """On the home screen, a web order arrives; « Voir » on the alert opens the list and its Fiche commande."""
    window = kezia.window
    ui = window.web_orders_ui
    qtbot.waitUntil(lambda: kezia.poller.callback_registered, timeout=5000)
    assert window.current_screen() is window.home and window.current_seller is None
    sandbox.place_shop_order(payload(name))
    qtbot.waitUntil(lambda: ui.alert.count == 1, timeout=8000)
    qtbot.mouseClick(ui.alert.view_button, LEFT)
    detail = next(d for d in ui.details.values() if d.isVisible())
    return ui, detail


def by_of(kezia, local_id, status):
    return [c.by for c in kezia.services.web_orders.get_view(local_id).history if c.status is status]


@pytest.mark.screenshot
def test_accepter_from_the_alert_asks_who_acts_and_remembers_it(qtbot, connected, live_sandbox):
    kezia = connected()
    window = kezia.window
    ui, detail = order_from_the_alert(qtbot, kezia, live_sandbox.sandbox)
    local_id = detail.local_id
    qtbot.mouseClick(detail.accept_button, LEFT)
    picker = ui.controller.dialog
    assert isinstance(picker, SellerPickerDialog) and picker.isVisible()
    assert set(picker.seller_buttons) == {s.name for s in kezia.services.sellers.list_sellers()}
    shot(picker, "seller_picker.png")
    double_tap(qtbot, picker.cancel_button)  # nobody chosen: nothing recorded, nothing asked further
    assert not picker.isVisible() and window.current_seller is None
    assert ui.controller.busy and not detail.accept_button.isEnabled(), "greyed while a second tap may come"
    qtbot.waitUntil(lambda: not ui.controller.busy, timeout=3000)
    assert ui.controller.dialog is picker, "the second tap opened nothing"
    assert by_of(kezia, local_id, OrderStatus.ACCEPTED) == []
    assert "Choisissez d'abord" not in detail.message.text()
    qtbot.mouseClick(detail.accept_button, LEFT)
    picker = ui.controller.dialog
    double_tap(qtbot, picker.seller_buttons["Léa"])  # the second tap never lands on the time choice
    qtbot.waitUntil(lambda: isinstance(ui.controller.dialog, AcceptDialog), timeout=3000)
    delay = ui.controller.dialog
    assert delay.isVisible() and window.current_seller.name == "Léa"
    qtbot.mouseClick(delay.buttons[0], LEFT)
    qtbot.waitUntil(lambda: by_of(kezia, local_id, OrderStatus.ACCEPTED) == ["Léa"], timeout=3000)
    qtbot.mouseClick(detail.take_button, LEFT)  # remembered for the session: no picker this time
    qtbot.waitUntil(lambda: by_of(kezia, local_id, OrderStatus.IN_PREPARATION) == ["Léa"], timeout=3000)
    assert not isinstance(ui.controller.dialog, SellerPickerDialog) or not ui.controller.dialog.isVisible()
    qtbot.mouseClick(detail.close_button, LEFT)
    qtbot.mouseClick(ui.screen.back_button, LEFT)
    assert window.current_screen() is window.home, "Retour leads back to where the cashier came from"


def test_facturer_from_the_home_screen_asks_who_then_goes_to_the_till(qtbot, connected, live_sandbox):
    kezia = connected()
    window = kezia.window
    ui, detail = order_from_the_alert(qtbot, kezia, live_sandbox.sandbox, "Hugo")
    qtbot.mouseClick(detail.invoice_button, LEFT)
    qtbot.mouseClick(ui.controller.dialog.seller_buttons["Karim"], LEFT)
    qtbot.waitUntil(lambda: isinstance(ui.controller.dialog, AcceptDialog), timeout=3000)
    delay = ui.controller.dialog
    assert isinstance(delay, AcceptDialog)  # not accepted yet: accepted first, as the manual says
    qtbot.mouseClick(delay.buttons[0], LEFT)
    qtbot.waitUntil(lambda: window.current_screen() is window.till, timeout=3000)
    assert window.till.seller.name == "Karim" and window.till.draft.lines
    assert by_of(kezia, detail.local_id, OrderStatus.ACCEPTED) == ["Karim"]


def test_retour_leads_back_to_the_till_when_opened_from_it(qtbot, connected):
    kezia = connected()
    window = kezia.window
    window.show_seller_choice()
    window.choose_seller(kezia.services.sellers.list_sellers()[1])
    qtbot.mouseClick(window.till.web_orders_button, LEFT)
    screen = window.web_orders_ui.screen
    assert window.current_screen() is screen
    qtbot.mouseClick(screen.back_button, LEFT)
    assert window.current_screen() is window.till
