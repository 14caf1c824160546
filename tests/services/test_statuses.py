"""Statuses at the service level: a status the order already has records and sends nothing; Accepter's confirmed
time is the till's own column, which a later HubRise update does not erase."""
import json
from datetime import datetime

import pytest
from kd_fixtures.shop import item, place

from kezia_desk.domain.order import OrderStatus
from kezia_desk.store.database import open_database


def trail(shop, local_id):
    history = [(h["status"], h["note"]) for h in shop.store.history(local_id)]
    sent = [row["payload"].get("status") for row in shop.outbox.for_order(local_id)]
    return history, sent


def test_take_charge_twice_records_and_sends_once(shop):
    local_id = place(shop, [item("Regina", "1012", "12.00")])
    shop.actions.take_charge(local_id, shop.seller)
    once = trail(shop, local_id)
    shop.actions.take_charge(local_id, shop.seller)
    assert trail(shop, local_id) == once
    assert once[1] == ["received", "in_preparation"]


@pytest.mark.parametrize("action", ["accept", "reject", "set_status"])
def test_a_second_tap_on_any_action_does_nothing_more(shop, action):
    local_id = place(shop, [item("Regina", "1012", "12.00")])
    do = {"accept": lambda: shop.actions.accept(local_id, shop.seller, 10),
          "reject": lambda: shop.actions.reject(local_id, shop.seller, "Rupture de stock"),
          "set_status": lambda: shop.actions.set_status(local_id, OrderStatus.AWAITING_COLLECTION, shop.seller)}[action]
    do()
    once = trail(shop, local_id)
    do()
    assert trail(shop, local_id) == once and len(once[1]) == 2


def test_the_confirmed_time_survives_a_hubrise_update(shop):
    local_id = place(shop, [item("Regina", "1012", "12.00")], expected_time="2030-01-05T19:30:00+01:00")
    confirmed = shop.actions.accept(local_id, shop.seller, 20)
    row = shop.store.get(local_id)
    assert "confirmed_time" not in row["raw"] and row["confirmed_time"] == confirmed.isoformat()
    raw = dict(row["raw"], status="accepted", customer_notes="Interphone en panne")
    shop.store.ingest("evt-update", raw, "2030-01-05T18:00:00+00:00", receive_status=None,
                      keep_local_status=False, by="HubRise")
    order = shop.web_orders.get_order(local_id)
    assert order.customer_notes == "Interphone en panne"
    assert order.confirmed_time == datetime.fromisoformat("2030-01-05T19:50:00+01:00")


def test_the_migration_moves_an_older_versions_confirmed_time_out_of_the_hubrise_json(shop, tmp_path):
    local_id = place(shop, [item("Regina", "1012", "12.00")])
    db = shop.db
    # An older version: no column, the time written inside `raw`.
    db.execute("ALTER TABLE orders DROP COLUMN confirmed_time")
    db.execute("DELETE FROM schema_version WHERE version = 301")
    raw = dict(shop.store.get(local_id)["raw"], confirmed_time="2030-01-05T19:40:00+01:00")
    db.execute("UPDATE orders SET status = 'accepted', raw = ? WHERE local_id = ?", [json.dumps(raw), local_id])
    db.conn.close()
    reopened = open_database(tmp_path)
    try:
        assert reopened.execute("SELECT confirmed_time FROM orders WHERE local_id = ?", [local_id]).fetchone()[0] == \
            "2030-01-05T19:40:00+01:00"
    finally:
        reopened.conn.close()
