"""Facturer: an order becomes a till ticket whose VAT follows the articles, never a guess.

- each line takes the VAT rate of its till article (the one its ref names, or the one the cashier mapped it to);
  a line with no till article takes the rate the manager chose for unknown web lines and is flagged;
- a discount is spread over the lines' VAT rates in proportion to their amounts (the usual French practice),
  in exact cents, the remainder going to the largest line, and shown as one discount line per rate;
- an amount already paid online is a payment on the ticket (« Payé en ligne »), never a negative line, so the
  sale is journaled at its full amount with the right VAT.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from .money import Money, money_sum
from .order import TILL_PAID_REF, Order, is_to_collect
from .ticket import PaymentMethod, TicketDraft, TicketLine

UNKNOWN_NOTE = "article inconnu"
DEFAULT_UNKNOWN_RATE = Decimal("10")


@dataclass(frozen=True)
class FeeArticle:
    """The till's delivery-fee article (FRAIS DE PORT TTC), whose VAT rate the delivery charge takes."""

    idart: int
    name: str
    vat_rate: Decimal


def rate_label(rate: Decimal) -> str:
    return f"{rate.normalize():f}".replace(".", ",")


def spread_discount(amounts: list[tuple[Decimal, Money]], discount: Money) -> dict[Decimal, Money]:
    """Split `discount` over (VAT rate, line amount) pairs pro rata, in whole cents; returns the share per rate.

    Each line gets the floor of its exact share; the cents left over go to the largest line, so the shares add
    up to the discount exactly.
    """
    positive = [(rate, amount) for rate, amount in amounts if amount.amount > 0]
    total = money_sum([amount for _, amount in positive], discount.currency)
    if not positive or total.amount <= 0:
        return {}
    discount = min(discount, total)
    shares = [int((Decimal(discount.cents) * amount.cents / total.cents).to_integral_value(ROUND_FLOOR))
              for _, amount in positive]
    largest = max(range(len(positive)), key=lambda i: positive[i][1].amount)
    shares[largest] += discount.cents - sum(shares)
    by_rate: dict[Decimal, Money] = {}
    for (rate, _), cents in zip(positive, shares, strict=True):
        by_rate[rate] = by_rate.get(rate, Money.zero(discount.currency)) + Money.from_cents(cents, discount.currency)
    return {rate: share for rate, share in by_rate.items() if share.amount}


def option_idart(ref: str | None, article_rate: Callable[[int], Decimal | None]) -> int | None:
    """A supplement's IDART: its ref when that names a till article (the journal keeps what was sold)."""
    text = (ref or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        return None
    return int(text) if article_rate(int(text)) is not None else None


def invoice_draft(order: Order, article_rate: Callable[[int], Decimal | None], fee: FeeArticle | None,
                  unknown_rate: Decimal = DEFAULT_UNKNOWN_RATE) -> TicketDraft:
    """The till ticket for `order`: its lines, options, charges, discounts spread by VAT rate, online payments."""
    draft = TicketDraft(web_order_id=order.hubrise_id or f"local-{order.local_id}")

    def rate_of(idart: int | None) -> tuple[Decimal, str]:
        rate = article_rate(idart) if idart is not None else None
        if rate is None:
            return unknown_rate, f"{UNKNOWN_NOTE}, TVA {rate_label(unknown_rate)} %"
        return rate, ""

    for item in order.live_items():
        rate, note = rate_of(item.idart)
        draft.add_line(TicketLine(item.label, item.price, item.quantity, rate, item.idart, note))
        for option in item.options:
            if option.price is not None and not option.removed and option.price.amount:
                draft.add_line(TicketLine(f"  + {option.name}", option.price, item.quantity * option.quantity, rate,
                                          option_idart(option.ref, article_rate), "option"))
    for charge in order.charges:
        if charge.deleted:
            continue
        if fee is not None:
            draft.add_line(TicketLine(fee.name, charge.price, Decimal(1), fee.vat_rate, fee.idart, "frais"))
        else:
            draft.add_line(TicketLine(charge.name, charge.price, Decimal(1), unknown_rate, None,
                                      f"frais, TVA {rate_label(unknown_rate)} %"))
    for discount in order.discounts:
        if discount.deleted or discount.price_off.amount <= 0:
            continue
        shares = spread_discount([(line.vat_rate, line.total) for line in draft.lines], discount.price_off)
        for rate in sorted(shares, reverse=True):
            label = f"Remise {discount.name}" + (f" (TVA {rate_label(rate)} %)" if len(shares) > 1 else "")
            draft.add_line(TicketLine(label, -shares[rate], Decimal(1), rate, None, "remise"))
    for payment in order.payments:
        if payment.deleted or is_to_collect(payment) or payment.amount.amount <= 0:
            continue
        if draft.remaining.is_zero():
            break
        amount = min(payment.amount, draft.remaining)
        method = PaymentMethod.DEPOSIT if payment.ref == TILL_PAID_REF else PaymentMethod.ONLINE
        draft.add_payment(method, amount, method.label + (f" ({payment.name})" if payment.name else ""))
    return draft
