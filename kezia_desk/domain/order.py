"""Web and till orders as the till understands them, independent of HubRise's JSON.

The HubRise mapping (kezia_desk.hubrise.mapping) is lenient when reading: business data it cannot use becomes
a flag in `Order.flags` (shown to the cashier) instead of an exception, so one odd order never stops the rest.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import Enum

from .money import Money, money_sum
from .text import fold


class OrderStatus(str, Enum):
    NEW = "new"
    RECEIVED = "received"
    ACCEPTED = "accepted"
    IN_PREPARATION = "in_preparation"
    AWAITING_SHIPMENT = "awaiting_shipment"
    AWAITING_COLLECTION = "awaiting_collection"
    IN_DELIVERY = "in_delivery"
    COMPLETED = "completed"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    DELIVERY_FAILED = "delivery_failed"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def rank(self) -> int:
        """Position in the normal flow; anomalies rank after every normal step."""
        return _FLOW.index(self) if self in _FLOW else len(_FLOW)

    @property
    def is_final(self) -> bool:
        return self in (OrderStatus.COMPLETED, OrderStatus.REJECTED, OrderStatus.CANCELLED,
                        OrderStatus.DELIVERY_FAILED)

    @classmethod
    def parse(cls, value: object) -> OrderStatus | None:
        try:
            return cls(value)
        except (ValueError, TypeError):  # TypeError: an object or a list where a status was expected
            return None


STATUS_LABELS = {
    OrderStatus.NEW: "Nouvelle",
    OrderStatus.RECEIVED: "Reçue",
    OrderStatus.ACCEPTED: "Acceptée",
    OrderStatus.IN_PREPARATION: "En préparation",
    OrderStatus.AWAITING_SHIPMENT: "Attente livraison",
    OrderStatus.AWAITING_COLLECTION: "Attente récupération",
    OrderStatus.IN_DELIVERY: "En livraison",
    OrderStatus.COMPLETED: "Terminée",
    OrderStatus.REJECTED: "Refusée",
    OrderStatus.CANCELLED: "Annulée",
    OrderStatus.DELIVERY_FAILED: "Échec livraison",
}
_FLOW = [OrderStatus.NEW, OrderStatus.RECEIVED, OrderStatus.ACCEPTED, OrderStatus.IN_PREPARATION,
         OrderStatus.AWAITING_SHIPMENT, OrderStatus.AWAITING_COLLECTION, OrderStatus.IN_DELIVERY,
         OrderStatus.COMPLETED]


def is_backwards(current: OrderStatus, target: OrderStatus) -> bool:
    """True when a change goes back in the normal flow (the till warns before doing it)."""
    if current.is_final and current != target:
        return True
    return target.rank < current.rank


class ServiceType(str, Enum):
    DELIVERY = "delivery"
    COLLECTION = "collection"
    EAT_IN = "eat_in"

    @property
    def label(self) -> str:
        return {"delivery": "Livraison", "collection": "À emporter", "eat_in": "Sur place"}[self.value]


class OrderOrigin(str, Enum):
    WEB = "web"  # received from HubRise
    TILL = "till"  # created at the till (COMMANDES)


# Flags: short machine codes, with French text for the cashier.
FLAG_UNKNOWN_ARTICLE = "article_inconnu"
FLAG_BAD_FIELD = "champ_invalide"
FLAG_TOTAL_MISMATCH = "total_incoherent"
FLAG_UNKNOWN_STATUS = "statut_inconnu"


@dataclass
class OrderOption:
    name: str
    option_list_name: str = ""
    ref: str | None = None
    price: Money | None = None
    quantity: int = 1
    removed: bool = False

    @property
    def total_per_unit(self) -> Money | None:
        return self.price * self.quantity if self.price is not None else None


@dataclass
class OrderItem:
    product_name: str
    price: Money
    quantity: Decimal
    sku_name: str | None = None
    sku_ref: str | None = None
    subtotal: Money | None = None
    tax_rate: Decimal | None = None
    customer_notes: str | None = None
    options: list[OrderOption] = field(default_factory=list)
    deal_key: str | None = None
    deal_label: str | None = None
    hubrise_id: str | None = None
    deleted: bool = False
    idart: int | None = None  # the till article the line maps to; None = article inconnu
    unknown_article: bool = False

    @property
    def label(self) -> str:
        return f"{self.product_name} {self.sku_name}".strip() if self.sku_name else self.product_name

    def computed_subtotal(self) -> Money:
        """(price + Σ option price × option quantity) × quantity, as HubRise computes it."""
        unit = self.price
        for option in self.options:
            if option.total_per_unit is not None:
                unit = unit + option.total_per_unit
        return unit * self.quantity


@dataclass
class OrderDeal:
    key: str
    name: str
    ref: str | None = None


@dataclass
class OrderDiscount:
    name: str
    price_off: Money
    ref: str | None = None
    hubrise_id: str | None = None
    deleted: bool = False


@dataclass
class OrderCharge:
    name: str
    price: Money
    ref: str | None = None
    tax_rate: Decimal | None = None
    charge_type: str | None = None
    hubrise_id: str | None = None
    deleted: bool = False


@dataclass
class OrderPayment:
    amount: Money
    name: str | None = None
    ref: str | None = None
    type: str | None = None  # deprecated HubRise field: "cash" or "online"
    info: dict | None = None
    hubrise_id: str | None = None
    private_ref: str | None = None
    deleted: bool = False


# Payments still to be collected by the shop (cash on delivery, pay at collection), recognised from what HubRise
# documents as meaningful — the payment's name and ref — and never from its deprecated `type`, which HubRise
# outputs as "online" even for a payment named "Payment by cash" (orders page, Retrieve Order example).
TILL_PAID_REF = "KEZIA"  # payments the till took: a deposit in COMMANDES (never « to collect », whatever its name)
TILL_DUE_REF = "KEZIA-DUE"  # the till's own « à encaisser » line on the orders it sends
TO_COLLECT_REFS = frozenset({"CSH", "CASH", "ESP", "ESPECES", TILL_DUE_REF})
TO_COLLECT_WORDS = ("cash", "especes", "a la livraison", "au retrait", "on delivery", "on collection",
                    "a encaisser")


def is_to_collect(payment: OrderPayment) -> bool:
    """True when the payment line names money the shop will still collect (e.g. « Espèces à la livraison »)."""
    ref = (payment.ref or "").strip().upper()
    if ref == TILL_PAID_REF:
        return False  # money the till itself took (a deposit « Espèces » is paid, whatever its name says)
    if ref in TO_COLLECT_REFS:
        return True
    name = fold(payment.name or "")
    return any(re.search(rf"\b{word}\b", name) for word in TO_COLLECT_WORDS)  # "cash", not "cashless"


@dataclass
class OrderDelivery:
    """HubRise's `delivery` on an order (orders page §11, deliveries page): who carries it and when."""

    carrier: str | None = None
    status: str | None = None
    driver_name: str | None = None
    driver_phone: str | None = None
    driver_phone_access_code: str | None = None
    estimated_pickup_at: datetime | None = None
    estimated_dropoff_at: datetime | None = None
    tracking_url: str | None = None
    ref: str | None = None


@dataclass
class Customer:
    first_name: str | None = None
    last_name: str | None = None
    company_name: str | None = None
    email: str | None = None
    phone: str | None = None
    address_1: str | None = None
    address_2: str | None = None
    postal_code: str | None = None
    city: str | None = None
    country: str | None = None
    delivery_notes: str | None = None
    hubrise_id: str | None = None
    local_id: int | None = None
    phone_access_code: str | None = None  # the code that reaches a platform's masked number

    @property
    def display_name(self) -> str:
        name = " ".join(part for part in (self.first_name, self.last_name) if part)
        return name or self.company_name or self.phone or self.email or "Client anonyme"

    @property
    def address(self) -> str:
        street = ", ".join(p for p in (self.address_1, self.address_2) if p)
        town = " ".join(p for p in (self.postal_code, self.city) if p)
        return " – ".join(p for p in (street, town) if p)


@dataclass
class Order:
    """An order known to the till. `hubrise_id` is None for a till order not (yet) sent to HubRise."""

    status: OrderStatus
    hubrise_id: str | None = None
    origin: OrderOrigin = OrderOrigin.WEB
    local_id: int | None = None
    till_number: str | None = None
    location_id: str | None = None
    ref: str | None = None
    private_ref: str | None = None
    service_type: ServiceType | None = None
    service_type_ref: str | None = None
    created_at: datetime | None = None
    created_by: str | None = None
    expected_time: datetime | None = None
    confirmed_time: datetime | None = None
    customer_notes: str | None = None
    seller_notes: str | None = None
    collection_code: str | None = None
    coupon_codes: list[str] = field(default_factory=list)
    items: list[OrderItem] = field(default_factory=list)
    deals: list[OrderDeal] = field(default_factory=list)
    discounts: list[OrderDiscount] = field(default_factory=list)
    charges: list[OrderCharge] = field(default_factory=list)
    payments: list[OrderPayment] = field(default_factory=list)
    customer: Customer | None = None
    custom_fields: dict = field(default_factory=dict)
    total: Money | None = None
    currency: str = "EUR"
    flags: list[str] = field(default_factory=list)
    flag_details: list[str] = field(default_factory=list)  # French explanations, one per problem found
    paid_at_till: Money | None = None  # set when the till invoiced (Facturer) the order
    delivery: OrderDelivery | None = None

    # --- money ---------------------------------------------------------------------------------------------
    def live_items(self) -> list[OrderItem]:
        return [item for item in self.items if not item.deleted]

    def computed_total(self) -> Money:
        """Σ item subtotals + Σ charges − Σ discounts, deleted elements excluded."""
        parts = [item.subtotal or item.computed_subtotal() for item in self.live_items()]
        parts += [charge.price for charge in self.charges if not charge.deleted]
        parts += [-discount.price_off for discount in self.discounts if not discount.deleted]
        return money_sum(parts, self.currency)

    @property
    def display_total(self) -> Money:
        return self.total if self.total is not None else self.computed_total()

    def paid_amount(self) -> Money:
        """What is already paid: live payments except those still to collect (named/ref'd cash, à la livraison…),
        plus what the till took. The deprecated `type` is never read (HubRise says "online" for cash too)."""
        live = [p for p in self.payments if not p.deleted]
        online = [p.amount for p in live if not is_to_collect(p)]
        amount = money_sum(online, self.currency)
        if self.paid_at_till is not None:
            amount = amount + self.paid_at_till
        return amount

    @property
    def is_paid(self) -> bool:
        paid = self.paid_amount()
        return paid.amount > 0 and paid >= self.display_total

    def amount_due(self) -> Money:
        """« À encaisser »: the total minus what is paid, never below zero."""
        due = self.display_total - self.paid_amount()
        return due if due.amount > 0 else Money.zero(self.currency)

    def add_flag(self, code: str, detail: str) -> None:
        if code not in self.flags:
            self.flags.append(code)
        if detail not in self.flag_details:
            self.flag_details.append(detail)

    @property
    def customer_name(self) -> str:
        return self.customer.display_name if self.customer else "Client anonyme"


@dataclass(frozen=True)
class StatusChange:
    """One line of an order's history: who changed what, when, and whether HubRise has it yet."""

    status: OrderStatus
    at: datetime
    by: str
    note: str = ""
    sent: bool | None = None  # None = nothing to send (HubRise's own change)
