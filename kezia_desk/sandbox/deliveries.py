"""Deliveries in the sandbox (HubRise's deliveries page; orders page §11 « Order Delivery »).

One delivery per order of service type `delivery`: POST attaches it, GET reads it, PATCH changes it (all but
`carrier`, `carrier_ref` and `fee`). The order then carries it in its `delivery` field, without the driver's
position, and "attaching or updating a delivery triggers an order.update callback event, which includes the
delivery field in its payload" — except a change of the driver's position alone, which only fires
delivery.update, as the orders page says.
"""
from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .orders import render_order
from .state import Connection, SandboxState
from .validation import ApiError, Checker

STATUSES = ("pending", "pickup_enroute", "pickup_approaching", "pickup_waiting", "dropoff_enroute",
            "dropoff_approaching", "dropoff_waiting", "delivered", "cancelled")
FIELDS = ("carrier", "carrier_ref", "ref", "status", "fee", "estimated_pickup_at", "estimated_dropoff_at",
          "tracking_url", "driver_pickup_url", "driver_name", "driver_phone", "driver_phone_access_code",
          "driver_latitude", "driver_longitude")
FIXED = ("carrier", "carrier_ref", "fee")
POSITION = ("driver_latitude", "driver_longitude")
STAMPS = {"delivered": "delivered_at", "cancelled": "cancelled_at", "dropoff_enroute": "pickup_at"}


def _state(request: Request) -> SandboxState:
    return request.app.state.sandbox_state


def _checked(body: Any, creating: bool, currency: str) -> dict:
    if not isinstance(body, dict):
        raise ApiError(400, "bad_request", "The request body must be a JSON object")
    check = Checker()
    if creating:
        check.string(body.get("carrier"), "carrier", required=True)
    if creating or "status" in body:
        if body.get("status") not in STATUSES:
            check.fail("status", f"{body.get('status')!r} is not a valid delivery status")
    check.money(body.get("fee"), "fee", currency, required=False)
    for key in ("estimated_pickup_at", "estimated_dropoff_at"):
        check.time(body.get(key), key)
    for key in POSITION:
        check.decimal(body.get(key), key, required=False)
    if not creating:
        for key in FIXED:
            if key in body:
                check.fail(key, "cannot be changed")
    check.raise_if_any()
    return {key: copy.deepcopy(body[key]) for key in FIELDS if key in body}


def on_order(delivery: dict) -> dict:
    """The delivery as the order shows it: everything but the driver's position."""
    return {key: copy.deepcopy(value) for key, value in delivery.items() if key not in POSITION}


async def delivery(request: Request, connection: Connection) -> Response:
    from .app import json_body

    state = _state(request)
    with state.lock:
        order = state.orders.get(request.path_params["order_id"])
    if order is None:
        raise ApiError(404, "not_found", "Order not found")
    current = order.get("_delivery")
    if request.method == "GET":
        if current is None:
            raise ApiError(404, "not_found", "Delivery not found")
        return JSONResponse(copy.deepcopy(current))
    creating = request.method == "POST"
    if creating and order.get("service_type") != "delivery":
        raise ApiError(422, "unprocessable_entity", "Validation failed",
                       [{"field": "service_type", "message": "a delivery needs an order of service type delivery"}])
    if creating and current is not None:
        raise ApiError(422, "unprocessable_entity", "Validation failed",
                       [{"field": "order_id", "message": "the order already has a delivery"}])
    if not creating and current is None:
        raise ApiError(404, "not_found", "Delivery not found")
    fields = _checked(await json_body(request), creating, state.account["currency"])
    with state.lock:
        previous = copy.deepcopy(order)
        if creating:
            current = {"id": state.new_id(), "order_id": order["id"], "location_id": order["location_id"],
                       **{key: None for key in FIELDS}, "assigned_at": None, "pickup_at": None,
                       "delivered_at": None, "cancelled_at": None}
        else:
            assert current is not None  # checked above: updating needs a delivery
            current = copy.deepcopy(current)
        before = copy.deepcopy(current)
        current.update(fields)
        stamp = STAMPS.get(str(current.get("status")))
        if stamp and before.get("status") != current["status"]:
            current[stamp] = state.now_iso()
        order["_delivery"] = current
        ids = {"delivery_id": current["id"], "order_id": order["id"], "location_id": order["location_id"]}
        state.emit(connection, "delivery", "create" if creating else "update", ids, lambda _: copy.deepcopy(current),
                   lambda _: copy.deepcopy(before))
        if on_order(current) != on_order(before) or creating:
            order["delivery"] = on_order(current)
            state.emit(connection, "order", "update", {"order_id": order["id"], "location_id": order["location_id"]},
                       lambda name: render_order(order, name), lambda name: render_order(previous, name))
        return JSONResponse(copy.deepcopy(current))


def routes(api: Callable[..., Any]) -> list[Route]:
    return [Route(f"{prefix}/orders/{{order_id}}/delivery", api(delivery), methods=["GET", "POST", "PATCH"])
            for prefix in ("/v1/location", "/v1/locations/{location_id}")]
