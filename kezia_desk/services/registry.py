"""The bundle of services the UI is given by the composition root (kezia_desk.app).

The UI receives this object and nothing else, so a screen can only do what a service offers: it never reaches
SQLite or HTTP itself. Every field is typed with its concrete class, and none is optional: the composition root
(kezia_desk.wiring.build_services) always gives them all, so a reader (and mypy) can follow a call. Widget tests
that need less build their screens on small fakes (tests/kd_fixtures/fakes.py), never on a half-filled bundle.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .catalog import CatalogService
    from .closures import ClosureService
    from .connection import ConnectionService
    from .customers import CustomerService
    from .deposits import DepositService
    from .exports import ExportService
    from .invoicing import InvoicingService
    from .link_status import LinkStatus
    from .order_actions import OrderActions
    from .order_lists import OrderListService
    from .preferences import Preferences
    from .printing import PrintService
    from .rights import RightsService
    from .sellers import SellerService
    from .settings import SettingsService
    from .ticket_history import TicketHistoryService
    from .till import TillService
    from .till_orders import TillOrderService
    from .web_orders import WebOrdersService


@dataclass
class Services:
    sellers: SellerService
    catalog: CatalogService
    till: TillService
    web_orders: WebOrdersService
    order_lists: OrderListService  # the pages and rows the order lists show (the read model)
    settings: SettingsService
    order_actions: OrderActions
    preferences: Preferences
    customers: CustomerService  # COMMANDES and Envoi Clients
    connection: ConnectionService
    till_orders: TillOrderService
    exports: ExportService
    invoicing: InvoicingService  # Facturer: ticket and order in one transaction
    link_status: LinkStatus  # the HubRise link for the status bar and the Diagnostic
    printing: PrintService  # receipts, kitchen tickets, reprints, the printer settings
    rights: RightsService  # what needs a manager's PIN (Vendeurs, Articles, Paramètres...); overrides
    closures: ClosureService  # Lecture X, Clôture Z, monthly/annual closures, cash counts
    ticket_history: TicketHistoryService  # the Tickets screen and refunds
    deposits: DepositService  # acomptes taken in COMMANDES
