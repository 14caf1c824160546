"""The Fiche commande as HTML for a QTextBrowser: readable at a glance, removed ingredients struck through."""
from __future__ import annotations

import re
from html import escape

from ...domain.money import money_sum
from ...domain.order import Order, OrderDelivery, is_to_collect
from ...domain.phone import display_fr
from ...domain.shop_time import SHOP_TIMEZONE

_TILL_MARKER = re.compile(r"ticket-\d+")  # the till's own payment once HubRise has it (services/invoicing.py)


def _t(value: object) -> str:
    return escape(str(value)) if value not in (None, "") else "—"


def _time(value: object) -> str:
    return value.astimezone(SHOP_TIMEZONE).strftime("%d/%m %H:%M") if value is not None else "—"  # type: ignore[attr-defined]


def order_html(order: Order) -> str:
    customer = order.customer
    paid = order.paid_amount()
    number = f"{escape(order.till_number)} — " if order.till_number else ""  # a till order's own number
    lines = [f"<h2>{number}{escape(order.customer_name)} — "
             f"{_t(order.service_type.label if order.service_type else None)}</h2>",
             "<table cellspacing='4'>",
             *([f"<tr><td><b>N° caisse</b></td><td colspan='3'>{escape(order.till_number)}</td></tr>"]
               if order.till_number else []),
             f"<tr><td><b>Code</b></td><td>{_t(order.collection_code)}</td><td><b>HubRise</b></td>"
             f"<td>{_t(order.hubrise_id)}</td></tr>",
             f"<tr><td><b>Prévue</b></td><td>{_time(order.expected_time)}</td><td><b>Confirmée</b></td>"
             f"<td>{_time(order.confirmed_time)}</td></tr>",
             f"<tr><td><b>Téléphone</b></td><td>{phone_text(order)}</td>"
             f"<td><b>Statut</b></td><td>{escape(order.status.label)}</td></tr>",
             f"<tr><td><b>Adresse</b></td><td colspan='3'>{_t(customer.address if customer else None)}"
             f"{' — ' + escape(customer.delivery_notes) if customer and customer.delivery_notes else ''}</td></tr>",
             "</table>"]
    if order.delivery is not None:
        lines.append(delivery_html(order.delivery))
    if order.flag_details:
        lines.append("<p style='background:#fde8e6;color:#a3211a;padding:4px'>⚠ "
                     + "<br>⚠ ".join(escape(d) for d in order.flag_details) + "</p>")
    deals = {deal.key: deal.name for deal in order.deals}
    lines.append("<table width='100%' cellspacing='2' style='margin-top:6px'>"
                 "<tr style='background:#e3e8ee'><th align='left'>Qté</th><th align='left'>Article</th>"
                 "<th align='left'>Code</th><th align='right'>Prix</th></tr>")
    for item in order.items:
        style = " style='text-decoration:line-through;color:#8a96a3'" if item.deleted else ""
        unknown = " <span style='color:#a3211a'><b>article inconnu</b></span>" if item.unknown_article else ""
        deal = (f" <i>({escape(deals.get(item.deal_key or '', 'menu'))} : {_t(item.deal_label)})</i>"
                if item.deal_key is not None else "")
        # The item's own amount, its options' amounts apart: the lines add up to the subtotal, hence to the total.
        options = {id(o): o.total_per_unit * item.quantity for o in item.options if o.total_per_unit is not None}
        own = (item.subtotal or item.computed_subtotal()) - money_sum(list(options.values()), order.currency)
        code = item.idart if item.idart is not None else (item.sku_ref or "")
        lines.append(f"<tr{style}><td>{escape(format(item.quantity.normalize(), 'f'))}</td><td>{escape(item.label)}"
                     f"{deal}{unknown}</td><td>{escape(str(code))}</td>"
                     f"<td align='right'>{own.format_fr()}</td></tr>")
        for option in item.options:
            text = escape(option.name)
            amount = options.get(id(option))
            price = amount.format_fr() if amount is not None and amount.amount else ""
            if option.removed:
                text = f"<s>{text}</s> (retiré)"
            lines.append(f"<tr><td></td><td>&nbsp;&nbsp;• {text}</td><td>{_t(option.ref)}</td>"
                         f"<td align='right'>{price}</td></tr>")
        if item.customer_notes:
            lines.append(f"<tr><td></td><td colspan='3'><i>Note : {escape(item.customer_notes)}</i></td></tr>")
    for charge in order.charges:
        lines.append(f"<tr><td>1</td><td>{escape(charge.name)}</td><td>{_t(charge.ref)}</td>"
                     f"<td align='right'>{charge.price.format_fr()}</td></tr>")
    for discount in order.discounts:
        lines.append(f"<tr><td></td><td>Remise : {escape(discount.name)}</td><td>{_t(discount.ref)}</td>"
                     f"<td align='right'>-{discount.price_off.format_fr()}</td></tr>")
    lines.append(f"<tr style='background:#e3e8ee'><td></td><td><b>Total TTC</b></td><td></td>"
                 f"<td align='right'><b>{order.display_total.format_fr()}</b></td></tr></table>")
    # Once invoiced, the till's own payment is shown once, and what was « à encaisser » was collected by it.
    invoiced = order.paid_at_till is not None
    shown = [p for p in order.payments if not p.deleted
             and not (invoiced and (_TILL_MARKER.fullmatch(p.ref or "") or is_to_collect(p)))]
    payments = ", ".join([f"{escape(p.name or 'Paiement')} {p.amount.format_fr()}"
                          f"{' (à encaisser)' if is_to_collect(p) else ''}" for p in shown]
                         + ([f"Encaissé en caisse {order.paid_at_till.format_fr()}"]
                            if order.paid_at_till is not None else []))
    state = "Payée" if order.is_paid else f"Non payée (réglé : {paid.format_fr()})"
    lines.append(f"<p><b>Paiement :</b> {state}{' — ' + payments if payments else ''}</p>")
    due = order.amount_due()
    if due.amount > 0:
        lines.append(f"<p style='background:#fff4d6;padding:4px;font-size:large'><b>À encaisser : "
                     f"{due.format_fr()}</b></p>")
    if order.coupon_codes:
        lines.append(f"<p><b>Codes promo :</b> {escape(', '.join(order.coupon_codes))}</p>")
    if order.customer_notes:
        lines.append(f"<p><b>Note du client :</b> {escape(order.customer_notes)}</p>")
    return "\n".join(lines)


def phone_text(order: Order) -> str:
    """The customer's phone the French way, with the platform's access code beside it when there is one (the code
    a courier or the shop types after calling a masked number: `phone_access_code`, orders page example)."""
    customer = order.customer
    if customer is None or not customer.phone:
        return "—"
    text = escape(display_fr(customer.phone))
    if customer.phone_access_code:
        text += f" — <b>code d'accès {escape(customer.phone_access_code)}</b>"
    return text


def delivery_html(delivery: OrderDelivery) -> str:
    """HubRise's `delivery` (orders page §11): carrier and status, courier and phone, estimated times, tracking."""
    courier = escape(delivery.driver_name or "—")
    if delivery.driver_phone:
        courier += f", {escape(display_fr(delivery.driver_phone))}"
        if delivery.driver_phone_access_code:
            courier += f" (code {escape(delivery.driver_phone_access_code)})"
    rows = [f"<tr><td><b>Livraison</b></td><td>{_t(delivery.carrier)}</td><td><b>État</b></td>"
            f"<td>{escape(DELIVERY_STATUS_LABELS.get(delivery.status or '', delivery.status or '—'))}</td></tr>",
            f"<tr><td><b>Livreur</b></td><td colspan='3'>{courier}</td></tr>",
            f"<tr><td><b>Retrait prévu</b></td><td>{_time(delivery.estimated_pickup_at)}</td>"
            f"<td><b>Livraison prévue</b></td><td>{_time(delivery.estimated_dropoff_at)}</td></tr>"]
    if delivery.tracking_url:
        rows.append(f"<tr><td><b>Suivi</b></td><td colspan='3'>{escape(delivery.tracking_url)}</td></tr>")
    return "<table cellspacing='4' style='background:#eef4fb'>" + "".join(rows) + "</table>"


DELIVERY_STATUS_LABELS = {
    "pending": "en attente d'un livreur", "pickup_enroute": "livreur en route vers la boutique",
    "pickup_approaching": "livreur bientôt à la boutique", "pickup_waiting": "livreur à la boutique",
    "dropoff_enroute": "en route vers le client", "dropoff_approaching": "bientôt chez le client",
    "dropoff_waiting": "livreur chez le client", "delivered": "livrée", "cancelled": "livraison annulée",
}
