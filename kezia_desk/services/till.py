"""The till's use cases: sellers, the article catalog, closing tickets into the journal, shop settings.

Synchronous and Qt-free: each call is a short SQLite transaction. SQLite failures come out as StoreError with a
French sentence, so the UI can show them and keep the cashier's ticket intact.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.catalog import Article, ArticleError, validate_article
from ..domain.journal import JournalCheck
from ..domain.money import Money, MoneyError
from ..domain.seller import Seller, hash_pin, validate_pin, verify_pin
from ..domain.shop_time import shop_now
from ..domain.text import fold
from ..domain.ticket import ClosedTicket, TicketDraft, TicketError
from ..store.articles import ArticleRepository
from ..store.database import StoreError, open_database_readonly, store_errors
from ..store.journal import JournalRepository
from ..store.sellers import SellerRepository
from ..store.settings import SettingsRepository
from .listeners import Listeners

if TYPE_CHECKING:  # the handle the stores are built on; services never run SQL themselves
    import sqlite_utils

__all__ = ["CatalogService", "SellerService", "SettingsService", "StoreError", "TillService", "verify_journal_at"]



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


class CatalogService:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db
        self._repo = ArticleRepository(db)
        self._listeners = Listeners()

    def add_listener(self, callback: Callable[[], None]) -> None:
        self._listeners.add(callback)

    def list_articles(self, search: str = "", include_inactive: bool = True) -> list[Article]:
        with store_errors(self._db):
            articles = self._repo.all()
        if not include_inactive:
            articles = [a for a in articles if a.active]
        needle = fold(search.strip())
        if needle:
            articles = [a for a in articles
                        if needle in fold(a.name) or needle in fold(a.category) or needle == str(a.idart)
                        or str(a.idart).startswith(needle)]
        return articles

    def till_categories(self) -> list[tuple[str, list[Article]]]:
        """Active articles grouped by category in catalog order; options (suppléments) come last."""
        groups: dict[str, list[Article]] = {}
        for article in sorted(self.list_articles(include_inactive=False), key=lambda a: (a.is_option, a.idart)):
            groups.setdefault(article.category, []).append(article)
        return list(groups.items())

    def option_articles(self) -> list[Article]:
        return [a for a in self.list_articles(include_inactive=False) if a.is_option]

    def get(self, idart: int) -> Article | None:
        with store_errors(self._db):
            return self._repo.get(idart)

    def delivery_fee_article(self) -> Article | None:
        return next((a for a in self.list_articles(include_inactive=False) if a.is_delivery_fee), None)

    @staticmethod
    def parse_price(text: str) -> Money:
        try:
            price = Money.of(text)
        except MoneyError as exc:
            raise ArticleError(f"Prix invalide : « {text} ». Saisissez un montant comme 8,50.") from exc
        if price.amount < 0:
            raise ArticleError("Le prix d'un article ne peut pas être négatif.")
        return price

    def save(self, article: Article) -> Article:
        article = validate_article(article)
        with store_errors(self._db):
            if article.idart is None:
                stored = self._repo.insert_new(article)
            else:
                if self._repo.get(article.idart) is None:
                    raise ArticleError(f"L'article {article.idart} n'existe pas.")
                stored = self._repo.update(article)
        self._listeners.notify()
        return stored


class TillService:
    def __init__(self, db: sqlite_utils.Database, clock: Callable[[], datetime] = shop_now) -> None:
        self._db = db
        self._journal = JournalRepository(db)
        self._clock = clock
        self._listeners = Listeners()

    def add_listener(self, callback: Callable[..., None]) -> None:
        self._listeners.add(callback)

    @staticmethod
    def check_closable(draft: TicketDraft, seller: Seller) -> int:
        """What a ticket must be before it is recorded (also used by Facturer); returns the seller's id."""
        if draft.recorded_as is not None:
            raise TicketError(f"Ce ticket est déjà enregistré (n° {draft.recorded_as}).")
        if not draft.lines:
            raise TicketError("Le ticket est vide : rien à enregistrer.")
        if not draft.is_settled:
            raise TicketError(f"Le ticket n'est pas entièrement réglé : reste {draft.remaining}.")
        if seller.id is None:
            raise TicketError("Choisissez un vendeur avant d'encaisser.")
        return seller.id

    def close_ticket(self, draft: TicketDraft, seller: Seller) -> ClosedTicket:
        """Record a settled ticket in the journal, once; the draft is left untouched if anything fails."""
        seller_id = self.check_closable(draft, seller)
        with store_errors(self._db):
            number = self._journal.append(draft, seller_id, seller.name, self._clock())
            closed = self._journal.get(number)
        assert closed is not None
        draft.recorded_as = number
        self._listeners.notify(closed)
        return closed

    def record_cancelled(self, draft: TicketDraft, seller: Seller) -> ClosedTicket:
        """A ticket abandoned after payments were taken: journaled as cancelled with its lines, payments and
        seller, never silently dropped (the money taken must be explained)."""
        if draft.recorded_as is not None:
            raise TicketError(f"Ce ticket est déjà enregistré (n° {draft.recorded_as}).")
        if seller.id is None:
            raise TicketError("Choisissez un vendeur avant d'annuler un ticket encaissé.")
        with store_errors(self._db):
            number = self._journal.append(draft, seller.id, seller.name, self._clock(), cancelled=True)
            closed = self._journal.get(number)
        assert closed is not None
        draft.recorded_as = number
        self._listeners.notify(closed)
        return closed

    def list_tickets(self, limit: int = 50) -> list[ClosedTicket]:
        with store_errors(self._db):
            return self._journal.latest(limit)

    def get_ticket(self, number: int) -> ClosedTicket | None:
        with store_errors(self._db):
            return self._journal.get(number)

    def verify_journal(self) -> JournalCheck:
        with store_errors(self._db):
            return self._journal.verify()


class SettingsService:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db
        self._repo = SettingsRepository(db)
        self._listeners = Listeners()

    def add_listener(self, callback: Callable[[str], None]) -> None:
        self._listeners.add(callback)

    def get(self, key: str, default: Any = None) -> Any:
        with store_errors(self._db):
            return self._repo.get(key, default)

    def set(self, key: str, value: Any) -> None:
        with store_errors(self._db):
            self._repo.set(key, value)
        self._listeners.notify(key)


def verify_journal_at(data_dir: Path) -> JournalCheck:
    """For `kezia-desk verify-journal`: open the shop's database READ-ONLY and check the chain and its anchor."""
    db = open_database_readonly(data_dir)
    try:
        return TillService(db).verify_journal()
    finally:
        db.conn.close()
