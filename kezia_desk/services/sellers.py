"""Sellers: who may sell, who is a manager, and the manager's PIN check.

Synchronous and Qt-free: each change is one short SQLite transaction in which its rules are checked (a unique
name, at least one active manager), so two tills or the command line cannot slip a duplicate in between. SQLite
failures come out as StoreError with a French sentence. A seller is never deleted, only deactivated: the journal
and the order histories name them.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..domain.seller import Seller, hash_pin, name_key, validate_name, validate_pin, verify_pin
from ..store.database import store_errors, transaction
from ..store.sellers import SellerRepository
from .listeners import Topic

if TYPE_CHECKING:  # the handle the stores are built on; services never run SQL themselves
    import sqlite_utils

log = logging.getLogger(__name__)


class SellerError(ValueError):
    """A refused change to the sellers; the message is one French sentence that says what to do."""


@dataclass(frozen=True)
class SellerChange:
    """A seller created or changed, and what changed in French (« vendeur « Paul » renommé « Paulo » »): what the
    technical log (and the technical event log, code 130, « vendeurs et droits ») records."""

    seller: Seller
    what: str


class SellerService:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db
        self._repo = SellerRepository(db)
        self.changed: Topic[SellerChange] = Topic()

    def list_sellers(self) -> list[Seller]:
        with store_errors(self._db):
            return self._repo.list_active()

    def list_all(self) -> list[Seller]:
        """Every seller ever created, the deactivated ones last (Vendeurs shows them to reactivate them)."""
        with store_errors(self._db):
            return self._repo.list_all()

    def get(self, seller_id: int) -> Seller | None:
        with store_errors(self._db):
            return self._repo.get(seller_id)

    def has_manager(self) -> bool:
        """False on a fresh shop: the first start then asks for the first manager."""
        with store_errors(self._db):
            return bool(self._repo.managers())

    def create_seller(self, name: str, is_manager: bool = False, pin: str | None = None) -> Seller:
        name = validate_name(name)
        if is_manager and not pin:
            raise SellerError("Un gérant doit avoir un code PIN.")
        pin_hash = hash_pin(validate_pin(pin)) if pin else None
        with store_errors(self._db), transaction(self._db):
            self._check_name_free(name)
            seller = self._repo.insert(Seller(None, name, is_manager, pin_hash))
        log.info("vendeur créé : n° %s%s", seller.id, " (gérant)" if is_manager else "")
        self.changed.notify(SellerChange(seller, f"vendeur « {name} » créé" + (" (gérant)" if is_manager else "")))
        return seller

    def rename(self, seller_id: int, name: str) -> Seller:
        name = validate_name(name)
        return self._change(seller_id, lambda seller: replace(seller, name=name), check_name=name,
                            what=lambda before: f"vendeur « {before.name} » renommé « {name} »")

    def set_pin(self, seller_id: int, pin: str) -> Seller:
        pin_hash = hash_pin(validate_pin(pin))
        return self._change(seller_id, lambda seller: replace(seller, pin_hash=pin_hash),
                            what=lambda before: f"code PIN de « {before.name} » changé")

    def set_manager(self, seller_id: int, is_manager: bool) -> Seller:
        def change(seller: Seller) -> Seller:
            if is_manager and not seller.pin_hash:
                raise SellerError(f"Donnez d'abord un code PIN à {seller.name} : un gérant en a besoin.")
            return replace(seller, is_manager=is_manager)

        state = "nommé gérant" if is_manager else "n'est plus gérant"
        return self._change(seller_id, change, what=lambda before: f"« {before.name} » {state}")

    def set_active(self, seller_id: int, active: bool) -> Seller:
        state = "réactivé" if active else "désactivé"
        return self._change(seller_id, lambda seller: replace(seller, active=active),
                            what=lambda before: f"vendeur « {before.name} » {state}")

    def verify_manager_pin(self, pin: str) -> Seller | None:
        """The manager whose PIN this is, or None. Each check is a deliberately slow PBKDF2 (a stolen database
        must not give the 4-digit codes away), and which manager typed is unknown, so with several managers the
        hashes run side by side: hashlib leaves the GIL while it hashes, and the pad answers in the time of about
        one check per core instead of one per manager (measured on 2 shared cores, 3 managers: the third's code
        81 → 55 ms, a wrong code 82 → 75 ms). It still runs while the pad waits: ≈ 27 ms a check here."""
        with store_errors(self._db):
            managers = self._repo.managers()
        if len(managers) <= 1:
            return next((manager for manager in managers if verify_pin(pin, manager.pin_hash)), None)
        with ThreadPoolExecutor(max_workers=min(len(managers), os.cpu_count() or 1)) as pool:
            matches = list(pool.map(lambda manager: verify_pin(pin, manager.pin_hash), managers))
        return next((manager for manager, match in zip(managers, matches, strict=True) if match), None)

    def _change(self, seller_id: int, change: Callable[[Seller], Seller], *, what: Callable[[Seller], str],
                check_name: str | None = None) -> Seller:
        """Read, change and write one seller in one transaction, refusing what would leave the shop without an
        active manager (then nobody could open Vendeurs or Paramètres again) or give two sellers one name."""
        with store_errors(self._db), transaction(self._db):
            before = self._repo.get(seller_id)
            if before is None:
                raise SellerError("Ce vendeur n'existe plus.")
            after = change(before)
            if check_name is not None:
                self._check_name_free(check_name, seller_id)
            was_manager, is_manager = before.active and before.is_manager, after.active and after.is_manager
            if was_manager and not is_manager and len(self._repo.managers()) == 1:
                raise SellerError(f"{before.name} est le dernier gérant actif : nommez d'abord un autre gérant.")
            self._repo.update(after)
        log.info("vendeur n° %s modifié", seller_id)
        self.changed.notify(SellerChange(after, what(before)))
        return after

    def _check_name_free(self, name: str, own_id: int | None = None) -> None:
        key = name_key(name)
        for other in self._repo.list_all():
            if other.id != own_id and name_key(other.name) == key:
                state = "" if other.active else " (désactivé : réactivez-le plutôt)"
                raise SellerError(f"Le nom « {name} » est déjà pris par « {other.name} »{state}.")
