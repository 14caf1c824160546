"""The order lists as SQL: one indexed query per tab, search and page, reading the read-model columns only.

No JSON is decoded here: a page of 100 rows costs the same at 100 or at 100,000 orders (see
schema_read_model.py for the columns and indexes, services/order_lists.py for what fills them).
"""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlite_utils

ROW_COLUMNS = ("local_id, origin, status, till_number, hubrise_id, list_rank, list_due, list_expected, list_created,"
               " list_customer, list_service, list_total_cents, list_currency, list_paid, list_flags, list_code")
# Where HubRise stands on an order (Commandes en cours): its oldest unsent outbox row, by index outbox_order.
SYNC_COLUMNS = (", (SELECT COALESCE(x.last_error, '') || char(31) || x.failed FROM outbox x WHERE x.local_id ="
                " orders.local_id AND x.sent_at IS NULL ORDER BY x.failed DESC, x.id LIMIT 1) AS sync")
WAITING, ACTIVE, FINAL = 0, 1, 2


@dataclass(frozen=True)
class ListQuery:
    """Which orders a list shows. `in_progress`: the till's unfinished orders and the web orders in progress."""

    origin: str | None = None
    ranks: tuple[int, ...] | None = None
    statuses: tuple[str, ...] | None = None
    search: str = ""
    in_progress: bool = False

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.in_progress:
            clauses.append(f"list_rank < {FINAL} AND (origin = 'till' OR list_rank = {ACTIVE})")
        if self.origin:
            clauses.append("origin = ?")
            params.append(self.origin)
        if self.ranks is not None:
            clauses.append(f"list_rank IN ({', '.join('?' * len(self.ranks))})")
            params.extend(self.ranks)
        if self.statuses is not None:
            clauses.append(f"status IN ({', '.join('?' * len(self.statuses))})")
            params.extend(self.statuses)
        match = fts_query(self.search)
        if match:
            clauses.append("local_id IN (SELECT rowid FROM orders_fts WHERE orders_fts MATCH ?)")
            params.append(match)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    @property
    def order_by(self) -> str:
        if self.in_progress:
            return " ORDER BY list_due, local_id"
        return " ORDER BY list_rank, list_due, list_created DESC, local_id DESC"


def fts_query(text: str) -> str:
    """What the cashier typed as an FTS5 query: every word, as a prefix (« dup 06 » finds Dupont, 06 12…). A
    phone number typed with spaces or dots (« 06 12 34 ») is one word: its digits."""
    if re.fullmatch(r"[\d\s+.()-]*\d[\d\s+.()-]*", text):
        digits = re.sub(r"\D", "", text)
        return f'"{digits}"*'
    words = re.findall(r"\w+", text)
    return " AND ".join(f'"{word}"*' for word in words)


def write_list_row(conn: sqlite3.Connection, local_id: int, columns: dict[str, Any]) -> None:
    """Store what the lists show of one order and its search text; call inside the writing transaction."""
    conn.execute(
        "UPDATE orders SET list_stale = 0, list_rank = ?, list_due = ?, list_expected = ?, list_created = ?,"
        " list_customer = ?, list_service = ?, list_total_cents = ?, list_currency = ?, list_paid = ?,"
        " list_flags = ?, list_code = ? WHERE local_id = ?",
        (columns["rank"], columns["due"], columns["expected"], columns["created"], columns["customer"],
         columns["service"], columns["total_cents"], columns["currency"], int(columns["paid"]), columns["flags"],
         columns["code"], local_id))
    conn.execute("DELETE FROM orders_fts WHERE rowid = ?", (local_id,))
    conn.execute("INSERT INTO orders_fts (rowid, text) VALUES (?, ?)", (local_id, columns["search"]))


class OrderListStore:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db

    def page(self, query: ListQuery, offset: int, limit: int, *, sync: bool = False) -> list[dict[str, Any]]:
        where, params = query.where()
        sql = f"SELECT {ROW_COLUMNS}{SYNC_COLUMNS if sync else ''} FROM orders{where}{query.order_by} LIMIT ? OFFSET ?"
        return list(self._db.query(sql, [*params, limit, offset]))

    def rows(self, query: ListQuery, local_ids: Iterable[int], *, sync: bool = False) -> list[dict[str, Any]]:
        """Those of `local_ids` the list shows (the others left the tab or were never in it)."""
        ids = list(local_ids)
        if not ids:
            return []
        where, params = query.where()
        where = (where + " AND " if where else " WHERE ") + f"local_id IN ({', '.join('?' * len(ids))})"
        sql = f"SELECT {ROW_COLUMNS}{SYNC_COLUMNS if sync else ''} FROM orders{where}"
        return list(self._db.query(sql, [*params, *ids]))

    def ids(self, query: ListQuery) -> list[int]:
        where, params = query.where()
        return [row[0] for row in self._db.execute(f"SELECT local_id FROM orders{where}{query.order_by}", params)]

    def stale_ids(self, limit: int) -> list[int]:
        return [row[0] for row in self._db.execute(
            "SELECT local_id FROM orders WHERE list_stale = 1 ORDER BY local_id LIMIT ?", [limit])]
