"""Commandes Web: the web orders by state, searchable, live; a loupe on each row opens the Fiche commande."""
from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QTableView, QVBoxLayout, QWidget)

from .order_action_controller import OrderActionController
from .web_orders_model import WebOrdersTableModel
from .widgets import InlineMessage, TouchButton

log = logging.getLogger(__name__)
REFRESH_DELAY_MS = 120  # several changes in a row (a burst of orders, the outbox draining) make one reload


TABS = (("nouvelles", "Nouvelles"), ("en_cours", "En cours"), ("terminees", "Terminées"),
        ("annulees", "Annulées/Refusées"), ("toutes", "Toutes"))


class WebOrdersScreen(QWidget):
    back_requested = Signal()
    detail_requested = Signal(int)
    diagnostics_requested = Signal()

    def __init__(self, services: Any, controller: OrderActionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("webOrdersScreen")
        self.services, self.controller = services, controller
        self.tab = "nouvelles"
        self.model = WebOrdersTableModel(self)

        title = QLabel(self.tr("Commandes Web"), self)
        title.setObjectName("screenTitle")
        self.check_button = TouchButton(self.tr("Vérifier maintenant"), self, role="nav")
        self.check_button.clicked.connect(self._check_now)
        self.diagnostics_button = TouchButton(self.tr("Diagnostic"), self, role="nav")
        self.diagnostics_button.clicked.connect(self.diagnostics_requested)
        self.back_button = TouchButton(self.tr("Retour"), self, role="nav")
        self.back_button.clicked.connect(self.back_requested)
        header = QHBoxLayout()
        header.addWidget(title, 1)
        for button in (self.check_button, self.diagnostics_button, self.back_button):
            header.addWidget(button)

        tabs = QHBoxLayout()
        self.tab_group = QButtonGroup(self)
        self.tab_buttons: dict[str, TouchButton] = {}
        for key, label in TABS:
            button = TouchButton(self.tr(label), self, role="category")
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, k=key: self.set_tab(k))
            self.tab_group.addButton(button)
            tabs.addWidget(button)
            self.tab_buttons[key] = button
        self.tab_buttons[self.tab].setChecked(True)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Rechercher : nom, téléphone, code, n° HubRise"))
        self.search.setMinimumHeight(48)
        self.search.textChanged.connect(self.refresh)
        tabs.addWidget(self.search, 1)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(52)
        self.table.verticalHeader().hide()
        header_view = self.table.horizontalHeader()
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header_view.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header_view.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)  # the loupe: a 64 px touch target
        self.table.setColumnWidth(0, 64)
        self.table.setIconSize(QSize(28, 28))
        self.table.clicked.connect(self._on_cell_clicked)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))

        self.accept_button = TouchButton(self.tr("Accepter"), self, role="primary")
        self.reject_button = TouchButton(self.tr("Refuser"), self, role="danger")
        self.invoice_button = TouchButton(self.tr("Facturer"), self, role="action")
        self.take_button = TouchButton(self.tr("Prendre en charge"), self, role="payment")
        self.accept_button.clicked.connect(lambda: self._with_selected(lambda i: controller.accept(i, self)))
        self.reject_button.clicked.connect(lambda: self._with_selected(lambda i: controller.reject(i, self)))
        self.invoice_button.clicked.connect(lambda: self._with_selected(controller.invoice))
        self.take_button.clicked.connect(lambda: self._with_selected(controller.take_charge))
        actions = QHBoxLayout()
        for button in (self.accept_button, self.reject_button, self.invoice_button, self.take_button):
            actions.addWidget(button)
        self.message = InlineMessage(self)
        controller.message.connect(self._on_message)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(tabs)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(actions)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        services.web_orders.changed.add(self.schedule_refresh)
        self.refresh()

    # --- data ----------------------------------------------------------------------------------------------
    def set_tab(self, key: str) -> None:
        self.tab = key
        self.tab_buttons[key].setChecked(True)
        self.refresh()

    def refresh(self, *_: Any) -> None:
        selected = self.selected_local_id()
        try:
            orders = self.services.web_orders.list_orders(self.tab, self.search.text())
        except Exception:  # noqa: BLE001 - the list must stay usable
            log.exception("liste des commandes web")
            self.message.show_error(self.tr("La liste des commandes n'a pas pu être lue."))
            return
        self.model.set_orders(orders)
        if selected is not None:
            self.select_order(selected)

    def schedule_refresh(self, *_: Any) -> None:
        """Reload soon rather than now: one reload for a burst of changes keeps the screen responsive."""
        self._refresh_timer.start()

    def selected_local_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        order = self.model.order_at(rows[0].row()) if rows else None
        return order.local_id if order else None

    def select_order(self, local_id: int) -> bool:
        for row, order in enumerate(self.model.orders):
            if order.local_id == local_id:
                self.table.selectRow(row)
                return True
        return False

    # --- actions -------------------------------------------------------------------------------------------
    def _with_selected(self, action: Any) -> None:
        local_id = self.selected_local_id()
        if local_id is None:
            self.message.show_error(self.tr("Sélectionnez d'abord une commande dans la liste."))
            return
        action(local_id)

    def _on_cell_clicked(self, index: QModelIndex) -> None:
        """A tap on the loupe (first column) opens the Fiche commande; elsewhere it selects the row."""
        if index.column() == 0:
            self._open(index.row())

    def _open(self, row: int) -> None:
        order = self.model.order_at(row)
        if order is not None:
            self.table.selectRow(row)
            self.detail_requested.emit(order.local_id)

    def _check_now(self) -> None:
        self.services.web_orders.check_now()
        self.message.show_info(self.tr("Vérification des commandes en cours…"))

    def _on_message(self, text: str, level: str) -> None:
        if self.isVisible():
            {"error": self.message.show_error, "success": self.message.show_success}.get(
                level, self.message.show_info)(text)
