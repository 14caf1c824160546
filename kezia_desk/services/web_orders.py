"""What the cashier's screens need about web orders: lists by tab, the detail with its history.

Qt-free. Listeners are typed topics (services/listeners.py); `changed` names the orders each use case wrote and
the kind of change.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..domain.money import Money
from ..domain.order import FLAG_BAD_FIELD, Order, OrderOrigin, OrderStatus, StatusChange
from ..hubrise.mapping import order_from_hubrise
from ..store.orders import OrderStore
from ..store.outbox import OutboxStore
from .article_mapping import ArticleResolver
from .listeners import ChangeKind, OrderChanges, Topic, nothing
from .order_lists import ListSummarizer, OrderListService

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
        self.changed: Topic[OrderChanges] = Topic()  # the orders each use case wrote, and why

    def publish(self, kind: ChangeKind, local_ids: Iterable[int] = (), orders: Iterable[Order] = ()) -> None:
        """Tell the screens which orders changed and why (nothing when no order did). `orders`: those the caller
        holds as they now stand, handed on so that a Fiche commande showing one needs not decode it again. Rows a
        trigger marked stale (a write that did not refresh its list row) are recomputed and named too."""
        changes = OrderChanges.of(kind, set(local_ids) | self.lists.refresh_stale(), orders)
        if changes.local_ids:
            self.changed.notify(changes)

    # --- reading -------------------------------------------------------------------------------------------
    def to_order(self, row: dict[str, Any]) -> Order:
        return order_of_row(row, self.resolver)

    def get_order(self, local_id: int) -> Order:
        row = self.store.get(local_id)
        if row is None:
            raise KeyError(f"Commande {local_id} introuvable.")
        return self.to_order(row)

    def get_view(self, local_id: int, order: Order | None = None) -> OrderView:
        """The Fiche commande's content. `order`: the order as a change event handed it on (it now stands so),
        then its JSON is not decoded again."""
        row = self.store.get(local_id) if order is None else self.store.get_columns(local_id)
        if row is None:
            raise KeyError(f"Commande {local_id} introuvable.")
        return OrderView(order or self.to_order(row), self.history(local_id), self.outbox.for_order(local_id),
                         datetime.fromisoformat(row["received_at"]))

    def history(self, local_id: int) -> list[StatusChange]:
        """Each status the order had, who set it and when, and whether HubRise has it (nothing decoded)."""
        history = []
        for entry in self.store.history(local_id):
            sent = None if entry["outbox_id"] is None and entry["sent_at"] is None else entry["sent_at"] is not None
            note = entry["note"]
            if entry["outbox_id"] is not None and entry["sent_at"] is None and entry["last_error"]:
                note = f"{note} — {'échec' if entry['failed'] else 'en attente'} : {entry['last_error']}"
            history.append(StatusChange(OrderStatus(entry["status"]), datetime.fromisoformat(entry["at"]),
                                        entry["by"], note, sent))
        return history

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
