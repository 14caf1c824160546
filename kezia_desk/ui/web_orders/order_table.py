"""What the two order lists (Commandes Web, Commandes en cours) share: the touch table over a lazy model, change
events applied to the rows they name (coalesced), a hidden list marked stale and read again when shown, the
selection, acting on the selected order, and the controller's messages."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QTableView

from ...services.listeners import OrderChanges, Topic

log = logging.getLogger(__name__)
REFRESH_DELAY_MS = 120  # several changes in a row (a burst of orders, the outbox draining) make one update


class OrderListMixin:
    """Mixed into a QWidget that has `table`, `model` (a LazyOrderModel), `message`, `detail_requested` and
    implements `list_query()`."""

    table: QTableView
    model: Any
    message: Any
    detail_requested: Any

    def list_query(self) -> Any:
        raise NotImplementedError

    def setup_order_table(self) -> None:
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(52)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))

    def follow_changes(self, changed: Topic[OrderChanges], *, outbox_matters: bool = False) -> None:
        """Apply change events to the rows they name, at most once per REFRESH_DELAY_MS. `outbox_matters`: the
        list shows where HubRise stands, so a send's outcome (a `sync_only` kind) re-reads the rows it names;
        otherwise such an event changes nothing the list shows."""
        self._pending_ids: set[int] = set()
        self._stale = False
        self._outbox_matters = outbox_matters
        self._refresh_timer = QTimer(self)  # type: ignore[arg-type]
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self._apply_pending)
        changed.add(self.on_orders_changed)  # held weakly: a deleted screen drops out by itself

    def on_orders_changed(self, changes: OrderChanges) -> None:
        if not changes.local_ids or (changes.kind.sync_only and not self._outbox_matters):
            return
        if not self.isVisible():  # type: ignore[attr-defined]
            self._stale = True  # read again when shown, once, whatever happened meanwhile
            return
        self._pending_ids |= changes.local_ids
        self._refresh_timer.start()

    def _apply_pending(self) -> None:
        ids, self._pending_ids = self._pending_ids, set()
        self._guarded(lambda: self.model.apply_changes(ids))

    def showEvent(self, event: QShowEvent) -> None:  # Qt's name
        super().showEvent(event)  # type: ignore[misc]
        if self._stale:
            self._stale = False
            self._keeping_selection(self.model.reload)

    def refresh(self, *_: Any) -> None:
        """Show the current tab and search from the first page."""
        self._stale = False
        self._keeping_selection(lambda: self.model.set_query(self.list_query()))

    def _keeping_selection(self, load: Callable[[], None]) -> None:
        selected = self.selected_local_id()
        if self._guarded(load) and selected is not None:
            self.select_order(selected)

    def _guarded(self, action: Callable[[], None]) -> bool:
        try:
            action()
        except Exception:  # the list must stay usable
            log.exception("liste des commandes")
            self.message.show_error("La liste des commandes n'a pas pu être lue.")
            return False
        return True

    def selected_local_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        order = self.model.order_at(rows[0].row()) if rows else None
        return order.local_id if order else None

    def select_order(self, local_id: int) -> bool:
        """Select an order if the list shows it (in the rows loaded so far)."""
        row = self.model.row_of(local_id)
        if row is None:
            return False
        self.table.selectRow(row)
        return True

    def open_row(self, row: int) -> None:
        order = self.model.order_at(row)
        if order is not None:
            self.table.selectRow(row)
            self.detail_requested.emit(order.local_id)

    def with_selected(self, action: Callable[[int], Any]) -> None:
        local_id = self.selected_local_id()
        if local_id is None:
            self.message.show_error("Sélectionnez d'abord une commande dans la liste.")
            return
        action(local_id)

    def show_controller_message(self, text: str, level: str) -> None:
        if self.isVisible():  # type: ignore[attr-defined]
            {"error": self.message.show_error, "success": self.message.show_success}.get(
                level, self.message.show_info)(text)
