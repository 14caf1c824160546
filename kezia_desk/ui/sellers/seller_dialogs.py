"""The sellers' forms: a new seller (also the first manager of a fresh shop), a new name, a new PIN.

A PIN is typed twice on the keypad, shown as dots, before anything is saved; every refusal (a name already
taken, a PIN too short, two codes that differ, the last manager) is said in the dialog, which stays open with
what was typed, except the refused PIN itself, which is cleared to be typed again.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...domain.seller import MAX_NAME_LENGTH, Seller, validate_name, validate_pin
from ..widgets.keypad import DECIMAL_KEY, NumericKeypad
from ..widgets.touch import InlineMessage, TouchButton

log = logging.getLogger(__name__)
SaveSeller = Callable[[str, bool, str | None], Seller]


def _error_text(exc: Exception) -> str:
    """A refusal's French sentence (SellerError, ValueError) or the store's (StoreError.message_fr)."""
    return getattr(exc, "message_fr", None) or str(exc)


class _PinSteps:
    """Type the PIN, then type it again: the second step compares, the keypad is cleared between them."""

    def __init__(self, keypad: NumericKeypad, prompt: QLabel, first: str, again: str) -> None:
        self.keypad, self.prompt, self.first_text, self.again_text = keypad, prompt, first, again
        keypad.display.setEchoMode(QLineEdit.EchoMode.Password)
        keypad.keys[DECIMAL_KEY].setEnabled(False)
        self.pin: str | None = None  # the first code, once typed and valid
        prompt.setText(first)

    @property
    def confirming(self) -> bool:
        return self.pin is not None

    def first(self, pin: str) -> None:
        self.pin = validate_pin(pin)
        self.keypad.clear()
        self.prompt.setText(self.again_text)

    def restart(self) -> None:
        self.pin = None
        self.keypad.clear()
        self.prompt.setText(self.first_text)

    def confirmed(self, message: InlineMessage) -> str | None:
        """One tap of Valider: the first code is checked and asked again (None); an empty second step asks again
        (a double tap, None); the same code again is the PIN; another code raises and starts over."""
        typed = self.keypad.text()
        if not self.confirming:
            self.first(typed)
        elif typed and typed != self.pin:
            self.restart()
            raise ValueError("Les deux codes diffèrent : tapez de nouveau le code PIN.")
        elif typed:
            return self.pin
        message.show_info("Retapez le même code pour le confirmer.")
        return None


class SellerFormDialog(QDialog):
    """Nouveau vendeur: a name, Gérant or not, a PIN (required for a manager). `first_start`: the shop's first
    manager, asked on screen at the first start: always a manager, and no Annuler (the till needs one)."""

    def __init__(self, save: SaveSeller, parent: QWidget | None = None, *, first_start: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("firstStartDialog" if first_start else "sellerFormDialog")
        self.setWindowTitle("Premier démarrage" if first_start else "Nouveau vendeur")
        self.setModal(True)
        self._save, self.first_start = save, first_start
        self.created: Seller | None = None
        title = QLabel("Bienvenue ! Créez le gérant de la boutique" if first_start else "Nouveau vendeur", self)
        title.setObjectName("dialogTitle")
        title.setWordWrap(True)
        intro = QLabel("Son code PIN ouvre Vendeurs, Articles et Paramètres ; il crée ensuite les autres "
                       "vendeurs dans Vendeurs." if first_start else "Son nom, puis son code PIN (obligatoire "
                       "pour un gérant, facultatif sinon).", self)
        intro.setWordWrap(True)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("sellerNameEdit")
        self.name_edit.setPlaceholderText("Nom affiché sur la caisse")
        self.name_edit.setMaxLength(MAX_NAME_LENGTH)
        self.name_edit.setMinimumHeight(48)
        self.manager_button = TouchButton("Gérant", self, role="category")
        self.manager_button.setCheckable(True)
        self.manager_button.setChecked(first_start)
        self.manager_button.setVisible(not first_start)
        self.pin_prompt = QLabel(self)
        self.pin_prompt.setWordWrap(True)
        self.keypad = NumericKeypad(self)
        self.steps = _PinSteps(self.keypad, self.pin_prompt, "Code PIN (4 à 8 chiffres) :",
                               "Retapez le code PIN :")
        self.message = InlineMessage(self)
        self.ok_button = TouchButton("Créer le gérant" if first_start else "Valider", self, role="primary")
        self.cancel_button = TouchButton("Annuler", self)
        self.cancel_button.setVisible(not first_start)
        self.ok_button.clicked.connect(self.try_accept)
        self.cancel_button.clicked.connect(self.reject)
        self.keypad.display.returnPressed.connect(self.try_accept)
        self.name_edit.returnPressed.connect(self.keypad.display.setFocus)
        left = QVBoxLayout()
        left.addWidget(intro)
        left.addWidget(QLabel("Nom :", self))
        left.addWidget(self.name_edit)
        left.addWidget(self.manager_button)
        left.addWidget(self.message)
        left.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        left.addLayout(buttons)
        right = QVBoxLayout()
        right.addWidget(self.pin_prompt)
        right.addWidget(self.keypad)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(body)
        self.setMinimumWidth(640)

    def try_accept(self) -> None:
        """Name and first code checked, then the code again, then saved; any refusal is said here."""
        try:
            name = validate_name(self.name_edit.text())
            is_manager = self.manager_button.isChecked()
            if not self.steps.confirming and not self.keypad.text():
                if is_manager:
                    raise ValueError("Un gérant doit avoir un code PIN : tapez-le sur le clavier.")
                self._create(name, False, None)
                return
            pin = self.steps.confirmed(self.message)
            if pin is not None:
                self._create(name, is_manager, pin)
        except ValueError as exc:
            self.keypad.clear()
            self.message.show_error(_error_text(exc))

    def _create(self, name: str, is_manager: bool, pin: str | None) -> None:
        try:
            self.created = self._save(name, is_manager, pin)
        except Exception as exc:
            if not isinstance(exc, ValueError):
                log.exception("création d'un vendeur")
            self.steps.restart()
            self.message.show_error(_error_text(exc))
            return
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Entrée never closes the form through a default button (each field handles it); at the first start
        Échap does nothing either: the till needs its manager. (Quitting the till still closes the dialog; the
        next protected action then asks for the first manager again.)"""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return
        if self.first_start and event.key() == Qt.Key.Key_Escape:
            return
        super().keyPressEvent(event)


class PinDialog(QDialog):
    """Code PIN: a seller's new PIN, typed twice, then saved by `save(pin)`."""

    def __init__(self, seller_name: str, save: Callable[[str], Seller], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pinDialog")
        self.setWindowTitle("Code PIN")
        self.setModal(True)
        self._save = save
        self.saved: Seller | None = None
        prompt = QLabel(self)
        prompt.setObjectName("dialogTitle")
        prompt.setWordWrap(True)
        self.keypad = NumericKeypad(self)
        self.steps = _PinSteps(self.keypad, prompt, f"Nouveau code PIN de {seller_name} (4 à 8 chiffres) :",
                               f"Retapez le code PIN de {seller_name} :")
        self.message = InlineMessage(self)
        self.ok_button = TouchButton("Valider", self, role="primary")
        self.cancel_button = TouchButton("Annuler", self)
        self.ok_button.clicked.connect(self.try_accept)
        self.cancel_button.clicked.connect(self.reject)
        self.keypad.display.returnPressed.connect(self.try_accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.keypad)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def try_accept(self) -> None:
        try:
            pin = self.steps.confirmed(self.message)
            if pin is None:
                return
            self.saved = self._save(pin)
        except Exception as exc:
            if not isinstance(exc, ValueError):
                log.exception("code PIN d'un vendeur")
            self.steps.restart()
            self.message.show_error(_error_text(exc))
            return
        self.accept()


class NameDialog(QDialog):
    """Renommer: the seller's name, changed by `save(name)`; a refusal keeps the typed name for a fix."""

    def __init__(self, current: str, save: Callable[[str], Seller], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nameDialog")
        self.setWindowTitle("Renommer")
        self.setModal(True)
        self._save = save
        self.saved: Seller | None = None
        prompt = QLabel(f"Nouveau nom de « {current} » :", self)
        prompt.setObjectName("dialogTitle")
        prompt.setWordWrap(True)
        self.name_edit = QLineEdit(current, self)
        self.name_edit.setObjectName("sellerNameEdit")
        self.name_edit.setMaxLength(MAX_NAME_LENGTH)
        self.name_edit.setMinimumHeight(48)
        self.name_edit.selectAll()
        self.message = InlineMessage(self)
        self.ok_button = TouchButton("Valider", self, role="primary")
        self.cancel_button = TouchButton("Annuler", self)
        self.ok_button.clicked.connect(self.try_accept)
        self.cancel_button.clicked.connect(self.reject)
        self.name_edit.returnPressed.connect(self.try_accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.name_edit)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setMinimumWidth(480)

    def try_accept(self) -> None:
        try:
            self.saved = self._save(self.name_edit.text())
        except Exception as exc:
            if not isinstance(exc, ValueError):
                log.exception("nom d'un vendeur")
            self.message.show_error(_error_text(exc))
            return
        self.accept()
