"""The bundle of services the UI is given by the composition root (kezia_desk.app).

The UI receives this object and nothing else, so a screen can only do what a service offers: it never reaches
SQLite or HTTP itself. Fields for later features are optional until those features exist.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Services:
    sellers: Any  # services.till.SellerService
    catalog: Any  # services.till.CatalogService
    till: Any  # services.till.TillService
    web_orders: Any = None  # issue 4: web orders (list, actions, poller status)
    connection: Any = None  # issue 5: HubRise connection and Paramètres Web
    till_orders: Any = None  # issue 5: COMMANDES / Commandes en cours
    settings: Any = None  # services.till.SettingsService
    order_actions: Any = None  # services.order_actions.OrderActions
    preferences: Any = None  # services.preferences.Preferences (Paramètres Web > Personnalisation)
    customers: Any = None  # store.customers.CustomerStore (COMMANDES, Envoi Clients)
    exports: Any = None  # services.exports.ExportService (Paramètres Web > E/S)
