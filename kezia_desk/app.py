"""The composition root: the one place that knows every layer.

`build_app(config)` opens the store, builds the services, the HubRise link (real HubRise, a local sandbox or the
in-process demo sandbox) and the main window, and connects service callbacks to the window. The command line and
the tests both go through it, so the tests exercise the real wiring.
"""
from __future__ import annotations

import asyncio
import gc
import logging
import sys
import threading
import traceback
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from .config import TRAINING_SANDBOX_CLIENT_ID, TRAINING_SANDBOX_CLIENT_SECRET, AppConfig
from .domain.fiscal import Jet
from .domain.phone import display_fr
from .services.article_mapping import ArticleResolver
from .services.catalog import CatalogService
from .services.catch_up import CatchUp
from .services.closures import ClosureService
from .services.connection import ConnectionService, hubrise_platform, sandbox_platform
from .services.customers import CustomerService
from .services.deposits import DepositService
from .services.exports import ExportService
from .services.fiscal import TrainingMode
from .services.hubrise_link import HubRiseLink
from .services.invoicing import InvoicingService
from .services.link_status import LinkStatus
from .services.order_actions import OrderActions
from .services.outbox import OutboxDispatcher, patch_handler
from .services.preferences import UNKNOWN_VAT_SETTING, Preferences
from .services.reception import POLL_INTERVAL_SETTING, OrderPoller
from .services.registry import Services
from .services.sellers import SellerService
from .services.settings import SettingsService
from .services.ticket_history import TicketHistoryService
from .services.till import TillService
from .services.till_orders import TillOrderService, create_order_handler
from .services.web_orders import WebOrdersService
from .store.customers import CustomerStore
from .store.database import check_integrity, close_database, open_database
from .store.demo_seed import seed_demo_data
from .store.fiscal_records import FiscalRecords
from .store.orders import OrderStore
from .store.outbox import OutboxStore
from .store.signing_key import open_key_store
from .store.sync_marks import SyncMarks
from .store.token_store import open_token_store

log = logging.getLogger(__name__)
DEMO_POLL_INTERVAL = 10.0
WARM_UP_DELAY = 0.5  # seconds after start: the home screen is painted, the first poll is usually over
OUTBOX_KEEP_DAYS = 30  # sent outbox rows older than this are pruned at start (the order history keeps the facts)


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
    sandbox: Any = None  # the demo's in-process HubRise sandbox (--demo only)
    starters: list[Callable[[], Coroutine[Any, Any, None]]] = field(default_factory=list)
    tasks: list[asyncio.Task] = field(default_factory=list)
    # What the home screen did not wait for (the alert's audio back-end, the phone-number library): loaded once
    # the till is up, so the first web order of a rush does not pay for it.
    warm_ups: list[Callable[[], Any]] = field(default_factory=list)
    warm_ups_in_thread: list[Callable[[], Any]] = field(default_factory=list)
    _warm_up_timer: asyncio.TimerHandle | None = None
    _warm_up_thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the background work (integrity check, poller, outbox, demo web shop) on the running loop."""
        self._start_integrity_check()
        for starter in self.starters:
            self.tasks.append(asyncio.ensure_future(starter()))
        self._warm_up_timer = asyncio.get_event_loop().call_later(WARM_UP_DELAY, self._warm_up)

    @property
    def warming_up(self) -> bool:
        """True until what start-up left for later is loaded (benchmarks measure the till after it)."""
        return self._warm_up_timer is not None or (self._warm_up_thread is not None
                                                   and self._warm_up_thread.is_alive())

    def _warm_up(self) -> None:
        self._warm_up_timer = None
        for warm_up in self.warm_ups:
            _warm_up_one(warm_up)
        # A daemon thread of its own, like the integrity check: qasync's executor is a QThread that outlives the
        # loop and Qt complains at exit.
        self._warm_up_thread = threading.Thread(target=self._warm_up_in_thread, name="kezia-warm-up", daemon=True)
        self._warm_up_thread.start()

    def _warm_up_in_thread(self) -> None:
        for warm_up in self.warm_ups_in_thread:
            _warm_up_one(warm_up)
        # Everything loaded so far (modules, classes, Qt wrappers, the screens built) lives as long as the till:
        # set aside from the garbage collector, whose full passes otherwise walk it all again. Those passes were
        # most of the longest event-loop blocks of a rush (28 of 34 ms during a burst of 200).
        gc.freeze()

    def _start_integrity_check(self) -> None:
        """The database's whole-file check grows with the file: a daemon thread runs it after start-up (SQLite
        releases the GIL meanwhile) and a problem is logged and shown in the status bar."""
        loop = asyncio.get_event_loop()

        def check() -> None:
            problem = check_integrity(self.config.data_dir)
            if problem:
                log.error("contrôle d'intégrité : %s", problem)
                try:
                    loop.call_soon_threadsafe(lambda: self.window.statusBar().showMessage(problem))
                except RuntimeError:  # the till closed meanwhile
                    pass

        threading.Thread(target=check, name="kezia-integrity", daemon=True).start()

    async def aclose(self) -> None:
        """Stop background work, close the HubRise client and the database; safe to call twice."""
        if self._warm_up_timer is not None:
            self._warm_up_timer.cancel()
            self._warm_up_timer = None
        if self._warm_up_thread is not None:
            self._warm_up_thread.join(timeout=5)  # an import of ≤ 60 ms; then nothing freezes behind our back
            self._warm_up_thread = None
            gc.unfreeze()  # what the till leaves behind (its window, its services) is collectable again
        for task in self.tasks:
            task.cancel()
        if self.tasks:
            # An HTTP call being cancelled may take a moment to unwind; never let it hold the shutdown.
            await asyncio.wait(self.tasks, timeout=3)
        self.tasks.clear()
        await self.link.aclose()
        if self.db is not None:
            self.services.till.events.record_quietly(Jet.STOP)
            close_database(self.db)
            self.db = None


def _warm_up_one(warm_up: Callable[[], Any]) -> None:
    try:
        warm_up()
    except Exception:  # noqa: BLE001 - done again, and said, at first real use
        log.exception("préchargement")


def build_app(config: AppConfig) -> KeziaApp:
    """Build the whole application. Raises store.database.StoreError (French message) if the data is unusable."""
    from .ui.main_window import MainWindow

    db = open_database(config.data_dir, full_check=False)
    if config.demo:
        seed_demo_data(db)
    settings = SettingsService(db)
    catalog = CatalogService(db)
    order_store, outbox_store = OrderStore(db), OutboxStore(db)

    def check_now() -> None:  # « Vérifier maintenant »: both loops, built just below
        poller.wake()
        dispatcher.wake()

    web_orders = WebOrdersService(order_store, outbox_store, ArticleResolver(catalog, order_store),
                                  check_now=check_now)
    web_orders.lists.refresh_stale()  # the read model's backfill after an upgrade (migration 500); else nothing
    outbox_store.prune_sent(OUTBOX_KEEP_DAYS)
    link, link_status = HubRiseLink(), LinkStatus(outbox_store)

    def on_sent() -> None:
        """HubRise took an update: the status bar says connected now, not at the next poll."""
        if link_status.current.state != "ok":
            link_status.set("ok", "HubRise : connecté", "ok")

    dispatcher = OutboxDispatcher(outbox_store, link.get, backoff_base=config.outbox_backoff_base,
                                  on_change=web_orders.changed.notify, on_success=on_sent,
                                  on_error=lambda error: link_status.set("error", error.message_fr,
                                                                                  "warning"))
    for kind in ("status", "payment"):
        dispatcher.register_handler(kind, patch_handler(order_store))
    dispatcher.register_handler("create", create_order_handler(order_store, web_orders.to_order))
    interval = config.poll_interval
    if config.demo:
        interval = interval or DEMO_POLL_INTERVAL
    poller = OrderPoller(web_orders, order_store, outbox_store, link_status, link.get, settings, interval=interval,
                         catch_up=CatchUp(order_store, SyncMarks(db)), wake_outbox=dispatcher.wake)
    records = FiscalRecords(db, open_key_store(config.data_dir, config.use_keyring))
    till = TillService(db, records=records)
    till.training = TrainingMode(settings, till.events, forced=config.demo)
    record_start(till, settings)
    order_actions = OrderActions(web_orders, order_store, outbox_store, catalog, settings,
                                 wake_outbox=dispatcher.wake)
    invoicing = InvoicingService(db, order_actions, till, catalog, settings, wake_outbox=dispatcher.wake)
    invoicing.reconcile()  # sales left half-done by an older version's crash: completed, never re-sold

    token_refused = [False]  # one event when HubRise starts refusing the token, not one per poll

    def on_token_refused(state: Any) -> None:
        if state.state == "revoked":
            dispatcher.paused = True
            if not token_refused[0]:
                till.events.record_quietly(Jet.HUBRISE_TOKEN_REFUSED, detail=state.text)
        token_refused[0] = state.state == "revoked"

    link_status.changed.add(on_token_refused)
    preferences = Preferences(settings)
    customers = CustomerService(CustomerStore(db))

    def on_connected() -> None:
        dispatcher.resume()
        poller.resume()
        till.events.record_quietly(Jet.HUBRISE_CONNECTED)

    def on_disconnected() -> None:
        link_status.set("idle", "HubRise : non connecté", "idle")
        till.events.record_quietly(Jet.HUBRISE_DISCONNECTED)

    connection = ConnectionService(link, open_token_store(config.data_dir, config.use_keyring), settings,
                                   lambda: hubrise_platform(config.oauth_client_id, config.oauth_client_secret),
                                   lambda url: sandbox_platform(url, TRAINING_SANDBOX_CLIENT_ID,
                                                                TRAINING_SANDBOX_CLIENT_SECRET),
                                   on_connected=on_connected, on_disconnected=on_disconnected)
    sandbox = connect_at_start(config, link, connection)
    deposits = DepositService(db, till)
    till_orders = TillOrderService(web_orders, order_store, preferences, catalog, wake_outbox=dispatcher.wake,
                                   deposits=deposits)
    exports = ExportService(link, connection, catalog, customers, web_orders, till_orders, outbox_store,
                            resume_outbox=dispatcher.resume)
    services = Services(sellers=SellerService(db), catalog=catalog, till=till, web_orders=web_orders,
                        settings=settings, order_actions=order_actions, invoicing=invoicing, preferences=preferences,
                        customers=customers, connection=connection, till_orders=till_orders, exports=exports,
                        link_status=link_status)
    services.closures = ClosureService(db, settings, till)
    services.ticket_history = TicketHistoryService(db, till)
    services.deposits = deposits

    window = MainWindow(services)
    kezia = KeziaApp(config, db, services, window, link, poller, dispatcher, sandbox)
    kezia.starters += [poller.run, dispatcher.run]
    if sandbox is not None:
        from .sandbox.generator import run_generator

        kezia.starters.append(lambda: run_generator(sandbox, config.demo_orders_every,
                                                    first_after=config.demo_first_order_after))
    connect_window(kezia)
    return kezia


FISCAL_SETTINGS = (UNKNOWN_VAT_SETTING,)  # settings that change what a ticket records: event 270


def record_start(till: TillService, settings: SettingsService) -> None:
    """Events 80 (start) and 250 (a version not seen before on this data), written before any sale."""
    import kezia_desk

    version = kezia_desk.__version__
    events = till.events
    events.record_quietly(Jet.START, detail=f"version {version}" + (" — mode formation" if till.training_active
                                                                    else ""))
    if settings.get("version_journal_fiscal") != version:
        events.record_quietly(Jet.NEW_VERSION, detail=f"{settings.get('version_journal_fiscal') or 'aucune'} → "
                                                      f"{version}")
        settings.set("version_journal_fiscal", version)


def connect_window(kezia: KeziaApp) -> None:
    """The screens' feature controllers and the status bar, plugged into the window once the services exist.
    Service topics call back on the asyncio loop, which qasync runs on Qt's thread: widgets update directly."""
    from .ui.closures.closures_wiring import ClosuresUi
    from .ui.orders.till_orders_wiring import TillOrdersUi
    from .ui.settings.settings_wiring import WebSettingsUi
    from .ui.web_orders.web_orders_wiring import WebOrdersUi

    window, services = kezia.window, kezia.services
    link_status = services.link_status
    assert link_status is not None and services.connection is not None and services.settings is not None

    def refresh_status(*_: Any) -> None:
        window.hubrise_status.set_link_state(*link_status.summary())

    link_status.changed.add(refresh_status)
    assert services.web_orders is not None
    services.web_orders.changed.add(refresh_status)
    if kezia.link.client is None:
        window.hubrise_status.set_link_state("HubRise : non connecté", "idle")
    window.web_orders_ui = WebOrdersUi(services, window)
    window.till_orders_ui = TillOrdersUi(services, window, window.web_orders_ui)
    window.web_settings_ui = WebSettingsUi(services, window, kezia.config.sandbox_url,
                                           services.connection.production)
    window.closures_ui = ClosuresUi(services, window)
    window.closures_ui.offer_forgotten_days()

    def on_setting(key: str) -> None:
        if key in FISCAL_SETTINGS:
            services.till.events.record_quietly(Jet.FISCAL_SETTINGS, detail=f"{key} = {settings.get(key)}")
        if key == POLL_INTERVAL_SETTING:
            kezia.poller.wake()  # the new interval counts from now, no restart

    settings = services.settings
    settings.add_listener(on_setting)

    kezia.warm_ups.append(window.web_orders_ui.sound.prepare)  # a Qt object: on the loop's thread (≈ 40 ms, once)
    kezia.warm_ups_in_thread.append(lambda: display_fr("+33612345678"))  # a 30–60 ms import: not on the loop


def connect_at_start(config: AppConfig, link: HubRiseLink, connection: ConnectionService) -> Any:
    """Demo: the in-process sandbox (returned; the till's modules never import it). A token in the environment:
    that connection (not stored). Otherwise the connection a manager made in Paramètres Web, if any."""
    if config.demo:
        import httpx

        from .sandbox import state as sandbox_state
        from .sandbox.app import create_sandbox

        sandbox = create_sandbox()
        # never reached over the network: the transport calls the sandbox's ASGI app in process
        link.connect("http://127.0.0.1/v1", sandbox.state.till_token, httpx.ASGITransport(app=sandbox.app))
        connection.record_external("Bac à sable intégré (démo)", "", {
            "account_name": sandbox_state.SHOP_NAME, "location_name": sandbox_state.SHOP_NAME,
            "catalog_id": sandbox_state.CATALOG_ID, "catalog_name": sandbox_state.SHOP_NAME,
            "customer_list_id": sandbox_state.CUSTOMER_LIST_ID, "customer_list_name": sandbox_state.SHOP_NAME})
        return sandbox
    if config.hubrise_token:
        link.connect(config.api_url, config.hubrise_token)
        connection.record_external("HubRise (jeton fourni par l'environnement)", config.api_url, {})
    else:
        connection.restore()
    return None


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
