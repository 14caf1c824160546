"""Catalogs and customer lists of the sandbox (hubrise-api.md §4): what a till needs to push its articles and
customers, and the demo catalog whose sku refs are the till's IDARTs.
"""
from __future__ import annotations

import copy
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..domain.demo_catalog import DEMO_ARTICLES
from .state import ACCOUNT_CATALOG_ID, CATALOG_ID, SHOP_NAME, Connection, SandboxState
from .validation import ApiError, Checker

CUSTOMER_WRITABLE = ("private_ref", "email", "first_name", "last_name", "gender", "birth_date", "company_name",
                     "phone", "phone_access_code", "address_1", "address_2", "postal_code", "city", "state",
                     "country", "latitude", "longitude", "delivery_notes", "sms_marketing", "email_marketing",
                     "custom_fields")


def _state(request: Request) -> SandboxState:
    return request.app.state.sandbox_state  # set in routes()


def seed_demo_catalog(state: SandboxState) -> None:
    """The web shop's catalog: one product per demo article, sku ref = IDART; supplements as an option list."""
    categories: OrderedDict[str, dict] = OrderedDict()
    products: list[dict] = []
    options: list[dict] = []
    for article in DEMO_ARTICLES:
        money = f"{article.price} EUR" if "." in article.price else f"{article.price}.00 EUR"
        if article.is_option:
            options.append({"ref": str(article.idart), "name": article.name, "price": money, "default": False})
            continue
        if article.name == "FRAIS DE PORT TTC":
            continue
        categories.setdefault(article.category, {"ref": article.category.lower(), "name": article.category})
        products.append({"ref": f"P{article.idart}", "category_ref": article.category.lower(), "name": article.name,
                         "skus": [{"ref": str(article.idart), "name": None, "price": money,
                                   "option_list_refs": ["supplements"] if article.category == "Pizzas" else []}]})
    data = {"categories": list(categories.values()), "products": products,
            "option_lists": [{"ref": "supplements", "name": "Suppléments", "min_selections": 0,
                              "max_selections": None, "options": options}],
            "deals": [], "discounts": [],
            "charges": [{"ref": "9001", "name": "Frais de livraison", "type": "delivery", "price": "2.50 EUR"}]}
    state.catalogs[CATALOG_ID] = {"id": CATALOG_ID, "location_id": state.location["id"], "name": SHOP_NAME,
                                  "created_at": state.now_iso(), "data": data}
    # A catalog shared by the whole account: readable by the till's location connection, not replaceable by it.
    state.catalogs[ACCOUNT_CATALOG_ID] = {"id": ACCOUNT_CATALOG_ID, "account_id": state.account["id"],
                                          "name": "Carte commune", "created_at": state.now_iso(),
                                          "data": copy.deepcopy(data)}


def _catalog_summary(catalog: dict, hide_data: bool = True) -> dict:
    """A catalog as HubRise answers it. Its option lists are uploaded as `option_lists` but read back as
    `options_lists` (catalogs page: Create Catalog's `data.option_lists`, Retrieve Catalog's example)."""
    out = {k: copy.deepcopy(v) for k, v in catalog.items() if k != "data" or not hide_data}
    if isinstance(out.get("data"), dict) and "option_lists" in out["data"]:
        out["data"] = {("options_lists" if key == "option_lists" else key): value
                       for key, value in out["data"].items()}
    return out


def _refuse_account_catalog_change(found: dict) -> None:
    """Catalogs page: "For update and delete operations, an account access token is required to modify an
    account level catalog. A 401 (unauthorized request) error code is returned otherwise." Every sandbox
    connection is location-level."""
    if found.get("account_id"):
        raise ApiError(401, "unauthorized", "An account access token is required to modify an account level "
                                            "catalog")


def _check_catalog_data(data: Any) -> None:
    check = Checker()
    if not isinstance(data, dict):
        check.fail("data", "must be an object")
        check.raise_if_any()
    for n, product in enumerate(data.get("products") or []):
        skus = product.get("skus") if isinstance(product, dict) else None
        if not skus:
            check.fail(f"products[{n}].skus", "must contain at least one sku")
            continue
        for m, sku in enumerate(skus):
            check.money(sku.get("price"), f"products[{n}].skus[{m}].price", "EUR")
    for n, option_list in enumerate(data.get("option_lists") or []):
        for m, option in enumerate(option_list.get("options") or []):
            check.money(option.get("price"), f"option_lists[{n}].options[{m}].price", "EUR")
    for n, charge in enumerate(data.get("charges") or []):
        if charge.get("price") is not None:
            check.money(charge.get("price"), f"charges[{n}].price", "EUR")
    check.raise_if_any()


async def _body(request: Request) -> Any:
    from .app import json_body

    return await json_body(request)


async def location_catalogs(request: Request, connection: Connection) -> Response:
    state = _state(request)
    if request.method == "POST":
        body = await _body(request)
        name = body.get("name") if isinstance(body, dict) else None
        if not isinstance(name, str) or not name.strip():
            raise ApiError(422, "unprocessable_entity", "Validation failed",
                           [{"field": "name", "message": "is required"}])
        with state.lock:
            if any(c["name"] == name for c in state.catalogs.values()):
                raise ApiError(422, "unprocessable_entity", "Validation failed",
                               [{"field": "name", "message": "has already been taken"}])
            _check_catalog_data(body.get("data") or {})
            catalog = {"id": state.new_id(), "location_id": state.location["id"], "name": name,
                       "created_at": state.now_iso(), "data": copy.deepcopy(body.get("data") or {})}
            state.catalogs[str(catalog["id"])] = catalog
            return JSONResponse(_catalog_summary(catalog))
    with state.lock:
        return JSONResponse([_catalog_summary(c) for c in state.catalogs.values()])


async def catalog(request: Request, connection: Connection) -> Response:
    state = _state(request)
    with state.lock:
        found = state.catalogs.get(request.path_params["catalog_id"])
    if found is None:
        raise ApiError(404, "not_found", "Catalog not found")
    if request.method in ("PUT", "DELETE"):
        _refuse_account_catalog_change(found)
    if request.method == "PUT":
        body = await _body(request)
        if not isinstance(body, dict):
            raise ApiError(400, "bad_request", "The request body must be a JSON object")
        if "data" in body:
            _check_catalog_data(body["data"])
        with state.lock:
            if body.get("name"):
                found["name"] = body["name"]
            if "data" in body:
                found["data"] = copy.deepcopy(body["data"])
    elif request.method == "DELETE":
        with state.lock:
            del state.catalogs[found["id"]]
        return JSONResponse({})
    hide = request.query_params.get("hide_data") == "true"
    with state.lock:
        return JSONResponse(_catalog_summary(found, hide))


async def location_customer_lists(request: Request, connection: Connection) -> Response:
    state = _state(request)
    with state.lock:
        return JSONResponse(copy.deepcopy(list(state.customer_lists.values())))


def _customer_list(state: SandboxState, list_id: str) -> OrderedDict[str, dict]:
    customers = state.customers.get(list_id)
    if customers is None:
        raise ApiError(404, "not_found", "Customer list not found")
    return customers


def _validate_customer(body: Any) -> dict:
    if not isinstance(body, dict):
        raise ApiError(400, "bad_request", "The request body must be a JSON object")
    check = Checker()
    for key in ("latitude", "longitude"):
        check.decimal(body.get(key), key, required=False)
    if body.get("gender") not in (None, "male", "female"):
        check.fail("gender", "must be male or female")
    check.raise_if_any()
    return {k: copy.deepcopy(v) for k, v in body.items() if k in CUSTOMER_WRITABLE}


async def customers(request: Request, connection: Connection) -> Response:
    from .app import paginate

    state = _state(request)
    list_id = request.path_params["customer_list_id"]
    if request.method == "POST":
        fields = _validate_customer(await _body(request))
        with state.lock:
            people = _customer_list(state, list_id)
            private_ref = fields.get("private_ref")
            if private_ref and any(c.get("private_ref") == private_ref for c in people.values()):
                raise ApiError(422, "unprocessable_entity", "Validation failed",
                               [{"field": "private_ref", "message": "has already been taken"}])
            customer = {"id": state.new_id(), "customer_list_id": list_id, "anonymised": False,
                        **{k: None for k in CUSTOMER_WRITABLE}, "sms_marketing": False, "email_marketing": False,
                        "custom_fields": {}, **fields, "created_at": state.now_iso(), "nb_orders": 0,
                        "order_total": "0.00 EUR", "first_order_date": None, "last_order_date": None,
                        "loyalty_cards": []}
            people[customer["id"]] = customer
            _emit_customer(state, connection, "create", customer)
            return JSONResponse(copy.deepcopy(customer))
    filters = {k: v for k, v in request.query_params.items() if k in ("private_ref", "email", "phone")}

    def matches(customer: dict) -> bool:
        for key, wanted in filters.items():
            value = customer.get(key) or ""
            if wanted.endswith("*") and value.startswith(wanted[:-1]):
                continue
            if value != wanted:
                return False
        return True

    with state.lock:
        found = [copy.deepcopy(c) for c in _customer_list(state, list_id).values() if matches(c)]
    return paginate(request, found)


async def customer(request: Request, connection: Connection) -> Response:
    state = _state(request)
    with state.lock:
        found = _customer_list(state, request.path_params["customer_list_id"]).get(request.path_params["customer_id"])
    if found is None:
        raise ApiError(404, "not_found", "Customer not found")
    if request.method in ("PATCH", "PUT"):
        fields = _validate_customer(await _body(request))
        with state.lock:
            previous = copy.deepcopy(found)
            found.update(fields)
            _emit_customer(state, connection, "update", found, previous)
    with state.lock:
        return JSONResponse(copy.deepcopy(found))


def _emit_customer(state: SandboxState, cause: Connection, event_type: str, customer: dict,
                   previous: dict | None = None) -> None:
    """customer.create / customer.update for the connections that subscribed to them (callbacks page), with the
    ids HubRise's event example shows: customer_list_id and customer_id."""
    ids = {"customer_list_id": customer["customer_list_id"], "customer_id": customer["id"]}
    state.emit(cause, "customer", event_type, ids, lambda _: copy.deepcopy(customer),
               (lambda _: copy.deepcopy(previous)) if previous is not None else None)


def routes(api: Callable[..., Any]) -> list[Route]:
    heavy = {"heavy": True}
    return [
        Route("/v1/catalogs/{catalog_id}", api(catalog, **heavy), methods=["GET", "PUT", "DELETE"]),
        Route("/v1/customer_lists/{customer_list_id}/customers", api(customers, **heavy), methods=["GET", "POST"]),
        Route("/v1/customer_lists/{customer_list_id}/customers/{customer_id}", api(customer),
              methods=["GET", "PATCH", "PUT"]),
    ]
