"""Change events say what changed (issue 16): each use case names the orders it wrote and the kind of change, the
outbox dispatcher names the order of each send, and a Fiche commande re-reads only when its own order changed.
The real app polls the sandbox and sends to it over loopback HTTP; the cashier taps Accepter in the Fiche."""
from __future__ import annotations

import json
from collections import Counter

import pytest
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


def counting(read, counter: Counter[int]):
    def counted(local_id, *args):
        counter[local_id] += 1
        return read(local_id, *args)

    return counted


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
    reads: dict[str, Counter[int]] = {"get_view": Counter(), "history": Counter()}  # the whole order, its history
    for name, counter in reads.items():
        monkeypatch.setattr(web, name, counting(getattr(web, name), counter))
    before = fiche.history.rowCount()
    tap_accepter(qtbot, fiche)
    qtbot.waitUntil(lambda: fiche.history.rowCount() > before and fiche.history.item(
        fiche.history.rowCount() - 1, 3).text() == "✔ envoyé à HubRise", timeout=8000)
    assert "Acceptée" in fiche.history.item(fiche.history.rowCount() - 1, 1).text()
    kinds = [(event.kind, set(event.local_ids)) for event in events]
    assert kinds[:2] == [(ChangeKind.STATUS, {first}), (ChangeKind.SENT, {first})], kinds
    assert reads["get_view"][second] == reads["history"][second] == 0, \
        "the other Fiche commande is not read again: nothing of its order changed"
    # The Fiche shows the order with its new status, then (HubRise took it) reads its history again only.
    assert reads["get_view"][first] == 1 and reads["history"][first] == 2
    assert other.isVisible() and "Hugo" in other.windowTitle()


class RawDecodes:
    """Counts the decodes of one order's stored JSON on the real path (json.loads called with exactly that text),
    whoever calls them: store, services, screens."""

    def __init__(self, monkeypatch, kezia, local_id: int) -> None:
        self.raw = kezia.db.execute("SELECT raw FROM orders WHERE local_id = ?", [local_id]).fetchone()[0]
        self.count = 0
        loads = json.loads

        def counted(text, *args, **kwargs):
            if isinstance(text, str) and text == self.raw:
                self.count += 1
            return loads(text, *args, **kwargs)

        monkeypatch.setattr(json, "loads", counted)


@pytest.mark.parametrize("where", ["fiche", "liste"])
def test_one_tap_on_accepter_decodes_the_order_once(qtbot, connected, live_sandbox, monkeypatch, where):
    """From the tap on Accepter (in the Fiche commande, or in Commandes Web with the order selected): the delay
    asked, the status written, the list row, the Fiche showing « Acceptée », then HubRise taking it and the
    history showing « ✔ envoyé à HubRise »: the order's JSON is decoded once."""
    kezia = connected()
    first, _second = till_with_two_orders(qtbot, kezia, live_sandbox.sandbox)
    ui, web = kezia.window.web_orders_ui, kezia.services.web_orders
    ui.open_list()  # Commandes Web visible: its row follows too
    qtbot.waitUntil(lambda: ui.screen.model.row_of(first) is not None, timeout=5000)
    fiche = ui.open_detail(first) if where == "fiche" else None
    decodes = RawDecodes(monkeypatch, kezia, first)
    if fiche is not None:
        tap_accepter(qtbot, fiche)
        qtbot.waitUntil(lambda: not fiche.accept_button.isEnabled(), timeout=5000)  # the Fiche shows « Acceptée »
    else:
        assert ui.screen.select_order(first)
        tap_accepter(qtbot, ui.screen)
    qtbot.waitUntil(lambda: ui.screen.model.row_of(first) is None, timeout=5000)  # it left Nouvelles
    until_shown = decodes.count
    qtbot.waitUntil(lambda: web.pending_outbox_count() == 0 and all(
        change.sent is not False for change in web.history(first)), timeout=8000)
    if fiche is not None:
        qtbot.waitUntil(lambda: fiche.history.item(fiche.history.rowCount() - 1, 3).text()
                        == "✔ envoyé à HubRise", timeout=5000)
    print(f"\nDécodages du JSON de la commande pour un appui sur Accepter ({where}) : {until_shown} jusqu'à "
          f"« Acceptée » affichée, {decodes.count} jusqu'à « envoyé à HubRise »")
    assert decodes.count == 1
