"""The one notification mechanism between services and screens: typed topics holding their listeners weakly.

A service owns a `Topic[E]` per kind of news and calls `notify(event)`; a screen calls `topic.add(self.method)`.
Bound methods are held through weak references, so a screen that is closed and collected simply stops being
called: nobody unsubscribes by hand. (Plain functions and lambdas are held strongly: they usually belong to the
composition root, which lives as long as the application.) A Qt widget whose C++ side is already deleted raises
RuntimeError when called; it is dropped the same way. Services notify on the asyncio loop, which qasync runs on
Qt's thread, so listeners may update widgets directly.

Change events name what changed (`OrderChanges`), so a list updates those rows instead of reloading everything.
"""
from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

log = logging.getLogger(__name__)
E = TypeVar("E")


@dataclass(frozen=True)
class OrderChanges:
    """Orders written since the last event (`local_ids`) and why: created / changed / outbox (a send's outcome,
    which may name no order: lists then refresh the HubRise state of the rows they show)."""

    local_ids: frozenset[int] = frozenset()
    kind: str = "changed"



def nothing() -> None:
    """The default wake-up given to a service built alone (a test): there is no loop to wake."""


class Topic(Generic[E]):
    """Listeners of one kind of event; one failing listener is logged and never stops the others or the service."""

    def __init__(self) -> None:
        self._refs: list[Callable[[], Callable[..., Any] | None]] = []

    def add(self, callback: Callable[..., Any]) -> None:
        if getattr(callback, "__self__", None) is not None and hasattr(callback, "__func__"):
            ref: Callable[[], Callable[..., Any] | None] = weakref.WeakMethod(callback)
        else:
            ref = _Strong(callback)
        self._refs.append(ref)

    def remove(self, callback: Callable[..., Any]) -> None:
        self._refs = [ref for ref in self._refs if ref() not in (None, callback)]

    def __len__(self) -> int:
        return sum(1 for ref in self._refs if ref() is not None)

    def notify(self, *args: Any) -> None:
        dead = False
        for ref in list(self._refs):
            callback = ref()
            if callback is None:
                dead = True
                continue
            try:
                callback(*args)
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


class Listeners(Topic[Any]):
    """A topic whose events are not typed yet (the name the services used before events were typed)."""
