"""Opening Paramètres Web from the main window: the rights gate's manager PIN (three wrong codes lock the pad
for 30 s, then longer), platform choice, then the settings window — imported when first opened, so start-up
does not load its tabs."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ...domain.rights import ProtectedAction
from ..widgets.rights_gate import ManagerPinDialog

if TYPE_CHECKING:  # the services bundle the composition root gives every screen
    from ...services.connection import Platform
    from ...services.registry import Services
    from ..main_window import MainWindow
    from .settings_window import PlatformDialog, WebSettingsWindow


class WebSettingsUi:
    """The « web_settings » opener of the main window: PIN → platform → Paramètres Web."""

    def __init__(self, services: Services, window: MainWindow, sandbox_url: str,
                 production: Callable[[], Platform]) -> None:
        self.services, self.window = services, window
        self.sandbox_url, self.production = sandbox_url, production
        self.pin_dialog: ManagerPinDialog | None = None
        self.platform_dialog: PlatformDialog | None = None
        self.settings_window: WebSettingsWindow | None = None
        window.register_screen_opener("web_settings", self.open)

    def open(self) -> None:
        if self.settings_window is not None and self.settings_window.isVisible():
            self.settings_window.raise_()
            return
        self.pin_dialog = self.window.rights_gate.request(ProtectedAction.SETTINGS, self.window.current_seller,
                                                          lambda _manager: self._choose_platform())

    def _choose_platform(self) -> None:
        from .settings_window import PlatformDialog

        dialog = PlatformDialog(self.window)
        dialog.accepted.connect(self._open_window)
        self.platform_dialog = dialog
        dialog.open()

    def _open_window(self) -> None:
        from .settings_window import WebSettingsWindow

        self.settings_window = WebSettingsWindow(self.services, self.sandbox_url, self.production, self.window)
        self.settings_window.show()
        self.settings_window.raise_()
