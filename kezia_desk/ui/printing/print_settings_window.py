"""Fichier > Paramètres > Impression (behind the manager PIN): the receipt printer and the kitchen printer, when
each prints, copies, the cash drawer, the shop's header on receipts, and « Test d'impression ».

« Enregistrer » checks everything first and says in French what is missing; a test page saves the settings it
tests. Nothing here waits for a printer: the page is queued and the status bar says if the printer is off.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.printer_settings import KitchenMode, PrinterSettingsError, PrintSettings, ReceiptMode
from ...domain.receipt import ShopHeader
from ...services.printing import KITCHEN, RECEIPT, PrintingError
from ..settings.preferences_tab import Stepper
from ..settings.settings_window import ScrollingTabs
from ..widgets.touch import FitsScreen, InlineMessage, TouchButton
from .printer_box import FIELD_HEIGHT, PrinterBox, _combo

if TYPE_CHECKING:
    from ...services.printing import PrintService


class PrintSettingsWindow(FitsScreen, QDialog):
    """Fits the screen (800×600 too): its tabs scroll, Enregistrer and Fermer stay on screen."""

    def __init__(self, printing: PrintService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printSettingsWindow")
        self.setWindowTitle("Paramètres d'impression")
        self.printing = printing
        settings = printing.settings()
        self.tabs = ScrollingTabs(self)
        self.tabs.setStyleSheet("QTabBar::tab { min-height: 48px; min-width: 160px; font-size: 16px; }")

        receipt_page = QWidget(self.tabs)
        self.receipt_box = PrinterBox("Imprimante des tickets", settings.receipt_printer, receipt_page)
        self.receipt_mode_combo = _combo(receipt_page, [(mode.label, mode.value) for mode in ReceiptMode])
        self.receipt_mode_combo.setCurrentIndex(self.receipt_mode_combo.findData(settings.receipt_mode.value))
        self.receipt_copies = Stepper(settings.receipt_copies, (1, 5), 1, _copies_text, receipt_page)
        self.drawer_check = QCheckBox("Ouvrir le tiroir-caisse après un paiement en espèces", receipt_page)
        self.drawer_check.setMinimumHeight(FIELD_HEIGHT)
        self.drawer_check.setChecked(settings.drawer_kick)
        self._page(receipt_page, self.receipt_box, [("Ticket client :", self.receipt_mode_combo),
                                                    ("Exemplaires :", self.receipt_copies),
                                                    ("", self.drawer_check)])

        kitchen_page = QWidget(self.tabs)
        self.kitchen_box = PrinterBox("Imprimante de la cuisine", settings.kitchen_printer, kitchen_page)
        self.kitchen_mode_combo = _combo(kitchen_page, [(mode.label, mode.value) for mode in KitchenMode])
        self.kitchen_mode_combo.setCurrentIndex(self.kitchen_mode_combo.findData(settings.kitchen_mode.value))
        self.kitchen_copies = Stepper(settings.kitchen_copies, (1, 5), 1, _copies_text, kitchen_page)
        self._page(kitchen_page, self.kitchen_box, [("Bon de préparation :", self.kitchen_mode_combo),
                                                    ("Exemplaires :", self.kitchen_copies)])

        header_page = QWidget(self.tabs)
        header = printing.shop_header()
        self.name_edit = self._line(header_page, header.name, "Nom de la boutique")
        self.address_edit = QPlainTextEdit(header.address, header_page)
        self.address_edit.setPlaceholderText("Adresse (deux lignes)")
        self.address_edit.setFixedHeight(96)
        self.siret_edit = self._line(header_page, header.siret, "14 chiffres")
        self.vat_edit = self._line(header_page, header.vat_number, "ex. FR12345678901")
        form = QFormLayout(header_page)
        for label, widget in (("Nom :", self.name_edit), ("Adresse :", self.address_edit),
                              ("SIRET :", self.siret_edit), ("N° de TVA :", self.vat_edit)):
            form.addRow(label, widget)

        self.tabs.add_page(receipt_page, "Ticket client")
        self.tabs.add_page(kitchen_page, "Cuisine")
        self.tabs.add_page(header_page, "En-tête du ticket")
        self.message = InlineMessage(self)
        self.save_button = TouchButton("Enregistrer", self, role="primary")
        self.close_button = TouchButton("Fermer", self, role="nav")
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.accept)
        self.receipt_box.test_requested.connect(lambda: self.test_print(RECEIPT))
        self.kitchen_box.test_requested.connect(lambda: self.test_print(KITCHEN))
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self.resize(1000, 740)

    @staticmethod
    def _line(parent: QWidget, text: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(text, parent)
        edit.setMinimumHeight(FIELD_HEIGHT)
        edit.setPlaceholderText(placeholder)
        return edit

    @staticmethod
    def _page(page: QWidget, box: PrinterBox, rows: list[tuple[str, QWidget]]) -> None:
        layout = QVBoxLayout(page)
        layout.addWidget(box)
        form = QFormLayout()
        for label, widget in rows:
            form.addRow(label, widget) if label else form.addRow(widget)
        layout.addLayout(form)
        layout.addStretch(1)

    def chosen_settings(self) -> PrintSettings:
        return PrintSettings(self.receipt_box.config(), self.kitchen_box.config(),
                             ReceiptMode(self.receipt_mode_combo.currentData()),
                             KitchenMode(self.kitchen_mode_combo.currentData()), self.receipt_copies.value,
                             self.kitchen_copies.value, self.drawer_check.isChecked())

    def save(self) -> bool:
        try:
            self.printing.save_settings(self.chosen_settings())
            self.printing.save_shop_header(ShopHeader(self.name_edit.text(), self.address_edit.toPlainText(),
                                                      self.siret_edit.text(), self.vat_edit.text()))
        except (PrinterSettingsError, PrintingError) as error:
            self.message.show_error(str(error))
            return False
        except Exception as error:  # noqa: BLE001 - StoreError: said in French, the form keeps what was typed
            self.message.show_error(getattr(error, "message_fr", None) or "Les réglages n'ont pas pu être "
                                                                            "enregistrés.")
            return False
        self.message.show_success("Réglages d'impression enregistrés.")
        return True

    def test_print(self, target: str) -> None:
        """Saves what is on screen (the test is of these settings), then queues one test page."""
        if not self.save():
            return
        try:
            job = self.printing.print_test(target)
        except PrintingError as error:
            self.message.show_error(str(error))
            return
        config = self.printing.settings().printer(target)
        if job is None:
            self.message.show_info(f"Une page de test attend déjà l'{config.describe()}.")
            return
        self.message.show_success(f"Page de test envoyée à l'{config.describe()}.")


def _copies_text(value: int) -> str:
    return f"{value} exemplaire" + ("s" if value > 1 else "")

