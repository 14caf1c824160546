"""The shop's settings (a key/value table), with a notice to listeners when one changes.

Synchronous and Qt-free; SQLite failures come out as StoreError with a French sentence.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..store.database import store_errors
from ..store.settings import SettingsRepository
from .listeners import Topic

if TYPE_CHECKING:  # the handle the stores are built on; services never run SQL themselves
    import sqlite_utils


class SettingsService:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db
        self._repo = SettingsRepository(db)
        self.changed: Topic[str] = Topic()  # the key of the setting just changed

    def get(self, key: str, default: Any = None) -> Any:
        with store_errors(self._db):
            return self._repo.get(key, default)

    def set(self, key: str, value: Any) -> None:
        with store_errors(self._db):
            self._repo.set(key, value)
        self.changed.notify(key)
