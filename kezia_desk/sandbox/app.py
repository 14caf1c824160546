"""The HubRise-compatible Starlette application (hubrise-api.md §5), for demo mode, training and tests.

`create_sandbox()` returns a `Sandbox`: `.app` is the ASGI app (API under /v1, OAuth under /oauth2/v1, test
controls under /_sandbox), `.state` the in-memory world, and helpers for tests and the demo web shop.
"""
from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import catalogs_customers, deliveries, oauth
from .faults import DROPPED, FaultMiddleware, Faults, RateLimiter
from .orders import create_order, order_matches, patch_order, render_order
from .state import DEFAULT_SHOP_TOKEN, DEFAULT_TILL_TOKEN, REVOKED_MESSAGE, Connection, SandboxState
from .validation import ApiError

Handler = Callable[[Request, Connection], Awaitable[Response]]
MAX_COUNT = 100
RAW_STATE = "_raw_new_state"  # an injected event's new_state, as JSON text


class Sandbox:
    def __init__(self, till_token: str = DEFAULT_TILL_TOKEN, shop_token: str = DEFAULT_SHOP_TOKEN,
                 rate_limits: bool = True, seed: int | None = None) -> None:
        self.state = SandboxState(till_token, shop_token, seed)
        self.faults = Faults(self.state.rng)
        self.rate_limiter = RateLimiter(rate_limits)
        self.calls: list[tuple[str, str, dict[str, str]]] = []  # (method, path, query) of every API call, for tests
        catalogs_customers.seed_demo_catalog(self.state)
        self.app = FaultMiddleware(self._build_app(), self.faults)

    # --- helpers for tests and the demo web shop ----------------------------------------------------------
    def place_shop_order(self, payload: dict) -> dict:
        """Create an order as the web shop connection would (events go to the till)."""
        connection = self.state.connections[self.state.shop_token]
        return render_order(create_order(self.state, connection, payload), connection.client_name)

    def update_as_shop(self, order_id: str, patch: dict) -> dict:
        connection = self.state.connections[self.state.shop_token]
        order = self.state.orders[order_id]
        return render_order(patch_order(self.state, connection, order, patch), connection.client_name)

    def orders(self) -> list[dict]:
        with self.state.lock:
            return [render_order(o, "") for o in self.state.orders.values()]

    def order(self, order_id: str, client: str = "") -> dict:
        with self.state.lock:
            return render_order(self.state.orders[order_id], client)

    def pending_events(self, token: str | None = None) -> list[dict]:
        with self.state.lock:
            connection = self.state.connections[token or self.state.till_token]
            return self.state.copy(list(connection.events.values()))

    def inject_event(self, new_state_json: str, token: str | None = None, event_type: str = "create") -> str:
        """Queue an order event whose `new_state` is any JSON text, served byte for byte (tests only: what a
        misbehaving ordering app could make HubRise deliver, beyond what the API's validation lets through)."""
        with self.state.lock:
            event = {"id": self.state.new_id(), "resource_type": "order", "event_type": event_type,
                     "created_at": self.state.now_iso(), RAW_STATE: new_state_json}
            self.state.connections[token or self.state.till_token].events[event["id"]] = event
            return event["id"]

    def revoke(self, token: str | None = None, message: str = REVOKED_MESSAGE) -> None:
        with self.state.lock:
            self.state.connections[token or self.state.till_token].revoked_message = message

    # --- the application -------------------------------------------------------------------------------------
    def _build_app(self) -> Starlette:
        api = self._api
        routes = [
            Route("/v1/location", api(self._get_location)),
            Route("/v1/locations/{location_id}", api(self._get_location)),
            Route("/v1/account", api(self._get_account)),
            Route("/v1/accounts/{account_id}", api(self._get_account)),
            Route("/v1/callback", api(self._callback), methods=["GET", "POST", "DELETE"]),
            Route("/v1/callback/events", api(self._list_events)),
            Route("/v1/callback/events/{event_id}", api(self._event), methods=["GET", "DELETE"]),
        ]
        for prefix in ("/v1/location", "/v1/locations/{location_id}"):
            routes += [
                Route(f"{prefix}/orders", api(self._orders, heavy=True), methods=["GET", "POST"]),
                Route(f"{prefix}/orders/{{order_id}}", api(self._order), methods=["GET", "PATCH", "PUT"]),
                Route(f"{prefix}/catalogs", api(catalogs_customers.location_catalogs), methods=["GET", "POST"]),
                Route(f"{prefix}/customer_lists", api(catalogs_customers.location_customer_lists)),
            ]
        routes += catalogs_customers.routes(api)
        routes += deliveries.routes(api)
        routes += oauth.routes(self.state)
        routes += [Route("/_sandbox/state", self._control_state),
                   Route("/_sandbox/faults", self._control_faults, methods=["GET", "POST", "DELETE"]),
                   Route("/_sandbox/shop/orders", self._control_shop_order, methods=["POST"]),
                   Route("/_sandbox/events", self._control_inject_event, methods=["POST"])]

        async def not_found(request: Request, exc: Exception) -> Response:
            return JSONResponse({"error_type": "routing_error"}, status_code=404)

        async def not_allowed(request: Request, exc: Exception) -> Response:
            return JSONResponse({"error_type": "routing_error"}, status_code=405)

        app = Starlette(routes=routes, exception_handlers={404: not_found, 405: not_allowed})
        app.state.sandbox_state = self.state
        return app

    def _api(self, handler: Handler, heavy: bool = False) -> Callable[[Request], Awaitable[Response]]:
        """Wrap a handler: token check, location check, rate limits, JSON errors."""
        async def endpoint(request: Request) -> Response:
            try:
                connection = self._authenticate(request)
                location_id = request.path_params.get("location_id")
                if location_id is not None and location_id != self.state.location["id"]:
                    raise ApiError(403, "forbidden", "This connection has no access to this location")
                account_id = request.path_params.get("account_id")
                if account_id is not None and account_id != self.state.account["id"]:
                    raise ApiError(403, "forbidden", "This connection has no access to this account")
                is_heavy = heavy and request.method == "GET" and "order_id" not in request.path_params
                self.calls.append((request.method, request.url.path, dict(request.query_params)))
                wait = self.rate_limiter.check(connection.token, is_heavy)
                if wait is not None:
                    raise ApiError(429, "too_many_requests", "Rate limit exceeded",
                                   headers={"Retry-After": str(max(1, int(wait + 0.999)))})
                return await handler(request, connection)
            except ApiError as error:
                return JSONResponse(error.body(), status_code=error.status, headers=error.headers)
        return endpoint

    def _authenticate(self, request: Request) -> Connection:
        token = request.headers.get("x-access-token")
        with self.state.lock:
            connection = self.state.connections.get(token or "")
            if connection is None:
                raise ApiError(401, "unauthorized", REVOKED_MESSAGE)
            if connection.revoked_message:
                raise ApiError(401, "unauthorized", connection.revoked_message)
            return connection

    # --- location, account, callback, events ------------------------------------------------------------------
    async def _get_location(self, request: Request, connection: Connection) -> Response:
        return JSONResponse(self.state.copy(self.state.location))

    async def _get_account(self, request: Request, connection: Connection) -> Response:
        return JSONResponse(self.state.copy(self.state.account))

    async def _callback(self, request: Request, connection: Connection) -> Response:
        if request.method == "POST":
            body = await json_body(request)
            events = body.get("events") if isinstance(body, dict) else None
            if not isinstance(events, dict) or any(not isinstance(v, list) for v in events.values()):
                raise ApiError(422, "unprocessable_entity", "Validation failed",
                               [{"field": "events", "message": "must be an object of arrays"}])
            with self.state.lock:
                connection.callback = {"url": body.get("url"), "events": events}
        elif request.method == "DELETE":
            with self.state.lock:
                connection.callback = None
                connection.events.clear()
            return JSONResponse({})
        return JSONResponse(self.state.copy(connection.callback or {"url": None, "events": {}}))

    async def _list_events(self, request: Request, connection: Connection) -> Response:
        with self.state.lock:
            events = [{k: v for k, v in e.items() if k not in ("new_state", "previous_state", RAW_STATE)}
                      for e in connection.events.values()]
        return paginate(request, self.state.copy(events))

    async def _event(self, request: Request, connection: Connection) -> Response:
        event_id = request.path_params["event_id"]
        with self.state.lock:
            event = connection.events.get(event_id)
            if event is None:
                raise ApiError(404, "not_found", "Event not found")
            if request.method == "DELETE":
                del connection.events[event_id]
            if RAW_STATE in event:
                head = json.dumps({k: v for k, v in event.items() if k != RAW_STATE})
                return Response(f'{head[:-1]}, "new_state": {event[RAW_STATE]}}}'.encode(),
                                media_type="application/json")
            return JSONResponse(self.state.copy(event))

    # --- orders ----------------------------------------------------------------------------------------------
    async def _orders(self, request: Request, connection: Connection) -> Response:
        if request.method == "POST":
            order = create_order(self.state, connection, await json_body(request))
            return JSONResponse(render_order(order, connection.client_name))
        filters = {k: v for k, v in request.query_params.items()
                   if k in ("private_ref", "status", "created_by", "customer_id")}
        after, before = (query_time(request, "after"), query_time(request, "before"))
        with self.state.lock:
            matching = [render_order(o, connection.client_name) for o in reversed(self.state.orders.values())
                        if order_matches(o, connection.client_name, filters)
                        and (after is None or datetime.fromisoformat(o["created_at"]) >= after)
                        and (before is None or datetime.fromisoformat(o["created_at"]) < before)]
        return paginate(request, matching)

    async def _order(self, request: Request, connection: Connection) -> Response:
        with self.state.lock:
            order = self.state.orders.get(request.path_params["order_id"])
        if order is None:
            raise ApiError(404, "not_found", "Order not found")
        if request.method in ("PATCH", "PUT"):
            body = await json_body(request)
            patch_order(self.state, connection, order, body)
            if isinstance(body, dict) and body.get("payments"):
                with self.state.lock:
                    self.state.payment_log.append((order["id"], bool(request.scope.get(DROPPED))))
        with self.state.lock:
            return JSONResponse(render_order(order, connection.client_name))

    # --- test controls ---------------------------------------------------------------------------------------
    async def _control_state(self, request: Request) -> Response:
        return JSONResponse(self.state.snapshot())

    async def _control_faults(self, request: Request) -> Response:
        if request.method == "DELETE":
            self.faults.clear()
        elif request.method == "POST":
            body = await json_body(request)
            if body.pop("revoke_till_token", False):
                self.revoke()
            try:
                self.faults.set(**body)
            except (TypeError, ValueError) as exc:
                return JSONResponse({"error_type": "bad_request", "message": str(exc)}, status_code=400)
        return JSONResponse(vars(self.faults.settings))

    async def _control_inject_event(self, request: Request) -> Response:
        return JSONResponse({"id": self.inject_event((await request.body()).decode(),
                                                     event_type=request.query_params.get("event_type", "create"))})

    async def _control_shop_order(self, request: Request) -> Response:
        from .generator import WebShopOrderGenerator

        body = await request.body()
        payload = json.loads(body) if body else WebShopOrderGenerator().next_payload()
        return JSONResponse(self.place_shop_order(payload))


async def json_body(request: Request) -> Any:
    content_type = request.headers.get("content-type", "")
    if "application/json" not in content_type:
        raise ApiError(415, "unsupported_media_type", "Content-Type must be application/json")
    try:
        body = json.loads(await request.body() or b"null")
    except ValueError as exc:
        raise ApiError(400, "bad_request", "The request body is not valid JSON") from exc
    request.app.state.sandbox_state.record_request(request.method, request.url.path, body)
    return body


def query_time(request: Request, name: str) -> datetime | None:
    """`after` (inclusive) / `before` (exclusive) filters: ISO 8601 times with an offset, compared as times."""
    value = request.query_params.get(name)
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.replace(" ", "+"))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ApiError(422, "unprocessable_entity", "Validation failed", [{"field": name, "message": "is invalid"}])
    return moment


def paginate(request: Request, results: list[Any]) -> Response:
    """`count` (≤ 100) and an opaque `cursor`; X-Cursor-Next when more results exist."""
    try:
        count = int(request.query_params.get("count", MAX_COUNT))
        start = int(request.query_params.get("cursor", "0") or 0)
    except ValueError as exc:
        raise ApiError(400, "bad_request", "Invalid count or cursor") from exc
    count = max(1, min(count, MAX_COUNT))
    page = results[start:start + count]
    headers = {"X-Cursor-Next": str(start + count)} if start + count < len(results) else {}
    return JSONResponse(page, headers=headers)


def create_sandbox(*, till_token: str = DEFAULT_TILL_TOKEN, shop_token: str = DEFAULT_SHOP_TOKEN,
                   rate_limits: bool = True, seed: int | None = None) -> Sandbox:
    return Sandbox(till_token, shop_token, rate_limits, seed)
