"""Orders in the sandbox: creation with computed subtotals and totals, PATCH/PUT semantics (hubrise-api §2.7),
private refs kept per client, and rendering as a given client sees the order.
"""
from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from .state import Connection, SandboxState
from .validation import SERVICE_TYPES, ApiError, Checker, format_decimal, format_money

PRIVATE = "_private_refs"  # {client_name: private_ref}, on orders and on their items/charges/payments/discounts
SCALAR_PATCH_FIELDS = ("status", "confirmed_time", "seller_notes", "collection_code", "private_ref", "custom_fields")
COLLECTIONS = ("items", "discounts", "charges", "payments")
CUSTOMER_FIELDS = ("email", "first_name", "last_name", "gender", "birth_date", "company_name", "phone",
                   "phone_access_code", "address_1", "address_2", "postal_code", "city", "state", "country",
                   "latitude", "longitude", "delivery_notes", "sms_marketing", "email_marketing")


def _kept(elements: Any) -> list[dict]:
    return [element for element in elements if element]


def _private(element: dict, client: str, value: Any) -> None:
    element.setdefault(PRIVATE, {})
    if value is None:
        element[PRIVATE].pop(client, None)
    else:
        element[PRIVATE][client] = value


def _build_option(check: Checker, raw: Any, field: str, currency: str) -> dict | None:
    if not isinstance(raw, dict):
        check.fail(field, "must be an object")
        return None
    quantity = raw.get("quantity", 1)
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        check.fail(f"{field}.quantity", "must be a positive integer")
        quantity = 1
    price = raw.get("price")
    check.money(price, f"{field}.price", currency, required=False)
    return {"option_list_name": check.string(raw.get("option_list_name"), f"{field}.option_list_name", True),
            "name": check.string(raw.get("name"), f"{field}.name", True), "ref": check.string(raw.get("ref"),
            f"{field}.ref"), "price": price, "quantity": quantity,
            "removed": check.boolean(raw.get("removed"), f"{field}.removed")}


def _build_item(check: Checker, raw: Any, field: str, currency: str, client: str) -> dict | None:
    if not isinstance(raw, dict):
        check.fail(field, "must be an object")
        return None
    price = check.money(raw.get("price"), f"{field}.price", currency)
    quantity = check.decimal(raw.get("quantity"), f"{field}.quantity")
    check.decimal(raw.get("tax_rate"), f"{field}.tax_rate", required=False)
    options_raw = raw.get("options") or []
    if not isinstance(options_raw, list):
        check.fail(f"{field}.options", "must be an array")
        options_raw = []
    options = _kept(_build_option(check, r, f"{field}.options[{i}]", currency) for i, r in enumerate(options_raw))
    item = {"product_name": check.string(raw.get("product_name"), f"{field}.product_name", True),
            "sku_name": check.string(raw.get("sku_name"), f"{field}.sku_name"),
            "sku_ref": check.string(raw.get("sku_ref"), f"{field}.sku_ref"),
            "price": raw.get("price"), "quantity": format_decimal(quantity) if quantity is not None else None,
            "subtotal": None, "tax_rate": raw.get("tax_rate"), "customer_notes": raw.get("customer_notes"),
            "points_earned": raw.get("points_earned"), "points_used": raw.get("points_used"),
            "options": options, "deleted": False}
    if isinstance(raw.get("deal_line"), dict):
        line = raw["deal_line"]
        item["deal_line"] = {"deal_key": str(line.get("deal_key")), "position": None, "label": line.get("label"),
                             "pricing_effect": line.get("pricing_effect"), "pricing_value": line.get("pricing_value")}
    if price is not None and quantity is not None:
        unit = price + sum((Decimal(o["price"].split(" ")[0]) * o["quantity"] for o in options if o["price"]
                            and check.money(o["price"], "", currency, required=False) is not None), Decimal(0))
        item["subtotal"] = format_money(unit * quantity, currency)
    _private(item, client, raw.get("private_ref"))
    return item


def _build_simple(check: Checker, kind: str, raw: Any, field: str, currency: str, client: str) -> dict | None:
    if not isinstance(raw, dict):
        check.fail(field, "must be an object")
        return None
    if kind == "discounts":
        check.money(raw.get("price_off"), f"{field}.price_off", currency)
        element = {"name": check.string(raw.get("name"), f"{field}.name", True), "ref": raw.get("ref"),
                   "pricing_effect": "price_off", "pricing_value": raw.get("price_off"),
                   "price_off": raw.get("price_off")}
    elif kind == "charges":
        check.money(raw.get("price"), f"{field}.price", currency)
        check.decimal(raw.get("tax_rate"), f"{field}.tax_rate", required=False)
        charge_type = raw.get("type") or "other"
        element = {"type": charge_type, "name": check.string(raw.get("name"), f"{field}.name", True),
                   "ref": raw.get("ref"), "price": raw.get("price"), "tax_rate": raw.get("tax_rate"),
                   "charge_type": charge_type, "charge_ref": raw.get("ref"), "charge_price": raw.get("price")}
    else:
        check.money(raw.get("amount"), f"{field}.amount", currency)
        element = {"type": raw.get("type") or "online", "name": raw.get("name"), "ref": raw.get("ref"),
                   "amount": raw.get("amount"), "info": raw.get("info")}
    element["deleted"] = False
    _private(element, client, raw.get("private_ref"))
    return element


def _amount(money: str | None) -> Decimal:
    return Decimal(money.split(" ")[0]) if money else Decimal(0)


def compute_totals(order: dict, currency: str) -> None:
    """total = Σ item subtotals + Σ charges − Σ discounts (deleted elements excluded)."""
    live = {kind: [e for e in order[kind] if not e.get("deleted")] for kind in COLLECTIONS}
    total = (sum((_amount(i["subtotal"]) for i in live["items"]), Decimal(0))
             + sum((_amount(c["price"]) for c in live["charges"]), Decimal(0))
             - sum((_amount(d["price_off"]) for d in live["discounts"]), Decimal(0)))
    paid = sum((_amount(p["amount"]) for p in live["payments"]), Decimal(0))
    order["total"] = format_money(total, currency)
    order["payment_discrepancy"] = format_money(paid - total, currency)


def _customer_snapshot(state: SandboxState, payload: dict, check: Checker) -> dict | None:
    blank: dict[str, Any] = {"id": None, "customer_list_id": None, "anonymised": False, "private_ref": None,
             **{f: None for f in CUSTOMER_FIELDS}, "nb_orders": None, "order_total": None,
             "first_order_date": None, "last_order_date": None, "loyalty_cards": [], "custom_fields": {}}
    list_id, private_ref = payload.get("customer_list_id"), payload.get("customer_private_ref")
    if payload.get("customer_id") and (list_id or private_ref or payload.get("customer") is not None):
        check.fail("customer_id", "cannot be used with customer_list_id, customer_private_ref or customer")
        return None
    if payload.get("customer_id"):
        for customers in state.customers.values():
            if payload["customer_id"] in customers:
                return {**blank, **copy.deepcopy(customers[payload["customer_id"]])}
        raise ApiError(422, "unprocessable_entity", "Validation failed",
                       [{"field": "customer_id", "message": "customer not found"}])
    if list_id or private_ref:
        return _customer_by_private_ref(state, payload, check, blank)
    guest = payload.get("customer")
    if guest is None:
        return None
    if not isinstance(guest, dict):
        check.fail("customer", "must be an object")
        return None
    return {**blank, **{k: v for k, v in guest.items() if k in CUSTOMER_FIELDS}}


def _customer_by_private_ref(state: SandboxState, payload: dict, check: Checker, blank: dict) -> dict | None:
    """Orders page, Order's Customer: "By passing customer_list_id and customer_private_ref simultaneously. If a
    customer with this private ref exists in this customer list, it is attached to the order, otherwise an error
    is returned." The page names no status; the sandbox answers like its customer_id case (422)."""
    list_id, private_ref = payload.get("customer_list_id"), payload.get("customer_private_ref")
    if not list_id or not private_ref:
        check.fail("customer_private_ref" if list_id else "customer_list_id",
                   "customer_list_id and customer_private_ref must be passed together")
        return None
    if payload.get("customer") is not None:
        check.fail("customer", "cannot be used with customer_list_id and customer_private_ref")
        return None
    people = state.customers.get(list_id)
    if people is None:
        raise ApiError(422, "unprocessable_entity", "Validation failed",
                       [{"field": "customer_list_id", "message": "customer list not found"}])
    for person in people.values():
        if person.get("private_ref") == private_ref:
            return {**blank, **copy.deepcopy(person)}
    raise ApiError(422, "unprocessable_entity", "Validation failed",
                   [{"field": "customer_private_ref", "message": "customer not found"}])


def _loyalty_operations(check: Checker, raw: Any, customer: dict | None) -> list[dict]:
    """Echoed as sent (orders page: "All the fields of an order creation request are returned"); only for
    customer-linked orders, as the page says."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        check.fail("loyalty_operations", "must be an array")
        return []
    if raw and (customer is None or not customer.get("id")):
        check.fail("loyalty_operations", "can only be used for orders linked to a customer")
        return []
    operations = []
    for n, operation in enumerate(raw):
        if not isinstance(operation, dict):
            check.fail(f"loyalty_operations[{n}]", "must be an object")
            continue
        delta = check.decimal(operation.get("delta"), f"loyalty_operations[{n}].delta")
        operations.append({"ref": operation.get("ref"), "name": operation.get("name"),
                           "delta": format_decimal(delta) if delta is not None else None,
                           "reason": operation.get("reason")})
    return operations


def create_order(state: SandboxState, connection: Connection, payload: Any) -> dict:
    if not isinstance(payload, dict):
        raise ApiError(400, "bad_request", "The request body must be a JSON object")
    currency = state.account["currency"]
    check, client = Checker(), connection.client_name
    check.status(payload.get("status"))
    if payload.get("service_type") is not None and payload["service_type"] not in SERVICE_TYPES:
        check.fail("service_type", f"{payload['service_type']!r} is not a valid service type")
    expected, confirmed = check.time(payload.get("expected_time"), "expected_time"), \
        check.time(payload.get("confirmed_time"), "confirmed_time")
    lists = {kind: payload.get(kind) or [] for kind in COLLECTIONS}
    for kind, values in lists.items():
        if not isinstance(values, list):
            check.fail(kind, "must be an array")
            lists[kind] = []
    deals_raw = payload.get("deals") or {}
    if not isinstance(deals_raw, dict):
        check.fail("deals", "must be an object")
        deals_raw = {}
    items = _kept(_build_item(check, r, f"items[{n}]", currency, client) for n, r in enumerate(lists["items"]))
    others = {kind: _kept(_build_simple(check, kind, r, f"{kind}[{n}]", currency, client)
                          for n, r in enumerate(lists[kind])) for kind in ("discounts", "charges", "payments")}
    renumber = {str(old): str(new) for new, old in enumerate(deals_raw)}
    for item in items:
        if "deal_line" in item:
            key = item["deal_line"]["deal_key"]
            if key not in renumber:
                check.fail("items.deal_line.deal_key", f"{key!r} is not a key of deals")
            else:
                item["deal_line"]["deal_key"] = renumber[key]
    customer = _customer_snapshot(state, payload, check)
    loyalty = _loyalty_operations(check, payload.get("loyalty_operations"), customer)
    if payload.get("custom_fields") is not None and not isinstance(payload["custom_fields"], dict):
        check.fail("custom_fields", "must be an object")
    check.raise_if_any()
    order_id = state.new_id()
    for element in items + [e for values in others.values() for e in values]:
        element["id"] = state.new_id()
    order = {"id": order_id, "location_id": state.location["id"], "ref": payload.get("ref"),
             "channel": payload.get("channel") or client,
             "status": payload["status"], "service_type": payload.get("service_type"),
             "service_type_ref": payload.get("service_type_ref"), "created_at": state.now_iso(),
             "created_by": client, "expected_time": state.to_location_time(expected),
             "confirmed_time": state.to_location_time(confirmed), "customer_notes": payload.get("customer_notes"),
             "seller_notes": payload.get("seller_notes"), "collection_code": payload.get("collection_code"),
             "coupon_codes": list(payload.get("coupon_codes") or []), "total": None, "total_discrepancy": None,
             "payment_discrepancy": None, "items": items,
             "deals": {renumber[str(k)]: {"name": v.get("name") if isinstance(v, dict) else None,
                                          "ref": v.get("ref") if isinstance(v, dict) else None}
                       for k, v in deals_raw.items()},
             **others, "customer": customer, "loyalty_operations": loyalty,
             "custom_fields": copy.deepcopy(payload.get("custom_fields") or {})}
    _private(order, client, payload.get("private_ref"))
    compute_totals(order, currency)
    with state.lock:
        state.orders[order_id] = order
        state.emit(connection, "order", "create", {"order_id": order_id, "location_id": order["location_id"]},
                   lambda name: render_order(order, name))
    return order


def _merge_custom_fields(target: dict, changes: dict) -> None:
    for key, value in changes.items():
        if value is None:
            target.pop(key, None)
        else:
            target[key] = copy.deepcopy(value)


def patch_order(state: SandboxState, connection: Connection, order: dict, payload: Any) -> dict:
    """Scalar fields replaced; collections: add (no id), delete ({id, deleted: true}), set private ref."""
    if not isinstance(payload, dict):
        raise ApiError(400, "bad_request", "The request body must be a JSON object")
    currency, client, check = state.account["currency"], connection.client_name, Checker()
    if "status" in payload:
        check.status(payload["status"])
    confirmed = check.time(payload.get("confirmed_time"), "confirmed_time")
    if "custom_fields" in payload and not isinstance(payload["custom_fields"], (dict, type(None))):
        check.fail("custom_fields", "must be an object")
    with state.lock:
        previous = copy.deepcopy(order)
        staged = copy.deepcopy(order)
        for kind in COLLECTIONS:
            values = payload.get(kind)
            if values is None:
                continue
            if not isinstance(values, list):
                check.fail(kind, "must be an array")
                continue
            by_id = {e["id"]: e for e in staged[kind]}
            for n, raw in enumerate(values):
                field = f"{kind}[{n}]"
                if isinstance(raw, dict) and "id" in raw:
                    element = by_id.get(raw["id"])
                    if element is None:
                        check.fail(field, f"unknown id {raw['id']!r}")
                    elif raw.get("deleted") is True and set(raw) <= {"id", "deleted"}:
                        element["deleted"] = True
                    elif "private_ref" in raw and set(raw) <= {"id", "private_ref"}:
                        _private(element, client, raw["private_ref"])
                    else:
                        check.fail(field, "existing elements cannot be modified (delete and add instead)")
                    continue
                built = (_build_item(check, raw, field, currency, client) if kind == "items"
                         else _build_simple(check, kind, raw, field, currency, client))
                if built:
                    built["id"] = state.new_id()
                    staged[kind].append(built)
        check.raise_if_any()
        for key in SCALAR_PATCH_FIELDS:
            if key not in payload:
                continue
            if key == "private_ref":
                _private(staged, client, payload[key])
            elif key == "custom_fields":
                _merge_custom_fields(staged["custom_fields"], payload[key] or {})
            elif key == "confirmed_time":
                staged[key] = state.to_location_time(confirmed)
            else:
                staged[key] = payload[key]
        compute_totals(staged, currency)
        order.clear()
        order.update(staged)
        if "status" in payload:
            state.status_log.setdefault(order["id"], []).append((client, payload["status"]))
        state.emit(connection, "order", "update", {"order_id": order["id"], "location_id": order["location_id"]},
                   lambda name: render_order(order, name), lambda name: render_order(previous, name))
    return order


def render_order(order: dict, client: str) -> dict:
    """The order as `client` GETs it: its own private refs only, internal keys removed."""
    def clean(element: dict) -> dict:
        out = {k: copy.deepcopy(v) for k, v in element.items() if not k.startswith("_")}  # internal keys
        out["private_ref"] = element.get(PRIVATE, {}).get(client)
        return out

    rendered = clean(order)
    for kind in COLLECTIONS:
        rendered[kind] = [clean(e) for e in order[kind]]
    return rendered


def order_matches(order: dict, client: str, filters: dict[str, str]) -> bool:
    if "private_ref" in filters and order.get(PRIVATE, {}).get(client) != filters["private_ref"]:
        return False
    if "status" in filters and order["status"] != filters["status"]:
        return False
    if "created_by" in filters and order["created_by"] != filters["created_by"]:
        return False
    if "customer_id" in filters and (order.get("customer") or {}).get("id") != filters["customer_id"]:
        return False
    return True
