"""Qui fait cette action ? A quick seller picker shown where a web-order action happens (Accepter from the
alert, Prendre en charge, Facturer...) when no seller is on the till yet; the choice is kept for the session,
as if chosen on Choix du vendeur, so the next action does not ask again."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ...domain.seller import Seller
from ..widgets.touch import InlineMessage, TouchButton

COLUMNS = 3


class SellerPickerDialog(QDialog):
    picked = Signal(object)  # the Seller, once the dialog is hidden

    def __init__(self, sellers: list[Seller], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sellerPickerDialog")
        self.setWindowTitle("Vendeur")
        self.setModal(True)
        self.chosen: Seller | None = None
        self.seller_buttons: dict[str, TouchButton] = {}
        prompt = QLabel("Qui fait cette action ? Elle sera enregistrée à son nom.", self)
        prompt.setObjectName("dialogTitle")
        prompt.setWordWrap(True)
        grid = QGridLayout()
        grid.setSpacing(12)
        for index, seller in enumerate(sellers):
            button = TouchButton(seller.name, self, role="manager" if seller.is_manager else "seller",
                                 min_height=72)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _checked=False, s=seller: self.choose(s))
            grid.addWidget(button, index // COLUMNS, index % COLUMNS)
            self.seller_buttons[seller.name] = button
        self.message = InlineMessage(self)
        if not sellers:
            self.message.show_error("Aucun vendeur actif : un gérant les crée dans Vendeurs (bouton de l'accueil).")
        self.cancel_button = TouchButton("Annuler", self)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addWidget(self.cancel_button)
        self.setMinimumWidth(520)
        self.accepted.connect(lambda: self.picked.emit(self.chosen))

    def choose(self, seller: Seller) -> None:
        if self.chosen is None:  # a double tap: the first seller tapped counts
            self.chosen = seller
            self.accept()
