"""Small touch dialogs for Accepter (delay) and Refuser (reason): tap a choice, nothing to type unless wanted.

A choice is made once: a second tap (a double tap, or a tap already queued) finds the dialog answered and does
nothing, so an order is never accepted or refused twice.
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...services.order_actions import ACCEPT_DELAYS, REJECTION_REASONS
from ..widgets.touch import FitsScreen, InlineMessage, TouchButton


def choose_once(dialog: QDialog) -> bool:
    """True the first time only; the dialog's buttons are greyed once a choice is made."""
    if dialog.property("answered"):
        return False
    dialog.setProperty("answered", True)
    for button in dialog.findChildren(TouchButton):
        button.setEnabled(False)
    return True


class AcceptDialog(FitsScreen, QDialog):
    """Confirmed time = expected time, or +10/+20/+30 min."""

    chosen = Signal(int)

    def __init__(self, expected_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Accepter la commande")
        layout = QVBoxLayout(self)
        title = QLabel(f"Heure confirmée au client (prévue : {expected_text})", self)
        title.setObjectName("dialogTitle")
        title.setWordWrap(True)
        layout.addWidget(title)
        grid = QGridLayout()
        self.buttons: dict[int, TouchButton] = {}
        for position, delay in enumerate(ACCEPT_DELAYS):
            text = "À l'heure prévue" if delay == 0 else f"+{str(delay)} min"
            button = TouchButton(text, self, role="primary", min_height=64)
            button.clicked.connect(lambda _=False, d=delay: self._choose(d))
            grid.addWidget(button, position // 2, position % 2)
            self.buttons[delay] = button
        layout.addLayout(grid)
        cancel = TouchButton("Annuler", self, role="nav")
        cancel.clicked.connect(self.reject)
        layout.addWidget(cancel)
        self.resize(520, 300)

    def _choose(self, delay: int) -> None:
        if not choose_once(self):
            return
        self.accept()
        self.chosen.emit(delay)


class RejectDialog(FitsScreen, QDialog):
    """A reason from the list, or typed; sent to HubRise as custom_fields.epos.rejection."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Refuser la commande")
        layout = QVBoxLayout(self)
        title = QLabel("Raison du refus", self)
        title.setObjectName("dialogTitle")
        layout.addWidget(title)
        grid = QGridLayout()
        self.reason_buttons: list[TouchButton] = []
        for position, reason in enumerate(REJECTION_REASONS):
            button = TouchButton(reason, self, role="danger", min_height=56)
            button.clicked.connect(lambda _=False, r=reason: self._choose(r))
            grid.addWidget(button, position // 2, position % 2)
            self.reason_buttons.append(button)
        layout.addLayout(grid)
        self.other = QLineEdit(self)
        self.other.setPlaceholderText("Autre raison…")
        self.other.setMinimumHeight(48)
        layout.addWidget(self.other)
        self.message = InlineMessage(self)
        layout.addWidget(self.message)
        self.confirm = TouchButton("Refuser avec cette raison", self, role="danger")
        self.confirm.clicked.connect(lambda: self._choose(self.other.text()))
        cancel = TouchButton("Annuler", self, role="nav")
        cancel.clicked.connect(self.reject)
        layout.addWidget(self.confirm)
        layout.addWidget(cancel)
        self.resize(600, 420)

    def _choose(self, reason: str) -> None:
        if not reason.strip():
            self.message.show_error("Indiquez la raison du refus.")
            return
        if not choose_once(self):
            return
        self.accept()
        self.chosen.emit(reason.strip())
