"""Facturer, one use case: the closed ticket, the order's payment, its new status, its history and the rows for
HubRise are written in ONE SQLite transaction (docs/dev/architecture.md « A payment »; issue 9; issue 10 defect 3).

A crash can therefore leave either nothing (the cashier invoices again) or everything (the order is paid, the
payment is queued for HubRise). Databases written by older versions, which committed the ticket and the order
separately, are repaired at start by `reconcile()`: a sale that names an order which does not point back to it
is completed (payment, history, outbox), never sold a second time.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from ..domain.invoice import FeeArticle, invoice_draft
from ..domain.money import Money
from ..domain.order import Order, OrderStatus
from ..domain.seller import Seller
from ..domain.shop_time import shop_now
from ..domain.ticket import ClosedTicket, TicketDraft, TicketError
from ..hubrise.mapping import payment_patch, status_patch
from ..store.database import StoreError, store_errors, transaction
from ..store.orders import OrderAlreadyInvoiced
from .listeners import ChangeKind, nothing
from .order_actions import OrderActionError, OrderActions
from .preferences import Preferences
from .till import TillService

if TYPE_CHECKING:
    import sqlite_utils

    from .catalog import CatalogService


log = logging.getLogger(__name__)
PAYMENT_NAME = "Encaissé en caisse"
NOT_YET_ACCEPTED = (OrderStatus.NEW, OrderStatus.RECEIVED)


def payment_marker(ticket_number: int) -> str:
    """The stable marker of a till payment at HubRise (ref and private_ref), so a re-send can be detected."""
    return f"ticket-{ticket_number}"


class InvoicingService:
    def __init__(self, db: sqlite_utils.Database, actions: OrderActions, till: TillService, catalog: CatalogService,
                 preferences: Preferences, *,
                 wake_outbox: Callable[[], None] = nothing, clock: Callable[[], datetime] = shop_now) -> None:
        self.db, self.actions, self.till, self.catalog = db, actions, till, catalog
        self.preferences = preferences
        self.journal = till.journal  # the signed journal, with the till's key
        self.web_orders = actions.web_orders
        self.orders = actions.orders
        self.clock, self.wake_outbox = clock, wake_outbox

    # --- before the till ---------------------------------------------------------------------------------
    def needs_acceptance(self, local_id: int) -> bool:
        """The manual's order of work: accept (or reject) first, then invoice, then take charge."""
        return self.web_orders.get_order(local_id).status in NOT_YET_ACCEPTED

    def check_invoiceable(self, local_id: int) -> None:
        """Refuse (OrderActionError, French) an order that cannot be invoiced: asked before anything else, so an
        order already paid is never accepted « to be invoiced » for nothing."""
        self._refusal(self.web_orders.get_order(local_id), local_id)

    def prepare(self, local_id: int) -> TicketDraft:
        """The order as a till ticket (VAT from the articles, online payments as payments); only if unpaid."""
        order = self.web_orders.get_order(local_id)
        self._refusal(order, local_id)
        fee_article = self.catalog.delivery_fee_article()
        fee = None
        if fee_article is not None and fee_article.idart is not None:  # a stored article always has its IDART
            fee = FeeArticle(fee_article.idart, fee_article.name, fee_article.vat_rate)
        try:
            draft = invoice_draft(order, self._article_rate, fee, self.preferences.unknown_line_vat_rate)
        except TicketError as exc:
            raise OrderActionError(f"Cette commande ne peut pas être facturée : {exc}") from exc
        code = order.collection_code or order.till_number or order.ref or order.hubrise_id or str(local_id)
        draft.caption = f"Commande de {order.customer_name}, code {code}"
        return draft

    def _refusal(self, order: Order, local_id: int) -> None:
        number = self.orders.invoice_ticket(local_id)
        if number is not None:
            raise OrderActionError(f"Cette commande est déjà facturée (ticket n° {number}).")
        if order.is_paid:
            raise OrderActionError("Cette commande est déjà payée : rien à facturer.")
        if order.status in (OrderStatus.REJECTED, OrderStatus.CANCELLED):
            raise OrderActionError("Une commande refusée ou annulée ne se facture pas.")

    def _article_rate(self, idart: int) -> Decimal | None:
        article = self.catalog.get(idart)
        return article.vat_rate if article is not None else None

    # --- the sale ----------------------------------------------------------------------------------------
    def invoice(self, local_id: int, draft: TicketDraft, seller: Seller) -> ClosedTicket:
        """Record the paid ticket and complete the order, in one transaction. Refused if already invoiced."""
        seller_id = TillService.check_closable(draft, seller)
        order = self.web_orders.get_order(local_id)
        if draft.web_order_id not in (order.hubrise_id, f"local-{local_id}"):
            raise OrderActionError("Ce ticket n'est pas celui de cette commande.")
        at = self.clock()
        if self.till.training_active:
            return self._invoice_in_training(order, draft, seller, at)
        try:
            with store_errors(self.db), transaction(self.db):
                number = self.journal.append(draft, seller_id, seller.name, at)
                self._complete(order, number, draft.paid_at_till, seller.name, at)
        except OrderAlreadyInvoiced as exc:
            raise OrderActionError(str(exc)) from exc
        draft.recorded_as = number
        closed = self.till.get_ticket(number)
        assert closed is not None
        self._notify([local_id])
        return closed

    def _invoice_in_training(self, order: Order, draft: TicketDraft, seller: Seller, at: datetime) -> ClosedTicket:
        """Mode formation: a training ticket and a line in the order's history; the order is neither paid nor
        invoiced and nothing is queued for HubRise, so a training sale never reaches it as a real payment."""
        assert order.local_id is not None and seller.id is not None
        with store_errors(self.db), transaction(self.db):
            closed = self.journal.append_training(draft, seller.id, seller.name, at)
            self.orders.add_history(order.local_id, order.status.value, seller.name,
                                     f"FORMATION : ticket de formation n° {closed.number}, aucun paiement envoyé",
                                     None, at)
        draft.recorded_as = closed.number
        self._notify([order.local_id])  # its history has a new line (screens refresh the row)
        return closed

    def _complete(self, order: Order, number: int, paid: Money, by: str, at: datetime) -> None:
        """Inside the caller's transaction: order paid by ticket `number`, history, HubRise rows, new status."""
        local_id = order.local_id
        assert local_id is not None
        self.orders.mark_invoiced(local_id, number, paid.cents)
        send = self.actions.reaches_hubrise(order)
        outbox_id = None
        if send and paid.amount > 0:
            marker = payment_marker(number)
            outbox_id = self.orders.queue(local_id, "payment", payment_patch(paid, PAYMENT_NAME, marker, marker))
        self.orders.add_history(local_id, order.status.value, by,
                                f"facturée : ticket n° {number} ({paid.format_fr()} encaissés en caisse)",
                                outbox_id, at)
        after = self.preferences.after_invoice_status
        if after is not None and after is not order.status:
            self.orders.change_status(local_id, after.value, by, "après facturation",
                                      [("status", status_patch(after))] if send else [], at)

    def _notify(self, local_ids: list[int]) -> None:
        self.web_orders.publish(ChangeKind.INVOICED, local_ids)
        self.wake_outbox()

    # --- start-up ----------------------------------------------------------------------------------------
    def reconcile(self) -> list[int]:
        """Complete the orders of sales whose order update was lost (older versions); returns the tickets."""
        done, completed = [], []
        try:
            with store_errors(self.db):
                unlinked = self.journal.unlinked_invoices()
            for number, local_id in unlinked:
                ticket = self.till.get_ticket(number)
                order = self.web_orders.get_order(local_id)
                if ticket is None:
                    continue
                taken = [p.amount for p in ticket.payments if p.taken_at_till]
                paid = sum(taken, Money.zero(ticket.total.currency)) - ticket.change_due
                with store_errors(self.db), transaction(self.db):
                    self._complete(order, number, paid, ticket.seller_name, self.clock())
                log.warning("facture n° %s : commande %s complétée au démarrage", number, local_id)
                done.append(number)
                completed.append(local_id)
        except (StoreError, KeyError, ValueError):
            log.exception("rapprochement des factures au démarrage")
        if done:
            self._notify(completed)
        return done
