"""The composition root: the one place that knows every layer.

`build_app(config)` opens the store, builds the services, the HubRise link (real HubRise, a local sandbox or the
in-process demo sandbox) and the main window, and connects service callbacks to the window. The command line and
the tests both go through it, so the tests exercise the real wiring.
"""
from __future__ import annotations

import asyncio
import logging
import sys
import traceback
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from .config import AppConfig
from .hubrise_link import HubRiseLink
from .services.article_mapping import ArticleResolver
from .services.order_actions import OrderActions
from .services.outbox import OutboxDispatcher, patch_handler
from .services.reception import OrderPoller
from .services.registry import Services
from .services.till import CatalogService, SellerService, SettingsService, TillService
from .services.web_orders import WebOrdersService
from .store.database import open_database
from .store.demo_seed import seed_demo_data
from .store.orders import OrderStore
from .store.outbox import OutboxStore

log = logging.getLogger(__name__)
DEMO_POLL_INTERVAL = 10.0


@dataclass
class KeziaApp:
    """The running application: its config, database, services, HubRise link, main window and background tasks."""

    config: AppConfig
    db: Any
    services: Services
    window: Any
    link: HubRiseLink
    poller: OrderPoller
    dispatcher: OutboxDispatcher
    starters: list[Callable[[], Coroutine[Any, Any, None]]] = field(default_factory=list)
    tasks: list[asyncio.Task] = field(default_factory=list)

    @property
    def sandbox(self) -> Any:
        return self.link.sandbox

    def start(self) -> None:
        """Start the background work (poller, outbox, demo web shop) on the running asyncio loop."""
        for starter in self.starters:
            self.tasks.append(asyncio.ensure_future(starter()))

    async def aclose(self) -> None:
        """Stop background work, close the HubRise client and the database; safe to call twice."""
        for task in self.tasks:
            task.cancel()
        if self.tasks:
            # An HTTP call being cancelled may take a moment to unwind; never let it hold the shutdown.
            await asyncio.wait(self.tasks, timeout=3)
        self.tasks.clear()
        await self.link.aclose()
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
    catalog = CatalogService(db)
    order_store, outbox_store = OrderStore(db), OutboxStore(db)
    web_orders = WebOrdersService(order_store, outbox_store, ArticleResolver(catalog, order_store))
    services = Services(sellers=SellerService(db), catalog=catalog, till=TillService(db), web_orders=web_orders)
    services.settings = settings  # type: ignore[attr-defined]
    services.order_actions = OrderActions(web_orders, catalog, settings)  # type: ignore[attr-defined]

    link = HubRiseLink()
    interval = config.poll_interval
    if config.demo:
        link.connect_demo()
        interval = interval or DEMO_POLL_INTERVAL
    elif config.hubrise_token:
        link.connect(config.api_url, config.hubrise_token)
    poller = OrderPoller(web_orders, link.get, settings, interval=interval)
    dispatcher = OutboxDispatcher(outbox_store, link.get, backoff_base=config.outbox_backoff_base,
                                  on_change=web_orders.changed.notify,
                                  on_error=lambda error: web_orders.set_link_state("error", error.message_fr,
                                                                                  "warning"))
    for kind in ("status", "payment"):
        dispatcher.register_handler(kind, patch_handler(order_store))
    web_orders.poller, web_orders.dispatcher = poller, dispatcher

    def on_token_refused(state: Any) -> None:
        if state.state == "revoked":
            dispatcher.paused = True

    web_orders.link.add(on_token_refused)

    window = MainWindow(services)
    kezia = KeziaApp(config, db, services, window, link, poller, dispatcher)
    kezia.starters += [poller.run, dispatcher.run]
    if config.demo and link.sandbox is not None:
        from .hubrise.sandbox.generator import run_generator

        sandbox = link.sandbox
        kezia.starters.append(lambda: run_generator(sandbox, config.demo_orders_every,
                                                    first_after=config.demo_first_order_after))
    from .ui_wiring import wire_web_orders

    wire_web_orders(kezia)
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
