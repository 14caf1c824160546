"""The order read model: what Commandes Web and Commandes en cours show, as pages of light rows.

An order's list columns are computed once, when it is written (`list_columns`, called by the store inside the
writing transaction), from the same `Order` the detail view shows; the lists then read pages of columns through
indexed SQL (store/order_rows.py) and never decode JSON. Change events name the orders written
(services/listeners.py `OrderChanges`), so a visible list re-reads those rows only.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..domain.money import Money
from ..domain.order import Order, OrderOrigin, OrderStatus, ServiceType
from ..store.order_rows import ACTIVE, FINAL, WAITING, ListQuery, OrderListStore
from ..store.orders import OrderStore

PAGE_SIZE = 100
TAB_QUERIES = {
    "nouvelles": {"ranks": (WAITING,)},
    "en_cours": {"ranks": (ACTIVE,)},
    "terminees": {"statuses": (OrderStatus.COMPLETED.value,)},
    "annulees": {"statuses": (OrderStatus.REJECTED.value, OrderStatus.CANCELLED.value,
                              OrderStatus.DELIVERY_FAILED.value)},
    "toutes": {},
}
NO_DUE = "~"  # sorts after every date: orders without an expected time come last


def utc_key(moment: datetime | None) -> str:
    """A time as sortable text (UTC, fixed width)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ") if moment else ""


def _rank(status: OrderStatus) -> int:
    if status in (OrderStatus.NEW, OrderStatus.RECEIVED):
        return WAITING
    return FINAL if status.is_final else ACTIVE


def search_words(order: Order) -> str:
    """What the search box finds an order by: name, phone (as written and digits only), e-mail, codes, ids."""
    customer = order.customer
    parts: list[str | None] = [order.hubrise_id, order.ref, order.collection_code, order.till_number]
    if customer is not None:
        parts += [customer.first_name, customer.last_name, customer.company_name, customer.email, customer.phone]
        digits = re.sub(r"\D", "", customer.phone or "")
        if digits:
            parts.append(digits)
            if digits.startswith("33") and len(digits) == 11:
                parts.append("0" + digits[2:])  # +33 6 12… is also typed 06 12…
    return " ".join(str(part) for part in parts if part)


def list_columns(order: Order, received_at: str) -> dict[str, Any]:
    """The read-model columns of one order (schema_read_model.LIST_COLUMNS) and its search text."""
    due = order.confirmed_time or order.expected_time
    received = datetime.fromisoformat(received_at)
    return {
        "rank": _rank(order.status),
        "due": utc_key(due) if due and not order.status.is_final else NO_DUE,
        "expected": utc_key(due),
        "created": utc_key(order.created_at or received),
        "customer": order.customer_name,
        "service": order.service_type.value if order.service_type else None,
        "total_cents": order.display_total.cents,
        "currency": order.display_total.currency,
        "paid": order.is_paid,
        "flags": "\n".join(order.flag_details),
        "code": order.collection_code or (order.hubrise_id or "")[:8],
        "search": search_words(order),
    }


def _parse(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text and text != NO_DUE else None


@dataclass(frozen=True)
class OrderRow:
    """One line of an order list, read from columns (never from the order's JSON)."""

    local_id: int
    origin: OrderOrigin
    status: OrderStatus
    till_number: str | None
    hubrise_id: str | None
    created_at: datetime | None
    due: datetime | None
    customer_name: str
    service_type: ServiceType | None
    total: Money
    is_paid: bool
    flag_details: tuple[str, ...]
    code: str
    sort_key: tuple[Any, ...]
    sync: tuple[str, str] | None = None  # (French text, level) of where HubRise stands; Commandes en cours

    @property
    def flags(self) -> bool:
        return bool(self.flag_details)

    @classmethod
    def from_row(cls, row: dict[str, Any], in_progress: bool = False) -> OrderRow:
        """`sort_key` orders rows as the list's SQL ORDER BY does (ListQuery.order_by)."""
        sync = None
        if "sync" in row:
            sync = _sync_state(row["sync"], row["origin"], row["hubrise_id"])
        key: tuple[Any, ...] = ((row["list_due"], row["local_id"]) if in_progress else
                                (row["list_rank"], row["list_due"], _Desc(row["list_created"]), -row["local_id"]))
        return cls(row["local_id"], OrderOrigin(row["origin"]), OrderStatus.parse(row["status"]) or OrderStatus.NEW,
                   row["till_number"],
                   row["hubrise_id"], _parse(row["list_created"]), _parse(row["list_expected"]), row["list_customer"],
                   ServiceType(row["list_service"]) if row["list_service"] else None,
                   Money.from_cents(row["list_total_cents"], row["list_currency"]), bool(row["list_paid"]),
                   tuple(row["list_flags"].split("\n")) if row["list_flags"] else (), row["list_code"], key, sync)


class _Desc(str):
    """A text that sorts backwards (newest first), to compare sort keys the way SQL's ORDER BY … DESC does."""

    def __lt__(self, other: object) -> bool:
        return str.__gt__(self, other)  # type: ignore[operator]

    def __gt__(self, other: object) -> bool:
        return str.__lt__(self, other)  # type: ignore[operator]


def _sync_state(oldest_unsent: str | None, origin: str, hubrise_id: str | None) -> tuple[str, str]:
    """(French text, level): erreur / en attente / non envoyée / envoyée, as TillOrderService.sync_state says."""
    if oldest_unsent is not None:
        error, _, failed = oldest_unsent.rpartition("\x1f")
        if failed == "1":
            return f"erreur : {error}", "error"
        return ("en attente" + (f" ({error})" if error else "")), "warning"
    if origin == OrderOrigin.TILL.value and not hubrise_id:
        return "non envoyée", "idle"
    return "envoyée", "ok"


class ListSummarizer:
    """What the lists show of a stored order row (the read-model columns), given to OrderStore's constructor so
    every write refreshes its row in the same transaction. Keeps the last order it mapped: reception announces
    the order it just stored without reading and mapping it a second time."""

    def __init__(self, to_order: Callable[[dict[str, Any]], Order]) -> None:
        self._to_order = to_order
        self._summarized: tuple[int, Order] | None = None

    def __call__(self, row: dict[str, Any]) -> dict[str, Any]:
        order = self._to_order(row)
        self._summarized = (row["local_id"], order)
        return list_columns(order, row["received_at"])

    def take(self, local_id: int) -> Order | None:
        """The order the last list row was computed from, if it is `local_id`'s (then forgotten)."""
        summarized, self._summarized = self._summarized, None
        return summarized[1] if summarized is not None and summarized[0] == local_id else None


class OrderListService:
    """Pages and rows of the order lists; keeps the read model up to date (backfill, stale rows)."""

    def __init__(self, store: OrderStore, summarizer: ListSummarizer) -> None:
        self._store = store
        self._lists = OrderListStore(store.db)
        self._summarizer = summarizer

    @staticmethod
    def summarizer_of(order: Order) -> Callable[[dict[str, Any]], dict[str, Any]]:
        """The list columns of an order the caller holds as it now stands (a status it just set): the store
        hands the row's columns and the order's JSON is not decoded again."""
        return lambda row: list_columns(order, row["received_at"])

    def row(self, local_id: int) -> OrderRow | None:
        """One order's list row (its status, its time; nothing decoded), whatever list shows it."""
        rows = self.rows(ListQuery(), [local_id])
        return rows[0] if rows else None

    def take_summarized(self, local_id: int) -> Order | None:
        """The order the last list row was computed from, if it is `local_id`'s (then forgotten): reception
        announces the order it just stored without reading and mapping it a second time."""
        return self._summarizer.take(local_id)

    @staticmethod
    def query(tab: str = "toutes", search: str = "", origin: str | None = "web") -> ListQuery:
        return ListQuery(origin=origin, search=search.strip(), **TAB_QUERIES.get(tab, {}))  # type: ignore[arg-type]

    @staticmethod
    def in_progress_query(search: str = "") -> ListQuery:
        return ListQuery(in_progress=True, search=search.strip())

    def page(self, query: ListQuery, offset: int = 0, limit: int = PAGE_SIZE) -> list[OrderRow]:
        self.refresh_stale()
        rows = self._lists.page(query, offset, limit, sync=query.in_progress)
        return [OrderRow.from_row(row, query.in_progress) for row in rows]

    def rows(self, query: ListQuery, local_ids: Iterable[int]) -> list[OrderRow]:
        rows = self._lists.rows(query, local_ids, sync=query.in_progress)
        return [OrderRow.from_row(row, query.in_progress) for row in rows]

    def sync_state(self, local_id: int) -> tuple[str, str]:
        """Where HubRise stands on one order (Commandes en cours' last column)."""
        rows = self._lists.rows(ListQuery(), [local_id], sync=True)
        return _sync_state(rows[0]["sync"], rows[0]["origin"], rows[0]["hubrise_id"]) if rows else ("—", "idle")

    def ids(self, query: ListQuery) -> list[int]:
        self.refresh_stale()
        return self._lists.ids(query)

    def refresh_stale(self, batch: int = 500) -> set[int]:
        """Recompute rows marked stale (by the migration or by a write that did not refresh its row)."""
        refreshed: set[int] = set()
        while ids := self._lists.stale_ids(batch):
            self._store.refresh_list_rows(ids)
            refreshed.update(ids)
            if len(ids) < batch:
                break
        return refreshed
