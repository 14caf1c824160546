"""Printing's use cases: the customer's receipt, the kitchen ticket, reprints, the test page, closures, settings.

Each use case lays out a document (pure domain functions) and queues it (store/print_jobs.py); the print worker
(services/print_queue.py) sends it. Nothing here waits on a printer, so a tap never waits on paper.

What it needs from features built elsewhere comes through the constructor as plain callables, so it plugs into
them without importing them: the fiscal block of a ticket (the signed journal's), the duplicate counter (each
duplicate a signed record of the journal, numbered per ticket), the order of an invoiced ticket.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from ..domain.closure import ClosureFigures
from ..domain.closure_printout import ClosurePrintout, closure_printout, render_closure
from ..domain.fiscal import FiscalBlock
from ..domain.kitchen_ticket import render_kitchen_ticket
from ..domain.order import Order, OrderStatus
from ..domain.print_document import PrintDocument, printer_test_page
from ..domain.printer_settings import KitchenMode, PrinterKind, PrintSettings, ReceiptMode
from ..domain.receipt import ReceiptModel, ShopHeader, drawer_only, render_receipt
from ..domain.ticket import ClosedTicket, PaymentMethod
from ..printers.escpos_output import columns_of
from ..store.print_jobs import PrintJobStore
from .print_queue import PrintQueue

log = logging.getLogger(__name__)
PRINT_SETTING = "printing"
SHOP_HEADER_SETTING = "shop_header"
RECEIPT, KITCHEN = "receipt", "kitchen"
KITCHEN_SINCE_SETTING = "kitchen_printing_since"  # when the kitchen started printing (or changed when), UTC
KITCHEN_CATCH_UP = timedelta(hours=12)  # the start-up catch-up looks no further back
ARRIVAL_STATUSES = (OrderStatus.NEW.value, OrderStatus.RECEIVED.value, OrderStatus.ACCEPTED.value)
ACCEPTED_STATUSES = (OrderStatus.ACCEPTED.value,)


class PrintingError(ValueError):
    """A print the till refuses (no printer chosen…); the message is French."""


def source_of(ticket: ClosedTicket) -> str:
    """What a ticket's print jobs are filed under; training tickets are numbered apart, so named apart."""
    return f"{'formation' if ticket.training else 'ticket'}:{ticket.number}"


def read_print_settings(settings_store: Any) -> PrintSettings:
    """The printing settings as saved (defaults: no printer, receipt on request, kitchen on acceptance)."""
    return PrintSettings.from_json(settings_store.get(PRINT_SETTING))


def _no_fiscal(_ticket: ClosedTicket, _reprint: int) -> FiscalBlock | None:
    return None


def _kitchen_prints(settings: PrintSettings) -> bool:
    return settings.kitchen_printer.kind is not PrinterKind.NONE and settings.kitchen_mode is not KitchenMode.NEVER


def _moment(stamp: object) -> datetime | None:
    """An ISO time stamp as an aware datetime (one without a zone is UTC); None if absent or unreadable."""
    if not isinstance(stamp, str):
        return None
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class PrintService:
    def __init__(self, jobs: PrintJobStore, settings: Any, queue: PrintQueue, *,
                 get_order: Callable[[int], Order] | None = None,
                 order_of_ticket: Callable[[ClosedTicket], Order | None] = lambda _t: None,
                 fiscal_block: Callable[[ClosedTicket, int], FiscalBlock | None] = _no_fiscal,
                 record_reprint: Callable[[ClosedTicket, str], int] | None = None,
                 invoice_ticket_of: Callable[[int], int | None] = lambda _id: None,
                 get_ticket: Callable[[int], ClosedTicket | None] = lambda _n: None,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.jobs, self.settings_store, self.queue = jobs, settings, queue
        self.get_order, self.order_of_ticket = get_order, order_of_ticket
        self.fiscal_block = fiscal_block
        self.record_reprint = record_reprint or self._count_duplicata
        self.invoice_ticket_of, self.get_ticket = invoice_ticket_of, get_ticket
        self._now = clock

    # --- settings --------------------------------------------------------------------------------------------
    def settings(self) -> PrintSettings:
        return read_print_settings(self.settings_store)

    def save_settings(self, settings: PrintSettings) -> None:
        """Checked first (a French error names what is missing); waiting jobs then try the new printers at once.
        When the kitchen starts printing (or changes when), the moment is kept: the start-up catch-up never
        prints an order from before it."""
        for config in (settings.receipt_printer, settings.kitchen_printer):
            if config.kind is not PrinterKind.NONE:
                config.validated()
        before = self.settings()
        if _kitchen_prints(settings) and (not _kitchen_prints(before) or before.kitchen_mode != settings.kitchen_mode):
            self.settings_store.set(KITCHEN_SINCE_SETTING, self._now().isoformat())
        self.settings_store.set(PRINT_SETTING, settings.to_json())
        self.jobs.retry_all_now()
        self.queue.wake()

    def shop_header(self) -> ShopHeader:
        data = self.settings_store.get(SHOP_HEADER_SETTING) or {}
        if not isinstance(data, dict):
            return ShopHeader()
        return ShopHeader(**{k: str(v) for k, v in data.items() if k in ShopHeader.__dataclass_fields__})

    def save_shop_header(self, header: ShopHeader) -> None:
        self.settings_store.set(SHOP_HEADER_SETTING, {"name": header.name.strip(), "address": header.address.strip(),
                                                      "siret": header.siret.strip(),
                                                      "vat_number": header.vat_number.strip()})

    def columns(self, target: str) -> int:
        return columns_of(self.settings().printer(target))

    def has_printer(self, target: str) -> bool:
        return self.settings().printer(target).kind is not PrinterKind.NONE

    # --- receipts --------------------------------------------------------------------------------------------
    def sale_recorded(self, ticket: ClosedTicket) -> bool:
        """After a sale: the drawer opens for cash, the receipt prints if always; True when the customer must be
        asked (décret n° 2023-237: a receipt only on request)."""
        settings = self.settings()
        if not self.has_printer(RECEIPT) or ticket.cancelled:
            return False
        cash = any(p.method is PaymentMethod.CASH for p in ticket.payments) and settings.drawer_kick
        if settings.receipt_mode is ReceiptMode.ALWAYS:
            self._queue_receipt(ticket, open_drawer=cash)
            return False
        if cash:
            self._queue(RECEIPT, "drawer", drawer_only(self.columns(RECEIPT)), source_of(ticket))
        return settings.receipt_mode is ReceiptMode.ASK

    def print_receipt(self, ticket: ClosedTicket) -> int | None:
        """The customer said yes (or a manager asks): the receipt, without opening the drawer again. Printed once:
        a second tap on « Oui » queues nothing."""
        if self.jobs.has_once_key(f"receipt:{source_of(ticket)}"):
            return None
        return self._queue_receipt(ticket, open_drawer=False)

    def reprint_receipt(self, ticket: ClosedTicket, by: str = "") -> int | None:
        """« DUPLICATA n° N »: recorded first (a signed record of the journal, by whom), then printed; never the
        drawer. None while a duplicate of this ticket still waits for the printer (a second tap records and prints
        no second one)."""
        self._require(RECEIPT)
        if self.jobs.has_waiting(RECEIPT, "duplicata", source_of(ticket)):
            return None
        number = self.record_reprint(ticket, by)
        model = replace(self.receipt_model(ticket, reprint=number), duplicata_number=number)
        job = self._queue(RECEIPT, "duplicata", render_receipt(model, self.columns(RECEIPT)),
                          source_of(ticket), f"duplicata:{source_of(ticket)}:{number}")
        assert job is not None  # a new duplicate number is never queued twice
        return job

    def reprint_order_receipt(self, local_id: int, by: str = "") -> int | None:
        """The Fiche commande's « Réimprimer le ticket »: the duplicate of the ticket that invoiced the order."""
        number = self.invoice_ticket_of(local_id)
        ticket = self.get_ticket(number) if number is not None else None
        if ticket is None:
            raise PrintingError("Cette commande n'a pas de ticket de caisse : elle n'a pas été facturée ici.")
        return self.reprint_receipt(ticket, by)

    def receipt_model(self, ticket: ClosedTicket, reprint: int = 0) -> ReceiptModel:
        order = self.order_of_ticket(ticket) if ticket.web_order_id else None
        return ReceiptModel(self.shop_header(), ticket, fiscal=self.fiscal_block(ticket, reprint),
                            training=ticket.training,
                            collection_code=(order.collection_code or "") if order else "",
                            customer_name=order.customer_name if order and order.customer else "")

    def _queue_receipt(self, ticket: ClosedTicket, *, open_drawer: bool) -> int | None:
        document = render_receipt(self.receipt_model(ticket), self.columns(RECEIPT), open_drawer=open_drawer)
        return self._queue(RECEIPT, "receipt", document, source_of(ticket), f"receipt:{source_of(ticket)}")

    def _count_duplicata(self, ticket: ClosedTicket, _by: str) -> int:
        """Without a journal to record it (tests of printing alone): the next number from the print queue."""
        return sum(1 for job in self.jobs.for_source(source_of(ticket)) if job["kind"] == "duplicata") + 1

    # --- kitchen ---------------------------------------------------------------------------------------------
    def orders_arrived(self, orders: list[Order]) -> list[int]:
        """New web orders: their kitchen tickets, when the kitchen prints on arrival."""
        if self.settings().kitchen_mode is not KitchenMode.ON_ARRIVAL:
            return []
        return [job for order in orders if (job := self.kitchen_ticket(order)) is not None]

    def order_accepted(self, local_id: int) -> int | None:
        """Accepter: the kitchen ticket, when the kitchen prints on acceptance (once, even if it arrived printed)."""
        if (self.settings().kitchen_mode is not KitchenMode.ON_ACCEPTANCE or self.get_order is None
                or not self.has_printer(KITCHEN)):
            return None  # no kitchen printer: the order is not even read (Accepter decodes it once)
        return self.kitchen_ticket(self.get_order(local_id))

    def till_order_created(self, local_id: int) -> int | None:
        """COMMANDES: an order taken at the till is accepted as it is made, so its kitchen ticket prints at once
        (unless the kitchen prints « jamais »)."""
        if self.settings().kitchen_mode is KitchenMode.NEVER or self.get_order is None or not self.has_printer(KITCHEN):
            return None
        return self.kitchen_ticket(self.get_order(local_id))

    def kitchen_ticket(self, order: Order) -> int | None:
        """Queued once per order, whatever asks for it; None if already queued, or nothing to prepare."""
        if not self.has_printer(KITCHEN) or order.local_id is None:
            return None
        if order.status in (OrderStatus.REJECTED, OrderStatus.CANCELLED) or not order.live_items():
            return None
        document = render_kitchen_ticket(order, self.columns(KITCHEN))
        return self._queue(KITCHEN, "kitchen", document, f"order:{order.local_id}", f"kitchen:{order.local_id}")

    def catch_up_kitchen(self) -> list[int]:
        """At start: the kitchen tickets a crash lost. Accepter (and a COMMANDES order) queue their ticket in the
        status's transaction, but a web order printed on arrival is announced after reception committed it, and
        an older version queued after the commit. Orders received (« à l'arrivée ») or accepted (« à
        l'acceptation ») with no kitchen job get theirs, once (the same once key), unmarked: no job existed, so
        no paper came out. Only since the kitchen started printing this way and within KITCHEN_CATCH_UP (an
        upgrade or a till off for the night does not print old orders)."""
        settings = self.settings()
        if not _kitchen_prints(settings) or self.get_order is None:
            return []
        since = _moment(self.settings_store.get(KITCHEN_SINCE_SETTING)) or _moment(self.jobs.first_kitchen_job_at())
        if since is None:
            return []
        since = max(since, self._now() - KITCHEN_CATCH_UP)
        arrival = settings.kitchen_mode is KitchenMode.ON_ARRIVAL
        queued = []
        for row in self.jobs.orders_without_kitchen_job(ARRIVAL_STATUSES if arrival else ACCEPTED_STATUSES):
            moment = _moment(row["received_at"] if arrival else row["accepted_at"])
            if moment is None or moment < since:
                continue
            try:
                job = self.kitchen_ticket(self.get_order(row["local_id"]))
            except Exception:  # one unreadable order must not stop the till from starting
                log.exception("rattrapage du bon de cuisine de la commande %s", row["local_id"])
                continue
            if job is not None:
                log.warning("bon de cuisine rattrapé au démarrage : commande %s", row["local_id"])
                queued.append(job)
        return queued

    def reprint_kitchen(self, local_id: int) -> int | None:
        """« Réimprimer le bon »: asked by someone, so printed again, marked RÉIMPRESSION. None while a reprint of
        this order still waits for the printer (a double tap prints one)."""
        self._require(KITCHEN)
        if self.get_order is None:
            raise PrintingError("Commande introuvable.")
        if self.jobs.has_waiting(KITCHEN, "kitchen_reprint", f"order:{local_id}"):
            return None
        document = render_kitchen_ticket(self.get_order(local_id), self.columns(KITCHEN), reprint=True)
        return self._queue(KITCHEN, "kitchen_reprint", document, f"order:{local_id}")

    def kitchen_printed(self, local_id: int) -> bool:
        return any(job["kind"] == "kitchen" and job["state"] == "done" for job in self.jobs.for_source(
            f"order:{local_id}"))

    # --- others ----------------------------------------------------------------------------------------------
    def print_test(self, target: str) -> int | None:
        """One test page; None while one is still waiting for that printer (a second tap queues nothing)."""
        self._require(target)
        if self.jobs.has_waiting(target, "test"):
            return None
        config = self.settings().printer(target)
        document = printer_test_page(columns_of(config), config.describe())
        return self._queue(target, "test", document, None)

    def print_closure(self, printout: ClosurePrintout) -> int | None:
        """An X or a closure on the receipt printer; None while the same one still waits for the printer (a
        second tap queues nothing)."""
        self._require(RECEIPT)
        source = f"closure:{printout.kind}:{printout.number}"
        if self.jobs.has_waiting(RECEIPT, "closure", source):
            return None
        return self._queue(RECEIPT, "closure", render_closure(printout, self.columns(RECEIPT)), source)

    def print_closure_figures(self, kind: str, number: int | None, figures: ClosureFigures,
                              cash: Sequence[tuple[str, int | None]] = (), footer: str = "") -> int | None:
        """The Clôtures screen's « Imprimer »: a Lecture X (« X ») or a stored closure, with the shop's header."""
        return self.print_closure(closure_printout(kind, number, figures, self.shop_header(), cash=cash,
                                                   footer=footer))

    def _require(self, target: str) -> None:
        if not self.has_printer(target):
            which = "des bons de cuisine" if target == KITCHEN else "des tickets"
            raise PrintingError(f"Aucune imprimante {which} n'est choisie : voir Fichier > Paramètres > Impression.")

    def _queue(self, target: str, kind: str, document: PrintDocument, source: str | None,
               once_key: str | None = None) -> int | None:
        job = self.jobs.enqueue(target, kind, document.to_json(), source, once_key)
        if job is not None:
            self.queue.wake()
        return job
