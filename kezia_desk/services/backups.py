"""Backups (conservation): `kezia-desk backup --out DIR` and the till's daily copy to the folder chosen in the
settings (a USB stick, a network share), keeping the last N. A copy that cannot be written is said (status
bar, JET event 561), never skipped in silence; a successful one is an event 560.

The copy itself runs in a worker thread on a connection of its own (store/backup.py): a 100 MB database takes
about a second, which the cashier's screen must not wait for.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from ..domain.fiscal import Jet
from ..domain.shop_time import shop_now
from ..store.backup import copy_database
from ..store.database import StoreError
from .workers import in_worker

log = logging.getLogger(__name__)
FOLDER_SETTING, KEEP_SETTING, LAST_SETTING = "sauvegarde.dossier", "sauvegarde.garder", "sauvegarde.derniere"
DEFAULT_KEEP = 30
PREFIX = "kezia-desk-sauvegarde-"
CHECK_EVERY_SECONDS = 3600.0


def backup_name(at: datetime) -> str:
    return f"{PREFIX}{at.strftime('%Y%m%d-%H%M%S')}.db"


def make_backup(data_dir: Path, out_dir: Path, at: datetime | None = None, keep: int | None = None) -> Path:
    """One consistent copy in `out_dir`, then the oldest of ours beyond `keep` removed (never another file)."""
    target = copy_database(data_dir, Path(out_dir) / backup_name(at or shop_now()))
    if keep:
        ours = sorted(p for p in Path(out_dir).glob(f"{PREFIX}*.db") if p.is_file())
        for old in ours[:-keep]:
            try:
                old.unlink()
            except OSError:
                log.warning("ancienne sauvegarde non supprimée : %s", old)
    return target


class BackupService:
    """The daily backup. `on_outcome(ok, text)` tells the window (status bar)."""

    def __init__(self, data_dir: Path, settings: Any, events: Any, clock: Callable[[], datetime] = shop_now,
                 on_outcome: Callable[[bool, str], None] = lambda *_: None) -> None:
        self.data_dir, self.settings, self.events, self.clock = Path(data_dir), settings, events, clock
        self.on_outcome = on_outcome
        self.last_error: str | None = None
        self._current: asyncio.Future[Path | None] | None = None

    @property
    def folder(self) -> Path | None:
        value = self.settings.get(FOLDER_SETTING)
        return Path(value) if value else None

    @property
    def keep(self) -> int:
        try:
            return max(1, int(self.settings.get(KEEP_SETTING, DEFAULT_KEEP)))
        except (TypeError, ValueError):
            return DEFAULT_KEEP

    def configure(self, folder: Path | None, keep: int, by: str) -> None:
        """Keep the folder and the count; a change (only a change) is an event 270 of the JET."""
        if folder == self.folder and int(keep) == self.keep:
            return
        self.settings.set(FOLDER_SETTING, str(folder) if folder else None)
        self.settings.set(KEEP_SETTING, int(keep))
        self.events.record_quietly(Jet.FISCAL_SETTINGS, by, f"sauvegarde quotidienne : {folder or 'aucune'}, "
                                                            f"garder {keep}")

    def due(self) -> bool:
        return self.folder is not None and self.settings.get(LAST_SETTING, "") != self.clock().date().isoformat()

    async def back_up_now(self, by: str | None = None) -> Path | None:
        """Copy now (in a worker thread); None and a French reason in `last_error` when it failed. Asked while
        a copy runs (the daily one, or a second tap), it waits for that copy instead of starting another."""
        if self._current is None or self._current.done():
            self._current = asyncio.ensure_future(self._back_up(by))
        return await asyncio.shield(self._current)

    async def _back_up(self, by: str | None) -> Path | None:
        folder = self.folder
        if folder is None:
            self._fail("Aucun dossier de sauvegarde choisi (Fichier > Sauvegardes).")
            return None
        at = self.clock()
        try:
            target = await in_worker(lambda: make_backup(self.data_dir, folder, at, self.keep), "kezia-backup")
        except StoreError as exc:
            self._fail(exc.message_fr)
            return None
        self.last_error = None
        self.settings.set(LAST_SETTING, at.date().isoformat())
        self.events.record_quietly(Jet.BACKUP, by, f"sauvegarde {target}")
        self.on_outcome(True, f"Sauvegarde faite : {target.name}")
        return target

    def _fail(self, text: str) -> None:
        self.last_error = text
        log.error("sauvegarde : %s", text)
        self.events.record_quietly(Jet.BACKUP_FAILED, detail=text)
        self.on_outcome(False, f"Sauvegarde impossible : {text}")

    async def run(self) -> None:
        """The daily loop: at start, then every hour, a copy if today has none yet (and a folder is chosen)."""
        while True:
            if self.due():
                await self.back_up_now()
            await asyncio.sleep(CHECK_EVERY_SECONDS)
