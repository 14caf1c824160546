"""The four buttons and the other statuses, shared by the Commandes Web list and the Fiche commande.

It asks what it must (delay, reason, confirmation before moving backwards), records who acted (the seller on the
till; when none is chosen yet, a quick seller picker asks, and the choice stays for the session), and reports
every outcome as a French sentence through `message(text, level)`.

Hurried fingers tap twice: while a question is open (`busy`), the screens grey their action buttons and any
further tap is ignored; a status the order already has is never recorded or sent again.

What a tap checks and asks (the status, the expected time) comes from the order's list row; the order's JSON is
decoded once, by the action itself, right before it writes (services/order_actions.py).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from ...domain.order import OrderStatus
from ...domain.shop_time import SHOP_TIMEZONE
from ...services.order_actions import OrderActionError
from ..sellers.seller_picker import SellerPickerDialog
from ..widgets.question import yes_no_question
from .order_actions_dialogs import AcceptDialog, RejectDialog

if TYPE_CHECKING:  # the services bundle the composition root gives every screen
    from ...domain.seller import Seller
    from ...domain.ticket import ClosedTicket, TicketDraft
    from ...services.order_actions import OrderActions
    from ...services.registry import Services
    from ..main_window import MainWindow

log = logging.getLogger(__name__)


class OrderActionController(QObject):
    message = Signal(str, str)  # text, level ("success" / "error" / "info")
    invoice_loaded = Signal(int)  # local_id: Facturer put this order on the till (a Fiche commande closes)
    busy_changed = Signal(bool)  # a question (delay, reason, going back) is open: other taps wait for it

    def __init__(self, services: Services, main_window: MainWindow, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services, self.main_window = services, main_window
        self.dialog: QDialog | None = None
        self.deposit_box: QMessageBox | None = None
        self.busy = False

    def _set_busy(self, busy: bool) -> None:
        if busy != self.busy:
            self.busy = busy
            self.busy_changed.emit(busy)

    def _ask(self, dialog: QDialog) -> None:
        """Open a question; until it is answered or dismissed, every action tap is ignored."""
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._set_busy(False))
        self._set_busy(True)
        dialog.open()

    def _ready(self, local_id: int, target: OrderStatus | None = None,
               retry: Callable[[], None] | None = None) -> Seller | None:
        """The acting seller, or None when the tap must do nothing now (a question open, already done, or no
        seller yet: the picker asks, then `retry` runs the same action again with the chosen seller)."""
        if self.busy:
            if self.dialog is not None:
                self.dialog.raise_()
            return None
        seller = self._seller(retry)
        if seller is None or target is None:
            return seller
        row = self.services.order_lists.row(local_id)
        if row is None:
            return seller  # the action itself says the order is missing
        if row.status is target:
            self.message.emit(f"La commande est déjà « {target.label} » : rien à changer.", "info")
            return None
        return seller

    @property
    def actions(self) -> OrderActions:
        return self.services.order_actions

    def _seller(self, retry: Callable[[], None] | None) -> Seller | None:
        seller = self.main_window.current_seller
        if seller is None and retry is not None:
            self.pick_seller(retry)
        return seller

    def pick_seller(self, retry: Callable[[], None]) -> None:
        """Qui fait cette action ? The chosen seller becomes the till's for the session, then the action goes on."""
        try:
            sellers = self.services.sellers.list_sellers()
        except Exception as exc:  # noqa: BLE001 - StoreError: said, nothing recorded
            self.message.emit(getattr(exc, "message_fr", None) or "La liste des vendeurs n'a pas pu être lue.",
                              "error")
            return
        dialog = SellerPickerDialog(sellers, self.main_window)
        dialog.picked.connect(self.main_window.set_acting_seller)

        def closed(_result: int) -> None:
            """The actions stay greyed until a double tap's second tap has passed (it would land on the
            action's own question, in the picker's place, or on a button under a cancelled picker); then the
            action goes on if a seller was picked."""
            def go_on() -> None:
                self._set_busy(False)
                if dialog.chosen is not None:
                    retry()

            QTimer.singleShot(QApplication.styleHints().mouseDoubleClickInterval(), go_on)

        dialog.finished.connect(closed)
        self.dialog = dialog
        self._set_busy(True)
        dialog.open()

    def _run(self, action: Callable[[], object], success: str, unchanged: str = "") -> bool:
        try:
            result = action()
        except (OrderActionError, KeyError, ValueError) as exc:
            self.message.emit(str(exc).strip("'\""), "error")
            return False
        except Exception as exc:  # StoreError and the unexpected: say it, keep the screen
            log.exception("action sur une commande")
            self.message.emit(getattr(exc, "message_fr", None) or "L'action n'a pas pu être enregistrée.",
                              "error")
            return False
        if result is False and unchanged:  # the service saw nothing to do (a second tap)
            self.message.emit(unchanged, "info")
            return False
        self.message.emit(success, "success")
        return True

    def map_item(self, local_id: int, index: int, idart: int) -> bool:
        """A line of an order replaced by a catalog article (Fiche commande); the till remembers the code."""
        return self._run(lambda: self.services.order_actions.map_item(local_id, index, idart),
                         "Ligne remplacée ; ce code sera reconnu dans les prochaines commandes.")

    # --- the four buttons --------------------------------------------------------------------------------
    def accept(self, local_id: int, parent: QWidget, then: Callable[[], None] | None = None) -> None:
        """Accepter with the time choice; `then` runs once the order is accepted (Facturer's accept-first)."""
        seller = self._ready(local_id, OrderStatus.ACCEPTED, lambda: self.accept(local_id, parent, then))
        if seller is None:
            return
        row = self.services.order_lists.row(local_id)
        due = row.due if row is not None else None  # the confirmed time if HubRise has one, else the expected
        expected = due.astimezone(SHOP_TIMEZONE).strftime("%H:%M") if due else "maintenant"
        dialog = AcceptDialog(expected, parent)

        def chosen(delay: int) -> None:
            if self._run(lambda: self.actions.accept(local_id, seller, delay), "Commande acceptée.") and then:
                then()

        dialog.chosen.connect(chosen)
        self._ask(dialog)

    def reject(self, local_id: int, parent: QWidget) -> None:
        seller = self._ready(local_id, OrderStatus.REJECTED, lambda: self.reject(local_id, parent))
        if seller is None:
            return
        dialog = RejectDialog(parent)
        dialog.chosen.connect(lambda reason: self._run(lambda: self.actions.reject(local_id, seller, reason),
                                                       "Commande refusée."))
        self._ask(dialog)

    def take_charge(self, local_id: int) -> None:
        self.set_status(local_id, self.actions.take_charge_status(), self.main_window,
                        note="prise en charge")

    def set_status(self, local_id: int, status: OrderStatus, parent: QWidget, note: str = "") -> None:
        seller = self._ready(local_id, status, lambda: self.set_status(local_id, status, parent, note))
        if seller is None:
            return
        warning = self.actions.needs_confirmation(local_id, status)
        done = f"Statut « {status.label} » enregistré."

        def apply() -> None:
            self._run(lambda: self.actions.set_status(local_id, status, seller, note), done,
                      f"La commande est déjà « {status.label} » : rien à changer.")

        def settle_then_apply() -> None:
            if status in (OrderStatus.CANCELLED, OrderStatus.REJECTED) and self._ask_deposit(local_id, seller, parent,
                                                                                              apply):
                return
            apply()

        if warning is None:
            settle_then_apply()
            return
        self._ask(yes_no_question(parent, "Retour en arrière", warning, "Oui, changer", "Non", settle_then_apply))

    def _ask_deposit(self, local_id: int, seller: Seller, parent: QWidget, then: Callable[[], None]) -> bool:
        """An order cancelled while it holds a deposit: the deposit is handed back or kept, said explicitly (both
        are journal records). True when the question is open (`then` runs once it is answered)."""
        deposits = self.services.deposits
        if deposits.held(local_id).amount <= 0 or deposits.settled(local_id):
            return False
        order = self.services.web_orders.get_order(local_id)
        if self.services.order_actions.orders.invoice_ticket(local_id) is not None:
            return False  # invoiced: the deposit was deducted from the ticket
        held = deposits.held(local_id)
        box = QMessageBox(QMessageBox.Icon.Question, "Acompte de la commande",
                          f"Cette commande détient un acompte de {held.format_fr()}. Le rembourser au client ou "
                          "le garder ?", QMessageBox.StandardButton.NoButton, parent)
        refund = box.addButton(f"Rembourser {held.format_fr()}", QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton("Garder l'acompte", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Ne pas annuler", QMessageBox.ButtonRole.RejectRole)
        ref = order.till_number or f"local-{local_id}"

        def answered() -> None:
            clicked = box.clickedButton()
            if clicked not in (refund, keep):
                return
            try:
                deposits.settle_on_cancel(local_id, ref, clicked is refund, seller)
            except Exception as exc:  # noqa: BLE001 - DepositError / StoreError: said, the order stays as it is
                self.message.emit(getattr(exc, "message_fr", None) or str(exc), "error")
                return
            then()

        box.finished.connect(lambda _r: answered())
        self.deposit_box = box
        self._ask(box)
        return True

    def invoice(self, local_id: int, parent: QWidget | None = None) -> None:
        """Facturer, in the manual's order of work: an order not yet accepted is accepted first (time choice),
        then its lines go into a till ticket; once paid there, ticket and order are recorded together."""
        seller = self._ready(local_id, retry=lambda: self.invoice(local_id, parent))
        if seller is None:
            return
        try:
            self.services.invoicing.check_invoiceable(local_id)  # paid or invoiced: say so, accept nothing
            needs_acceptance = self.services.invoicing.needs_acceptance(local_id)
        except (OrderActionError, KeyError) as exc:
            self.message.emit(str(exc).strip("'\""), "error")
            return
        if needs_acceptance:
            self.message.emit("Acceptez d'abord la commande : elle sera facturée ensuite.", "info")
            self.accept(local_id, parent or self.main_window, then=lambda: self._load_invoice(local_id))
            return
        self._load_invoice(local_id)

    def _load_invoice(self, local_id: int) -> None:
        invoicing = self.services.invoicing
        try:
            draft = invoicing.prepare(local_id)
        except (OrderActionError, KeyError) as exc:
            self.message.emit(str(exc).strip("'\""), "error")
            return

        def record(ticket_draft: TicketDraft, seller: Seller) -> ClosedTicket:
            return invoicing.invoice(local_id, ticket_draft, seller)

        self.main_window.show_till()
        self.invoice_loaded.emit(local_id)
        self.main_window.till.offer_draft(draft, record, local_id)
        self.message.emit(f"{draft.caption} chargée à la caisse : encaissez-la.", "info")
