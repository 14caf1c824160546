"""Web (and till) orders in SQLite: idempotent ingestion of HubRise events, history, local decisions.

Every method that writes an order row calls `_refresh_list_row(conn, local_id)` inside its transaction: it
recomputes the list columns of the read model (schema_read_model.py). A new write method must do the same (a
trigger marks a forgotten row stale and the read model recomputes it on its next read). The service that calls
a write names the orders it wrote in its change event (services/listeners.py `OrderChanges`).
"""
from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlite_utils

from .database import transaction
from .order_rows import write_list_row
from .outbox import enqueue, now_iso


def _inserted_id(cursor: sqlite3.Cursor) -> int:
    """The rowid an INSERT gave (sqlite3 types it as optional; an INSERT always sets it)."""
    assert cursor.lastrowid is not None
    return cursor.lastrowid


log = logging.getLogger(__name__)
ListSummarizer = Callable[[dict[str, Any]], dict[str, Any]]
# What `get_columns` reads: every column an action or the Fiche commande needs besides the JSON (`raw`).
PLAIN_COLUMNS = ("local_id", "hubrise_id", "origin", "till_number", "private_ref", "status", "state_at",
                 "received_at", "updated_at", "confirmed_time", "paid_at_till_cents", "invoice_ticket")


@dataclass(frozen=True)
class IngestResult:
    local_id: int
    created: bool
    previous_status: str | None
    status: str
    applied: bool  # False when the event was older than what the till already holds


class OrderAlreadyInvoiced(ValueError):
    """Facturer on an order a ticket already invoiced: the sale is never recorded twice."""

    def __init__(self, ticket_number: int | None) -> None:
        super().__init__(f"Cette commande est déjà facturée (ticket n° {ticket_number})."
                         if ticket_number else "Commande introuvable.")
        self.ticket_number = ticket_number


def _text(value: Any) -> str | None:
    """A HubRise field bound to a text column: anything but a short enough string is left out (an object, a
    list or a huge integer made SQLite refuse the whole order)."""
    return value if isinstance(value, str) and len(value) <= 1000 else None


def _iso_time(value: Any) -> str | None:
    """A time the history can read back, or None."""
    text = _text(value)
    try:
        return text if text is not None and datetime.fromisoformat(text).tzinfo is not None else None
    except ValueError:
        return None


def printable_json(raw: Any) -> str:
    """JSON of anything received, even with integers too long for str() (shown as their size)."""
    def tame(value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 4000:
            return f"<entier de {value.bit_length()} bits>"
        if isinstance(value, dict):
            return {str(k): tame(v) for k, v in value.items()}
        if isinstance(value, list):
            return [tame(v) for v in value]
        return value
    try:
        return storable_text(json.dumps(raw, ensure_ascii=False, default=str))
    except (ValueError, RecursionError):
        try:
            return storable_text(json.dumps(tame(raw), ensure_ascii=False, default=str))
        except (ValueError, RecursionError):
            return json.dumps(f"<contenu illisible de type {type(raw).__name__}>")


def storable_text(text: str) -> str:
    """Text a UTF-8 column can hold: a lone surrogate is written as its escape `\\ud800` (in JSON text, the same
    JSON escape HubRise sent), which SQLite would otherwise refuse with UnicodeEncodeError."""
    if text.isascii():
        return text
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


class OrderStore:
    def __init__(self, db: sqlite_utils.Database, summarize: ListSummarizer | None = None) -> None:
        self.db = db
        # What the lists show of an order, computed by the read model (services/order_lists.py) from a row.
        # Without one (a store built alone), written rows stay stale and the read model computes them later.
        self.summarize = summarize

    # --- read model --------------------------------------------------------------------------------------------
    def _refresh_list_row(self, conn: sqlite3.Connection, local_id: int,
                          known: ListSummarizer | None = None) -> None:
        """Recompute the list columns of one order (inside the caller's transaction). `known`: the caller holds
        the order as it now stands and summarizes it from the row's columns, its JSON left undecoded."""
        if self.summarize is None:
            return
        cursor = conn.execute("SELECT * FROM orders WHERE local_id = ?", (local_id,))
        row = cursor.fetchone()
        if row is None:
            return
        names = [column[0] for column in cursor.description]
        try:
            fields = dict(zip(names, row, strict=True))
            columns = known(fields) if known is not None else self.summarize(self._decode(fields))
        except Exception:  # a list row must never stop a write
            log.exception("colonnes de liste de la commande %s", local_id)
            conn.execute("UPDATE orders SET list_stale = 2 WHERE local_id = ?", (local_id,))  # not retried in a loop
            return
        write_list_row(conn, local_id, columns)

    def refresh_list_rows(self, local_ids: list[int]) -> None:
        """Recompute rows the trigger marked stale (migration backfill, a write path that forgot), in one commit."""
        with transaction(self.db) as conn:
            for local_id in local_ids:
                self._refresh_list_row(conn, local_id)

    def atomic(self) -> AbstractContextManager[sqlite3.Connection]:
        """One transaction that a use case's writes and its listeners' writes (on this database) all join."""
        return transaction(self.db)

    # --- reading -------------------------------------------------------------------------------------------
    def get(self, local_id: int) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM orders WHERE local_id = ?", [local_id]))
        return self._decode(rows[0]) if rows else None

    def get_columns(self, local_id: int) -> dict[str, Any] | None:
        """An order's columns without its JSON (nothing decoded): ids, status, times."""
        rows = list(self.db.query(f"SELECT {', '.join(PLAIN_COLUMNS)} FROM orders WHERE local_id = ?", [local_id]))
        return rows[0] if rows else None

    def find_by_hubrise_id(self, hubrise_id: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM orders WHERE hubrise_id = ?", [hubrise_id]))
        return self._decode(rows[0]) if rows else None

    def adopt_till_order(self, private_ref: str, hubrise_id: str) -> bool:
        """A listed HubRise order that is one of the till's own (its private_ref): give the local till order its
        HubRise id if it lacks it (the POST's answer was lost). True when the order is the till's."""
        rows = list(self.db.query("SELECT local_id, hubrise_id FROM orders WHERE origin = 'till' AND private_ref = ?",
                                  [private_ref]))
        if not rows:
            return False
        if rows[0]["hubrise_id"] is None:
            self.set_hubrise_id(rows[0]["local_id"], hubrise_id)
        return True

    @staticmethod
    def _decode(row: dict[str, Any]) -> dict[str, Any]:
        row = dict(row)
        row["raw"] = json.loads(row["raw"])
        row["item_idarts"] = {int(k): v for k, v in json.loads(row["item_idarts"]).items()}
        return row

    def history(self, local_id: int) -> list[dict[str, Any]]:
        return list(self.db.query("""
            SELECT h.id, h.local_id, h.status, h.at, h.by, h.note, h.outbox_id,
                   COALESCE(o.sent_at, h.sent_at) AS sent_at, COALESCE(o.failed, 0) AS failed, o.last_error,
                   o.attempts FROM order_history h
            LEFT JOIN outbox o ON o.id = h.outbox_id WHERE h.local_id = ? ORDER BY h.id""", [local_id]))

    def event_processed(self, event_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM processed_events WHERE event_id = ?", [event_id]).fetchone() is not None

    # --- ingestion -------------------------------------------------------------------------------------------
    def ingest(self, event_id: str, raw: dict, state_at: str | None, *,
               receive_status: str | None, keep_local_status: bool, by: str,
               status: str | None = None) -> IngestResult:
        """Upsert the order an event describes and record the event, in one transaction.

        - an older state than the stored one (events out of order) is not applied;
        - `receive_status` ("received") is set locally and queued for HubRise when the order is new to the till;
        - `keep_local_status` keeps the cashier's status when a change of theirs is still waiting to be sent;
        - `status` is the status the till understands (None when HubRise's is unknown: a new order is « new »,
          a known one keeps its status), so that no stored row can break a list.
        """
        hubrise_id = raw["id"]
        raw_json = json.dumps(raw)  # before the transaction: a payload SQLite cannot hold raises here
        with transaction(self.db) as conn:
            existing = conn.execute("SELECT local_id, status, state_at FROM orders WHERE hubrise_id = ?",
                                    (hubrise_id,)).fetchone()
            conn.execute("INSERT OR IGNORE INTO processed_events (event_id, hubrise_order_id, processed_at) "
                         "VALUES (?, ?, ?)", (event_id, hubrise_id, now_iso()))
            if existing is None:
                status = status or "new"
                local_status = receive_status if receive_status and status == "new" else status
                cursor = conn.execute(
                    "INSERT INTO orders (hubrise_id, origin, private_ref, status, raw, state_at, received_at, "
                    "updated_at) VALUES (?, 'web', ?, ?, ?, ?, ?, ?)",
                    (hubrise_id, _text(raw.get("private_ref")), local_status, raw_json, state_at, now_iso(),
                     now_iso()))
                local_id = _inserted_id(cursor)
                conn.execute("INSERT INTO order_history (local_id, status, at, by, note) VALUES (?, ?, ?, ?, ?)",
                             (local_id, status, _iso_time(raw.get("created_at")) or now_iso(),
                              _text(raw.get("created_by")) or "HubRise",
                              "commande reçue de HubRise"))
                if local_status != status:
                    outbox_id = enqueue(conn, local_id, "status", {"status": local_status})
                    conn.execute("INSERT INTO order_history (local_id, status, at, by, note, outbox_id) "
                                 "VALUES (?, ?, ?, ?, ?, ?)", (local_id, local_status, now_iso(), by,
                                                               "accusé de réception automatique", outbox_id))
                self._refresh_list_row(conn, local_id)
                return IngestResult(local_id, True, None, local_status, True)
            local_id, previous_status, stored_at = existing
            if state_at and stored_at and state_at < stored_at:
                return IngestResult(local_id, False, previous_status, previous_status, False)
            new_status = previous_status if keep_local_status or status is None else status
            conn.execute("UPDATE orders SET raw = ?, state_at = COALESCE(?, state_at), status = ?, updated_at = ? "
                         "WHERE local_id = ?", (raw_json, state_at, new_status, now_iso(), local_id))
            if new_status != previous_status:
                conn.execute("INSERT INTO order_history (local_id, status, at, by, note) VALUES (?, ?, ?, ?, ?)",
                             (local_id, new_status, state_at or now_iso(), "HubRise",
                              "changé par une autre application"))
            self._refresh_list_row(conn, local_id)
            return IngestResult(local_id, False, previous_status, new_status, True)

    def record_processed(self, event_id: str, hubrise_order_id: str | None) -> None:
        self.db.execute("INSERT OR IGNORE INTO processed_events (event_id, hubrise_order_id, processed_at) "
                        "VALUES (?, ?, ?)", [event_id, hubrise_order_id, now_iso()])

    # --- local decisions ------------------------------------------------------------------------------------
    def change_status(self, local_id: int, status: str, by: str, note: str, outbox: list[tuple[str, dict]],
                      at: datetime, known: ListSummarizer | None = None) -> bool:
        """Local status + history row + outbox rows, in one transaction; False (nothing written) when the order
        already has that status, so a second tap records and sends nothing. `known`: see `_refresh_list_row`."""
        return self._set_status(local_id, status, by, note, outbox, at, None, known)

    def accept(self, local_id: int, confirmed_time: datetime, by: str, note: str, outbox: list[tuple[str, dict]],
               at: datetime, known: ListSummarizer | None = None) -> bool:
        """Accepter: status, the confirmed time in its own column (never in `raw`), history and outbox."""
        return self._set_status(local_id, "accepted", by, note, outbox, at, confirmed_time.isoformat(), known)

    def _set_status(self, local_id: int, status: str, by: str, note: str, outbox: list[tuple[str, dict]],
                    at: datetime, confirmed_time: str | None, known: ListSummarizer | None) -> bool:
        with transaction(self.db) as conn:
            cursor = conn.execute("UPDATE orders SET status = ?, confirmed_time = COALESCE(?, confirmed_time), "
                                  "updated_at = ? WHERE local_id = ? AND status != ?",
                                  (status, confirmed_time, now_iso(), local_id, status))
            if cursor.rowcount == 0:
                return False
            outbox_id = None
            for kind, payload in outbox:
                outbox_id = enqueue(conn, local_id, kind, payload)
            self.add_history(local_id, status, by, note, outbox_id, at, known)
            return True

    def add_history(self, local_id: int, status: str, by: str, note: str, outbox_id: int | None,
                    at: datetime, known: ListSummarizer | None = None) -> None:
        with transaction(self.db) as conn:
            conn.execute("INSERT INTO order_history (local_id, status, at, by, note, outbox_id) VALUES (?,?,?,?,?,?)",
                         (local_id, status, at.isoformat(), by, note, outbox_id))
            self._refresh_list_row(conn, local_id, known)

    def queue(self, local_id: int, kind: str, payload: dict) -> int:
        """An outbox row for this order (joins the caller's transaction)."""
        with transaction(self.db) as conn:
            return enqueue(conn, local_id, kind, payload)

    def invoice_ticket(self, local_id: int) -> int | None:
        row = self.db.execute("SELECT invoice_ticket FROM orders WHERE local_id = ?", [local_id]).fetchone()
        return row[0] if row else None

    def mark_invoiced(self, local_id: int, ticket_number: int, paid_cents: int) -> None:
        """The order is paid by this ticket; refused (OrderAlreadyInvoiced) if a ticket already invoiced it."""
        with transaction(self.db) as conn:
            cursor = conn.execute("UPDATE orders SET paid_at_till_cents = COALESCE(paid_at_till_cents, 0) + ?, "
                                  "invoice_ticket = ?, updated_at = ? WHERE local_id = ? AND invoice_ticket IS NULL",
                                  (paid_cents, ticket_number, now_iso(), local_id))
            if cursor.rowcount == 0:
                raise OrderAlreadyInvoiced(self.invoice_ticket(local_id))
            self._refresh_list_row(conn, local_id)

    # --- orders taken at the till ------------------------------------------------------------------------------
    def create_till_order(self, build_raw: Callable[[str], dict], private_ref: str, *, by: str, note: str,
                          send: bool) -> int:
        """Number the order (C-000001…, never reused), store it, and queue it for HubRise when `send`, in one
        transaction: a crash leaves either nothing or an order with its send request."""
        with transaction(self.db) as conn:
            conn.execute("UPDATE till_order_counter SET last = last + 1 WHERE id = 1")
            number = f"C-{conn.execute('SELECT last FROM till_order_counter WHERE id = 1').fetchone()[0]:06d}"
            raw = build_raw(number)
            cursor = conn.execute(
                "INSERT INTO orders (hubrise_id, origin, till_number, private_ref, status, raw, state_at, received_at,"
                " updated_at) VALUES (NULL, 'till', ?, ?, ?, ?, NULL, ?, ?)",
                (number, private_ref, raw["status"], json.dumps(raw), now_iso(), now_iso()))
            local_id = _inserted_id(cursor)
            outbox_id = enqueue(conn, local_id, "create", {}) if send else None
            conn.execute("INSERT INTO order_history (local_id, status, at, by, note, outbox_id) VALUES (?,?,?,?,?,?)",
                         (local_id, raw["status"], now_iso(), by, note, outbox_id))
            self._refresh_list_row(conn, local_id)
            return local_id

    def queue_creation(self, local_id: int, then: list[tuple[str, dict]] | None = None) -> None:
        """E/S: send a till order that was kept local (created while « Aucun » was chosen), followed in the same
        transaction by the rows `then` (the payment of a ticket that already settled it)."""
        with transaction(self.db) as conn:
            outbox_id = enqueue(conn, local_id, "create", {})
            for kind, payload in then or []:
                enqueue(conn, local_id, kind, payload)
            status = conn.execute("SELECT status FROM orders WHERE local_id = ?", (local_id,)).fetchone()[0]
            conn.execute("INSERT INTO order_history (local_id, status, at, by, note, outbox_id) VALUES (?,?,?,?,?,?)",
                         (local_id, status, now_iso(), "Kezia Desk", "envoi à HubRise demandé", outbox_id))
            self._refresh_list_row(conn, local_id)

    def unsent_till_orders(self) -> list[int]:
        """Till orders HubRise does not have and that are not queued: the ones « Aucun » kept local."""
        return [row[0] for row in self.db.execute(
            "SELECT local_id FROM orders o WHERE origin = 'till' AND hubrise_id IS NULL AND NOT EXISTS "
            "(SELECT 1 FROM outbox x WHERE x.local_id = o.local_id AND x.kind = 'create' AND x.sent_at IS NULL "
            "AND x.failed = 0)").fetchall()]

    def set_hubrise_id(self, local_id: int, hubrise_id: str, raw: dict | None = None) -> None:
        """HubRise accepted (or already had) a till order: remember its id so later events update it."""
        with transaction(self.db) as conn:
            if raw is not None:
                conn.execute("UPDATE orders SET hubrise_id = ?, raw = ?, updated_at = ? WHERE local_id = ?",
                             (hubrise_id, json.dumps(raw), now_iso(), local_id))
            else:
                conn.execute("UPDATE orders SET hubrise_id = ?, updated_at = ? WHERE local_id = ?",
                             (hubrise_id, now_iso(), local_id))
            self._refresh_list_row(conn, local_id)

    def set_item_idart(self, local_id: int, index: int, idart: int, sku_ref: str | None) -> None:
        with transaction(self.db) as conn:
            current = json.loads(conn.execute("SELECT item_idarts FROM orders WHERE local_id = ?",
                                              (local_id,)).fetchone()[0])
            current[str(index)] = idart
            conn.execute("UPDATE orders SET item_idarts = ? WHERE local_id = ?", (json.dumps(current), local_id))
            if sku_ref:
                conn.execute("INSERT INTO sku_mappings (sku_ref, idart, mapped_at) VALUES (?, ?, ?) "
                             "ON CONFLICT(sku_ref) DO UPDATE SET idart = excluded.idart", (sku_ref, idart, now_iso()))
                # The ref is remembered for every order: the flagged ones may lose their « article inconnu ».
                conn.execute("UPDATE orders SET list_stale = 1 WHERE list_flags != '' AND list_stale = 0")
            self._refresh_list_row(conn, local_id)

    # --- diagnostics -----------------------------------------------------------------------------------------
    def keep_aside(self, event_id: str, raw: Any, reason: str) -> None:
        """Keep an event the till cannot store as an order, with its raw JSON and a French reason; the event
        counts as processed, so it is acknowledged and never blocks the ones behind it."""
        with transaction(self.db) as conn:
            conn.execute("INSERT OR IGNORE INTO kept_aside (event_id, raw, reason, at) VALUES (?, ?, ?, ?)",
                         (storable_text(event_id), printable_json(raw), storable_text(reason), now_iso()))
            conn.execute("INSERT OR IGNORE INTO processed_events (event_id, hubrise_order_id, processed_at) "
                         "VALUES (?, NULL, ?)", (storable_text(event_id), now_iso()))

    def kept_aside(self) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT * FROM kept_aside ORDER BY id DESC"))

    def kept_aside_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM kept_aside").fetchone()[0]

    def log_poll(self, outcome: str, detail: str, events: int, duration_ms: int) -> None:
        with transaction(self.db) as conn:
            conn.execute("INSERT INTO poll_log (at, outcome, detail, events, duration_ms) VALUES (?, ?, ?, ?, ?)",
                         (datetime.now().astimezone().isoformat(), outcome, detail, events, duration_ms))
            conn.execute("DELETE FROM poll_log WHERE id <= (SELECT MAX(id) - 500 FROM poll_log)")

    def recent_polls(self, limit: int = 50) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT * FROM poll_log ORDER BY id DESC LIMIT ?", [limit]))


class SkuMappingStore:
    """The sku_ref → IDART choices the cashier made (written by OrderStore.set_item_idart with the order's line).
    Apart from OrderStore so the article resolver, which the order store's summarizer needs, can be built first."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def all(self) -> dict[str, int]:
        return {row["sku_ref"]: row["idart"] for row in self.db.query("SELECT * FROM sku_mappings")}
