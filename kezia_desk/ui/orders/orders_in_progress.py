"""Commandes en cours (F3 on the home screen): the till's orders not finished and the accepted web orders, with
where HubRise stands on each. F3 on a selected row opens it, like Kezia's « Voir F3 »."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTableView, QVBoxLayout, QWidget

from ...domain.order import OrderOrigin
from ...services.order_lists import OrderRow
from ..web_orders.lazy_rows import LazyOrderModel, fixed_columns
from ..web_orders.order_action_controller import OrderActionController
from ..web_orders.order_table import OrderListMixin
from ..web_orders.web_orders_model import RIGHT, ROLES, hour
from ..widgets.touch import InlineMessage, TouchButton, set_enabled

if TYPE_CHECKING:  # the services bundle the composition root gives every screen
    from ...services.order_lists import ListQuery
    from ...services.registry import Services

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("N°", "Origine", "Client", "Service", "Prévue", "Total", "Payée", "Statut", "HubRise")
TOTAL, PAID, STATUS, HUBRISE = 5, 6, 7, 8
SYNC_COLOURS = {"error": "#fde8e6", "warning": "#fff3d1", "ok": "#e3f4e8", "idle": "#eef0f3"}


class InProgressModel(LazyOrderModel):
    """Commandes en cours: light rows with where HubRise stands (read with the rows, by index)."""

    columns = COLUMNS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ROLES:
            return None
        order = self.order_at(index.row())
        if order is None:
            return None
        sync_text, sync_level = order.sync or ("—", "idle")
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.texts(order)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == HUBRISE:
            return sync_text
        if role == Qt.ItemDataRole.BackgroundRole and column == HUBRISE:
            return QBrush(QColor(SYNC_COLOURS.get(sync_level, "#ffffff")))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (TOTAL, PAID):
            return RIGHT
        return None

    def row_texts(self, order: OrderRow) -> tuple[str, ...]:
        till = order.origin is OrderOrigin.TILL
        sync_text = (order.sync or ("—", "idle"))[0]
        values = (
            order.till_number if till else order.code,
            "Caisse" if till else "Web",
            order.customer_name,
            order.service_type.label if order.service_type else "—",
            hour(order.due),
            order.total.format_fr(),
            "Oui" if order.is_paid else "Non",  # what Facturer is for; a paid order is handed over, not cashed
            order.status.label,
            sync_text,
        )
        return tuple(value or "—" for value in values)


class OrdersInProgressScreen(OrderListMixin, QWidget):
    back_requested = Signal()
    new_order_requested = Signal()
    detail_requested = Signal(int)

    def __init__(self, services: Services, controller: OrderActionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ordersInProgressScreen")
        self.services, self.controller = services, controller
        lists = services.order_lists
        self.model = InProgressModel(lists.page, lists.rows, self)
        title = QLabel("Commandes en cours", self)
        title.setObjectName("screenTitle")
        self.new_button = TouchButton("Nouvelle commande", self, role="primary")
        self.new_button.clicked.connect(self.new_order_requested)
        self.back_button = TouchButton("Retour", self, role="nav")
        self.back_button.clicked.connect(self.back_requested)
        header = QHBoxLayout()
        header.addWidget(title, 1)
        header.addWidget(self.new_button)
        header.addWidget(self.back_button)

        self.table = QTableView(self)
        self.setup_order_table()
        self.table.setWordWrap(False)
        # At 1024 px the customer keeps ≈ 180 px; a long HubRise state is elided, whole in its tooltip.
        fixed_columns(self.table, {0: 110, 1: 80, 3: 110, 4: 80, TOTAL: 90, PAID: 70, STATUS: 130, HUBRISE: 150},
                      stretch=2)

        self.view_button = TouchButton("Voir (F3)", self, role="nav")
        self.take_button = TouchButton("Prendre en charge", self, role="payment")
        self.invoice_button = TouchButton("Facturer", self, role="action")
        self.view_button.clicked.connect(self.handle_f3)
        self.take_button.clicked.connect(lambda: self.with_selected(controller.take_charge))
        self.invoice_button.clicked.connect(lambda: self.with_selected(controller.invoice))
        actions = QHBoxLayout()
        for button in (self.view_button, self.take_button, self.invoice_button):
            actions.addWidget(button)
        controller.busy_changed.connect(lambda busy: set_enabled((self.take_button, self.invoice_button),
                                                                 not busy))
        self.message = InlineMessage(self)
        controller.message.connect(self.show_controller_message)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(actions)
        self.follow_changes(services.web_orders.changed, outbox_matters=True)

    def list_query(self) -> ListQuery:
        return self.services.order_lists.in_progress_query()

    def handle_f3(self) -> None:
        """« Voir F3 »: the selected order's detail (history, HubRise state, other statuses)."""
        self.with_selected(self.detail_requested.emit)
