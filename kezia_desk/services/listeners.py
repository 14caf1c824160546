"""The one notification mechanism between services and screens: typed topics holding their listeners weakly.

A service owns a `Topic[E]` per kind of news and calls `notify(event)`; a screen calls `topic.add(self.method)`.
Bound methods are held through weak references, so a screen that is closed and collected simply stops being
called: nobody unsubscribes by hand. (Plain functions and lambdas are held strongly: they usually belong to the
composition root, which lives as long as the application.) A Qt widget whose C++ side is already deleted raises
RuntimeError when called; it is dropped the same way. Services notify on the asyncio loop, which qasync runs on
Qt's thread, so listeners may update widgets directly.

Change events name what changed (`OrderChanges`: the orders and the kind of change, as the service that made it
knows them), so a list updates those rows and a Fiche commande re-reads only when its own order changed. The
catalog (`Topic[Article]`), the settings (`Topic[str]`, the key) and the till (`Topic[ClosedTicket]`) use the same
topics.
"""
from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from ..domain.order import Order

log = logging.getLogger(__name__)
E = TypeVar("E")


class ChangeKind(Enum):
    """Why orders changed, as the service that changed them knows it."""

    RECEIVED = "received"  # new orders from HubRise (a poll, a catch-up)
    UPDATED = "updated"  # HubRise changed orders the till holds (another app, the customer)
    STATUS = "status"  # the cashier set a status (Accepter, Refuser, Prendre en charge, Autre statut)
    INVOICED = "invoiced"  # Facturer recorded the ticket that pays the order
    MAPPED = "mapped"  # an « article inconnu » mapped (other orders holding that ref may lose their flag)
    CREATED = "created"  # an order taken at the till
    SEND_QUEUED = "send_queued"  # sends asked again (E/S « Renvoyer »), or a kept-local till order queued
    SENT = "sent"  # the outbox: HubRise took the order's update
    LINKED = "linked"  # the outbox: HubRise took a till order, which now has its HubRise id
    SEND_FAILED = "send_failed"  # the outbox: the update failed or waits for a retry

    @property
    def sync_only(self) -> bool:
        """Only where HubRise stands on the orders moved: what the Commandes Web columns show did not change."""
        return self in (ChangeKind.SEND_QUEUED, ChangeKind.SENT, ChangeKind.SEND_FAILED)


@dataclass(frozen=True)
class OrderChanges:
    """The orders written by one use case (`local_ids`) and why (`kind`). `orders` holds those of them the
    publisher already has as they now stand, so a listener showing one needs not read and decode it again."""

    local_ids: frozenset[int]
    kind: ChangeKind
    orders: Mapping[int, Order] = field(default_factory=dict)

    @classmethod
    def of(cls, kind: ChangeKind, local_ids: Iterable[int], orders: Iterable[Order] = ()) -> OrderChanges:
        known = {order.local_id: order for order in orders if order.local_id is not None}
        return cls(frozenset(local_ids) | frozenset(known), kind, known)


def nothing() -> None:
    """The default wake-up given to a service built alone (a test): there is no loop to wake."""


class Topic(Generic[E]):
    """Listeners of one kind of event; one failing listener is logged and never stops the others or the service."""

    def __init__(self) -> None:
        self._refs: list[Callable[[], Callable[..., Any] | None]] = []

    def add(self, callback: Callable[[E], object]) -> None:
        if getattr(callback, "__self__", None) is not None and hasattr(callback, "__func__"):
            ref: Callable[[], Callable[..., Any] | None] = weakref.WeakMethod(callback)
        else:
            ref = _Strong(callback)
        self._refs.append(ref)

    def remove(self, callback: Callable[[E], object]) -> None:
        self._refs = [ref for ref in self._refs if ref() not in (None, callback)]

    def __len__(self) -> int:
        return sum(1 for ref in self._refs if ref() is not None)

    def notify(self, event: E) -> None:
        dead = False
        for ref in list(self._refs):
            callback = ref()
            if callback is None:
                dead = True
                continue
            try:
                callback(event)
            except RuntimeError as error:
                if "already deleted" not in str(error):
                    log.exception("listener %r failed", callback)
                    continue
                self._refs = [r for r in self._refs if r is not ref]  # a Qt object deleted behind our back
            except Exception:  # a listener's bug must not break the use case
                log.exception("listener %r failed", callback)
        if dead:
            self._refs = [ref for ref in self._refs if ref() is not None]


class _Strong:
    __slots__ = ("callback",)

    def __init__(self, callback: Callable[..., Any]) -> None:
        self.callback = callback

    def __call__(self) -> Callable[..., Any]:
        return self.callback
