"""The unalterable sales record: each closed ticket is hashed with the previous ticket's hash.

French law (loi anti-fraude TVA, art. 286 CGI) asks till software to keep sales unalterable. Chaining a
SHA-256 over the previous hash and the ticket's canonical content means changing any stored ticket breaks
every hash from it onwards, and `verify_chain` names the first broken one.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

GENESIS_HASH = "0" * 64


def canonical_ticket_content(ticket: dict) -> str:
    """The exact text hashed for a ticket: sorted keys, no spaces, amounts as strings."""
    return json.dumps(ticket, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def chain_hash(previous_hash: str, ticket: dict | str) -> str:
    """`ticket`: its content, or its canonical text already computed (verify-journal reuses it)."""
    text = ticket if isinstance(ticket, str) else canonical_ticket_content(ticket)
    payload = (previous_hash + "|" + text).encode("utf-8")
    return hashlib.sha256(payload).hexdigest()


@dataclass(frozen=True)
class JournalCheck:
    checked: int
    broken_number: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_number is None


def verify_chain(entries: Iterable[tuple[int, dict | str, str, str]]) -> JournalCheck:
    """Check (number, content, previous_hash, entry_hash) tuples in ticket order."""
    expected_previous = GENESIS_HASH
    checked = 0
    expected_number: int | None = None
    for number, content, previous_hash, entry_hash in entries:
        if expected_number is not None and number != expected_number:
            return JournalCheck(checked, expected_number, f"ticket n° {expected_number} manquant")
        if previous_hash != expected_previous:
            return JournalCheck(checked, number, "chaînage rompu avec le ticket précédent")
        if chain_hash(previous_hash, content) != entry_hash:
            return JournalCheck(checked, number, "contenu modifié après enregistrement")
        expected_previous = entry_hash
        expected_number = number + 1
        checked += 1
    return JournalCheck(checked)
