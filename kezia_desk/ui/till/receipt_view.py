"""The recorded ticket as the customer would read it, with its fiscal block (number, date and time, till, seller,
line count, software and version, characters 3, 7, 13 and 19 of its signature, « DUPLICATA n° N » on a copy,
« FORMATION » in training): what ties the paper or the screen to the signed journal.

`receipt_html()` is shared by every screen that shows a recorded ticket (the till after a sale, the ticket
history); the printing code formats the same `FiscalBlock` lines for paper.
"""
from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout, QWidget

from ...domain.fiscal import FiscalBlock
from ...domain.ticket import ClosedTicket
from ..widgets.touch import TouchButton
from .ticket_model import format_quantity


def receipt_html(ticket: ClosedTicket, block: FiscalBlock) -> str:
    rows = "".join(
        f"<tr><td>{format_quantity(line.quantity)} × {escape(line.label)}</td>"
        f"<td align='right'>{line.total.format_fr()}</td></tr>" for line in ticket.lines)
    payments = "".join(f"<tr><td>{escape(p.display_label)}</td><td align='right'>{p.amount.format_fr()}</td></tr>"
                       for p in ticket.payments)
    change = "" if ticket.change_due.is_zero() else (
        f"<tr><td>Rendu</td><td align='right'>{ticket.change_due.format_fr()}</td></tr>")
    title = "TICKET ANNULÉ" if ticket.cancelled else "Ticket"
    banner = ("<p style='background:#b3261e;color:white;font-size:16pt;font-weight:700;text-align:center'>"
              "FORMATION</p>") if block.training else ""
    fiscal = "<br>".join(escape(line) for line in block.lines_fr())
    return (f"{banner}<h3 style='text-align:center'>{title}</h3>"
            f"<table width='100%' cellspacing='2'>{rows}"
            f"<tr><td><b>Total TTC</b></td><td align='right'><b>{ticket.total.format_fr()}</b></td></tr>"
            f"{payments}{change}</table><hr>"
            f"<p style='font-family:monospace;font-size:10pt'>{fiscal}</p>")


class ReceiptDialog(QDialog):
    """« Voir le ticket »: the last recorded ticket, read-only, with a big Fermer."""

    def __init__(self, till: Any, ticket: ClosedTicket, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receiptDialog")
        self.setWindowTitle(f"Ticket n° {ticket.number}" + (" (formation)" if ticket.training else ""))
        self.ticket = ticket
        self.block = till.fiscal_block(ticket)
        self.view = QTextBrowser(self)
        self.view.setObjectName("receiptView")
        self.view.setHtml(receipt_html(ticket, self.block))
        self.close_button = TouchButton("Fermer", self, role="nav")
        self.close_button.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.close_button)
        self.resize(460, 600)
