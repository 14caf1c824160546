"""What the lists and buttons show: a column named for the time it holds, disabled buttons that look disabled."""
import re

import pytest
from kd_fixtures.screenshots import shot
from kd_fixtures.web_orders import payload, start_till
from PySide6.QtCore import Qt

from kezia_desk.ui.widgets.touch import TouchButton

LEFT = Qt.MouseButton.LeftButton
ROLES = ("home", "primary", "danger", "nav", "action", "payment", "seller", "manager", "category", "product",
         "option", "key", "quick")


def background(button):
    """The colour of the button's face, away from its text and rounded corners."""
    image = button.grab().toImage()
    return image.pixelColor(6, image.height() // 2)


def greyish(colour) -> bool:
    return colour.hsvSaturation() < 40


@pytest.mark.parametrize("role", ROLES)
def test_a_disabled_button_looks_disabled_whatever_its_role(qtbot, window, role):
    button = TouchButton("Facturer", window.home, role=role)
    button.resize(200, 64)
    button.show()
    enabled = background(button)
    button.setEnabled(False)
    disabled = background(button)
    assert greyish(disabled), f"{role} : {disabled.name()}"
    assert disabled != enabled or greyish(enabled)


@pytest.mark.screenshot
def test_a_paid_order_shows_a_grey_facturer_and_the_time_column_is_prevue(qtbot, connected, live_sandbox):
    kezia = connected()
    window = start_till(qtbot, kezia)
    ui = window.web_orders_ui
    live_sandbox.sandbox.place_shop_order(payload("Zoé"))
    live_sandbox.sandbox.place_shop_order(payload("Hugo", paid=True))
    qtbot.waitUntil(lambda: ui.alert.count == 2, timeout=8000)
    qtbot.mouseClick(ui.alert.ack_button, LEFT)
    qtbot.mouseClick(window.till.web_orders_button, LEFT)
    qtbot.waitUntil(lambda: ui.screen.model.rowCount() == 2, timeout=3000)
    # The list's time column holds a clock time, and says which one.
    model = ui.screen.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "Délai" not in headers and headers[2] == "Prévue"
    assert all(re.fullmatch(r"\d\d:\d\d", model.index(r, 2).data()) for r in range(2))
    in_progress = window.till_orders_ui.screen.model
    assert "Prévue" in [in_progress.headerData(c, Qt.Orientation.Horizontal) for c in range(in_progress.columnCount())]
    # Facturer on the unpaid order is yellow and taps; on the paid one it is grey and does nothing.
    by_name = {o.customer_name: o for o in model.orders}
    unpaid = ui.open_detail(by_name["Zoé Martin"].local_id)
    paid = ui.open_detail(by_name["Hugo Martin"].local_id)
    assert unpaid.invoice_button.isEnabled() and not paid.invoice_button.isEnabled()
    yellow, grey = background(unpaid.invoice_button), background(paid.invoice_button)
    shot(paid, "paid_order_detail.png")
    assert not greyish(yellow) and greyish(grey), (yellow.name(), grey.name())
    qtbot.mouseClick(paid.invoice_button, LEFT)
    assert window.till.draft.lines == [] and paid.isVisible()
