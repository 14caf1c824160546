"""Deposits (acomptes) taken in COMMANDES: a record of the journal the moment the money is taken.

The deposit counts in that day's Z (by its payment method, in the drawer's expected cash when it is cash) and is
deducted when the order is invoiced (it is an « acompte » payment of the ticket, never taken twice). Cancelling an
order that holds a deposit refunds it (a negative deposit record, by a method chosen) or keeps it, explicitly:
both are records. In mode formation a deposit is a record of the training chain only.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from ..domain.fiscal import Chain
from ..domain.money import Money, money_sum
from ..domain.seller import Seller
from ..domain.shop_time import shop_now
from ..domain.ticket import PaymentMethod
from ..store.closures import DEPOSIT_RECORD, ClosureStore
from ..store.database import store_errors, transaction
from .till import TillService

if TYPE_CHECKING:
    import sqlite_utils

TAKEN, REFUNDED, KEPT = "acompte", "remboursement", "conserve"


class DepositError(ValueError):
    """A deposit operation refused; French message."""


class DepositService:
    def __init__(self, db: sqlite_utils.Database, till: TillService, clock: Callable[[], datetime] = shop_now) -> None:
        self.db, self.till, self.clock = db, till, clock
        self.store = ClosureStore(db, till.records)

    def take(self, order_local_id: int, order_ref: str, method: PaymentMethod, amount: Money,
             seller: Seller) -> int | None:
        """Record money taken for an order (inside the caller's transaction if any); the record's number."""
        if amount.amount <= 0:
            return None
        at = self.clock()
        if self.till.training_active:
            self.till.records.append(Chain.TRAINING, DEPOSIT_RECORD, {
                "order_ref": order_ref, "method": method.value, "amount_cents": amount.cents,
                "seller_name": seller.name, "kind": TAKEN}, at=at)
            return None
        return self.store.add_deposit(at, order_local_id, order_ref, TAKEN, method.value, amount.cents, seller.id,
                                      seller.name)

    def held(self, order_local_id: int) -> Money:
        """What the shop still holds for the order (deposits taken less refunded), before it is invoiced."""
        with store_errors(self.db):
            records = self.store.deposits_of(order_local_id)
        return money_sum([Money.from_cents(d.amount_cents) for _, d in records])

    def settled(self, order_local_id: int) -> bool:
        with store_errors(self.db):
            return any(kind in (REFUNDED, KEPT) for kind, _ in self.store.deposits_of(order_local_id))

    def methods(self, order_local_id: int) -> list[PaymentMethod]:
        with store_errors(self.db):
            return [d.method for kind, d in self.store.deposits_of(order_local_id) if kind == TAKEN]

    def settle_on_cancel(self, order_local_id: int, order_ref: str, refund: bool, seller: Seller,
                         method: PaymentMethod | None = None) -> Money:
        """The order is cancelled: hand the deposit back (negative record, by `method`, by default the one it was
        taken by) or keep it (a record saying so). Returns the amount handed back."""
        with store_errors(self.db), transaction(self.db):
            held = self.held(order_local_id)
            if held.amount <= 0 or self.settled(order_local_id):
                raise DepositError("Cette commande ne détient pas d'acompte à régler.")
            method = method or (self.methods(order_local_id) or [PaymentMethod.CASH])[0]
            at = self.clock()
            amount = -held.cents if refund else 0
            self.store.add_deposit(at, order_local_id, order_ref, REFUNDED if refund else KEPT, method.value, amount,
                                   seller.id, seller.name)
        return held if refund else Money.zero()
