"""Plugging the web-order screens into the main window: Commandes Web, the Fiche commande, the alert, the
diagnostics. Called by the composition root once the services exist.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...services.preferences import ALERT_REPEAT_SETTING, ALERT_SOUND_SETTING
from .alert_sound import AlertSound
from .order_action_controller import OrderActionController
from .order_alert import OrderAlert

if TYPE_CHECKING:  # the services bundle the composition root gives every screen
    from ...services.registry import Services
    from ..diagnostics_screen import DiagnosticsDialog
    from ..main_window import MainWindow
    from .order_detail import OrderDetailDialog
    from .web_orders_screen import WebOrdersScreen


class WebOrdersUi:
    """Owns the web-order windows of one main window."""

    def __init__(self, services: Services, window: MainWindow) -> None:
        self.services, self.window = services, window
        web_orders = services.web_orders
        self.controller = OrderActionController(services, window, window)
        self._screen: WebOrdersScreen | None = None
        self.came_from: Any = None  # the screen Commandes Web was opened from: Retour goes back there
        self.details: dict[int, OrderDetailDialog] = {}
        self.diagnostics: DiagnosticsDialog | None = None
        self.sound = AlertSound(on_notice=self._audio_notice, parent=window)
        self._apply_sound_settings()
        services.settings.changed.add(self._on_setting)
        self.alert = OrderAlert(self.sound, window)
        self.alert.view_requested.connect(self.view_order)
        web_orders.new_orders.add(self.alert.notify_new)
        web_orders.cancelled.add(self.alert.notify_cancelled)
        window.hubrise_status.clicked.connect(self.open_diagnostics)
        window.register_screen_opener("web_orders", self.open_list)

    @property
    def screen(self) -> WebOrdersScreen:
        """Commandes Web, built the first time it is needed (start-up never reads the orders)."""
        if self._screen is None:
            from .web_orders_screen import WebOrdersScreen  # imported when first shown: start-up is lazy

            screen = WebOrdersScreen(self.services, self.controller, self.window)
            self.window.stack.addWidget(screen)
            screen.back_requested.connect(self.go_back)
            screen.detail_requested.connect(self.open_detail)
            screen.diagnostics_requested.connect(self.open_diagnostics)
            self._screen = screen
        return self._screen

    def _apply_sound_settings(self, *_: Any) -> None:
        preferences = self.services.preferences
        self.sound.enabled = preferences.alert_sound
        self.sound.set_repeat_seconds(preferences.alert_repeat_seconds)
        if not self.sound.enabled:
            self.sound.stop()

    def _on_setting(self, key: str) -> None:
        if key in (ALERT_SOUND_SETTING, ALERT_REPEAT_SETTING):
            self._apply_sound_settings()

    def _audio_notice(self, text: str) -> None:
        self.services.web_orders.note_audio_trouble(text)

    def open_list(self) -> None:
        screen = self.screen
        if self.window.current_screen() is not screen:
            self.came_from = self.window.current_screen()
        self.window.stack.setCurrentWidget(screen)
        screen.refresh()

    def go_back(self) -> None:
        """Retour: where the cashier came from (the till, the home screen, Commandes en cours...)."""
        window, came_from = self.window, self.came_from
        if came_from is None or came_from is window.home:
            window.show_home()
        elif came_from is window.till:
            window.show_till()
        else:
            window.stack.setCurrentWidget(came_from)

    def open_detail(self, local_id: int) -> OrderDetailDialog:
        dialog = self.details.get(local_id)
        if dialog is None or not dialog.isVisible():
            from .order_detail import OrderDetailDialog

            dialog = OrderDetailDialog(self.services, self.controller, local_id, self.window)
            dialog.finished.connect(lambda _result: self.alert.show_remaining())
            self.details[local_id] = dialog
        dialog.show()
        dialog.raise_()
        return dialog

    def view_order(self, local_id: int) -> None:
        """« Voir » on the alert: the list (Nouvelles or Toutes) with the order selected, and its detail; the
        alert's other orders come back when that detail is closed."""
        self.open_list()
        if not self.screen.select_order(local_id):
            self.screen.set_tab("toutes")
            self.screen.select_order(local_id)
        self.open_detail(local_id)

    def open_diagnostics(self) -> DiagnosticsDialog:
        if self.diagnostics is None:
            from ..diagnostics_screen import DiagnosticsDialog

            self.diagnostics = DiagnosticsDialog(self.services, self.window)
        self.diagnostics.refresh()
        self.diagnostics.show()
        self.diagnostics.raise_()
        return self.diagnostics

