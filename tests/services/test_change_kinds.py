"""Each use case publishes the orders it wrote and the kind of change it knows (issue 16), on the services exactly as
the till wires them (build_services); HubRise is a small fake here, the loopback tests are in tests/ui and e2e."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from kd_fixtures.shop import build_shop, item, place

from kezia_desk.domain.ticket import PaymentMethod
from kezia_desk.hubrise.errors import HubRiseError
from kezia_desk.services.listeners import ChangeKind, OrderChanges
from kezia_desk.services.preferences import SEND_WEB_CLIENT
from kezia_desk.services.till_orders import TillOrderLine


class FakeHubRise:
    """Lists the events it is given, serves them, takes acknowledgements and PATCHes (refusing them if told)."""

    def __init__(self, events: list[dict] | None = None, refuse: bool = False) -> None:
        self.events, self.refuse = events or [], refuse
        self.patched: list[str] = []

    async def create_callback(self, url, events):  # the client's signature
        return {}

    async def list_callback_events(self):
        return [{"id": event["id"], "resource_type": "order"} for event in self.events]

    async def get_callback_event(self, event_id):
        return next(event for event in self.events if event["id"] == event_id)

    async def acknowledge_event(self, event_id):
        self.events = [event for event in self.events if event["id"] != event_id]

    async def update_order(self, order_id, payload, retry=True):
        if self.refuse:
            raise HubRiseError("HubRise a refusé la demande (erreur 422).")
        self.patched.append(order_id)
        return {}


@pytest.fixture
def shop(tmp_path):
    shop = build_shop(tmp_path)
    shop.events = []
    shop.web_orders.changed.add(shop.events.append)
    yield shop
    shop.db.conn.close()


def kinds(events: list[OrderChanges]) -> list[tuple[ChangeKind, set[int]]]:
    return [(event.kind, set(event.local_ids)) for event in events]


def state(order_id: str, **fields) -> dict:
    return {"id": order_id, "status": "new", "service_type": "collection",
            "items": [item("Baguette", "BAG", "1.10")], **fields}


async def test_a_poll_names_the_new_orders_and_the_updated_ones_apart(shop):
    known = place(shop, [item("Baguette", "BAG", "1.10")])
    known_id = shop.store.get_columns(known)["hubrise_id"]
    hubrise = FakeHubRise([
        {"id": "e1", "event_type": "create", "new_state": state("new-1")},
        {"id": "e2", "event_type": "update", "new_state": state(known_id, customer_notes="Sonnez"),
         "previous_state": {"status": "received"}},
    ])
    shop.backend.poller.client_provider = lambda: hubrise
    await shop.backend.poller.poll_once()
    new = shop.store.find_by_hubrise_id("new-1")["local_id"]
    assert kinds(shop.events) == [(ChangeKind.RECEIVED, {new}), (ChangeKind.UPDATED, {known})]
    assert hubrise.events == []


async def test_the_dispatcher_names_the_order_of_each_send(shop):
    sent, refused = (place(shop, [item("Baguette", "BAG", "1.10")]) for _ in range(2))
    dispatcher = shop.backend.dispatcher
    dispatcher.client_provider = lambda: FakeHubRise()
    await dispatcher.send_due()  # the two « reçue » acknowledgements
    assert kinds(shop.events) == [(ChangeKind.SENT, {sent}), (ChangeKind.SENT, {refused})]
    shop.actions.accept(sent, shop.seller)
    dispatcher.client_provider = lambda: FakeHubRise()
    await dispatcher.send_due()
    shop.actions.accept(refused, shop.seller)
    dispatcher.client_provider = lambda: FakeHubRise(refuse=True)
    await dispatcher.send_due()
    assert kinds(shop.events)[2:] == [(ChangeKind.STATUS, {sent}), (ChangeKind.SENT, {sent}),
                                      (ChangeKind.STATUS, {refused}), (ChangeKind.SEND_FAILED, {refused})]
    assert ChangeKind.SENT.sync_only and not ChangeKind.STATUS.sync_only


def test_mapping_an_article_and_invoicing_say_what_they_did(shop):
    local_id = place(shop, [item("Pizza du chef", "X-1", "12.00")])
    shop.actions.map_item(local_id, 0, shop.catalog.list_articles()[0].idart)
    draft = shop.invoicing.prepare(local_id)
    draft.add_payment(PaymentMethod.CARD, None)
    shop.invoicing.invoice(local_id, draft, shop.seller)
    assert kinds(shop.events) == [(ChangeKind.MAPPED, {local_id}), (ChangeKind.INVOICED, {local_id})]


def test_a_till_order_created_then_queued_says_so(shop):
    """« Aucun » keeps the order local (CREATED); « Client web » then E/S « Renvoyer » queues it (SEND_QUEUED)."""
    till_orders = shop.services.till_orders
    draft = till_orders.new_draft()
    draft.lines.append(TillOrderLine(shop.catalog.list_articles(include_inactive=False)[0]))
    draft.expected_time = datetime(2030, 1, 5, 19, 30, tzinfo=UTC)
    local_id = till_orders.create(draft, shop.seller).local_id
    shop.services.preferences.set_send_mode(SEND_WEB_CLIENT)
    assert till_orders.queue_unsent() == 1
    assert kinds(shop.events) == [(ChangeKind.CREATED, {local_id}), (ChangeKind.SEND_QUEUED, {local_id})]
