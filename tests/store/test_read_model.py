"""The lists' read model: columns filled at ingest and on every change, backfill after an upgrade, FTS5 search,
query plans that use indexes, and the outbox pruned without losing the history's facts."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from kd_fixtures.orders import fill_orders, order_services, web_order
from kd_fixtures.shop import backend_for

from kezia_desk.domain.order import OrderStatus
from kezia_desk.domain.seller import Seller
from kezia_desk.sandbox.generator import WebShopOrderGenerator
from kezia_desk.services.listeners import ChangeKind, OrderChanges
from kezia_desk.store import migrations
from kezia_desk.store.database import open_database
from kezia_desk.store.order_rows import ListQuery

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
SELLER = Seller(1, "Marie", True, None)


def ingest(service, raw, event="e"):
    return service.store.ingest(f"{event}-{raw['id']}", raw, raw["created_at"],
                                receive_status="received", keep_local_status=False, by="test",
                                status=raw["status"])


@pytest.fixture
def backend(tmp_path):
    db = open_database(tmp_path)
    yield backend_for(db)
    db.conn.close()


@pytest.fixture
def service(backend):
    return backend.services.web_orders


def named(service, customer, phone="+33612345678", email="zoe.martin@exemple.fr", number=1, **overrides):
    first, last = customer.split()
    raw = web_order(WebShopOrderGenerator(number), number, NOW - timedelta(minutes=number), **overrides)
    raw["customer"] = {**raw["customer"], "first_name": first, "last_name": last, "phone": phone, "email": email}
    raw["collection_code"] = f"C{number}"
    return ingest(service, raw).local_id


def test_a_row_shows_from_columns_what_the_detail_shows(service):
    local_id = named(service, "Zoé Martin")
    row = service.lists.page(service.lists.query("nouvelles"))[0]
    order = service.get_order(local_id)
    assert (row.local_id, row.customer_name, row.status) == (local_id, "Zoé Martin", OrderStatus.RECEIVED)
    assert (row.total, row.is_paid, row.service_type) == (order.display_total, order.is_paid, order.service_type)
    assert row.due == order.expected_time and row.created_at == order.created_at
    assert row.flag_details == tuple(order.flag_details)


@pytest.mark.parametrize("typed", ["zoe", "ZOÉ", "zo", "mart", "0612", "+33 6 12", "zoe.mar", "c1", "hr00000"])
def test_search_ignores_accents_and_case_and_matches_prefixes(service, typed):
    zoe = named(service, "Zoé Martin", number=1)
    named(service, "Hugo Bernard", phone="+33798765432", email="hugo@exemple.fr", number=2)
    found = [row.local_id for row in service.lists.page(service.lists.query("toutes", typed))]
    assert found[0] == zoe and (len(found) == 1 or typed == "hr00000")


def test_an_action_updates_the_row_and_the_event_names_it(backend, service):
    local_id = named(service, "Zoé Martin")
    events: list[OrderChanges] = []
    service.changed.add(events.append)
    actions = backend.services.order_actions
    actions.accept(local_id, SELLER, 10)
    assert events[-1].local_ids == {local_id} and events[-1].kind is ChangeKind.STATUS
    assert service.lists.page(service.lists.query("nouvelles")) == []
    row = service.lists.page(service.lists.query("en_cours"))[0]
    assert row.status is OrderStatus.ACCEPTED and row.due == service.get_order(local_id).confirmed_time


def test_a_write_path_that_forgets_the_read_model_is_caught_by_the_trigger(service):
    """A write this branch does not know (another feature's new store method) marks the row stale; the next
    event names it and the lists show it right."""
    local_id = named(service, "Zoé Martin")
    service.store.db.execute("UPDATE orders SET status = 'completed' WHERE local_id = ?", [local_id])
    events: list[OrderChanges] = []
    service.changed.add(events.append)
    service.publish(ChangeKind.UPDATED)  # any use case's event, naming none of it
    assert events[-1].local_ids == {local_id}
    assert [r.status for r in service.lists.page(service.lists.query("terminees"))] == [OrderStatus.COMPLETED]


def test_upgrade_backfills_the_columns_of_existing_orders(tmp_path, monkeypatch):
    """A database filled before migration 500 gets its list columns and search text when the app starts."""
    monkeypatch.setattr(migrations, "FEATURE_MODULES",
                        tuple(m for m in migrations.FEATURE_MODULES if m != "schema_read_model"))
    old = open_database(tmp_path)
    raw = web_order(WebShopOrderGenerator(1), 1, NOW, customer={"first_name": "Élodie", "last_name": "Roux"})
    old.execute("INSERT INTO orders (hubrise_id, status, raw, received_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                [raw["id"], "received", __import__("json").dumps(raw), NOW.isoformat(), NOW.isoformat()])
    old.conn.close()
    monkeypatch.undo()
    service = order_services(open_database(tmp_path))  # build_services backfills at start, as the till does
    assert service.lists.refresh_stale() == set()  # nothing left stale
    [row] = service.lists.page(service.lists.query("nouvelles", "elod"))
    assert (row.customer_name, row.total) == ("Élodie Roux", service.get_order(1).display_total)
    service.store.db.conn.close()


HOT_QUERIES = {
    "nouvelles": ListQuery(origin="web", ranks=(0,)), "en cours": ListQuery(origin="web", ranks=(1,)),
    "terminées": ListQuery(origin="web", statuses=("completed",)),
    "annulées": ListQuery(origin="web", statuses=("rejected", "cancelled", "delivery_failed")),
    "toutes": ListQuery(origin="web"), "recherche": ListQuery(origin="web", search="zoe 06"),
    "commandes en cours": ListQuery(in_progress=True),
}


def scans(db, sql, params):
    """Steps reading a whole table or index (orders_list_stale is partial: it holds only the stale rows)."""
    plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()]
    return [step for step in plan if re.match(r"SCAN (orders|order_history|outbox|o|h|x|older)\b", step)
            and "orders_list_stale" not in step]


def test_hot_queries_use_indexes_not_scans(tmp_path):
    fill_orders(tmp_path, 300)
    db = open_database(tmp_path)
    db.execute("ANALYZE")
    from kezia_desk.store import order_rows

    statements = []
    for name, query in HOT_QUERIES.items():
        where, params = query.where()
        statements.append((name, f"SELECT {order_rows.ROW_COLUMNS}{order_rows.SYNC_COLUMNS} FROM orders{where}"
                                 f"{query.order_by} LIMIT 100 OFFSET 0", params))
        statements.append((name + " (lignes)", f"SELECT {order_rows.ROW_COLUMNS} FROM orders{where}"
                                               f"{' AND' if where else ' WHERE'} local_id IN (?, ?)", [*params, 1, 2]))
    statements += [
        ("détail", "SELECT * FROM orders WHERE local_id = ?", [1]),
        ("par id HubRise", "SELECT * FROM orders WHERE hubrise_id = ?", ["hr0000001"]),
        ("par private_ref", "SELECT * FROM orders WHERE private_ref = ?", ["kezia-1"]),
        ("historique", "SELECT h.id, o.sent_at FROM order_history h LEFT JOIN outbox o ON o.id = h.outbox_id "
                       "WHERE h.local_id = ? ORDER BY h.id", [1]),
        ("envois d'une commande", "SELECT * FROM outbox WHERE local_id = ? ORDER BY id", [1]),
        ("envoi en attente", "SELECT 1 FROM outbox WHERE local_id = ? AND sent_at IS NULL AND failed = 0 LIMIT 1", [1]),
        ("file d'envoi", "SELECT o.* FROM outbox o WHERE o.sent_at IS NULL AND o.failed = 0 AND o.next_attempt_at"
                         " <= ? AND NOT EXISTS (SELECT 1 FROM outbox older WHERE older.local_id = o.local_id AND"
                         " older.id < o.id AND older.sent_at IS NULL AND older.failed = 0) ORDER BY o.id", [0]),
        ("lignes périmées", "SELECT local_id FROM orders WHERE list_stale = 1 ORDER BY local_id LIMIT ?", [500]),
        ("purge", "DELETE FROM outbox WHERE sent_at < ?", ["2026"]),
    ]
    for name, sql, params in statements:
        assert scans(db, sql, params) == [], f"{name} : {sql}"
    db.conn.close()


def test_pruning_sent_outbox_rows_keeps_the_history_facts(service):
    local_id = named(service, "Zoé Martin", status="new")  # the till queues « received » for HubRise
    outbox = service.outbox
    [row] = outbox.for_order(local_id)
    outbox.mark_sent(row["id"])
    service.store.db.execute("UPDATE outbox SET sent_at = ? WHERE id = ?", [(NOW - timedelta(days=40)).isoformat(),
                                                                           row["id"]])
    before = service.get_view(local_id).history
    assert outbox.prune_sent(30) == 1
    assert outbox.for_order(local_id) == []
    assert service.get_view(local_id).history == before and before[-1].sent is True


def test_the_search_column_older_versions_wrote_is_dropped_and_its_orders_still_found(tmp_path, monkeypatch):
    """orders.search_text (before FTS5) is read by nothing: migration 502 drops it; an order stored by a version
    that still wrote it is found by the search box all the same."""
    monkeypatch.setattr(migrations, "FEATURE_MODULES",
                        tuple(m for m in migrations.FEATURE_MODULES if m != "schema_read_model"))
    old = open_database(tmp_path)
    raw = web_order(WebShopOrderGenerator(2), 2, NOW, customer={"first_name": "Anaïs", "last_name": "Petit"})
    old.execute("INSERT INTO orders (hubrise_id, status, raw, received_at, updated_at, search_text) "
                "VALUES (?, ?, ?, ?, ?, ?)", [raw["id"], "received", __import__("json").dumps(raw), NOW.isoformat(),
                                             NOW.isoformat(), "anais petit"])
    old.conn.close()
    monkeypatch.undo()
    service = order_services(open_database(tmp_path))
    try:
        assert "search_text" not in {column.name for column in service.store.db["orders"].columns}
        [row] = service.lists.page(service.lists.query("nouvelles", "anaï"))
        assert row.customer_name == "Anaïs Petit"
    finally:
        service.store.db.conn.close()
