"""Running a service coroutine from a button without freezing the screen.

qasync runs asyncio on Qt's thread: the coroutine's network waits let Qt repaint, and its result comes back on
the same thread, so the callbacks may touch widgets directly.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

log = logging.getLogger(__name__)


def run_task(coro: Coroutine[Any, Any, Any], on_success: Callable[[Any], None],
             on_error: Callable[[BaseException], None]) -> asyncio.Future:
    """Schedule `coro`; exactly one of the callbacks is called when it ends (none if it is cancelled)."""
    task = asyncio.ensure_future(coro)

    def done(finished: asyncio.Future) -> None:
        if finished.cancelled():
            return
        error = finished.exception()
        if error is not None:
            if not hasattr(error, "message_fr"):
                log.error("tâche en arrière-plan", exc_info=error)
            on_error(error)
        else:
            on_success(finished.result())

    task.add_done_callback(done)
    return task


def french_message(error: BaseException, fallback: str) -> str:
    """The French sentence of a service error, or `fallback` for the unexpected (logged in full)."""
    return getattr(error, "message_fr", None) or (str(error) if isinstance(error, ValueError) else fallback)
