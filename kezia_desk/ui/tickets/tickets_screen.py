"""Tickets: past tickets searched by day, number, seller, amount or article; one ticket's detail with its fiscal
block and its refunds; « Retour / avoir » (manager PIN) records a refund linked to the sale, which stays as it was;
« Réimprimer » prints the selected ticket as « DUPLICATA n° N » (recorded first, with who asked).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from html import escape
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...domain.money import MoneyError, parse_typed_amount
from ...domain.seller import Seller
from ...domain.text import plural
from ...domain.ticket import ClosedTicket, PaymentMethod, TicketError
from ...services.ticket_history import TicketSearch
from ..till.ticket_model import format_quantity
from ..widgets.keypad import KeypadDialog
from ..widgets.touch import InlineMessage, TouchButton, row_picker_table
from .refund_dialog import RefundDialog

log = logging.getLogger(__name__)
COLUMNS = ["N°", "Date", "Vendeur", "Type", "Total", "Règlements"]


def kind_label(ticket: ClosedTicket) -> str:
    if ticket.cancelled:
        return "Annulé"
    if ticket.refund_of is not None:
        return f"Avoir du n° {ticket.refund_of}"
    return "Vente"


class TicketsScreen(QWidget):
    home_requested = Signal()

    def __init__(self, history: Any, fiscal_block: Callable[[ClosedTicket], Any],
                 manager_pin_dialog: Callable[[QWidget], KeypadDialog], parent: QWidget | None = None,
                 reprint: Callable[[ClosedTicket], int | None] | None = None) -> None:
        """`manager_pin_dialog(parent)`: the rights gate's PIN pad for a refund (its value: the manager).
        `reprint(ticket)`: printing's duplicate (None: no « Réimprimer »)."""
        super().__init__(parent)
        self.setObjectName("ticketsScreen")
        self.history, self.fiscal_block, self.manager_pin_dialog = history, fiscal_block, manager_pin_dialog
        self.reprint = reprint
        self.found: list[ClosedTicket] = []
        self.pin_dialog: KeypadDialog | None = None
        self.refund_dialog: RefundDialog | None = None
        title = QLabel("Tickets", self)
        title.setObjectName("screenTitle")
        self.refund_button = TouchButton("Retour / avoir", self, role="danger")
        self.reprint_button = TouchButton("Réimprimer", self, role="action")
        self.back_button = TouchButton("Accueil", self, role="nav")
        self.refund_button.clicked.connect(self.start_refund)
        self.reprint_button.clicked.connect(self.reprint_selected)
        self.reprint_button.setVisible(reprint is not None)
        self.back_button.clicked.connect(self.home_requested)
        top = QHBoxLayout()
        top.addWidget(title, 1)
        top.addWidget(self.reprint_button)
        top.addWidget(self.refund_button)
        top.addWidget(self.back_button)
        self.day_edit, self.number_edit, self.seller_edit = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.amount_edit, self.article_edit = QLineEdit(self), QLineEdit(self)
        self.day_edit.setPlaceholderText("jj/mm/aaaa")
        self.amount_edit.setPlaceholderText("ex. 12,50")
        form = QFormLayout()
        for label, edit in (("Jour", self.day_edit), ("N°", self.number_edit), ("Vendeur", self.seller_edit),
                            ("Montant", self.amount_edit), ("Article", self.article_edit)):
            edit.setMinimumHeight(44)
            edit.returnPressed.connect(self.search)
            form.addRow(label, edit)
        self.search_button = TouchButton("Rechercher", self, role="primary")
        self.clear_button = TouchButton("Effacer", self, role="nav")
        self.search_button.clicked.connect(self.search)
        self.clear_button.clicked.connect(self.clear_search)
        search_buttons = QHBoxLayout()
        search_buttons.addWidget(self.clear_button)
        search_buttons.addWidget(self.search_button)
        self.table = row_picker_table(COLUMNS, self, "ticketsTable")
        self.table.itemSelectionChanged.connect(self.show_selected)
        self.count_label = QLabel(self)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addLayout(search_buttons)
        left.addWidget(self.count_label)
        left.addWidget(self.table, 1)
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("ticketDetail")
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addWidget(self.detail, 2)
        self.message = InlineMessage(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)
        self.refund_button.setEnabled(False)
        self.reprint_button.setEnabled(False)

    # --- search ------------------------------------------------------------------------------------------
    def criteria(self) -> TicketSearch:
        """The search typed, checked field by field (TicketError in French for the first unreadable one)."""
        day = None
        if self.day_edit.text().strip():
            try:
                day = datetime.strptime(self.day_edit.text().strip(), "%d/%m/%Y").date()
            except ValueError as exc:
                raise TicketError("Jour illisible : tapez une date comme 05/12/2026.") from exc
        number = None
        if self.number_edit.text().strip():
            text = self.number_edit.text().strip()
            if not (text.isascii() and text.isdigit() and len(text) <= 9):
                raise TicketError("N° illisible : tapez le numéro du ticket, ex. 128.")
            number = int(text)
        amount = None
        if self.amount_edit.text().strip():
            try:
                amount = parse_typed_amount(self.amount_edit.text()).cents
            except MoneyError as exc:
                raise TicketError(f"Montant : {exc}") from exc
        return TicketSearch(day, number, self.seller_edit.text(), amount, self.article_edit.text())

    def search(self) -> None:
        try:
            criteria = self.criteria()
            self.found = self.history.search(criteria)
        except TicketError as exc:
            self.message.show_error(str(exc))
            return
        except Exception as exc:
            log.exception("recherche de tickets")
            self.message.show_error(getattr(exc, "message_fr", None) or "La recherche n'a pas pu être faite.")
            return
        self.message.clear_message()
        self._show_rows()

    def clear_search(self) -> None:
        for edit in (self.day_edit, self.number_edit, self.seller_edit, self.amount_edit, self.article_edit):
            edit.clear()
        self.search()

    def show_day(self, day: date) -> None:
        self.clear_search()
        self.day_edit.setText(day.strftime("%d/%m/%Y"))
        self.search()

    def _show_rows(self) -> None:
        self.table.clearSelection()
        self.table.setRowCount(len(self.found))
        for row, ticket in enumerate(self.found):
            payments = ", ".join(p.display_label for p in ticket.payments)
            values = [str(ticket.number), ticket.closed_at.strftime("%d/%m/%Y %H:%M"), ticket.seller_name,
                      kind_label(ticket), ticket.total.format_fr(), payments]
            for column, text in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.count_label.setText(plural(len(self.found), "ticket", "tickets") + (" (les 200 plus récents)"
                                                                    if len(self.found) >= 200 else ""))
        self.detail.clear()
        self.refund_button.setEnabled(False)
        self.reprint_button.setEnabled(False)

    # --- detail ------------------------------------------------------------------------------------------
    def selected(self) -> ClosedTicket | None:
        rows = self.table.selectionModel().selectedRows()
        return self.found[rows[0].row()] if rows else None

    def select_ticket(self, number: int) -> None:
        for row, ticket in enumerate(self.found):
            if ticket.number == number:
                self.table.selectRow(row)
                self.show_selected()

    def show_selected(self) -> None:
        listed = self.selected()
        if listed is None:
            return
        ticket = self.history.get(listed.number) or listed  # with its signature, for the fiscal block
        refunds = self.history.refunds_of(ticket.number) if ticket.refund_of is None else []
        self.detail.setHtml(ticket_html(ticket, self.fiscal_block(ticket).lines_fr(), refunds))
        self.refund_button.setEnabled(not ticket.cancelled and ticket.refund_of is None
                                      and any(q > 0 for q in self.history.returnable(ticket)))
        self.reprint_button.setEnabled(not ticket.cancelled)  # a cancelled ticket was never handed over

    # --- duplicate ---------------------------------------------------------------------------------------
    def reprint_selected(self) -> None:
        """« DUPLICATA n° N » of the selected ticket; a second tap while it waits for the printer prints none."""
        listed = self.selected()
        if listed is None or self.reprint is None or not self.reprint_button.isEnabled():
            return
        try:
            ticket = self.history.get(listed.number) or listed  # with its signature, recorded with the duplicate
            job = self.reprint(ticket)
        except ValueError as exc:  # PrintingError: no receipt printer chosen (French)
            self.message.show_error(str(exc))
            return
        except Exception as exc:
            log.exception("duplicata")
            self.message.show_error(getattr(exc, "message_fr", None) or "Le duplicata n'a pas pu être demandé.")
            return
        if job is None:
            self.message.show_info(f"Un duplicata du ticket n° {ticket.number} attend déjà l'imprimante.")
        else:
            self.message.show_success(f"Duplicata du ticket n° {ticket.number} envoyé à l'imprimante.")

    # --- refund ------------------------------------------------------------------------------------------
    def start_refund(self) -> None:
        ticket = self.selected()
        if ticket is None or not self.refund_button.isEnabled():
            return
        self.refund_button.setEnabled(False)
        dialog = self.manager_pin_dialog(self)
        dialog.setWindowTitle("Retour / avoir")
        dialog.accepted.connect(lambda: self._choose_lines(ticket, dialog.value))  # type: ignore[arg-type]
        dialog.rejected.connect(self.show_selected)
        self.pin_dialog = dialog
        dialog.open()

    def _choose_lines(self, ticket: ClosedTicket, manager: Seller) -> None:
        dialog = RefundDialog(ticket, self.history.returnable(ticket), self)
        dialog.chosen.connect(lambda quantities, method: self._refund(dialog, ticket, quantities, method, manager))
        dialog.rejected.connect(self.show_selected)
        self.refund_dialog = dialog
        dialog.open()

    def _refund(self, dialog: RefundDialog, ticket: ClosedTicket, quantities: dict[int, Decimal],
                method: PaymentMethod, manager: Seller) -> None:
        try:
            refund = self.history.refund(ticket.number, quantities, method, manager)
        except TicketError as exc:
            dialog.message.show_error(str(exc))
            dialog.ok_button.setEnabled(True)
            return
        except Exception as exc:
            log.exception("avoir")
            dialog.message.show_error(getattr(exc, "message_fr", None) or "L'avoir n'a pas pu être enregistré.")
            dialog.ok_button.setEnabled(True)
            return
        dialog.accept()
        self.number_edit.clear()
        self.search()
        self.select_ticket(refund.number)
        self.message.show_success(f"Avoir n° {refund.number} enregistré : {(-refund.total).format_fr()} rendus "
                                  f"({method.label}) pour le ticket n° {ticket.number}.")


def ticket_html(ticket: ClosedTicket, fiscal_lines: list[str], refunds: list[ClosedTicket]) -> str:
    rows = "".join(f"<tr><td>{format_quantity(line.quantity)}</td><td>{escape(line.label)}</td>"
                   f"<td align='right'>{line.unit_price.format_fr()}</td>"
                   f"<td align='right'>{line.total.format_fr()}</td></tr>" for line in ticket.lines)
    payments = "<br>".join(f"{escape(p.display_label)} : {p.amount.format_fr()}" for p in ticket.payments)
    change = f"<br>Rendu : {ticket.change_due.format_fr()}" if not ticket.change_due.is_zero() else ""
    linked = "".join(f"<li>Avoir n° {r.number} du {r.closed_at:%d/%m/%Y %H:%M} : {r.total.format_fr()}</li>"
                     for r in refunds)
    title = (f"Avoir n° {ticket.number} (retour du ticket n° {ticket.refund_of})" if ticket.refund_of is not None
             else f"{kind_label(ticket)} n° {ticket.number}")
    return (f"<h2>{escape(title)}</h2>"
            "<table width='100%'><tr style='background:#e3e8ee'><th align='left'>Qté</th>"
            "<th align='left'>Article</th><th align='right'>PU</th><th align='right'>Total</th></tr>"
            f"{rows}<tr><td></td><td><b>Total TTC</b></td><td></td>"
            f"<td align='right'><b>{ticket.total.format_fr()}</b></td></tr></table>"
            f"<p>{payments}{change}</p>"
            + (f"<p><b>Avoirs liés :</b></p><ul>{linked}</ul>" if linked else "")
            + "<p style='font-family:monospace;background:#f3f5f7;padding:4px'>"
            + "<br>".join(escape(line) for line in fiscal_lines) + "</p>")
