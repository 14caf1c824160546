"""Sellers: who may sell, who is a manager, and the manager's PIN check.

Synchronous and Qt-free: each call is a short SQLite transaction; SQLite failures come out as StoreError with a
French sentence.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain.seller import Seller, hash_pin, validate_pin, verify_pin
from ..store.database import store_errors
from ..store.sellers import SellerRepository

if TYPE_CHECKING:  # the handle the stores are built on; services never run SQL themselves
    import sqlite_utils


class SellerService:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db
        self._repo = SellerRepository(db)

    def list_sellers(self) -> list[Seller]:
        with store_errors(self._db):
            return self._repo.list_active()

    def get(self, seller_id: int) -> Seller | None:
        with store_errors(self._db):
            return self._repo.get(seller_id)

    def create_seller(self, name: str, is_manager: bool = False, pin: str | None = None) -> Seller:
        name = name.strip()
        if not name:
            raise ValueError("Le nom du vendeur est obligatoire.")
        if is_manager and not pin:
            raise ValueError("Un gérant doit avoir un code PIN.")
        pin_hash = hash_pin(validate_pin(pin)) if pin else None
        with store_errors(self._db):
            return self._repo.insert(Seller(None, name, is_manager, pin_hash))

    def verify_manager_pin(self, pin: str) -> Seller | None:
        """The manager whose PIN this is, or None (the settings screens need a manager)."""
        with store_errors(self._db):
            managers = self._repo.managers()
        return next((manager for manager in managers if verify_pin(pin, manager.pin_hash)), None)
