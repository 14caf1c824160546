"""Creating a customer from COMMANDES: name, phone, email, address. Saved through the CustomerService (its rules,
phone in E.164); « Envoi Clients » (E/S) sends the customers to HubRise."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from ...domain.order import Customer
from ...services.customers import CustomerError, CustomerService
from ..widgets.touch import FitsScreen, InlineMessage, TouchButton

FIELDS = (("first_name", "Prénom"), ("last_name", "Nom"), ("phone", "Téléphone"), ("email", "E-mail"),
          ("address_1", "Adresse"), ("postal_code", "Code postal"), ("city", "Ville"),
          ("delivery_notes", "Instructions de livraison"))


class CustomerDialog(FitsScreen, QDialog):
    def __init__(self, customers: CustomerService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.customers = customers
        self.customer: Customer | None = None
        self.setWindowTitle("Nouveau client")
        self.setModal(True)
        form = QFormLayout()
        self.inputs: dict[str, QLineEdit] = {}
        for key, label in FIELDS:
            field = QLineEdit(self)
            field.setMinimumHeight(48)
            form.addRow(label + " :", field)
            self.inputs[key] = field
        self.message = InlineMessage(self)
        self.ok_button = TouchButton("Enregistrer", self, role="primary")
        self.cancel_button = TouchButton("Annuler", self)
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
        """The service checks and normalises (phone in E.164); its French refusal is shown and nothing typed is
        lost."""
        if self.customer is not None:
            return  # already saved: a second tap does nothing more
        values: dict[str, Any] = {key: field.text().strip() or None for key, field in self.inputs.items()}
        try:
            self.customer = self.customers.save(Customer(**values))
        except CustomerError as error:
            self.message.show_error(str(error))
            return
        except Exception:  # noqa: BLE001 - StoreError: say it, keep what was typed
            self.message.show_error("Le client n'a pas pu être enregistré ; réessayez.")
            return
        self.accept()
