"""What the cashier's screens need about web orders: lists by tab, the detail with its history.

Qt-free. Listeners are typed topics (services/listeners.py); `changed` names the orders each change touched.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..domain.money import Money
from ..domain.order import FLAG_BAD_FIELD, Order, OrderOrigin, OrderStatus, StatusChange
from ..hubrise.mapping import order_from_hubrise
from ..store.orders import OrderStore
from ..store.outbox import OutboxStore
from .article_mapping import ArticleResolver
from .listeners import Topic, nothing
from .order_lists import ListSummarizer, OrderChangesTopic, OrderListService

log = logging.getLogger(__name__)


@dataclass
class OrderView:
    """An order with what the till decided locally and its history (each change: sent to HubRise or not)."""

    order: Order
    history: list[StatusChange]
    outbox: list[dict[str, Any]]
    received_at: datetime


def order_of_row(row: dict[str, Any], resolver: ArticleResolver) -> Order:
    """The order of a stored row. Never raises: a row the till cannot read any more is shown flagged, so one bad
    row never empties a list."""
    try:
        return _order_of_row(row, resolver)
    except Exception as error:  # the lists must always load
        log.exception("commande %s illisible", row.get("local_id"))
        order = Order(status=OrderStatus.parse(row.get("status")) or OrderStatus.NEW,
                      hubrise_id=row.get("hubrise_id"), local_id=row.get("local_id"))
        order.origin = OrderOrigin.TILL if row.get("origin") == OrderOrigin.TILL.value else OrderOrigin.WEB
        order.add_flag(FLAG_BAD_FIELD, f"Commande illisible ({type(error).__name__}) : voir le contenu brut "
                                       "dans Diagnostic.")
        return order


def _order_of_row(row: dict[str, Any], resolver: ArticleResolver) -> Order:
    raw = row["raw"]
    if row["origin"] == OrderOrigin.TILL.value and not raw.get("id"):
        raw = {**raw, "id": f"local-{row['local_id']}"}  # not in HubRise yet; hubrise_id is reset below
    order = order_from_hubrise(raw)
    order.local_id = row["local_id"]
    order.origin = OrderOrigin(row["origin"])
    order.till_number = row["till_number"]
    order.status = OrderStatus.parse(row["status"]) or OrderStatus.NEW
    if row.get("confirmed_time"):  # Accepter's time, kept in its own column (migration 301)
        order.confirmed_time = datetime.fromisoformat(row["confirmed_time"])
    if row["paid_at_till_cents"] is not None:
        order.paid_at_till = Money.from_cents(row["paid_at_till_cents"], order.currency)
    if order.origin is OrderOrigin.TILL:
        order.hubrise_id = row["hubrise_id"]
    return resolver.resolve(order, row["item_idarts"])


class WebOrdersService:
    def __init__(self, store: OrderStore, outbox: OutboxStore, resolver: ArticleResolver,
                 summarizer: ListSummarizer, *, check_now: Callable[[], None] = nothing) -> None:
        self.store, self.outbox, self.resolver = store, outbox, resolver
        self._check_now = check_now  # wakes the poller and the send queue (given by the composition root)
        self.new_orders: Topic[list[Order]] = Topic()  # each burst of new orders
        self.cancelled: Topic[Order] = Topic()  # a customer or another app cancelled
        self.lists = OrderListService(store, summarizer)  # the read model the lists show (summarizer: the store's)
        # OrderChanges naming the orders written (notify() without an argument works them out from the store).
        self.changed = OrderChangesTopic(store, self.lists)

    # --- reading -------------------------------------------------------------------------------------------
    def to_order(self, row: dict[str, Any]) -> Order:
        return order_of_row(row, self.resolver)

    def get_order(self, local_id: int) -> Order:
        row = self.store.get(local_id)
        if row is None:
            raise KeyError(f"Commande {local_id} introuvable.")
        return self.to_order(row)

    def get_view(self, local_id: int) -> OrderView:
        row = self.store.get(local_id)
        if row is None:
            raise KeyError(f"Commande {local_id} introuvable.")
        history = []
        for entry in self.store.history(local_id):
            sent = None if entry["outbox_id"] is None and entry["sent_at"] is None else entry["sent_at"] is not None
            note = entry["note"]
            if entry["outbox_id"] is not None and entry["sent_at"] is None and entry["last_error"]:
                note = f"{note} — {'échec' if entry['failed'] else 'en attente'} : {entry['last_error']}"
            history.append(StatusChange(OrderStatus(entry["status"]), datetime.fromisoformat(entry["at"]),
                                        entry["by"], note, sent))
        return OrderView(self.to_order(row), history, self.outbox.for_order(local_id),
                         datetime.fromisoformat(row["received_at"]))

    def list_orders(self, tab: str = "toutes", search: str = "", origin: str | None = "web") -> list[Order]:
        """Whole orders of a tab in list order (for exports and checks; screens page through `lists`)."""
        return [self.get_order(local_id) for local_id in self.lists.ids(self.lists.query(tab, search, origin))]

    def pending_outbox_count(self) -> int:
        return self.outbox.pending_count()

    def recent_polls(self, limit: int = 50) -> list[dict[str, Any]]:
        return self.store.recent_polls(limit)

    def kept_aside(self) -> list[dict[str, Any]]:
        return self.store.kept_aside()

    def kept_aside_count(self) -> int:
        return self.store.kept_aside_count()

    def check_now(self) -> None:
        """« Vérifier maintenant »: wake the poller and the send queue."""
        self._check_now()

    def note_audio_trouble(self, text: str) -> None:
        """The alert sound could not play: kept in the Diagnostic's poll log, where the manager looks. A database
        that refuses the line (read-only, full) loses only that line: the sound's trouble is also in the log file,
        and it comes while an alert is shown, which must not fail for it."""
        try:
            self.store.log_poll("son", text, 0, 0)
        except Exception:  # diagnostics never stop the till
            log.exception("journal des relèves : son")
