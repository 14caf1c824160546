"""The new-order alert: one non-modal window over any screen, counting every order of the bursts not yet seen,
with a sound repeated until someone taps « J'ai vu » or « Voir ». Cancellations by the customer use it too.

« Voir » opens one order (the one chosen in the list, the first by default) and takes only that one off: the
others stay in the alert, which steps aside while the Fiche commande is open and comes back when it is closed.

A question the cashier is answering (the Espèces keypad, Accepter's time choice, a yes/no box) is modal: Qt
refuses every tap outside it, so an alert over it would cover its keys and refuse « J'ai vu ». The alert is
therefore deferred: while such a dialog is open it stays hidden (one chime says an order came) and it appears,
ringing, as soon as the dialog is closed. An alert already on screen steps aside the same way when a dialog opens.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QWindow
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.order import Order
from ...domain.shop_time import SHOP_TIMEZONE
from ...domain.text import plural
from ..widgets.touch import FitsScreen, TouchButton
from .alert_sound import AlertSound

MAX_LISTED = 100


def describe(order: Order) -> str:
    expected = (order.expected_time.astimezone(SHOP_TIMEZONE).strftime("%H:%M") if order.expected_time
                else "dès que possible")
    service = order.service_type.label if order.service_type else "Service ?"
    try:
        total = order.display_total.format_fr()
        paid = "payée" if order.is_paid else f"NON payée, à encaisser {order.amount_due().format_fr()}"
    except (ValueError, ArithmeticError):  # another currency (MoneyError), out of range: never drop the alert
        total, paid = "total à vérifier", "paiement à vérifier"
    return f"{order.customer_name} — {service}\npour {expected} — {total} — {paid}"


class OrderAlert(FitsScreen, QDialog):
    view_requested = Signal(int)
    acknowledged = Signal()

    def __init__(self, sound: AlertSound, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("orderAlert")
        self.setModal(False)
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        self.setWindowTitle("Nouvelle commande web")
        self.sound = sound
        self.entries: list[tuple[str, Order]] = []
        self.title = QLabel(self)
        self.title.setObjectName("alertTitle")
        self.title.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("alertList")
        self.list.setWordWrap(True)
        self.view_button = TouchButton("Voir", self, role="primary", min_height=64)
        self.ack_button = TouchButton("J'ai vu", self, role="nav", min_height=64)
        self.view_button.clicked.connect(self._view)
        self.ack_button.clicked.connect(self.acknowledge)
        buttons = QHBoxLayout()
        buttons.addWidget(self.view_button)
        buttons.addWidget(self.ack_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.resize(700, 420)
        self.waiting_for: QWidget | None = None  # the open dialog the alert waits for (deferred)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.focusWindowChanged.connect(self._on_focus_window)  # a dialog opening over the alert

    @property
    def count(self) -> int:
        return len(self.entries)

    def notify_new(self, orders: list[Order]) -> None:
        self._add([("new", order) for order in orders])

    def notify_cancelled(self, order: Order) -> None:
        self._add([("cancelled", order)])

    def _add(self, entries: list[tuple[str, Order]]) -> None:
        self.entries.extend(entries)
        self._fill()
        if self.list.currentRow() < 0:
            self.list.setCurrentRow(0)
        self._update_title()
        if self._wait_for_open_dialog():
            self.sound.chime()  # heard once; it rings when the alert can be answered
            return
        self._appear()

    def _appear(self) -> None:
        self.show()
        self.raise_()
        self.sound.start()

    # --- deferred while a dialog is open -----------------------------------------------------------------
    def _open_dialog(self) -> QWidget | None:
        """The modal dialog that would refuse the alert's taps: one of this till's windows, or an application-
        modal one."""
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog is self or not dialog.isVisible():
            return None
        if dialog.windowModality() == Qt.WindowModality.ApplicationModal:
            return dialog
        owner, family = self.parentWidget(), dialog.parentWidget()
        while family is not None and family is not owner:
            family = family.parentWidget()
        return dialog if family is not None or owner is None else None

    def _wait_for_open_dialog(self) -> bool:
        """Hide until the modal dialog the cashier is using closes; False when none is open."""
        dialog = self._open_dialog()
        if dialog is None:
            return False
        if self.waiting_for is not dialog:
            if self.waiting_for is not None:
                self.waiting_for.removeEventFilter(self)
            dialog.installEventFilter(self)
            self.waiting_for = dialog
        self.hide()
        self.sound.stop()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.waiting_for and event.type() == QEvent.Type.Hide:
            watched.removeEventFilter(self)
            self.waiting_for = None
            QTimer.singleShot(0, self._come_back)  # once the dialog is gone (and whatever it opens is open)
        return False

    def _come_back(self) -> None:
        if not self.entries or self.isVisible() or self._wait_for_open_dialog():
            return
        self._appear()

    def _on_focus_window(self, _window: QWindow | None) -> None:
        if self.isVisible() and self.entries:
            self._wait_for_open_dialog()

    def _fill(self) -> None:
        """List row i is entries[i]; the title counts every order, the list shows the first MAX_LISTED (a rush
        of 1,000 would otherwise build 1,000 lines at once; Commandes Web lists them all)."""
        self.list.setUpdatesEnabled(False)
        for kind, order in self.entries[self.list.count():MAX_LISTED]:
            prefix = "ANNULÉE — " if kind == "cancelled" else "NOUVELLE — "
            item = QListWidgetItem(prefix + describe(order))
            item.setData(Qt.ItemDataRole.UserRole, order.local_id)
            self.list.addItem(item)
        self.list.setUpdatesEnabled(True)

    def _update_title(self) -> None:
        new = sum(1 for kind, _ in self.entries if kind == "new")
        cancelled = self.count - new
        parts = []
        if new:
            parts.append(plural(new, "nouvelle commande web", "nouvelles commandes web"))
        if cancelled:
            parts.append(plural(cancelled, "commande annulée", "commandes annulées") + " par le client")
        self.title.setText(" · ".join(parts))
        self.setWindowTitle(self.title.text())

    def acknowledge(self) -> None:
        self.sound.stop()
        self.entries.clear()
        self.list.clear()
        self.hide()
        self.acknowledged.emit()

    def _view(self) -> None:
        """Open the chosen order; the ones nobody has looked at stay listed (a second tap finds it hidden)."""
        if not self.isVisible() or not self.entries:
            return
        row = max(self.list.currentRow(), 0)
        item = self.list.takeItem(row)
        del self.entries[row]
        local_id = item.data(Qt.ItemDataRole.UserRole)
        if not self.entries:
            self.acknowledge()
        else:
            self.sound.stop()  # someone is at the till; the rest is still listed
            self._fill()
            self.list.setCurrentRow(0)
            self._update_title()
            self.hide()
        self.view_requested.emit(local_id)

    def show_remaining(self) -> None:
        """Back over the screens when the Fiche commande opened by « Voir » is closed, if orders are left."""
        if self.entries and not self.isVisible():
            self.show()
            self.raise_()

    def closeEvent(self, event: QCloseEvent) -> None:  # closing the window counts as « J'ai vu »
        self.sound.stop()
        self.entries.clear()
        self.list.clear()
        super().closeEvent(event)
