"""COMMANDES: a customer order taken at the till (phone, counter). OK stores it with a till number and, with
« Client web » in Paramètres Web, sends it to HubRise."""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...domain.money import MoneyError, parse_typed_amount
from ...domain.order import Customer, ServiceType
from ...domain.phone import display_fr
from ...domain.seller import Seller
from ...domain.shop_time import SHOP_TIMEZONE
from ...domain.ticket import PaymentMethod
from ...services.till_orders import TillOrderDraft, TillOrderError, TillOrderLine
from ..widgets.touch import InlineMessage, TouchButton
from .customer_dialog import CustomerDialog

if TYPE_CHECKING:  # the services bundle the composition root gives every screen
    from ...services.registry import Services

log = logging.getLogger(__name__)
PAYMENT_METHODS = (PaymentMethod.CASH, PaymentMethod.CARD, PaymentMethod.CHEQUE, PaymentMethod.MEAL_VOUCHER)


def touch_list(parent: QWidget) -> QListWidget:
    widget = QListWidget(parent)
    widget.setStyleSheet("QListWidget::item { min-height: 48px; }")
    return widget


class NewOrderScreen(QWidget):
    created = Signal(int)  # local id of the stored order
    cancelled = Signal()

    def __init__(self, services: Services, current_seller: Callable[[], Seller | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newOrderScreen")
        self.services = services
        self._current_seller = current_seller  # the till's seller, preselected in the form
        self.draft: TillOrderDraft = services.till_orders.new_draft()

        title = QLabel("Nouvelle commande", self)
        title.setObjectName("screenTitle")
        self.seller = QComboBox(self)
        self.seller.setMinimumHeight(48)
        self.seller.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.seller.setMinimumWidth(240)
        header = QHBoxLayout()
        header.addWidget(title, 1)
        header.addWidget(QLabel("Vendeur :", self))
        header.addWidget(self.seller)

        # Customer and service ---------------------------------------------------------------------------
        left = QGroupBox("Client et service", self)
        self.customer_search = QLineEdit(left)
        self.customer_search.setMinimumHeight(48)
        self.customer_search.setPlaceholderText("Rechercher un client : nom, téléphone, e-mail")
        self.customer_search.textChanged.connect(self._search_customers)
        self.customer_list = touch_list(left)
        self.customer_list.itemClicked.connect(self._pick_customer)
        self.new_customer_button = TouchButton("Nouveau client", left, role="nav")
        self.new_customer_button.clicked.connect(self._new_customer)
        self.customer_label = QLabel("Client : aucun", left)
        self.customer_label.setWordWrap(True)
        self.service_group = QButtonGroup(self)
        self.service_buttons: dict[ServiceType, TouchButton] = {}
        services_row = QHBoxLayout()
        for service in (ServiceType.DELIVERY, ServiceType.COLLECTION, ServiceType.EAT_IN):
            button = TouchButton(service.label, left, role="category")
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, s=service: self._set_service(s))
            self.service_group.addButton(button)
            self.service_buttons[service] = button
            services_row.addWidget(button)
        self.expected = QDateTimeEdit(left)
        self.expected.setMinimumHeight(48)
        self.expected.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.expected.setCalendarPopup(True)
        later = TouchButton("+15 min", left, role="nav")
        later.clicked.connect(lambda: self.expected.setDateTime(self.expected.dateTime().addSecs(900)))
        expected_row = QHBoxLayout()
        expected_row.addWidget(QLabel("Prévue :", left))
        expected_row.addWidget(self.expected, 1)
        expected_row.addWidget(later)
        self.notes = QLineEdit(left)
        self.notes.setMinimumHeight(48)
        self.notes.setPlaceholderText("Notes (allergies, code d'accès…)")
        self.paid = QLineEdit(left)
        self.paid.setMinimumHeight(48)
        self.paid.setPlaceholderText("Acompte (0 si rien)")
        self.payment = QComboBox(left)
        self.payment.setMinimumHeight(48)
        for method in PAYMENT_METHODS:
            self.payment.addItem(method.label, method.value)  # Qt turns str enums into plain str
        paid_row = QHBoxLayout()
        paid_row.addWidget(QLabel("Acompte :", left))
        paid_row.addWidget(self.paid, 1)
        paid_row.addWidget(self.payment, 1)
        left_layout = QVBoxLayout(left)
        for item in (self.customer_search, self.customer_list, self.new_customer_button, self.customer_label,
                     services_row, expected_row, self.notes, paid_row):
            if isinstance(item, QHBoxLayout):
                left_layout.addLayout(item)
            else:
                left_layout.addWidget(item)

        # Articles ---------------------------------------------------------------------------------------
        right = QGroupBox("Articles", self)
        self.article_search = QLineEdit(right)
        self.article_search.setMinimumHeight(48)
        self.article_search.setPlaceholderText("Rechercher un article : nom ou code")
        self.article_search.textChanged.connect(self._search_articles)
        self.article_list = touch_list(right)
        self.article_list.itemClicked.connect(self._add_article)
        self.lines = touch_list(right)
        self.option_choice = QComboBox(right)
        self.option_choice.setMinimumHeight(48)
        # The longest option's name must not squeeze « + Option » on a narrow screen: the list shows it whole.
        self.option_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.option_choice.setMinimumContentsLength(8)
        self.add_option_button = TouchButton("+ Option", right, role="nav")
        self.add_option_button.clicked.connect(self._add_option)
        self.plus_button = TouchButton("+1", right, role="nav")
        self.minus_button = TouchButton("−1", right, role="nav")
        self.remove_button = TouchButton("Supprimer", right, role="danger")
        self.plus_button.clicked.connect(lambda: self._change_quantity(+1))
        self.minus_button.clicked.connect(lambda: self._change_quantity(-1))
        self.remove_button.clicked.connect(self._remove_line)
        line_buttons = QGridLayout()
        line_buttons.addWidget(self.option_choice, 0, 0, 1, 2)
        line_buttons.addWidget(self.add_option_button, 0, 2)
        line_buttons.addWidget(self.plus_button, 1, 0)
        line_buttons.addWidget(self.minus_button, 1, 1)
        line_buttons.addWidget(self.remove_button, 1, 2)
        self.total_label = QLabel(right)
        self.total_label.setObjectName("ticketTotal")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.article_search)
        right_layout.addWidget(self.article_list, 1)
        right_layout.addWidget(self.lines, 1)
        right_layout.addLayout(line_buttons)
        right_layout.addWidget(self.total_label)

        self.message = InlineMessage(self)
        self.cancel_button = TouchButton("Annuler", self, role="nav")
        self.ok_button = TouchButton("OK", self, role="primary")
        self.cancel_button.clicked.connect(self.cancelled)
        self.ok_button.clicked.connect(self.submit)
        # An error goes as soon as the cashier changes the form: it must not outlive its cause.
        self.paid.textChanged.connect(self._form_changed)
        self.seller.currentIndexChanged.connect(self._form_changed)
        self.lines.currentRowChanged.connect(self._form_changed)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.ok_button)
        columns = QHBoxLayout()
        # On 800×600 the customer column is taller than the room: it scrolls instead of pushing OK off screen.
        left_scroll = QScrollArea(self)
        left_scroll.setWidgetResizable(True)
        left_scroll.setFrameShape(QFrame.Shape.NoFrame)
        left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left_scroll.setWidget(left)
        columns.addWidget(left_scroll, 5)  # three service keys side by side need the wider half
        columns.addWidget(right, 4)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(columns, 1)
        layout.addLayout(bottom)

    # --- lifecycle -----------------------------------------------------------------------------------------
    def reset(self) -> None:
        """A blank form: collection in 30 minutes, the till's seller preselected."""
        self.draft = self.services.till_orders.new_draft()
        self.seller.clear()
        current = self._current_seller()
        for seller in self.services.sellers.list_sellers():
            self.seller.addItem(seller.name, seller)
            if current is not None and seller.id == current.id:
                self.seller.setCurrentIndex(self.seller.count() - 1)
        for field in (self.customer_search, self.article_search, self.notes, self.paid):
            field.clear()
        # Shop time (Paris), whatever the machine's timezone: the form shows and reads wall-clock shop time.
        soon = datetime.now(SHOP_TIMEZONE).replace(tzinfo=None, second=0, microsecond=0) + timedelta(minutes=30)
        self.expected.setDateTime(QDateTime(soon))  # type: ignore[call-overload]  # PySide6 takes a datetime
        self.option_choice.clear()
        for option in self.services.catalog.option_articles():
            self.option_choice.addItem(f"{option.name} ({option.price.format_fr()})", option)
        self._set_service(ServiceType.COLLECTION)
        self._search_customers("")
        self._search_articles("")
        self._show_lines()
        self.message.clear_message()
        self.ok_button.setEnabled(True)

    def _form_changed(self, *_: Any) -> None:
        if self.message.level == "error":
            self.message.clear_message()

    # --- customer and service --------------------------------------------------------------------------
    def _search_customers(self, text: str) -> None:
        self.customer_list.clear()
        for customer in self.services.customers.search(text, limit=20):
            contact = display_fr(customer.phone) or customer.email or ""
            item = QListWidgetItem(f"{customer.display_name} — {contact}")
            item.setData(Qt.ItemDataRole.UserRole, customer)
            self.customer_list.addItem(item)

    def _pick_customer(self, item: QListWidgetItem) -> None:
        self.set_customer(item.data(Qt.ItemDataRole.UserRole))

    def set_customer(self, customer: Customer) -> None:
        self.draft.customer = customer
        self._form_changed()
        text = customer.display_name + (f", {customer.address}" if customer.address else "")
        self.customer_label.setText(f"Client : {text}")

    def _new_customer(self) -> None:
        dialog = CustomerDialog(self.services.customers, self)
        dialog.accepted.connect(lambda: self._customer_created(dialog))
        self.customer_dialog = dialog
        dialog.open()

    def _customer_created(self, dialog: CustomerDialog) -> None:
        if dialog.customer is not None:
            self.set_customer(dialog.customer)
            self._search_customers("")

    def _set_service(self, service: ServiceType) -> None:
        self.draft.service_type = service
        self.service_buttons[service].setChecked(True)
        self._show_lines()

    # --- articles ----------------------------------------------------------------------------------------
    def _search_articles(self, text: str) -> None:
        self.article_list.clear()
        for article in self.services.catalog.list_articles(text, include_inactive=False):
            if article.is_option or article.is_delivery_fee:
                continue
            item = QListWidgetItem(f"{article.idart}  {article.name} — {article.price.format_fr()}")
            item.setData(Qt.ItemDataRole.UserRole, article)
            self.article_list.addItem(item)

    def _add_article(self, item: QListWidgetItem) -> None:
        self.draft.lines.append(TillOrderLine(item.data(Qt.ItemDataRole.UserRole)))
        self._show_lines(len(self.draft.lines) - 1)

    def _selected_line(self) -> int | None:
        row = self.lines.currentRow()
        return row if 0 <= row < len(self.draft.lines) else None

    def _add_option(self) -> None:
        row, option = self._selected_line(), self.option_choice.currentData()
        if row is None or option is None:
            self.message.show_error("Choisissez d'abord la ligne qui reçoit l'option.")
            return
        self.draft.lines[row].options.append(option)
        self._show_lines(row)

    def _change_quantity(self, delta: int) -> None:
        row = self._selected_line()
        if row is not None:
            line = self.draft.lines[row]
            line.quantity = max(1, line.quantity + delta)
            self._show_lines(row)

    def _remove_line(self) -> None:
        row = self._selected_line()
        if row is not None:
            del self.draft.lines[row]
            self._show_lines(min(row, len(self.draft.lines) - 1))

    def _show_lines(self, select: int | None = None) -> None:
        self._form_changed()
        self.lines.clear()
        for line in self.draft.lines:
            options = "".join(f"\n   + {o.name}" for o in line.options)
            self.lines.addItem(f"{line.quantity} × {line.article.name}{options} — {line.total.format_fr()}")
        if select is not None and select >= 0:
            self.lines.setCurrentRow(select)
        fee = ""
        if self.draft.service_type is ServiceType.DELIVERY and self.draft.delivery_fee is not None:
            fee = f" (dont livraison {self.draft.delivery_fee.price.format_fr()})"
        self.total_label.setText(f"Total TTC : {self.draft.total.format_fr()}" + fee)

    # --- OK ----------------------------------------------------------------------------------------------
    def submit(self) -> None:
        """OK: store the order once. The button stays grey after success (until the next blank form), so a tap
        already queued cannot store it twice."""
        if not self.ok_button.isEnabled():
            return
        seller = self.seller.currentData()
        if seller is None:
            self.message.show_error("Choisissez le vendeur.")
            return
        try:
            self.draft.paid = parse_typed_amount(self.paid.text() or "0")
        except MoneyError:
            self.message.show_error(f"Acompte illisible : « {self.paid.text().strip()} ». "
                                    "Tapez un montant comme 12,50.")
            return
        self.draft.payment_method = PaymentMethod(self.payment.currentData())
        self.draft.notes = self.notes.text()
        expected = self.expected.dateTime().toPython()
        assert isinstance(expected, datetime)  # a QDateTime converts to a datetime
        self.draft.expected_time = expected.replace(tzinfo=SHOP_TIMEZONE)
        try:
            order = self.services.till_orders.create(self.draft, seller)
        except TillOrderError as error:
            self.message.show_error(str(error))
            return
        except Exception as error:  # StoreError: the form stays filled in
            log.exception("enregistrement d'une commande de la caisse")
            self.message.show_error(getattr(error, "message_fr", None) or
                                    "La commande n'a pas pu être enregistrée ; réessayez.")
            return
        self.ok_button.setEnabled(False)
        self.created.emit(order.local_id)
