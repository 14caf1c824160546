"""The customer's receipt, laid out from plain data: shop header, ticket, VAT by rate, payments, fiscal block.

`ReceiptModel` holds only what the receipt shows; the fiscal block (ticket, till, seller, line count, software,
signature marks: domain/fiscal.py) is plain data the signed journal gives, so this layout never reaches into it.
A reprint carries its duplicate number (« DUPLICATA n° N »), which the journal records as a signed record first.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .fiscal import FiscalBlock
from .money import money_sum
from .print_document import Layout, PrintDocument
from .shop_time import SHOP_TIMEZONE
from .ticket import ClosedTicket, PaymentMethod
from .vat import vat_breakdown


@dataclass(frozen=True)
class ShopHeader:
    name: str = ""
    address: str = ""
    siret: str = ""
    vat_number: str = ""


@dataclass(frozen=True)
class ReceiptModel:
    header: ShopHeader
    ticket: ClosedTicket
    fiscal: FiscalBlock | None = None
    training: bool = False  # « FORMATION »: a ticket of the training mode, not a sale
    duplicata_number: int | None = None  # set on a reprint
    collection_code: str = ""  # an invoiced web order: its collection code and customer
    customer_name: str = ""

    @property
    def takes_cash(self) -> bool:
        return any(p.method is PaymentMethod.CASH for p in self.ticket.payments)


def quantity_text(quantity: Decimal) -> str:
    text = f"{quantity.normalize():f}" if quantity != quantity.to_integral() else str(int(quantity))
    return text.replace(".", ",")


def rate_text(rate: Decimal) -> str:
    return f"{rate.normalize():f}".replace(".", ",") + " %"


def render_receipt(model: ReceiptModel, columns: int, *, open_drawer: bool = False) -> PrintDocument:
    """The receipt `columns` characters wide. `open_drawer` asks the printer to kick the cash drawer (cash taken,
    first print only: a duplicate never opens the drawer)."""
    ticket, header = model.ticket, model.header
    out = Layout(columns)
    if model.training:
        out.add("FORMATION", large=True, bold=True, align="center")
        out.add("Ticket d'entraînement, sans valeur", align="center")
    if model.duplicata_number is not None:
        out.add(f"DUPLICATA n° {model.duplicata_number}", large=True, bold=True, align="center")
    if header.name:
        out.add(header.name, large=True, bold=True, align="center")
    for part in header.address.splitlines():
        out.add(part, align="center")
    if header.siret:
        out.add(f"SIRET {header.siret}", align="center")
    if header.vat_number:
        out.add(f"TVA intracom. {header.vat_number}", align="center")
    out.rule("=")
    title = "TICKET ANNULÉ" if ticket.cancelled else "Ticket"
    out.pair(f"{title} n° {ticket.number}", ticket.closed_at.astimezone(SHOP_TIMEZONE).strftime("%d/%m/%Y %H:%M"),
             bold=True)
    out.add(f"Vendeur : {ticket.seller_name}")
    if model.collection_code or model.customer_name:
        if model.collection_code:
            out.add(f"Commande web, code {model.collection_code}")
        if model.customer_name:
            out.add(f"Client : {model.customer_name}")
    out.rule()
    for line in ticket.lines:
        out.add(line.label)
        out.pair(f"{quantity_text(line.quantity)} x {line.unit_price.format_fr()}", line.total.format_fr(), indent=2)
        if line.note:
            out.add(f"  {line.note}")
    out.rule()
    out.pair("TOTAL TTC", ticket.total.format_fr(), bold=True)
    out.blank()
    vat = vat_breakdown((line.vat_rate, line.total) for line in ticket.lines)
    width = (columns - 7) // 3
    label = columns - 3 * width
    out.add("Taux".ljust(label) + "".join(h.rjust(width) for h in ("HT €", "TVA €", "TTC €")))
    for row in vat:
        amounts = [amount.format_fr().replace("\xa0€", "") for amount in (row.ht, row.vat, row.ttc)]
        out.add(rate_text(row.rate).ljust(label) + "".join(a.rjust(width) for a in amounts))
    if len(vat) > 1:
        currency = ticket.total.currency
        ht = money_sum([row.ht for row in vat], currency)
        out.pair("Total HT", ht.format_fr())
        out.pair("Total TVA", money_sum([row.vat for row in vat], currency).format_fr())
    out.rule()
    for payment in ticket.payments:
        out.pair(payment.display_label, payment.amount.format_fr())
    if not ticket.change_due.is_zero():
        out.pair("Rendu", ticket.change_due.format_fr(), bold=True)
    if model.fiscal is not None:
        out.rule()
        for text in model.fiscal.lines_fr():
            if not text.startswith(("FORMATION", "DUPLICATA")):  # both already printed large at the top
                out.add(text)
    if model.training:
        out.add("FORMATION", bold=True, align="center")
    out.blank()
    out.add("Merci de votre visite !", align="center")
    title = f"Ticket n° {ticket.number}" + (f" — DUPLICATA n° {model.duplicata_number}"
                                           if model.duplicata_number is not None else "")
    return out.document(title, open_drawer=open_drawer and model.duplicata_number is None)


def drawer_only(columns: int) -> PrintDocument:
    """Nothing printed, no cut: only the cash-drawer kick (cash taken, the customer wanted no receipt)."""
    return PrintDocument("Ouverture du tiroir-caisse", columns, (), cut=False, open_drawer=True)
