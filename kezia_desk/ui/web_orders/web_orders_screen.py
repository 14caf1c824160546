"""Commandes Web: the web orders by state, searchable, live; a loupe on each row opens the Fiche commande.

The list is a query (tab, search, page) on the read model; typing in the search box runs it once the cashier
pauses (SEARCH_DELAY_MS): each keystroke restarts the wait, so an older query never runs after a newer one.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSize, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..widgets.touch import InlineMessage, TouchButton, set_enabled
from .lazy_rows import fixed_columns
from .order_action_controller import OrderActionController
from .order_table import OrderListMixin
from .web_orders_model import WebOrdersTableModel

if TYPE_CHECKING:  # the services bundle the composition root gives every screen
    from ...services.link_status import LinkState
    from ...services.order_lists import ListQuery
    from ...services.registry import Services

TABS = (("nouvelles", "Nouvelles"), ("en_cours", "En cours"), ("terminees", "Terminées"),
        ("annulees", "Annulées/Refusées"), ("toutes", "Toutes"))
SEARCH_DELAY_MS = 150


class WebOrdersScreen(OrderListMixin, QWidget):
    back_requested = Signal()
    detail_requested = Signal(int)
    diagnostics_requested = Signal()

    def __init__(self, services: Services, controller: OrderActionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("webOrdersScreen")
        self.services, self.controller = services, controller
        self.tab = "nouvelles"
        lists = services.order_lists
        self.model = WebOrdersTableModel(lists.page, lists.rows, self)

        title = QLabel("Commandes Web", self)
        title.setObjectName("screenTitle")
        self.check_button = TouchButton("Vérifier maintenant", self, role="nav")
        self.check_button.clicked.connect(self._check_now)
        self.diagnostics_button = TouchButton("Diagnostic", self, role="nav")
        self.diagnostics_button.clicked.connect(self.diagnostics_requested)
        self.back_button = TouchButton("Retour", self, role="nav")
        self.back_button.clicked.connect(self.back_requested)
        header = QHBoxLayout()
        header.addWidget(title, 1)
        for button in (self.check_button, self.diagnostics_button, self.back_button):
            header.addWidget(button)

        tabs = QHBoxLayout()
        self.tab_group = QButtonGroup(self)
        self.tab_buttons: dict[str, TouchButton] = {}
        for key, label in TABS:
            button = TouchButton(label, self, role="category")
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, k=key: self.set_tab(k))
            self.tab_group.addButton(button)
            tabs.addWidget(button)
            self.tab_buttons[key] = button
        self.tab_buttons[self.tab].setChecked(True)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Rechercher : nom, téléphone, code, n° HubRise")
        self.search.setMinimumHeight(48)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._on_search_typed)
        tabs.addWidget(self.search, 1)

        self.table = QTableView(self)
        self.setup_order_table()
        fixed_columns(self.table, {0: 64, 1: 80, 2: 80, 4: 120, 5: 100, 6: 70, 7: 170}, stretch=3)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)  # loupe: 64 px target
        self.table.setIconSize(QSize(28, 28))
        self.table.clicked.connect(self._on_cell_clicked)

        self.accept_button = TouchButton("Accepter", self, role="primary")
        self.reject_button = TouchButton("Refuser", self, role="danger")
        self.invoice_button = TouchButton("Facturer", self, role="action")
        self.take_button = TouchButton("Prendre en charge", self, role="payment")
        self.accept_button.clicked.connect(lambda: self.with_selected(lambda i: controller.accept(i, self)))
        self.reject_button.clicked.connect(lambda: self.with_selected(lambda i: controller.reject(i, self)))
        self.invoice_button.clicked.connect(lambda: self.with_selected(controller.invoice))
        self.take_button.clicked.connect(lambda: self.with_selected(controller.take_charge))
        actions = QHBoxLayout()
        for button in (self.accept_button, self.reject_button, self.invoice_button, self.take_button):
            actions.addWidget(button)
        controller.busy_changed.connect(lambda busy: set_enabled((
            self.accept_button, self.reject_button, self.invoice_button, self.take_button), not busy))
        self.message = InlineMessage(self)
        controller.message.connect(self.show_controller_message)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(tabs)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(actions)
        self.follow_changes(services.web_orders.changed)
        services.link_status.changed.add(self._on_link_state)

    # --- data ----------------------------------------------------------------------------------------------
    def set_tab(self, key: str) -> None:
        self.tab = key
        self.tab_buttons[key].setChecked(True)
        self.search_timer.stop()
        self.refresh()

    def refresh(self, *_: object) -> None:
        """The list of the tab and search; a search that finds nothing says so (an empty table said nothing)."""
        super().refresh()
        search = self.search.text().strip()
        if search and self.model.rowCount() == 0:
            self.message.show_info(f"Aucune commande ne correspond à « {search} ».")

    def _on_search_typed(self, _text: str) -> None:
        """Each key restarts the wait; the last action's message (« Statut … enregistré ») belonged to the list
        before this search: it goes, instead of staying over unrelated results."""
        self.message.clear_message()
        self.search_timer.start()

    def list_query(self) -> ListQuery:
        return self.services.order_lists.query(self.tab, self.search.text())

    # --- actions -------------------------------------------------------------------------------------------
    def _on_cell_clicked(self, index: QModelIndex) -> None:
        """A tap on the loupe (first column) opens the Fiche commande; elsewhere it selects the row."""
        if index.column() == 0:
            self.open_row(index.row())

    def _check_now(self) -> None:
        """« Vérifier maintenant »: says so while the check runs (button greyed) and how it ended, never longer."""
        state = self.services.link_status.current
        if state.state in ("idle", "revoked"):  # nothing will be asked of HubRise: say why at once
            self.message.show_error(state.text)
            return
        self.check_button.setEnabled(False)
        self.message.show_info("Vérification des commandes en cours…")
        self.services.web_orders.check_now()

    def _on_link_state(self, state: LinkState) -> None:
        if self.check_button.isEnabled() or state.state == "polling":
            return
        self.check_button.setEnabled(True)
        if state.level == "ok":
            self.message.show_success("Vérification terminée : HubRise répond.")
        else:
            self.message.show_error(state.text)
