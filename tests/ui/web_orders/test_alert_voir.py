"""« Voir » on an alert listing several orders opens one and never clears the ones nobody looked at."""
from kd_fixtures.web_orders import payload, start_till
from PySide6.QtCore import Qt

LEFT = Qt.MouseButton.LeftButton


def visible_details(ui):
    return [d for d in ui.details.values() if d.isVisible()]


def test_voir_opens_the_first_order_and_keeps_the_other_in_the_alert(qtbot, connected, live_sandbox):
    kezia = connected()
    window = start_till(qtbot, kezia)
    ui = window.web_orders_ui
    live_sandbox.sandbox.place_shop_order(payload("Zoé"))
    live_sandbox.sandbox.place_shop_order(payload("Hugo", service="collection"))
    qtbot.waitUntil(lambda: ui.alert.count == 2, timeout=8000)
    assert ui.alert.list.item(0).text().startswith("NOUVELLE — Zoé")
    qtbot.mouseClick(ui.alert.view_button, LEFT)
    qtbot.mouseClick(ui.alert.view_button, LEFT)  # a double tap opens one order, not both
    details = visible_details(ui)
    assert len(details) == 1 and "Zoé Martin" in details[0].body.toPlainText()
    assert ui.alert.count == 1 and "Hugo" in ui.alert.list.item(0).text()
    assert not ui.alert.isVisible() and not ui.sound.ringing  # it steps aside while the order is read
    qtbot.mouseClick(details[0].close_button, LEFT)
    qtbot.waitUntil(lambda: ui.alert.isVisible(), timeout=2000)
    assert ui.alert.title.text() == "1 nouvelle commande web"
    qtbot.mouseClick(ui.alert.view_button, LEFT)
    details = visible_details(ui)
    assert len(details) == 1 and "Hugo Martin" in details[0].body.toPlainText()
    assert ui.alert.count == 0 and not ui.alert.isVisible()
    qtbot.mouseClick(details[0].close_button, LEFT)
    assert not ui.alert.isVisible(), "nothing left to show"


def test_voir_on_the_chosen_row_and_j_ai_vu_clears_the_rest(qtbot, connected, live_sandbox):
    kezia = connected()
    window = start_till(qtbot, kezia)
    ui = window.web_orders_ui
    for name in ("Zoé", "Hugo", "Inès"):
        live_sandbox.sandbox.place_shop_order(payload(name))
    qtbot.waitUntil(lambda: ui.alert.count == 3, timeout=8000)
    ui.alert.list.setCurrentRow(1)
    qtbot.mouseClick(ui.alert.view_button, LEFT)
    assert "Hugo Martin" in visible_details(ui)[0].body.toPlainText()
    left = [ui.alert.list.item(i).text().split(" — ")[1] for i in range(ui.alert.count)]
    assert left == ["Zoé Martin", "Inès Martin"]
    qtbot.mouseClick(visible_details(ui)[0].close_button, LEFT)
    qtbot.waitUntil(lambda: ui.alert.isVisible(), timeout=2000)
    qtbot.mouseClick(ui.alert.ack_button, LEFT)
    assert ui.alert.count == 0 and not ui.alert.isVisible()
