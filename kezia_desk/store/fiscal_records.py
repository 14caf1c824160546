"""Appending signed records to the fiscal chains, and reading them back.

`append()` works inside the caller's transaction (store.database.transaction joins an open one), so a ticket,
its order, its outbox rows and its signed record commit together or not at all. Each append: reads the chain's
seal, hashes and signs the new record, inserts it and re-signs the seal, all in that one transaction.

The key is loaded (or created, at the till's first start) once: `ensure_ready()`. A database whose key is
missing on this machine (restored elsewhere) gets a NEW key, registered beside the old ones and announced by a
signed technical event signed with it: nothing recorded before is re-signed, and `verify-journal` reports how
many keys the data carries.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import datetime

import sqlite_utils

from ..domain.fiscal import (
    ALL_CHAINS,
    EVENT,
    FORMAT_VERSION,
    GENESIS,
    UNSIGNED_MARKER,
    Chain,
    FiscalRecord,
    Jet,
    canonical_json,
    head_message,
    key_fingerprint,
    record_hash,
)
from ..domain.shop_time import shop_now
from .database import StoreError, transaction
from .signing_key import KeyStore, SigningKey

log = logging.getLogger(__name__)
RECORD_COLUMNS = "chain, seq, kind, version, at, ref, payload, previous_hash, hash, signature, key_id"
# A clock set back by less than this (NTP adjusting a few seconds) is not an event.
CLOCK_TOLERANCE_SECONDS = 2.0


class FiscalRecords:
    def __init__(self, db: sqlite_utils.Database, key_store: KeyStore,
                 clock: Callable[[], datetime] = shop_now) -> None:
        self._db, self._key_store, self._clock = db, key_store, clock
        self._key: SigningKey | None = None
        self._key_id = 0
        self._till_id = ""

    # --- the key -------------------------------------------------------------------------------------------
    def ensure_ready(self) -> None:
        """Load or create the key, register it, seal every chain, mark the « avant signature » tickets; once."""
        if self._key is not None:
            return
        key = self._key_store.load()
        if key is None:
            key = SigningKey.generate()
            try:
                self._key_store.save(key)
            except Exception as exc:  # a keyring back-end may raise anything: re-raised in French
                log.error("clé de signature non enregistrée (%s) : %s", self._key_store.description,
                          type(exc).__name__)
                raise StoreError(f"La clé de signature de la caisse n'a pas pu être enregistrée "
                                 f"({self._key_store.description}) : aucune vente ne peut être signée. "
                                 "Vérifiez les droits du dossier de données.") from exc
            log.info("clé de signature créée (%s), empreinte %s", self._key_store.description,
                     key_fingerprint(key.public_hex))
        now = self._clock().isoformat()
        with transaction(self._db) as conn:
            row = conn.execute("SELECT id, till_id FROM fiscal_keys WHERE public_key = ?",
                               [key.public_hex]).fetchone()
            earlier_keys = conn.execute("SELECT COUNT(*) FROM fiscal_keys").fetchone()[0]
            registered_now = row is None
            if row is None:
                till_id = "KD-" + key_fingerprint(key.public_hex).replace(" ", "")[:8]
                if earlier_keys:  # the same till (data) keeps its identifier under its new key
                    till_id = conn.execute("SELECT till_id FROM fiscal_keys ORDER BY id LIMIT 1").fetchone()[0]
                cursor = conn.execute("INSERT INTO fiscal_keys (public_key, till_id, created_at) VALUES (?, ?, ?)",
                                      [key.public_hex, till_id, now])
                row = (cursor.lastrowid, till_id)
            self._key, self._key_id, self._till_id = key, int(row[0]), str(row[1])
            for chain in ALL_CHAINS:
                if conn.execute("SELECT 1 FROM fiscal_heads WHERE chain = ?", [chain.value]).fetchone() is None:
                    conn.execute("INSERT INTO fiscal_heads (chain, seq, last_hash, at, signature, key_id) "
                                 "VALUES (?, 0, ?, ?, ?, ?)",
                                 [chain.value, GENESIS, now, key.sign(head_message(chain.value, 0, GENESIS, now)),
                                  self._key_id])
            self._mark_unsigned_tickets()
            if earlier_keys and registered_now:
                self.append(Chain.EVENTS, EVENT, {
                    "code": int(Jet.NEW_SIGNING_KEY), "label": Jet.NEW_SIGNING_KEY.label_fr, "by": "Kezia Desk",
                    "detail": f"clé de signature absente de cette machine : nouvelle clé "
                              f"{key_fingerprint(key.public_hex)} ({earlier_keys} clé(s) antérieure(s))"},
                    ref=str(int(Jet.NEW_SIGNING_KEY)))

    def _mark_unsigned_tickets(self) -> None:
        """Tickets recorded before the signature (hash-chained only) are closed by one signed marker, the first
        record of the sales chain: it pins their count and last hash, and everything after is signed."""
        db = self._db
        if db.execute("SELECT seq FROM fiscal_heads WHERE chain = ?", [Chain.SALES.value]).fetchone()[0] != 0:
            return
        last = db.execute("SELECT number, entry_hash FROM tickets ORDER BY number DESC LIMIT 1").fetchone()
        count = db.execute("SELECT COUNT(*) FROM tickets").fetchone()[0]
        payload = {"avant_signature": count, "dernier_ticket": last[0] if last else 0,
                   "dernier_hash": last[1] if last else GENESIS}
        self.append(Chain.SALES, UNSIGNED_MARKER, payload, ref=str(payload["dernier_ticket"]))

    @property
    def till_id(self) -> str:
        self.ensure_ready()
        return self._till_id

    @property
    def public_key_hex(self) -> str:
        self.ensure_ready()
        assert self._key is not None
        return self._key.public_hex

    def sign_detached(self, message: bytes) -> str:
        """A signature of `message` by the till's key (an archive's manifest); the key itself never leaves."""
        self.ensure_ready()
        assert self._key is not None
        return self._key.sign(message)

    def public_keys(self) -> dict[int, tuple[str, str]]:
        """Every key the data was ever signed with: id → (public key hex, till identifier)."""
        return {row[0]: (row[1], row[2]) for row in self._db.execute("SELECT id, public_key, till_id FROM fiscal_keys")}

    def records_of_period(self, chain: Chain, prefix: str) -> list[FiscalRecord]:
        """Records whose shop-local time starts with `prefix` ("2026-11" or "2026"): times are recorded in
        the shop's time zone, so the prefix is the shop's month or year."""
        return [_record(row) for row in self._db.execute(
            f"SELECT {RECORD_COLUMNS} FROM fiscal_records WHERE chain = ? AND substr(at, 1, ?) = ? ORDER BY seq",
            [chain.value, len(prefix), prefix])]

    # --- writing -------------------------------------------------------------------------------------------
    def append(self, chain: Chain, kind: str, payload: dict, *, ref: str | None = None,
               at: datetime | None = None, _check_clock: bool = True) -> FiscalRecord:
        """The next record of `chain`, signed, with its seal re-signed: in the caller's transaction if one is
        open, else in its own. A time earlier than the chain's last record (clock set back) is recorded as is
        and logged as a technical event."""
        self.ensure_ready()
        moment = at or self._clock()
        text = canonical_json(payload)
        with transaction(self._db) as conn:
            head = conn.execute("SELECT seq, last_hash, at FROM fiscal_heads WHERE chain = ?",
                                [chain.value]).fetchone()
            if head is None:  # the transaction that registered the key was rolled back: register it again
                self._key = None
                self.ensure_ready()
                head = conn.execute("SELECT seq, last_hash, at FROM fiscal_heads WHERE chain = ?",
                                    [chain.value]).fetchone()
            seq, previous_hash, last_at = head
            key = self._key
            assert key is not None
            if _check_clock and seq and chain is not Chain.TRAINING and _earlier(moment, last_at):
                self._log_clock_backwards(moment, last_at, chain)
                if chain is Chain.EVENTS:  # that event moved the events chain on
                    seq, previous_hash = conn.execute("SELECT seq, last_hash FROM fiscal_heads WHERE chain = ?",
                                                      [chain.value]).fetchone()
            at_text = moment.isoformat()
            record = self._signed(key, chain, seq + 1, kind, at_text, ref, text, previous_hash)
            conn.execute(f"INSERT INTO fiscal_records ({RECORD_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                         [record.chain.value, record.seq, record.kind, record.version, record.at, record.ref,
                          record.payload, record.previous_hash, record.hash, record.signature, record.key_id])
            conn.execute("UPDATE fiscal_heads SET seq = ?, last_hash = ?, at = ?, signature = ?, key_id = ? "
                         "WHERE chain = ?",
                         [record.seq, record.hash, at_text, key.sign(head_message(chain.value, record.seq,
                                                                                  record.hash, at_text)),
                          self._key_id, chain.value])
        return record

    def _signed(self, key: SigningKey, chain: Chain, seq: int, kind: str, at: str, ref: str | None, payload: str,
                previous_hash: str) -> FiscalRecord:
        digest = record_hash(previous_hash, chain.value, seq, kind, FORMAT_VERSION, at, ref, self._key_id, payload)
        return FiscalRecord(chain, seq, kind, FORMAT_VERSION, at, ref, payload, previous_hash, digest,
                            key.sign(digest.encode("ascii")), self._key_id)

    def _log_clock_backwards(self, moment: datetime, last_at: str, chain: Chain) -> None:
        detail = (f"heure {moment.isoformat(timespec='seconds')} antérieure au dernier enregistrement "
                  f"({datetime.fromisoformat(last_at).isoformat(timespec='seconds')}, chaîne {chain.label_fr})")
        log.warning("horloge reculée : %s", detail)
        self.append(Chain.EVENTS, EVENT, {"code": int(Jet.CLOCK_BACKWARDS), "label": Jet.CLOCK_BACKWARDS.label_fr,
                                          "by": "Kezia Desk", "detail": detail},
                    ref=str(int(Jet.CLOCK_BACKWARDS)), at=moment, _check_clock=False)

    # --- reading -------------------------------------------------------------------------------------------
    def records(self, chain: Chain, *, kind: str | None = None, ref: str | None = None, after_seq: int = 0,
                newest_first: bool = False, limit: int | None = None) -> list[FiscalRecord]:
        where, params = ["chain = ?", "seq > ?"], [chain.value, after_seq]
        if kind is not None:
            where.append("kind = ?")
            params.append(kind)
        if ref is not None:
            where.append("ref = ?")
            params.append(ref)
        by_ref = " INDEXED BY fiscal_records_by_ref" if ref is not None and kind is not None else ""
        sql = (f"SELECT {RECORD_COLUMNS} FROM fiscal_records{by_ref} WHERE {' AND '.join(where)} "
               f"ORDER BY seq {'DESC' if newest_first else 'ASC'}" + (f" LIMIT {int(limit)}" if limit else ""))
        return [_record(row) for row in self._db.execute(sql, params).fetchall()]

    def between(self, chain: Chain, start: datetime, end: datetime) -> Iterator[FiscalRecord]:
        """Records of `chain` whose time falls in [start, end) (compared as moments, offsets included)."""
        for row in self._db.execute(f"SELECT {RECORD_COLUMNS} FROM fiscal_records WHERE chain = ? ORDER BY seq",
                                    [chain.value]):
            record = _record(row)
            if start <= record.moment < end:
                yield record

    def count(self, chain: Chain) -> int:
        row = self._db.execute("SELECT seq FROM fiscal_heads WHERE chain = ?", [chain.value]).fetchone()
        return int(row[0]) if row else 0


def _record(row: tuple) -> FiscalRecord:
    return FiscalRecord(Chain(row[0]), *row[1:])


def _earlier(moment: datetime, last_at: str) -> bool:
    try:
        return (datetime.fromisoformat(last_at) - moment).total_seconds() > CLOCK_TOLERANCE_SECONDS
    except (TypeError, ValueError):
        return False
