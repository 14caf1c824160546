"""The manager's gate in front of a protected action: it says why the action needs a manager and offers the PIN
pad; the pad counts wrong codes and, once locked, greys its keys and counts the seconds down.

Screens ask the gate (`request(action, actor, then)`) instead of checking rights themselves, so every
protected action reads and behaves the same. `then(manager)` runs once a manager's PIN is accepted; an override
(a manager's PIN for someone else's action) is recorded by the rights service, not here.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from ...domain.rights import ProtectedAction
from ...domain.seller import Seller
from ...services.manager_access import wait_fr
from .keypad import DECIMAL_KEY, KeypadDialog

if TYPE_CHECKING:
    from ...services.rights import RightsService

Then = Callable[[Seller], object]
# What a screen is given to protect an action: guard(action, then) asks for a manager's PIN (for the seller on
# the till) and calls then(manager) once it is accepted.
Guard = Callable[[ProtectedAction, Then], object]
TICK_MS = 1000


class ManagerPinDialog(KeypadDialog):
    """The PIN pad of one protected action; while the pad is locked its keys and Valider are greyed and the
    message counts down, so nobody taps a code that cannot be checked."""

    def __init__(self, rights: RightsService, action: ProtectedAction, actor: Seller | None,
                 parent: QWidget | None = None) -> None:
        super().__init__("Code gérant", rights.refusal(action, actor),
                         lambda pin: rights.authorize(action, actor, pin), parent, secret=True)
        self.setObjectName("managerPinDialog")
        self.rights, self.action = rights, action
        self.lock_timer = QTimer(self)
        self.lock_timer.setInterval(TICK_MS)
        self.lock_timer.timeout.connect(self.refresh_lock)
        self.refresh_lock()

    @property
    def locked(self) -> bool:
        return not self.ok_button.isEnabled()

    def try_accept(self) -> None:
        if self.rights.access.locked_for():
            self.refresh_lock()
            return
        super().try_accept()
        if self.rights.access.locked_for():  # that code was the third wrong one: its message stays a second
            self._set_locked(True)
            self.lock_timer.start()

    def refresh_lock(self) -> None:
        """Grey or free the pad according to the lock; while locked, say how long is left."""
        wait = self.rights.access.locked_for()
        if wait:
            self._set_locked(True)
            self.message.show_error(f"Clavier verrouillé : réessayez dans {wait_fr(wait)}.")
            self.lock_timer.start()
            return
        was_locked = self.locked
        self._set_locked(False)
        if was_locked:
            self.message.show_info("Clavier déverrouillé : vous pouvez retaper un code.")
        self.lock_timer.stop()

    def _set_locked(self, locked: bool) -> None:
        for key, button in self.keypad.keys.items():
            button.setEnabled(not locked and key != DECIMAL_KEY)
        self.keypad.display.setReadOnly(locked)
        self.ok_button.setEnabled(not locked)
        if locked:
            self.keypad.clear()

    def done(self, result: int) -> None:
        self.lock_timer.stop()
        super().done(result)


class RightsGate(QObject):
    """One per main window. `first_manager(then)` is what to do when the shop has no manager yet (the main
    window asks for the first one on screen; that new manager then counts as the one who allowed the action)."""

    granted = Signal(object)  # the manager: the window covers itself so a double tap on Valider acts once

    def __init__(self, rights: RightsService | None, parent: QWidget,
                 first_manager: Callable[[Then], None] | None = None) -> None:
        super().__init__(parent)
        self.rights, self.parent_widget, self.first_manager = rights, parent, first_manager
        self.pin_dialog: ManagerPinDialog | None = None

    def request(self, action: ProtectedAction, actor: Seller | None, then: Then,
                parent: QWidget | None = None) -> ManagerPinDialog | None:
        """Offer the PIN pad for `action`; `then(manager)` once a manager's code is accepted. A second tap while
        the pad is open brings it forward instead of opening another."""
        if self.pin_dialog is not None and self.pin_dialog.isVisible():
            self.pin_dialog.raise_()
            return self.pin_dialog
        if self.rights is None:  # a widget test's bare window: nothing can prove a manager is there
            return None
        if not self.rights.has_manager() and self.first_manager is not None:
            self.first_manager(then)
            return None
        dialog = ManagerPinDialog(self.rights, action, actor, parent or self.parent_widget)
        dialog.accepted.connect(lambda: self._granted(dialog, then))
        self.pin_dialog = dialog
        dialog.open()
        return dialog

    def _granted(self, dialog: ManagerPinDialog, then: Then) -> None:
        manager = dialog.value
        assert isinstance(manager, Seller)
        self.granted.emit(manager)
        then(manager)

