"""The order lists on a filled database: built when first shown, a page at a time, search typed as a cashier
types it (one query once they pause), and changes applied to the rows they name, never a reload per event."""
from __future__ import annotations

import gc

from kd_fixtures.orders import fill_orders
from PySide6.QtCore import Qt

from kezia_desk.domain.order import OrderStatus
from kezia_desk.services.listeners import ChangeKind, OrderChanges, Topic
from kezia_desk.services.order_lists import PAGE_SIZE

LEFT = Qt.MouseButton.LeftButton


class Reads:
    """Counts what the list reads from the read model (pages, rows by id)."""

    def __init__(self, model):
        self.pages, self.rows = [], []
        page, rows = model._read_page, model._read_rows
        model._read_page = lambda q, o, n: self.pages.append((q, o)) or page(q, o, n)
        model._read_rows = lambda q, ids: self.rows.append(set(ids)) or rows(q, ids)


def build(make_app, tmp_path, count, **kwargs):
    fill_orders(tmp_path / "data", count, **kwargs)
    kezia = make_app(start=False)
    kezia.window.choose_seller(kezia.services.sellers.list_sellers()[1])
    return kezia


def open_list(qtbot, kezia):
    window = kezia.window
    qtbot.mouseClick(window.till.web_orders_button, LEFT)
    screen = window.web_orders_ui.screen
    qtbot.waitUntil(lambda: window.current_screen() is screen)
    return screen


def test_the_list_is_built_when_first_shown_and_reads_a_page_at_a_time(qtbot, make_app, tmp_path):
    kezia = build(make_app, tmp_path, 250, statuses=["completed"])
    assert kezia.window.web_orders_ui._screen is None  # start-up did not build nor read Commandes Web
    screen = open_list(qtbot, kezia)
    qtbot.mouseClick(screen.tab_buttons["toutes"], LEFT)
    model = screen.model
    assert model.rowCount() == PAGE_SIZE and model.canFetchMore()
    screen.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > PAGE_SIZE)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 250
    ids = [row.local_id for row in model.orders]
    assert ids == kezia.services.web_orders.lists.ids(screen.list_query())  # same order as the SQL query


def test_search_waits_for_the_cashier_to_pause_then_runs_once(qtbot, make_app, tmp_path):
    kezia = build(make_app, tmp_path, 120, statuses=["received"])
    screen = open_list(qtbot, kezia)
    target = next(row for row in screen.model.orders[5:] if row.customer_name[:4].isascii())  # keyClicks: ASCII
    reads = Reads(screen.model)
    first_name = target.customer_name.split()[0]
    qtbot.keyClicks(screen.search, first_name[:4])
    assert reads.pages == []  # nothing runs while the cashier types
    qtbot.waitUntil(lambda: len(reads.pages) == 1)
    assert reads.pages[0][0].search == first_name[:4]
    qtbot.waitUntil(lambda: screen.model.rowCount() < 120)
    assert target.local_id in [row.local_id for row in screen.model.orders]
    assert all(any(word.lower().startswith(first_name[:4].lower()) for word in row.customer_name.split())
               for row in screen.model.orders)


def test_a_visible_list_updates_the_rows_an_action_touched(qtbot, make_app, tmp_path):
    kezia = build(make_app, tmp_path, 30, statuses=["received"])
    screen = open_list(qtbot, kezia)
    model = screen.model
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    reads = Reads(model)
    order = model.orders[3]
    screen.table.selectRow(3)
    kezia.services.order_actions.accept(order.local_id, kezia.window.current_seller, 0)
    qtbot.waitUntil(lambda: model.row_of(order.local_id) is None)  # it left Nouvelles
    assert reads.rows == [{order.local_id}] and reads.pages == [] and resets == []
    assert model.rowCount() == 29
    qtbot.mouseClick(screen.tab_buttons["en_cours"], LEFT)
    assert [(row.local_id, row.status) for row in model.orders] == [(order.local_id, OrderStatus.ACCEPTED)]


def test_a_hidden_list_is_read_again_once_when_shown(qtbot, make_app, tmp_path):
    kezia = build(make_app, tmp_path, 30, statuses=["received"])
    screen = open_list(qtbot, kezia)
    model = screen.model
    kezia.window.show_home()
    reads = Reads(model)
    first, second = model.orders[0], model.orders[1]
    seller = kezia.window.current_seller
    kezia.services.order_actions.accept(first.local_id, seller, 0)
    kezia.services.order_actions.reject(second.local_id, seller, "Rupture de stock")
    qtbot.wait(300)  # longer than the list's coalescing delay: nothing may have been read meanwhile
    assert reads.pages == [] and reads.rows == []
    kezia.window.stack.setCurrentWidget(screen)
    qtbot.waitUntil(lambda: len(reads.pages) == 1)
    assert model.row_of(first.local_id) is None and model.row_of(second.local_id) is None


def test_commandes_en_cours_reads_the_rows_in_progress_only(qtbot, make_app, tmp_path):
    kezia = build(make_app, tmp_path, 60)
    kezia.window.open_orders_in_progress()
    screen = kezia.window.till_orders_ui.screen
    expected = [o.local_id for o in kezia.services.till_orders.in_progress()]
    assert [row.local_id for row in screen.model.orders] == expected and expected
    assert {row.status for row in screen.model.orders} <= {OrderStatus.ACCEPTED, OrderStatus.IN_PREPARATION}
    assert all(row.sync == ("envoyée", "ok") for row in screen.model.orders)


def test_a_listener_that_is_gone_is_dropped_without_unsubscribing():
    topic: Topic[OrderChanges] = Topic()
    seen = []

    class Screen:
        def on_change(self, changes):
            seen.append(changes)

    screen = Screen()
    topic.add(screen.on_change)
    topic.notify(OrderChanges(frozenset({1}), ChangeKind.STATUS))
    del screen
    gc.collect()
    topic.notify(OrderChanges(frozenset({2}), ChangeKind.STATUS))
    assert [c.local_ids for c in seen] == [{1}] and len(topic) == 0
