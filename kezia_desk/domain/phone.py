"""Phone numbers: E.164 for HubRise, the French way on screen.

HubRise's customer page: "The E.164 format must be used for any new implementation" (content/developers/api/en/
customers.md). The till stores and sends `+33612345678`, and shows « 06 12 34 56 78 ». Parsing is Google's
libphonenumber (the `phonenumbers` package), not hand-written patterns: French numbers typed with spaces, dots or
dashes, and `+`/`00` international numbers all read the same way.
"""
from __future__ import annotations

DEFAULT_REGION = "FR"


class PhoneError(ValueError):
    """A number the till cannot read; the message is French and quotes what was typed."""


def to_e164(text: str, region: str = DEFAULT_REGION) -> str:
    """`06 12 34 56 78` → `+33612345678`; `+44 20 7946 0958` → `+442079460958`. Raises PhoneError."""
    typed = (text or "").strip()
    if typed.startswith("00"):
        typed = "+" + typed[2:]
    import phonenumbers  # at first use: its metadata takes ≈ 30 ms to load, which start-up does not pay
    try:
        number = phonenumbers.parse(typed, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise PhoneError(f"Le numéro de téléphone « {text.strip()} » n'est pas valide : tapez un numéro français "
                         "à 10 chiffres (06 12 34 56 78) ou un numéro international commençant par +.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def to_e164_or_none(text: str | None, region: str = DEFAULT_REGION) -> str | None:
    """Best effort for data saved before numbers were checked: the E.164 form, or None if unreadable."""
    if not text or not text.strip():
        return None
    try:
        return to_e164(text, region)
    except PhoneError:
        return None


def display_fr(value: str | None, region: str = DEFAULT_REGION) -> str:
    """A French number the French way (« 06 12 34 56 78 »), a foreign one internationally (« +44 20 7946 0958 »);
    anything unreadable (older HubRise data may be free-form) as it came."""
    if not value:
        return ""
    import phonenumbers
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return value
    if not phonenumbers.is_valid_number(number):
        return value
    if phonenumbers.region_code_for_number(number) == region:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
