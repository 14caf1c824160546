"""Opening Paramètres Web from the main window: manager PIN (three wrong codes lock it for a minute), platform
choice, then the settings window — imported when first opened, so start-up does not load its tabs."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ...services.manager_access import ManagerAccess
from ..widgets.keypad import KeypadDialog

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
        self.access = ManagerAccess(services.sellers)
        self.pin_dialog: KeypadDialog | None = None
        self.platform_dialog: PlatformDialog | None = None
        self.settings_window: WebSettingsWindow | None = None
        window.register_screen_opener("web_settings", self.open)

    def open(self) -> None:
        if self.settings_window is not None and self.settings_window.isVisible():
            self.settings_window.raise_()
            return
        dialog = KeypadDialog("Paramètres Web", "Code gérant :", self.access.check, self.window, secret=True)
        dialog.accepted.connect(self._choose_platform)
        self.pin_dialog = dialog
        dialog.open()

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
