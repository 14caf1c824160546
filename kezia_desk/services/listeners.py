"""Plain-callback notification, the way services tell the UI something changed without knowing Qt."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


class Listeners:
    """A list of callbacks; one failing listener is logged and never stops the others or the service."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[..., Any]] = []

    def add(self, callback: Callable[..., Any]) -> None:
        self._callbacks.append(callback)

    def remove(self, callback: Callable[..., Any]) -> None:
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def notify(self, *args: Any) -> None:
        for callback in list(self._callbacks):
            try:
                callback(*args)
            except Exception:  # noqa: BLE001 - a listener's bug must not break the use case
                log.exception("listener %r failed", callback)
