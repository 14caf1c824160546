"""The X or Z closure printout, laid out from plain data the closures give (totals by VAT rate, by payment method,
grand totals), so the same printers print it as any other document."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .money import Money
from .print_document import Layout, PrintDocument
from .receipt import ShopHeader, rate_text


@dataclass(frozen=True)
class VatTotal:
    rate: Decimal
    ht: Money
    vat: Money
    ttc: Money


@dataclass(frozen=True)
class ClosurePrintout:
    kind: str  # « X » (reading, nothing closed) or « Z » (closure)
    number: int | None
    period: str  # « du 07/12/2026 08:00 au 07/12/2026 22:14 »
    header: ShopHeader = field(default_factory=ShopHeader)
    by_vat: tuple[VatTotal, ...] = ()
    by_payment: tuple[tuple[str, Money], ...] = ()
    grand_totals: tuple[tuple[str, Money], ...] = ()
    ticket_count: int = 0
    training: bool = False


def render_closure(printout: ClosurePrintout, columns: int) -> PrintDocument:
    out = Layout(columns)
    if printout.training:
        out.add("FORMATION", large=True, bold=True, align="center")
    if printout.header.name:
        out.add(printout.header.name, bold=True, align="center")
    title = f"Clôture {printout.kind}" + (f" n° {printout.number}" if printout.number is not None else "")
    out.add(title, large=True, bold=True, align="center")
    out.add(printout.period, align="center")
    out.pair("Tickets", str(printout.ticket_count))
    out.rule("=")
    out.add("Par taux de TVA", bold=True)
    for row in printout.by_vat:
        out.add(rate_text(row.rate))
        out.pair("HT", row.ht.format_fr(), indent=2)
        out.pair("TVA", row.vat.format_fr(), indent=2)
        out.pair("TTC", row.ttc.format_fr(), indent=2)
    out.rule()
    out.add("Par mode de règlement", bold=True)
    for label, amount in printout.by_payment:
        out.pair(label, amount.format_fr())
    if printout.grand_totals:
        out.rule()
        out.add("Grands totaux", bold=True)
        for label, amount in printout.grand_totals:
            out.pair(label, amount.format_fr(), bold=True)
    return out.document(title)
