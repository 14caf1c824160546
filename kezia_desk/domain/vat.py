"""VAT breakdown of amounts that include VAT (TTC), as printed at the foot of a French receipt."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .money import Money, round_cents, to_decimal

FRENCH_VAT_RATES = (Decimal("5.5"), Decimal("10"), Decimal("20"), Decimal("2.1"), Decimal("0"))


@dataclass(frozen=True)
class VatLine:
    """One rate of the breakdown: base excluding VAT (HT), the VAT, and the total including it (TTC)."""

    rate: Decimal
    ttc: Money
    ht: Money
    vat: Money


def validate_vat_rate(rate: Decimal | int | str) -> Decimal:
    value = to_decimal(rate)
    if value < 0 or value >= 100:
        raise ValueError(f"taux de TVA impossible : {rate}")
    return value.normalize() if value != value.to_integral() else value.quantize(Decimal(1))


def vat_breakdown(amounts: Iterable[tuple[Decimal, Money]]) -> list[VatLine]:
    """Group TTC amounts by VAT rate, then split each group once (rounding per rate, not per line).

    Splitting per rate keeps HT + TVA equal to TTC exactly, which is what the journal and receipts show.
    """
    grouped: dict[Decimal, Money] = {}
    for rate, ttc in amounts:
        key = validate_vat_rate(rate)
        grouped[key] = grouped.get(key, Money.zero(ttc.currency)) + ttc
    lines = []
    for rate in sorted(grouped):
        ttc = grouped[rate]
        ht = Money(round_cents(ttc.amount * 100 / (100 + rate)), ttc.currency)
        lines.append(VatLine(rate=rate, ttc=ttc, ht=ht, vat=ttc - ht))
    return lines
