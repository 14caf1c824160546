"""COMMANDES and Commandes en cours in the main window: built when first shown, sharing the web orders' action
controller and Fiche commande (the composition root gives them)."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the services bundle the composition root gives every screen
    from ...services.registry import Services
    from ..main_window import MainWindow
    from ..web_orders.web_orders_wiring import WebOrdersUi
    from .new_order_screen import NewOrderScreen
    from .orders_in_progress import OrdersInProgressScreen


class TillOrdersUi:
    def __init__(self, services: Services, window: MainWindow, web_ui: WebOrdersUi) -> None:
        self.services, self.window, self.web_ui = services, window, web_ui
        self._screen: OrdersInProgressScreen | None = None
        self._form: NewOrderScreen | None = None
        window.register_screen_opener("orders_in_progress", self.open_list)
        window.register_screen_opener("new_order", self.open_form)

    @property
    def screen(self) -> OrdersInProgressScreen:
        """Commandes en cours, built when first shown."""
        if self._screen is None:
            from .orders_in_progress import OrdersInProgressScreen  # imported when first shown: start-up is lazy

            web_ui = self.web_ui
            screen = OrdersInProgressScreen(self.services, web_ui.controller, self.window)
            self.window.stack.addWidget(screen)
            screen.back_requested.connect(self.window.show_home)
            screen.new_order_requested.connect(self.open_form)
            screen.detail_requested.connect(web_ui.open_detail)
            self._screen = screen
        return self._screen

    @property
    def form(self) -> NewOrderScreen:
        """COMMANDES, built when first shown."""
        if self._form is None:
            from .new_order_screen import NewOrderScreen

            form = NewOrderScreen(self.services, lambda: self.window.current_seller, self.window)
            self.window.stack.addWidget(form)
            form.cancelled.connect(self.open_list)
            form.created.connect(self._created)
            self._form = form
        return self._form

    def open_list(self) -> None:
        screen = self.screen
        self.window.stack.setCurrentWidget(screen)
        screen.refresh()

    def open_form(self) -> None:
        self.form.reset()
        self.window.stack.setCurrentWidget(self.form)

    def _created(self, local_id: int) -> None:
        order = self.services.web_orders.get_order(local_id)
        self.open_list()
        self.screen.select_order(local_id)
        self.screen.message.show_success(f"Commande {order.till_number} enregistrée.")

