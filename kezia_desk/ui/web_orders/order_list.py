"""What the two order lists (Commandes Web, Commandes en cours) share: the touch table, live reloads coalesced
into one, keeping the selection across reloads, acting on the selected order, and the controller's messages."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractItemView, QTableView

log = logging.getLogger(__name__)
REFRESH_DELAY_MS = 120  # several changes in a row (a burst of orders, the outbox draining) make one reload


class OrderListMixin:
    """Mixed into a QWidget that has `table`, `model` (with order_at), `message`, `detail_requested` and
    implements `load_orders()`."""

    table: QTableView
    model: Any
    message: Any
    detail_requested: Any

    def load_orders(self) -> list[Any]:
        raise NotImplementedError

    def setup_order_table(self) -> None:
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(52)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))

    def follow_changes(self, changed: Any) -> None:
        """Reload when the service says orders changed, at most once per REFRESH_DELAY_MS."""
        self._refresh_timer = QTimer(self)  # type: ignore[arg-type]
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        changed.add(self.schedule_refresh)

    def schedule_refresh(self, *_: Any) -> None:
        """Reload soon rather than now: one reload for a burst of changes keeps the screen responsive."""
        self._refresh_timer.start()

    def refresh(self, *_: Any) -> None:
        selected = self.selected_local_id()
        try:
            orders = self.load_orders()
        except Exception:  # noqa: BLE001 - the list must stay usable
            log.exception("liste des commandes")
            self.message.show_error(self.tr("La liste des commandes n'a pas pu être lue."))  # type: ignore[attr-defined]
            return
        self.model.set_orders(orders)
        if selected is not None:
            self.select_order(selected)

    def selected_local_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        order = self.model.order_at(rows[0].row()) if rows else None
        return order.local_id if order else None

    def select_order(self, local_id: int) -> bool:
        for row in range(self.model.rowCount()):
            order = self.model.order_at(row)
            if order is not None and order.local_id == local_id:
                self.table.selectRow(row)
                return True
        return False

    def open_row(self, row: int) -> None:
        order = self.model.order_at(row)
        if order is not None:
            self.table.selectRow(row)
            self.detail_requested.emit(order.local_id)

    def with_selected(self, action: Callable[[int], Any]) -> None:
        local_id = self.selected_local_id()
        if local_id is None:
            self.message.show_error(self.tr("Sélectionnez d'abord une commande dans la liste."))  # type: ignore[attr-defined]
            return
        action(local_id)

    def show_controller_message(self, text: str, level: str) -> None:
        if self.isVisible():  # type: ignore[attr-defined]
            {"error": self.message.show_error, "success": self.message.show_success}.get(
                level, self.message.show_info)(text)
