"""The Tickets screen's use cases: find past tickets, read one with its refunds, refund lines of a sale.

A refund (avoir) is recorded like any ticket, in the same chain and one transaction, as a negative ticket naming
the original; the original stays as it was. Only a manager refunds (the screen asks for the PIN first).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from ..domain.fiscal import Jet
from ..domain.refund import refund_draft, returnable
from ..domain.seller import Seller
from ..domain.shop_time import shop_now
from ..domain.ticket import ClosedTicket, PaymentMethod, TicketError
from ..store.database import store_errors, transaction
from ..store.ticket_history import TicketHistory, TicketSearch
from .listeners import Topic
from .till import TillService

if TYPE_CHECKING:
    import sqlite_utils

__all__ = ["TicketHistoryService", "TicketSearch"]


class TicketHistoryService:
    def __init__(self, db: sqlite_utils.Database, till: TillService, clock: Callable[[], datetime] = shop_now) -> None:
        """`till`: its journal (a refund is signed in the sales chain like any ticket) and its JET (event 190)."""
        self.db, self.clock = db, clock
        self.history = TicketHistory(db)
        self.journal = till.journal
        self.events = till.events
        self.till = till
        self.refunded: Topic[ClosedTicket] = Topic()  # each refund recorded

    def search(self, criteria: TicketSearch, limit: int = 200) -> list[ClosedTicket]:
        with store_errors(self.db):
            return self.history.search(criteria, limit)

    def get(self, number: int) -> ClosedTicket | None:
        with store_errors(self.db):
            return self.journal.get(number)

    def refunds_of(self, number: int) -> list[ClosedTicket]:
        with store_errors(self.db):
            return self.history.refunds_of(number)

    def returnable(self, ticket: ClosedTicket) -> list[Decimal]:
        return returnable(ticket, self.refunds_of(ticket.number))

    def refund(self, number: int, quantities: dict[int, Decimal], method: PaymentMethod,
               manager: Seller) -> ClosedTicket:
        """Record the refund of `quantities` (line index → quantity) of ticket `number`; TicketError if refused."""
        if manager.id is None or not manager.is_manager:
            raise TicketError("Un remboursement demande le code d'un gérant.")
        with store_errors(self.db), transaction(self.db):  # read what is left and write the refund at once
            original = self.journal.get(number)
            if original is None:
                raise TicketError(f"Le ticket n° {number} n'existe pas.")
            draft = refund_draft(original, self.history.refunds_of(number), quantities, method)
            at = self.clock()
            recorded = self.journal.append(draft, manager.id, manager.name, at, refund_of=number)
            self.events.record(Jet.CANCEL_OR_REFUND, manager.name,
                               f"avoir n° {recorded} du ticket n° {number} ({draft.total.format_fr()})", at=at)
            refund = self.journal.get(recorded)
        assert refund is not None
        self.refunded.notify(refund)
        return refund
