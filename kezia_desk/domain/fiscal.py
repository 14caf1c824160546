"""Signed fiscal records: chains, their hashed format, the technical event log's codes, the ticket's fiscal block.

Every fiscal record (ticket, cancelled ticket, closure, technical event, archive, reprint, training ticket)
belongs to one chain and carries its sequence number in that chain, the previous record's hash, the version of
its hashed format and an Ed25519 signature of its hash. The hash covers the stored payload TEXT (canonical
JSON), never a re-encoding of it, so renaming a field in a later version cannot break an old chain (odoo#36912):
new fields mean a new `FORMAT_VERSION`, old records keep theirs. Signing needs the till's private key; checking
needs only the public key stored with the data (and in every archive).

Pure Python: the Ed25519 primitives come from `cryptography` (imported when first used), no SQL or Qt here.
"""
from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from .text import plural

FORMAT_VERSION = 1
GENESIS = "0" * 64
SOFTWARE_NAME = "Kezia Desk"


class Chain(str, Enum):
    """One chain per kind of record. TRAINING is not a fiscal chain: nothing in it counts anywhere."""

    SALES = "ventes"  # tickets (closed, cancelled, refunds, deposits) and the « avant signature » marker
    CLOSURES = "clotures"  # X are not records; Z, monthly and annual closures are
    EVENTS = "evenements"  # the technical event log (JET), archives included
    DUPLICATES = "duplicatas"  # each reprint of a ticket
    TRAINING = "formation"  # mode formation: tickets kept apart, never in closures or grand totals

    @property
    def label_fr(self) -> str:
        return {"ventes": "ventes", "clotures": "clôtures", "evenements": "événements (JET)",
                "duplicatas": "duplicatas", "formation": "formation"}[self.value]


FISCAL_CHAINS = (Chain.SALES, Chain.CLOSURES, Chain.EVENTS, Chain.DUPLICATES)
ALL_CHAINS = (*FISCAL_CHAINS, Chain.TRAINING)

# Record kinds (the `kind` column). A caller may add its own (closures: "cloture_z", ...), hashed like these.
TICKET, CANCELLED_TICKET, UNSIGNED_MARKER, EVENT, REPRINT = "ticket", "ticket_annule", "marqueur", "evenement", \
    "duplicata"


class Jet(int, Enum):
    """Codes of the technical event log. 20–330: the NF525 codes quoted in the shared notes (from secondary
    sources, not checked against the referential itself); 500 and above: events the issue asks for that have no
    NF525 code of their own, numbered by Kezia Desk."""

    PERIOD_ARCHIVE = 20
    YEAR_ARCHIVE = 30
    STOP = 40
    PERIOD_CLOSING = 50
    YEAR_CLOSING = 60
    START = 80
    INTEGRITY_DEFECT = 90
    EXPORT = 110
    RIGHTS = 130
    CANCEL_OR_REFUND = 190
    NEW_VERSION = 250
    FISCAL_SETTINGS = 270
    CLOSING_START = 330
    CLOCK_BACKWARDS = 510
    HUBRISE_CONNECTED = 520
    HUBRISE_DISCONNECTED = 521
    HUBRISE_TOKEN_REFUSED = 522
    PIN_REFUSED = 530
    JOURNAL_VERIFIED = 540
    TRAINING_ON = 550
    TRAINING_OFF = 551
    BACKUP = 560
    BACKUP_FAILED = 561
    NEW_SIGNING_KEY = 570
    DUPLICATE = 580

    @property
    def label_fr(self) -> str:
        return JET_LABELS[self]


JET_LABELS = {
    Jet.PERIOD_ARCHIVE: "Archivage d'une période", Jet.YEAR_ARCHIVE: "Archivage d'un exercice",
    Jet.STOP: "Arrêt de la caisse", Jet.PERIOD_CLOSING: "Clôture de période", Jet.YEAR_CLOSING: "Clôture d'exercice",
    Jet.START: "Démarrage de la caisse", Jet.INTEGRITY_DEFECT: "Défaut d'intégrité détecté",
    Jet.EXPORT: "Export de données", Jet.RIGHTS: "Droits, vendeurs ou forçage gérant",
    Jet.CANCEL_OR_REFUND: "Ticket annulé ou remboursé", Jet.NEW_VERSION: "Nouvelle version du logiciel",
    Jet.FISCAL_SETTINGS: "Paramètres fiscaux modifiés", Jet.CLOSING_START: "Début de clôture",
    Jet.CLOCK_BACKWARDS: "Horloge reculée", Jet.HUBRISE_CONNECTED: "HubRise connecté",
    Jet.HUBRISE_DISCONNECTED: "HubRise déconnecté", Jet.HUBRISE_TOKEN_REFUSED: "Jeton HubRise refusé",
    Jet.PIN_REFUSED: "Code PIN refusé", Jet.JOURNAL_VERIFIED: "Vérification du journal",
    Jet.TRAINING_ON: "Mode formation activé", Jet.TRAINING_OFF: "Mode formation désactivé",
    Jet.BACKUP: "Sauvegarde", Jet.BACKUP_FAILED: "Sauvegarde impossible",
    Jet.NEW_SIGNING_KEY: "Nouvelle clé de signature", Jet.DUPLICATE: "Duplicata d'un ticket",
}


def canonical_json(value: object) -> str:
    """The one text a payload is stored and hashed as: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def record_hash(previous_hash: str, chain: str, seq: int, kind: str, version: int, at: str, ref: str | None,
                key_id: int, payload: str) -> str:
    """SHA-256 of format 1: every header field and the payload text, `|`-separated, previous hash first."""
    if version != 1:
        raise ValueError(f"format d'enregistrement inconnu : {version}")
    text = "|".join((previous_hash, chain, str(seq), kind, "1", at, ref or "", str(key_id), payload))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def head_message(chain: str, seq: int, last_hash: str, at: str) -> bytes:
    """What the end-of-chain seal signs: the chain's length and last hash at the time of the last write."""
    return f"kezia-desk-fin-de-chaine|1|{chain}|{seq}|{last_hash}|{at}".encode()


def encode_signature(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def signature_valid(public_key_hex: str, message: bytes, signature: str) -> bool:
    # Imported when first needed: `cryptography` costs ≈ 35 ms of import the till's start-up need not pay.
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex)).verify(base64.b64decode(signature),
                                                                                  message)
    except (InvalidSignature, ValueError):
        return False
    return True


def key_fingerprint(public_key_hex: str) -> str:
    """A short, readable name of a public key (16 hex digits of its SHA-256, in groups of 4)."""
    digest = hashlib.sha256(bytes.fromhex(public_key_hex)).hexdigest()[:16].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 16, 4))


def signature_marks(signature: str) -> str:
    """Characters 3, 7, 13 and 19 of the signature, as certified tills print them on the ticket."""
    return "".join(signature[i - 1] for i in (3, 7, 13, 19) if len(signature) >= i)


@dataclass(frozen=True)
class FiscalRecord:
    chain: Chain
    seq: int
    kind: str
    version: int
    at: str  # ISO 8601 with offset
    ref: str | None
    payload: str  # canonical JSON text, exactly as hashed
    previous_hash: str
    hash: str
    signature: str
    key_id: int

    @property
    def data(self) -> dict:
        return json.loads(self.payload)

    @property
    def moment(self) -> datetime:
        return datetime.fromisoformat(self.at)


@dataclass(frozen=True)
class JetEntry:
    """One technical event as the Diagnostic shows it."""

    seq: int
    at: datetime
    code: int
    label: str
    by: str
    detail: str


@dataclass(frozen=True)
class ChainCount:
    chain: Chain
    records: int
    keys: int = 1


@dataclass(frozen=True)
class FiscalBlock:
    """What a ticket carries below its lines (on screen and on paper) so a reader can tie it to the journal."""

    number: int
    at: datetime
    till_id: str
    seller: str
    line_count: int
    software: str
    signature_marks: str
    reprint: int = 0  # 0 on the original, N on the N-th duplicate
    training: bool = False

    def lines_fr(self) -> list[str]:
        lines = ["FORMATION — ticket sans valeur fiscale"] if self.training else []
        if self.reprint:
            lines.append(f"DUPLICATA n° {self.reprint}")
        lines += [f"Ticket n° {self.number} — {self.at.strftime('%d/%m/%Y %H:%M:%S')}",
                  f"Caisse {self.till_id} — vendeur {self.seller}",
                  f"{plural(self.line_count, 'ligne', 'lignes')} — {self.software}",
                  f"Signature : {self.signature_marks}"]
        return lines
