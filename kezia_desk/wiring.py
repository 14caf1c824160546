"""The Qt-free half of the composition root: every store and service of the till, built once, in one place.

`build_services(db, config)` is what the program (kezia_desk.app, which adds the window) and the tests' shops
both call, so a test exercises the wiring the till runs. It opens no window and makes no network call: the
HubRise link starts unconnected (the caller connects it), and the poller and outbox dispatcher are built but not
started. It imports no Qt (tests/test_architecture.py checks it).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from .config import TRAINING_SANDBOX_CLIENT_ID, TRAINING_SANDBOX_CLIENT_SECRET, AppConfig
from .domain.fiscal import Jet
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
from .services.link_status import LinkState, LinkStatus
from .services.manager_access import ManagerAccess
from .services.order_actions import OrderActions
from .services.order_lists import ListSummarizer
from .services.outbox import OutboxDispatcher, patch_handler
from .services.preferences import Preferences
from .services.print_queue import PrintQueue
from .services.printing import PrintService, read_print_settings
from .services.reception import OrderPoller
from .services.registry import Services
from .services.rights import RightsService
from .services.sellers import SellerService
from .services.settings import SettingsService
from .services.ticket_history import TicketHistoryService
from .services.till import TillService
from .services.till_orders import TillOrderService, create_order_handler
from .services.web_orders import WebOrdersService, order_of_row
from .store.customers import CustomerStore
from .store.fiscal_records import FiscalRecords
from .store.orders import OrderStore, SkuMappingStore
from .store.outbox import OutboxStore
from .store.print_jobs import PrintJobStore
from .store.signing_key import open_key_store
from .store.sync_marks import SyncMarks
from .store.token_store import open_token_store

if TYPE_CHECKING:
    import sqlite_utils

    from .domain.order import Order
    from .domain.ticket import ClosedTicket

DEMO_POLL_INTERVAL = 10.0
OUTBOX_KEEP_DAYS = 30  # sent outbox rows older than this are pruned at start (the order history keeps the facts)


@dataclass
class Backend:
    """What build_services makes: the services the screens are given, and what only the composition root runs
    (the HubRise link, the poller and the outbox dispatcher) or the tests inspect (the order and outbox stores)."""

    services: Services
    link: HubRiseLink
    poller: OrderPoller
    dispatcher: OutboxDispatcher
    orders: OrderStore
    outbox: OutboxStore
    print_queue: PrintQueue  # the print worker: thermal printers here, Qt's outputs added by kezia_desk.app


def build_services(db: sqlite_utils.Database, config: AppConfig) -> Backend:
    """Every store and service on an open database, wired to each other; start-up repairs done (stale list rows,
    old sent outbox rows, sales an older version left half-done)."""
    settings, catalog = SettingsService(db), CatalogService(db)
    preferences = Preferences(settings)  # the one reader of the web-order preferences, given to whoever needs it
    resolver = ArticleResolver(catalog, SkuMappingStore(db))
    summarizer = ListSummarizer(partial(order_of_row, resolver=resolver))
    order_store, outbox_store = OrderStore(db, summarizer), OutboxStore(db)

    def check_now() -> None:  # « Vérifier maintenant »: both loops, built just below
        poller.wake()
        dispatcher.wake()

    web_orders = WebOrdersService(order_store, outbox_store, resolver, summarizer, check_now=check_now)
    web_orders.lists.refresh_stale()  # the read model's backfill after an upgrade (migration 500); else nothing
    outbox_store.prune_sent(OUTBOX_KEEP_DAYS)
    link, link_status = HubRiseLink(), LinkStatus(outbox_store)

    def on_sent() -> None:
        """HubRise took an update: the status bar says connected now, not at the next poll."""
        if link_status.current.state != "ok":
            link_status.set("ok", "HubRise : connecté", "ok")

    dispatcher = OutboxDispatcher(outbox_store, link.get, backoff_base=config.outbox_backoff_base,
                                  on_change=web_orders.changed.notify, on_success=on_sent,
                                  on_error=lambda error: link_status.set("error", error.message_fr, "warning"))
    for kind in ("status", "payment"):
        dispatcher.register_handler(kind, patch_handler(order_store))
    dispatcher.register_handler("create", create_order_handler(order_store, web_orders.to_order))
    interval = config.poll_interval
    if config.demo:
        interval = interval or DEMO_POLL_INTERVAL
    poller = OrderPoller(web_orders, order_store, outbox_store, link_status, link.get, settings, interval=interval,
                         catch_up=CatchUp(order_store, SyncMarks(db)), wake_outbox=dispatcher.wake)
    # The signed journal: the key kept like the HubRise token (keyring, else a 0600 file in the data folder).
    till = TillService(db, records=FiscalRecords(db, open_key_store(config.data_dir, config.use_keyring)))
    till.training = TrainingMode(settings, till.events, forced=config.demo)  # always on in the demo
    order_actions = OrderActions(web_orders, order_store, outbox_store, catalog, preferences,
                                 wake_outbox=dispatcher.wake)
    invoicing = InvoicingService(db, order_actions, till, catalog, preferences, wake_outbox=dispatcher.wake)
    invoicing.reconcile()  # sales left half-done by an older version's crash: completed, never re-sold

    token_refused = [False]  # one event when HubRise starts refusing the token, not one per poll

    def on_token_refused(state: LinkState) -> None:
        if state.state == "revoked":
            dispatcher.paused = True
            if not token_refused[0]:
                till.events.record_quietly(Jet.HUBRISE_TOKEN_REFUSED, detail=state.text)
        token_refused[0] = state.state == "revoked"

    link_status.changed.add(on_token_refused)
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
    printing, print_queue = build_printing(db, settings, web_orders, order_store, till)
    printing.catch_up_kitchen()  # kitchen tickets a crash lost (orders received/accepted with no print job)
    web_orders.new_orders.add(printing.orders_arrived)  # the kitchen ticket, when it prints on arrival…
    order_actions.accepted.add(printing.order_accepted)  # …or on Accepter
    deposits = DepositService(db, till)
    till_orders = TillOrderService(web_orders, order_store, preferences, catalog, wake_outbox=dispatcher.wake,
                                   deposits=deposits)
    till_orders.created.add(printing.till_order_created)  # COMMANDES: accepted as made, so printed at once
    exports = ExportService(link, connection, catalog, customers, web_orders, till_orders, outbox_store,
                            resume_outbox=dispatcher.resume,
                            record_export=lambda what: till.events.record_quietly(Jet.EXPORT, detail=what))
    sellers = SellerService(db)
    services = Services(sellers=sellers, catalog=catalog, till=till, web_orders=web_orders,
                        order_lists=web_orders.lists,
                        settings=settings, order_actions=order_actions, invoicing=invoicing, preferences=preferences,
                        customers=customers, connection=connection, till_orders=till_orders, exports=exports,
                        link_status=link_status, printing=printing,
                        rights=RightsService(sellers, ManagerAccess(sellers, on_refused=till.refused_pin)),
                        closures=ClosureService(db, settings, till), ticket_history=TicketHistoryService(db, till),
                        deposits=deposits)
    return Backend(services, link, poller, dispatcher, order_store, outbox_store, print_queue)


def build_printing(db: sqlite_utils.Database, settings: SettingsService, web_orders: WebOrdersService,
                   order_store: OrderStore, till: TillService) -> tuple[PrintService, PrintQueue]:
    """The print queue with the thermal printers' output (python-escpos), and the printing use cases."""
    from .domain.printer_settings import PrinterKind
    from .printers.escpos_output import print_escpos

    def order_of_ticket(ticket: ClosedTicket) -> Order | None:
        """The web order an invoiced ticket paid (its collection code and customer go on the receipt)."""
        ref = ticket.web_order_id or ""
        if ref.startswith("local-") and ref[6:].isdigit():
            return web_orders.get_order(int(ref[6:]))
        row = order_store.find_by_hubrise_id(ref)
        return web_orders.to_order(row) if row else None

    jobs = PrintJobStore(db)
    queue = PrintQueue(jobs, lambda: read_print_settings(settings),
                       {kind: print_escpos for kind in (PrinterKind.NETWORK, PrinterKind.USB, PrinterKind.SERIAL)})
    printing = PrintService(jobs, settings, queue, get_order=web_orders.get_order, order_of_ticket=order_of_ticket,
                            invoice_ticket_of=order_store.invoice_ticket, get_ticket=till.get_ticket,
                            fiscal_block=till.fiscal_block, record_reprint=till.record_reprint)
    return printing, queue
