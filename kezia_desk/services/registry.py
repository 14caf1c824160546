"""The bundle of services the UI is given by the composition root (kezia_desk.app).

The UI receives this object and nothing else, so a screen can only do what a service offers: it never reaches
SQLite or HTTP itself. Every field is typed with its concrete class so a reader (and mypy) can follow a call.
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
    from .preferences import Preferences
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
    # The web-order services: always given by the composition root; left out only by widget tests that build a
    # bare till.
    web_orders: WebOrdersService | None = None
    settings: SettingsService | None = None
    order_actions: OrderActions | None = None
    preferences: Preferences | None = None
    customers: CustomerService | None = None  # COMMANDES and Envoi Clients
    connection: ConnectionService | None = None
    till_orders: TillOrderService | None = None
    exports: ExportService | None = None
    invoicing: InvoicingService | None = None  # Facturer: ticket and order in one transaction
    link_status: LinkStatus | None = None  # the HubRise link for the status bar and the Diagnostic
    closures: ClosureService | None = None  # Lecture X, Clôture Z, monthly/annual closures, cash counts
    ticket_history: TicketHistoryService | None = None  # the Tickets screen and refunds
    deposits: DepositService | None = None  # acomptes taken in COMMANDES
