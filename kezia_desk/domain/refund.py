"""Refunds (retour / avoir): the lines returned become a negative ticket that names the original sale.

The original is never changed: the refund is a new ticket of the same chain, its lines the returned quantities as
negative quantities at the original prices and VAT rates, its payment the money handed back (negative) by the
method the manager chose. A line cannot be returned more often than it was sold, over every refund of the sale.
"""
from __future__ import annotations

from decimal import Decimal

from .ticket import ClosedTicket, Payment, PaymentMethod, TicketDraft, TicketError, TicketLine

REFUND_METHODS = (PaymentMethod.CASH, PaymentMethod.CARD, PaymentMethod.CHEQUE)


def line_key(line: TicketLine) -> tuple[str, int, Decimal, int | None]:
    return line.label, line.unit_price.cents, line.vat_rate, line.idart


def returnable(original: ClosedTicket, refunds: list[ClosedTicket]) -> list[Decimal]:
    """For each line of the original, the quantity that may still be returned."""
    returned: dict[tuple[str, int, Decimal, int | None], Decimal] = {}
    for refund in refunds:
        for line in refund.lines:
            key = line_key(line)
            returned[key] = returned.get(key, Decimal(0)) - line.quantity
    left = []
    for line in original.lines:
        key = line_key(line)
        taken = min(returned.get(key, Decimal(0)), line.quantity) if line.quantity > 0 else Decimal(0)
        returned[key] = returned.get(key, Decimal(0)) - taken
        left.append(line.quantity - taken if line.quantity > 0 and line.unit_price.amount > 0 else Decimal(0))
    return left


def refund_draft(original: ClosedTicket, refunds: list[ClosedTicket], quantities: dict[int, Decimal],
                 method: PaymentMethod) -> TicketDraft:
    """The negative ticket for the returned quantities (line index → quantity), paid back by `method`."""
    if original.cancelled or original.refund_of is not None:
        raise TicketError("Seule une vente peut être remboursée.")
    if method not in REFUND_METHODS:
        raise TicketError("Remboursement possible en espèces, par carte bancaire ou par chèque.")
    left = returnable(original, refunds)
    lines = []
    for index, quantity in sorted(quantities.items()):
        if quantity == 0:
            continue
        if not 0 <= index < len(original.lines) or quantity < 0:
            raise TicketError("Ligne de retour invalide.")
        if quantity > left[index]:
            raise TicketError(f"« {original.lines[index].label.strip()} » : au plus {left[index].normalize():f} "
                              "à retourner.")
        line = original.lines[index]
        lines.append(TicketLine(line.label, line.unit_price, -quantity, line.vat_rate, line.idart,
                                f"retour du ticket n° {original.number}"))
    if not lines:
        raise TicketError("Choisissez au moins une ligne à retourner.")
    draft = TicketDraft(lines=lines)
    draft.payments.append(Payment(method, draft.total, f"Remboursement ({method.label})"))
    return draft
