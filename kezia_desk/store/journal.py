"""The sales journal: closed tickets, append-only and hash-chained (see domain/journal.py).

The hash is computed from the stored columns themselves, so changing any column of a ticket, one of its lines
or one of its payments (even with the protecting triggers dropped) breaks the chain at that ticket.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal

import sqlite_utils

from ..domain.journal import GENESIS_HASH, chain_hash, verify_chain, JournalCheck
from ..domain.money import Money
from ..domain.ticket import ClosedTicket, Payment, PaymentMethod, TicketDraft, TicketLine
from .database import transaction


def ticket_content(ticket: dict, lines: list[dict], payments: list[dict]) -> dict:
    """The hashed content of a ticket, built from its stored rows."""
    return {
        "number": ticket["number"],
        "closed_at": ticket["closed_at"],
        "seller_id": ticket["seller_id"],
        "seller_name": ticket["seller_name"],
        "total_cents": ticket["total_cents"],
        "change_cents": ticket["change_cents"],
        "currency": ticket["currency"],
        "web_order_id": ticket["web_order_id"],
        "lines": [[line["position"], line["label"], line["idart"], line["unit_price_cents"], line["quantity"],
                   line["vat_rate"], line["note"]] for line in lines],
        "payments": [[payment["position"], payment["method"], payment["amount_cents"]] for payment in payments],
    }


class JournalRepository:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db

    def append(self, draft: TicketDraft, seller_id: int, seller_name: str, closed_at: datetime) -> int:
        """Record a settled draft as the next ticket, in one transaction; returns its number."""
        currency = draft.total.currency
        with transaction(self._db) as conn:
            last = conn.execute("SELECT number, entry_hash FROM tickets ORDER BY number DESC LIMIT 1").fetchone()
            number, previous_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
            ticket = {"number": number, "closed_at": closed_at.isoformat(), "seller_id": seller_id,
                      "seller_name": seller_name, "total_cents": draft.total.cents,
                      "change_cents": draft.change_due.cents, "currency": currency,
                      "web_order_id": draft.web_order_id}
            lines = [{"position": i, "label": line.label, "idart": line.idart,
                      "unit_price_cents": line.unit_price.cents, "quantity": str(line.quantity),
                      "vat_rate": str(line.vat_rate), "note": line.note or ""} for i, line in enumerate(draft.lines)]
            payments = [{"position": i, "method": payment.method.value, "amount_cents": payment.amount.cents}
                        for i, payment in enumerate(draft.payments)]
            entry_hash = chain_hash(previous_hash, ticket_content(ticket, lines, payments))
            conn.execute("INSERT INTO tickets (number, closed_at, seller_id, seller_name, total_cents, change_cents,"
                         " currency, web_order_id, previous_hash, entry_hash) VALUES (?,?,?,?,?,?,?,?,?,?)",
                         (number, ticket["closed_at"], seller_id, seller_name, ticket["total_cents"],
                          ticket["change_cents"], currency, draft.web_order_id, previous_hash, entry_hash))
            conn.executemany("INSERT INTO ticket_lines (ticket_number, position, label, idart, unit_price_cents,"
                             " quantity, vat_rate, note) VALUES (?,?,?,?,?,?,?,?)",
                             [(number, l["position"], l["label"], l["idart"], l["unit_price_cents"], l["quantity"],
                               l["vat_rate"], l["note"]) for l in lines])
            conn.executemany("INSERT INTO ticket_payments (ticket_number, position, method, amount_cents)"
                             " VALUES (?,?,?,?)",
                             [(number, p["position"], p["method"], p["amount_cents"]) for p in payments])
        return number

    def _rows(self, where: str = "", params: list | None = None, order: str = "ASC",
              limit: int | None = None) -> Iterator[tuple[dict, list[dict], list[dict]]]:
        sql = f"SELECT * FROM tickets {where} ORDER BY number {order}" + (f" LIMIT {int(limit)}" if limit else "")
        for ticket in list(self._db.query(sql, params or [])):
            lines = list(self._db.query("SELECT * FROM ticket_lines WHERE ticket_number = ? ORDER BY position",
                                        [ticket["number"]]))
            payments = list(self._db.query("SELECT * FROM ticket_payments WHERE ticket_number = ? ORDER BY position",
                                           [ticket["number"]]))
            yield ticket, lines, payments

    def get(self, number: int) -> ClosedTicket | None:
        for rows in self._rows("WHERE number = ?", [number]):
            return _to_closed_ticket(*rows)
        return None

    def latest(self, limit: int) -> list[ClosedTicket]:
        return [_to_closed_ticket(*rows) for rows in self._rows(order="DESC", limit=limit)]

    def verify(self) -> JournalCheck:
        return verify_chain((ticket["number"], ticket_content(ticket, lines, payments), ticket["previous_hash"],
                             ticket["entry_hash"]) for ticket, lines, payments in self._rows())


def _to_closed_ticket(ticket: dict, lines: list[dict], payments: list[dict]) -> ClosedTicket:
    currency = ticket["currency"]
    return ClosedTicket(
        number=ticket["number"],
        closed_at=datetime.fromisoformat(ticket["closed_at"]),
        seller_id=ticket["seller_id"],
        seller_name=ticket["seller_name"],
        lines=tuple(TicketLine(label=l["label"], unit_price=Money.from_cents(l["unit_price_cents"], currency),
                               quantity=Decimal(l["quantity"]), vat_rate=Decimal(l["vat_rate"]), idart=l["idart"],
                               note=l["note"]) for l in lines),
        payments=tuple(Payment(PaymentMethod(p["method"]), Money.from_cents(p["amount_cents"], currency))
                       for p in payments),
        total=Money.from_cents(ticket["total_cents"], currency),
        change_due=Money.from_cents(ticket["change_cents"], currency),
        web_order_id=ticket["web_order_id"],
        previous_hash=ticket["previous_hash"],
        entry_hash=ticket["entry_hash"],
    )
