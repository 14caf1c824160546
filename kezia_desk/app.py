"""The composition root: the one place that knows every layer.

`build_app(config)` opens the store, builds the services with `wiring.build_services` (the Qt-free half, which the
tests' shops use too), connects the HubRise link (real HubRise, a local sandbox or the in-process demo sandbox),
builds the main window and connects service callbacks to it. The command line and the tests both go through it,
so the tests exercise the real wiring.
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
from types import TracebackType
from typing import TYPE_CHECKING, Any

from .config import AppConfig
from .domain.fiscal import Jet
from .domain.phone import display_fr
from .domain.print_document import PrintDocument
from .domain.printer_settings import PrinterConfig, PrinterKind
from .services.backups import BackupService
from .services.connection import ConnectionService
from .services.hubrise_link import HubRiseLink
from .services.outbox import OutboxDispatcher
from .services.preferences import KIOSK_SETTING, ON_SCREEN_KEYBOARD_SETTING, UNKNOWN_VAT_SETTING
from .services.print_queue import PrintQueue
from .services.reception import POLL_INTERVAL_SETTING, OrderPoller
from .services.registry import Services
from .services.rights import Override
from .services.sellers import SellerChange
from .store.database import StoreError, check_integrity, close_database, open_database
from .store.demo_seed import seed_demo_data
from .wiring import build_services

if TYPE_CHECKING:
    import sqlite_utils

    from .sandbox.app import Sandbox
    from .services.settings import SettingsService
    from .services.till import TillService
    from .ui.main_window import MainWindow

log = logging.getLogger(__name__)
WARM_UP_DELAY = 0.5  # seconds after start: the home screen is painted, the first poll is usually over


@dataclass
class KeziaApp:
    """The running application: its config, database, services, HubRise link, main window and background tasks."""

    config: AppConfig
    db: sqlite_utils.Database | None
    services: Services
    window: MainWindow
    link: HubRiseLink
    poller: OrderPoller
    dispatcher: OutboxDispatcher
    sandbox: Sandbox | None = None  # the demo's in-process HubRise sandbox (--demo only)
    print_queue: PrintQueue | None = None  # the print worker (started with the other loops)
    backups: BackupService | None = None  # the daily backup (services/backups.py)
    kiosk: bool = False  # start full screen, left with the manager's PIN (--fullscreen or the setting)
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
    except Exception:  # done again, and said, at first real use
        log.exception("préchargement")


def build_app(config: AppConfig) -> KeziaApp:
    """Build the whole application. Raises store.database.StoreError (French message) if the data is unusable."""
    from PySide6.QtWidgets import QApplication

    from .ui.main_window import MainWindow
    from .ui.widgets.french import use_french

    qt_app = QApplication.instance()
    if qt_app is not None:
        use_french(qt_app)  # before any widget: Qt's own words and the calendar in French
    db = open_database(config.data_dir, full_check=False)
    if config.demo:
        seed_demo_data(db)
    backend = build_services(db, config)
    add_qt_printing(backend.print_queue)
    till = backend.services.till
    backend.services.rights.overrides.add(lambda override: record_override(till, override))
    backend.services.sellers.changed.add(lambda change: record_seller_change(till, change))
    sandbox = connect_at_start(config, backend.link, backend.services.connection)
    window = MainWindow(backend.services)
    kezia = KeziaApp(config, db, backend.services, window, backend.link, backend.poller, backend.dispatcher, sandbox,
                     print_queue=backend.print_queue, kiosk=config.fullscreen or backend.services.preferences.kiosk)
    kezia.backups = BackupService(config.data_dir, backend.services.settings, backend.services.till.events)
    kezia.starters += [backend.poller.run, backend.dispatcher.run, kezia.backups.run, backend.print_queue.run]
    # Events 80 and 250 once the home screen is painted: signing them loads `cryptography` and the key (≈ 40 ms
    # that start-up need not wait for).
    kezia.warm_ups.append(lambda: record_start(backend.services.till, backend.services.settings))
    if sandbox is not None:
        from .sandbox.generator import run_generator

        kezia.starters.append(lambda: run_generator(sandbox, config.demo_orders_every,
                                                    first_after=config.demo_first_order_after))
    connect_window(kezia)
    return kezia


def add_qt_printing(queue: PrintQueue) -> None:
    """System printers and PDF folders print through Qt, which only the UI layer imports (at the first print or
    in the warm-up: QtPrintSupport is not part of start-up)."""
    queue.add_output(PrinterKind.SYSTEM, print_with_qt)
    queue.add_output(PrinterKind.PDF, print_with_qt)


def print_with_qt(config: PrinterConfig, document: PrintDocument, copies: int) -> None:
    from .ui.printing.qt_output import print_with_qt as output

    output(config, document, copies)


def load_qt_printing() -> None:
    import kezia_desk.ui.printing.qt_output  # noqa: F401 - loaded before the first print


FISCAL_SETTINGS = (UNKNOWN_VAT_SETTING,)  # settings that change what a ticket records: event 270


def record_start(till: TillService, settings: SettingsService) -> None:
    """Events 80 (start) and 250 (a version not seen before on this data), written before any sale."""
    import kezia_desk

    version = kezia_desk.__version__
    events = till.events
    events.record_quietly(Jet.START, detail=f"version {version}" + (" — mode formation" if till.training_active
                                                                    else ""))
    try:
        if settings.get("version_journal_fiscal") != version:
            events.record(Jet.NEW_VERSION, detail=f"{settings.get('version_journal_fiscal') or 'aucune'} → {version}")
            settings.set("version_journal_fiscal", version)
    except StoreError:  # a full disk at start: the till still opens (and says so at the first sale)
        log.exception("événement « nouvelle version » non enregistré")


def record_override(till: TillService, override: Override) -> None:
    """A manager's PIN given for someone else's action, with both names: event 130 of the JET."""
    log.warning("dérogation gérant : %s (action %s, vendeur n° %s, gérant n° %s)", override.describe_fr(),
                override.action.value, override.actor.id, override.manager.id)
    till.events.record_quietly(Jet.RIGHTS, override.manager.name,
                               f"dérogation : {override.describe_fr()} ({override.action.value})")


def record_seller_change(till: TillService, change: SellerChange) -> None:
    """Sellers and rights changed (Vendeurs, the first start): event 130 of the JET."""
    log.info("vendeurs : %s", change.what)
    till.events.record_quietly(Jet.RIGHTS, detail=f"vendeurs : {change.what}")


def connect_window(kezia: KeziaApp) -> None:
    """The screens' feature controllers and the status bar, plugged into the window once the services exist.
    Service topics call back on the asyncio loop, which qasync runs on Qt's thread: widgets update directly."""
    from .ui.closures.closures_wiring import ClosuresUi
    from .ui.orders.till_orders_wiring import TillOrdersUi
    from .ui.printing.print_wiring import PrintUi
    from .ui.settings.backup_dialog import BackupUi
    from .ui.settings.settings_wiring import WebSettingsUi
    from .ui.till.training_switch import TrainingSwitchUi
    from .ui.web_orders.web_orders_wiring import WebOrdersUi
    from .ui.widgets.on_screen_keyboard import OnScreenKeyboard

    window, services = kezia.window, kezia.services
    link_status = services.link_status

    def refresh_status(*_: object) -> None:
        window.hubrise_status.set_link_state(*link_status.summary())

    link_status.changed.add(refresh_status)
    services.web_orders.changed.add(refresh_status)
    if kezia.link.client is None:
        window.hubrise_status.set_link_state("HubRise : non connecté", "idle")
    keyboard = OnScreenKeyboard(services.preferences.on_screen_keyboard, window)  # every text field
    window.keyboard = keyboard
    window.web_orders_ui = WebOrdersUi(services, window)
    window.till_orders_ui = TillOrdersUi(services, window, window.web_orders_ui)
    window.web_settings_ui = WebSettingsUi(services, window, kezia.config.sandbox_url,
                                           services.connection.production)
    window.print_ui = PrintUi(services, window, kezia.print_queue.status if kezia.print_queue else None)
    window.training_ui = TrainingSwitchUi(services, window)
    assert kezia.backups is not None
    window.backup_ui = BackupUi(services, window, kezia.backups)
    window.closures_ui = closures_ui = ClosuresUi(services, window)
    closures_ui.offer_forgotten_days()

    def on_setting(key: str) -> None:
        if key in FISCAL_SETTINGS:
            services.till.events.record_quietly(Jet.FISCAL_SETTINGS, detail=f"{key} = {settings.get(key)}")
        if key == POLL_INTERVAL_SETTING:
            kezia.poller.wake()  # the new interval counts from now, no restart
        elif key == ON_SCREEN_KEYBOARD_SETTING:
            keyboard.set_enabled(services.preferences.on_screen_keyboard)
        elif key == KIOSK_SETTING:  # the manager, in Paramètres Web
            if services.preferences.kiosk:
                window.kiosk.enter()
            else:
                window.kiosk.leave()

    settings = services.settings
    settings.changed.add(on_setting)

    kezia.warm_ups.append(window.web_orders_ui.sound.prepare)  # a Qt object: on the loop's thread (≈ 40 ms, once)
    kezia.warm_ups_in_thread.append(lambda: display_fr("+33612345678"))  # a 30–60 ms import: not on the loop
    printers = services.printing.settings()
    kinds = {printers.receipt_printer.kind, printers.kitchen_printer.kind}
    if any(kind.is_thermal for kind in kinds):
        from .printers.escpos_output import escpos_printer_module

        kezia.warm_ups_in_thread.append(escpos_printer_module)  # python-escpos, before the first ticket
    if kinds & {PrinterKind.SYSTEM, PrinterKind.PDF}:
        kezia.warm_ups.append(load_qt_printing)  # Qt's modules: on the loop's thread


def connect_at_start(config: AppConfig, link: HubRiseLink, connection: ConnectionService) -> Sandbox | None:
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


def install_exception_hook(window: MainWindow) -> None:
    """Unexpected errors are logged in full and shown as one French sentence, never as a traceback."""
    from PySide6.QtWidgets import QMessageBox

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.error("Erreur inattendue :\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        box = QMessageBox(QMessageBox.Icon.Warning, "Kezia Desk",
                          "Une erreur inattendue est survenue. Rien n'a été perdu ; l'opération en cours n'a "
                          "peut-être pas abouti. Le détail est dans le journal technique.", parent=window)
        box.setModal(False)
        box.show()

    sys.excepthook = hook
