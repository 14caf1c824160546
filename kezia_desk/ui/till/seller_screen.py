"""Choix du vendeur: a grid of sellers shown after CAISSE; the chosen one signs every ticket.

Managers are marked, because they are the ones asked for a PIN when settings are changed.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from ...domain.seller import Seller
from ..widgets.touch import InlineMessage, TouchButton

if TYPE_CHECKING:
    from ...services.sellers import SellerService


COLUMNS = 4
SELLER_BUTTON_HEIGHT = 130


class SellerScreen(QWidget):
    seller_chosen = Signal(object)  # Seller
    home_requested = Signal()

    def __init__(self, sellers_service: SellerService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sellerScreen")
        self._sellers_service = sellers_service
        self.seller_buttons: dict[int, TouchButton] = {}
        title = QLabel("Choix du vendeur", self)
        title.setObjectName("screenTitle")
        self.back_button = TouchButton("Accueil", self, role="nav")
        self.back_button.clicked.connect(self.home_requested)
        header = QHBoxLayout()
        header.addWidget(title, 1)
        header.addWidget(self.back_button)
        self.message = InlineMessage(self)
        self._grid_host = QWidget()
        self._grid = QGridLayout(self._grid_host)
        self._grid.setSpacing(16)
        self._grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._grid_host)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(header)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)

    def refresh(self) -> None:
        """Rebuild the grid from the service (sellers may have been added since the last visit)."""
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.seller_buttons.clear()
        sellers = [seller for seller in self._sellers_service.list_sellers() if seller.active]
        if not sellers:
            self.message.show_error("Aucun vendeur actif : un gérant les crée dans Vendeurs (bouton de "
                                    "l'accueil).")
            return
        self.message.clear_message()
        for index, seller in enumerate(sellers):
            button = self._seller_button(seller)
            self._grid.addWidget(button, index // COLUMNS, index % COLUMNS)

    def _seller_button(self, seller: Seller) -> TouchButton:
        text = seller.name
        role = "seller"
        if seller.is_manager:
            text = f"{seller.name}\n★ Responsable"
            role = "manager"
        button = TouchButton(text, self._grid_host, role=role, min_height=SELLER_BUTTON_HEIGHT)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.setToolTip(seller.name)
        button.clicked.connect(lambda _checked=False, s=seller: self.seller_chosen.emit(s))
        if seller.id is not None:
            self.seller_buttons[seller.id] = button
        return button

    def button_for(self, name: str) -> TouchButton | None:
        """The button of the seller called `name` (tests and shortcuts find sellers by name)."""
        for button in self.seller_buttons.values():
            if button.toolTip() == name:
                return button
        return None
