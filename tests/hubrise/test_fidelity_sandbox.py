"""The sandbox answers as HubRise's pages say, over real loopback HTTP (each test cites its page)."""
import copy

import httpx
import pytest
from example_order import EXAMPLE_ORDER

from kezia_desk.sandbox.state import ACCOUNT_CATALOG_ID, CATALOG_ID, CUSTOMER_LIST_ID

CLIENT_ID, CLIENT_SECRET = "kezia-desk.clients.sandbox", "sandbox-secret"



def customer(shop, **fields):
    answer = shop.post(f"/customer_lists/{CUSTOMER_LIST_ID}/customers", json=fields)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_every_field_of_an_order_creation_is_returned(api):
    """orders.md § 1.2: "All the fields of an order creation request are returned, plus a few more" — including
    `loyalty_operations` (only for customer-linked orders, § 1.1) and `channel`, which "Defaults to the API
    client's name if not provided" (current page)."""
    _, shop = api
    ana = customer(shop, first_name="Ana", private_ref="ana-1")
    sent = {**copy.deepcopy(EXAMPLE_ORDER), "customer_id": ana["id"], "channel": "Site web",
            "loyalty_operations": [{"ref": "LOY", "name": "Carte fidélité", "delta": "-5", "reason": "Points"}]}
    del sent["customer"]
    created = shop.post("/location/orders", json=sent).json()
    assert created["loyalty_operations"] == [{"ref": "LOY", "name": "Carte fidélité", "delta": "-5.0",
                                              "reason": "Points"}]
    assert created["channel"] == "Site web" and created["customer"]["id"] == ana["id"]
    for key in set(sent) - {"customer_id"}:  # the attached customer comes back as `customer` (§ 1.2 example)
        assert key in created, key
    guest = shop.post("/location/orders", json={**EXAMPLE_ORDER, "loyalty_operations": sent["loyalty_operations"]})
    assert guest.status_code == 422 and guest.json()["errors"][0]["field"] == "loyalty_operations"
    plain = shop.post("/location/orders", json=EXAMPLE_ORDER).json()
    assert plain["loyalty_operations"] == [] and plain["channel"] == "Boutique web démo"


def test_customer_list_and_private_ref_attach_the_customer_or_fail(api):
    """orders.md § 2 « Order's Customer »: "By passing customer_list_id and customer_private_ref simultaneously.
    If a customer with this private ref exists in this customer list, it is attached to the order, otherwise an
    error is returned." (The page names no status: the sandbox answers 422 like its customer_id case.)"""
    _, shop = api
    charles = customer(shop, first_name="Charles", private_ref="charles@dummy-mail.org", phone="+33123456789")
    body = {"status": "new", "customer_list_id": CUSTOMER_LIST_ID, "customer_private_ref": "charles@dummy-mail.org",
            "items": [{"product_name": "Regina", "price": "9.00 EUR", "quantity": "1"}]}
    attached = shop.post("/location/orders", json=body).json()
    assert attached["customer"]["id"] == charles["id"] and attached["customer"]["phone"] == "+33123456789"
    unknown = shop.post("/location/orders", json={**body, "customer_private_ref": "nobody"})
    assert unknown.status_code == 422 and unknown.json()["error_type"] == "unprocessable_entity"
    assert unknown.json()["errors"] == [{"field": "customer_private_ref", "message": "customer not found"}]
    alone = shop.post("/location/orders", json={k: v for k, v in body.items() if k != "customer_list_id"})
    assert alone.status_code == 422 and alone.json()["errors"][0]["field"] == "customer_list_id"
    mixed = shop.post("/location/orders", json={**body, "customer": {"first_name": "X"}})
    assert mixed.status_code == 422


@pytest.mark.parametrize("how", ["basic", "form", "json", "query"])
def test_token_endpoint_takes_client_credentials_in_the_body_as_well_as_basic(live_sandbox, how):
    """authentication.md § 3.2: "If you cannot use HTTP Basic, you can pass client_id and client_secret in the
    request body instead, but this is not recommended and only supported for backwards compatibility." HubRise's
    ruby-client sends them in a JSON body (spec/hubrise_client/v1_spec.rb: `body: {client_id:, client_secret:,
    code:}.to_json`)."""
    page = httpx.get(live_sandbox.oauth_url + "/authorize", params={
        "redirect_uri": "urn:ietf:wg:oauth:2.0:oob", "client_id": CLIENT_ID, "scope": "location[orders.write]"})
    code = page.text.split('id="code">')[1].split("<")[0]
    url, credentials = live_sandbox.oauth_url + "/token", {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}
    wrong = {"client_id": CLIENT_ID, "client_secret": "nope"}
    send = {"basic": lambda c: httpx.post(url, data={"code": code}, auth=(c["client_id"], c["client_secret"])),
            "form": lambda c: httpx.post(url, data={"code": code, **c}),
            "json": lambda c: httpx.post(url, json={"code": code, **c}),
            "query": lambda c: httpx.post(url, params=c, data={"code": code})}[how]
    assert send(wrong).status_code == 401  # and the code stays usable
    token = send(credentials)
    assert token.status_code == 200 and token.json()["access_token"]
    assert httpx.post(url, data={"code": code}).status_code == 401  # no credentials at all


def test_reading_a_catalog_answers_options_lists_and_an_account_catalog_is_not_a_location_tokens(api):
    """catalogs.md § 1.1 example: `"data": {..., "options_lists": [...], ...}` when read, while uploads use
    `data.option_lists` (§ 1.3). § 1.2: "For update and delete operations, an account access token is required
    to modify an account level catalog. A 401 (unauthorized request) error code is returned otherwise."""
    till, _ = api
    data = till.get(f"/catalogs/{CATALOG_ID}").json()["data"]
    assert "options_lists" in data and "option_lists" not in data and data["options_lists"][0]["options"]
    uploaded = {"categories": [{"ref": "c", "name": "C"}], "products": [], "deals": [], "discounts": [],
                "charges": [], "option_lists": [{"ref": "o", "name": "O", "options": [
                    {"name": "Olives", "ref": "1", "price": "0.50 EUR"}]}]}
    answer = till.put(f"/catalogs/{CATALOG_ID}", json={"data": uploaded})
    assert answer.status_code == 200 and answer.json()["data"]["options_lists"][0]["ref"] == "o"
    shared = till.get(f"/catalogs/{ACCOUNT_CATALOG_ID}", params={"hide_data": "true"}).json()
    assert shared["account_id"] and "location_id" not in shared and "data" not in shared
    refused = till.put(f"/catalogs/{ACCOUNT_CATALOG_ID}", json={"data": uploaded})
    assert refused.status_code == 401 and refused.json()["error_type"] == "unauthorized"
    assert till.delete(f"/catalogs/{ACCOUNT_CATALOG_ID}").status_code == 401
    assert till.get("/location").status_code == 200  # the token itself is fine


def test_customer_events_reach_connections_that_subscribed_to_them(api):
    """callbacks.md: allowed combinations include `customer.create` and `customer.update`; "A client does not
    receive notifications for the events it generated"; the event example carries `customer_list_id` and
    `customer_id`."""
    till, shop = api
    till.post("/callback", json={"url": None, "events": {"order": ["create", "update"]}})
    shop.post("/callback", json={"url": None, "events": {"customer": ["create", "update"]}})
    created = till.post(f"/customer_lists/{CUSTOMER_LIST_ID}/customers", json={"first_name": "Zoé"}).json()
    till.patch(f"/customer_lists/{CUSTOMER_LIST_ID}/customers/{created['id']}", json={"phone": "+33611223344"})
    events = shop.get("/callback/events").json()
    assert [(e["resource_type"], e["event_type"], e["customer_id"], e["customer_list_id"]) for e in events] == [
        ("customer", "create", created["id"], CUSTOMER_LIST_ID), ("customer", "update", created["id"],
                                                                  CUSTOMER_LIST_ID)]
    update = shop.get(f"/callback/events/{events[1]['id']}").json()
    assert update["previous_state"]["phone"] is None and update["new_state"]["phone"] == "+33611223344"
    assert till.get("/callback/events").json() == []  # not subscribed to customers, and it caused them


@pytest.mark.parametrize("item, field, message", [
    ({"product_name": "X", "price": "8.90 EUR", "quantity": 2.0}, "quantity", "2.0 is not a valid decimal"),
    ({"product_name": "X", "price": "abc", "quantity": "1"}, "price", "'abc' is not a valid monetary amount"),
    ({"product_name": "X", "price": 8.9, "quantity": "1"}, "price", "8.9 is not a valid monetary amount"),
])
def test_numbers_where_hubrise_wants_text_get_hubrises_own_422(api, item, field, message):
    """general-concepts.md: "decimal values are encoded as strings in HubRise"; a Money is "A number with 2
    decimal digits, followed by a space and the ISO 4217 currency name". Errors: `{"message": "Validation
    failed", "errors": [{"field": "price", "message": "'abc' is not a valid monetary amount"}], "error_type":
    "unprocessable_entity"}` — the field's own name."""
    _, shop = api
    refused = shop.post("/location/orders", json={"status": "new", "items": [item]})
    assert refused.status_code == 422
    assert refused.json() == {"error_type": "unprocessable_entity", "message": "Validation failed",
                              "errors": [{"field": field, "message": message}]}


def test_a_delivery_change_is_an_order_update_with_the_delivery(api):
    """orders.md § 11: "Attaching or updating a delivery triggers an order.update callback event, which includes
    the delivery field in its payload"; the order's `delivery` has the Delivery resource's fields "except for the
    driver_latitude and driver_longitude fields", whose changes "intentionally do not trigger order.update"."""
    till, shop = api
    till.post("/callback", json={"url": None, "events": {"order": ["create", "update"]}})
    order = shop.post("/location/orders", json=EXAMPLE_ORDER).json()
    [created] = till.get("/callback/events").json()
    till.delete(f"/callback/events/{created['id']}")
    attached = shop.post(f"/location/orders/{order['id']}/delivery", json={
        "carrier": "Coursiers Paris", "status": "pending", "estimated_dropoff_at": "2030-03-08T12:40:00+01:00"})
    assert attached.status_code == 200 and attached.json()["order_id"] == order["id"]
    shop.patch(f"/location/orders/{order['id']}/delivery", json={
        "status": "pickup_enroute", "driver_name": "Karim", "driver_phone": "+33611223344",
        "driver_latitude": "48.85", "driver_longitude": "2.37"})
    shop.patch(f"/location/orders/{order['id']}/delivery", json={"driver_latitude": "48.86"})
    updates = till.get("/callback/events").json()
    assert [e["event_type"] for e in updates] == ["update", "update"]
    state = till.get(f"/callback/events/{updates[1]['id']}").json()["new_state"]["delivery"]
    assert state["driver_name"] == "Karim" and state["status"] == "pickup_enroute"
    assert "driver_latitude" not in state and "driver_longitude" not in state
    assert shop.patch(f"/location/orders/{order['id']}/delivery", json={"carrier": "Autre"}).status_code == 422
    collection = shop.post("/location/orders", json={**EXAMPLE_ORDER, "service_type": "collection"}).json()
    assert shop.post(f"/location/orders/{collection['id']}/delivery",
                     json={"carrier": "X", "status": "pending"}).status_code == 422
    assert shop.get(f"/location/orders/{collection['id']}/delivery").status_code == 404
