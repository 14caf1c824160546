"""Closures, deposits and cash counts: append-only rows (schema_closures.py), read by number ranges.

A closure covers a contiguous range of ticket numbers and deposit numbers (after the previous closure's last one),
so a record is counted by exactly one Z, whatever the clocks did. Closures are hash-chained like the journal; the
figures are stored as canonical JSON and recomputed from their records by `verify-journal`.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import sqlite_utils

from ..domain.closure import ClosureFigures, ClosureKind, DepositRecord
from ..domain.fiscal import Chain
from ..domain.journal import GENESIS_HASH, chain_hash
from ..domain.money import Money
from ..domain.ticket import ClosedTicket, Payment, PaymentMethod, TicketLine
from .database import transaction
from .fiscal_records import FiscalRecords
from .journal import CANCELLED, SALE


class ClosureAlreadyMade(ValueError):
    """The period already has its closure of this kind."""

    def __init__(self, kind: ClosureKind, period: str) -> None:
        super().__init__(f"{kind.value} {period}")
        self.kind, self.period = kind, period


@dataclass(frozen=True)
class StoredClosure:
    number: int
    kind: ClosureKind
    period: str
    made_at: datetime
    seller_name: str
    last_ticket: int
    last_deposit: int
    figures: ClosureFigures
    float_cents: int | None
    expected_cash_cents: int | None
    counted_cash_cents: int | None
    entry_hash: str = ""

    @property
    def difference_cents(self) -> int | None:
        if self.counted_cash_cents is None or self.expected_cash_cents is None:
            return None
        return self.counted_cash_cents - self.expected_cash_cents


@dataclass(frozen=True)
class CashCount:
    id: int
    kind: str  # « fond » (opening float) or « comptage » (count at Z)
    business_date: str
    at: datetime
    seller_name: str
    cents: int
    detail: dict[str, int]  # note or coin value in cents (as text) → how many; empty when a total was typed
    closure_number: int | None
    corrects: int | None


def closure_content(row: dict[str, Any]) -> dict[str, Any]:
    """What a closure's hash covers: every stored column but the hashes."""
    return {key: row[key] for key in ("number", "kind", "period", "start", "end", "made_at", "seller_name",
                                      "last_ticket", "last_deposit", "figures", "float_cents",
                                      "expected_cash_cents", "counted_cash_cents")}


CLOSURE_RECORD_KINDS = {ClosureKind.DAY: "cloture_z", ClosureKind.MONTH: "cloture_mois",
                        ClosureKind.YEAR: "cloture_annee"}
DEPOSIT_RECORD, COUNT_RECORD = "acompte", "comptage_caisse"


class ClosureStore:
    """`records`: the signed chains; each closure and count is also a record of the closures chain, each deposit
    a record of the sales chain, written in the same transaction as its row."""

    def __init__(self, db: sqlite_utils.Database, records: FiscalRecords | None = None) -> None:
        self.db = db
        self.records = records

    # --- records to close --------------------------------------------------------------------------------
    def tickets_after(self, last_number: int, up_to: int | None = None) -> list[ClosedTicket]:
        """Tickets numbered above `last_number` (up to `up_to`), with lines and payments, in three queries."""
        bound, params = ("AND number <= ?", [last_number, up_to]) if up_to is not None else ("", [last_number])
        tickets = list(self.db.query(f"SELECT * FROM tickets WHERE number > ? {bound} ORDER BY number", params))
        if not tickets:
            return []
        lines: dict[int, list[dict]] = {}
        payments: dict[int, list[dict]] = {}
        child = "ticket_number > ?" + (" AND ticket_number <= ?" if up_to is not None else "")
        for row in self.db.query(f"SELECT * FROM ticket_lines WHERE {child} ORDER BY ticket_number, position",
                                 params):
            lines.setdefault(row["ticket_number"], []).append(row)
        for row in self.db.query(f"SELECT * FROM ticket_payments WHERE {child} ORDER BY ticket_number, position",
                                 params):
            payments.setdefault(row["ticket_number"], []).append(row)
        return [to_ticket(t, lines.get(t["number"], []), payments.get(t["number"], [])) for t in tickets]

    def tickets_numbered(self, numbers: list[int]) -> list[ClosedTicket]:
        """The tickets of these numbers (a page of a search), in number order, in three queries."""
        wanted = sorted(set(numbers))
        if not wanted:
            return []
        marks = ",".join("?" * len(wanted))
        tickets = list(self.db.query(f"SELECT * FROM tickets WHERE number IN ({marks}) ORDER BY number", wanted))
        lines: dict[int, list[dict]] = {}
        payments: dict[int, list[dict]] = {}
        for row in self.db.query(f"SELECT * FROM ticket_lines WHERE ticket_number IN ({marks}) "
                                 "ORDER BY ticket_number, position", wanted):
            lines.setdefault(row["ticket_number"], []).append(row)
        for row in self.db.query(f"SELECT * FROM ticket_payments WHERE ticket_number IN ({marks}) "
                                 "ORDER BY ticket_number, position", wanted):
            payments.setdefault(row["ticket_number"], []).append(row)
        return [to_ticket(t, lines.get(t["number"], []), payments.get(t["number"], [])) for t in tickets]

    def tickets_in_day(self, day: str) -> list[ClosedTicket]:
        """Tickets closed on a local date (closed_at is stored in the shop's time, so its text sorts by day)."""
        following = (date.fromisoformat(day) + timedelta(days=1)).isoformat()
        first, last = self.db.execute("SELECT MIN(number), MAX(number) FROM tickets WHERE closed_at >= ? AND "
                                      "closed_at < ?", [day, following]).fetchone()
        return [] if first is None else self.tickets_after(first - 1, last)

    def open_days(self, after_ticket: int, after_deposit: int) -> set[str]:
        """Local dates (YYYY-MM-DD) of the records after these numbers: one indexed scan, no record decoded (a
        till upgraded with years of tickets and no Z yet starts without reading them all)."""
        days = {row[0] for row in self.db.execute(
            "SELECT DISTINCT substr(closed_at, 1, 10) FROM tickets WHERE number > ?", [after_ticket])}
        days |= {row[0] for row in self.db.execute(
            "SELECT DISTINCT substr(at, 1, 10) FROM deposits WHERE number > ?", [after_deposit])}
        return days

    def last_number_of_day(self, table: str, after: int, day: str) -> int | None:
        """The last record (of `tickets` or `deposits`) after `after` before the first one dated after `day`: a
        forgotten day's Z covers that contiguous range, read without decoding the later days."""
        column = "closed_at" if table == "tickets" else "at"
        row = self.db.execute(f"SELECT number FROM {table} WHERE number > ? AND substr({column}, 1, 10) > ? "
                              "ORDER BY number LIMIT 1", [after, day]).fetchone()
        return None if row is None else row[0] - 1

    def last_ticket_number(self) -> int:
        row = self.db.execute("SELECT MAX(number) FROM tickets").fetchone()
        return row[0] or 0

    def deposits_after(self, last_number: int, up_to: int | None = None) -> list[DepositRecord]:
        bound, params = ("AND number <= ?", [last_number, up_to]) if up_to is not None else ("", [last_number])
        return [to_deposit(row) for row in self.db.query(
            f"SELECT * FROM deposits WHERE number > ? {bound} ORDER BY number", params)]

    def channels(self, web_order_ids: set[str]) -> dict[str, str]:
        """Web order id → HubRise's `channel` (else `created_by`) of the order the ticket invoiced."""
        ids = sorted(i for i in web_order_ids if not i.startswith("local-"))
        found: dict[str, str] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for hubrise_id, channel, created_by in self.db.execute(
                    f"SELECT hubrise_id, json_extract(raw, '$.channel'), json_extract(raw, '$.created_by') "
                    f"FROM orders WHERE hubrise_id IN ({marks}) AND json_valid(raw)", chunk):
                found[hubrise_id] = str(channel or created_by or "Web")
        return found

    # --- deposits ----------------------------------------------------------------------------------------
    def add_deposit(self, at: datetime, order_local_id: int, order_ref: str, kind: str, method: str,
                    amount_cents: int, seller_id: int | None, seller_name: str) -> int:
        with transaction(self.db) as conn:
            cursor = conn.execute("INSERT INTO deposits (at, order_local_id, order_ref, kind, method, amount_cents,"
                                  " seller_id, seller_name) VALUES (?,?,?,?,?,?,?,?)",
                                  (at.isoformat(), order_local_id, order_ref, kind, method, amount_cents, seller_id,
                                   seller_name))
            number = int(cursor.lastrowid or 0)
            if self.records is not None:
                self.records.append(Chain.SALES, DEPOSIT_RECORD, deposit_payload(
                    next(self.db.query("SELECT * FROM deposits WHERE number = ?", [number]))), ref=str(number), at=at)
            return number

    def deposits_of(self, order_local_id: int) -> list[tuple[str, DepositRecord]]:
        return [(row["kind"], to_deposit(row)) for row in self.db.query(
            "SELECT * FROM deposits WHERE order_local_id = ? ORDER BY number", [order_local_id])]

    # --- closures ----------------------------------------------------------------------------------------
    def append(self, kind: ClosureKind, period: str, made_at: datetime, seller_name: str, last_ticket: int,
               last_deposit: int, figures: ClosureFigures, float_cents: int | None = None,
               expected_cash_cents: int | None = None, counted_cash_cents: int | None = None) -> int:
        """Store a closure, chained on the previous one (inside the caller's transaction if there is one).
        sqlite3.IntegrityError if the period already has its closure of this kind."""
        with transaction(self.db) as conn:
            last = conn.execute("SELECT number, entry_hash FROM closures ORDER BY number DESC LIMIT 1").fetchone()
            number, previous_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
            row = {"number": number, "kind": kind.value, "period": period, "start": figures.start,
                   "end": figures.end, "made_at": made_at.isoformat(), "seller_name": seller_name,
                   "last_ticket": last_ticket, "last_deposit": last_deposit,
                   "figures": json.dumps(figures.to_dict(), sort_keys=True, ensure_ascii=False,
                                         separators=(",", ":")),
                   "float_cents": float_cents, "expected_cash_cents": expected_cash_cents,
                   "counted_cash_cents": counted_cash_cents}
            entry_hash = chain_hash(previous_hash, closure_content(row))
            if conn.execute("SELECT 1 FROM closures WHERE kind = ? AND period = ?", [kind.value, period]).fetchone():
                raise ClosureAlreadyMade(kind, period)  # the UNIQUE index stands behind this check
            conn.execute("INSERT INTO closures (number, kind, period, start, end, made_at, seller_name, last_ticket,"
                         " last_deposit, figures, float_cents, expected_cash_cents, counted_cash_cents,"
                         " previous_hash, entry_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                         (*row.values(), previous_hash, entry_hash))
            if self.records is not None:
                self.records.append(Chain.CLOSURES, CLOSURE_RECORD_KINDS[kind], closure_content(row), ref=str(number),
                                    at=made_at)
        return number

    def rows(self, kind: ClosureKind | None = None) -> Iterator[dict[str, Any]]:
        where, params = ("WHERE kind = ?", [kind.value]) if kind else ("", [])
        yield from self.db.query(f"SELECT * FROM closures {where} ORDER BY number", params)

    def closures(self, kind: ClosureKind | None = None) -> list[StoredClosure]:
        return [to_closure(row) for row in self.rows(kind)]

    def get(self, number: int) -> StoredClosure | None:
        row = next(self.db.query("SELECT * FROM closures WHERE number = ?", [number]), None)
        return to_closure(row) if row else None

    def latest(self, kind: ClosureKind) -> StoredClosure | None:
        row = next(self.db.query("SELECT * FROM closures WHERE kind = ? ORDER BY number DESC LIMIT 1",
                                 [kind.value]), None)
        return to_closure(row) if row else None

    def of_period(self, kind: ClosureKind, period: str) -> StoredClosure | None:
        row = next(self.db.query("SELECT * FROM closures WHERE kind = ? AND period = ?", [kind.value, period]), None)
        return to_closure(row) if row else None

    # --- cash counts -------------------------------------------------------------------------------------
    def add_count(self, kind: str, business_date: str, at: datetime, seller_name: str, cents: int,
                  detail: dict[str, int], closure_number: int | None = None, corrects: int | None = None) -> int:
        with transaction(self.db) as conn:
            cursor = conn.execute("INSERT INTO cash_counts (kind, business_date, at, seller_name, cents, detail,"
                                  " closure_number, corrects) VALUES (?,?,?,?,?,?,?,?)",
                                  (kind, business_date, at.isoformat(), seller_name, cents,
                                   json.dumps(detail, sort_keys=True) if detail else "", closure_number, corrects))
            count_id = int(cursor.lastrowid or 0)
            if self.records is not None:
                row = next(self.db.query("SELECT * FROM cash_counts WHERE id = ?", [count_id]))
                self.records.append(Chain.CLOSURES, COUNT_RECORD, dict(row), ref=str(count_id), at=at)
            return count_id

    def counts(self, kind: str, business_date: str | None = None,
               closure_number: int | None = None) -> list[CashCount]:
        """Counts of a kind for a day or a closure, oldest first (the last one is what holds)."""
        where: list[str] = ["kind = ?"]
        params: list[Any] = [kind]
        if business_date is not None:
            where.append("business_date = ?")
            params.append(business_date)
        if closure_number is not None:
            where.append("closure_number = ?")
            params.append(closure_number)
        return [to_count(row) for row in self.db.query(
            f"SELECT * FROM cash_counts WHERE {' AND '.join(where)} ORDER BY id", params)]


def deposit_payload(row: dict[str, Any]) -> dict[str, Any]:
    """What a deposit's signed record holds: its whole row."""
    return dict(row)


def to_ticket(ticket: dict, lines: list[dict], payments: list[dict]) -> ClosedTicket:
    currency = ticket["currency"]
    return ClosedTicket(
        number=ticket["number"], closed_at=datetime.fromisoformat(ticket["closed_at"]),
        seller_id=ticket["seller_id"], seller_name=ticket["seller_name"],
        lines=tuple(TicketLine(line["label"], Money.from_cents(line["unit_price_cents"], currency),
                               Decimal(line["quantity"]), Decimal(line["vat_rate"]), line["idart"], line["note"])
                    for line in lines),
        payments=tuple(Payment(PaymentMethod(p["method"]), Money.from_cents(p["amount_cents"], currency),
                               p.get("label") or "") for p in payments),
        total=Money.from_cents(ticket["total_cents"], currency),
        change_due=Money.from_cents(ticket["change_cents"], currency), web_order_id=ticket["web_order_id"],
        previous_hash=ticket["previous_hash"], entry_hash=ticket["entry_hash"],
        cancelled=ticket.get("kind", SALE) == CANCELLED, refund_of=ticket.get("refund_of"))


def to_deposit(row: dict) -> DepositRecord:
    return DepositRecord(row["number"], datetime.fromisoformat(row["at"]), row["order_ref"],
                         PaymentMethod(row["method"]), row["amount_cents"], row["seller_name"])


def to_closure(row: dict) -> StoredClosure:
    return StoredClosure(row["number"], ClosureKind(row["kind"]), row["period"],
                         datetime.fromisoformat(row["made_at"]), row["seller_name"], row["last_ticket"],
                         row["last_deposit"], ClosureFigures.from_dict(json.loads(row["figures"])),
                         row["float_cents"], row["expected_cash_cents"], row["counted_cash_cents"],
                         row["entry_hash"])


def to_count(row: dict) -> CashCount:
    return CashCount(row["id"], row["kind"], row["business_date"], datetime.fromisoformat(row["at"]),
                     row["seller_name"], row["cents"], json.loads(row["detail"]) if row["detail"] else {},
                     row["closure_number"], row["corrects"])
