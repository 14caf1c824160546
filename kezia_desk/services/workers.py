"""Work kept off the event loop: a plain daemon thread whose result comes back to the loop.

Not `asyncio.to_thread`: under qasync its executor is made of QThreads, and one still running when the
application exits aborts the process (« QThread: Destroyed while thread is still running »).
"""
from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


async def in_worker(work: Callable[[], T], name: str = "kezia-worker") -> T:
    """Run `work()` in a daemon thread and return its result (or raise its exception) on the loop."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(outcome: Callable[[], None]) -> None:
        if not future.done():
            outcome()

    def run() -> None:
        try:
            result = work()
        except BaseException as exc:  # noqa: BLE001 - handed to the awaiting coroutine
            error = exc
            loop.call_soon_threadsafe(settle, lambda: future.set_exception(error))
        else:
            loop.call_soon_threadsafe(settle, lambda: future.set_result(result))

    threading.Thread(target=run, name=name, daemon=True).start()
    return await future
