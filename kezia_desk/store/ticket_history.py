"""Past tickets for the Tickets screen: searched by day, number, seller, amount or article, newest first.

One indexed query per search (tickets by number or by time, lines by label only for the article search), then
the page's tickets read with their lines and payments in three queries.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlite_utils

from ..domain.ticket import ClosedTicket
from .closures import ClosureStore


@dataclass(frozen=True)
class TicketSearch:
    day: date | None = None
    number: int | None = None
    seller: str = ""
    amount_cents: int | None = None
    article: str = ""


class TicketHistory:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self._closures = ClosureStore(db)

    def search(self, criteria: TicketSearch, limit: int = 200) -> list[ClosedTicket]:
        where: list[str] = []
        params: list[object] = []
        if criteria.number is not None:
            where.append("number = ?")
            params.append(criteria.number)
        if criteria.day is not None:
            where.append("closed_at >= ? AND closed_at < ?")
            params += [criteria.day.isoformat(), (criteria.day + timedelta(days=1)).isoformat()]
        if criteria.seller.strip():
            where.append("seller_name LIKE ?")
            params.append(f"%{criteria.seller.strip()}%")
        if criteria.amount_cents is not None:
            where.append("ABS(total_cents) = ?")
            params.append(abs(criteria.amount_cents))
        if criteria.article.strip():
            where.append("number IN (SELECT ticket_number FROM ticket_lines WHERE label LIKE ?)")
            params.append(f"%{criteria.article.strip()}%")
        sql = "SELECT number FROM tickets" + (" WHERE " + " AND ".join(where) if where else "")
        numbers = [row[0] for row in self.db.execute(sql + " ORDER BY number DESC LIMIT ?", [*params, limit])]
        if not numbers:
            return []
        found = {t.number: t for t in self._closures.tickets_numbered(numbers)}
        return [found[n] for n in numbers if n in found]

    def refunds_of(self, number: int) -> list[ClosedTicket]:
        rows = [row[0] for row in self.db.execute("SELECT number FROM tickets WHERE refund_of = ? ORDER BY number",
                                                  [number])]
        return self._closures.tickets_numbered(rows)
