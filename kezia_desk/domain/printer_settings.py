"""The printing settings a manager chooses: which printer prints receipts and which prints kitchen tickets, and when.

Thermal printers are driven with ESC/POS; the code page is the one that prints French exactly (CP1252 by
default, or ISO-8859-15; CP858 loses « œ »). Clone makers number code pages differently, so the number sent
with `ESC t` can be forced. Characters per line come from the printer's profile (python-escpos capabilities):
58 mm → 32, 80 mm → 42 in font A.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from enum import Enum
from typing import Any


class PrinterKind(str, Enum):
    NONE = "none"
    NETWORK = "network"
    USB = "usb"
    SERIAL = "serial"
    SYSTEM = "system"
    PDF = "pdf"

    @property
    def label(self) -> str:
        return {"none": "Aucune", "network": "Réseau (IP)", "usb": "USB", "serial": "Série",
                "system": "Imprimante du système", "pdf": "Dossier PDF"}[self.value]

    @property
    def is_thermal(self) -> bool:
        return self in (PrinterKind.NETWORK, PrinterKind.USB, PrinterKind.SERIAL)


class ReceiptMode(str, Enum):
    ASK = "ask"  # décret n° 2023-237: the customer is asked
    ALWAYS = "always"
    NEVER = "never"

    @property
    def label(self) -> str:
        return {"ask": "Demander au client", "always": "Toujours", "never": "Jamais"}[self.value]


class KitchenMode(str, Enum):
    ON_ARRIVAL = "arrival"
    ON_ACCEPTANCE = "acceptance"
    NEVER = "never"

    @property
    def label(self) -> str:
        return {"arrival": "À l'arrivée de la commande", "acceptance": "À l'acceptation",
                "never": "Jamais"}[self.value]


# Code page name → (Python codec, the Epson number sent with ESC t when the profile does not give one).
CODE_PAGES = {"CP1252": ("cp1252", 16), "ISO_8859-15": ("iso8859_15", 40), "CP858": ("cp858", 19)}
CODE_PAGE_LABELS = {"CP1252": "CP1252 (Windows, conseillé)", "ISO_8859-15": "ISO-8859-15 (Latin-9)",
                    "CP858": "CP858 (sans « œ »)"}
DEFAULT_PROFILES = {58: "POS-5890", 80: "TM-T88V"}  # python-escpos profiles…
DEFAULT_COLUMNS = {58: 32, 80: 42}  # …and their characters a line in font A (a test checks they agree)
WIDTHS = (58, 80)
NETWORK_PORT = 9100


class PrinterSettingsError(ValueError):
    """A printer setting the till refuses; the message is French."""


@dataclass(frozen=True)
class PrinterConfig:
    """One printer: how it is reached and how it prints."""

    kind: PrinterKind = PrinterKind.NONE
    host: str = ""
    port: int = NETWORK_PORT
    usb_vendor: int = 0
    usb_product: int = 0
    serial_device: str = ""
    baudrate: int = 9600
    system_name: str = ""  # empty: the system's default printer
    pdf_folder: str = ""
    width_mm: int = 80
    code_page: str = "CP1252"
    code_page_number: int | None = None  # forced ESC t number for clones that number code pages their own way
    profile: str = ""  # python-escpos profile; empty: the usual one for the width

    @property
    def profile_name(self) -> str:
        return self.profile or DEFAULT_PROFILES.get(self.width_mm, "default")

    @property
    def codec(self) -> str:
        return CODE_PAGES[self.code_page][0]

    def describe(self) -> str:
        """What the status bar and the settings name the printer by."""
        return {PrinterKind.NONE: "aucune imprimante", PrinterKind.NETWORK: f"imprimante {self.host}:{self.port}",
                PrinterKind.USB: f"imprimante USB {self.usb_vendor:04x}:{self.usb_product:04x}",
                PrinterKind.SERIAL: f"imprimante série {self.serial_device}",
                PrinterKind.SYSTEM: f"imprimante « {self.system_name or 'par défaut'} »",
                PrinterKind.PDF: f"dossier PDF {self.pdf_folder}"}[self.kind]

    def validated(self) -> PrinterConfig:
        """This config if it can be used, else PrinterSettingsError naming what is missing (in French)."""
        if self.width_mm not in WIDTHS:
            raise PrinterSettingsError("Largeur de papier : 58 ou 80 mm.")
        if self.code_page not in CODE_PAGES:
            raise PrinterSettingsError(f"Page de codes inconnue : {self.code_page}.")
        if self.code_page_number is not None and not 0 <= self.code_page_number <= 255:
            raise PrinterSettingsError("Le numéro de page de codes va de 0 à 255.")
        if self.kind is PrinterKind.NETWORK:
            if not self.host.strip():
                raise PrinterSettingsError("Indiquez l'adresse IP de l'imprimante réseau.")
            if not 1 <= self.port <= 65535:
                raise PrinterSettingsError("Le port de l'imprimante réseau va de 1 à 65535 (souvent 9100).")
        if self.kind is PrinterKind.USB and not (self.usb_vendor and self.usb_product):
            raise PrinterSettingsError("Indiquez l'identifiant USB de l'imprimante (ex. 04b8:0202).")
        if self.kind is PrinterKind.SERIAL and not self.serial_device.strip():
            raise PrinterSettingsError("Indiquez le port série de l'imprimante (ex. /dev/ttyUSB0 ou COM1).")
        if self.kind is PrinterKind.PDF and not self.pdf_folder.strip():
            raise PrinterSettingsError("Choisissez le dossier où ranger les PDF.")
        return self

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "kind": self.kind.value}

    @classmethod
    def from_json(cls, data: Any) -> PrinterConfig:
        """Lenient: a setting written by another version keeps what it can, never stops the till."""
        if not isinstance(data, dict):
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        try:
            known["kind"] = PrinterKind(known.get("kind", "none"))
            config = cls(**known)
        except (TypeError, ValueError):
            return cls()
        if config.code_page not in CODE_PAGES or config.width_mm not in WIDTHS:
            config = replace(config, code_page="CP1252" if config.code_page not in CODE_PAGES else config.code_page,
                             width_mm=80 if config.width_mm not in WIDTHS else config.width_mm)
        return config


def parse_usb_id(text: str) -> tuple[int, int]:
    """« 04b8:0202 » (vendor:product, hexadecimal, as `lsusb` shows them)."""
    vendor, _, product = text.strip().partition(":")
    try:
        return int(vendor, 16), int(product, 16)
    except ValueError as exc:
        raise PrinterSettingsError("Identifiant USB attendu sous la forme 04b8:0202.") from exc


@dataclass(frozen=True)
class PrintSettings:
    receipt_printer: PrinterConfig = field(default_factory=PrinterConfig)
    kitchen_printer: PrinterConfig = field(default_factory=PrinterConfig)
    receipt_mode: ReceiptMode = ReceiptMode.ASK
    kitchen_mode: KitchenMode = KitchenMode.ON_ACCEPTANCE
    receipt_copies: int = 1
    kitchen_copies: int = 1
    drawer_kick: bool = True

    def printer(self, target: str) -> PrinterConfig:
        return self.kitchen_printer if target == "kitchen" else self.receipt_printer

    def copies(self, target: str) -> int:
        return self.kitchen_copies if target == "kitchen" else self.receipt_copies

    def to_json(self) -> dict[str, Any]:
        return {"receipt_printer": self.receipt_printer.to_json(), "kitchen_printer": self.kitchen_printer.to_json(),
                "receipt_mode": self.receipt_mode.value, "kitchen_mode": self.kitchen_mode.value,
                "receipt_copies": self.receipt_copies, "kitchen_copies": self.kitchen_copies,
                "drawer_kick": self.drawer_kick}

    @classmethod
    def from_json(cls, data: Any) -> PrintSettings:
        if not isinstance(data, dict):
            return cls()
        default = cls()
        try:
            receipt_mode = ReceiptMode(data.get("receipt_mode", default.receipt_mode.value))
        except ValueError:
            receipt_mode = default.receipt_mode
        try:
            kitchen_mode = KitchenMode(data.get("kitchen_mode", default.kitchen_mode.value))
        except ValueError:
            kitchen_mode = default.kitchen_mode
        return cls(PrinterConfig.from_json(data.get("receipt_printer")),
                   PrinterConfig.from_json(data.get("kitchen_printer")), receipt_mode, kitchen_mode,
                   _copies(data.get("receipt_copies")), _copies(data.get("kitchen_copies")),
                   bool(data.get("drawer_kick", default.drawer_kick)))


def _copies(value: Any) -> int:
    return value if isinstance(value, int) and 1 <= value <= 5 else 1


def check_copies(value: int) -> int:
    if not 1 <= value <= 5:
        raise PrinterSettingsError("Nombre d'exemplaires : de 1 à 5.")
    return value
