"""Vendeurs (managers only): create, rename, deactivate or reactivate, set a PIN, name or remove a manager.

A seller is never deleted: tickets and order histories name them, so a seller who left is deactivated (gone
from Choix du vendeur, kept here, greyed, to be reactivated). The service refuses a duplicate name and leaving
the shop without an active manager; the screen says so in French under the list.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.seller import Seller
from ..widgets.question import yes_no_question
from ..widgets.tap_shield import TapShield
from ..widgets.touch import InlineMessage, TouchButton, restyle
from .seller_dialogs import NameDialog, PinDialog, SellerFormDialog

if TYPE_CHECKING:
    from ...services.sellers import SellerService

log = logging.getLogger(__name__)
COLUMNS = ("Nom", "Rôle", "Code PIN", "État")
ROW_HEIGHT = 48


class SellersScreen(QWidget):
    home_requested = Signal()

    def __init__(self, sellers: SellerService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sellersScreen")
        self._sellers_service = sellers
        self.sellers: list[Seller] = []
        self.dialog: SellerFormDialog | NameDialog | PinDialog | None = None
        self.confirm_box: QMessageBox | None = None
        title = QLabel("Vendeurs", self)
        title.setObjectName("screenTitle")
        self.new_button = TouchButton("Nouveau vendeur", self, role="primary")
        self.back_button = TouchButton("Accueil", self, role="nav")
        self.new_button.clicked.connect(self.open_new_seller)
        self.back_button.clicked.connect(self.home_requested)
        header = QHBoxLayout()
        header.addWidget(title, 1)
        header.addWidget(self.new_button)
        header.addWidget(self.back_button)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("sellersTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        columns = self.table.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        columns.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.rename_button = TouchButton("Renommer", self)
        self.pin_button = TouchButton("Code PIN", self)
        self.manager_button = TouchButton("Nommer gérant", self)
        self.active_button = TouchButton("Désactiver", self, role="danger")
        self.rename_button.clicked.connect(self.open_rename)
        self.pin_button.clicked.connect(self.open_pin)
        self.manager_button.clicked.connect(self.toggle_manager)
        self.active_button.clicked.connect(self.toggle_active)
        actions = QVBoxLayout()
        for button in (self.rename_button, self.pin_button, self.manager_button, self.active_button):
            button.setMinimumWidth(200)
            actions.addWidget(button)
        actions.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.table, 1)
        body.addLayout(actions)
        self.message = InlineMessage(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(header)
        layout.addWidget(self.message)
        layout.addLayout(body, 1)
        self.shield = TapShield(self)  # after a change, the second tap of a double tap acts on nothing
        self._update_buttons()

    # --- the list --------------------------------------------------------------------------------------
    def refresh(self, select_id: int | None = None) -> None:
        """Reload every seller (deactivated ones last, greyed); keep or set the selection."""
        current = self.selected()
        if select_id is None and current is not None:
            select_id = current.id
        try:
            self.sellers = self._sellers_service.list_all()
        except Exception as exc:
            log.exception("lecture des vendeurs")
            self.message.show_error(getattr(exc, "message_fr", None) or "La liste des vendeurs n'a pas pu être lue.")
            return
        self.table.setRowCount(len(self.sellers))
        for row, seller in enumerate(self.sellers):
            cells = (seller.name, "Gérant" if seller.is_manager else "Vendeur",
                     "défini" if seller.pin_hash else "aucun", "actif" if seller.active else "désactivé")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if not seller.active:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(row, column, item)
            if seller.id == select_id:
                self.table.selectRow(row)
        self._update_buttons()

    def selected(self) -> Seller | None:
        rows = self.table.selectionModel().selectedRows()
        return self.sellers[rows[0].row()] if rows and rows[0].row() < len(self.sellers) else None

    def select_name(self, name: str) -> None:
        for row, seller in enumerate(self.sellers):
            if seller.name == name:
                self.table.selectRow(row)

    def _update_buttons(self) -> None:
        seller = self.selected()
        for button in (self.rename_button, self.pin_button, self.manager_button, self.active_button):
            button.setEnabled(seller is not None)
        self.manager_button.setText("Retirer gérant" if seller and seller.is_manager else "Nommer gérant")
        self.active_button.setText("Réactiver" if seller and not seller.active else "Désactiver")
        self.active_button.setProperty("role", "nav" if seller and not seller.active else "danger")
        restyle(self.active_button)
        self.manager_button.setEnabled(seller is not None and seller.active)

    # --- the actions ------------------------------------------------------------------------------------
    def _selected_or_say(self) -> Seller | None:
        seller = self.selected()
        if seller is None:
            self.message.show_error("Sélectionnez d'abord un vendeur dans la liste.")
        return seller

    def open_new_seller(self) -> None:
        self.message.clear_message()
        dialog = SellerFormDialog(self._sellers_service.create_seller, self)
        dialog.accepted.connect(lambda: self._done(dialog.created, "Vendeur « {} » créé."))
        self._open(dialog)

    def open_rename(self) -> None:
        seller = self._selected_or_say()
        if seller is None or seller.id is None:
            return
        seller_id = seller.id
        dialog = NameDialog(seller.name, lambda name: self._sellers_service.rename(seller_id, name), self)
        dialog.accepted.connect(lambda: self._done(dialog.saved, "Vendeur renommé « {} »."))
        self._open(dialog)

    def open_pin(self) -> None:
        seller = self._selected_or_say()
        if seller is None or seller.id is None:
            return
        seller_id = seller.id
        dialog = PinDialog(seller.name, lambda pin: self._sellers_service.set_pin(seller_id, pin), self)
        dialog.accepted.connect(lambda: self._done(dialog.saved, "Code PIN de « {} » enregistré."))
        self._open(dialog)

    def toggle_manager(self) -> None:
        seller = self._selected_or_say()
        if seller is None or seller.id is None:
            return
        seller_id, becomes = seller.id, not seller.is_manager
        text = "« {} » est maintenant gérant." if becomes else "« {} » n'est plus gérant."
        self._apply(lambda: self._sellers_service.set_manager(seller_id, becomes), text)

    def toggle_active(self) -> None:
        seller = self._selected_or_say()
        if seller is None or seller.id is None:
            return
        seller_id = seller.id
        if not seller.active:
            self._apply(lambda: self._sellers_service.set_active(seller_id, True), "« {} » est réactivé.")
            return
        box = yes_no_question(self, "Désactiver", f"Désactiver « {seller.name} » ? Il disparaît du choix du "
                              "vendeur ; ses tickets et commandes gardent son nom. Il peut être réactivé ici.",
                              "Oui, désactiver", "Non",
                              lambda: self._apply(lambda: self._sellers_service.set_active(seller_id, False),
                                                  "« {} » est désactivé."))
        self.confirm_box = box
        box.open()

    def _open(self, dialog: SellerFormDialog | NameDialog | PinDialog) -> None:
        self.dialog = dialog
        dialog.open()

    def _apply(self, change: Callable[[], Seller], success: str) -> None:
        self.shield.cover()
        try:
            seller = change()
        except Exception as exc:
            if not isinstance(exc, ValueError):
                log.exception("modification d'un vendeur")
            self.message.show_error(getattr(exc, "message_fr", None) or str(exc))
            return
        self._done(seller, success)

    def _done(self, seller: Seller | None, success: str) -> None:
        if seller is None:
            return
        self.refresh(seller.id)
        self.message.show_success(success.format(seller.name))
