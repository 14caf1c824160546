"""A shop's services on a temporary database, built by the composition root's Qt-free half
(kezia_desk.wiring.build_services) exactly as the till builds them, without Qt or HTTP."""
from __future__ import annotations

import itertools
from pathlib import Path
from types import SimpleNamespace

from kezia_desk.config import AppConfig
from kezia_desk.hubrise.mapping import order_from_hubrise
from kezia_desk.store.database import database_path, open_database
from kezia_desk.store.demo_seed import seed_demo_data
from kezia_desk.wiring import Backend, build_services

__all__ = ["backend_for", "build_shop", "item", "place", "count"]
_ids = itertools.count(1)


def backend_for(db, **config) -> Backend:
    """Every service on `db`, as build_app builds them (the token, if any, in a file beside the database)."""
    options = {"data_dir": database_path(db).parent, "use_keyring": False, **config}
    return build_services(db, AppConfig(**options))


def build_shop(data_dir: Path) -> SimpleNamespace:
    """The demo shop (sellers, catalog) and its services; `seller` is a cashier who is not a manager."""
    db = open_database(data_dir)
    seed_demo_data(db)
    backend = backend_for(db)
    services = backend.services
    seller = services.sellers.list_sellers()[1]
    return SimpleNamespace(db=db, backend=backend, services=services, settings=services.settings,
                           catalog=services.catalog, store=backend.orders, outbox=backend.outbox,
                           web_orders=services.web_orders, till=services.till, actions=services.order_actions,
                           invoicing=services.invoicing, seller=seller)


def item(name: str, ref: str, price: str, quantity: str = "1", **extra) -> dict:
    return {"product_name": name, "sku_ref": ref, "price": f"{price} EUR", "quantity": quantity, **extra}


def place(shop: SimpleNamespace, items: list[dict], **fields) -> int:
    """Store a web order as reception does (status « Reçue »); returns its local id."""
    number = next(_ids)
    raw = {"id": f"ord{number}", "status": "new", "service_type": "collection", "collection_code": f"C{number}",
           "customer": {"first_name": "Zoé", "last_name": "Martin"}, "items": items, **fields}
    order_from_hubrise(raw)
    return shop.store.ingest(f"evt{number}", raw, None, receive_status="received",
                             keep_local_status=False, by="Kezia Desk").local_id


def count(shop: SimpleNamespace, table: str) -> int:
    return shop.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
