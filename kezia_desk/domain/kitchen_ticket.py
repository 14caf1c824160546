"""The kitchen ticket (bon de préparation) of an order: what to make and for when, never a price.

Service type and time in large type so they read from across the kitchen; removed ingredients as « SANS … »;
item notes and the customer's note; for a delivery, who and where (with the access code of a masked phone).
"""
from __future__ import annotations

from .order import Order, OrderItem, ServiceType
from .phone import display_fr
from .print_document import REPRINT_BANNER, Layout, PrintDocument
from .receipt import quantity_text
from .shop_time import SHOP_TIMEZONE


def render_kitchen_ticket(order: Order, columns: int, *, reprint: bool = False) -> PrintDocument:
    out = Layout(columns)
    if reprint:
        out.add(REPRINT_BANNER, large=True, bold=True, align="center")
    service = order.service_type.label.upper() if order.service_type else "COMMANDE"
    out.add(service, large=True, bold=True, align="center")
    when = order.confirmed_time or order.expected_time
    if when is not None:
        out.add(f"pour {when.astimezone(SHOP_TIMEZONE).strftime('%H:%M')}", large=True, bold=True, align="center")
    else:
        out.add("dès que possible", large=True, bold=True, align="center")
    if order.collection_code:
        out.add(f"Code {order.collection_code}", large=True, bold=True, align="center")
    reference = order.till_number or order.ref
    if reference:
        out.add(f"Commande {reference}", align="center")
    out.rule("=")
    customer = order.customer
    out.add(order.customer_name, bold=True)
    if customer is not None and order.service_type is ServiceType.DELIVERY:
        if customer.phone:
            phone = display_fr(customer.phone)
            code = f" (code {customer.phone_access_code})" if customer.phone_access_code else ""
            out.add(f"Tél. {phone}{code}")
        if customer.address:
            out.add(customer.address)
        if customer.delivery_notes:
            out.add(f"Livraison : {customer.delivery_notes}")
    out.rule("=")
    for item in order.live_items():
        _item(out, item)
    if order.customer_notes:
        out.rule()
        out.add("NOTE DU CLIENT :", bold=True)
        out.add(order.customer_notes)
    out.rule()
    received = order.created_at.astimezone(SHOP_TIMEZONE).strftime("%d/%m %H:%M") if order.created_at else ""
    if received:
        out.add(f"Reçue le {received}")
    title = f"Bon de préparation {order.collection_code or reference or order.local_id or ''}".strip()
    return out.document(title + (f" — {REPRINT_BANNER}" if reprint else ""))


def _item(out: Layout, item: OrderItem) -> None:
    out.add(f"{quantity_text(item.quantity)} x {item.label}", bold=True)
    for option in item.options:
        if option.removed:
            out.add(f"   SANS {option.name}", bold=True)
        else:
            count = f"{option.quantity} x " if option.quantity > 1 else ""
            out.add(f"   + {count}{option.name}")
    if item.customer_notes:
        out.add(f"   ! {item.customer_notes}")
