"""Money as exact decimals.

A till must never show 0.30000000000000004 €: every amount is a `Decimal` quantized to the cent, floats are
refused at construction, and the HubRise text form ("8.90 EUR") is parsed and written exactly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
DEFAULT_CURRENCY = "EUR"
_THOUSANDS = "\u202f"  # narrow no-break space, the French thousands separator
_NBSP = "\u00a0"
_HUBRISE_MONEY = re.compile(r"^(-?\d+\.\d{2}) ([A-Z]{3})$")
_TYPED_AMOUNT = re.compile(r"^\d{1,7}(?:[.,]\d{1,2})?$")


class MoneyError(ValueError):
    """An amount that cannot be money (float, text that is no number, mixed currencies)."""


def to_decimal(value: Decimal | int | str) -> Decimal:
    """Convert exact inputs to Decimal; floats are refused because they carry binary rounding errors."""
    if isinstance(value, bool) or isinstance(value, float):
        raise MoneyError(f"valeur non exacte refusée : {value!r}")
    if isinstance(value, Decimal):
        result = value
    else:
        try:
            result = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation as exc:
            raise MoneyError(f"« {value} » n'est pas un nombre") from exc
    if not result.is_finite():
        raise MoneyError(f"« {value} » n'est pas un nombre fini")
    return result


def round_cents(value: Decimal) -> Decimal:
    """Round half up to the cent, the rounding French tills and receipts use."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, order=True)
class Money:
    """An amount in cents-exact Decimal with its ISO 4217 currency."""

    amount: Decimal
    currency: str = DEFAULT_CURRENCY

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", round_cents(to_decimal(self.amount)))
        if not re.fullmatch(r"[A-Z]{3}", self.currency):
            raise MoneyError(f"devise invalide : {self.currency!r}")

    # --- construction -------------------------------------------------------------------------------------
    @classmethod
    def zero(cls, currency: str = DEFAULT_CURRENCY) -> Money:
        return cls(Decimal(0), currency)

    @classmethod
    def of(cls, value: Decimal | int | str, currency: str = DEFAULT_CURRENCY) -> Money:
        """Build from user or code input such as "8,90", "8.90" or Decimal("8.9")."""
        return cls(to_decimal(value), currency)

    @classmethod
    def from_cents(cls, cents: int, currency: str = DEFAULT_CURRENCY) -> Money:
        """Exact by construction (an integer scaled by 10⁻²): the journal and the closures read hundreds of
        thousands of these, so the euro skips the checks a typed or HubRise amount needs."""
        if currency == DEFAULT_CURRENCY and type(cents) is int:
            money = object.__new__(cls)
            object.__setattr__(money, "amount", Decimal(cents).scaleb(-2))
            object.__setattr__(money, "currency", currency)
            return money
        return cls(Decimal(int(cents)) / 100, currency)

    @classmethod
    def parse_hubrise(cls, text: str) -> Money:
        """Parse HubRise's strict money format, "8.90 EUR" (exactly two decimals, a space, a currency)."""
        match = _HUBRISE_MONEY.match(text.strip()) if isinstance(text, str) else None
        if not match:
            raise MoneyError(f"montant HubRise invalide : {text!r}")
        return cls(Decimal(match.group(1)), match.group(2))

    # --- output -------------------------------------------------------------------------------------------
    @property
    def cents(self) -> int:
        return int(self.amount * 100)

    def to_hubrise(self) -> str:
        return f"{self.amount:.2f} {self.currency}"

    def format_fr(self) -> str:
        """French display: 1 234,50 € (narrow no-break space for thousands)."""
        sign = "-" if self.amount < 0 else ""
        whole, frac = f"{abs(self.amount):.2f}".split(".")
        groups: list[str] = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        groups.insert(0, whole)
        symbol = "€" if self.currency == "EUR" else self.currency
        return f"{sign}{_THOUSANDS.join(groups)},{frac}{_NBSP}{symbol}"

    def __str__(self) -> str:
        return self.format_fr()

    # --- arithmetic ---------------------------------------------------------------------------------------
    def _same(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise MoneyError(f"opération entre un montant et {type(other).__name__}")
        if other.currency != self.currency:
            raise MoneyError(f"devises différentes : {self.currency} et {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, factor: Decimal | int | str) -> Money:
        return Money(self.amount * to_decimal(factor), self.currency)

    __rmul__ = __mul__

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def is_zero(self) -> bool:
        return self.amount == 0


def parse_typed_amount(text: str, currency: str = DEFAULT_CURRENCY) -> Money:
    """An amount typed by a cashier (keypad or keyboard): French decimals only, « 12,50 » or « 12.50 ».

    Python's Decimal would also take « 1e3 », « nan », « 1_000 » or « ١٢ »: a till must not, so the text is
    matched against digits, one comma or point and at most two decimals before it becomes money.
    """
    cleaned = text.strip().replace(" ", "").replace(_NBSP, "").replace(_THOUSANDS, "").removesuffix("€")
    if cleaned.isascii() and re.fullmatch(r"\d{1,7}[.,]\d{3,}", cleaned):
        raise MoneyError("Un montant a au plus deux décimales (les centimes).")
    if not _TYPED_AMOUNT.fullmatch(cleaned) or not cleaned.isascii():
        raise MoneyError(f"Montant invalide : « {text.strip()} ». Tapez un montant comme 12,50.")
    return Money(Decimal(cleaned.replace(",", ".")), currency)


def money_sum(amounts: list[Money] | tuple[Money, ...], currency: str = DEFAULT_CURRENCY) -> Money:
    """Sum of amounts (an empty sum is zero in the given currency)."""
    total = Money.zero(currency)
    for amount in amounts:
        total = total + amount
    return total
