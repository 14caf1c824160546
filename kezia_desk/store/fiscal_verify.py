"""`verify-journal`: every chain, every signature, every seal, and each ticket against its signed record.

Read-only (it runs on a database opened with mode=ro). The first failing record is named; records are checked
in chain order, and for each chain the first broken link, changed hash or bad signature wins. Tickets recorded
before the signature (« avant signature ») are checked as before (hash chain and anchors) and are pinned by the
signed marker that opens the sales chain: recomputing their hashes changes the last one, which the marker names.

The Ed25519 checks dominate the cost (≈ 0.1 ms each): above `PARALLEL_ABOVE` records the command line spreads
them over the machine's cores in worker processes.
"""
from __future__ import annotations

import json
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import sqlite_utils

from ..domain.fiscal import (
    ALL_CHAINS,
    CANCELLED_TICKET,
    GENESIS,
    TICKET,
    UNSIGNED_MARKER,
    Chain,
    head_message,
    key_fingerprint,
    record_hash,
    signature_valid,
)
from ..domain.journal import JournalCheck
from ..domain.text import plural
from .closure_verify import verify_closures
from .fiscal_records import RECORD_COLUMNS
from .journal import REFUND_TICKET, JournalRepository, signed_payload_text

PARALLEL_ABOVE = 20_000
TICKET_KINDS = (TICKET, CANCELLED_TICKET, REFUND_TICKET)


@dataclass(frozen=True)
class FiscalCheck:
    counts: dict[Chain, int] = field(default_factory=dict)
    tickets: int = 0
    unsigned_tickets: int = 0
    fingerprints: tuple[str, ...] = ()
    failure: str | None = None  # French: the first failing record and why

    @property
    def ok(self) -> bool:
        return self.failure is None

    def summary_fr(self) -> str:
        parts = [f"{chain.label_fr} : {count}" for chain, count in self.counts.items()]
        keys = ", ".join(self.fingerprints) or "aucune"
        return (f"{plural(self.tickets, 'ticket', 'tickets')}, dont {self.unsigned_tickets} avant signature ; "
                f"enregistrements signés par chaîne — {' ; '.join(parts) or 'aucun'} ; "
                f"{'clés publiques' if len(self.fingerprints) > 1 else 'clé publique'} : {keys}")


class _Failure(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def describe(chain: Chain, seq: int, kind: str, ref: str | None) -> str:
    if kind in TICKET_KINDS and chain is Chain.SALES:
        return f"ticket n° {ref} (enregistrement n° {seq} de la chaîne {chain.label_fr})"
    if kind in TICKET_KINDS:
        return f"ticket de formation n° {seq}"
    return f"enregistrement n° {seq} de la chaîne {chain.label_fr} ({kind})"


def verify_fiscal(db: sqlite_utils.Database, expected_public_key: str | None = None,
                  parallel: bool = False) -> FiscalCheck:
    journal = JournalRepository(db)
    if not db["fiscal_records"].exists():  # a database this version never opened for writing
        if expected_public_key is not None:  # yet this machine's till signs: its signed journal was removed
            return FiscalCheck(failure="la caisse de cette machine signe son journal, mais la base ne contient "
                                       "aucun enregistrement signé (journal signé supprimé ?)")
        legacy = journal.verify()
        failure = None if legacy.ok else f"ticket n° {legacy.broken_number} ({legacy.reason})"
        return FiscalCheck(tickets=legacy.checked, unsigned_tickets=legacy.checked, failure=failure)
    keys = {row[0]: (row[1], row[2]) for row in db.execute("SELECT id, public_key, till_id FROM fiscal_keys")}
    fingerprints = tuple(key_fingerprint(public) for public, _ in keys.values())
    counts: dict[Chain, int] = {}
    signed_tickets: dict[str, tuple[int, str, int]] = {}  # ticket number -> (seq, payload, key id)
    try:
        if expected_public_key is not None and expected_public_key not in {p for p, _ in keys.values()}:
            raise _Failure("la clé publique enregistrée dans la base n'est pas celle de cette caisse "
                           f"({key_fingerprint(expected_public_key)}) : clé remplacée et journal re-signé ?")
        passes = {chain: _ChainPass(db, chain, keys, signed_tickets if chain is Chain.SALES else None)
                  for chain in ALL_CHAINS}
        # The signatures (most of the cost) are checked in worker processes while this one reads the tickets.
        items = [item for chain_pass in passes.values() for item in chain_pass.signatures]
        with _SignatureCheck(items, parallel) as signatures:
            marker = _marker(db)
            try:
                tickets, unsigned = _verify_tickets(journal, keys, marker, signed_tickets)
                ticket_failure = None
            except _Failure as failure:
                tickets, unsigned, ticket_failure = 0, 0, failure
            bad = signatures.first_invalid()
        offset = 0
        for chain, chain_pass in passes.items():
            size = len(chain_pass.signatures)
            if bad is not None and offset <= bad < offset + size:
                raise _Failure(f"{chain_pass.name(bad - offset)} : signature invalide (modifié ou signé sans la "
                               "clé de la caisse)")
            offset += size
            counts[chain] = chain_pass.sealed_count(keys)
        if ticket_failure is not None:
            raise ticket_failure
        # closures: each closure's totals against its tickets, perpetual totals from one closure to the next
        _, closure_failure = verify_closures(db)
        if closure_failure is not None:
            raise _Failure(closure_failure)
    except _Failure as failure:
        return FiscalCheck(counts, 0, 0, fingerprints, failure.message)
    return FiscalCheck(counts, tickets, unsigned, fingerprints)


def _marker(db: sqlite_utils.Database) -> dict | None:
    first_sale = db.execute("SELECT kind, payload FROM fiscal_records WHERE chain = ? AND seq = 1",
                            [Chain.SALES.value]).fetchone()
    if first_sale is None:
        return None
    if first_sale[0] != UNSIGNED_MARKER:
        raise _Failure("la chaîne des ventes ne commence pas par le marqueur « avant signature »")
    return dict(json.loads(first_sale[1]))


class _ChainPass:
    """One read of a chain: links and hashes checked, signatures collected, the first break kept (named later:
    naming every record cost more than hashing it)."""

    def __init__(self, db: sqlite_utils.Database, chain: Chain, keys: dict[int, tuple[str, str]],
                 tickets: dict[str, tuple[int, str, int]] | None) -> None:
        self.db, self.chain = db, chain
        self.signatures: list[tuple[str, bytes, str]] = []
        self.headers: list[tuple[int, str, str | None]] = []
        self.broken: str | None = None
        expected_seq, previous, last_at = 1, GENESIS, ""
        for row in db.execute(f"SELECT {RECORD_COLUMNS} FROM fiscal_records WHERE chain = ? ORDER BY seq",
                              [chain.value]):
            _, seq, kind, version, at, ref, payload, previous_hash, stored_hash, signature, key_id = row
            if seq != expected_seq:
                self.broken = (f"enregistrement(s) n° {expected_seq} à {seq - 1} de la chaîne {chain.label_fr} "
                               "supprimé(s)" if seq > expected_seq
                               else f"{describe(chain, seq, kind, ref)} : numéro en double")
                break
            if previous_hash != previous:
                self.broken = f"{describe(chain, seq, kind, ref)} : chaînage rompu avec l'enregistrement précédent"
                break
            try:
                digest = record_hash(previous_hash, chain.value, seq, kind, version, at, ref, key_id, payload)
            except ValueError:
                self.broken = f"{describe(chain, seq, kind, ref)} : format d'enregistrement inconnu ({version})"
                break
            if digest != stored_hash:
                self.broken = f"{describe(chain, seq, kind, ref)} : contenu modifié après enregistrement"
                break
            if key_id not in keys:
                self.broken = f"{describe(chain, seq, kind, ref)} : signé par une clé inconnue"
                break
            self.signatures.append((keys[key_id][0], digest.encode("ascii"), signature))
            self.headers.append((seq, kind, ref))
            if tickets is not None and kind in TICKET_KINDS and ref is not None:
                tickets[ref] = (seq, payload, key_id)
            previous, last_at, expected_seq = stored_hash, at, seq + 1
        self.count, self.last_hash, self.last_at = expected_seq - 1, previous, last_at

    def name(self, index: int) -> str:
        return describe(self.chain, *self.headers[index])

    def sealed_count(self, keys: dict[int, tuple[str, str]]) -> int:
        """The chain's length once its first break and its end-of-chain seal are checked."""
        chain, count = self.chain, self.count
        if self.broken is not None:
            raise _Failure(self.broken)
        head = self.db.execute("SELECT seq, last_hash, at, signature, key_id FROM fiscal_heads WHERE chain = ?",
                               [chain.value]).fetchone()
        if head is None:
            if keys:
                raise _Failure(f"le sceau de fin de la chaîne {chain.label_fr} a été supprimé")
            return count
        seal_seq, seal_hash, seal_at, seal_signature, seal_key = head
        if seal_key not in keys or not signature_valid(keys[seal_key][0], head_message(chain.value, seal_seq,
                                                                                       seal_hash, seal_at),
                                                       seal_signature):
            raise _Failure(f"le sceau de fin de la chaîne {chain.label_fr} n'est pas signé par la caisse (remplacé)")
        if seal_seq > count:
            raise _Failure(f"enregistrement(s) n° {count + 1} à {seal_seq} de la chaîne {chain.label_fr} "
                           f"supprimé(s) (le sceau de fin de chaîne en compte {seal_seq}, il en reste {count})")
        if seal_seq < count:
            raise _Failure(f"enregistrement n° {seal_seq + 1} de la chaîne {chain.label_fr} ajouté hors de la "
                           "caisse (après le sceau de fin de chaîne)")
        if seal_hash != self.last_hash or (count and seal_at != self.last_at):
            raise _Failure(f"enregistrement n° {count} de la chaîne {chain.label_fr} remplacé (il ne correspond "
                           "plus au sceau de fin de chaîne)")
        return count


def _verify_tickets(journal: JournalRepository, keys: dict[int, tuple[str, str]], marker: dict | None,
                    signed: dict[str, tuple[int, str, int]]) -> tuple[int, int]:
    """Legacy hash chain and anchors over every ticket, and each signed ticket's rows against its record."""
    last_unsigned = int(marker["dernier_ticket"]) if marker else None
    problems: list[str] = []
    unsigned = 0

    def on_ticket(ticket: dict, content_text: str) -> None:
        nonlocal unsigned
        number = ticket["number"]
        if problems:
            return
        if last_unsigned is None or number <= last_unsigned:
            unsigned += 1
            if last_unsigned is not None and number == last_unsigned and ticket["entry_hash"] != marker_hash:
                problems.append(f"ticket n° {number} : ne correspond plus au marqueur « avant signature » signé "
                                "(tickets antérieurs à la signature modifiés)")
            return
        found = signed.pop(str(number), None)
        if found is None:
            problems.append(f"ticket n° {number} : aucun enregistrement signé (ajouté hors de la caisse)")
            return
        seq, payload, key_id = found
        if signed_payload_text(content_text, keys[key_id][1]) != payload:
            problems.append(f"ticket n° {number} (enregistrement n° {seq} de la chaîne ventes) : contenu modifié "
                            "après signature")

    marker_hash = marker["dernier_hash"] if marker else None
    legacy: JournalCheck = journal.verify(on_ticket)
    if problems:
        raise _Failure(problems[0])
    if not legacy.ok:
        raise _Failure(f"ticket n° {legacy.broken_number} ({legacy.reason})")
    if last_unsigned is not None and legacy.checked < int(marker["avant_signature"]):  # type: ignore[index]
        raise _Failure("tickets antérieurs à la signature supprimés (le marqueur signé en compte "
                       f"{marker['avant_signature']}, il en reste {legacy.checked})")  # type: ignore[index]
    if signed:
        number = min(signed, key=int)
        raise _Failure(f"ticket n° {number} (enregistrement n° {signed[number][0]} de la chaîne ventes) : "
                       "supprimé du journal des ventes")
    return legacy.checked, unsigned


def _check_chunk(items: list[tuple[str, bytes, str]]) -> int | None:
    import base64

    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    keys: dict[str, Ed25519PublicKey] = {}
    for index, (public, message, signature) in enumerate(items):
        key = keys.get(public) or keys.setdefault(public, Ed25519PublicKey.from_public_bytes(bytes.fromhex(public)))
        try:
            key.verify(base64.b64decode(signature), message)
        except (InvalidSignature, ValueError):
            return index
    return None


class _SignatureCheck:
    """Signatures checked in worker processes (one chunk a core) started at once, or here, serially, when the
    list is short or `parallel` is off (inside the till: no process is forked from a Qt application)."""

    def __init__(self, items: list[tuple[str, bytes, str]], parallel: bool) -> None:
        self.items = items
        workers = min(os.cpu_count() or 1, 4)
        self.pool: ProcessPoolExecutor | None = None
        self.futures: list = []
        self.size = max(1, -(-len(items) // workers))
        if parallel and len(items) >= PARALLEL_ABOVE and workers > 1:
            self.pool = ProcessPoolExecutor(max_workers=workers)
            self.futures = [self.pool.submit(_check_chunk, items[i:i + self.size])
                            for i in range(0, len(items), self.size)]

    def __enter__(self) -> _SignatureCheck:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def first_invalid(self) -> int | None:
        """Index of the first (public key, message, signature) that does not verify, or None."""
        if self.pool is None:
            return _check_chunk(self.items)
        for offset, future in zip(range(0, len(self.items), self.size), self.futures, strict=True):
            result = future.result()
            if result is not None:
                return offset + result
        return None


def first_invalid_signature(items: list[tuple[str, bytes, str]], parallel: bool = False) -> int | None:
    with _SignatureCheck(items, parallel) as check:
        return check.first_invalid()
