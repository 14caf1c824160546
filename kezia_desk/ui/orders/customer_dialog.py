"""Creating a customer from COMMANDES: name, phone, email, address. Stored locally; « Envoi Clients » (E/S)
sends the customers to HubRise."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from ...domain.order import Customer
from ..widgets.touch import InlineMessage, TouchButton

FIELDS = (("first_name", "Prénom"), ("last_name", "Nom"), ("phone", "Téléphone"), ("email", "E-mail"),
          ("address_1", "Adresse"), ("postal_code", "Code postal"), ("city", "Ville"),
          ("delivery_notes", "Instructions de livraison"))


class CustomerDialog(QDialog):
    def __init__(self, customers: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.customers = customers
        self.customer: Customer | None = None
        self.setWindowTitle(self.tr("Nouveau client"))
        self.setModal(True)
        form = QFormLayout()
        self.inputs: dict[str, QLineEdit] = {}
        for key, label in FIELDS:
            field = QLineEdit(self)
            field.setMinimumHeight(48)
            form.addRow(self.tr(label) + " :", field)
            self.inputs[key] = field
        self.message = InlineMessage(self)
        self.ok_button = TouchButton(self.tr("Enregistrer"), self, role="primary")
        self.cancel_button = TouchButton(self.tr("Annuler"), self)
        self.ok_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(560, 620)

    def save(self) -> None:
        values = {key: field.text().strip() or None for key, field in self.inputs.items()}
        if not (values["last_name"] or values["first_name"]):
            self.message.show_error(self.tr("Indiquez au moins le nom ou le prénom du client."))
            return
        if not (values["phone"] or values["email"]):
            self.message.show_error(self.tr("Indiquez un téléphone ou un e-mail pour pouvoir joindre le client."))
            return
        if values["email"] and "@" not in values["email"]:
            self.message.show_error(self.tr("L'adresse e-mail n'est pas valide."))
            return
        try:
            self.customer = self.customers.save(Customer(**values))
        except Exception:  # noqa: BLE001 - StoreError: say it, keep what was typed
            self.message.show_error(self.tr("Le client n'a pas pu être enregistré ; réessayez."))
            return
        self.accept()
