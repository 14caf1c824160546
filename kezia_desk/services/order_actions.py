"""The cashier's actions on an order (docs/dev/product.md « Statuses and the four buttons »): Accepter, Refuser,
Prendre en charge, any status (Facturer is services/invoicing.py).

Each action is one SQLite transaction (local status + history row with who and when + outbox row), then the
dispatcher is woken so HubRise hears of it within seconds; offline, the outbox keeps it until HubRise is back.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ..domain.order import Order, OrderOrigin, OrderStatus, is_backwards
from ..domain.seller import Seller
from ..domain.shop_time import shop_now
from ..hubrise.mapping import status_patch
from ..store.orders import OrderStore
from ..store.outbox import OutboxStore
from .listeners import ChangeKind, Topic, nothing
from .preferences import Preferences
from .web_orders import WebOrdersService

if TYPE_CHECKING:
    from .catalog import CatalogService


ACCEPT_DELAYS = (0, 10, 20, 30)
REJECTION_REASONS = ("Rupture de stock", "Trop de commandes en cours", "Établissement fermé",
                     "Adresse hors zone de livraison", "Commande en double")


class OrderActionError(ValueError):
    """An action the till refuses; the message is French."""



class OrderActions:
    def __init__(self, web_orders: WebOrdersService, orders: OrderStore, outbox: OutboxStore, catalog: CatalogService,
                 preferences: Preferences, *, wake_outbox: Callable[[], None] = nothing,
                 clock: Callable[[], datetime] = shop_now) -> None:
        self.web_orders, self.orders, self.outbox = web_orders, orders, outbox
        self.catalog, self.preferences, self.clock = catalog, preferences, clock
        self.wake_outbox = wake_outbox
        # An order's local id when Accepter records it, notified inside that transaction: a listener's writes (the
        # kitchen ticket's print job) commit with the acceptance, so a crash cannot keep one and lose the other.
        self.accepted: Topic[int] = Topic()

    def _apply(self, order: Order, status: OrderStatus, seller: Seller, note: str, patch: dict,
               confirmed_time: datetime | None = None, then: Callable[[], None] = nothing) -> bool:
        """One transaction through the store's typed methods; False when the order already had that status
        (a second tap records nothing and sends nothing). `then` runs inside that transaction once the status
        is written (Accepter's listeners: the kitchen ticket's print job commits with the status, or neither).

        `order` was just read (nothing ran in between): the order with its new status is what the list row is
        computed from and what the change event hands on, so one tap decodes the order's JSON once."""
        assert order.local_id is not None  # orders come from the store
        outbox = [("status", patch)] if self.reaches_hubrise(order) else []
        now = replace(order, status=status, confirmed_time=confirmed_time or order.confirmed_time)
        known = self.web_orders.lists.summarizer_of(now)
        store = self.orders
        with store.atomic():
            if confirmed_time is not None:
                done = store.accept(order.local_id, confirmed_time, seller.name, note, outbox, self.clock(), known)
            else:
                done = store.change_status(order.local_id, status.value, seller.name, note, outbox, self.clock(),
                                           known)
            if done:
                then()
        if done:
            self.web_orders.publish(ChangeKind.STATUS, [order.local_id], [now])
            self.wake_outbox()
        return done

    def reaches_hubrise(self, order: Order) -> bool:
        """Web orders always; a till order only once HubRise has it or it is queued (« Aucun » keeps it local)."""
        if order.origin is not OrderOrigin.TILL or order.hubrise_id:
            return True
        return order.local_id is not None and self.outbox.has_pending(order.local_id, "create")

    def accept(self, local_id: int, seller: Seller, delay_minutes: int = 0) -> datetime:
        if delay_minutes not in ACCEPT_DELAYS:
            raise OrderActionError("Délai d'acceptation invalide.")
        order = self.web_orders.get_order(local_id)
        base = order.expected_time or self.clock()
        confirmed = base + timedelta(minutes=delay_minutes)
        note = "acceptée" + (f" (+{delay_minutes} min)" if delay_minutes else "")
        if order.status is OrderStatus.ACCEPTED:
            return order.confirmed_time or confirmed  # a second tap: already accepted, nothing more
        self._apply(order, OrderStatus.ACCEPTED, seller, note,
                    status_patch(OrderStatus.ACCEPTED, confirmed_time=confirmed), confirmed_time=confirmed,
                    then=lambda: self.accepted.notify(local_id))  # in the status's transaction (kitchen ticket)
        return confirmed

    def reject(self, local_id: int, seller: Seller, cause: str, info: dict | None = None) -> bool:
        cause = cause.strip()
        if not cause:
            raise OrderActionError("Indiquez la raison du refus.")
        order = self.web_orders.get_order(local_id)
        return self._apply(order, OrderStatus.REJECTED, seller, f"refusée : {cause}",
                    status_patch(OrderStatus.REJECTED, rejection_cause=cause,
                                 rejection_info={"refusee_par": seller.name, **(info or {})}))

    def take_charge_status(self) -> OrderStatus:
        """What « Prendre en charge » sets, as chosen in Paramètres Web > Personnalisation."""
        return self.preferences.take_charge_status

    def take_charge(self, local_id: int, seller: Seller) -> OrderStatus:
        status = self.take_charge_status()
        self.set_status(local_id, status, seller, note="prise en charge")
        return status

    def needs_confirmation(self, local_id: int, status: OrderStatus) -> str | None:
        """The warning to show before moving an order backwards (HubRise itself enforces no rule). Read from the
        list row: asking decodes nothing."""
        row = self.web_orders.lists.row(local_id)
        if row is None:
            raise KeyError(f"Commande {local_id} introuvable.")
        if row.status != status and is_backwards(row.status, status):
            return (f"La commande est « {row.status.label} ». La repasser en « {status.label} » revient en "
                    "arrière : confirmez-vous ?")
        return None

    def set_status(self, local_id: int, status: OrderStatus, seller: Seller, note: str = "") -> bool:
        """Any status (Autre statut, Prendre en charge); False when the order already has it."""
        status = OrderStatus(status)
        order = self.web_orders.get_order(local_id)
        return self._apply(order, status, seller, note or f"statut « {status.label} »", status_patch(status))

    def map_item(self, local_id: int, item_index: int, idart: int) -> None:
        """Map an « article inconnu » line to a catalog article; the ref is remembered for later orders."""
        order = self.web_orders.get_order(local_id)
        if not 0 <= item_index < len(order.items):
            raise OrderActionError("Ligne introuvable.")
        if self.catalog.get(idart) is None:
            raise OrderActionError(f"L'article {idart} n'existe pas.")
        ref = order.items[item_index].sku_ref
        self.orders.set_item_idart(local_id, item_index, idart, ref.strip() if ref else None)
        # The ref is now known for every order: the flagged rows it marked stale are named too (publish).
        self.web_orders.publish(ChangeKind.MAPPED, [local_id])
