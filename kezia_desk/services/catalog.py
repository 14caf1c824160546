"""The article catalog: what the till sells, searched and edited from ARTICLES, read by the till and the web
orders' mapping.

Synchronous and Qt-free: each call is a short SQLite transaction; SQLite failures come out as StoreError with a
French sentence.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain.catalog import Article, ArticleError, validate_article
from ..domain.money import Money, MoneyError, parse_typed_amount
from ..domain.text import fold
from ..store.articles import ArticleRepository
from ..store.database import store_errors
from .listeners import Topic

if TYPE_CHECKING:  # the handle the stores are built on; services never run SQL themselves
    import sqlite_utils


class CatalogService:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db
        self._repo = ArticleRepository(db)
        self.changed: Topic[Article] = Topic()  # the article just saved (the till's buttons, ARTICLES reload)

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
        """The article price field reads money like every other money field of the till (one parser): « 1e1 »
        or « 1_5 », which Decimal would take as 10 or 15, are refused."""
        unsigned = text.strip()
        negative = unsigned.startswith(("-", "−"))
        try:
            price = parse_typed_amount(unsigned[1:] if negative else unsigned)
        except MoneyError as exc:
            raise ArticleError(f"Prix invalide : « {text.strip()} ». Saisissez un montant comme 8,50.") from exc
        if negative and not price.is_zero():
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
        self.changed.notify(stored)
        return stored
