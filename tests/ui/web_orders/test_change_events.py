"""Change events say what changed (issue 16): each use case names the orders it wrote and the kind of change, the
outbox dispatcher names the order of each send, and a Fiche commande re-reads only when its own order changed.
The real app polls the sandbox and sends to it over loopback HTTP; the cashier taps Accepter in the Fiche."""
from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kezia_desk.services.listeners import ChangeKind, OrderChanges
from kezia_desk.ui.web_orders.order_actions_dialogs import AcceptDialog

LEFT = Qt.MouseButton.LeftButton


def shop_order(name: str) -> dict:
    return {"status": "new", "service_type": "collection", "expected_time": "2030-01-05T19:30:00+01:00",
            "customer": {"first_name": name, "last_name": "Martin"},
            "items": [{"product_name": "Regina", "sku_ref": "1012", "price": "12.00 EUR", "quantity": "1"}]}


def till_with_two_orders(qtbot, kezia, sandbox) -> tuple[int, int]:
    """A seller at the till, two web orders received and acknowledged (« reçue » sent): their local ids."""
    qtbot.waitUntil(lambda: kezia.poller.callback_registered, timeout=5000)
    kezia.window.show_seller_choice()
    kezia.window.choose_seller(kezia.services.sellers.list_sellers()[1])
    first, second = (sandbox.place_shop_order(shop_order(name))["id"] for name in ("Zoé", "Hugo"))
    web = kezia.services.web_orders
    qtbot.waitUntil(lambda: len(web.list_orders()) == 2 and web.pending_outbox_count() == 0, timeout=8000)
    ids = {order.hubrise_id: order.local_id for order in web.list_orders()}
    kezia.window.web_orders_ui.alert.acknowledge()
    return ids[first], ids[second]


def tap_accepter(qtbot, detail) -> None:
    qtbot.mouseClick(detail.accept_button, LEFT)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, AcceptDialog) and w.isVisible())
    qtbot.mouseClick(dialog.buttons[0], LEFT)  # « À l'heure prévue »


def test_a_send_re_reads_the_fiche_of_its_own_order_only(qtbot, connected, live_sandbox, monkeypatch):
    kezia = connected()
    first, second = till_with_two_orders(qtbot, kezia, live_sandbox.sandbox)
    web, ui = kezia.services.web_orders, kezia.window.web_orders_ui
    events: list[OrderChanges] = []
    web.changed.add(events.append)
    fiche, other = ui.open_detail(first), ui.open_detail(second)
    reads: Counter[int] = Counter()
    get_view = web.get_view

    def counted(local_id: int):
        reads[local_id] += 1
        return get_view(local_id)

    monkeypatch.setattr(web, "get_view", counted)
    before = fiche.history.rowCount()
    tap_accepter(qtbot, fiche)
    qtbot.waitUntil(lambda: fiche.history.rowCount() > before and fiche.history.item(
        fiche.history.rowCount() - 1, 3).text() == "✔ envoyé à HubRise", timeout=8000)
    assert "Acceptée" in fiche.history.item(fiche.history.rowCount() - 1, 1).text()
    kinds = [(event.kind, set(event.local_ids)) for event in events]
    assert kinds[:2] == [(ChangeKind.STATUS, {first}), (ChangeKind.SENT, {first})], kinds
    assert reads[second] == 0, "the other Fiche commande is not read again: nothing of its order changed"
    assert reads[first] == 2  # once for the new status, once when HubRise took it
    assert other.isVisible() and "Hugo" in other.windowTitle()
