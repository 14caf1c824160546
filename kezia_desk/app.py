"""The composition root: the one place that knows every layer.

`build_app(config)` opens the store, builds the services and the main window, and connects service callbacks to
the window. The command line and the tests both go through it, so the tests exercise the real wiring.
"""
from __future__ import annotations

import asyncio
import logging
import sys
import traceback
from dataclasses import dataclass, field
from typing import Any

from .config import AppConfig
from .services.registry import Services
from .services.till import CatalogService, SellerService, SettingsService, TillService
from .store.database import open_database
from .store.demo_seed import seed_demo_data

log = logging.getLogger(__name__)


@dataclass
class KeziaApp:
    """The running application: its config, database, services, main window and background tasks."""

    config: AppConfig
    db: Any
    services: Services
    window: Any
    sandbox: Any = None
    tasks: list[asyncio.Task] = field(default_factory=list)
    _closers: list[Any] = field(default_factory=list)

    def start(self) -> None:
        """Start the background work (poller, outbox, demo web shop) on the running asyncio loop."""
        for starter in getattr(self, "_starters", []):
            task = starter()
            if task is not None:
                self.tasks.append(task)

    async def aclose(self) -> None:
        """Stop background work and close the database; safe to call twice."""
        for task in self.tasks:
            task.cancel()
        for task in self.tasks:
            try:
                await task
            except (asyncio.CancelledError, Exception):  # noqa: BLE001 - shutting down
                pass
        self.tasks.clear()
        for closer in reversed(self._closers):
            try:
                result = closer()
                if asyncio.iscoroutine(result):
                    await result
            except Exception:  # noqa: BLE001 - shutting down, log and go on
                log.exception("fermeture")
        self._closers.clear()
        if self.db is not None:
            self.db.conn.close()
            self.db = None


def build_app(config: AppConfig) -> KeziaApp:
    """Build the whole application. Raises store.database.StoreError (French message) if the data is unusable."""
    from .ui.main_window import MainWindow

    db = open_database(config.data_dir)
    if config.demo:
        seed_demo_data(db)
    settings = SettingsService(db)
    services = Services(
        sellers=SellerService(db),
        catalog=CatalogService(db),
        till=TillService(db),
    )
    services.settings = settings  # type: ignore[attr-defined]
    window = MainWindow(services)
    kezia = KeziaApp(config=config, db=db, services=services, window=window)
    kezia._starters = []  # type: ignore[attr-defined]
    return kezia


def install_exception_hook(window: Any) -> None:
    """Unexpected errors are logged in full and shown as one French sentence, never as a traceback."""
    from PySide6.QtWidgets import QMessageBox

    def hook(exc_type, exc, tb) -> None:  # type: ignore[no-untyped-def]
        log.error("Erreur inattendue :\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        box = QMessageBox(QMessageBox.Icon.Warning, "Kezia Desk",
                          "Une erreur inattendue est survenue. Rien n'a été perdu ; l'opération en cours n'a "
                          "peut-être pas abouti. Le détail est dans le journal technique.", parent=window)
        box.setModal(False)
        box.show()

    sys.excepthook = hook
