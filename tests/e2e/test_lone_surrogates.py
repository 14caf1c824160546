"""A lone surrogate never blocks reception (issue 16): HubRise may deliver a JSON `\\ud800` escape in any text of an
order (valid JSON; Python reads a lone surrogate, which no UTF-8 column and no Qt text can hold). Each such event
is posted to the sandbox over real loopback HTTP (`POST /_sandbox/events`, its bytes as sent), with a normal order
behind it; the running till stores each one flagged ⚠ (the character shown « � ») or keeps it aside, acknowledges
it, and every order behind arrives. The Fiche commande and the search box (FTS5) work on them.
"""
from __future__ import annotations

import json

import httpx
import pytest
from kd_fixtures.screenshots import shot
from PySide6.QtCore import Qt

from kezia_desk.domain.order import FLAG_BAD_FIELD

GOOD = {"status": "new", "service_type": "collection",
        "items": [{"product_name": "Regina", "price": "12.00 EUR", "quantity": "1"}]}
SURROGATES = ("\ud800", "\udbff", "\udc00", "\udfff")


def base_state(order_id: str) -> dict:
    return {"id": order_id, "status": "new", "service_type": "delivery", "ref": "R-1", "collection_code": "AB12",
            "private_ref": "pr-1", "created_by": "Boutique", "created_at": "2030-01-05T19:00:00+01:00",
            "expected_time": "2030-01-05T19:30:00+01:00", "customer_notes": "Sonnez", "seller_notes": "Vu",
            "customer": {"first_name": "Zoé", "last_name": "Martin", "phone": "+33612345678",
                         "email": "zoe@example.fr", "address_1": "1 rue de la Paix", "city": "Paris"},
            "items": [{"product_name": "Regina", "sku_ref": "1012", "price": "12.00 EUR", "quantity": "1",
                       "customer_notes": "Sans olives", "options": [{"name": "Supplément", "price": "1.00 EUR"}]}],
            "payments": [{"name": "CB en ligne", "ref": "pay-1", "amount": "15.00 EUR", "type": "online_payment"}],
            "charges": [{"name": "Livraison", "price": "2.00 EUR"}],
            "custom_fields": {"note": "x"}, "total": "15.00 EUR"}


# Where the lone surrogate goes: every string field the till reads, and a key (path, how to set it).
FIELDS = {
    "id": lambda s, bad: s.__setitem__("id", s["id"] + bad),
    "ref": lambda s, bad: s.__setitem__("ref", "R" + bad),
    "collection_code": lambda s, bad: s.__setitem__("collection_code", bad + "12"),
    "private_ref": lambda s, bad: s.__setitem__("private_ref", "pr" + bad),
    "created_by": lambda s, bad: s.__setitem__("created_by", bad),
    "created_at": lambda s, bad: s.__setitem__("created_at", "2030-01-05T19:00:00" + bad),
    "service_type": lambda s, bad: s.__setitem__("service_type", "delivery" + bad),
    "status": lambda s, bad: s.__setitem__("status", bad),
    "customer_notes": lambda s, bad: s.__setitem__("customer_notes", "Sonnez " + bad),
    "seller_notes": lambda s, bad: s.__setitem__("seller_notes", bad),
    "first_name": lambda s, bad: s["customer"].__setitem__("first_name", "Zo" + bad),
    "last_name": lambda s, bad: s["customer"].__setitem__("last_name", bad + "Martin"),
    "phone": lambda s, bad: s["customer"].__setitem__("phone", "+3361234" + bad),
    "email": lambda s, bad: s["customer"].__setitem__("email", "zoe" + bad + "@example.fr"),
    "product_name": lambda s, bad: s["items"][0].__setitem__("product_name", "Regina" + bad),
    "sku_ref": lambda s, bad: s["items"][0].__setitem__("sku_ref", "10" + bad),
    "option_name": lambda s, bad: s["items"][0]["options"][0].__setitem__("name", bad),
    "payment_name": lambda s, bad: s["payments"][0].__setitem__("name", "CB" + bad),
    "charge_name": lambda s, bad: s["charges"][0].__setitem__("name", bad),
    "key": lambda s, bad: s["custom_fields"].__setitem__("clé" + bad, "x"),
}


def hostile_json(name: str, n: int) -> str:
    """The event's state as JSON text holding the JSON escape of a lone surrogate (json.dumps writes `\\udXXX`)."""
    state = base_state(f"lone-{n}")
    FIELDS[name](state, SURROGATES[n % len(SURROGATES)])
    text = json.dumps(state)
    assert "\\ud" in text.lower()
    return text


@pytest.mark.screenshot
def test_lone_surrogates_in_every_field_never_block_the_orders_behind(qtbot, connected, live_sandbox):
    kezia = connected()
    sandbox = live_sandbox.sandbox
    qtbot.waitUntil(lambda: kezia.poller.callback_registered, timeout=5000)
    kezia.poller.paused = True  # the hostile events first in HubRise's list, a normal order behind each
    events, good = {}, []
    with httpx.Client(base_url=live_sandbox.base_url, timeout=10) as http:
        for n, name in enumerate(FIELDS):
            answer = http.post("/_sandbox/events", content=hostile_json(name, n).encode("ascii"))
            assert answer.status_code == 200
            events[name] = answer.json()["id"]
            good.append(sandbox.place_shop_order(GOOD)["id"])
    kezia.poller.resume()
    web = kezia.services.web_orders
    qtbot.waitUntil(lambda: {o.hubrise_id for o in web.list_orders()} >= set(good), timeout=20_000)
    qtbot.waitUntil(lambda: sandbox.pending_events() == [], timeout=10_000)  # every event acknowledged

    kept = {row["event_id"] for row in web.kept_aside()}
    stored = {}
    for n, (name, event_id) in enumerate(events.items()):
        row = kezia.db.execute("SELECT local_id FROM orders WHERE hubrise_id IN (?, ?)",
                               [f"lone-{n}", f"lone-{n}\ufffd"]).fetchone()
        assert (row is None) != (event_id not in kept), name  # stored or kept aside, never lost
        if row is not None:
            stored[name] = row[0]
    assert len(stored) == len(FIELDS), f"kept aside: {sorted(set(FIELDS) - set(stored))}"
    for name, local_id in stored.items():
        order = web.get_order(local_id)
        text = json.dumps(order.__dict__, default=str, ensure_ascii=False)
        assert "\ufffd" in text and FLAG_BAD_FIELD in order.flags, name  # shown « � », flagged ⚠
        assert "Texte illisible" in " ".join(order.flag_details), name
    assert not any(task.done() for task in kezia.tasks), "the poller and the dispatcher never die"
    print(f"\n{len(FIELDS)} événements avec un substitut isolé (un par champ) : {len(stored)} enregistrées "
          f"signalées, {len(kept)} mises de côté, {len(good)} commandes normales derrière arrivées, 0 en attente")

    # The cashier's side: the Commandes Web list and its search box (FTS5), then each Fiche commande opens.
    ui = kezia.window.web_orders_ui
    ui.open_list()
    screen = ui.screen
    screen.set_tab("toutes")
    qtbot.waitUntil(lambda: screen.model.rowCount() == len(FIELDS) + len(good), timeout=5000)
    qtbot.keyClicks(screen.search, "Zo")  # the first name holding « � » and every « Zoé »
    qtbot.waitUntil(lambda: screen.model.rowCount() == len(FIELDS), timeout=5000)
    screen.search.clear()
    screen.search.setText("\ufffd")  # pasted (no key types it): the character itself finds the orders holding it
    qtbot.waitUntil(lambda: screen.model.rowCount() >= 1, timeout=5000)
    screen.search.clear()
    qtbot.keyClicks(screen.search, "lone-0")
    qtbot.waitUntil(lambda: "lone-0\ufffd" in {row.hubrise_id for row in screen.model.orders}, timeout=5000)
    screen.grab()
    for name, local_id in stored.items():
        detail = ui.open_detail(local_id)
        qtbot.waitUntil(detail.isVisible, timeout=3000)
        assert "\ufffd" in detail.body.toPlainText() + detail.windowTitle() or name in (
            "id", "created_at", "service_type", "status", "private_ref", "key", "sku_ref"), name
        detail.grab()
        if name == "first_name":
            shot(detail, "order_detail_unreadable_text.png")
        qtbot.mouseClick(detail.close_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda d=detail: not d.isVisible(), timeout=3000)
