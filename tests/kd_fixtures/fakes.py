"""In-memory stand-ins for the till services, used ONLY by widget unit tests that need no database.

They follow the services' public API (SellerService, CatalogService, TillService) closely enough for a widget
to be driven; everything that proves a sale is recorded uses the real services on a temporary database.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from kezia_desk.domain.catalog import Article, ArticleError, validate_article
from kezia_desk.domain.demo_catalog import DEMO_ARTICLES, DEMO_SELLERS
from kezia_desk.domain.money import Money, MoneyError
from kezia_desk.domain.seller import Seller
from kezia_desk.domain.ticket import ClosedTicket, TicketDraft, TicketError
from kezia_desk.services.listeners import Topic


class FakeSellers:
    def __init__(self) -> None:
        self.sellers = [Seller(i + 1, s.name, s.is_manager) for i, s in enumerate(DEMO_SELLERS)]

    def list_sellers(self) -> list[Seller]:
        return list(self.sellers)


class FakeCatalog:
    def __init__(self) -> None:
        self.articles = {a.idart: Article(a.idart, a.name, Money.of(a.price), a.vat_rate, a.category, a.is_option)
                         for a in DEMO_ARTICLES}
        self.changed: Topic[Article] = Topic()
        self.next_idart = 9002

    def list_articles(self, search: str = "", include_inactive: bool = True) -> list[Article]:
        text = search.lower()
        return [a for a in self.articles.values()
                if (include_inactive or a.active) and (text in a.name.lower() or text in str(a.idart))]

    def till_categories(self) -> list[tuple[str, list[Article]]]:
        categories: dict[str, list[Article]] = {}
        for article in self.articles.values():
            if article.active and not article.is_option:
                categories.setdefault(article.category, []).append(article)
        return list(categories.items())

    def option_articles(self) -> list[Article]:
        return [a for a in self.articles.values() if a.is_option and a.active]

    def get(self, idart: int) -> Article | None:
        return self.articles.get(idart)

    def parse_price(self, text: str) -> Money:
        try:
            return Money.of(text)
        except MoneyError as exc:
            raise ArticleError(f"Prix invalide : « {text} ».") from exc

    def save(self, article: Article) -> Article:
        article = validate_article(article)
        if article.idart is None:
            article = replace(article, idart=self.next_idart)
            self.next_idart += 1
        self.articles[article.idart] = article
        self.changed.notify(article)
        return article


class FakeTill:
    training_active = False  # mode formation off (TillService.training_active)

    def __init__(self) -> None:
        self.closed: list[ClosedTicket] = []
        self.fail_with: Exception | None = None

    def close_ticket(self, draft: TicketDraft, seller: Seller) -> ClosedTicket:
        if self.fail_with is not None:
            raise self.fail_with
        if not draft.is_settled:
            raise TicketError("Le ticket n'est pas entièrement réglé.")
        ticket = ClosedTicket(len(self.closed) + 1, datetime.now(UTC), seller.id, seller.name,
                              tuple(draft.lines), tuple(draft.payments), draft.total, draft.change_due)
        self.closed.append(ticket)
        return ticket
