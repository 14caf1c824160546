"""A shop's services on a temporary demo database, wired as the composition root does, without Qt or HTTP."""
from __future__ import annotations

import itertools
from types import SimpleNamespace

from kezia_desk.hubrise.mapping import order_from_hubrise
from kezia_desk.services.article_mapping import ArticleResolver
from kezia_desk.services.catalog import CatalogService
from kezia_desk.services.invoicing import InvoicingService
from kezia_desk.services.order_actions import OrderActions
from kezia_desk.services.sellers import SellerService
from kezia_desk.services.settings import SettingsService
from kezia_desk.services.till import TillService
from kezia_desk.services.web_orders import WebOrdersService, search_text_of
from kezia_desk.store.database import open_database
from kezia_desk.store.demo_seed import seed_demo_data
from kezia_desk.store.orders import OrderStore
from kezia_desk.store.outbox import OutboxStore

_ids = itertools.count(1)


def build_shop(data_dir) -> SimpleNamespace:
    db = open_database(data_dir)
    seed_demo_data(db)
    settings, catalog = SettingsService(db), CatalogService(db)
    store, outbox = OrderStore(db), OutboxStore(db)
    web_orders = WebOrdersService(store, outbox, ArticleResolver(catalog, store))
    till = TillService(db)
    actions = OrderActions(web_orders, store, outbox, catalog, settings)
    invoicing = InvoicingService(db, actions, till, catalog, settings)
    seller = SellerService(db).list_sellers()[1]
    return SimpleNamespace(db=db, settings=settings, catalog=catalog, store=store, outbox=outbox,
                           web_orders=web_orders, till=till, actions=actions, invoicing=invoicing, seller=seller)


def item(name: str, ref: str, price: str, quantity: str = "1", **extra) -> dict:
    return {"product_name": name, "sku_ref": ref, "price": f"{price} EUR", "quantity": quantity, **extra}


def place(shop: SimpleNamespace, items: list[dict], **fields) -> int:
    """Store a web order as reception does (status « Reçue »); returns its local id."""
    number = next(_ids)
    raw = {"id": f"ord{number}", "status": "new", "service_type": "collection", "collection_code": f"C{number}",
           "customer": {"first_name": "Zoé", "last_name": "Martin"}, "items": items, **fields}
    order_from_hubrise(raw)
    return shop.store.ingest(f"evt{number}", raw, None, search_text=search_text_of(raw), receive_status="received",
                             keep_local_status=False, by="Kezia Desk").local_id


def count(shop: SimpleNamespace, table: str) -> int:
    return shop.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
