"""Fiche commande: everything about one order, its history (sent to HubRise or waiting), the actions, every
other status (with a warning before moving backwards), and the mapping of « article inconnu » lines.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...domain.order import Order, OrderStatus, StatusChange
from ...domain.shop_time import SHOP_TIMEZONE
from ...services.listeners import OrderChanges
from ...services.preferences import TAKE_CHARGE_SETTING
from ..widgets.touch import FitsScreen, InlineMessage, TouchButton
from .article_picker import ArticlePickerDialog
from .order_action_controller import OrderActionController
from .order_html import order_html

if TYPE_CHECKING:  # the services bundle the composition root gives every screen
    from ...services.registry import Services

log = logging.getLogger(__name__)


def sent_label(sent: bool | None) -> str:
    return {None: "—", True: "✔ envoyé à HubRise", False: "en attente d'envoi"}[sent]


class OrderDetailDialog(FitsScreen, QDialog):
    def __init__(self, services: Services, controller: OrderActionController, local_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("orderDetail")
        self.services, self.controller, self.local_id = services, controller, local_id
        self.setWindowTitle("Fiche commande")
        self.setModal(False)
        self.resize(1000, 720)
        self.body = QTextBrowser(self)
        # The text wraps and the tables are 100 % wide; a 1 px rounding must not show a horizontal scrollbar.
        self.body.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.history = QTableWidget(0, 4, self)
        self.history.setHorizontalHeaderLabels(["Quand", "Statut", "Par",
                                                "HubRise"])
        # « Statut » takes half the room after « Quand » and wraps (« Acceptée — facturée : ticket n° 12 (…) » is
        # read whole, on 800×600 too); who and HubRise's state share the rest and wrap as well.
        header = self.history.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.history.setWordWrap(True)
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.history.viewport().installEventFilter(self)  # its width shared anew when it changes (_share_history)
        self.history.verticalHeader().hide()
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setMaximumHeight(170)
        self.message = InlineMessage(self)
        self.order: Any = None
        controller.message.connect(self._on_message)
        controller.invoice_loaded.connect(self._on_invoice_loaded)
        controller.busy_changed.connect(self._update_buttons)

        actions = QVBoxLayout()
        self.accept_button = TouchButton("Accepter", self, role="primary")
        self.reject_button = TouchButton("Refuser", self, role="danger")
        self.invoice_button = TouchButton("Facturer", self, role="action")
        self.take_button = TouchButton("Prendre en charge", self, role="payment")
        self.accept_button.clicked.connect(lambda: controller.accept(self.local_id, self))
        self.reject_button.clicked.connect(lambda: controller.reject(self.local_id, self))
        self.invoice_button.clicked.connect(self._invoice)
        self.take_button.clicked.connect(lambda: controller.take_charge(self.local_id))
        for button in (self.accept_button, self.reject_button, self.invoice_button, self.take_button):
            actions.addWidget(button)
        actions.addWidget(QLabel("Autre statut :", self))
        self.status_combo = QComboBox(self)
        self.status_combo.setMinimumHeight(48)
        for status in OrderStatus:
            # The value, not the enum: Qt gives a str-based enum back as a plain string.
            self.status_combo.addItem(status.label, status.value)
        self._shown_status: OrderStatus | None = None
        actions.addWidget(self.status_combo)
        self.status_button = TouchButton("Appliquer ce statut", self, role="nav")
        self.status_button.clicked.connect(self._apply_status)
        actions.addWidget(self.status_button)
        self.reprint_kitchen_button = TouchButton("Réimprimer le bon", self, role="nav")
        self.reprint_receipt_button = TouchButton("Réimprimer le ticket", self, role="nav")
        self.reprint_kitchen_button.clicked.connect(self._reprint_kitchen)
        self.reprint_receipt_button.clicked.connect(self._reprint_receipt)
        actions.addWidget(self.reprint_kitchen_button)
        actions.addWidget(self.reprint_receipt_button)
        for button in (self.reprint_kitchen_button, self.reprint_receipt_button):
            button.setVisible(services.printing is not None)
        actions.addSpacing(12)
        self.map_label = QLabel("Article inconnu → article de la caisse :", self)
        self.map_label.setWordWrap(True)
        self.line_combo = QComboBox(self)
        self.line_combo.setMinimumHeight(48)
        self.map_button = TouchButton("Choisir l'article…", self, role="nav")
        self.map_button.clicked.connect(self._pick_article)
        self.picker: ArticlePickerDialog | None = None
        for widget in (self.map_label, self.line_combo, self.map_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        self.close_button = TouchButton("Fermer", self, role="nav")
        self.close_button.clicked.connect(self.close)
        actions.addWidget(self.close_button)

        top = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.body, 1)
        left.addWidget(self.history)
        top.addLayout(left, 1)
        side = QWidget(self)
        side.setLayout(actions)
        side.setFixedWidth(280)
        top.addWidget(side)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self.message)
        services.web_orders.changed.add(self._on_changes)
        services.settings.changed.add(self._on_setting)  # what Prendre en charge sets may change while open
        self.refresh()

    def _on_message(self, text: str, level: str) -> None:
        if not self.isVisible():
            return
        {"error": self.message.show_error, "success": self.message.show_success}.get(level,
                                                                                     self.message.show_info)(text)

    def _on_changes(self, changes: OrderChanges) -> None:
        """Read the order again only when the change names it: a send's outcome only moves the history (« envoyé
        à HubRise »); an order the event hands on as it now stands is shown without decoding it again."""
        if self.local_id not in changes.local_ids:
            return
        if changes.kind.sync_only and self.order is not None:
            self._show_history()
            return
        self.refresh(changes.orders.get(self.local_id))

    def refresh(self, known: Order | None = None) -> None:
        try:
            view = self.services.web_orders.get_view(self.local_id, known)
        except Exception:  # keep the window, say why
            log.exception("fiche commande")
            self.message.show_error("La commande n'a pas pu être lue.")
            return
        order = view.order
        self.order = order
        reference = order.till_number or order.collection_code or order.hubrise_id or ""
        self.setWindowTitle("Fiche commande" + (f" {reference}" if reference else "")
                            + f" — {order.customer_name}")
        self.body.setHtml(order_html(order))
        self._show_history(view.history)
        self._update_buttons()
        if order.status is not self._shown_status:  # starts on the order's status; follows it when it changes
            self._shown_status = order.status
            self.status_combo.setCurrentIndex(self.status_combo.findData(order.status.value))
        unknown = [(i, item) for i, item in enumerate(order.items) if item.unknown_article]
        self.line_combo.clear()
        for index, item in unknown:
            self.line_combo.addItem(f"{item.label} ({item.sku_ref or 'sans code'})", index)
        for widget in (self.map_label, self.line_combo, self.map_button):
            widget.setVisible(bool(unknown))

    def _show_history(self, history: list[StatusChange] | None = None) -> None:
        if history is None:
            try:
                history = self.services.web_orders.history(self.local_id)
            except Exception:  # keep the window, say why
                log.exception("fiche commande : historique")
                self.message.show_error("L'historique de la commande n'a pas pu être lu.")
                return
        self.history.setRowCount(len(history))
        for row, change in enumerate(history):
            values = (change.at.astimezone(SHOP_TIMEZONE).strftime("%d/%m %H:%M:%S"), change.status.label
                      + (f" — {change.note}" if change.note else ""), change.by, sent_label(change.sent))
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value)
                self.history.setItem(row, column, cell)
        self._share_history()

    def _apply_status(self) -> None:
        value = self.status_combo.currentData()
        if value is None:
            return
        self.controller.set_status(self.local_id, OrderStatus(value), self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.history.viewport() and event.type() == QEvent.Type.Resize:
            self._share_history()
        return False

    def _share_history(self) -> None:
        room = self.history.viewport().width() - self.history.columnWidth(0) - 2
        for column, share in ((1, 0.5), (2, 0.22), (3, 0.28)):
            self.history.setColumnWidth(column, max(60, int(room * share)))
        self.history.resizeRowsToContents()

    def _update_buttons(self, *_: Any) -> None:
        """Grey every action while a question is open, an action whose status the order already has (a tap would
        do nothing), and Facturer on a paid order."""
        busy = self.controller.busy
        status = self.order.status if self.order is not None else None
        targets = {self.accept_button: OrderStatus.ACCEPTED, self.reject_button: OrderStatus.REJECTED,
                   self.take_button: self.services.order_actions.take_charge_status()}
        for button, target in targets.items():
            button.setEnabled(not busy and status is not target)
        self.status_button.setEnabled(not busy)
        self.invoice_button.setEnabled(not busy and self.order is not None and not self.order.is_paid)
        self.reprint_receipt_button.setEnabled(self.order is not None and self.order.paid_at_till is not None)

    def _reprint_kitchen(self) -> None:
        """A new kitchen ticket marked RÉIMPRESSION (asked for, so printed again); one per tap, not per double tap."""
        self._print(lambda: self.services.printing.reprint_kitchen(self.local_id),
                    "Bon de préparation envoyé à la cuisine (RÉIMPRESSION).")

    def _reprint_receipt(self) -> None:
        seller = self.controller.main_window.current_seller  # who asked: recorded with the duplicate
        self._print(lambda: self.services.printing.reprint_order_receipt(self.local_id, seller.name if seller else ""),
                    "Duplicata du ticket envoyé à l'imprimante.")

    def _print(self, action: Any, done: str) -> None:
        try:
            job = action()
        except ValueError as error:  # PrintingError: no printer chosen, order not invoiced (French)
            self.message.show_error(str(error))
            return
        except Exception:
            log.exception("réimpression")
            self.message.show_error("La réimpression n'a pas pu être demandée.")
            return
        if job is None:
            self.message.show_info("Cette réimpression attend déjà l'imprimante.")
        else:
            self.message.show_success(done)

    def _on_setting(self, key: str) -> None:
        if key == TAKE_CHARGE_SETTING:
            self._update_buttons()

    def _invoice(self) -> None:
        self.controller.invoice(self.local_id, self)

    def _on_invoice_loaded(self, local_id: int) -> None:
        if local_id == self.local_id and self.isVisible():
            self.close()  # the order is on the till now: the cashier takes the payment there

    def _pick_article(self) -> None:
        """The searchable list of the till's articles for the chosen unknown line (one open at a time)."""
        if self.picker is not None and self.picker.isVisible():
            self.picker.raise_()
            return
        index = self.line_combo.currentData()
        if index is None:
            return
        self.picker = ArticlePickerDialog(self.services.catalog, self.line_combo.currentText(), self)
        self.picker.chosen.connect(lambda idart: self._map_line(index, idart))
        self.picker.open()

    def _map_line(self, index: int, idart: int) -> None:
        self.controller.map_item(self.local_id, index, idart)

    def closeEvent(self, event: Any) -> None:  # Qt's name
        self.services.web_orders.changed.remove(self._on_changes)
        super().closeEvent(event)
