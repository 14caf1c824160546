"""Orders taken at the till (COMMANDES) and the Commandes en cours list.

A till order is stored like a web order (table `orders`, origin 'till', its content in HubRise's order shape), so
the order screens, the outbox and the poller treat both alike. With « Client web » it is queued for HubRise in the
same transaction that stores it; with « Aucun » it never leaves the till.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..domain.catalog import Article
from ..domain.money import Money, money_sum
from ..domain.order import TILL_DUE_REF, TILL_PAID_REF, Customer, Order, OrderStatus, ServiceType
from ..domain.seller import Seller
from ..domain.shop_time import SHOP_TIMEZONE, shop_now
from ..domain.ticket import PaymentMethod
from ..hubrise.errors import HubRiseError
from ..hubrise.mapping import WriteValidationError, customer_to_payload, order_to_create_payload, payment_patch
from ..store.database import store_errors, transaction
from ..store.orders import OrderStore
from .deposits import DepositService
from .invoicing import PAYMENT_NAME, payment_marker
from .listeners import ChangeKind, Topic, nothing
from .order_lists import OrderRow
from .outbox import Handler
from .preferences import SEND_WEB_CLIENT
from .web_orders import WebOrdersService

if TYPE_CHECKING:
    from ..hubrise.client import HubRiseClient
    from .catalog import CatalogService
    from .preferences import Preferences



class TillOrderError(ValueError):
    """A COMMANDES form the till refuses; the message is French."""


@dataclass
class TillOrderLine:
    article: Article
    quantity: int = 1
    options: list[Article] = field(default_factory=list)

    @property
    def total(self) -> Money:
        unit = money_sum([self.article.price, *(o.price for o in self.options)])
        return unit * self.quantity


@dataclass
class TillOrderDraft:
    """What the COMMANDES form collects."""

    customer: Customer | None = None
    service_type: ServiceType = ServiceType.COLLECTION
    expected_time: datetime | None = None
    lines: list[TillOrderLine] = field(default_factory=list)
    notes: str = ""
    paid: Money = field(default_factory=Money.zero)
    payment_method: PaymentMethod = PaymentMethod.CASH
    delivery_fee: Article | None = None  # added for deliveries when the catalog has FRAIS DE PORT TTC

    @property
    def total(self) -> Money:
        amounts = [line.total for line in self.lines]
        if self.service_type is ServiceType.DELIVERY and self.delivery_fee is not None:
            amounts.append(self.delivery_fee.price)
        return money_sum(amounts)


def _line_raw(line: TillOrderLine) -> dict[str, Any]:
    article = line.article
    return {"product_name": article.name, "sku_ref": str(article.idart), "price": article.price.to_hubrise(),
            "quantity": str(line.quantity), "tax_rate": format(article.vat_rate, "f"),
            "subtotal": line.total.to_hubrise(),
            "options": [{"option_list_name": option.category or "Options", "name": option.name,
                         "ref": str(option.idart), "price": option.price.to_hubrise(), "quantity": 1}
                        for option in line.options]}


def build_raw(draft: TillOrderDraft, number: str, private_ref: str, created_at: datetime) -> dict[str, Any]:
    """The order in HubRise's shape (what the screens read, and what the create payload is built from)."""
    raw: dict[str, Any] = {
        "id": None, "status": OrderStatus.ACCEPTED.value, "ref": number, "private_ref": private_ref,
        "service_type": draft.service_type.value, "created_at": created_at.isoformat(), "created_by": "Kezia Desk",
        "expected_time": draft.expected_time.astimezone(SHOP_TIMEZONE).isoformat() if draft.expected_time else None,
        "customer_notes": draft.notes.strip() or None, "items": [_line_raw(line) for line in draft.lines],
        "charges": [], "payments": [], "discounts": [], "total": draft.total.to_hubrise(),
        "custom_fields": {"epos": {"order_id": number}},
        "customer": customer_to_payload(draft.customer) if draft.customer else None,
    }
    if draft.service_type is ServiceType.DELIVERY and draft.delivery_fee is not None:
        raw["charges"].append({"name": "Frais de livraison", "ref": str(draft.delivery_fee.idart),
                               "price": draft.delivery_fee.price.to_hubrise(),
                               "tax_rate": format(draft.delivery_fee.vat_rate, "f")})
    raw["payments"] = payment_lines(draft)
    return raw


def payment_lines(draft: TillOrderDraft) -> list[dict[str, Any]]:
    """Every order the till sends carries at least one payment (HubRise's integration guide: "You should always
    pass at least one payment in the payload"): the deposit, if any, and what is still due, named after the method
    the cashier will use (the form's choice, the shop's default Espèces otherwise) and marked « à encaisser »
    (ref KEZIA-DUE), so the till, reading it back, still shows the order unpaid."""
    lines = []
    if draft.paid.amount > 0:
        lines.append({"name": draft.payment_method.label, "ref": TILL_PAID_REF, "amount": draft.paid.to_hubrise()})
    due = draft.total - draft.paid
    if due.amount > 0 or not lines:
        lines.append({"name": f"{draft.payment_method.label} (à encaisser)", "ref": TILL_DUE_REF,
                      "amount": due.to_hubrise()})
    return lines


def validate(draft: TillOrderDraft) -> None:
    if not draft.lines:
        raise TillOrderError("Ajoutez au moins un article à la commande.")
    if any(line.quantity < 1 for line in draft.lines):
        raise TillOrderError("Chaque quantité doit être d'au moins 1.")
    if draft.expected_time is None:
        raise TillOrderError("Indiquez la date et l'heure prévues.")
    if draft.expected_time.tzinfo is None:
        raise TillOrderError("L'heure prévue doit porter son fuseau horaire.")
    if draft.paid.amount < 0 or draft.paid > draft.total:
        raise TillOrderError(f"L'acompte doit être entre 0 et le total ({draft.total.format_fr()}).")
    if draft.service_type is ServiceType.DELIVERY and (draft.customer is None or not draft.customer.address):
        raise TillOrderError("Une livraison a besoin d'un client avec une adresse.")


class TillOrderService:
    def __init__(self, web_orders: WebOrdersService, orders: OrderStore, preferences: Preferences,
                 catalog: CatalogService, *, wake_outbox: Callable[[], None] = nothing,
                 clock: Callable[[], datetime] = shop_now, deposits: DepositService | None = None) -> None:
        """`deposits`: where a deposit taken with the order is journaled (in the order's own transaction)."""
        self.web_orders, self.orders, self.preferences, self.catalog = web_orders, orders, preferences, catalog
        self.clock, self.wake_outbox, self.deposits = clock, wake_outbox, deposits
        self.created: Topic[int] = Topic()  # a new order's local id, inside its transaction (the kitchen ticket)

    def new_draft(self) -> TillOrderDraft:
        return TillOrderDraft(delivery_fee=self.catalog.delivery_fee_article())

    def create(self, draft: TillOrderDraft, seller: Seller) -> Order:
        """Store the order (and queue it for HubRise with « Client web »); returns it with its till number."""
        now = self.clock()
        validate(draft)
        private_ref = f"kezia-{uuid.uuid4().hex}"
        send = self.preferences.send_mode == SEND_WEB_CLIENT
        with store_errors(self.orders.db), transaction(self.orders.db):  # the order, its deposit and `created`'s
            # listeners' writes (the kitchen ticket's print job) together
            local_id = self.orders.create_till_order(
                lambda number: build_raw(draft, number, private_ref, now), private_ref, by=seller.name,
                note="commande créée à la caisse" + ("" if send else " (non envoyée : envoi « Aucun »)"), send=send)
            if self.deposits is not None and draft.paid.amount > 0:
                number = self.web_orders.get_order(local_id).till_number or f"local-{local_id}"
                self.deposits.take(local_id, number, draft.payment_method, draft.paid, seller)
            self.created.notify(local_id)
        self.web_orders.publish(ChangeKind.CREATED, [local_id])
        if send:
            self.wake_outbox()
        return self.web_orders.get_order(local_id)

    def in_progress(self, search: str = "") -> list[OrderRow]:
        """Commandes en cours: the till's orders not finished, and the accepted web orders, by expected time.
        Read from the list columns (one indexed query); the screen pages through the same query."""
        lists = self.web_orders.lists
        return lists.page(lists.in_progress_query(search), 0, 1_000_000)

    def sync_state(self, order: Order | OrderRow) -> tuple[str, str]:
        """(French text, level) of where HubRise stands on this order: envoyée / en attente / erreur / non envoyée."""
        assert order.local_id is not None
        return self.web_orders.lists.sync_state(order.local_id)

    def queue_unsent(self) -> int:
        """E/S « Renvoyer » with « Client web »: queue the till orders kept local so far; returns how many."""
        if self.preferences.send_mode != SEND_WEB_CLIENT:
            return 0
        ids = self.orders.unsent_till_orders()
        for local_id in ids:
            self.orders.queue_creation(local_id, self._settled_payment(local_id))
        self.web_orders.publish(ChangeKind.SEND_QUEUED, ids)
        return len(ids)

    def _settled_payment(self, local_id: int) -> list[tuple[str, dict]]:
        """The payment row of a ticket that settled the order while it was kept local (Facturer queued none, as
        the order was not to reach HubRise then), so HubRise shows it paid like the till does."""
        number = self.orders.invoice_ticket(local_id)
        paid = self.web_orders.get_order(local_id).paid_at_till
        if number is None or paid is None:
            return []
        marker = payment_marker(number)
        return [("payment", payment_patch(paid, PAYMENT_NAME, marker, marker))]


def create_order_handler(store: OrderStore, to_order: Callable[[dict[str, Any]], Order]) -> Handler:
    """Outbox rows of kind 'create': POST the till order once. Before posting, look it up by its private_ref,
    so an answer lost on the way (timeout, cut connection, killed till) never makes HubRise hold two copies."""

    async def send(client: HubRiseClient, row: dict[str, Any]) -> None:
        stored = store.get(row["local_id"])
        if stored is None or stored["hubrise_id"]:
            return
        existing = await client.list_orders(private_ref=stored["private_ref"], retry=False)
        if existing:
            store.set_hubrise_id(stored["local_id"], existing[0]["id"])
            return
        try:
            payload = order_to_create_payload(to_order(stored))
        except WriteValidationError as error:
            raise HubRiseError(f"Commande {stored['till_number']} non envoyée : {error}") from None
        created = await client.create_order(payload)
        store.set_hubrise_id(stored["local_id"], created["id"], created)

    return send
