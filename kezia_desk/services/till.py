"""The till's use case: closing tickets into the journal (sold or cancelled), reading and verifying it.

Synchronous and Qt-free: each call is a short SQLite transaction. SQLite failures come out as StoreError with a
French sentence, so the UI can show them and keep the cashier's ticket intact.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.journal import JournalCheck
from ..domain.seller import Seller
from ..domain.shop_time import shop_now
from ..domain.ticket import ClosedTicket, TicketDraft, TicketError
from ..store.database import StoreError, open_database_readonly, store_errors
from ..store.journal import JournalRepository
from .listeners import Topic

if TYPE_CHECKING:  # the handle the stores are built on; services never run SQL themselves
    import sqlite_utils

__all__ = ["StoreError", "TillService", "verify_journal_at"]


class TillService:
    def __init__(self, db: sqlite_utils.Database, clock: Callable[[], datetime] = shop_now) -> None:
        self._db = db
        self._journal = JournalRepository(db)
        self._clock = clock
        self.closed: Topic[ClosedTicket] = Topic()  # each ticket recorded in the journal (sold or cancelled)

    @staticmethod
    def check_closable(draft: TicketDraft, seller: Seller) -> int:
        """What a ticket must be before it is recorded (also used by Facturer); returns the seller's id."""
        if draft.recorded_as is not None:
            raise TicketError(f"Ce ticket est déjà enregistré (n° {draft.recorded_as}).")
        if not draft.lines:
            raise TicketError("Le ticket est vide : rien à enregistrer.")
        if not draft.is_settled:
            raise TicketError(f"Le ticket n'est pas entièrement réglé : reste {draft.remaining}.")
        if seller.id is None:
            raise TicketError("Choisissez un vendeur avant d'encaisser.")
        return seller.id

    def close_ticket(self, draft: TicketDraft, seller: Seller) -> ClosedTicket:
        """Record a settled ticket in the journal, once; the draft is left untouched if anything fails."""
        seller_id = self.check_closable(draft, seller)
        with store_errors(self._db):
            number = self._journal.append(draft, seller_id, seller.name, self._clock())
            closed = self._journal.get(number)
        assert closed is not None
        draft.recorded_as = number
        self.closed.notify(closed)
        return closed

    def record_cancelled(self, draft: TicketDraft, seller: Seller) -> ClosedTicket:
        """A ticket abandoned after payments were taken: journaled as cancelled with its lines, payments and
        seller, never silently dropped (the money taken must be explained)."""
        if draft.recorded_as is not None:
            raise TicketError(f"Ce ticket est déjà enregistré (n° {draft.recorded_as}).")
        if seller.id is None:
            raise TicketError("Choisissez un vendeur avant d'annuler un ticket encaissé.")
        with store_errors(self._db):
            number = self._journal.append(draft, seller.id, seller.name, self._clock(), cancelled=True)
            closed = self._journal.get(number)
        assert closed is not None
        draft.recorded_as = number
        self.closed.notify(closed)
        return closed

    def list_tickets(self, limit: int = 50) -> list[ClosedTicket]:
        with store_errors(self._db):
            return self._journal.latest(limit)

    def get_ticket(self, number: int) -> ClosedTicket | None:
        with store_errors(self._db):
            return self._journal.get(number)

    def verify_journal(self) -> JournalCheck:
        with store_errors(self._db):
            return self._journal.verify()


def verify_journal_at(data_dir: Path) -> JournalCheck:
    """For `kezia-desk verify-journal`: open the shop's database READ-ONLY and check the chain and its anchor."""
    db = open_database_readonly(data_dir)
    try:
        return TillService(db).verify_journal()
    finally:
        db.conn.close()
