"""Caisse: product buttons, the current ticket, its total and VAT, payment keys, Commandes Web / Paramètres Web.

The ticket being rung up is a domain TicketDraft. Whatever goes wrong (bad quantity, empty ticket, the database
refusing the sale) is said in French on the screen and the draft stays as it was, so nothing is lost; the
ticket is only replaced by a new one after TillService has recorded it.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.catalog import Article
from ...domain.money import money_sum
from ...domain.rights import ProtectedAction
from ...domain.seller import Seller
from ...domain.ticket import (
    ClosedTicket,
    PaymentMethod,
    TicketDraft,
    TicketError,
)
from ..widgets.keypad import KeypadDialog
from ..widgets.question import yes_no_question
from ..widgets.rights_gate import Guard
from ..widgets.touch import ElidedLabel, InlineMessage, TouchButton
from .payment_dialog import TILL_METHODS, PaymentDialog
from .product_panel import ProductPanel, till_categories_from
from .ticket_editor import TicketEditor
from .ticket_model import TicketTableModel

if TYPE_CHECKING:
    from ...services.catalog import CatalogService
    from ...services.till import TillService
    from .receipt_view import ReceiptDialog


log = logging.getLogger(__name__)
TICKET_WIDTH = 390  # at 1024×768: the width follows the screen (resizeEvent)
Recorder = Callable[[TicketDraft, Seller], ClosedTicket]


class TillScreen(TicketEditor):
    home_requested = Signal()
    seller_change_requested = Signal()
    web_orders_requested = Signal()
    web_settings_requested = Signal()
    ticket_closed = Signal(object)  # the ClosedTicket of a sale just recorded (receipt, cash drawer)

    def __init__(self, catalog: CatalogService, till: TillService, parent: QWidget | None = None, *,
                 guard: Guard | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tillScreen")
        self._guard = guard  # a ticket with payments is cancelled only with a manager's PIN
        self._catalog = catalog
        self._till = till
        self.seller: Seller | None = None
        self.model = TicketTableModel(TicketDraft(), self)
        self.payment_dialog: PaymentDialog | None = None
        self.quantity_dialog: KeypadDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self.error_box: QMessageBox | None = None
        self.last_closed: ClosedTicket | None = None
        self.replace_box: QMessageBox | None = None
        self.seller_box: QMessageBox | None = None
        self.quantity_box: QMessageBox | None = None
        # Facturer: the ticket is recorded by InvoicingService (ticket + order in one transaction), not TillService.
        self._recorder: Recorder | None = None
        self.invoice_local_id: int | None = None

        self.seller_label = ElidedLabel(self)
        self.seller_label.setObjectName("sellerLabel")
        self.change_seller_button = TouchButton("Changer de vendeur", self, role="nav")
        self.web_orders_button = TouchButton("Commandes Web", self, role="action")
        self.web_settings_button = TouchButton("Paramètres Web", self, role="action")
        self.home_button = TouchButton("Accueil", self, role="nav")
        self.change_seller_button.clicked.connect(self.seller_change_requested)
        self.web_orders_button.clicked.connect(self.web_orders_requested)
        self.web_settings_button.clicked.connect(self.web_settings_requested)
        self.home_button.clicked.connect(self.home_requested)
        header = QHBoxLayout()
        header.addWidget(self.seller_label, 1)
        for button in (self.change_seller_button, self.web_orders_button, self.web_settings_button,
                       self.home_button):
            header.addWidget(button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        layout.addLayout(header)
        body = QHBoxLayout()
        self.ticket_panel = self._build_ticket_panel()
        body.addWidget(self.ticket_panel, 0)
        body.addLayout(self._build_sale_panel(), 1)
        layout.addLayout(body, 1)
        catalog.changed.add(self.reload_catalog)  # held weakly (services/listeners.py)
        self.reload_catalog()
        self._refresh_ticket()

    # --- building ----------------------------------------------------------------------------------------
    def _build_ticket_panel(self) -> QWidget:
        panel = QWidget(self)
        panel.setObjectName("ticketPanel")
        panel.setFixedWidth(TICKET_WIDTH)
        self.ticket_view = self._build_ticket_view(panel)
        self.quantity_button = TouchButton("Quantité", panel)
        self.plus_button = TouchButton("+1", panel)
        self.minus_button = TouchButton("−1", panel)
        self.remove_button = TouchButton("Supprimer", panel, role="danger")
        self.quantity_button.clicked.connect(self.ask_quantity)
        self.plus_button.clicked.connect(lambda: self.change_quantity_by(1))
        self.minus_button.clicked.connect(lambda: self.change_quantity_by(-1))
        self.remove_button.clicked.connect(self.remove_selected_line)
        line_actions = QHBoxLayout()
        for button in (self.quantity_button, self.plus_button, self.minus_button, self.remove_button):
            line_actions.addWidget(button)
        self.total_label = QLabel(panel)
        self.total_label.setObjectName("totalLabel")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.vat_label = QLabel(panel)
        self.vat_label.setObjectName("vatLabel")
        self.vat_label.setWordWrap(True)
        self.payments_label = QLabel(panel)
        self.payments_label.setObjectName("paymentsList")
        self.payments_label.setWordWrap(True)
        self.message = InlineMessage(panel)
        self.cancel_ticket_button = TouchButton("Annuler le ticket", panel, role="danger")
        self.cancel_ticket_button.clicked.connect(self.ask_cancel_ticket)
        self.receipt_button = TouchButton("Voir le ticket", panel, role="nav")  # the last one, fiscal block included
        self.receipt_button.clicked.connect(self.show_last_receipt)
        self.receipt_dialog: ReceiptDialog | None = None
        ticket_actions = QHBoxLayout()
        ticket_actions.addWidget(self.receipt_button)
        ticket_actions.addWidget(self.cancel_ticket_button)
        # Mode formation: above the ticket, where the cashier looks; no ticket recorded here has fiscal value.
        self.training_banner = QLabel("MODE FORMATION", panel)
        self.training_banner.setObjectName("trainingBanner")
        self.training_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.training_banner)
        layout.addWidget(self.ticket_view, 1)
        layout.addLayout(line_actions)
        layout.addWidget(self.total_label)
        layout.addWidget(self.vat_label)
        layout.addWidget(self.payments_label)
        layout.addWidget(self.message)
        layout.addLayout(ticket_actions)
        return panel

    def _build_sale_panel(self) -> QVBoxLayout:
        self.products = ProductPanel(self)
        self.products.article_tapped.connect(self.add_article)
        self.payment_buttons: dict[PaymentMethod, TouchButton] = {}
        self._payments = QGridLayout()
        self._payment_columns = 0
        for method in TILL_METHODS:
            button = TouchButton(method.label, self, role="payment", min_height=64)
            button.clicked.connect(lambda _c=False, m=method: self.start_payment(m))
            self.payment_buttons[method] = button
        self._place_payments(len(TILL_METHODS))
        layout = QVBoxLayout()
        layout.addWidget(self.products, 1)
        layout.addLayout(self._payments)
        return layout

    def _place_payments(self, columns: int) -> None:
        if columns == self._payment_columns:
            return
        self._payment_columns = columns
        for index, button in enumerate(self.payment_buttons.values()):
            self._payments.removeWidget(button)
            self._payments.addWidget(button, index // columns, index % columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The ticket takes 40 % of the width (345 px on 800×600, 560 px at most on 1920×1080); the payment keys
        go on two rows when one row would cut « Carte bancaire »."""
        super().resizeEvent(event)
        width = self.width()
        self.ticket_panel.setFixedWidth(max(345, min(560, int(width * 0.4))))
        self._place_payments(len(TILL_METHODS) if width >= 1000 else 2)
        self._show_seller()
        # On 800×600 the unit price (on the product's button anyway) gives its room to the article's label.
        self.ticket_view.setColumnHidden(TicketTableModel.UNIT_PRICE, width < 1000)

    # --- state -------------------------------------------------------------------------------------------
    def refresh_training(self) -> None:
        self.training_banner.setVisible(self._till.training_active)

    def show_last_receipt(self) -> None:
        from .receipt_view import ReceiptDialog

        if self.last_closed is None or (self.receipt_dialog is not None and self.receipt_dialog.isVisible()):
            return
        self.receipt_dialog = ReceiptDialog(self._till, self.last_closed, self)
        self.receipt_dialog.open()

    def set_seller(self, seller: Seller) -> None:
        """A new seller mid-ticket is asked whose ticket it is: it is recorded under one seller, said aloud."""
        previous = self.seller
        if previous is not None and previous.id != seller.id and self.draft.lines and self.draft.recorded_as is None:
            box = yes_no_question(self, "Changer de vendeur",
                                  f"Le ticket en cours ({self.draft.total.format_fr()}) a été commencé par "
                                  f"{previous.name}. L'enregistrer au nom de {seller.name} ?",
                                  f"Oui, au nom de {seller.name}", f"Non, il reste à {previous.name}",
                                  lambda: self._take_over(seller))
            box.rejected.connect(lambda: self.message.show_info(
                f"Le ticket en cours reste au nom de {previous.name} ; changez de vendeur une fois terminé."))
            self.seller_box = box
            box.open()
            return
        self._use_seller(seller)

    def _take_over(self, seller: Seller) -> None:
        self._use_seller(seller)
        self.message.show_info(f"Le ticket en cours sera enregistré au nom de {seller.name}.")

    def _use_seller(self, seller: Seller) -> None:
        self.seller = seller
        self._show_seller()

    def _show_seller(self) -> None:
        """« Vendeur : Karim »; the name alone on a narrow screen (800×600), where the header has no room."""
        if self.seller is not None:
            name = self.seller.name
            self.seller_label.set_full_text(name if self.width() < 1000 else f"Vendeur : {name}")

    def reload_catalog(self, _saved: Article | None = None) -> None:
        try:
            self.products.set_categories(till_categories_from(self._catalog))
        except Exception:  # a catalog that cannot be read must not take the till down
            log.exception("lecture du catalogue")
            self.message.show_error("Le catalogue n'a pas pu être lu. Le ticket en cours est conservé.")

    def ask_cancel_ticket(self) -> None:
        if not self.draft.lines:
            self.message.show_info("Le ticket est déjà vide.")
            return
        question = "Abandonner le ticket en cours ?"
        if self.draft.till_payments:
            before = self.draft.paid - money_sum([p.amount for p in self.draft.till_payments])
            earlier = f" ; {before.format_fr()} payés avant la caisse restent à la commande" if before.amount else ""
            question = (f"Des règlements ont été encaissés en caisse sur ce ticket ({self.draft.paid_at_till}"
                        f"{earlier}). Il sera enregistré au journal comme ticket annulé, avec ses lignes, ses "
                        "règlements et le vendeur. Abandonner ?")
        box = yes_no_question(self, "Annuler le ticket", question, "Oui, abandonner", "Non, garder",
                              lambda: self.cancel_with_manager(self.cancel_ticket))
        self.confirm_box = box
        box.open()

    def cancel_with_manager(self, cancel: Callable[[], object]) -> None:
        """`cancel` at once for a ticket without payments; with payments, once a manager's PIN is given."""
        if not (self.draft.till_payments and self.draft.recorded_as is None):
            cancel()
        elif self._guard is None:
            self.message.show_error("Seul un gérant peut annuler un ticket qui a des règlements.")
        else:
            self._guard(ProtectedAction.CANCEL_PAID_TICKET, lambda _manager: cancel())

    def cancel_ticket(self) -> bool:
        """Abandon the ticket; one with payments taken is journaled as cancelled first. False if that failed."""
        if self.draft.till_payments and self.draft.recorded_as is None:
            if self.seller is None:
                self.message.show_error("Choisissez d'abord un vendeur.")
                return False
            try:
                cancelled = self._till.record_cancelled(self.draft, self.seller)
            except Exception as exc:  # say it, keep the ticket and its payments
                log.exception("ticket annulé")
                self.message.show_error(getattr(exc, "message_fr", None) or str(exc))
                return False
            self.last_closed = cancelled
            self.new_ticket()
            self.message.show_info(f"Ticket n° {cancelled.number} enregistré comme annulé "
                                   f"(encaissé en caisse : {cancelled.paid_at_till.format_fr()}).")
            return True
        self.new_ticket()
        self.message.clear_message()
        return True

    def new_ticket(self) -> None:
        self.model.set_draft(TicketDraft())
        self._recorder = None
        self.invoice_local_id = None
        self._refresh_ticket()

    def load_draft(self, draft: TicketDraft, recorder: Recorder | None = None, local_id: int | None = None) -> None:
        """Put a prepared ticket on the till (a web order to invoice): `recorder` records it when it is paid."""
        self.model.set_draft(draft)
        self._recorder = recorder
        self.invoice_local_id = local_id
        self._refresh_ticket()
        caption = draft.caption or "Commande"
        self.message.show_info(f"{caption} : encaissez-la.")

    def offer_draft(self, draft: TicketDraft, recorder: Recorder | None = None, local_id: int | None = None) -> None:
        """Facturer: load the order, after asking if a ticket is in progress; never over payments taken."""
        if local_id is not None and local_id == self.invoice_local_id and self.draft.recorded_as is None:
            self.message.show_info(f'{self.draft.caption or "Commande"} : déjà à la caisse, encaissez-la.')
            return
        if not self.draft.lines:
            self.load_draft(draft, recorder, local_id)
            return
        if self.draft.till_payments:
            self.message.show_error("Des règlements sont saisis sur le ticket en cours : terminez-le ou "
                                            "annulez-le avant de facturer une commande.")
            return
        box = yes_no_question(self, "Ticket en cours",
                              f"Un ticket est en cours ({self.draft.total.format_fr()}). "
                              f"Le remplacer par : {draft.caption or 'la commande'} ?",
                              "Oui, remplacer", "Non, garder le ticket",
                              lambda: self.load_draft(draft, recorder, local_id))
        self.replace_box = box
        box.open()

    # --- payment -----------------------------------------------------------------------------------------
    def start_payment(self, method: PaymentMethod) -> None:
        if self.seller is None:
            self.message.show_error("Choisissez d'abord un vendeur.")
            return
        if not self.draft.lines:
            self.message.show_error("Le ticket est vide : ajoutez un article avant d'encaisser.")
            return
        if self.draft.total.amount <= 0:
            self.message.show_error("Le total du ticket doit être positif pour être encaissé.")
            return
        if self.draft.is_settled:  # a previous recording failed: try again without asking for money twice
            self.close_ticket()
            return
        dialog = PaymentDialog(self.draft, method, self)
        dialog.payments_changed.connect(self._refresh_ticket)
        dialog.settled.connect(self.close_ticket)
        self.payment_dialog = dialog
        dialog.open()

    def close_ticket(self) -> None:
        """Record the settled ticket; on failure keep the draft and its payments and say why in French."""
        assert self.seller is not None
        if self.draft.recorded_as is not None:
            return  # a second « settled » for a ticket already recorded: nothing more
        record = self._recorder or self._till.close_ticket
        try:
            closed = record(self.draft, self.seller)
        except (TicketError, ValueError) as exc:  # ValueError: Facturer's refusals (already invoiced…), in French
            self._show_close_error(str(exc))
            return
        except Exception as exc:  # StoreError and the unexpected: the sale must not be lost
            log.exception("enregistrement du ticket")
            text = getattr(exc, "message_fr", None) or ("Le ticket n'a pas pu être enregistré. Il est conservé : "
                                                        "touchez un mode de règlement pour réessayer.")
            self._show_close_error(text)
            return
        self.last_closed = closed
        self.receipt_button.setEnabled(True)
        invoiced = self.invoice_local_id is not None
        self.new_ticket()
        text = f"Ticket n° {str(closed.number)} enregistré"
        if invoiced:
            text += ", commande payée"
        if not closed.change_due.is_zero():
            text += f" — rendu {closed.change_due.format_fr()}"
        self.message.show_success(text)
        self.ticket_closed.emit(closed)

    def _show_close_error(self, text: str) -> None:
        self._refresh_ticket()
        self.message.show_error(text)
        box = QMessageBox(QMessageBox.Icon.Warning, "Ticket non enregistré", text,
                          QMessageBox.StandardButton.Ok, self)
        self.error_box = box
        box.open()

    # --- display -----------------------------------------------------------------------------------------
    def _refresh_ticket(self, select: int | None = None) -> None:
        self.model.refresh()
        self.refresh_training()
        self.receipt_button.setEnabled(self.last_closed is not None)
        if select is not None and select >= 0:
            self.select_row(select)
        draft = self.draft
        self.total_label.setText(f"Total TTC : {draft.total.format_fr()}")
        vat = [f'TVA {str(line.rate).replace(".", ",")} % : {line.vat.format_fr()} (HT {line.ht.format_fr()})'
               for line in draft.vat_lines()]
        self.vat_label.setText("\n".join(vat))
        if draft.payments:
            paid = " · ".join(f"{p.display_label} {p.amount.format_fr()}" for p in draft.payments)
            self.payments_label.setText(f"Réglé : {paid} — reste {draft.remaining.format_fr()}")
        else:
            self.payments_label.setText("")
        self.payments_label.setVisible(bool(draft.payments))
