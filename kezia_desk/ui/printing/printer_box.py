"""One printer's settings in Paramètres d'impression: its type, how to reach it, paper width, code page, and its
« Test d'impression » button. Only the fields of the chosen type are shown."""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from ...domain.printer_settings import (
    CODE_PAGE_LABELS,
    NETWORK_PORT,
    WIDTHS,
    PrinterConfig,
    PrinterKind,
    PrinterSettingsError,
    parse_usb_id,
)
from ..widgets.touch import TouchButton
from .qt_output import NO_PRINTER, system_printers

FIELD_HEIGHT = 48


def _combo(parent: QWidget, items: Sequence[tuple[str, object]]) -> QComboBox:
    combo = QComboBox(parent)
    combo.setMinimumHeight(FIELD_HEIGHT)
    for text, data in items:
        combo.addItem(text, data)
    return combo


def _edit(parent: QWidget, placeholder: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setMinimumHeight(FIELD_HEIGHT)
    edit.setPlaceholderText(placeholder)
    return edit


class PrinterBox(QGroupBox):
    test_requested = Signal()

    def __init__(self, title: str, config: PrinterConfig, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.kind_combo = _combo(self, [(kind.label, kind.value) for kind in PrinterKind])
        self.host_edit = _edit(self, "ex. 192.168.1.50")
        self.port_edit = _edit(self, str(NETWORK_PORT))
        self.usb_edit = _edit(self, "ex. 04b8:0202 (fabricant:produit)")
        self.serial_edit = _edit(self, "ex. /dev/ttyUSB0 ou COM1")
        self.system_combo = _combo(self, [("Imprimante par défaut", "")] + [(n, n) for n in system_printers()])
        self.no_printer_label = QLabel(NO_PRINTER, self)
        self.no_printer_label.setWordWrap(True)
        self.pdf_edit = _edit(self, "ex. /home/caisse/Tickets")
        self.width_combo = _combo(self, [(f"{width} mm", width) for width in WIDTHS])
        self.code_page_combo = _combo(self, list((label, name) for name, label in CODE_PAGE_LABELS.items()))
        self.code_page_number_edit = _edit(self, "vide : celui du modèle (imprimantes clones : voir leur notice)")
        self.test_button = TouchButton("Test d'impression", self, role="action")
        self.test_button.clicked.connect(self.test_requested)
        self.form = QFormLayout(self)
        self.form.addRow("Type :", self.kind_combo)
        self.form.addRow("Adresse IP :", self.host_edit)
        self.form.addRow("Port :", self.port_edit)
        self.form.addRow("Identifiant USB :", self.usb_edit)
        self.form.addRow("Port série :", self.serial_edit)
        self.form.addRow("Imprimante :", self.system_combo)
        self.form.addRow(self.no_printer_label)
        self.form.addRow("Dossier PDF :", self.pdf_edit)
        self.form.addRow("Largeur du papier :", self.width_combo)
        self.form.addRow("Page de codes :", self.code_page_combo)
        self.form.addRow("N° ESC t :", self.code_page_number_edit)
        self.form.addRow(self.test_button)
        self._base = config
        self.set_config(config)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._show_fields())

    def set_config(self, config: PrinterConfig) -> None:
        self._base = config
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(config.kind.value))
        self.host_edit.setText(config.host)
        self.port_edit.setText(str(config.port))
        self.usb_edit.setText(f"{config.usb_vendor:04x}:{config.usb_product:04x}" if config.usb_vendor else "")
        self.serial_edit.setText(config.serial_device)
        index = self.system_combo.findData(config.system_name)
        if index < 0:  # a printer no longer installed: kept, so saving does not silently change it
            self.system_combo.addItem(f"{config.system_name} (absente)", config.system_name)
            index = self.system_combo.count() - 1
        self.system_combo.setCurrentIndex(index)
        self.pdf_edit.setText(config.pdf_folder)
        self.width_combo.setCurrentIndex(self.width_combo.findData(config.width_mm))
        self.code_page_combo.setCurrentIndex(self.code_page_combo.findData(config.code_page))
        number = config.code_page_number
        self.code_page_number_edit.setText("" if number is None else str(number))
        self._show_fields()

    @property
    def kind(self) -> PrinterKind:
        return PrinterKind(self.kind_combo.currentData())

    def config(self) -> PrinterConfig:
        """What the form says; PrinterSettingsError (French) when a field cannot be read."""
        kind = self.kind
        port_text = self.port_edit.text().strip() or str(NETWORK_PORT)
        if not port_text.isdigit():
            raise PrinterSettingsError("Le port de l'imprimante réseau est un nombre (souvent 9100).")
        number_text = self.code_page_number_edit.text().strip()
        if number_text and not number_text.isdigit():
            raise PrinterSettingsError("Le n° de page de codes est un nombre de 0 à 255 (vide : celui du modèle).")
        vendor, product = self._base.usb_vendor, self._base.usb_product
        if kind is PrinterKind.USB:
            vendor, product = parse_usb_id(self.usb_edit.text())
        config = PrinterConfig(kind=kind, host=self.host_edit.text().strip(), port=int(port_text),
                               usb_vendor=vendor, usb_product=product, serial_device=self.serial_edit.text().strip(),
                               baudrate=self._base.baudrate, system_name=str(self.system_combo.currentData() or ""),
                               pdf_folder=self.pdf_edit.text().strip(), width_mm=int(self.width_combo.currentData()),
                               code_page=str(self.code_page_combo.currentData()),
                               code_page_number=int(number_text) if number_text else None,
                               profile=self._base.profile)
        return config.validated() if kind is not PrinterKind.NONE else config

    def _show_fields(self) -> None:
        kind = self.kind
        shown = {self.host_edit: kind is PrinterKind.NETWORK, self.port_edit: kind is PrinterKind.NETWORK,
                 self.usb_edit: kind is PrinterKind.USB, self.serial_edit: kind is PrinterKind.SERIAL,
                 self.system_combo: kind is PrinterKind.SYSTEM,
                 self.no_printer_label: kind is PrinterKind.SYSTEM and self.system_combo.count() == 1,
                 self.pdf_edit: kind is PrinterKind.PDF,
                 self.width_combo: kind is not PrinterKind.NONE,
                 self.code_page_combo: kind.is_thermal, self.code_page_number_edit: kind.is_thermal}
        for widget, visible in shown.items():
            self.form.setRowVisible(widget, visible)
        self.test_button.setEnabled(kind is not PrinterKind.NONE)
