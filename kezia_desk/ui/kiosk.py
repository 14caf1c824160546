"""Kiosk mode: the till fills the screen from the start (`--fullscreen`, or the Paramètres Web setting) and
nobody leaves it by mistake: closing it, or going back to a window, asks for the manager's PIN.

The PIN goes through the main window's rights gate (ProtectedAction.LEAVE_KIOSK): the same pad, lockout and
override record as every other manager action.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from ..domain.rights import ProtectedAction
from ..domain.seller import Seller
from .widgets.keypad import KeypadDialog

# The window's gate: `(action, then)` offers the PIN pad and returns it (None when no pad is needed or possible).
RequestPin = Callable[[ProtectedAction, Callable[[Seller], None]], KeypadDialog | None]


class Kiosk:
    def __init__(self, window: QMainWindow, request_pin: RequestPin) -> None:
        self.window = window
        self.request_pin = request_pin
        self.active = False
        self.pin_dialog: KeypadDialog | None = None
        self._closing_granted = False
        self.leave_action = QAction("Quitter le mode &kiosque", window)
        self.leave_action.setVisible(False)
        self.leave_action.triggered.connect(lambda: self.ask_manager(self.leave))

    def enter(self) -> None:
        self.active = True
        self._closing_granted = False
        self.leave_action.setVisible(True)
        self.window.showFullScreen()

    def leave(self) -> None:
        """Back to an ordinary window (the manager said so, by PIN or by unticking the setting)."""
        self.active = False
        self.leave_action.setVisible(False)
        if self.window.isFullScreen():
            self.window.showNormal()

    def holds_close(self) -> bool:
        """True when closing must wait for the manager's PIN (the PIN pad is then open)."""
        if not self.active or self._closing_granted:
            return False
        self.ask_manager(self._close_granted)
        return True

    def allow_close(self) -> None:
        """Closing without the PIN (`--quit-after`: whoever started the till asked for its end)."""
        self._closing_granted = True

    def _close_granted(self) -> None:
        self._closing_granted = True
        self.window.close()

    def ask_manager(self, then: Callable[[], None]) -> None:
        """The PIN pad; `then` runs once a manager's code is accepted. A second tap finds it open: nothing."""
        if self.pin_dialog is not None and self.pin_dialog.isVisible():
            return
        self.pin_dialog = self.request_pin(ProtectedAction.LEAVE_KIOSK, lambda _manager: then())
