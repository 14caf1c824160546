"""The new-order alert: one non-modal window over any screen, counting every order of the bursts not yet seen,
with a sound repeated until someone taps « J'ai vu » or « Voir ». Cancellations by the customer use it too.

« Voir » opens one order (the one chosen in the list, the first by default) and takes only that one off: the
others stay in the alert, which steps aside while the Fiche commande is open and comes back when it is closed.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ...domain.order import Order
from ...domain.shop_time import SHOP_TIMEZONE
from ..widgets.touch import TouchButton
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


class OrderAlert(QDialog):
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
        self.show()
        self.raise_()
        self.sound.start()

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
            parts.append("%n nouvelle(s) commande(s) web".replace("%n", str(new)))
        if cancelled:
            parts.append("%n commande(s) annulée(s) par le client".replace("%n", str(cancelled)))
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
