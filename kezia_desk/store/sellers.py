"""Sellers (vendeurs) in SQLite. A seller is never deleted: tickets and order histories name them."""
from __future__ import annotations

from datetime import UTC, datetime

import sqlite_utils

from ..domain.seller import Seller


def _row_to_seller(row: dict) -> Seller:
    return Seller(id=row["id"], name=row["name"], is_manager=bool(row["is_manager"]), pin_hash=row["pin_hash"],
                  active=bool(row["active"]))


class SellerRepository:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db

    def list_active(self) -> list[Seller]:
        rows = self._db.query("SELECT * FROM sellers WHERE active = 1 ORDER BY is_manager DESC, name COLLATE NOCASE")
        return [_row_to_seller(row) for row in rows]

    def list_all(self) -> list[Seller]:
        """Active sellers first (managers leading), then the deactivated ones, each group by name."""
        rows = self._db.query("SELECT * FROM sellers ORDER BY active DESC, is_manager DESC, name COLLATE NOCASE")
        return [_row_to_seller(row) for row in rows]

    def managers(self) -> list[Seller]:
        rows = self._db.query("SELECT * FROM sellers WHERE active = 1 AND is_manager = 1 ORDER BY id")
        return [_row_to_seller(row) for row in rows]

    def get(self, seller_id: int) -> Seller | None:
        rows = list(self._db.query("SELECT * FROM sellers WHERE id = ?", [seller_id]))
        return _row_to_seller(rows[0]) if rows else None

    def insert(self, seller: Seller) -> Seller:
        cursor = self._db.execute(
            "INSERT INTO sellers (name, is_manager, pin_hash, active, created_at) VALUES (?, ?, ?, ?, ?)",
            [seller.name, int(seller.is_manager), seller.pin_hash, int(seller.active),
             datetime.now(UTC).isoformat()])
        return Seller(cursor.lastrowid, seller.name, seller.is_manager, seller.pin_hash, seller.active)

    def update(self, seller: Seller) -> None:
        """Name, manager flag, PIN hash and active flag of an existing seller (its id and creation stay)."""
        self._db.execute("UPDATE sellers SET name = ?, is_manager = ?, pin_hash = ?, active = ? WHERE id = ?",
                         [seller.name, int(seller.is_manager), seller.pin_hash, int(seller.active), seller.id])

    def count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM sellers").fetchone()[0]
