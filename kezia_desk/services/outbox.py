"""The outbox dispatcher: sends queued changes to HubRise, at once and then with backoff, in order per order.

It never dies: a network error, a 5xx or a 429 reschedules the row; a 4xx other than 401 marks it failed with
HubRise's reason (shown in the order's history, resent from Paramètres Web > E/S); a 401 pauses everything until
a manager reconnects. Each outcome is published naming the row's order (`on_change`, an `OrderChanges` of kind
SENT or SEND_FAILED), so only that order's Fiche commande and list row are read again.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from ..domain.order import TILL_DUE_REF
from ..hubrise.errors import HubRiseError, RateLimitedError, TokenInvalidError
from ..store.database import StoreError
from ..store.outbox import OutboxStore
from .listeners import ChangeKind, OrderChanges

if TYPE_CHECKING:
    from ..hubrise.client import HubRiseClient
    from ..store.orders import OrderStore


log = logging.getLogger(__name__)
Handler = Callable[["HubRiseClient", dict[str, Any]], Awaitable[None]]
UNEXPECTED_TRIES = 8  # a row whose handler keeps failing for a reason that is not HubRise's is set aside after this


class WaitForOrder(Exception):
    """The row cannot go yet (e.g. its order is not in HubRise yet); try again later without counting a failure."""


class OutboxDispatcher:
    def __init__(self, outbox: OutboxStore, client_provider: Callable[[], HubRiseClient | None], *,
                 backoff_base: float = 2.0, backoff_max: float = 300.0,
                 on_change: Callable[[OrderChanges], None] | None = None,
                 on_success: Callable[[], None] | None = None,
                 on_error: Callable[[HubRiseError], None] | None = None, clock: Callable[[], float] = time.time):
        self.outbox, self.client_provider = outbox, client_provider
        self.backoff_base, self.backoff_max = backoff_base, backoff_max
        self.on_change, self.on_success, self.on_error = on_change, on_success, on_error
        self.clock = clock
        self._handlers: dict[str, Handler] = {}
        self._wake = asyncio.Event()
        self.paused = False

    def register_handler(self, kind: str, handler: Handler) -> None:
        self._handlers[kind] = handler

    def wake(self) -> None:
        self._wake.set()

    def resume(self) -> None:
        self.paused = False
        self.wake()

    async def run(self) -> None:
        while True:
            try:
                await self.send_due()
            except asyncio.CancelledError:
                raise
            except Exception:  # the dispatcher never dies
                log.exception("file d'envoi")
            await self._sleep_until_next()

    async def _sleep_until_next(self) -> None:
        next_at = None if self.paused else self.outbox.next_attempt_at()
        timeout = 30.0 if next_at is None else max(0.05, min(30.0, next_at - self.clock()))
        self._wake.clear()
        try:
            await asyncio.wait_for(self._wake.wait(), timeout)
        except TimeoutError:
            pass

    async def send_due(self) -> int:
        """Send every row that is due; return how many were sent."""
        client = self.client_provider()
        if client is None or self.paused:
            return 0
        sent = 0
        try:
            rows = self.outbox.due(self.clock())
        except StoreError:
            log.exception("lecture de la file d'envoi")
            return 0
        for row in rows:
            handler = self._handlers.get(row["kind"])
            if handler is None:
                self.outbox.mark_failed(row["id"], f"type d'envoi inconnu : {row['kind']}")
                continue
            try:
                await handler(client, row)
            except WaitForOrder as wait:
                self.outbox.mark_retry(row["id"], str(wait), self.clock() + self.backoff_base)
                continue
            except TokenInvalidError as error:
                self.paused = True
                self.outbox.mark_retry(row["id"], error.message_fr, self.clock())
                self._report(error)
                return sent
            except HubRiseError as error:
                if error.transient:
                    delay = (error.retry_after if isinstance(error, RateLimitedError)
                             else min(self.backoff_max, self.backoff_base * 2 ** row["attempts"]))
                    self.outbox.mark_retry(row["id"], error.message_fr, self.clock() + delay)
                else:
                    self.outbox.mark_failed(row["id"], error.message_fr)
                self._report(error)
                self._changed(row, ChangeKind.SEND_FAILED)
                if error.transient:
                    return sent  # HubRise is struggling: leave the rest for the next wake-up
                continue
            except Exception:  # a bug or a store error on one row must never spin the dispatcher
                log.exception("envoi %s de la commande %s", row["kind"], row["local_id"])
                self._unexpected(row)
                continue
            self.outbox.mark_sent(row["id"])
            sent += 1
            if self.on_success:
                self.on_success()
            self._changed(row, ChangeKind.LINKED if row["kind"] == "create" else ChangeKind.SENT)
        return sent

    def _unexpected(self, row: dict[str, Any]) -> None:
        """Back off like a transient HubRise error; after UNEXPECTED_TRIES, keep the row aside as failed (shown in
        the status bar and Diagnostic, resent from Paramètres Web > E/S) instead of retrying forever."""
        try:
            if row["attempts"] + 1 >= UNEXPECTED_TRIES:
                self.outbox.mark_failed(row["id"], "erreur inattendue de la caisse (voir le journal technique)")
            else:
                self.outbox.mark_retry(row["id"], "erreur inattendue de la caisse, nouvel essai plus tard",
                                       self.clock() + min(self.backoff_max, self.backoff_base * 2 ** row["attempts"]))
        except StoreError:
            log.exception("file d'envoi : l'erreur n'a pas pu être notée")
        self._changed(row, ChangeKind.SEND_FAILED)

    def _report(self, error: HubRiseError) -> None:
        if self.on_error:
            self.on_error(error)

    def _changed(self, row: dict[str, Any], kind: ChangeKind) -> None:
        """Name the row's order: where HubRise stands on it moved (its history's « envoyé », its sync state)."""
        if self.on_change and row.get("local_id") is not None:
            self.on_change(OrderChanges.of(kind, [row["local_id"]]))


def patch_handler(store: OrderStore) -> Handler:
    """Status and payment rows: PATCH the order in HubRise (once it has a HubRise id), without the client's
    retries (the dispatcher reschedules).

    HubRise ADDS the payments a PATCH carries, so a payment row is never sent blindly: the order is read back
    first and only the payments whose marker (private_ref, else ref, e.g. « ticket-12 ») HubRise does not hold yet
    are sent. An answer lost on the way, or a till killed between the PATCH and `mark_sent`, never pays twice.
    The till's own « à encaisser » line (ref KEZIA-DUE, on the orders it sent unpaid) is deleted in the same PATCH
    as the payment that collects it, so HubRise's payments add up to the total."""
    async def send(client: HubRiseClient, row: dict[str, Any]) -> None:
        order = store.get_columns(row["local_id"])  # its HubRise id: the JSON is not needed
        if order is None:
            raise WaitForOrder("commande introuvable")
        if not order["hubrise_id"]:
            raise WaitForOrder("la commande n'est pas encore dans HubRise")
        payload = row["payload"]
        if payload.get("payments"):
            current = await client.get_order(order["hubrise_id"], retry=False)
            held = payment_markers(current.get("payments") if isinstance(current, dict) else None)
            missing = [p for p in payload["payments"] if payment_marker(p) not in held]
            if missing:
                missing += due_lines_to_delete(current.get("payments") if isinstance(current, dict) else None)
            if not missing and set(payload) == {"payments"}:
                return  # already at HubRise: the earlier answer was lost
            payload = {**payload, "payments": missing} if missing else {
                k: v for k, v in payload.items() if k != "payments"}
        await client.update_order(order["hubrise_id"], payload, retry=False)
    return send


def due_lines_to_delete(payments: Any) -> list[dict[str, Any]]:
    """HubRise's delete operation for each live « à encaisser » line the till put on its own order."""
    if not isinstance(payments, list):
        return []
    return [{"id": payment["id"], "deleted": True} for payment in payments
            if isinstance(payment, dict) and payment.get("ref") == TILL_DUE_REF and payment.get("deleted") is not True
            and isinstance(payment.get("id"), str)]


def payment_marker(payment: dict[str, Any]) -> str | None:
    """What identifies one of the till's payments at HubRise: its private_ref, else its ref (« ticket-12 »)."""
    return payment.get("private_ref") or payment.get("ref")


def payment_markers(payments: Any) -> set[str]:
    """The markers of the live payments an order holds at HubRise (its refs and the till's private refs)."""
    found: set[str] = set()
    for payment in payments if isinstance(payments, list) else []:
        if isinstance(payment, dict) and payment.get("deleted") is not True:
            found |= {v for v in (payment.get("private_ref"), payment.get("ref")) if isinstance(v, str)}
    return found
