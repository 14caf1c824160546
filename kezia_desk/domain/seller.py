"""Sellers (vendeurs) and the manager PIN.

PINs are short, so they are stored only as a salted PBKDF2 hash: a copied database does not give them away
cheaply, and two managers with the same PIN do not share a hash.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass

PIN_ITERATIONS = 120_000
MAX_NAME_LENGTH = 40


@dataclass(frozen=True)
class Seller:
    id: int | None
    name: str
    is_manager: bool = False
    pin_hash: str | None = None
    active: bool = True


def name_key(name: str) -> str:
    """What makes two sellers' names the same to a cashier: « Léa », « LEA » and « lea  » are one person, so
    the till refuses the second (the grid and the journal would not tell them apart)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(char for char in decomposed if not unicodedata.combining(char)).split())


def validate_name(name: str) -> str:
    """A seller's name as shown on the till: trimmed, one line, at most MAX_NAME_LENGTH characters."""
    name = " ".join(name.split())
    if not name:
        raise ValueError("Le nom du vendeur est obligatoire.")
    if len(name) > MAX_NAME_LENGTH:
        raise ValueError(f"Le nom du vendeur est trop long ({MAX_NAME_LENGTH} caractères au plus).")
    return name


def validate_pin(pin: str) -> str:
    if not (pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 8):
        raise ValueError("Le code PIN doit comporter de 4 à 8 chiffres.")
    return pin


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """Return 'pbkdf2_sha256$iterations$salt_hex$hash_hex'."""
    validate_pin(pin)
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, PIN_ITERATIONS)
    return f"pbkdf2_sha256${PIN_ITERATIONS}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str | None) -> bool:
    if not stored:
        return False
    try:
        algo, iterations, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    if algo != "pbkdf2_sha256":
        return False
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt_hex), int(iterations))
    return hmac.compare_digest(digest.hex(), digest_hex)
