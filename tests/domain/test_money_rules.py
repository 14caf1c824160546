"""Typed amounts (French decimals only), the cash bound, and the pro-rata discount split."""
from decimal import Decimal

import pytest

from kezia_desk.domain.invoice import spread_discount
from kezia_desk.domain.money import Money, MoneyError, parse_typed_amount
from kezia_desk.domain.ticket import PaymentMethod, TicketDraft, TicketError, TicketLine

E = Money.of


@pytest.mark.parametrize("text, cents", [("12,50", 1250), ("12.50", 1250), ("12", 1200), ("0,5", 50),
                                         (" 7,05 € ", 705), ("1 000,00", 100000)])
def test_french_decimals_are_amounts(text, cents):
    assert parse_typed_amount(text).cents == cents


@pytest.mark.parametrize("text", ["1e3", "nan", "NaN", "inf", "1_000", "-5", "+5", "12,5,0", "١٢", "0x10", "12,",
                                  ",5", "", "douze"])
def test_anything_else_is_refused_in_french(text):
    with pytest.raises(MoneyError, match="Montant invalide"):
        parse_typed_amount(text)


def test_more_than_two_decimals_says_so():
    with pytest.raises(MoneyError, match="au plus deux décimales"):
        parse_typed_amount("1,234")


def draft_of(total: str) -> TicketDraft:
    draft = TicketDraft()
    draft.add_line(TicketLine("Article", E(total), Decimal(1), Decimal("10")))
    return draft


def test_cash_tendered_is_bounded():
    draft = draft_of("25.00")
    with pytest.raises(TicketError, match="trop élevé.*Au plus 250,00"):
        draft.add_payment(PaymentMethod.CASH, E("250.01"))
    assert draft.add_payment(PaymentMethod.CASH, E("250.00")).amount == E("250.00")
    coffee = draft_of("1.20")  # a 100 € or 200 € note for a coffee is a customer, not a slip
    assert coffee.add_payment(PaymentMethod.CASH, E("200")).amount == E("200")
    with pytest.raises(TicketError, match="Au plus 200,00"):
        draft_of("1.20").add_payment(PaymentMethod.CASH, E("200.01"))
    big = draft_of("2500.00")
    with pytest.raises(TicketError, match="10 000"):
        big.add_payment(PaymentMethod.CASH, E("10000.01"))


def test_a_discount_is_split_pro_rata_in_cents_with_the_remainder_on_the_largest_line():
    lines = [(Decimal("10"), E("12.00")), (Decimal("5.5"), E("4.50")), (Decimal("5.5"), E("2.50"))]
    shares = spread_discount(lines, E("1.00"))
    # 0,6315 → 0,63 (+0,01 left over) ; 0,2368 → 0,23 ; 0,1315 → 0,13
    assert shares == {Decimal("10"): E("0.64"), Decimal("5.5"): E("0.36")}
    assert sum(s.cents for s in shares.values()) == 100
