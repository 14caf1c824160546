"""Paramètres Web > Personnalisation: what the till sends and how it receives. Each change is saved at once
and taken into account without a restart (the services read the settings when they need them)."""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ...domain.invoice import rate_label
from ...services.preferences import (
    AFTER_INVOICE_CHOICES,
    POLL_RANGE,
    REPEAT_RANGE,
    SEND_MODES,
    TAKE_CHARGE_CHOICES,
    UNKNOWN_VAT_CHOICES,
    PreferenceError,
)
from ..widgets.touch import InlineMessage, TouchButton

if TYPE_CHECKING:  # the services bundle the composition root gives every screen
    from ...services.registry import Services


class Stepper(QWidget):
    """A number changed with two big buttons (spin-box arrows are too small for a finger)."""

    value_changed = Signal(int)

    def __init__(self, value: int, bounds: tuple[int, int], step: int, text: Callable[[int], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bounds, self.step, self.text = bounds, step, text
        self.value = value
        self.minus = TouchButton("−", self, role="nav")
        self.plus = TouchButton("+", self, role="nav")
        for button in (self.minus, self.plus):
            button.setFixedWidth(64)
        self.label = QLabel(self)
        self.label.setMinimumWidth(150)
        self.minus.clicked.connect(lambda: self.set_value(self.value - self.step))
        self.plus.clicked.connect(lambda: self.set_value(self.value + self.step))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.minus)
        row.addWidget(self.label)
        row.addWidget(self.plus)
        row.addStretch(1)
        self._show()

    def set_value(self, value: int) -> None:
        value = max(self.bounds[0], min(self.bounds[1], value))
        if value != self.value:
            self.value = value
            self._show()
            self.value_changed.emit(value)

    def _show(self) -> None:
        self.label.setText(self.text(self.value))
        self.minus.setEnabled(self.value > self.bounds[0])
        self.plus.setEnabled(self.value < self.bounds[1])


class PreferencesTab(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preferences = services.preferences
        prefs = self.preferences

        sending = QGroupBox("Envoi des commandes Kezia", self)
        sending_layout = QVBoxLayout(sending)
        buttons = QHBoxLayout()
        self.send_group = QButtonGroup(self)
        self.send_buttons: dict[str, TouchButton] = {}
        for mode, label in SEND_MODES:
            button = TouchButton(label, sending, role="category")
            button.setCheckable(True)
            button.setChecked(prefs.send_mode == mode)
            button.clicked.connect(lambda _=False, m=mode: self._save(prefs.set_send_mode, m))
            self.send_group.addButton(button)
            self.send_buttons[mode] = button
            buttons.addWidget(button)
        sending_layout.addLayout(buttons)
        hint = QLabel(("« Aucun » : les commandes prises à la caisse restent dans la caisse. « Client web » : "
                              "chaque commande créée dans COMMANDES est envoyée à HubRise aussitôt."), sending)
        hint.setWordWrap(True)
        sending_layout.addWidget(hint)

        receiving = QGroupBox("Réception des commandes web", self)
        form = QFormLayout(receiving)
        self.poll = Stepper(prefs.poll_interval, POLL_RANGE, 10, lambda v: f"toutes les {str(v)} s", receiving)
        self.poll.value_changed.connect(lambda v: self._save(prefs.set_poll_interval, v))
        form.addRow("Relève des commandes :", self.poll)
        self.auto_received = QCheckBox("Passer les nouvelles commandes en « Reçue » automatiquement",
                                       receiving)
        self.auto_received.setMinimumHeight(48)
        self.auto_received.setChecked(prefs.auto_received)
        self.auto_received.toggled.connect(lambda v: self._save(prefs.set_auto_received, v))
        form.addRow(self.auto_received)
        self.take_charge = QComboBox(receiving)
        self.take_charge.setMinimumHeight(48)
        for status in TAKE_CHARGE_CHOICES:
            self.take_charge.addItem(status.label, status)
        self.take_charge.setCurrentIndex(TAKE_CHARGE_CHOICES.index(prefs.take_charge_status))
        self.take_charge.currentIndexChanged.connect(
            lambda i: self._save(prefs.set_take_charge_status, TAKE_CHARGE_CHOICES[i]))
        form.addRow("« Prendre en charge » passe en :", self.take_charge)

        invoicing = QGroupBox("Facturer", self)
        invoicing_row = QHBoxLayout(invoicing)  # one row: the tab must fit a 768-pixel-high screen
        self.after_invoice = QComboBox(invoicing)
        self.after_invoice.setMinimumHeight(48)
        for value, label in AFTER_INVOICE_CHOICES:
            self.after_invoice.addItem(label, value)
        current = prefs.after_invoice_status
        self.after_invoice.setCurrentIndex(self.after_invoice.findData(current.value if current else
                                                                       AFTER_INVOICE_CHOICES[0][0]))
        self.after_invoice.currentIndexChanged.connect(
            lambda i: self._save(prefs.set_after_invoice_status, self.after_invoice.itemData(i)))
        invoicing_row.addWidget(QLabel("Après facturation :", invoicing))
        invoicing_row.addWidget(self.after_invoice, 1)
        self.unknown_vat = QComboBox(invoicing)
        self.unknown_vat.setMinimumHeight(48)
        for rate in UNKNOWN_VAT_CHOICES:
            self.unknown_vat.addItem(f"{rate_label(rate)} %", str(rate))
        self.unknown_vat.setCurrentIndex(self.unknown_vat.findData(str(prefs.unknown_line_vat_rate)))
        self.unknown_vat.currentIndexChanged.connect(
            lambda i: self._save(prefs.set_unknown_line_vat_rate, Decimal(self.unknown_vat.itemData(i))))
        invoicing_row.addWidget(QLabel("TVA des articles web inconnus :", invoicing))
        invoicing_row.addWidget(self.unknown_vat)

        alert = QGroupBox("Alerte de nouvelle commande", self)
        alert_row = QHBoxLayout(alert)
        self.sound = QCheckBox("Son d'alerte", alert)
        self.sound.setMinimumHeight(48)
        self.sound.setChecked(prefs.alert_sound)
        self.sound.toggled.connect(lambda v: self._save(prefs.set_alert_sound, v))
        alert_row.addWidget(self.sound)
        alert_row.addSpacing(24)
        self.repeat = Stepper(prefs.alert_repeat_seconds, REPEAT_RANGE, 5, self._repeat_text, alert)
        self.repeat.value_changed.connect(lambda v: self._save(prefs.set_alert_repeat_seconds, v))
        alert_row.addWidget(QLabel("Répéter le son :", alert))
        alert_row.addWidget(self.repeat, 1)

        screen = QGroupBox("Écran tactile", self)
        screen_row = QHBoxLayout(screen)
        self.keyboard = QCheckBox("Clavier à l'écran (décocher si un vrai clavier est branché)", screen)
        self.kiosk = QCheckBox("Plein écran (mode kiosque)", screen)
        self.keyboard.setChecked(prefs.on_screen_keyboard)
        self.keyboard.toggled.connect(lambda v: self._save(prefs.set_on_screen_keyboard, v))
        self.kiosk.setChecked(prefs.kiosk)
        self.kiosk.toggled.connect(lambda v: self._save(prefs.set_kiosk, v))
        for box in (self.keyboard, self.kiosk):
            box.setMinimumHeight(48)
            screen_row.addWidget(box)

        self.message = InlineMessage(self)
        layout = QVBoxLayout(self)
        for widget in (sending, receiving, invoicing, alert, screen, self.message):
            layout.addWidget(widget)
        layout.addStretch(1)

    def _repeat_text(self, seconds: int) -> str:
        return "une seule fois" if seconds == 0 else f"toutes les {str(seconds)} s"

    def _save(self, setter: Callable[[Any], None], value: Any) -> None:
        try:
            setter(value)
        except (PreferenceError, ValueError) as error:
            self.message.show_error(str(error))
            return
        self.message.show_success("Enregistré : appliqué tout de suite.")
