"""sku_ref → till article (IDART), docs/dev/product.md « Mapping HubRise orders into the till ».

A numeric ref that is an existing article maps onto it. Unknown, empty or non-numeric refs never stop an order:
the line keeps HubRise's name and price and is flagged « article inconnu ». When the cashier maps such a line to
an article, the till remembers that ref for the next orders.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain.catalog import parse_idart
from ..domain.order import FLAG_UNKNOWN_ARTICLE, Order

if TYPE_CHECKING:
    from ..store.orders import SkuMappingStore
    from .catalog import CatalogService


class ArticleResolver:
    def __init__(self, catalog: CatalogService, mappings: SkuMappingStore) -> None:
        self._catalog = catalog
        self._mappings = mappings

    def resolve(self, order: Order, item_idarts: dict[int, int] | None = None) -> Order:
        remembered = self._mappings.all()
        explicit = item_idarts or {}
        for index, item in enumerate(order.items):
            idart = explicit.get(index)
            if idart is None and item.sku_ref is not None:
                idart = remembered.get(item.sku_ref.strip())
            if idart is None:
                candidate = parse_idart(item.sku_ref)
                if candidate is not None and self._catalog.get(candidate) is not None:
                    idart = candidate
            item.idart = idart
            item.unknown_article = idart is None and not item.deleted
            if item.unknown_article:
                ref = f"« {item.sku_ref} »" if item.sku_ref else "vide"
                order.add_flag(FLAG_UNKNOWN_ARTICLE, f"Article inconnu : {item.label} (code {ref}) — gardé avec le "
                                                     "nom et le prix HubRise.")
        return order
