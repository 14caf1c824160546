"""The manager PIN in front of Paramètres Web: three wrong codes lock it for a minute.

The lock lives in this service (one per running till), not in a dialog, so closing and reopening the dialog
does not reset the count.
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..domain.seller import Seller

if TYPE_CHECKING:
    from .sellers import SellerService


MAX_TRIES = 3
LOCK_SECONDS = 60


class ManagerAccessError(ValueError):
    """A refused code; the message is French and says what to do."""


class ManagerAccess:
    def __init__(self, sellers: SellerService, clock: Callable[[], float] = time.monotonic) -> None:
        self.sellers, self.clock = sellers, clock
        self.failures = 0
        self.locked_until = 0.0

    def locked_for(self) -> int:
        """Seconds left before a code may be tried again (0 when not locked)."""
        return max(0, math.ceil(self.locked_until - self.clock()))

    def check(self, pin: str) -> Seller:
        wait = self.locked_for()
        if wait:
            raise ManagerAccessError(f"Trop de codes erronés : réessayez dans {wait} s.")
        seller = self.sellers.verify_manager_pin(pin.strip()) if pin.strip() else None
        if seller is not None:
            self.failures = 0
            return seller
        self.failures += 1
        if self.failures >= MAX_TRIES:
            self.failures = 0
            self.locked_until = self.clock() + LOCK_SECONDS
            raise ManagerAccessError("Code gérant erroné. Paramètres verrouillés pendant 1 minute.")
        left = MAX_TRIES - self.failures
        raise ManagerAccessError(f"Code gérant erroné ({left} essai(s) restant(s)).")
