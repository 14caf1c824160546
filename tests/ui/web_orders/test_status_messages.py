"""The status bar and the screens' messages say what is true now: connected as soon as HubRise answers again,
« Vérification… » only while the check runs, and long texts never cut at 1024×768."""
import pytest
from kd_fixtures.screenshots import shot
from kd_fixtures.web_orders import payload, start_till
from PySide6.QtCore import Qt

LEFT = Qt.MouseButton.LeftButton


def test_status_bar_says_connected_as_soon_as_the_queue_gets_through(qtbot, connected, live_sandbox):
    kezia = connected(poll_interval=60)  # no poll will come to the rescue during the test
    window = start_till(qtbot, kezia)
    ui, status = window.web_orders_ui, window.hubrise_status
    web_orders = kezia.services.web_orders
    # A wake-up during a poll is lost (the poller clears it when the poll ends): check once the first poll is over.
    qtbot.waitUntil(lambda: kezia.services.link_status.current.state == "ok", timeout=5000)
    live_sandbox.sandbox.place_shop_order(payload("Zoé"))
    qtbot.mouseClick(window.till.web_orders_button, LEFT)
    qtbot.mouseClick(ui.screen.check_button, LEFT)
    qtbot.waitUntil(lambda: ui.screen.model.rowCount() == 1 and web_orders.pending_outbox_count() == 0,
                    timeout=8000)
    ui.screen.select_order(ui.screen.model.order_at(0).local_id)
    polls = kezia.poller.polls
    live_sandbox.stop()
    qtbot.mouseClick(ui.screen.take_button, LEFT)
    qtbot.waitUntil(lambda: kezia.services.link_status.current.state == "error"
                    and "1 mise à jour en attente" in status.toolTip(),
                    timeout=5000)
    assert "connecté" not in status.toolTip()
    live_sandbox.start()
    qtbot.waitUntil(lambda: web_orders.pending_outbox_count() == 0, timeout=8000)
    assert status.level == "ok" and status.toolTip().startswith("HubRise : connecté")
    assert kezia.poller.polls == polls, "the queue said it, not a poll"


def test_verifier_maintenant_says_when_the_check_is_over(qtbot, connected, live_sandbox):
    kezia = connected(poll_interval=60)
    window = start_till(qtbot, kezia)
    ui = window.web_orders_ui
    qtbot.waitUntil(lambda: kezia.services.link_status.current.state == "ok", timeout=5000)  # the first poll is over
    qtbot.mouseClick(window.till.web_orders_button, LEFT)
    polls = kezia.poller.polls
    live_sandbox.sandbox.place_shop_order(payload("Zoé"))
    qtbot.mouseClick(ui.screen.check_button, LEFT)
    qtbot.mouseClick(ui.screen.check_button, LEFT)  # greyed while the check runs: one check
    assert ui.screen.message.text() == "Vérification des commandes en cours…"
    qtbot.waitUntil(lambda: ui.screen.message.level != "info", timeout=5000)
    assert ui.screen.message.text() == "Vérification terminée : HubRise répond."
    assert ui.screen.check_button.isEnabled() and kezia.poller.polls == polls + 1
    qtbot.waitUntil(lambda: ui.screen.model.rowCount() == 1, timeout=3000)
    # HubRise unreachable: the check ends with the reason, not with an endless « Vérification… ».
    live_sandbox.stop()
    qtbot.mouseClick(ui.screen.check_button, LEFT)
    qtbot.waitUntil(lambda: ui.screen.message.level != "info", timeout=5000)
    assert ui.screen.message.level == "error" and ui.screen.message.text() == kezia.services.link_status.current.text
    assert "Vérification" not in ui.screen.message.text()


def test_verifier_maintenant_without_hubrise_says_so_at_once(qtbot, unconnected):
    kezia = unconnected()
    window = kezia.window
    window.show_seller_choice()
    window.choose_seller(kezia.services.sellers.list_sellers()[1])
    qtbot.mouseClick(window.till.web_orders_button, LEFT)
    screen = window.web_orders_ui.screen
    qtbot.mouseClick(screen.check_button, LEFT)
    assert screen.message.level == "error" and screen.message.text() == "HubRise : non connecté"


@pytest.mark.screenshot
def test_a_long_status_is_never_cut_at_1024x768_and_a_tap_shows_it_whole(qtbot, connected, live_sandbox):
    kezia = connected()
    window = start_till(qtbot, kezia)
    status = window.hubrise_status
    assert window.width() == 1024 and window.height() == 768
    live_sandbox.sandbox.revoke()
    qtbot.waitUntil(lambda: kezia.services.link_status.current.state == "revoked", timeout=5000)
    full = kezia.services.link_status.summary()[0]
    assert "(Paramètres Web > Connexion). — dernier contact" in full
    shot(window, "status_revoked.png")
    shown = status.text()
    room = status.contentsRect().width()  # inside kezia.qss's padding
    assert status.fontMetrics().horizontalAdvance(shown) <= room, "the text fits the label"
    assert status.mapTo(window, status.rect().topRight()).x() <= window.width()
    assert shown == full or (shown.endswith("…") and full.startswith(shown[:-1])), shown
    assert status.toolTip() == full
    qtbot.mouseClick(status, LEFT)
    diagnostics = window.web_orders_ui.diagnostics
    reason = kezia.services.link_status.current.text
    assert diagnostics.isVisible() and reason in diagnostics.summary.text() and diagnostics.summary.wordWrap()
