"""The till's ticket: lines, quantities, payments, change due, closing.

A `TicketDraft` is what the cashier edits; `ClosedTicket` is what the journal records, never changed again.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import Enum

from .catalog import Article
from .money import Money, MoneyError, money_sum, to_decimal
from .vat import VatLine, vat_breakdown

MAX_QUANTITY = Decimal(999)  # refused above: 9 999 pizzas is a slip of the finger, not an order
LARGE_QUANTITY = Decimal(50)  # above this, the Quantité key asks the cashier to confirm
MAX_CASH_TENDERED = Decimal(10000)  # euros: more is a typing slip, not a banknote
MAX_CASH_FACTOR = 10  # cash tendered is at most 10 × what remains due…
MIN_CASH_LIMIT = Decimal(200)  # …but a 100 € or 200 € note for a 1,20 € coffee is a real customer, not a slip


class TicketError(ValueError):
    """A ticket operation the till refuses; the message is French and shown as is."""


class PaymentMethod(str, Enum):
    CASH = "especes"
    CARD = "carte"
    CHEQUE = "cheque"
    MEAL_VOUCHER = "titre_restaurant"
    ONLINE = "en_ligne"  # paid on the web shop before the order reached the till
    DEPOSIT = "acompte"  # a deposit taken when the order was taken in COMMANDES, before this ticket

    @property
    def label(self) -> str:
        return {
            "especes": "Espèces",
            "carte": "Carte bancaire",
            "cheque": "Chèque",
            "titre_restaurant": "Titre-restaurant",
            "en_ligne": "Payé en ligne",
            "acompte": "Acompte déjà versé",
        }[self.value]

    @property
    def gives_change(self) -> bool:
        """Only cash gives change back; an overpaid card or cheque is refused."""
        return self is PaymentMethod.CASH


@dataclass
class TicketLine:
    label: str
    unit_price: Money
    quantity: Decimal
    vat_rate: Decimal
    idart: int | None = None
    note: str = ""

    @property
    def total(self) -> Money:
        return self.unit_price * self.quantity


@dataclass(frozen=True)
class Payment:
    method: PaymentMethod
    amount: Money
    label: str = ""  # what the receipt shows when the method alone is not enough (« Payé en ligne (CB) »)

    @property
    def display_label(self) -> str:
        return self.label or self.method.label

    @property
    def taken_at_till(self) -> bool:
        """Money the cashier took on this ticket; an online payment (web shop) or a deposit (COMMANDES) was taken
        before it."""
        return self.method not in (PaymentMethod.ONLINE, PaymentMethod.DEPOSIT)


def parse_quantity(text: str | Decimal | int) -> Decimal:
    """A quantity typed or tapped by the cashier: positive, at most 3 decimals, at most 999."""
    try:
        value = to_decimal(text)
    except MoneyError as exc:
        raise TicketError(f"Quantité invalide : « {text} ».") from exc
    if value <= 0:
        raise TicketError("La quantité doit être supérieure à zéro.")
    if value > MAX_QUANTITY:
        raise TicketError(f"La quantité ne peut pas dépasser {MAX_QUANTITY}.")
    if value != value.quantize(Decimal("0.001")):
        raise TicketError("La quantité a au plus trois décimales.")
    return value


@dataclass
class TicketDraft:
    """The ticket being rung up. Lines are merged when the same article is tapped twice."""

    lines: list[TicketLine] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    web_order_id: str | None = None  # set when the ticket invoices a web order
    recorded_as: int | None = None  # the journal's ticket number once recorded: a draft is recorded once
    caption: str = ""  # what the till says about this ticket (« Commande de Zoé Martin, code 427 »)

    def add_article(self, article: Article, quantity: Decimal = Decimal(1)) -> TicketLine:
        if not article.active:
            raise TicketError(f"L'article « {article.name} » n'est plus en vente.")
        for line in self.lines:
            if line.idart == article.idart and line.unit_price == article.price and not line.note:
                line.quantity = parse_quantity(line.quantity + quantity)
                return line
        line = TicketLine(article.name, article.price, parse_quantity(quantity), article.vat_rate, article.idart)
        self.lines.append(line)
        return line

    def add_line(self, line: TicketLine) -> TicketLine:
        if line.unit_price.amount < 0 and not line.label:
            raise TicketError("Ligne sans libellé.")
        line.quantity = parse_quantity(line.quantity)
        self.lines.append(line)
        return line

    def set_quantity(self, index: int, quantity: str | Decimal) -> None:
        self._line(index).quantity = parse_quantity(quantity)

    def remove_line(self, index: int) -> None:
        self._line(index)
        del self.lines[index]

    def _line(self, index: int) -> TicketLine:
        if not 0 <= index < len(self.lines):
            raise TicketError("Aucune ligne sélectionnée.")
        return self.lines[index]

    @property
    def total(self) -> Money:
        return money_sum([line.total for line in self.lines])

    @property
    def paid(self) -> Money:
        return money_sum([payment.amount for payment in self.payments])

    @property
    def remaining(self) -> Money:
        rest = self.total - self.paid
        return rest if rest.amount > 0 else Money.zero(rest.currency)

    @property
    def change_due(self) -> Money:
        over = self.paid - self.total
        return over if over.amount > 0 else Money.zero(over.currency)

    def vat_lines(self) -> list[VatLine]:
        return vat_breakdown((line.vat_rate, line.total) for line in self.lines)

    def add_payment(self, method: PaymentMethod, amount: Money | None = None, label: str = "") -> Payment:
        """Record a payment; without an amount, pays what remains. Only cash may exceed what remains."""
        if not self.lines:
            raise TicketError("Le ticket est vide : ajoutez un article avant d'encaisser.")
        if self.total.amount <= 0:
            raise TicketError("Le total du ticket doit être positif pour être encaissé.")
        if self.remaining.is_zero():
            raise TicketError("Le ticket est déjà entièrement réglé.")
        amount = amount if amount is not None else self.remaining
        if amount.amount <= 0:
            raise TicketError("Le montant du paiement doit être positif.")
        if amount > self.remaining and not method.gives_change:
            raise TicketError(f"Un paiement par {method.label.lower()} ne peut pas dépasser le reste dû.")
        if method.gives_change and amount > self.cash_limit:
            raise TicketError(f"Montant reçu trop élevé : {amount.format_fr()} pour {self.remaining.format_fr()} dus. "
                              f"Au plus {self.cash_limit.format_fr()} (10 fois le reste dû, au moins 200 €, "
                              "10 000 € au plus) : vérifiez la saisie.")
        payment = Payment(method, amount, label)
        self.payments.append(payment)
        return payment

    @property
    def cash_limit(self) -> Money:
        """The most cash accepted for what remains: 10 × the amount due (at least 200 €: the largest note
        a French shop takes), ≤ 10 000 €."""
        currency = self.total.currency
        bound = max(self.remaining.amount * MAX_CASH_FACTOR, MIN_CASH_LIMIT)
        return Money(min(bound, MAX_CASH_TENDERED), currency)

    @property
    def is_settled(self) -> bool:
        return bool(self.lines) and self.total.amount > 0 and self.paid >= self.total

    @property
    def till_payments(self) -> list[Payment]:
        return [payment for payment in self.payments if payment.taken_at_till]

    @property
    def paid_at_till(self) -> Money:
        """What the till itself cashed for this ticket (change given back excluded)."""
        return money_sum([p.amount for p in self.till_payments], self.total.currency) - self.change_due

    def clear_till_payments(self) -> None:
        """« Annuler les règlements »: the payments taken here go; an amount paid online stays."""
        self.payments[:] = [payment for payment in self.payments if not payment.taken_at_till]


@dataclass(frozen=True)
class ClosedTicket:
    """A recorded sale. `number` and `entry_hash` come from the journal when it is stored."""

    number: int
    closed_at: datetime
    seller_id: int
    seller_name: str
    lines: tuple[TicketLine, ...]
    payments: tuple[Payment, ...]
    total: Money
    change_due: Money
    web_order_id: str | None = None
    previous_hash: str = ""
    entry_hash: str = ""
    cancelled: bool = False  # a ticket abandoned after a payment was taken: journaled, not a sale
    signature: str = ""  # the signed fiscal record's signature ("" for tickets recorded before signing)
    training: bool = False  # mode formation: its own chain, no fiscal value, numbered apart
    refund_of: int | None = None  # a refund (avoir): the number of the sale it pays back, in negative amounts

    @property
    def paid_at_till(self) -> Money:
        """What the till cashed for this ticket as the journal holds it: its payments taken here, less the change
        given back (an online payment or a deposit was taken before the ticket)."""
        taken = money_sum([p.amount for p in self.payments if p.taken_at_till], self.total.currency)
        return taken - self.change_due
