"""Règlement: takes one or several payments for the current ticket (split payments), then says "settled".

Cash asks the amount tendered on the keypad, with quick amounts (exact, next 5/10/20/50 €) and the change due
shown before it is validated. Other methods pay what remains, or a typed part of it. Payments go straight into
the domain's TicketDraft, which refuses what a till must refuse (overpaid card, empty ticket, zero amount);
the dialog only shows those refusals in French. It never records the ticket itself: it emits `settled` and the
till screen closes the ticket through TillService. Open it with open(), never exec() inside a coroutine.
"""
from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QDialog, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...domain.money import Money, MoneyError, parse_typed_amount
from ...domain.ticket import PaymentMethod, TicketDraft, TicketError
from ..widgets.keypad import NumericKeypad
from ..widgets.touch import FitsScreen, InlineMessage, TouchButton

TILL_METHODS = (PaymentMethod.CASH, PaymentMethod.CARD, PaymentMethod.CHEQUE, PaymentMethod.MEAL_VOUCHER)
BANKNOTE_STEPS = (Decimal(5), Decimal(10), Decimal(20), Decimal(50))


def quick_cash_amounts(remaining: Money) -> list[Money]:
    """Exact amount first, then the next multiple of 5, 10, 20 and 50 € strictly above it, without duplicates.

    Strictly above, because the exact amount is already offered: 20,00 € due gives 25, 30, 40 and 50 €.
    """
    amounts = [remaining]
    for step in BANKNOTE_STEPS:
        rounded = ((remaining.amount / step).to_integral_value(rounding=ROUND_FLOOR) + 1) * step
        candidate = Money(rounded, remaining.currency)
        if candidate not in amounts:
            amounts.append(candidate)
    return amounts


def parse_amount(text: str, currency: str = "EUR") -> Money | None:
    """A typed amount; "" means "what remains" (None). French decimals only, through the domain's one parser
    (never « 1e3 », « nan » or « 1_000 »). Raises TicketError with a French message."""
    text = text.strip()
    if not text:
        return None
    try:
        return parse_typed_amount(text, currency)
    except MoneyError as exc:
        raise TicketError(str(exc)) from exc


class PaymentDialog(FitsScreen, QDialog):
    settled = Signal()
    payments_changed = Signal()

    def __init__(self, draft: TicketDraft, method: PaymentMethod = PaymentMethod.CASH,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paymentDialog")
        self.setWindowTitle("Règlement")
        self.setModal(True)
        self.draft = draft
        self.total_label = QLabel(self)
        self.paid_label = QLabel(self)
        self.remaining_label = QLabel(self)
        self.remaining_label.setObjectName("remainingLabel")
        self.change_label = QLabel(self)
        self.change_label.setObjectName("changeLabel")
        self.payments_label = QLabel(self)
        self.payments_label.setObjectName("paymentsList")
        self.payments_label.setWordWrap(True)
        self.message = InlineMessage(self)
        self.keypad = NumericKeypad(self)
        self.keypad.text_changed.connect(self._update_preview)

        self.method_buttons: dict[PaymentMethod, TouchButton] = {}
        self._method_group = QButtonGroup(self)
        self._method_group.setExclusive(True)
        methods = QVBoxLayout()
        methods.addWidget(QLabel("Mode de règlement", self))
        for payment_method in TILL_METHODS:
            button = TouchButton(payment_method.label, self, role="payment", min_height=56)
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, m=payment_method: self.select_method(m))
            self._method_group.addButton(button)
            self.method_buttons[payment_method] = button
            methods.addWidget(button)
        methods.addStretch(1)
        self.clear_payments_button = TouchButton("Annuler les règlements", self, role="danger")
        self.clear_payments_button.clicked.connect(self.clear_payments)
        methods.addWidget(self.clear_payments_button)

        self._quick_host = QWidget(self)
        self._quick_layout = QVBoxLayout(self._quick_host)
        self._quick_layout.setContentsMargins(0, 0, 0, 0)
        self.quick_buttons: list[TouchButton] = []

        summary = QGridLayout()
        summary.addWidget(self.total_label, 0, 0)
        summary.addWidget(self.paid_label, 0, 1)
        summary.addWidget(self.remaining_label, 1, 0)
        summary.addWidget(self.change_label, 1, 1)
        centre = QVBoxLayout()
        self.amount_caption = QLabel(self)
        centre.addWidget(self.amount_caption)
        centre.addWidget(self.keypad)
        quick = QVBoxLayout()
        quick.addWidget(QLabel("Montants rapides", self))
        quick.addWidget(self._quick_host)
        quick.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(methods, 4)
        body.addLayout(centre, 4)
        body.addLayout(quick, 3)

        self.close_button = TouchButton("Fermer", self, role="nav")
        self.close_button.clicked.connect(self.reject)
        self.validate_button = TouchButton("Valider le règlement", self, role="primary", min_height=56)
        self.validate_button.clicked.connect(self.validate_payment)
        self.keypad.display.returnPressed.connect(self.validate_payment)
        footer = QHBoxLayout()
        footer.addWidget(self.close_button, 1)
        footer.addWidget(self.validate_button, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(summary)
        layout.addWidget(self.payments_label)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)
        layout.addLayout(footer)
        self.resize(820, 620)
        self.method = method
        self.select_method(method)

    # --- actions -----------------------------------------------------------------------------------------
    def select_method(self, method: PaymentMethod) -> None:
        self.method = method
        self.method_buttons[method].setChecked(True)
        self.message.clear_message()
        self._refresh()

    def choose_quick_amount(self, amount: Money) -> None:
        self.keypad.set_text(f"{amount.amount:.2f}".replace(".", ","))

    def validate_payment(self) -> None:
        """Record one payment of the selected method; emit `settled` once nothing remains due (once: a second
        tap on a settled ticket records nothing)."""
        if self.draft.is_settled:
            return
        try:
            amount = parse_amount(self.keypad.text())
            self.draft.add_payment(self.method, amount)
        except TicketError as exc:
            self.message.show_error(str(exc))
            return
        self.keypad.clear()
        self.payments_changed.emit()
        if self.draft.is_settled:
            self.settled.emit()
            self.accept()
            return
        self.message.show_info(f"Reste à régler : {self.draft.remaining.format_fr()}")
        self._refresh()

    def clear_payments(self) -> None:
        self.draft.clear_till_payments()
        self.payments_changed.emit()
        self.message.show_info("Les règlements de ce ticket ont été annulés.")
        self._refresh()

    # --- display -----------------------------------------------------------------------------------------
    def _refresh(self) -> None:
        draft = self.draft
        self.total_label.setText(f"Total TTC : {draft.total.format_fr()}")
        self.paid_label.setText(f"Déjà réglé : {draft.paid.format_fr()}")
        self.remaining_label.setText(f"Reste dû : {draft.remaining.format_fr()}")
        paid_lines = [f"{p.display_label} : {p.amount.format_fr()}" for p in draft.payments]
        self.payments_label.setText(" · ".join(paid_lines))
        self.payments_label.setVisible(bool(paid_lines))
        self.clear_payments_button.setEnabled(bool(draft.till_payments))
        is_cash = self.method is PaymentMethod.CASH
        self.amount_caption.setText("Montant reçu du client" if is_cash
                                    else "Montant (vide = tout le reste dû)")
        self.keypad.display.setPlaceholderText(draft.remaining.format_fr())
        self.validate_button.setText(f"Valider : {self.method.label}")
        self._rebuild_quick_amounts(is_cash)
        self._update_preview()

    def _rebuild_quick_amounts(self, visible: bool) -> None:
        for button in self.quick_buttons:
            self._quick_layout.removeWidget(button)
            button.deleteLater()
        self.quick_buttons = []
        if not visible or self.draft.remaining.is_zero():
            return
        for amount in quick_cash_amounts(self.draft.remaining):
            if amount > self.draft.cash_limit:
                continue
            label = amount.format_fr()
            if amount == self.draft.remaining:
                label = f"Exact {label}"
            button = TouchButton(label, self._quick_host, role="quick", min_height=56)
            button.clicked.connect(lambda _c=False, a=amount: self.choose_quick_amount(a))
            self._quick_layout.addWidget(button)
            self.quick_buttons.append(button)

    def _update_preview(self, _text: str = "") -> None:
        """Show the change due for the amount being typed, before it is validated."""
        try:
            amount = parse_amount(self.keypad.text())
        except TicketError:
            self.change_label.setText("")
            return
        if self.method is PaymentMethod.CASH and amount is not None and amount > self.draft.remaining:
            change = amount - self.draft.remaining
            self.change_label.setText(f"Rendu : {change.format_fr()}")
        else:
            self.change_label.setText("")
