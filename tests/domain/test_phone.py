"""Phones: E.164 for HubRise, the French way on screen, a French refusal for what cannot be read."""
import pytest

from kezia_desk.domain.phone import PhoneError, display_fr, to_e164, to_e164_or_none


@pytest.mark.parametrize("typed, e164", [
    ("06 12 34 56 78", "+33612345678"), ("06.12.34.56.78", "+33612345678"), ("0612345678", "+33612345678"),
    ("+33 6 12 34 56 78", "+33612345678"), ("0033 6 12 34 56 78", "+33612345678"),
    ("01 23 45 67 89", "+33123456789"), ("+44 20 7946 0958", "+442079460958"), ("+32 470 12 34 56", "+32470123456"),
])
def test_numbers_as_typed_become_e164(typed, e164):
    """HubRise's customers page (content/developers/api/en/customers.md): "The E.164 format must be used for any
    new implementation." Its example phone: "+44123456789"; its order example's customer: "+33123456789"."""
    assert to_e164(typed) == e164


@pytest.mark.parametrize("typed", ["123", "06 12 34", "abc", "+33 6", "06 12 34 56 78 90 12"])
def test_unreadable_numbers_are_refused_in_french(typed):
    with pytest.raises(PhoneError, match="n'est pas valide") as refused:
        to_e164(typed)
    assert typed in str(refused.value) and "06 12 34 56 78" in str(refused.value)
    assert to_e164_or_none(typed) is None


def test_shown_the_french_way_foreign_numbers_internationally_free_form_as_it_came():
    assert display_fr("+33612345678") == "06 12 34 56 78"
    assert display_fr("+442079460958") == "+44 20 7946 0958"
    # Integration guide: phones "may occasionally be encoded in a free format for older integrations".
    assert display_fr("appeler le 2e") == "appeler le 2e" and display_fr(None) == ""
