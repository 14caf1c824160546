"""Paramètres Web > E/S: the manual exports to HubRise (catalog, customers) and « Renvoyer les commandes ».

Each export reports its progress (done, total) and ends with one French sentence; a HubRise error stops it with
that error's French message, and what was already exported stays exported (a second run completes it without
duplicates: customers are matched by their HubRise id, then email, then phone).
"""
from __future__ import annotations

import asyncio
import json
import re
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..domain.catalog import Article
from ..domain.text import fold, plural
from ..hubrise.catalog import catalog_counts
from ..hubrise.errors import CatalogOwnedByAccountError, HubRiseError, NotFoundError, TokenInvalidError
from ..hubrise.mapping import customer_to_payload
from ..store.outbox import OutboxStore
from .listeners import ChangeKind, nothing
from .workers import in_worker

if TYPE_CHECKING:
    from ..hubrise.client import HubRiseClient
    from .catalog import CatalogService
    from .connection import ConnectionService
    from .customers import CustomerService
    from .hubrise_link import HubRiseLink
    from .till_orders import TillOrderService
    from .web_orders import WebOrdersService


Progress = Callable[[int, int], None]
OPTION_LIST_REF_PREFIX = "options-"


class ExportError(HubRiseError):
    """An export that cannot start (not connected, no catalog chosen…)."""


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "divers"


def catalog_data(articles: list[Article]) -> dict[str, Any]:
    """The till's active articles as HubRise catalog data.

    One product per article with one sku whose ref is the IDART (what web orders carry back as sku_ref); option
    articles become option lists (one per category, option ref = IDART) offered on every product, since the till
    does not record which product takes which supplement; FRAIS DE PORT TTC becomes a delivery charge."""
    categories: OrderedDict[str, dict] = OrderedDict()
    option_lists: OrderedDict[str, dict] = OrderedDict()
    products, charges = [], []
    for article in (a for a in articles if a.active):
        if article.is_delivery_fee:
            charges.append({"ref": str(article.idart), "name": "Frais de livraison", "type": "delivery",
                            "price": article.price.to_hubrise()})
        elif article.is_option:
            ref = OPTION_LIST_REF_PREFIX + slug(article.category)
            option_lists.setdefault(ref, {"ref": ref, "name": article.category, "min_selections": 0,
                                          "max_selections": None, "options": []})
            option_lists[ref]["options"].append({"ref": str(article.idart), "name": article.name,
                                                 "price": article.price.to_hubrise(), "default": False})
    option_refs = list(option_lists)
    for article in (a for a in articles if a.active and not a.is_option and not a.is_delivery_fee):
        category_ref = slug(article.category)
        categories.setdefault(category_ref, {"ref": category_ref, "name": article.category})
        products.append({"ref": f"P{article.idart}", "category_ref": category_ref, "name": article.name,
                         "skus": [{"ref": str(article.idart), "name": None, "price": article.price.to_hubrise(),
                                   "option_list_refs": option_refs}]})
    return {"categories": list(categories.values()), "products": products,
            "option_lists": list(option_lists.values()), "deals": [], "discounts": [], "charges": charges}


async def encode_json_in_slices(value: Any, slice_size: int = 100) -> bytes:
    """JSON of a large document, its long lists encoded `slice_size` items at a time with a turn of the event
    loop in between: a 5,000-article catalog (≈ 1 MB) never holds the screen for more than a few milliseconds.
    (A worker thread would not help: the json module keeps the GIL for a whole dumps call.)"""
    if isinstance(value, dict):
        parts = [f"{json.dumps(str(key))}: {(await encode_json_in_slices(item, slice_size)).decode()}"
                 for key, item in value.items()]
        return ("{" + ", ".join(parts) + "}").encode()
    if isinstance(value, list) and len(value) > slice_size:
        chunks = []
        for start in range(0, len(value), slice_size):
            chunks.append(json.dumps(value[start:start + slice_size])[1:-1])
            await asyncio.sleep(0)
        return ("[" + ", ".join(chunk for chunk in chunks if chunk) + "]").encode()
    return json.dumps(value).encode()


class ExportService:
    def __init__(self, link: HubRiseLink, connection: ConnectionService, catalog: CatalogService,
                 customers: CustomerService, web_orders: WebOrdersService, till_orders: TillOrderService,
                 outbox: OutboxStore, *, resume_outbox: Callable[[], None] = nothing,
                 record_export: Callable[[str], None] = lambda _: None) -> None:
        """`record_export(what)`: told of each export done (the composition root writes a JET event 110)."""
        self.record_export = record_export
        self.link, self.connection, self.catalog = link, connection, catalog
        self.customers, self.web_orders, self.till_orders = customers, web_orders, till_orders
        self.outbox, self.resume_outbox = outbox, resume_outbox

    def _client(self) -> HubRiseClient:
        client = self.link.client
        if client is None:
            raise ExportError("La caisse n'est pas connectée à HubRise (onglet Connexion).")
        return client

    async def export_catalog(self, progress: Progress | None = None) -> str:
        client = self._client()
        catalog_id = self.connection.state().catalog_id
        if not catalog_id:
            raise ExportError("Aucun catalogue HubRise n'est associé à cette connexion : refaites la connexion en "
                              "choisissant un catalogue.")
        # Reading and shaping 5,000 articles takes ≈ 100 ms of Python: a worker thread does it, and the GIL passes
        # back to the loop every few milliseconds meanwhile (a read on the shared connection, never a write).
        data = await in_worker(lambda: catalog_data(self.catalog.list_articles()), "kezia-export")
        if progress:
            progress(0, 1)
        try:
            answer = await client.replace_catalog_data(catalog_id, await encode_json_in_slices({"data": data}))
        except TokenInvalidError as refused:
            raise await self._why_catalog_refused(client, catalog_id, refused) from None
        if progress:
            progress(1, 1)
        held = answer.get("data") if isinstance(answer, dict) else None
        counts = catalog_counts(held if isinstance(held, dict) else data)  # what HubRise says it now holds
        self.record_export(f"catalogue vers HubRise : {counts.products} article(s)")
        return (f"Catalogue envoyé : {plural(counts.products, 'article', 'articles')}, "
                f"{plural(counts.categories, 'catégorie', 'catégories')}, "
                f"{plural(counts.options, 'option', 'options')}.")

    @staticmethod
    async def _why_catalog_refused(client: HubRiseClient, catalog_id: str, refused: TokenInvalidError) -> HubRiseError:
        """A 401 on PUT /catalogs/:id: an account-level catalog with a location token (HubRise's catalogs page),
        or a token really refused. The catalog's own answer tells: it carries `account_id` in the first case."""
        try:
            catalog = await client.get_catalog(catalog_id, hide_data=True)
        except HubRiseError:
            return refused  # the token is refused for reading too: reconnecting is the answer
        if isinstance(catalog, dict) and catalog.get("account_id") and not catalog.get("location_id"):
            return CatalogOwnedByAccountError()
        return refused

    async def export_customers(self, progress: Progress | None = None) -> str:
        client = self._client()
        list_id = self.connection.state().customer_list_id
        if not list_id:
            raise ExportError("Aucune liste de clients HubRise n'est associée à cette connexion.")
        people = self.customers.all()
        created = updated = 0
        for done, customer in enumerate(people):
            payload = customer_to_payload(customer)
            hubrise_id = customer.hubrise_id
            if hubrise_id:
                try:
                    await client.update_customer(list_id, hubrise_id, payload)
                    updated += 1
                except NotFoundError:
                    hubrise_id = None
                else:
                    if progress:
                        progress(done + 1, len(people))
                    continue
            match = await self._find(client, list_id, customer)
            if match is not None:
                await client.update_customer(list_id, match, payload)
                hubrise_id, updated = match, updated + 1
            else:
                hubrise_id = (await client.create_customer(list_id, payload))["id"]
                created += 1
            assert customer.local_id is not None  # the till's own customers, read from its database
            self.customers.set_hubrise_id(customer.local_id, hubrise_id)
            if progress:
                progress(done + 1, len(people))
        self.record_export(f"clients vers HubRise : {len(people)}")
        return (f"Clients envoyés : {plural(created, 'créé', 'créés')}, {updated} mis à jour, "
                f"sur {len(people)}.")

    @staticmethod
    async def _find(client: HubRiseClient, list_id: str, customer: Any) -> str | None:
        for key in ("email", "phone"):
            value = getattr(customer, key)
            if value:
                found = await client.list_customers(list_id, **{key: value})
                if found:
                    return str(found[0]["id"])
        return None

    def resend_pending(self) -> str:
        """Failed sends get another chance now, waiting ones go now, and (with « Client web ») the till orders
        kept local are queued."""
        retried_orders = self.outbox.retry_failed_now()
        retried = len(retried_orders)
        queued = self.till_orders.queue_unsent()
        self.resume_outbox()
        self.web_orders.publish(ChangeKind.SEND_QUEUED, retried_orders)
        if not retried and not queued:
            return "Rien à renvoyer : HubRise a tout reçu."
        return (f"Envoi relancé : {plural(retried, 'mise à jour', 'mises à jour')}, "
                f"{plural(queued, 'commande de la caisse ajoutée', 'commandes de la caisse ajoutées')}.")
