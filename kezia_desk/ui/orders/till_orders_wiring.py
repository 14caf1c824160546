"""Plugging COMMANDES and Commandes en cours into the main window (called by the composition root)."""
from __future__ import annotations

from typing import Any

from .new_order_screen import NewOrderScreen
from .orders_in_progress import OrdersInProgressScreen


class TillOrdersUi:
    def __init__(self, services: Any, window: Any) -> None:
        self.services, self.window = services, window
        web_ui = window.web_orders_ui  # shares its action controller and Fiche commande
        self.screen = OrdersInProgressScreen(services, web_ui.controller, window)
        self.form = NewOrderScreen(services, window, window)
        window.stack.addWidget(self.screen)
        window.stack.addWidget(self.form)
        self.screen.back_requested.connect(window.show_home)
        self.screen.new_order_requested.connect(self.open_form)
        self.screen.detail_requested.connect(web_ui.open_detail)
        self.form.cancelled.connect(self.open_list)
        self.form.created.connect(self._created)
        window.register_screen_opener("orders_in_progress", self.open_list)
        window.register_screen_opener("new_order", self.open_form)

    def open_list(self) -> None:
        self.screen.refresh()
        self.window.stack.setCurrentWidget(self.screen)

    def open_form(self) -> None:
        self.form.reset()
        self.window.stack.setCurrentWidget(self.form)

    def _created(self, local_id: int) -> None:
        order = self.services.web_orders.get_order(local_id)
        self.open_list()
        self.screen.select_order(local_id)
        self.screen.message.show_success(self.window.tr("Commande %1 enregistrée.").replace("%1", order.till_number))


def wire(kezia: Any) -> None:
    kezia.window.till_orders_ui = TillOrdersUi(kezia.services, kezia.window)
