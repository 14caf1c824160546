"""Ticket rules (quantities, payments, change) and the journal's hash chain."""
from decimal import Decimal

import pytest

from kezia_desk.domain.catalog import Article, ArticleError, parse_idart, validate_article
from kezia_desk.domain.journal import GENESIS_HASH, chain_hash, verify_chain
from kezia_desk.domain.money import Money
from kezia_desk.domain.seller import hash_pin, verify_pin
from kezia_desk.domain.ticket import PaymentMethod, TicketDraft, TicketError, parse_quantity

PIZZA = Article(1012, "Regina Moyenne", Money.of("12.00"), Decimal("10"), "Pizzas")
COKE = Article(2001, "Coca-Cola 33 cl", Money.of("2.50"), Decimal("5.5"), "Boissons")


def test_same_article_twice_merges_lines():
    draft = TicketDraft()
    draft.add_article(PIZZA)
    draft.add_article(PIZZA)
    draft.add_article(COKE)
    assert [(line.label, line.quantity) for line in draft.lines] == [("Regina Moyenne", 2), ("Coca-Cola 33 cl", 1)]
    assert draft.total == Money.of("26.50")


@pytest.mark.parametrize("text", ["abc", "0", "-1", "1.2345", "10000", ""])
def test_bad_quantities_are_refused_in_french(text):
    with pytest.raises(TicketError):
        parse_quantity(text)


def test_cash_gives_change_and_card_cannot_overpay():
    draft = TicketDraft()
    draft.add_article(PIZZA)
    with pytest.raises(TicketError, match="dépasser"):
        draft.add_payment(PaymentMethod.CARD, Money.of("20"))
    draft.add_payment(PaymentMethod.CASH, Money.of("20"))
    assert draft.is_settled and draft.change_due == Money.of("8.00")


def test_split_payment():
    draft = TicketDraft()
    draft.add_article(PIZZA)
    draft.add_payment(PaymentMethod.MEAL_VOUCHER, Money.of("9.00"))
    assert draft.remaining == Money.of("3.00") and not draft.is_settled
    draft.add_payment(PaymentMethod.CARD)
    assert draft.is_settled and draft.change_due.is_zero()


def test_empty_ticket_cannot_be_paid():
    with pytest.raises(TicketError, match="vide"):
        TicketDraft().add_payment(PaymentMethod.CASH, Money.of(5))


def test_negative_price_and_empty_name_refused():
    with pytest.raises(ArticleError, match="négatif"):
        validate_article(Article(None, "X", Money.of("-1"), Decimal("10"), "Divers"))
    with pytest.raises(ArticleError, match="obligatoire"):
        validate_article(Article(None, "  ", Money.of("1"), Decimal("10"), "Divers"))


@pytest.mark.parametrize("ref, expected", [("1012", 1012), (" 42 ", 42), ("", None), ("PIZZA-1", None),
                                           ("12a", None), ("-3", None), ("0", None), (None, None), (1012, None),
                                           ("١٢", None)])
def test_parse_idart(ref, expected):
    assert parse_idart(ref) == expected


def test_pin_hash_is_salted_and_verifies():
    first, second = hash_pin("1234"), hash_pin("1234")
    assert first != second
    assert verify_pin("1234", first) and not verify_pin("4321", first) and not verify_pin("1234", None)


def test_chain_detects_modified_content_and_names_the_ticket():
    contents = [{"number": n, "total": n * 100} for n in (1, 2, 3)]
    entries, previous = [], GENESIS_HASH
    for content in contents:
        entry_hash = chain_hash(previous, content)
        entries.append((content["number"], content, previous, entry_hash))
        previous = entry_hash
    assert verify_chain(entries).ok and verify_chain(entries).checked == 3
    tampered = list(entries)
    tampered[1] = (2, {"number": 2, "total": 1}, entries[1][2], entries[1][3])
    check = verify_chain(tampered)
    assert not check.ok and check.broken_number == 2 and check.checked == 1
    assert verify_chain([entries[0], entries[2]]).broken_number == 2  # a deleted ticket is named too
