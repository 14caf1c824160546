"""Fill an empty database with the demo shop (domain/demo_catalog.py) for `kezia-desk --demo`."""
from __future__ import annotations

import sqlite_utils

from ..domain.catalog import Article
from ..domain.demo_catalog import DEMO_ARTICLES, DEMO_NEXT_IDART, DEMO_SELLERS
from ..domain.money import Money
from ..domain.seller import Seller, hash_pin
from .articles import ArticleRepository
from .database import transaction
from .sellers import SellerRepository


def seed_demo_data(db: sqlite_utils.Database) -> None:
    """Idempotent: sellers and articles are added only to empty tables, so a shop's own data is never touched."""
    sellers = SellerRepository(db)
    articles = ArticleRepository(db)
    with transaction(db):
        if sellers.count() == 0:
            for seller in DEMO_SELLERS:
                pin_hash = hash_pin(seller.pin) if seller.pin else None
                sellers.insert(Seller(None, seller.name, seller.is_manager, pin_hash))
        if articles.count() == 0:
            for demo in DEMO_ARTICLES:
                articles.insert_with_idart(Article(demo.idart, demo.name, Money.of(demo.price), demo.vat_rate,
                                                   demo.category, demo.is_option))
            articles.reserve_idarts_until(DEMO_NEXT_IDART)
