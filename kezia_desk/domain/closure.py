"""Closure figures (Lecture X, Clôture Z, monthly and annual closures) computed from the journal's records.

French law (BOI-TVA-DECLA-30-10-30 §§ 160–170) asks for daily, monthly and annual closures carrying the period's
grand total and a perpetual grand total that is never reset; certified tills also keep the perpetual total in
absolute value (refunds counted positive) and totals per VAT rate. Everything here is integer cents, computed from
the records themselves, so `verify-journal` can recompute a stored closure and name the one that was changed.

Which records count: sales (« vente ») and refunds (« avoir », negative) make the turnover; a cancelled ticket
(« annule ») counts only in its own line (number and amount), its money having been handed back; a deposit taken
in COMMANDES is money received on that day (by its method) and is deducted when the order is invoiced, where it
appears as an « acompte » payment.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import Any

from .ticket import ClosedTicket, PaymentMethod, TicketLine
from .vat import validate_vat_rate

TILL_CHANNEL = "Caisse"
FORMAT_VERSION = 1  # of the figures' dictionary, stored and hashed with each closure


class ClosureKind(str, Enum):
    DAY = "jour"
    MONTH = "mois"
    YEAR = "annee"

    @property
    def label(self) -> str:
        return {"jour": "Clôture journalière (Z)", "mois": "Clôture mensuelle",
                "annee": "Clôture annuelle"}[self.value]


@dataclass(frozen=True)
class DepositRecord:
    """Money taken (or handed back, negative) in COMMANDES for an order, journaled when it is taken."""

    number: int
    at: datetime
    order_ref: str
    method: PaymentMethod
    amount_cents: int
    seller_name: str


@dataclass(frozen=True)
class VatTotals:
    ht: int = 0
    vat: int = 0
    ttc: int = 0


@dataclass(frozen=True)
class ClosureFigures:
    """What a closure stores (all amounts in cents). `perpetual_*` carry over from the previous closure."""

    start: str  # ISO times: the period's first and last moment
    end: str
    first_ticket: int | None = None
    last_ticket: int | None = None
    ticket_count: int = 0  # sales and refunds
    sales_count: int = 0
    cancelled_count: int = 0
    cancelled_cents: int = 0
    refund_count: int = 0
    refund_cents: int = 0  # positive: what was paid back
    by_vat: dict[str, VatTotals] = field(default_factory=dict)  # rate ("5.5") → HT, TVA, TTC
    by_payment: dict[str, int] = field(default_factory=dict)  # method value → net cents (change deducted)
    by_seller: dict[str, int] = field(default_factory=dict)
    by_channel: dict[str, int] = field(default_factory=dict)
    discount_cents: int = 0  # positive: the discounts granted
    deposits_taken: dict[str, int] = field(default_factory=dict)  # method → cents taken (refunds negative)
    deposits_used_cents: int = 0  # deducted on invoiced tickets
    grand_total: int = 0  # the period's sales minus its refunds (TTC)
    perpetual_total: int = 0
    perpetual_absolute: int = 0  # refunds counted positive

    @property
    def deposits_taken_cents(self) -> int:
        return sum(self.deposits_taken.values())

    def cash_cents(self) -> int:
        """Cash that entered the drawer: cash payments net of change, cash deposits, less cash paid back."""
        return self.by_payment.get(PaymentMethod.CASH.value, 0) + self.deposits_taken.get(PaymentMethod.CASH.value, 0)

    def to_dict(self) -> dict[str, Any]:
        data = {key: value for key, value in self.__dict__.items() if key != "by_vat"}
        data["by_vat"] = {rate: [t.ht, t.vat, t.ttc] for rate, t in sorted(self.by_vat.items(), key=_rate_key)}
        data["version"] = FORMAT_VERSION
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ClosureFigures:
        values = {key: value for key, value in data.items() if key not in ("by_vat", "version")}
        by_vat = {rate: VatTotals(*parts) for rate, parts in data.get("by_vat", {}).items()}
        return cls(by_vat=by_vat, **values)


def _rate_key(item: tuple[str, Any]) -> Decimal:
    return Decimal(item[0])


def _add(target: dict[str, int], key: str, cents: int) -> None:
    target[key] = target.get(key, 0) + cents


def line_cents(line: TicketLine) -> int:
    """A line's amount in cents, as `TicketLine.total` rounds it (half up, to the cent), without building Money."""
    quantity = line.quantity
    unit = line.unit_price.cents
    if quantity == quantity.to_integral_value():
        return unit * int(quantity)
    return int((Decimal(unit) * quantity).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def vat_totals(ttc_by_rate: dict[Decimal, int]) -> dict[str, VatTotals]:
    """HT, TVA, TTC per rate, split once per rate like `vat.vat_breakdown` (HT + TVA = TTC exactly)."""
    merged: dict[Decimal, int] = {}
    for rate, cents in ttc_by_rate.items():
        key = validate_vat_rate(rate)
        merged[key] = merged.get(key, 0) + cents
    result = {}
    for rate in sorted(merged):
        ttc = merged[rate]
        ht = int((Decimal(ttc) * 100 / (100 + rate)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        result[format(rate.normalize(), "f")] = VatTotals(ht, ttc - ht, ttc)
    return result


def compute_figures(start: datetime, end: datetime, tickets: Iterable[ClosedTicket],
                    deposits: Iterable[DepositRecord] = (), *, previous: ClosureFigures | None = None,
                    channel_of: Callable[[ClosedTicket], str] = lambda _t: TILL_CHANNEL) -> ClosureFigures:
    """The figures of the records between `start` and `end` (the caller chose them), chained on `previous`."""
    by_payment: dict[str, int] = {}
    by_seller: dict[str, int] = {}
    by_channel: dict[str, int] = {}
    deposits_taken: dict[str, int] = {}
    vat_cents: dict[Decimal, int] = {}
    numbers: list[int] = []
    counts: defaultdict[str, int] = defaultdict(int)
    discount = deposits_used = grand = absolute = 0
    for ticket in tickets:
        numbers.append(ticket.number)
        if ticket.cancelled:
            counts["cancelled"] += 1
            counts["cancelled_cents"] += ticket.total.cents
            continue
        total = ticket.total.cents
        if ticket.refund_of is not None:
            counts["refunds"] += 1
            counts["refund_cents"] += -total
        else:
            counts["sales"] += 1
        grand += total
        absolute += abs(total)
        _add(by_seller, ticket.seller_name, total)
        _add(by_channel, channel_of(ticket), total)
        for line in ticket.lines:
            cents = line_cents(line)
            vat_cents[line.vat_rate] = vat_cents.get(line.vat_rate, 0) + cents
            if cents < 0 and ticket.refund_of is None:
                discount += -cents
        for payment in ticket.payments:
            if payment.method is PaymentMethod.DEPOSIT:
                deposits_used += payment.amount.cents
            _add(by_payment, payment.method.value, payment.amount.cents)
        if ticket.change_due.cents:
            _add(by_payment, PaymentMethod.CASH.value, -ticket.change_due.cents)
    for deposit in deposits:
        _add(deposits_taken, deposit.method.value, deposit.amount_cents)
    by_vat = vat_totals(vat_cents)
    return ClosureFigures(
        start=start.isoformat(), end=end.isoformat(),
        first_ticket=min(numbers) if numbers else None, last_ticket=max(numbers) if numbers else None,
        ticket_count=counts["sales"] + counts["refunds"], sales_count=counts["sales"],
        cancelled_count=counts["cancelled"], cancelled_cents=counts["cancelled_cents"],
        refund_count=counts["refunds"], refund_cents=counts["refund_cents"],
        by_vat=by_vat, by_payment=dict(sorted(by_payment.items())), by_seller=dict(sorted(by_seller.items())),
        by_channel=dict(sorted(by_channel.items())), discount_cents=discount,
        deposits_taken=dict(sorted(deposits_taken.items())), deposits_used_cents=deposits_used,
        grand_total=grand,
        perpetual_total=(previous.perpetual_total if previous else 0) + grand,
        perpetual_absolute=(previous.perpetual_absolute if previous else 0) + absolute,
    )


def combine_figures(start: datetime, end: datetime, days: list[ClosureFigures],
                    previous: ClosureFigures | None = None) -> ClosureFigures:
    """A monthly or annual closure from its daily ones (in order): sums of every figure; the perpetual totals are
    those of its last day (of `previous`, the latest closure before it, if it has no day)."""
    result = ClosureFigures(start=start.isoformat(), end=end.isoformat())
    sums: dict[str, Any] = {}
    vat: dict[str, list[int]] = {}
    for day in days:
        for name in ("ticket_count", "sales_count", "cancelled_count", "cancelled_cents", "refund_count",
                     "refund_cents", "discount_cents", "deposits_used_cents", "grand_total"):
            sums[name] = sums.get(name, 0) + getattr(day, name)
        for name in ("by_payment", "by_seller", "by_channel", "deposits_taken"):
            bucket = sums.setdefault(name, {})
            for key, cents in getattr(day, name).items():
                _add(bucket, key, cents)
        for rate, totals in day.by_vat.items():
            parts = vat.setdefault(rate, [0, 0, 0])
            parts[0], parts[1], parts[2] = parts[0] + totals.ht, parts[1] + totals.vat, parts[2] + totals.ttc
    firsts = [day.first_ticket for day in days if day.first_ticket is not None]
    lasts = [day.last_ticket for day in days if day.last_ticket is not None]
    # The days are consecutive closures of one chain: the period ends where its last day's perpetual totals are.
    latest = days[-1] if days else previous
    for name in ("by_payment", "by_seller", "by_channel", "deposits_taken"):
        sums[name] = dict(sorted(sums.get(name, {}).items()))
    return replace(result, first_ticket=min(firsts) if firsts else None, last_ticket=max(lasts) if lasts else None,
                   by_vat={rate: VatTotals(*parts) for rate, parts in sorted(vat.items(), key=_rate_key)},
                   perpetual_total=latest.perpetual_total if latest else 0,
                   perpetual_absolute=latest.perpetual_absolute if latest else 0, **sums)


def check_figures(stored: ClosureFigures, recomputed: ClosureFigures) -> list[str]:
    """The names of the figures that differ (French), empty when a stored closure matches its records."""
    names = {"ticket_count": "nombre de tickets", "cancelled_count": "tickets annulés",
             "cancelled_cents": "montant annulé", "refund_count": "nombre d'avoirs",
             "refund_cents": "montant remboursé",
             "by_vat": "totaux par taux de TVA", "by_payment": "totaux par mode de règlement",
             "by_seller": "totaux par vendeur", "by_channel": "totaux par canal", "discount_cents": "remises",
             "deposits_taken": "acomptes reçus", "deposits_used_cents": "acomptes déduits",
             "grand_total": "grand total de la période", "perpetual_total": "total perpétuel",
             "perpetual_absolute": "total perpétuel en valeur absolue", "first_ticket": "premier ticket",
             "last_ticket": "dernier ticket"}
    return [label for key, label in names.items() if getattr(stored, key) != getattr(recomputed, key)]
