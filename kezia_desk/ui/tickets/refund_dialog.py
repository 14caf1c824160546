"""Retour / avoir: the manager chooses the quantities returned line by line and how the money is paid back.

The dialog only collects (quantities by line index, method); the Tickets screen asks the service to record the
refund and shows its refusal, if any, here, with everything chosen kept.
"""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...domain.money import Money, money_sum
from ...domain.refund import REFUND_METHODS
from ...domain.ticket import ClosedTicket, PaymentMethod
from ..till.ticket_model import format_quantity
from ..widgets.touch import InlineMessage, TouchButton


class RefundDialog(QDialog):
    chosen = Signal(object, object)  # {line index: Decimal quantity}, PaymentMethod

    def __init__(self, ticket: ClosedTicket, returnable: list[Decimal], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("refundDialog")
        self.setWindowTitle(f"Retour / avoir — ticket n° {ticket.number}")
        self.setModal(True)
        self.ticket, self.returnable = ticket, returnable
        self.quantities: dict[int, Decimal] = {}
        self.method = PaymentMethod.CASH
        self.plus_buttons: dict[int, TouchButton] = {}
        self.minus_buttons: dict[int, TouchButton] = {}
        self.quantity_labels: dict[int, QLabel] = {}
        heading = QLabel(f"Lignes rendues du ticket n° {ticket.number} ({ticket.closed_at:%d/%m/%Y %H:%M}, "
                         f"{ticket.seller_name}) :", self)
        heading.setObjectName("dialogTitle")
        heading.setWordWrap(True)
        grid = QGridLayout()
        for index, line in enumerate(ticket.lines):
            left = returnable[index] if index < len(returnable) else Decimal(0)
            if left <= 0:
                continue
            label = QLabel(f"{line.label.strip()} — {line.unit_price.format_fr()} (rendable : "
                           f"{format_quantity(left)})", self)
            label.setWordWrap(True)
            minus, plus = TouchButton("−", self), TouchButton("+", self)
            shown = QLabel("0", self)
            shown.setAlignment(Qt.AlignmentFlag.AlignCenter)
            shown.setMinimumWidth(48)
            minus.clicked.connect(lambda _c=False, i=index: self.step(i, -1))
            plus.clicked.connect(lambda _c=False, i=index: self.step(i, 1))
            row = grid.rowCount()
            for column, widget in enumerate((label, minus, shown, plus)):
                grid.addWidget(widget, row, column)
            self.plus_buttons[index], self.minus_buttons[index], self.quantity_labels[index] = plus, minus, shown
        self.method_buttons: dict[PaymentMethod, TouchButton] = {}
        methods = QHBoxLayout()
        methods.addWidget(QLabel("Rembourser par :", self))
        for method in REFUND_METHODS:
            button = TouchButton(method.label, self, role="payment")
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, m=method: self.choose_method(m))
            self.method_buttons[method] = button
            methods.addWidget(button)
        self.total_label = QLabel(self)
        self.total_label.setObjectName("refundTotal")
        self.message = InlineMessage(self)
        self.cancel_button = TouchButton("Annuler", self)
        self.ok_button = TouchButton("Rembourser", self, role="danger")
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self.try_accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(grid)
        layout.addLayout(methods)
        layout.addWidget(self.total_label)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.choose_method(PaymentMethod.CASH)
        self.resize(640, 420)

    def step(self, index: int, delta: int) -> None:
        left = self.returnable[index]
        value = min(max(Decimal(0), self.quantities.get(index, Decimal(0)) + delta), left)
        self.quantities[index] = value
        self.quantity_labels[index].setText(format_quantity(value))
        self._refresh()

    def choose_method(self, method: PaymentMethod) -> None:
        self.method = method
        for each, button in self.method_buttons.items():
            button.setChecked(each is method)
        self._refresh()

    def refund_total(self) -> Money:
        return money_sum([self.ticket.lines[i].unit_price * q for i, q in self.quantities.items()])

    def _refresh(self) -> None:
        self.message.clear_message()
        self.total_label.setText(f"À rembourser : {self.refund_total().format_fr()} ({self.method.label})")

    def try_accept(self) -> None:
        chosen = {index: quantity for index, quantity in self.quantities.items() if quantity > 0}
        if not chosen:
            self.message.show_error("Choisissez au moins une ligne rendue (touche +).")
            return
        self.ok_button.setEnabled(False)  # the screen re-enables it if the service refuses
        self.chosen.emit(chosen, self.method)
