"""Money is exact: Decimal to the cent, no float ever, HubRise's text format parsed and written exactly."""
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kezia_desk.domain.money import Money, MoneyError, money_sum
from kezia_desk.domain.vat import vat_breakdown

cents = st.integers(min_value=-10_000_000, max_value=10_000_000)


def test_tenth_plus_fifth_is_exactly_thirty_cents():
    assert Money.of("0.1") + Money.of("0.2") == Money.of("0.3")
    assert money_sum([Money.of("0.1")] * 10) == Money.of(1)


def test_floats_are_refused():
    with pytest.raises(MoneyError):
        Money.of(0.1)  # type: ignore[arg-type]
    with pytest.raises(MoneyError):
        Money.of("1.00") * 1.5  # type: ignore[operator]


def test_french_input_with_comma_and_rounding_half_up():
    assert Money.of("8,50").amount == Decimal("8.50")
    assert (Money.of("0.10") * Decimal("0.5")).amount == Decimal("0.05")
    assert (Money.of("0.01") * Decimal("0.5")).amount == Decimal("0.01")  # half up, not banker's


def test_not_a_number_is_a_french_error():
    with pytest.raises(MoneyError, match="n'est pas un nombre"):
        Money.of("douze")


def test_mixed_currencies_refused():
    with pytest.raises(MoneyError, match="devises"):
        Money.of(1) + Money.of(1, "GBP")


@pytest.mark.parametrize("text", ["8.9 EUR", "8.90EUR", "8,90 EUR", "8.90 eur", "abc", "", "8.901 EUR"])
def test_hubrise_format_is_strict(text):
    with pytest.raises(MoneyError):
        Money.parse_hubrise(text)


@given(cents, st.sampled_from(["EUR", "GBP", "CHF"]))
def test_hubrise_round_trip(amount_cents, currency):
    money = Money.from_cents(amount_cents, currency)
    assert Money.parse_hubrise(money.to_hubrise()) == money
    assert money.cents == amount_cents


@given(st.lists(cents, max_size=30))
def test_sum_of_cents_is_exact(values):
    assert money_sum([Money.from_cents(v) for v in values]).cents == sum(values)


def test_french_display():
    assert Money.of("1234.5").format_fr() == "1\u202f234,50\u00a0€"
    assert Money.of("-0.05").format_fr() == "-0,05\u00a0€"


def test_vat_breakdown_per_rate_keeps_ttc_exact():
    lines = vat_breakdown([(Decimal("10"), Money.of("12.50")), (Decimal("5.5"), Money.of("5.00")),
                           (Decimal("10"), Money.of("1.00"))])
    assert [line.rate for line in lines] == [Decimal("5.5"), Decimal("10")]
    five, ten = lines
    assert ten.ttc == Money.of("13.50") and ten.ht == Money.of("12.27") and ten.vat == Money.of("1.23")
    assert five.ht == Money.of("4.74") and five.vat == Money.of("0.26")


@given(st.lists(st.tuples(st.sampled_from(["5.5", "10", "20", "2.1"]), st.integers(0, 100_000)), max_size=20))
def test_vat_breakdown_adds_up(items):
    lines = vat_breakdown([(Decimal(rate), Money.from_cents(c)) for rate, c in items])
    for line in lines:
        assert line.ht + line.vat == line.ttc
    assert sum(line.ttc.cents for line in lines) == sum(c for _, c in items)
