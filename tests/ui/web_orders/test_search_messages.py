"""Commandes Web's message follows the list it speaks of: an action's outcome goes when the cashier searches,
and a search that finds nothing says so."""
from kd_fixtures.web_orders import payload, start_till
from PySide6.QtCore import Qt

LEFT = Qt.MouseButton.LeftButton


def test_a_status_message_goes_with_the_next_search_and_an_empty_search_says_so(qtbot, connected, live_sandbox):
    kezia = connected()
    window = start_till(qtbot, kezia)
    ui = window.web_orders_ui
    live_sandbox.sandbox.place_shop_order(payload("Zoé"))
    qtbot.waitUntil(lambda: ui.alert.count == 1, timeout=8000)
    qtbot.mouseClick(window.till.web_orders_button, LEFT)
    screen = ui.screen
    qtbot.mouseClick(screen.tab_buttons["toutes"], LEFT)  # the order stays listed once taken in charge
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=5000)
    screen.select_order(screen.model.order_at(0).local_id)
    qtbot.mouseClick(screen.take_button, LEFT)
    qtbot.waitUntil(lambda: screen.message.level == "success", timeout=5000)
    assert "enregistré" in screen.message.text()

    qtbot.keyClicks(screen.search, "Zo")
    assert not screen.message.isVisible(), "the status message spoke of the list before this search"
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1 and not screen.search_timer.isActive(), timeout=3000)
    assert not screen.message.isVisible(), "the search found Zoé: nothing to say"

    qtbot.keyClicks(screen.search, "xyz")
    qtbot.waitUntil(lambda: screen.message.level == "info", timeout=3000)
    assert screen.message.text() == "Aucune commande ne correspond à « Zoxyz »."
    assert screen.model.rowCount() == 0
