"""Clôtures and Tickets in the main window (built when first shown), and the forgotten-Z notice at start.

Both screens ask the manager PIN through the rights gate (services.rights: one lock for every protected action,
an override named when a manager authorizes someone else's Z or refund). A day left
without its Z is said at start (status bar and a question a manager may answer later): selling is never blocked.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMessageBox, QWidget

from ...domain.rights import ProtectedAction
from ..widgets.keypad import KeypadDialog
from ..widgets.rights_gate import ManagerPinDialog
from .opening_float import OpeningFloat

if TYPE_CHECKING:
    from ...services.registry import Services
    from ..tickets.tickets_screen import TicketsScreen
    from .closures_screen import ClosuresScreen
    from .fiscal_year_dialog import FiscalYearUi


class ClosuresUi:
    def __init__(self, services: Services, window: Any) -> None:
        self.services, self.window = services, window
        self._closures: ClosuresScreen | None = None
        self._tickets: TicketsScreen | None = None
        self.forgotten_box: QMessageBox | None = None
        self.pin_dialog: KeypadDialog | None = None
        self.opening_float = OpeningFloat(services, window)  # asked when a seller opens the till
        window.register_screen_opener("closures", self.open_closures)
        window.register_screen_opener("tickets", self.open_tickets)
        self._fiscal_year: FiscalYearUi | None = None
        window.register_screen_opener("fiscal_year", self.open_fiscal_year)

    @property
    def closures(self) -> ClosuresScreen:
        if self._closures is None:
            from .closures_screen import ClosuresScreen

            screen = ClosuresScreen(self.services.closures,
                                    lambda parent: self.pin_for(ProtectedAction.Z_CLOSURE, parent),
                                    lambda: self.window.current_seller, self.window,
                                    print_closure=self.services.printing.print_closure_figures)
            screen.home_requested.connect(self.window.show_home)
            self.window.stack.addWidget(screen)
            self._closures = screen
        return self._closures

    @property
    def tickets(self) -> TicketsScreen:
        if self._tickets is None:
            from ..tickets.tickets_screen import TicketsScreen

            screen = TicketsScreen(self.services.ticket_history, self.services.till.fiscal_block,
                                   lambda parent: self.pin_for(ProtectedAction.REFUND, parent), self.window,
                                   reprint=self.reprint)
            screen.home_requested.connect(self.window.show_home)
            self.window.stack.addWidget(screen)
            self._tickets = screen
        return self._tickets

    def reprint(self, ticket: Any) -> int | None:
        """The Tickets screen's « Réimprimer »: a duplicate, recorded with the seller who asked."""
        seller = self.window.current_seller
        return self.services.printing.reprint_receipt(ticket, seller.name if seller else "")

    def pin_for(self, action: ProtectedAction, parent: QWidget) -> KeypadDialog:
        return ManagerPinDialog(self.services.rights, action, self.window.current_seller, parent)

    def open_closures(self) -> None:
        screen = self.closures
        screen.refresh()
        self.window.stack.setCurrentWidget(screen)

    def open_fiscal_year(self) -> None:
        """Fichier > Paramètres > Exercice fiscal… (manager PIN first)."""
        if self._fiscal_year is None:
            from .fiscal_year_dialog import FiscalYearUi

            self._fiscal_year = FiscalYearUi(self.services.closures, self.window)
        self._fiscal_year.open()

    def open_tickets(self) -> None:
        screen = self.tickets
        screen.search()
        self.window.stack.setCurrentWidget(screen)

    # --- a forgotten Z -----------------------------------------------------------------------------------
    def offer_forgotten_days(self) -> None:
        """At start: say which days have no Z and offer to close them (manager), without blocking anything."""
        closures = self.services.closures
        days = closures.pending_days()
        if not days:
            return
        names = ", ".join(f"{day:%d/%m/%Y}" for day in days)
        text = (f"Journée(s) sans clôture Z : {names}. La caisse reste utilisable ; un gérant peut les clôturer "
                "maintenant, chacune à sa date.")
        self.window.statusBar().showMessage(f"Clôture Z manquante : {names}")
        box = QMessageBox(QMessageBox.Icon.Information, "Clôture Z manquante", text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.window)
        box.button(QMessageBox.StandardButton.Yes).setText("Clôturer maintenant")
        box.button(QMessageBox.StandardButton.No).setText("Plus tard")
        box.setModal(False)
        box.accepted.connect(self._ask_pin_for_forgotten)
        self.forgotten_box = box
        box.show()

    def _ask_pin_for_forgotten(self) -> None:
        dialog = self.pin_for(ProtectedAction.Z_CLOSURE, self.window)
        dialog.setWindowTitle("Clôture Z manquante")
        dialog.accepted.connect(lambda: self._close_forgotten(dialog.value))
        self.pin_dialog = dialog
        dialog.open()

    def _close_forgotten(self, manager: Any) -> None:
        closures = self.services.closures
        days = closures.pending_days()
        if not days:
            return
        try:
            closures.close_day(manager, day=days[-1])  # the earlier ones first, each with its own date
        except Exception as exc:  # noqa: BLE001 - ClosureError or StoreError: said in the status bar
            self.window.statusBar().showMessage(getattr(exc, "message_fr", None) or str(exc))
            return
        self.window.statusBar().showMessage("Clôture(s) Z faite(s) : " + ", ".join(f"{d:%d/%m/%Y}" for d in days))
