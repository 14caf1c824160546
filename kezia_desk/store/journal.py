"""The sales journal: closed tickets, append-only and hash-chained (see domain/journal.py), each one also a
signed record of the sales chain (store/fiscal_records.py) written in the same transaction.

The hash is computed from the stored columns themselves, so changing any column of a ticket, one of its lines
or one of its payments (even with the protecting triggers dropped) breaks the chain at that ticket; the signed
record holds the same content (plus the till's identifier), which an attacker without the key cannot re-sign.
Training tickets (mode formation) are never written here: they are records of the training chain only.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime
from decimal import Decimal

import sqlite_utils

from ..domain.fiscal import CANCELLED_TICKET, TICKET, Chain, FiscalRecord
from ..domain.journal import GENESIS_HASH, JournalCheck, canonical_ticket_content, chain_hash, verify_chain
from ..domain.money import Money
from ..domain.ticket import ClosedTicket, Payment, PaymentMethod, TicketDraft, TicketLine
from .database import transaction
from .fiscal_records import FiscalRecords

SALE, CANCELLED, REFUND = "vente", "annule", "avoir"
REFUND_TICKET = "ticket_avoir"  # a refund's record kind in the sales chain (fiscal_verify.TICKET_KINDS)


def ticket_content(ticket: dict, lines: list[dict], payments: list[dict]) -> dict:
    """The hashed content of a ticket, built from its stored rows.

    `kind` and payment labels (migration 300) are hashed only when they differ from what older tickets meant,
    so tickets recorded before them keep their hashes.
    """
    content = {
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
        "payments": [[payment["position"], payment["method"], payment["amount_cents"]]
                     + ([payment["label"]] if payment.get("label") else []) for payment in payments],
    }
    if ticket.get("kind", SALE) != SALE:
        content["kind"] = ticket["kind"]
    if ticket.get("refund_of") is not None:  # migration 800: only refunds name a ticket, older hashes unchanged
        content["refund_of"] = ticket["refund_of"]
    return content


def draft_rows(draft: TicketDraft) -> tuple[list[dict], list[dict]]:
    """A draft's lines and payments as the journal stores (and hashes) them."""
    lines = [{"position": i, "label": line.label, "idart": line.idart, "unit_price_cents": line.unit_price.cents,
              "quantity": str(line.quantity), "vat_rate": str(line.vat_rate), "note": line.note or ""}
             for i, line in enumerate(draft.lines)]
    payments = [{"position": i, "method": payment.method.value, "amount_cents": payment.amount.cents,
                 "label": payment.label} for i, payment in enumerate(draft.payments)]
    return lines, payments


def signed_ticket_payload(content: dict, till_id: str) -> dict:
    """What the sales chain's record of a ticket signs: the ticket's hashed content and the till's identifier."""
    return {**content, "till_id": till_id}


def signed_payload_text(content_text: str, till_id: str) -> str:
    """canonical_json(signed_ticket_payload(content, till_id)) from the content's canonical text, without encoding
    the ticket a second time: keys are sorted, so "till_id" goes right before "total_cents", the one unescaped
    `,"total_cents":` of the text (quotes inside strings are escaped)."""
    key = ',"total_cents":'
    at = content_text.find(key)
    if at < 0:
        raise ValueError("contenu de ticket sans total")
    return f'{content_text[:at]},"till_id":{json.dumps(till_id, ensure_ascii=False)}{content_text[at:]}'


class JournalRepository:
    def __init__(self, db: sqlite_utils.Database, records: FiscalRecords | None = None) -> None:
        self._db = db
        self.records = records

    def append(self, draft: TicketDraft, seller_id: int, seller_name: str, closed_at: datetime,
               cancelled: bool = False, refund_of: int | None = None) -> int:
        """Record a draft as the next ticket with its anchor, in one transaction (or the caller's); its number.

        A cancelled ticket (abandoned after a payment was taken) is chained like a sale, marked `annule`.
        """
        currency = draft.total.currency
        if self.records is not None:  # key and « avant signature » marker first: this ticket is signed
            self.records.ensure_ready()
        with transaction(self._db) as conn:
            last = conn.execute("SELECT number, entry_hash FROM tickets ORDER BY number DESC LIMIT 1").fetchone()
            number, previous_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
            ticket = {"number": number, "closed_at": closed_at.isoformat(), "seller_id": seller_id,
                      "seller_name": seller_name, "total_cents": draft.total.cents,
                      "change_cents": draft.change_due.cents, "currency": currency,
                      "web_order_id": draft.web_order_id,
                      "kind": CANCELLED if cancelled else REFUND if refund_of is not None else SALE,
                      "refund_of": refund_of}
            lines, payments = draft_rows(draft)
            content = ticket_content(ticket, lines, payments)
            entry_hash = chain_hash(previous_hash, content)
            conn.execute("INSERT INTO tickets (number, closed_at, seller_id, seller_name, total_cents, change_cents,"
                         " currency, web_order_id, previous_hash, entry_hash, kind, refund_of)"
                         " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                         (number, ticket["closed_at"], seller_id, seller_name, ticket["total_cents"],
                          ticket["change_cents"], currency, draft.web_order_id, previous_hash, entry_hash,
                          ticket["kind"], refund_of))
            conn.executemany("INSERT INTO ticket_lines (ticket_number, position, label, idart, unit_price_cents,"
                             " quantity, vat_rate, note) VALUES (?,?,?,?,?,?,?,?)",
                             [(number, line["position"], line["label"], line["idart"], line["unit_price_cents"],
                               line["quantity"], line["vat_rate"], line["note"]) for line in lines])
            conn.executemany("INSERT INTO ticket_payments (ticket_number, position, method, amount_cents, label)"
                             " VALUES (?,?,?,?,?)",
                             [(number, p["position"], p["method"], p["amount_cents"], p["label"]) for p in payments])
            # Numbers are gap-free (each is the last + 1), so the count is the number: COUNT(*) scanned the whole
            # table at every sale (37 ms at 60,000 tickets, the p99 of a close).
            conn.execute("INSERT INTO journal_anchor (ticket_count, last_number, last_hash, at) VALUES (?, ?, ?, ?)",
                         (number, number, entry_hash, ticket["closed_at"]))
            if self.records is not None:
                self.records.append(Chain.SALES, CANCELLED_TICKET if cancelled else
                                    REFUND_TICKET if refund_of is not None else TICKET,
                                    signed_ticket_payload(content, self.records.till_id), ref=str(number),
                                    at=closed_at)
        return number

    def append_training(self, draft: TicketDraft, seller_id: int, seller_name: str, closed_at: datetime,
                        cancelled: bool = False) -> ClosedTicket:
        """Mode formation: the ticket is a record of the training chain only (numbered by that chain), never a
        row of the sales journal, so no closure, grand total or HubRise payment can ever count it."""
        assert self.records is not None, "le mode formation demande le journal signé"
        ticket = {"closed_at": closed_at.isoformat(), "seller_id": seller_id,
                  "seller_name": seller_name, "total_cents": draft.total.cents,
                  "change_cents": draft.change_due.cents, "currency": draft.total.currency,
                  "web_order_id": draft.web_order_id, "kind": CANCELLED if cancelled else SALE}
        lines, payments = draft_rows(draft)
        content = {**ticket, "lines": lines, "payments": payments}
        record = self.records.append(Chain.TRAINING, CANCELLED_TICKET if cancelled else TICKET,
                                     signed_ticket_payload(content, self.records.till_id), at=closed_at)
        return training_ticket(record)

    def get_training(self, number: int) -> ClosedTicket | None:
        assert self.records is not None
        found = self.records.records(Chain.TRAINING, after_seq=number - 1, limit=1)
        return training_ticket(found[0]) if found and found[0].seq == number else None

    def signature_of(self, number: int) -> str:
        # INDEXED BY: without statistics SQLite preferred the primary key (chain, seq), a scan of the whole chain
        # (0.34 s a ticket at 100,000).
        row = self._db.execute("SELECT signature FROM fiscal_records INDEXED BY fiscal_records_by_ref "
                               "WHERE chain = ? AND kind IN (?, ?, ?) AND ref = ?",
                               [Chain.SALES.value, TICKET, CANCELLED_TICKET, REFUND_TICKET, str(number)]).fetchone()
        return row[0] if row else ""

    def all_rows(self) -> Iterator[tuple[dict, list[dict], list[dict]]]:
        """Every ticket with its lines and payments, in number order, in three ordered scans merged (one query
        per ticket made verify-journal over 100,000 tickets spend most of its time in SQLite calls)."""
        lines_rows = self._db.query("SELECT * FROM ticket_lines ORDER BY ticket_number, position")
        payment_rows = self._db.query("SELECT * FROM ticket_payments ORDER BY ticket_number, position")
        next_line, next_payment = next(lines_rows, None), next(payment_rows, None)
        for ticket in self._db.query("SELECT * FROM tickets ORDER BY number"):
            number = ticket["number"]
            lines, payments = [], []
            while next_line is not None and next_line["ticket_number"] <= number:
                if next_line["ticket_number"] == number:
                    lines.append(next_line)
                next_line = next(lines_rows, None)
            while next_payment is not None and next_payment["ticket_number"] <= number:
                if next_payment["ticket_number"] == number:
                    payments.append(next_payment)
                next_payment = next(payment_rows, None)
            yield ticket, lines, payments

    def rows_of_period(self, prefix: str) -> list[tuple[dict, list[dict], list[dict]]]:
        """Tickets whose shop-local closing time starts with `prefix` ("2026-11", "2026"), with lines and
        payments (for an archive)."""
        found = list(self._db.query("SELECT * FROM tickets WHERE substr(closed_at, 1, ?) = ? ORDER BY number",
                                    [len(prefix), prefix]))
        if not found:
            return []
        first, last = found[0]["number"], found[-1]["number"]
        lines: dict[int, list[dict]] = {}
        payments: dict[int, list[dict]] = {}
        for line in self._db.query("SELECT * FROM ticket_lines WHERE ticket_number BETWEEN ? AND ? "
                                   "ORDER BY ticket_number, position", [first, last]):
            lines.setdefault(line["ticket_number"], []).append(line)
        for payment in self._db.query("SELECT * FROM ticket_payments WHERE ticket_number BETWEEN ? AND ? "
                                      "ORDER BY ticket_number, position", [first, last]):
            payments.setdefault(payment["ticket_number"], []).append(payment)
        return [(ticket, lines.get(ticket["number"], []), payments.get(ticket["number"], [])) for ticket in found]

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
            return _to_closed_ticket(*rows, signature=self.signature_of(number))
        return None

    def latest(self, limit: int) -> list[ClosedTicket]:
        return [_to_closed_ticket(*rows, signature=self.signature_of(rows[0]["number"]))
                for rows in self._rows(order="DESC", limit=limit)]

    def unlinked_invoices(self) -> list[tuple[int, int]]:
        """(ticket number, order local_id) of sales that name an order which does not point back to them: what
        a crash between the two commits of older versions left behind (issue 10, defect 3)."""
        return [(row[0], row[1]) for row in self._db.execute("""
            WITH open_sales AS (
                SELECT number, web_order_id FROM tickets
                WHERE web_order_id IS NOT NULL AND kind = 'vente'
                  AND number NOT IN (SELECT invoice_ticket FROM orders WHERE invoice_ticket IS NOT NULL))
            SELECT s.number, o.local_id FROM open_sales s JOIN orders o ON o.hubrise_id = s.web_order_id
            WHERE o.invoice_ticket IS NULL
            UNION
            SELECT s.number, o.local_id FROM open_sales s
            JOIN orders o ON o.local_id = CAST(substr(s.web_order_id, 7) AS INTEGER)
            WHERE s.web_order_id LIKE 'local-%' AND o.invoice_ticket IS NULL
            ORDER BY 1""").fetchall()]

    def verify(self, on_ticket: Callable[[dict, str], None] | None = None) -> JournalCheck:
        """The hash chain, then the anchors: every anchor row must still name its ticket with the same hash (a cut
        tail followed by a new sale reuses the number with another hash), and the chain must reach the last ticket
        the newest anchor recorded. Tickets with no anchor at all mean the anchor table was emptied."""
        def entries() -> Iterator[tuple[int, dict | str, str, str]]:
            for ticket, lines, payments in self.all_rows():
                text = canonical_ticket_content(ticket_content(ticket, lines, payments))
                if on_ticket is not None:  # the signed records' check reads each ticket in the same pass
                    on_ticket(ticket, text)
                yield ticket["number"], text, ticket["previous_hash"], ticket["entry_hash"]

        check = verify_chain(entries())
        if not check.ok or not self._db["journal_anchor"].exists():
            return check
        anchor = self._db.execute("SELECT ticket_count, last_number, last_hash FROM journal_anchor "
                                  "ORDER BY ticket_count DESC, id DESC LIMIT 1").fetchone()
        if anchor is None:
            if check.checked:
                return JournalCheck(check.checked, 1, "aucune ancre du journal alors que des tickets existent "
                                                      "(table des ancres vidée)")
            return check
        count, last_number, last_hash = anchor
        last = self._db.execute("SELECT number, entry_hash FROM tickets ORDER BY number DESC LIMIT 1").fetchone()
        if check.checked < count or last is None or last[0] < last_number:
            first_missing = (last[0] + 1) if last else 1
            return JournalCheck(check.checked, first_missing,
                                f"tickets n° {first_missing} à {last_number} supprimés (l'ancre du journal en compte "
                                f"{count}, il en reste {check.checked})")
        stored = self._db.execute("SELECT entry_hash FROM tickets WHERE number = ?", [last_number]).fetchone()
        if stored is None or stored[0] != last_hash:
            return JournalCheck(check.checked, last_number, "ne correspond plus à l'ancre du journal")
        broken = self._db.execute("""
            SELECT a.last_number FROM journal_anchor a LEFT JOIN tickets t ON t.number = a.last_number
            WHERE t.entry_hash IS NULL OR t.entry_hash != a.last_hash ORDER BY a.last_number LIMIT 1""").fetchone()
        if broken is not None:
            return JournalCheck(check.checked, broken[0], "supprimé ou remplacé : il ne correspond plus à l'ancre "
                                                          "du journal")
        return check


def training_ticket(record: FiscalRecord) -> ClosedTicket:
    """A training ticket rebuilt from its record (its number is its place in the training chain)."""
    data = record.data
    ticket = {**data, "number": record.seq, "previous_hash": record.previous_hash, "entry_hash": record.hash,
              "kind": data.get("kind", SALE)}
    return _to_closed_ticket(ticket, data["lines"], data["payments"], signature=record.signature,
                             training=True)


def _to_closed_ticket(ticket: dict, lines: list[dict], payments: list[dict], signature: str = "",
                      training: bool = False) -> ClosedTicket:
    currency = ticket["currency"]
    return ClosedTicket(
        number=ticket["number"],
        closed_at=datetime.fromisoformat(ticket["closed_at"]),
        seller_id=ticket["seller_id"],
        seller_name=ticket["seller_name"],
        lines=tuple(TicketLine(label=line["label"], unit_price=Money.from_cents(line["unit_price_cents"], currency),
                               quantity=Decimal(line["quantity"]), vat_rate=Decimal(line["vat_rate"]),
                               idart=line["idart"], note=line["note"]) for line in lines),
        payments=tuple(Payment(PaymentMethod(p["method"]), Money.from_cents(p["amount_cents"], currency),
                               p.get("label") or "") for p in payments),
        total=Money.from_cents(ticket["total_cents"], currency),
        change_due=Money.from_cents(ticket["change_cents"], currency),
        web_order_id=ticket["web_order_id"],
        previous_hash=ticket["previous_hash"],
        entry_hash=ticket["entry_hash"],
        cancelled=ticket.get("kind", SALE) == CANCELLED,
        refund_of=ticket.get("refund_of"),
        signature=signature,
        training=training,
    )
