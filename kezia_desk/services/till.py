"""The till's use case: closing tickets into the journal (sold or cancelled), reading and verifying it, the
fiscal block a ticket carries and the reprints (duplicatas) that are records of their own.

Synchronous and Qt-free: each call is a short SQLite transaction. SQLite failures come out as StoreError with a
French sentence, so the UI can show them and keep the cashier's ticket intact. In mode formation the ticket
goes to the training chain only (see store/journal.py).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.fiscal import REPRINT, SOFTWARE_NAME, Chain, FiscalBlock, Jet, signature_marks
from ..domain.seller import Seller
from ..domain.shop_time import shop_now
from ..domain.ticket import ClosedTicket, TicketDraft, TicketError
from ..store.database import StoreError, database_path, open_database_readonly, store_errors, transaction
from ..store.fiscal_records import FiscalRecords
from ..store.fiscal_verify import FiscalCheck, verify_fiscal
from ..store.journal import JournalRepository
from ..store.signing_key import FileKeyStore, open_key_store
from .fiscal import EventLog, TrainingMode
from .listeners import Topic
from .workers import in_worker

if TYPE_CHECKING:  # the handle the stores are built on; services never run SQL themselves
    import sqlite_utils

__all__ = ["FiscalCheck", "StoreError", "TillService", "verify_journal_at"]


def software_version() -> str:
    """Name and version printed in the fiscal block (read once, lazily: importlib.metadata costs ≈ 30 ms)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{SOFTWARE_NAME} {version('kezia-desk')}"
    except PackageNotFoundError:  # a checkout never installed, as kezia_desk.__version__ says
        return f"{SOFTWARE_NAME} 0.0.0+checkout"


class TillService:
    def __init__(self, db: sqlite_utils.Database, clock: Callable[[], datetime] = shop_now,
                 records: FiscalRecords | None = None, training: TrainingMode | None = None) -> None:
        """`records`: the signed chains with the till's key (the composition root passes the key store it chose;
        by default a 0600 key file beside the database). `training`: the mode formation switch, if any."""
        self._db = db
        self.records = records or FiscalRecords(db, FileKeyStore(database_path(db).parent), clock)
        self.journal = JournalRepository(db, self.records)
        self.events = EventLog(db, self.records, clock)
        self.training = training
        self._clock = clock
        self.closed: Topic[ClosedTicket] = Topic()  # each ticket recorded in the journal (sold or cancelled)
        self._software: str | None = None

    @property
    def training_active(self) -> bool:
        return self.training is not None and self.training.active

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
        """Record a settled ticket in the journal (signed), once; the draft is left untouched if anything fails."""
        seller_id = self.check_closable(draft, seller)
        return self._record(draft, seller_id, seller.name, cancelled=False)

    def record_cancelled(self, draft: TicketDraft, seller: Seller) -> ClosedTicket:
        """A ticket abandoned after payments were taken: journaled as cancelled with its lines, payments and
        seller, never silently dropped (the money taken must be explained), with its event 190 in the JET."""
        if draft.recorded_as is not None:
            raise TicketError(f"Ce ticket est déjà enregistré (n° {draft.recorded_as}).")
        if seller.id is None:
            raise TicketError("Choisissez un vendeur avant d'annuler un ticket encaissé.")
        return self._record(draft, seller.id, seller.name, cancelled=True)

    def _record(self, draft: TicketDraft, seller_id: int, seller_name: str, cancelled: bool) -> ClosedTicket:
        at = self._clock()
        with store_errors(self._db):
            if self.training_active:
                closed = self.journal.append_training(draft, seller_id, seller_name, at, cancelled)
            else:
                with transaction(self._db):
                    number = self.journal.append(draft, seller_id, seller_name, at, cancelled=cancelled)
                    if cancelled:
                        self.events.record(Jet.CANCEL_OR_REFUND, seller_name,
                                           f"ticket n° {number} annulé après règlement ({draft.total.format_fr()})",
                                           at=at)
                found = self.journal.get(number)
                assert found is not None
                closed = found
        draft.recorded_as = closed.number
        self.closed.notify(closed)
        return closed

    def list_tickets(self, limit: int = 50) -> list[ClosedTicket]:
        with store_errors(self._db):
            return self.journal.latest(limit)

    def get_ticket(self, number: int, training: bool = False) -> ClosedTicket | None:
        with store_errors(self._db):
            return self.journal.get_training(number) if training else self.journal.get(number)

    # --- the fiscal block and the reprints --------------------------------------------------------------------
    def fiscal_block(self, ticket: ClosedTicket, reprint: int = 0) -> FiscalBlock:
        """What the ticket shows (and prints) below its lines; `reprint` N for the N-th duplicate."""
        if self._software is None:
            self._software = software_version()
        return FiscalBlock(number=ticket.number, at=ticket.closed_at, till_id=self.records.till_id,
                           seller=ticket.seller_name, line_count=len(ticket.lines), software=self._software,
                           signature_marks=signature_marks(ticket.signature) if ticket.signature else "avant signature",
                           reprint=reprint, training=ticket.training)

    def record_reprint(self, ticket: ClosedTicket, by: str) -> int:
        """A reprint is a signed record of its own (duplicatas chain, or training): returns its number N, which
        the copy prints as « DUPLICATA n° N ». A real ticket's duplicate is also an event 580 of the JET (who
        asked, which ticket, which number), in the same transaction; a training ticket's stays in the training
        chain, which the fiscal chains never mix with."""
        chain = Chain.TRAINING if ticket.training else Chain.DUPLICATES
        ref = f"formation-{ticket.number}" if ticket.training else str(ticket.number)
        at = self._clock()
        with store_errors(self._db), transaction(self._db):
            count = len(self.records.records(chain, kind=REPRINT, ref=ref)) + 1
            self.records.append(chain, REPRINT, {"ticket": ticket.number, "duplicata": count, "by": by,
                                                 "ticket_signature": ticket.signature}, ref=ref, at=at)
            if not ticket.training:
                self.events.record(Jet.DUPLICATE, by, f"ticket n° {ticket.number} : duplicata n° {count}", at=at)
        return count

    def verify_journal(self) -> FiscalCheck:
        """Every chain, signature and seal; the run is an event of the JET, and a defect found an event 90."""
        with store_errors(self._db):
            check = verify_fiscal(self._db, self.records.public_key_hex)
        self._record_verification(check)
        return check

    async def verify_journal_in_worker(self) -> FiscalCheck:
        """The Diagnostic's « Vérifier le journal »: the same check on a read-only connection of its own in a
        worker thread (it grows with the journal: ≈ 0.1 ms a record), the events written back on the loop."""
        data_dir, public = database_path(self._db).parent, self.records.public_key_hex

        def work() -> FiscalCheck:
            db = open_database_readonly(data_dir)
            try:
                return verify_fiscal(db, public)
            finally:
                db.conn.close()

        check = await in_worker(work, "kezia-verify-journal")
        self._record_verification(check)
        return check

    def refused_pin(self, detail: str) -> None:
        """A wrong PIN (ManagerAccess's callback): event 530 of the JET."""
        self.events.record_quietly(Jet.PIN_REFUSED, detail=detail)

    def _record_verification(self, check: FiscalCheck) -> None:
        self.events.record_quietly(Jet.JOURNAL_VERIFIED, detail=("intègre : " + check.summary_fr()) if check.ok
                                   else "ALTÉRÉ")
        if not check.ok:
            self.events.record_quietly(Jet.INTEGRITY_DEFECT, detail=check.failure or "")


def verify_journal_at(data_dir: Path, use_keyring: bool = True) -> FiscalCheck:
    """For `kezia-desk verify-journal`: open the shop's database READ-ONLY and check every chain, signature and
    seal. When this machine holds the till's key, the database's public key must be that key's."""
    db = open_database_readonly(data_dir)
    try:
        key = open_key_store(data_dir, use_keyring).load()
        return verify_fiscal(db, key.public_hex if key else None, parallel=True)
    finally:
        db.conn.close()
