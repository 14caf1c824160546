"""The sandbox's in-memory world: one account, one location, connections (tokens), orders, customers,
catalogs and the passive-callback event queues. Guarded by one lock: uvicorn may serve it from a thread while
a test reads it from another.
"""
from __future__ import annotations

import copy
import random
import string
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

DEFAULT_TILL_TOKEN = "sandbox-till-token"
DEFAULT_SHOP_TOKEN = "sandbox-shop-token"
TILL_CLIENT_NAME = "Kezia Desk"
SHOP_CLIENT_NAME = "Boutique web démo"
ACCOUNT_ID = "3r4s3"
LOCATION_ID = "3r4s3-1"
CATALOG_ID = "psmlf"
ACCOUNT_CATALOG_ID = "87yu4"  # an account-level catalog (a location token may read it, not replace it)
CUSTOMER_LIST_ID = "xab66"
SHOP_NAME = "Pizzeria Demo"
TIMEZONE = "Europe/Paris"
REVOKED_MESSAGE = "The access token is invalid or the connection has been revoked"


@dataclass
class Connection:
    token: str
    client_name: str
    device_id: str | None = None
    revoked_message: str | None = None
    callback: dict | None = None
    events: OrderedDict[str, dict] = field(default_factory=OrderedDict)

    def subscribed(self, resource_type: str, event_type: str) -> bool:
        return self.callback is not None and event_type in (self.callback.get("events") or {}).get(resource_type, [])


class SandboxState:
    def __init__(self, till_token: str = DEFAULT_TILL_TOKEN, shop_token: str = DEFAULT_SHOP_TOKEN,
                 seed: int | None = None) -> None:
        self.lock = threading.RLock()
        self.rng = random.Random(seed)
        self.timezone = ZoneInfo(TIMEZONE)
        self.account = {"id": ACCOUNT_ID, "name": SHOP_NAME, "currency": "EUR"}
        self.location = {
            "id": LOCATION_ID, "name": "Paris 11e", "account": dict(self.account),
            "address": "12 rue Oberkampf", "postal_code": "75011", "city": "Paris", "country": "FR",
            "timezone": {"name": TIMEZONE, "offset": 3600}, "cutoff_time": "06:00",
            "opening_hours": {}, "preparation_time": 20, "order_acceptance": {"mode": "online"},
            "custom_fields": {},
        }
        self.connections: dict[str, Connection] = {}
        self.orders: OrderedDict[str, dict] = OrderedDict()
        self.customer_lists: dict[str, dict] = {
            CUSTOMER_LIST_ID: {"id": CUSTOMER_LIST_ID, "name": SHOP_NAME, "created_at": self.now_iso()}}
        self.customers: dict[str, OrderedDict[str, dict]] = {CUSTOMER_LIST_ID: OrderedDict()}
        self.catalogs: dict[str, dict] = {}
        self.used_ids: set[str] = set()
        self.requests: list[dict[str, Any]] = []  # see record_request
        # For tests: (client, status) of each PATCH per order, and (order id, answer dropped) of each payment PATCH.
        self.status_log: dict[str, list[tuple[str, str]]] = {}
        self.payment_log: list[tuple[str, bool]] = []
        self.add_connection(till_token, TILL_CLIENT_NAME)
        self.add_connection(shop_token, SHOP_CLIENT_NAME)
        self.till_token, self.shop_token = till_token, shop_token

    # --- identities -----------------------------------------------------------------------------------------
    def add_connection(self, token: str, client_name: str, device_id: str | None = None) -> Connection:
        with self.lock:
            connection = Connection(token, client_name, device_id)
            self.connections[token] = connection
            return connection

    def new_id(self) -> str:
        """Short lowercase alphanumeric ids like HubRise's ("5dpm9")."""
        with self.lock:
            while True:
                candidate = "".join(self.rng.choice(string.ascii_lowercase + string.digits) for _ in range(5))
                if candidate not in self.used_ids and not candidate.isdigit():
                    self.used_ids.add(candidate)
                    return candidate

    def new_token(self) -> str:
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(32))

    def now(self) -> datetime:
        return datetime.now(self.timezone).replace(microsecond=0)

    def now_iso(self) -> str:
        return self.now().isoformat()

    def to_location_time(self, value: datetime | None) -> str | None:
        return value.astimezone(self.timezone).isoformat() if value else None

    # --- events ---------------------------------------------------------------------------------------------
    def emit(self, cause: Connection, resource_type: str, event_type: str, ids: dict[str, Any],
             render: Any, previous: Any = None) -> None:
        """Queue an event for every subscribed connection except the one that caused the change.

        `render(client_name)` / `previous(client_name)` give the resource as that client would GET it, so private
        refs stay private in events too.
        """
        with self.lock:
            for connection in self.connections.values():
                if connection is cause or connection.revoked_message:
                    continue
                if not connection.subscribed(resource_type, event_type):
                    continue
                event = {"id": self.new_id(), "resource_type": resource_type, "event_type": event_type,
                         "created_at": self.now_iso(), **ids}
                if event_type in ("create", "update"):
                    event["new_state"] = render(connection.client_name)
                if event_type in ("update", "delete") and previous is not None:
                    event["previous_state"] = previous(connection.client_name)
                connection.events[event["id"]] = event

    def record_request(self, method: str, path: str, body: Any) -> None:
        """Keep the last JSON bodies clients sent, for tests that compare them with HubRise's documented shapes."""
        with self.lock:
            self.requests.append({"method": method, "path": path, "body": copy.deepcopy(body)})
            del self.requests[:-200]

    def snapshot(self) -> dict[str, Any]:
        """What tests may read: orders with their statuses and the pending events of each connection."""
        with self.lock:
            return {
                "orders": [{"id": o["id"], "status": o["status"], "created_by": o["created_by"],
                            "total": o["total"]} for o in self.orders.values()],
                "pending_events": {c.client_name: [e["id"] for e in c.events.values()]
                                   for c in self.connections.values()},
            }

    def copy(self, value: Any) -> Any:
        with self.lock:
            return copy.deepcopy(value)
