"""Printing in the main window: the printer's state in the status bar, the customer's receipt after a sale (asked
when the settings say so, décret n° 2023-237), and Fichier > Paramètres > Impression behind the rights gate
(a manager's PIN, like Paramètres Web)."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QMessageBox

from ...domain.rights import ProtectedAction
from ..widgets.question import yes_no_question

if TYPE_CHECKING:
    from ...domain.ticket import ClosedTicket
    from ...services.listeners import Topic
    from ...services.print_queue import PrintStatus
    from ...services.registry import Services
    from ..widgets.rights_gate import ManagerPinDialog
    from .print_settings_window import PrintSettingsWindow

log = logging.getLogger(__name__)
OK_MESSAGE_MS = 8000  # « de nouveau prête » stays a few seconds; an error stays until the printer prints


class PrintUi:
    def __init__(self, services: Services, window: Any, status: Topic[PrintStatus] | None) -> None:
        assert services.printing is not None
        self.printing, self.window = services.printing, window
        self.pin_dialog: ManagerPinDialog | None = None
        self.settings_window: PrintSettingsWindow | None = None
        self.receipt_question: QMessageBox | None = None
        self.status_label = QLabel(window)
        self.status_label.setObjectName("printStatus")
        self.status_label.setWordWrap(True)
        self.status_label.hide()
        window.statusBar().addPermanentWidget(self.status_label, 1)
        self._hide_timer = QTimer(self.status_label)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.timeout.connect(self._clear_status)
        if status is not None:
            status.add(self.show_status)
        window.register_screen_opener("print_settings", self.open_settings)
        window.ticket_closed.connect(self.on_ticket_closed)

    # --- status bar ------------------------------------------------------------------------------------------
    def show_status(self, status: PrintStatus) -> None:
        colour = {"error": "#b00020", "warning": "#8a5a00"}.get(status.level, "#1b5e20")
        self.status_label.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.status_label.setText(status.text)
        self.status_label.show()
        if status.level == "ok":
            self._hide_timer.start(OK_MESSAGE_MS)
        else:
            self._hide_timer.stop()

    def _clear_status(self) -> None:
        self.status_label.clear()
        self.status_label.hide()

    # --- after a sale ----------------------------------------------------------------------------------------
    def on_ticket_closed(self, ticket: ClosedTicket) -> None:
        try:
            ask = self.printing.sale_recorded(ticket)
        except Exception:
            log.exception("impression du ticket %s", ticket.number)
            self.window.statusBar().showMessage(f"Ticket n° {ticket.number} : impression impossible (voir le "
                                                "journal technique). Réimprimez-le plus tard.", 15000)
            return
        if ask:
            box = yes_no_question(self.window, "Ticket client",
                                  f"Ticket n° {ticket.number} enregistré. Le client souhaite-t-il son ticket ?",
                                  "Oui, imprimer", "Non merci", lambda: self.print_receipt(ticket))
            box.setModal(False)
            for button in box.buttons():  # answered with a finger, at the counter
                button.setMinimumSize(160, 56)
            self.receipt_question = box
            box.open()

    def print_receipt(self, ticket: ClosedTicket) -> None:
        try:
            self.printing.print_receipt(ticket)
        except Exception:
            log.exception("impression du ticket %s", ticket.number)
            self.window.statusBar().showMessage(f"Ticket n° {ticket.number} : impression impossible.", 15000)

    # --- Paramètres d'impression -----------------------------------------------------------------------------
    def open_settings(self) -> None:
        if self.settings_window is not None and self.settings_window.isVisible():
            self.settings_window.raise_()
            return
        # the rights gate: a manager's PIN (locked after wrong codes); a second tap brings its pad forward
        self.pin_dialog = self.window.rights_gate.request(ProtectedAction.SETTINGS, self.window.current_seller,
                                                          lambda _manager: self._open_window())

    def _open_window(self) -> None:
        from .print_settings_window import PrintSettingsWindow

        if self.settings_window is not None and self.settings_window.isVisible():
            return
        self.settings_window = PrintSettingsWindow(self.printing, self.window)
        self.settings_window.show()
        self.settings_window.raise_()
