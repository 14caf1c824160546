"""Articles in SQLite, with the IDART counter that never goes back."""
from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from decimal import Decimal

import sqlite_utils

from ..domain.catalog import Article
from ..domain.money import Money
from .database import transaction


def _row_to_article(row: dict) -> Article:
    return Article(idart=row["idart"], name=row["name"], price=Money.from_cents(row["price_cents"]),
                   vat_rate=Decimal(row["vat_rate"]), category=row["category"], is_option=bool(row["is_option"]),
                   active=bool(row["active"]))


class ArticleRepository:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db

    def all(self) -> list[Article]:
        rows = self._db.query("SELECT * FROM articles ORDER BY category COLLATE NOCASE, idart")
        return [_row_to_article(row) for row in rows]

    def get(self, idart: int) -> Article | None:
        rows = list(self._db.query("SELECT * FROM articles WHERE idart = ?", [idart]))
        return _row_to_article(rows[0]) if rows else None

    def count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def insert_new(self, article: Article) -> Article:
        """Store a new article under the next IDART; the counter moves forward in the same transaction."""
        with transaction(self._db) as conn:
            idart = conn.execute("SELECT next_idart FROM idart_counter WHERE id = 1").fetchone()[0]
            existing = conn.execute("SELECT MAX(idart) FROM articles").fetchone()[0] or 0
            idart = max(idart, existing + 1)
            conn.execute("UPDATE idart_counter SET next_idart = ? WHERE id = 1", (idart + 1,))
            self._write(conn, idart, article, insert=True)
        return self.get(idart)  # type: ignore[return-value]

    def insert_with_idart(self, article: Article) -> None:
        """Store an article with a fixed IDART (demo catalog); the counter is moved past it."""
        if article.idart is None:
            raise ValueError("insert_with_idart needs an article with its IDART")
        with transaction(self._db) as conn:
            self._write(conn, article.idart, article, insert=True)
            conn.execute("UPDATE idart_counter SET next_idart = MAX(next_idart, ?) WHERE id = 1",
                         (article.idart + 1,))

    def update(self, article: Article) -> Article:
        with transaction(self._db) as conn:
            self._write(conn, article.idart, article, insert=False)
        return self.get(article.idart)  # type: ignore[arg-type,return-value]

    def reserve_idarts_until(self, next_idart: int) -> None:
        with transaction(self._db) as conn:
            conn.execute("UPDATE idart_counter SET next_idart = MAX(next_idart, ?) WHERE id = 1", (next_idart,))

    @staticmethod
    def _write(conn: sqlite3.Connection, idart: int | None, article: Article, *, insert: bool) -> None:
        values = (article.name, article.price.cents, str(article.vat_rate), article.category, int(article.is_option),
                  int(article.active), datetime.now(UTC).isoformat(), idart)
        if insert:
            conn.execute("INSERT INTO articles (name, price_cents, vat_rate, category, is_option, active, updated_at,"
                         " idart) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", values)
        else:
            cursor = conn.execute("UPDATE articles SET name = ?, price_cents = ?, vat_rate = ?, category = ?,"
                                  " is_option = ?, active = ?, updated_at = ? WHERE idart = ?", values)
            if cursor.rowcount != 1:
                raise KeyError(idart)
