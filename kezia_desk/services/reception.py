"""Order reception: the passive-callback poller (hubrise-api.md §3.5).

Each tick lists the pending events, fetches each event with its state, commits the order and the event id in one
transaction, and only then acknowledges the event. A crash between commit and acknowledgement replays the event,
which is recognised and acknowledged without a second row. The poller never dies.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.bounds import within_bounds
from ..domain.order import Order, OrderStatus
from ..domain.text import has_lone_surrogate, readable_json
from ..hubrise.errors import (
    BadResponseError,
    HubRiseError,
    NotFoundError,
    RateLimitedError,
    TokenInvalidError,
    UnreadableOrderError,
)
from ..hubrise.mapping import order_from_hubrise
from ..store.database import DATABASE_FILENAME, describe_sqlite_error, is_storage_trouble
from ..store.orders import OrderStore
from ..store.outbox import OutboxStore
from .catch_up import CatchUp
from .event_pipeline import EventPipeline
from .link_status import LinkStatus
from .listeners import ChangeKind, nothing
from .web_orders import WebOrdersService

if TYPE_CHECKING:
    from ..hubrise.client import HubRiseClient
    from .settings import SettingsService


log = logging.getLogger(__name__)
DEFAULT_INTERVAL = 30.0
POLL_RANGE = (30, 300)  # seconds: HubRise recommends ~30 s for passive callbacks; faster only burns the rate limit
AUTO_RECEIVED_SETTING = "web.auto_received"
POLL_INTERVAL_SETTING = "web.poll_interval"
RECEIVER_NAME = "Kezia Desk"
UNREADABLE_TRIES = 3  # polls in a row an event's body may be unreadable before it is kept aside
ANNOUNCE_EVERY = 1.0  # seconds: a long poll (a paced rush) announces its new orders in batches at most this often


def utc_text(value: Any) -> str | None:
    """Event times in UTC, so that comparing two of them as text orders them in time."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment.astimezone(UTC).isoformat() if moment.tzinfo else None


def usable_event_id(summary: Any) -> str | None:
    """A listed event's id, if the till can name it in a request and a row: an id that is no text, or holds a
    lone surrogate (no URL or UTF-8 column can carry it), is passed over and never stops the events behind it."""
    event_id = summary.get("id") if isinstance(summary, dict) else None
    if not isinstance(event_id, str) or has_lone_surrogate(event_id):
        return None
    return event_id


class OrderPoller:
    def __init__(self, web_orders: WebOrdersService, orders: OrderStore, outbox: OutboxStore,
                 link_status: LinkStatus, client_provider: Callable[[], HubRiseClient | None],
                 settings: SettingsService, *,
                 interval: float | None = None, catch_up: CatchUp | None = None,
                 wake_outbox: Callable[[], None] = nothing) -> None:
        self.web_orders, self.orders, self.outbox, self.link_status = web_orders, orders, outbox, link_status
        self.client_provider, self.settings = client_provider, settings
        self.catch_up, self.wake_outbox = catch_up, wake_outbox
        self.fixed_interval = interval
        self._wake = asyncio.Event()
        self.paused = False
        self.callback_registered = False
        self.polls = 0
        self._unreadable: dict[str, int] = {}  # event id → transient failures reading it, in a row
        self._written: dict[int, ChangeKind] = {}  # orders stored since the last change event: RECEIVED or UPDATED
        self._announced = 0  # new orders of the current poll already announced
        self._last_announce = float("-inf")

    @property
    def interval(self) -> float:
        if self.fixed_interval is not None:
            return self.fixed_interval
        return float(within_bounds(self.settings.get(POLL_INTERVAL_SETTING), int(DEFAULT_INTERVAL), POLL_RANGE))

    def wake(self) -> None:
        self._wake.set()

    def resume(self) -> None:
        """After a manager reconnected: poll again at once, and catch up on the orders placed meanwhile."""
        self.paused = False
        self.callback_registered = False
        if self.catch_up is not None:
            self.catch_up.request()
        self.wake()

    async def run(self) -> None:
        while True:
            # Cleared before polling, never after: a wake (« Vérifier maintenant », a reconnection) that comes
            # while this poll runs must trigger the next one at once.
            self._wake.clear()
            wait = self.interval
            if not self.paused:
                try:
                    wait = await self.poll_once() or self.interval
                except asyncio.CancelledError:
                    raise
                except Exception:  # the poller never dies
                    log.exception("relève des commandes")
                    self._log("erreur", "erreur inattendue (voir le journal technique)", 0, 0)
            try:
                await asyncio.wait_for(self._wake.wait(), None if self.paused else wait)
            except TimeoutError:
                pass

    async def poll_once(self) -> float | None:
        """One tick; returns a shorter or longer wait when HubRise asked for one."""
        client = self.client_provider()
        if client is None:
            return None
        started = time.monotonic()
        started_at = datetime.now(UTC)
        self.polls += 1
        self._announced, self._last_announce = 0, float("-inf")
        self.link_status.set("polling", "HubRise : vérification…", self.link_status.current.level
                             if self.link_status.current.level != "idle" else "ok")
        try:
            if not self.callback_registered:
                await client.create_callback(None, {"order": ["create", "update"]})
                self.callback_registered = True
            events = await client.list_callback_events()
            if self.catch_up is not None:
                self.catch_up.note_contact(started_at)
            new_orders, count, failure = await self._process(client, events)
            # Orders committed before a failure are announced now: their events will only be acknowledged later.
            self._announce(new_orders, final=True)
            self._publish_written()
            if failure is not None:
                raise failure
        except TokenInvalidError as error:
            self.paused = True
            self.link_status.set("revoked", error.message_fr, "error")
            self._log("jeton refusé", error.message_fr, 0, started)
            return None
        except RateLimitedError as error:
            self.link_status.set("error", error.message_fr, "warning")
            self._log("limite de requêtes", error.message_fr, 0, started)
            return max(error.retry_after, 1.0)
        except HubRiseError as error:
            self.link_status.set("offline", error.message_fr, "warning")
            self._log("échec", error.message_fr, 0, started)
            return None
        except Exception as error:  # disk full, read-only or locked database: retried later
            if not is_storage_trouble(error):
                raise
            message = getattr(error, "message_fr", None) or describe_sqlite_error(error, Path(DATABASE_FILENAME))
            self.link_status.set("error", message, "error")
            self._log("base de données", message, 0, started)
            return None
        if self.catch_up is not None and not self.catch_up.pending:
            self.catch_up.record_success(started_at)
        self.link_status.set("ok", "HubRise : connecté", "ok")
        self._log("ok", f"{count} événement(s)", count, started)
        return None

    async def _process(self, client: HubRiseClient, events: list[dict]) -> tuple[list[Order], int, Exception | None]:
        new_orders: list[Order] = []
        handled = 0
        try:
            handled = await self._process_events(client, events, new_orders)
        except Exception as error:  # orders committed before the failure are still announced
            if not (isinstance(error, HubRiseError) or is_storage_trouble(error)):
                raise
            return new_orders, len(new_orders), error
        return new_orders, handled, None

    async def _process_events(self, client: HubRiseClient, events: list[dict], new_orders: list[Order]) -> int:
        pipeline = EventPipeline(client, self._to_fetch(events))
        try:
            handled = await self._store_events(pipeline, events, new_orders)
        finally:
            failed_acknowledgement = await pipeline.drain()
        if failed_acknowledgement is not None:
            raise failed_acknowledgement
        if self.catch_up is not None:
            for kind, order in await self.catch_up.run(client, self.ingest_event):
                handled += 1
                if kind == "new":
                    new_orders.append(order)
        if new_orders:
            self.wake_outbox()
        return handled

    def _to_fetch(self, events: list[dict]) -> list[str]:
        """The listed events whose state is needed: order events not stored yet, in HubRise's order."""
        return [event_id for summary in events if (event_id := usable_event_id(summary)) is not None
                and summary.get("resource_type") == "order" and not self.orders.event_processed(event_id)]

    async def _store_events(self, pipeline: EventPipeline, events: list[dict], new_orders: list[Order]) -> int:
        handled = 0
        store = self.orders
        for summary in events:
            event_id = usable_event_id(summary)
            if event_id is None:
                continue
            if store.event_processed(event_id):
                pipeline.acknowledge(event_id)  # committed before a crash: just acknowledge
                continue
            if summary.get("resource_type") != "order":
                store.record_processed(event_id, None)
                pipeline.acknowledge(event_id)
                continue
            try:
                event = await pipeline.fetch(event_id)
            except NotFoundError:
                continue  # already gone (acknowledged elsewhere)
            except HubRiseError as error:
                if isinstance(error, TokenInvalidError) or (error.transient and not isinstance(
                        error, BadResponseError)):
                    raise  # HubRise unreachable or struggling: every event waits for the next poll
                if error.transient and self._unreadable.get(event_id, 0) < UNREADABLE_TRIES:
                    self._unreadable[event_id] = self._unreadable.get(event_id, 0) + 1
                    raise
                # HubRise keeps refusing or garbling this one event: set it aside, never let it block the rest.
                event = {"id": event_id, "summary": summary}
                store.keep_aside(event_id, event, f"Événement illisible chez HubRise : {error.message_fr}")
                pipeline.acknowledge(event_id)
                continue
            self._unreadable.pop(event_id, None)
            await asyncio.sleep(0)  # an event fetched ahead is already here: let the loop run between two stores
            outcome = self.ingest_event(event_id, event)
            handled += 1
            if outcome is not None:
                kind, order = outcome
                if kind == "new":
                    new_orders.append(order)
                    self._announce(new_orders, final=False)
                elif kind == "cancelled":
                    self.web_orders.cancelled.notify(order)
            pipeline.acknowledge(event_id)
        return handled

    def _announce(self, new_orders: list[Order], *, final: bool) -> None:
        """Alert the cashier of the orders committed since the last announcement: the first of a poll at once, the
        next ones together at most every ANNOUNCE_EVERY seconds, the rest when the poll ends. A paced rush of 300
        orders lasts a minute; the first must not wait for the last. Called once the order is committed; its
        event is acknowledged afterwards, so a crash still replays (never loses) an announced order. The lists
        are told once, when the poll ends: reloading them at each batch made a burst's loop blocks longer."""
        fresh = new_orders[self._announced:]
        now = time.monotonic()
        if not fresh or (not final and now - self._last_announce < ANNOUNCE_EVERY):
            return
        self._announced, self._last_announce = len(new_orders), now
        self.web_orders.new_orders.notify(fresh)

    def _publish_written(self) -> None:
        """One change event for the new orders and one for the updated ones, naming them (the lists are told once
        a poll, see `_announce`)."""
        written, self._written = self._written, {}
        for kind in (ChangeKind.RECEIVED, ChangeKind.UPDATED):
            self.web_orders.publish(kind, [local_id for local_id, why in written.items() if why is kind])

    def ingest_event(self, event_id: str, event: Any) -> tuple[str, Order] | None:
        """Store the order, or keep the event aside with a French reason when its content breaks something.
        A database that refuses to write (disk full, read-only, locked) is not the event's fault: that error
        propagates, the event stays unacknowledged and comes back once the cause is gone."""
        try:
            # A lone surrogate anywhere (ids, refs, codes, names, notes, keys) is replaced by « � » before anything
            # is stored: no UTF-8 column could hold it, and the order is flagged by the mapping.
            event, _ = readable_json(event)
            return self._ingest(event_id, event)
        except Exception as error:  # one malformed order never stops the next
            if is_storage_trouble(error):
                raise
            log.warning("événement %s mis de côté : %s", event_id, type(error).__name__)
            self.orders.keep_aside(event_id, event, "Commande impossible à enregistrer "
                                             f"({type(error).__name__}) : mise de côté avec son contenu brut.")
            return None

    def _ingest(self, event_id: str, event: Any) -> tuple[str, Order] | None:
        store = self.orders
        state = event.get("new_state") if isinstance(event, dict) else None
        try:
            order_from_hubrise(state)  # validates the payload before anything is stored
        except UnreadableOrderError as error:
            store.keep_aside(event_id, event, error.message_fr + (f" Détail : {error.detail}." if error.detail else ""))
            return None
        assert isinstance(state, dict)  # order_from_hubrise accepted it
        hubrise_id = state["id"]
        known = store.find_by_hubrise_id(hubrise_id)
        if known is not None and event.get("event_type") == "create":
            # The order is already here (a catch-up listed it before its event came): a creation event only
            # describes the order as it was created, and applying it would undo what the till did since.
            store.record_processed(event_id, hubrise_id)
            return None
        pending_local = known is not None and self.outbox.has_pending(known["local_id"], "status")
        # An update that leaves HubRise's status as it was (a delivery attached or moving: orders page § 11) never
        # changes the till's: its state may predate a status the till has sent since.
        previous = event.get("previous_state")
        status_untouched = isinstance(previous, dict) and previous.get("status") == state.get("status")
        auto_received = bool(self.settings.get(AUTO_RECEIVED_SETTING, True))
        status = OrderStatus.parse(state.get("status"))
        lists = self.web_orders.lists
        lists.take_summarized(-1)  # forget any earlier one: only this ingest's row may stand for the order
        result = store.ingest(event_id, state, utc_text(event.get("created_at")),
                              status=status.value if status else None,
                              receive_status=OrderStatus.RECEIVED.value if auto_received else None,
                              keep_local_status=pending_local or status_untouched, by=RECEIVER_NAME)
        if result.applied:
            self._written.setdefault(result.local_id, ChangeKind.RECEIVED if result.created else ChangeKind.UPDATED)
        if result.created:
            kind = "new"
        elif result.applied and result.status == OrderStatus.CANCELLED.value and result.previous_status != "cancelled":
            kind = "cancelled"
        else:
            return None
        return kind, lists.take_summarized(result.local_id) or self.web_orders.get_order(result.local_id)

    def _log(self, outcome: str, detail: str, events: int, started: float) -> None:
        duration = int((time.monotonic() - started) * 1000) if started else 0
        try:
            self.orders.log_poll(outcome, detail, events, duration)
        except Exception:  # diagnostics never stop reception
            log.exception("journal des relèves")
