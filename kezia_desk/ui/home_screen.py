"""Accueil: the three big buttons a cashier starts from (CAISSE, COMMANDES, ARTICLES).

The screen only says what was asked (signals); the main window decides where that leads, so later issues can
plug their own screens in without touching this module.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from .widgets.touch import TouchButton, restyle

HOME_BUTTON_HEIGHT = 200


class HomeScreen(QWidget):
    till_requested = Signal()
    new_order_requested = Signal()
    articles_requested = Signal()
    sellers_requested = Signal()
    closures_requested = Signal()
    tickets_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("homeScreen")
        title = QLabel("Kezia Desk", self)
        title.setObjectName("homeTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        subtitle = QLabel("Caisse tactile et commandes web HubRise", self)
        subtitle.setObjectName("homeSubtitle")
        subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.till_button = self._big_button("CAISSE", "home_till")
        self.orders_button = self._big_button("COMMANDES", "home_orders")
        self.articles_button = self._big_button("ARTICLES", "home_articles")
        self.till_button.clicked.connect(self.till_requested)
        self.orders_button.clicked.connect(self.new_order_requested)
        self.articles_button.clicked.connect(self.articles_requested)
        self.tickets_button = TouchButton("Tickets", self, role="nav", min_height=64)
        self.closures_button = TouchButton("Clôtures", self, role="nav", min_height=64)
        for small in (self.tickets_button, self.closures_button):
            small.setMinimumWidth(240)
        self.tickets_button.setObjectName("home_tickets")
        self.closures_button.setObjectName("home_closures")
        self.tickets_button.clicked.connect(self.tickets_requested)
        self.closures_button.clicked.connect(self.closures_requested)
        more = QHBoxLayout()
        more.addStretch(1)
        more.addWidget(self.tickets_button)
        more.addWidget(self.closures_button)
        more.addStretch(1)
        hint = QLabel("F3 : Commandes en cours", self)
        hint.setObjectName("homeHint")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sellers_button = TouchButton("Vendeurs", self, role="nav")  # managers only: the PIN is asked
        self.sellers_button.setObjectName("home_sellers")
        self.sellers_button.clicked.connect(self.sellers_requested)
        footer = QHBoxLayout()
        footer.addWidget(hint, 1)
        footer.addWidget(self.sellers_button)
        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        for button in (self.till_button, self.orders_button, self.articles_button):
            buttons.addWidget(button, 1)  # three equal keys
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addStretch(1)
        layout.addLayout(buttons)
        layout.addSpacing(16)
        layout.addLayout(more)
        layout.addStretch(1)
        layout.addLayout(footer)

    def _big_button(self, text: str, name: str) -> TouchButton:
        button = TouchButton(text, self, role="home", min_height=HOME_BUTTON_HEIGHT, expanding=True)
        button.setObjectName(name)
        return button

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt's name
        """Under 1000 px wide (800×600) the keys' words are set smaller, so « COMMANDES » is never cut."""
        super().resizeEvent(event)
        compact = self.width() < 1000
        for button in (self.till_button, self.orders_button, self.articles_button):
            if bool(button.property("compact")) != compact:
                button.setProperty("compact", compact)
                restyle(button)

    def focus_default(self) -> None:
        self.till_button.setFocus(Qt.FocusReason.OtherFocusReason)
