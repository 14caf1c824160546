"""The X or Z closure printout, laid out from plain data the closures give (totals by VAT rate, by payment method,
grand totals), so the same printers print it as any other document. `closure_printout` makes that plain data from
the closures' own figures (domain/closure.py), so what prints is what the Clôtures screen shows and the journal
holds."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from .closure import ClosureFigures
from .money import Money
from .print_document import Layout, PrintDocument
from .receipt import ShopHeader, rate_text
from .shop_time import SHOP_TIMEZONE
from .ticket import PaymentMethod


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
    corrections: tuple[tuple[str, str], ...] = ()  # cancelled tickets, refunds, deposits: label → « 2 — 9,50 € »
    cash: tuple[tuple[str, str], ...] = ()  # a Z's drawer: float, expected, counted, difference
    footer: str = ""  # « Faite le 07/12/2026 à 22:14 par Karim »

    @property
    def title(self) -> str:
        name = "Lecture X" if self.kind == "X" else f"Clôture {self.kind}"
        return name + (f" n° {self.number}" if self.number is not None else "")


def render_closure(printout: ClosurePrintout, columns: int) -> PrintDocument:
    out = Layout(columns)
    if printout.training:
        out.add("FORMATION", large=True, bold=True, align="center")
    if printout.header.name:
        out.add(printout.header.name, bold=True, align="center")
    title = printout.title
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
    for heading, rows in (("Corrections et acomptes", printout.corrections), ("Caisse", printout.cash)):
        if rows:
            out.rule()
            out.add(heading, bold=True)
            for label, text in rows:
                out.pair(label, text)
    if printout.grand_totals:
        out.rule()
        out.add("Grands totaux", bold=True)
        for label, amount in printout.grand_totals:
            out.pair(label, amount.format_fr(), bold=True)
    if printout.footer:
        out.rule()
        out.add(printout.footer)
    return out.document(title)


def _cents(cents: int | None) -> str:
    return "—" if cents is None else Money.from_cents(cents).format_fr()


def _method_label(value: str) -> str:
    try:
        return PaymentMethod(value).label
    except ValueError:
        return value


def _moment(text: str) -> str:
    return datetime.fromisoformat(text).astimezone(SHOP_TIMEZONE).strftime("%d/%m/%Y %H:%M")


def closure_printout(kind: str, number: int | None, figures: ClosureFigures, header: ShopHeader, *,
                     cash: Sequence[tuple[str, int | None]] = (), footer: str = "") -> ClosurePrintout:
    """The printout of a Lecture X (`kind` « X », no number) or a closure (« Z », « mensuelle », « annuelle ») from
    its figures (cents); `cash`: the drawer's lines of a Z (label → cents, None when not counted)."""
    f = figures
    return ClosurePrintout(
        kind, number, f"du {_moment(f.start)} au {_moment(f.end)}", header,
        by_vat=tuple(VatTotal(Decimal(rate), Money.from_cents(t.ht), Money.from_cents(t.vat), Money.from_cents(t.ttc))
                     for rate, t in f.by_vat.items()),
        by_payment=tuple((_method_label(method), Money.from_cents(cents)) for method, cents in f.by_payment.items()),
        grand_totals=(("Grand total de la période", Money.from_cents(f.grand_total)),
                      ("Total perpétuel", Money.from_cents(f.perpetual_total)),
                      ("Total perpétuel (valeur absolue)", Money.from_cents(f.perpetual_absolute))),
        ticket_count=f.ticket_count,
        corrections=(("Tickets annulés", f"{f.cancelled_count} — {_cents(f.cancelled_cents)}"),
                     ("Avoirs", f"{f.refund_count} — {_cents(f.refund_cents)}"),
                     ("Remises accordées", _cents(f.discount_cents)),
                     ("Acomptes reçus", _cents(f.deposits_taken_cents)),
                     ("Acomptes déduits", _cents(f.deposits_used_cents))),
        cash=tuple((label, _cents(cents)) for label, cents in cash), footer=footer)
