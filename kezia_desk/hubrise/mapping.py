"""HubRise JSON ⇄ domain orders. Tolerant when reading, strict when writing.

Reading never raises for business data: a field of the wrong type, a malformed amount or an unknown status
becomes a flag on the order (shown to the cashier) and the rest of the order is kept. Only a payload that is not
an order at all (not an object, no id) raises UnreadableOrderError, and the poller keeps it aside.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from ..domain.money import Money, MoneyError
from ..domain.order import (
    FLAG_BAD_FIELD,
    FLAG_TOTAL_MISMATCH,
    FLAG_UNKNOWN_STATUS,
    TILL_DUE_REF,
    Customer,
    Order,
    OrderCharge,
    OrderDeal,
    OrderDelivery,
    OrderDiscount,
    OrderItem,
    OrderOption,
    OrderPayment,
    OrderStatus,
    ServiceType,
)
from ..domain.phone import to_e164_or_none
from ..domain.text import readable_json
from .errors import UnreadableOrderError

# Beyond these an amount or a quantity is a data error, and products of them stay far below the 28 digits
# Decimal computes exactly (an amount of 10^26 made every total raise InvalidOperation).
MAX_AMOUNT = Decimal(10) ** 9
MAX_QUANTITY = Decimal(10) ** 5
CUSTOMER_FIELDS = ("first_name", "last_name", "company_name", "email", "phone", "phone_access_code", "address_1",
                   "address_2", "postal_code", "city", "country", "delivery_notes")
DELIVERY_TEXT_FIELDS = ("carrier", "status", "driver_name", "driver_phone", "driver_phone_access_code",
                        "tracking_url", "ref")


def exact_decimal(value: object) -> Decimal | None:
    """A HubRise decimal as an exact Decimal, from its documented string form ("2.0") or from a JSON number
    (2.0, as older pages and some senders write it). A JSON number goes through its shortest text form
    (`repr`), never through float arithmetic, so 15.6 reads as Decimal("15.6"). None when it is no number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        text = repr(value)
    elif isinstance(value, int) and value.bit_length() > 4000:
        return None  # str() of an integer of more than 4,300 digits raises
    elif isinstance(value, (str, int)):
        text = str(value).strip()
    else:
        return None
    try:
        result = Decimal(text)
    except InvalidOperation:
        return None
    return result if result.is_finite() else None


class WriteValidationError(ValueError):
    """What the till was about to send breaks an API rule; the message is French."""


class _Reader:
    """Reads fields of one order, turning every problem into a flag instead of an exception."""

    def __init__(self, order: Order) -> None:
        self.order = order
        self.currency: str | None = None  # the order's currency, once known: amounts in another one are refused

    def bad(self, field: str, value: Any, why: str = "illisible") -> None:
        self.order.add_flag(FLAG_BAD_FIELD, f"Champ « {field} » {why} ({shown_value(value)}) : ignoré.")

    def text(self, data: dict, key: str, field: str = "") -> str | None:
        value = data.get(key)
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            try:
                return str(value)
            except ValueError:  # an integer of more than 4,300 digits
                pass
        self.bad(field or key, value)
        return None

    def money(self, data: dict, key: str, field: str = "") -> Money | None:
        value = data.get(key)
        if value is None:
            return None
        try:
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                amount = exact_decimal(value)  # a bare JSON number: the order's currency, exact cents only
                if amount is None or amount != amount.quantize(Decimal("0.01")):
                    raise MoneyError("montant numérique invalide")
                money = Money(amount, self.currency or self.order.currency)
            else:
                money = Money.parse_hubrise(value)
        except (MoneyError, ArithmeticError):
            self.bad(field or key, value)
            return None
        if abs(money.amount) >= MAX_AMOUNT:
            self.bad(field or key, value, "invraisemblable")
            return None
        if self.currency is None:
            self.currency = self.order.currency = money.currency
        elif money.currency != self.currency:
            self.bad(field or key, value, f"dans une autre devise que la commande ({self.currency})")
            return None
        return money

    def decimal(self, data: dict, key: str, field: str = "") -> Decimal | None:
        value = data.get(key)
        if value is None:
            return None
        result = exact_decimal(value)
        if result is None or abs(result) >= MAX_QUANTITY:
            self.bad(field or key, value)
            return None
        return result

    def time(self, data: dict, key: str, field: str = "") -> datetime | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            try:
                parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
                if parsed.tzinfo is not None:
                    return parsed
            except ValueError:
                pass
        self.bad(field or key, value)
        return None

    def objects(self, data: dict, key: str) -> list[dict]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.bad(key, value)
            return []
        kept = [element for element in value if isinstance(element, dict)]
        if len(kept) != len(value):
            self.bad(key, [e for e in value if not isinstance(e, dict)])
        return kept


def order_from_hubrise(data: object) -> Order:
    if not isinstance(data, dict):
        raise UnreadableOrderError(detail=f"objet attendu, reçu {type(data).__name__}")
    data, unreadable = readable_json(data)  # a lone surrogate (`\\ud800`) in any text: shown « � », flagged
    assert isinstance(data, dict)  # still the same kind of object
    order_id = data.get("id")
    if not isinstance(order_id, str) or not order_id.strip():
        raise UnreadableOrderError(detail="identifiant de commande absent")
    status = OrderStatus.parse(data.get("status"))
    order = Order(status=status or OrderStatus.NEW, hubrise_id=order_id)
    read = _Reader(order)
    if unreadable:
        order.add_flag(FLAG_BAD_FIELD, f"Texte illisible reçu de HubRise : {unreadable} caractère(s) remplacé(s) "
                                       "par « � ».")
    if status is None:
        shown = shown_value(data.get("status")).strip("'")
        order.add_flag(FLAG_UNKNOWN_STATUS, f"Statut HubRise inconnu « {shown} » : traité comme « Nouvelle ».")
    order.location_id = read.text(data, "location_id")
    order.ref = read.text(data, "ref")
    order.private_ref = read.text(data, "private_ref")
    service = data.get("service_type")
    if service is not None:
        try:
            order.service_type = ServiceType(service)
        except ValueError:
            read.bad("service_type", service)
    order.service_type_ref = read.text(data, "service_type_ref")
    order.created_at = read.time(data, "created_at")
    order.created_by = read.text(data, "created_by")
    order.expected_time = read.time(data, "expected_time")
    order.confirmed_time = read.time(data, "confirmed_time")
    order.customer_notes = read.text(data, "customer_notes")
    order.seller_notes = read.text(data, "seller_notes")
    order.collection_code = read.text(data, "collection_code")
    coupons = data.get("coupon_codes")
    if isinstance(coupons, list):
        order.coupon_codes = [c for c in coupons if isinstance(c, str)]
    elif coupons is not None:
        read.bad("coupon_codes", coupons)
    order.total = read.money(data, "total")
    if order.total is not None:
        order.currency = order.total.currency
    order.items = [item for n, raw in enumerate(read.objects(data, "items"))
                   if (item := _item(read, raw, n)) is not None]
    deals = data.get("deals")
    if isinstance(deals, dict):
        order.deals = [OrderDeal(str(key), read.text(value, "name", "deals.name") or "",
                                 read.text(value, "ref", "deals.ref"))
                       for key, value in deals.items() if isinstance(value, dict)]
    elif deals not in (None, []):
        read.bad("deals", deals)
    for raw in read.objects(data, "discounts"):
        price_off = read.money(raw, "price_off", "discounts.price_off")
        if price_off is not None:
            order.discounts.append(OrderDiscount(read.text(raw, "name") or "Remise", price_off, read.text(raw, "ref"),
                                                 read.text(raw, "id"), raw.get("deleted") is True))
    for raw in read.objects(data, "charges"):
        price = read.money(raw, "price", "charges.price")
        if price is not None:
            order.charges.append(OrderCharge(read.text(raw, "name") or "Frais", price, read.text(raw, "ref"),
                                             read.decimal(raw, "tax_rate", "charges.tax_rate"),
                                             read.text(raw, "type"), read.text(raw, "id"), raw.get("deleted") is True))
    for raw in read.objects(data, "payments"):
        amount = read.money(raw, "amount", "payments.amount")
        if amount is not None:
            info = raw.get("info") if isinstance(raw.get("info"), dict) else None
            order.payments.append(OrderPayment(amount, read.text(raw, "name"), read.text(raw, "ref"),
                                               read.text(raw, "type"), info, read.text(raw, "id"),
                                               read.text(raw, "private_ref"), raw.get("deleted") is True))
    customer = data.get("customer")
    if isinstance(customer, dict):
        order.customer = customer_from_hubrise(customer)
    elif customer is not None:
        read.bad("customer", customer)
    delivery = data.get("delivery")
    if isinstance(delivery, dict):
        order.delivery = OrderDelivery(**{key: read.text(delivery, key, f"delivery.{key}")
                                          for key in DELIVERY_TEXT_FIELDS},
                                       estimated_pickup_at=read.time(delivery, "estimated_pickup_at",
                                                                     "delivery.estimated_pickup_at"),
                                       estimated_dropoff_at=read.time(delivery, "estimated_dropoff_at",
                                                                      "delivery.estimated_dropoff_at"))
    elif delivery is not None:
        read.bad("delivery", delivery)
    custom = data.get("custom_fields")
    order.custom_fields = custom if isinstance(custom, dict) else {}
    if order.total is not None and order.items:
        computed = order.computed_total()
        if order.total != computed:
            order.add_flag(FLAG_TOTAL_MISMATCH, f"Total HubRise {order.total} différent de la somme des lignes "
                                                f"{computed} : le total HubRise fait foi.")
    return order


def shown_value(value: Any) -> str:
    """A short, always printable form of any JSON value for a flag (repr() of a huge integer raises)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return f"entier de {value.bit_length()} bits"
    if isinstance(value, (list, dict)) and len(value) > 10:
        return f"{type(value).__name__} de {len(value)} éléments"
    try:
        shown = repr(value[:40] if isinstance(value, str) else value)
    except (ValueError, RecursionError):
        shown = type(value).__name__
    return shown if len(shown) <= 40 else shown[:37] + "…"


def _item(read: _Reader, raw: dict, index: int) -> OrderItem | None:
    field = f"items[{index}]"
    price = read.money(raw, "price", f"{field}.price")
    quantity = read.decimal(raw, "quantity", f"{field}.quantity")
    name = read.text(raw, "product_name", f"{field}.product_name") or "Article sans nom"
    if price is None:
        price = Money.zero(read.order.currency)
    if quantity is not None and quantity <= 0:
        # shown as 1 so the line stays visible, but flagged: Facturer must not silently charge what nobody ordered
        read.bad(f"{field}.quantity", raw.get("quantity"), "nulle ou négative")
    if quantity is None or quantity <= 0:
        quantity = Decimal(1)
    item = OrderItem(product_name=name, price=price, quantity=quantity,
                     sku_name=read.text(raw, "sku_name", f"{field}.sku_name"),
                     sku_ref=read.text(raw, "sku_ref", f"{field}.sku_ref"),
                     subtotal=read.money(raw, "subtotal", f"{field}.subtotal"),
                     tax_rate=read.decimal(raw, "tax_rate", f"{field}.tax_rate"),
                     customer_notes=read.text(raw, "customer_notes", f"{field}.customer_notes"),
                     hubrise_id=read.text(raw, "id"), deleted=raw.get("deleted") is True)
    for option in read.objects(raw, "options"):
        quantity_value = option.get("quantity", 1)
        whole = exact_decimal(quantity_value)
        if whole is not None and whole == whole.to_integral_value() and not isinstance(quantity_value, str):
            quantity_value = int(whole)  # 2.0 as a JSON number is the integer 2
        if (not isinstance(quantity_value, int) or isinstance(quantity_value, bool)
                or not 1 <= quantity_value < MAX_QUANTITY):
            read.bad(f"{field}.options.quantity", quantity_value)
            quantity_value = 1
        item.options.append(OrderOption(name=read.text(option, "name") or "Option",
                                        option_list_name=read.text(option, "option_list_name") or "",
                                        ref=read.text(option, "ref"),
                                        price=read.money(option, "price", f"{field}.options.price"),
                                        quantity=quantity_value, removed=option.get("removed") is True))
    deal_line = raw.get("deal_line")
    if isinstance(deal_line, dict):
        item.deal_key = read.text(deal_line, "deal_key")
        item.deal_label = read.text(deal_line, "label")
    return item


def customer_from_hubrise(data: dict) -> Customer:
    def text(key: str) -> str | None:
        value = data.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)  # a code such as phone_access_code sent as a JSON number
        return value if isinstance(value, str) and value.strip() else None

    return Customer(**{key: text(key) for key in CUSTOMER_FIELDS}, hubrise_id=text("id"))  # type: ignore[arg-type]


# --- writing (strict) ----------------------------------------------------------------------------------------
def _money_text(value: Money, field: str) -> str:
    if not isinstance(value, Money):
        raise WriteValidationError(f"Montant invalide pour « {field} ».")
    return value.to_hubrise()


def _quantity_text(value: Decimal, field: str) -> str:
    if not isinstance(value, Decimal) or not value.is_finite() or value <= 0:
        raise WriteValidationError(f"Quantité invalide pour « {field} ».")
    return format(value.normalize(), "f")


def _time_text(value: datetime | None, field: str) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise WriteValidationError(f"L'heure « {field} » doit porter son fuseau horaire.")
    return value.isoformat()


def order_to_create_payload(order: Order) -> dict:
    """The POST /location/orders body for an order taken at the till."""
    if not order.items:
        raise WriteValidationError("Une commande envoyée à HubRise doit contenir au moins un article.")
    items = []
    for n, item in enumerate(order.live_items()):
        entry: dict[str, Any] = {"product_name": item.product_name, "price": _money_text(item.price, f"items[{n}]"),
                                 "quantity": _quantity_text(item.quantity, f"items[{n}]")}
        if item.sku_name:
            entry["sku_name"] = item.sku_name
        if item.sku_ref:
            entry["sku_ref"] = item.sku_ref
        if item.tax_rate is not None:
            entry["tax_rate"] = format(item.tax_rate, "f")
        if item.customer_notes:
            entry["customer_notes"] = item.customer_notes
        entry["options"] = [{"option_list_name": o.option_list_name or "Options", "name": o.name, "quantity": 1,
                             **({"ref": o.ref} if o.ref else {}),
                             **({"price": _money_text(o.price, "option")} if o.price is not None else {}),
                             **({"removed": True} if o.removed else {})}
                            for o in item.options for _ in range(o.quantity)]
        items.append(entry)
    payload: dict[str, Any] = {
        "status": order.status.value, "items": items,
        "charges": [{"name": c.name, "price": _money_text(c.price, "charges"), **({"ref": c.ref} if c.ref else {})}
                    for c in order.charges if not c.deleted],
        "payments": [{"name": p.name or "Paiement", "amount": _money_text(p.amount, "payments"),
                      **({"ref": p.ref} if p.ref else {})} for p in order.payments if not p.deleted]
        or [{"name": "Paiement (à encaisser)", "ref": TILL_DUE_REF,  # integration guide: always one payment
             "amount": _money_text(order.display_total, "payments")}],
        "custom_fields": {**order.custom_fields, "epos": {**order.custom_fields.get("epos", {}),
                                                          "order_id": order.till_number}},
    }
    for key, value in (("private_ref", order.private_ref), ("ref", order.till_number),
                       ("service_type", order.service_type.value if order.service_type else None),
                       ("expected_time", _time_text(order.expected_time, "expected_time")),
                       ("customer_notes", order.customer_notes), ("collection_code", order.collection_code)):
        if value is not None:
            payload[key] = value
    if order.customer is not None:
        payload["customer"] = customer_to_payload(order.customer)
    return payload


def status_patch(status: OrderStatus, *, confirmed_time: datetime | None = None, rejection_cause: str | None = None,
                 rejection_info: dict | None = None) -> dict:
    patch: dict[str, Any] = {"status": OrderStatus(status).value}
    if confirmed_time is not None:
        patch["confirmed_time"] = _time_text(confirmed_time, "confirmed_time")
    if rejection_cause is not None:
        patch["custom_fields"] = {"epos": {"rejection": {"cause": rejection_cause, "info": rejection_info or {}}}}
    return patch


def payment_patch(amount: Money, name: str, ref: str, private_ref: str | None = None) -> dict:
    if amount.amount <= 0:
        raise WriteValidationError("Le montant d'un paiement envoyé à HubRise doit être positif.")
    payment = {"name": name, "ref": ref, "amount": _money_text(amount, "payments")}
    if private_ref:
        payment["private_ref"] = private_ref
    return {"payments": [payment]}


def customer_to_payload(customer: Customer) -> dict:
    """The customer as HubRise takes it (customers page): the phone in E.164, as the page requires for any new
    implementation. A number saved before the till checked them and still unreadable is left out rather than
    sent in a form HubRise will one day refuse."""
    payload = {key: getattr(customer, key) for key in CUSTOMER_FIELDS if getattr(customer, key)}
    if "phone" in payload:
        phone = to_e164_or_none(payload["phone"])
        if phone is None:
            del payload["phone"]
        else:
            payload["phone"] = phone
    return payload
