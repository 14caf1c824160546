"""Commandes en cours (F3 on the home screen): the till's orders not finished and the accepted web orders, with
where HubRise stands on each. F3 on a selected row opens it, like Kezia's « Voir F3 »."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from ..domain.order import Order, OrderOrigin
from .order_action_controller import OrderActionController
from .web_orders_model import hour
from .widgets import InlineMessage, TouchButton

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("N°", "Origine", "Client", "Service", "Prévue", "Total", "Statut", "HubRise")
SYNC_COLOURS = {"error": "#fde8e6", "warning": "#fff3d1", "ok": "#e3f4e8", "idle": "#eef0f3"}


class InProgressModel(QAbstractTableModel):
    def __init__(self, till_orders: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.till_orders = till_orders
        self.rows: list[tuple[Order, tuple[str, str]]] = []

    def set_orders(self, orders: list[Order]) -> None:
        self.beginResetModel()
        self.rows = [(order, self.till_orders.sync_state(order)) for order in orders]
        self.endResetModel()

    def order_at(self, row: int) -> Order | None:
        return self.rows[row][0] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not 0 <= index.row() < len(self.rows):
            return None
        order, (sync_text, sync_level) = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(order, column, sync_text)
        if role == Qt.ItemDataRole.ToolTipRole and column == 7:
            return sync_text
        if role == Qt.ItemDataRole.BackgroundRole and column == 7:
            return QBrush(QColor(SYNC_COLOURS.get(sync_level, "#ffffff")))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 5:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, order: Order, column: int, sync_text: str) -> str:
        till = order.origin is OrderOrigin.TILL
        values = (
            order.till_number if till else (order.collection_code or (order.hubrise_id or "")[:8]),
            self.tr("Caisse") if till else self.tr("Web"),
            order.customer_name,
            self.tr(order.service_type.label) if order.service_type else "—",
            hour(order.confirmed_time or order.expected_time),
            order.display_total.format_fr(),
            self.tr(order.status.label),
            sync_text,
        )
        return values[column] or "—"


class OrdersInProgressScreen(QWidget):
    back_requested = Signal()
    new_order_requested = Signal()
    detail_requested = Signal(int)

    def __init__(self, services: Any, controller: OrderActionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ordersInProgressScreen")
        self.services, self.controller = services, controller
        self.model = InProgressModel(services.till_orders, self)
        title = QLabel(self.tr("Commandes en cours"), self)
        title.setObjectName("screenTitle")
        self.new_button = TouchButton(self.tr("Nouvelle commande"), self, role="primary")
        self.new_button.clicked.connect(self.new_order_requested)
        self.back_button = TouchButton(self.tr("Retour"), self, role="nav")
        self.back_button.clicked.connect(self.back_requested)
        header = QHBoxLayout()
        header.addWidget(title, 1)
        header.addWidget(self.new_button)
        header.addWidget(self.back_button)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(52)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(7, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(7, 200)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))

        self.view_button = TouchButton(self.tr("Voir (F3)"), self, role="nav")
        self.take_button = TouchButton(self.tr("Prendre en charge"), self, role="payment")
        self.invoice_button = TouchButton(self.tr("Facturer"), self, role="action")
        self.view_button.clicked.connect(self.handle_f3)
        self.take_button.clicked.connect(lambda: self._with_selected(controller.take_charge))
        self.invoice_button.clicked.connect(lambda: self._with_selected(controller.invoice))
        actions = QHBoxLayout()
        for button in (self.view_button, self.take_button, self.invoice_button):
            actions.addWidget(button)
        self.message = InlineMessage(self)
        controller.message.connect(self._on_message)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(actions)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(120)
        self._refresh_timer.timeout.connect(self.refresh)
        services.web_orders.changed.add(lambda *_: self._refresh_timer.start())

    def refresh(self) -> None:
        selected = self.selected_local_id()
        try:
            orders = self.services.till_orders.in_progress()
        except Exception:  # noqa: BLE001 - the list must stay usable
            self.message.show_error(self.tr("La liste des commandes n'a pas pu être lue."))
            return
        self.model.set_orders(orders)
        if selected is not None:
            self.select_order(selected)

    def selected_local_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        order = self.model.order_at(rows[0].row()) if rows else None
        return order.local_id if order else None

    def select_order(self, local_id: int) -> bool:
        for row in range(self.model.rowCount()):
            order = self.model.order_at(row)
            if order is not None and order.local_id == local_id:
                self.table.selectRow(row)
                return True
        return False

    def handle_f3(self) -> None:
        """« Voir F3 »: the selected order's detail (history, HubRise state, other statuses)."""
        local_id = self.selected_local_id()
        if local_id is None:
            self.message.show_error(self.tr("Sélectionnez d'abord une commande dans la liste."))
            return
        self.detail_requested.emit(local_id)

    def _open(self, row: int) -> None:
        order = self.model.order_at(row)
        if order is not None:
            self.table.selectRow(row)
            self.detail_requested.emit(order.local_id)

    def _with_selected(self, action: Any) -> None:
        local_id = self.selected_local_id()
        if local_id is None:
            self.message.show_error(self.tr("Sélectionnez d'abord une commande dans la liste."))
            return
        action(local_id)

    def _on_message(self, text: str, level: str) -> None:
        if self.isVisible():
            {"error": self.message.show_error, "success": self.message.show_success}.get(
                level, self.message.show_info)(text)
