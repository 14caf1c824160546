"""The cashier's actions on an order (design.md §4): Accepter, Refuser, Facturer, Prendre en charge, any status.

Each action is one SQLite transaction (local status + history row with who and when + outbox row), then the
dispatcher is woken so HubRise hears of it within seconds; offline, the outbox keeps it until HubRise is back.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from ..domain.money import Money
from ..domain.order import OrderOrigin, Order, OrderStatus, is_backwards
from ..domain.seller import Seller
from ..domain.ticket import ClosedTicket, TicketDraft, TicketLine
from ..hubrise.mapping import payment_patch, status_patch
from .preferences import Preferences
from .web_orders import WebOrdersService

ACCEPT_DELAYS = (0, 10, 20, 30)
REJECTION_REASONS = ("Rupture de stock", "Trop de commandes en cours", "Établissement fermé",
                     "Adresse hors zone de livraison", "Commande en double")
TILL_PAYMENT_REF = "KEZIA"


class OrderActionError(ValueError):
    """An action the till refuses; the message is French."""


def local_now() -> datetime:
    return datetime.now().astimezone()


class OrderActions:
    def __init__(self, web_orders: WebOrdersService, catalog: Any, settings: Any,
                 clock: Callable[[], datetime] = local_now) -> None:
        self.web_orders, self.catalog, self.settings, self.clock = web_orders, catalog, settings, clock

    def _apply(self, order: Order, status: OrderStatus, seller: Seller, note: str, patch: dict,
               extra_sql: tuple[str, list[Any]] | None = None, kind: str = "status") -> None:
        outbox = [(kind, patch)] if self._reaches_hubrise(order) else []
        self.web_orders.store.change_status(order.local_id, status.value, seller.name, note, outbox,
                                            self.clock(), extra_sql)
        self.web_orders.changed.notify()
        if self.web_orders.dispatcher is not None:
            self.web_orders.dispatcher.wake()

    def _reaches_hubrise(self, order: Order) -> bool:
        """Web orders always; a till order only once HubRise has it or it is queued (« Aucun » keeps it local)."""
        if order.origin is not OrderOrigin.TILL or order.hubrise_id:
            return True
        return self.web_orders.outbox.has_pending(order.local_id, "create")

    def accept(self, local_id: int, seller: Seller, delay_minutes: int = 0) -> datetime:
        if delay_minutes not in ACCEPT_DELAYS:
            raise OrderActionError("Délai d'acceptation invalide.")
        order = self.web_orders.get_order(local_id)
        base = order.expected_time or self.clock()
        confirmed = base + timedelta(minutes=delay_minutes)
        note = "acceptée" + (f" (+{delay_minutes} min)" if delay_minutes else "")
        self._apply(order, OrderStatus.ACCEPTED, seller, note,
                    status_patch(OrderStatus.ACCEPTED, confirmed_time=confirmed),
                    ("UPDATE orders SET raw = json_set(raw, '$.confirmed_time', ?) WHERE local_id = ?",
                     [confirmed.isoformat(), local_id]))
        return confirmed

    def reject(self, local_id: int, seller: Seller, cause: str, info: dict | None = None) -> None:
        cause = cause.strip()
        if not cause:
            raise OrderActionError("Indiquez la raison du refus.")
        order = self.web_orders.get_order(local_id)
        self._apply(order, OrderStatus.REJECTED, seller, f"refusée : {cause}",
                    status_patch(OrderStatus.REJECTED, rejection_cause=cause,
                                 rejection_info={"refusee_par": seller.name, **(info or {})}))

    def take_charge_status(self) -> OrderStatus:
        """What « Prendre en charge » sets, as chosen in Paramètres Web > Personnalisation."""
        return Preferences(self.settings).take_charge_status

    def take_charge(self, local_id: int, seller: Seller) -> OrderStatus:
        status = self.take_charge_status()
        self.set_status(local_id, status, seller, note="prise en charge")
        return status

    def needs_confirmation(self, local_id: int, status: OrderStatus) -> str | None:
        """The warning to show before moving an order backwards (HubRise itself enforces no rule)."""
        order = self.web_orders.get_order(local_id)
        if order.status != status and is_backwards(order.status, status):
            return (f"La commande est « {order.status.label} ». La repasser en « {status.label} » revient en "
                    "arrière : confirmez-vous ?")
        return None

    def set_status(self, local_id: int, status: OrderStatus, seller: Seller, note: str = "") -> None:
        order = self.web_orders.get_order(local_id)
        self._apply(order, status, seller, note or f"statut « {status.label} »", status_patch(status))

    # --- Facturer ------------------------------------------------------------------------------------------
    def start_invoice(self, local_id: int) -> TicketDraft:
        """The order's lines as a till ticket (HubRise prices win); only for unpaid orders."""
        order = self.web_orders.get_order(local_id)
        if order.is_paid:
            raise OrderActionError("Cette commande est déjà payée : rien à facturer.")
        if order.status in (OrderStatus.REJECTED, OrderStatus.CANCELLED):
            raise OrderActionError("Une commande refusée ou annulée ne se facture pas.")
        draft = TicketDraft(web_order_id=order.hubrise_id or f"local-{order.local_id}")
        for item in order.live_items():
            rate = self._rate(item.idart, item.tax_rate)
            draft.add_line(TicketLine(item.label, item.price, item.quantity, rate, item.idart,
                                      note="web" if item.idart is None else ""))
            for option in item.options:
                if option.price is not None and not option.removed and option.price.amount:
                    draft.add_line(TicketLine(f"  + {option.name}", option.price,
                                              item.quantity * option.quantity, rate, None, "option"))
        for charge in order.charges:
            if not charge.deleted:
                fee = self.catalog.delivery_fee_article()
                idart = fee.idart if fee is not None else None
                draft.add_line(TicketLine(fee.name if fee else charge.name, charge.price, Decimal(1),
                                          self._rate(idart, charge.tax_rate), idart, "frais"))
        for discount in order.discounts:
            if not discount.deleted:
                draft.add_line(TicketLine(f"Remise {discount.name}", -discount.price_off, Decimal(1),
                                          Decimal("10"), None, "remise"))
        already = order.paid_amount()
        if already.amount > 0:
            draft.add_line(TicketLine("Déjà réglé en ligne", -already, Decimal(1), Decimal("10"), None, "acompte"))
        return draft

    def _rate(self, idart: int | None, hubrise_rate: Decimal | None) -> Decimal:
        article = self.catalog.get(idart) if idart is not None else None
        if article is not None:
            return article.vat_rate
        return hubrise_rate if hubrise_rate is not None else Decimal("10")

    def finish_invoice(self, local_id: int, ticket: ClosedTicket, seller: Seller) -> None:
        order = self.web_orders.get_order(local_id)
        amount: Money = ticket.total
        self._apply(order, order.status, seller, f"facturée : ticket n° {ticket.number} ({amount})",
                    payment_patch(amount, "Encaissé en caisse", TILL_PAYMENT_REF, f"ticket-{ticket.number}"),
                    ("UPDATE orders SET paid_at_till_cents = COALESCE(paid_at_till_cents, 0) + ?, invoice_ticket = ?"
                     " WHERE local_id = ?", [amount.cents, ticket.number, local_id]), kind="payment")

    def map_item(self, local_id: int, item_index: int, idart: int) -> None:
        """Map an « article inconnu » line to a catalog article; the ref is remembered for later orders."""
        order = self.web_orders.get_order(local_id)
        if not 0 <= item_index < len(order.items):
            raise OrderActionError("Ligne introuvable.")
        if self.catalog.get(idart) is None:
            raise OrderActionError(f"L'article {idart} n'existe pas.")
        ref = order.items[item_index].sku_ref
        self.web_orders.store.set_item_idart(local_id, item_index, idart, ref.strip() if ref else None)
        self.web_orders.changed.notify()
