"""Quick cash amounts and typed amounts (pure functions behind the payment dialog)."""
from __future__ import annotations

import pytest

from kezia_desk.domain.money import Money
from kezia_desk.domain.ticket import TicketError
from kezia_desk.ui.till.payment_dialog import parse_amount, quick_cash_amounts


@pytest.mark.parametrize(("remaining", "expected"), [
    ("21.40", ["21.40", "25.00", "30.00", "40.00", "50.00"]),
    ("8.50", ["8.50", "10.00", "20.00", "50.00"]),
    ("20.00", ["20.00", "25.00", "30.00", "40.00", "50.00"]),
    ("50.00", ["50.00", "55.00", "60.00", "100.00"]),
    ("0.30", ["0.30", "5.00", "10.00", "20.00", "50.00"]),
])
def test_quick_amounts_are_exact_then_next_banknotes(remaining, expected):
    assert [m.amount for m in quick_cash_amounts(Money.of(remaining))] == [Money.of(e).amount for e in expected]


def test_typed_amounts():
    assert parse_amount("") is None
    assert parse_amount("12,5") == Money.of("12.50")
    assert parse_amount(" 7 ") == Money.of("7")
    for bad in ("abc", "1,2,3", "12,345"):
        with pytest.raises(TicketError):
            parse_amount(bad)
