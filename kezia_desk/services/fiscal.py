"""The technical event log (JET) and the training mode: what the till writes about itself, signed and chained.

`EventLog.record()` appends to the events chain in the caller's transaction when one is open (a cancelled
ticket and its event 190 commit together). `record_quietly()` is for what happens around the sales (HubRise
connected, a PIN refused, start and stop): a failure to log is written to the log file and never stops the
cashier. The training mode (mode formation) is a manager's switch (always on in --demo), kept in the settings
and announced by an event each time it changes.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from ..domain.fiscal import EVENT, Chain, FiscalRecord, Jet, JetEntry
from ..domain.seller import Seller
from ..domain.shop_time import shop_now
from ..store.database import StoreError, store_errors, transaction
from ..store.fiscal_records import FiscalRecords

log = logging.getLogger(__name__)
SYSTEM = "Kezia Desk"
TRAINING_SETTING = "mode_formation"


class EventLog:
    def __init__(self, db: Any, records: FiscalRecords, clock: Callable[[], datetime] = shop_now) -> None:
        self.db, self.records, self._clock = db, records, clock
        self.changed: list[Callable[[], None]] = []

    def record(self, code: Jet, by: str | None = None, detail: str = "", at: datetime | None = None) -> FiscalRecord:
        """Append one event (StoreError if the database refuses)."""
        with store_errors(self.db):
            record = self.records.append(Chain.EVENTS, EVENT, {"code": int(code), "label": code.label_fr,
                                                               "by": by or SYSTEM, "detail": detail},
                                         ref=str(int(code)), at=at or self._clock())
        for callback in list(self.changed):
            callback()
        return record

    def record_quietly(self, code: Jet, by: str | None = None, detail: str = "") -> None:
        try:
            self.record(code, by, detail)
        except StoreError:
            log.exception("journal des événements techniques : %s non enregistré", code.label_fr)

    def entries(self, code: int | None = None, limit: int = 500) -> list[JetEntry]:
        """The newest events first, all of them or those of one code."""
        with store_errors(self.db):
            found = self.records.records(Chain.EVENTS, ref=None if code is None else str(code), newest_first=True,
                                         limit=limit)
        entries = []
        for record in found:
            data = record.data
            entries.append(JetEntry(record.seq, record.moment, int(data.get("code", 0)), str(data.get("label", "")),
                                    str(data.get("by", "")), str(data.get("detail", ""))))
        return entries


class TrainingError(ValueError):
    """A refused switch; the message is French."""


class TrainingMode:
    """Mode formation. `forced` (the demo) keeps it on whatever the setting says."""

    def __init__(self, settings: Any, events: EventLog, forced: bool = False) -> None:
        self.settings, self.events, self.forced = settings, events, forced
        self._active = forced or bool(settings.get(TRAINING_SETTING, False))

    @property
    def active(self) -> bool:
        return self._active

    def switch(self, on: bool, manager: Seller) -> None:
        """The manager's switch (the caller checked the manager PIN through ManagerAccess)."""
        if not manager.is_manager:
            raise TrainingError("Seul un gérant peut changer le mode formation.")
        if self.forced and not on:
            raise TrainingError("En démonstration, la caisse reste en mode formation.")
        if on == self._active:
            return
        with store_errors(self.events.db), transaction(self.events.db):  # the switch and its event, together
            self.settings.set(TRAINING_SETTING, on)
            self.events.record(Jet.TRAINING_ON if on else Jet.TRAINING_OFF, manager.name)
        self._active = on
