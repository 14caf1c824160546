"""The manager PIN pad's lock: three wrong codes lock it for 30 s, the next three for 1 min, then 2 min, then
5 min each time, until a right code resets it.

The lock lives in this service (one per running till, shared by every protected action), not in a dialog, so
closing and reopening the dialog, or trying another protected action, does not reset the count. The clock is
injected: tests move it instead of sleeping.
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Protocol

from ..domain.seller import Seller

MAX_TRIES = 3
LOCK_STEPS = (30, 60, 120, 300)  # seconds: the first lock, the second, ..., then the last one each time
LOCK_SECONDS = LOCK_STEPS[0]


class ManagerAccessError(ValueError):
    """A refused code; the message is French and says what to do."""


class ManagerPinChecker(Protocol):
    def verify_manager_pin(self, pin: str) -> Seller | None: ...

    def has_manager(self) -> bool: ...


def wait_fr(seconds: int) -> str:
    """« 30 s », « 1 min », « 1 min 30 s »: how long, the way a cashier reads it."""
    minutes, rest = divmod(max(0, seconds), 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min" + (f" {rest} s" if rest else "")


class ManagerAccess:
    def __init__(self, sellers: ManagerPinChecker, clock: Callable[[], float] = time.monotonic,
                 on_refused: Callable[[str], None] = lambda _: None) -> None:
        """`on_refused(what)`: told of each wrong code (the composition root writes it in the JET, code 530)."""
        self.sellers, self.clock, self.on_refused = sellers, clock, on_refused
        self.failures = 0
        self.locks = 0  # locks since the last right code: the next one lasts LOCK_STEPS[locks]
        self.locked_until = 0.0

    def locked_for(self) -> int:
        """Seconds left before a code may be tried again (0 when not locked)."""
        return max(0, math.ceil(self.locked_until - self.clock()))

    def next_lock_seconds(self) -> int:
        return LOCK_STEPS[min(self.locks, len(LOCK_STEPS) - 1)]

    def check(self, pin: str) -> Seller:
        """The manager whose code this is; otherwise ManagerAccessError says how many tries are left or how
        long the pad stays locked."""
        wait = self.locked_for()
        if wait:
            raise ManagerAccessError(f"Clavier verrouillé après trop de codes erronés : réessayez dans "
                                     f"{wait_fr(wait)}.")
        if not self.sellers.has_manager():
            raise ManagerAccessError("Aucun gérant n'est enregistré : créez d'abord le premier gérant.")
        seller = self.sellers.verify_manager_pin(pin.strip()) if pin.strip() else None
        if seller is not None:
            self.failures = self.locks = 0
            return seller
        self.failures += 1
        self.on_refused("code gérant erroné" + (f" : clavier verrouillé {wait_fr(self.next_lock_seconds())}"
                                                if self.failures >= MAX_TRIES else ""))
        if self.failures >= MAX_TRIES:
            seconds = self.next_lock_seconds()
            self.failures, self.locks = 0, self.locks + 1
            self.locked_until = self.clock() + seconds
            raise ManagerAccessError(f"Code gérant erroné {MAX_TRIES} fois : clavier verrouillé "
                                     f"{wait_fr(seconds)}.")
        left = MAX_TRIES - self.failures
        raise ManagerAccessError(f"Code gérant erroné : encore {left} essai{'s' if left > 1 else ''}.")
