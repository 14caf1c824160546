"""Contract tests for the sandbox, written from hubrise-api.md (not from the sandbox's code), over real HTTP."""
import copy

import httpx
import pytest
from example_order import EXAMPLE_ORDER

ORDER_EVENTS = {"url": None, "events": {"order": ["create", "update"]}}



def test_worked_example_total_and_computed_fields(api):
    till, shop = api
    created = shop.post("/location/orders", json=EXAMPLE_ORDER).json()
    assert created["total"] == "26.50 EUR"
    assert [item["subtotal"] for item in created["items"]] == ["13.50 EUR", "10.00 EUR"]
    assert [item["quantity"] for item in created["items"]] == ["1.0", "2.0"]
    assert created["created_at"].endswith(("+01:00", "+02:00"))  # Europe/Paris
    assert created["id"] and all(item["id"] for item in created["items"])
    assert created["items"][1]["deal_line"]["deal_key"] == "0" and created["deals"] == {
        "0": {"name": "Sweet duo", "ref": "D10"}}
    assert created["created_by"] and created["location_id"] == "3r4s3-1"
    assert till.get(f"/locations/3r4s3-1/orders/{created['id']}").json()["total"] == "26.50 EUR"


def test_events_for_others_only_list_without_states_single_with_states_and_ack(api):
    till, shop = api
    assert till.post("/callback", json=ORDER_EVENTS).json()["events"] == {"order": ["create", "update"]}
    assert shop.post("/callback", json=ORDER_EVENTS).status_code == 200
    order = shop.post("/location/orders", json=EXAMPLE_ORDER).json()
    assert shop.get("/callback/events").json() == []  # self-caused: not delivered
    events = till.get("/callback/events").json()
    assert len(events) == 1 and events[0]["event_type"] == "create" and "new_state" not in events[0]
    full = till.get(f"/callback/events/{events[0]['id']}").json()
    assert full["new_state"]["id"] == order["id"] and full["new_state"]["status"] == "new"
    assert till.delete(f"/callback/events/{events[0]['id']}").status_code == 200
    assert till.get("/callback/events").json() == []
    till.patch(f"/location/orders/{order['id']}", json={"status": "received"})
    update = shop.get("/callback/events").json()
    assert [e["event_type"] for e in update] == ["update"]
    detail = shop.get(f"/callback/events/{update[0]['id']}").json()
    assert detail["previous_state"]["status"] == "new" and detail["new_state"]["status"] == "received"
    assert till.get("/callback/events").json() == []


def test_paging_over_150_events(api, live_sandbox):
    till, _ = api
    till.post("/callback", json=ORDER_EVENTS)
    payload = {"status": "new", "items": [{"product_name": "Eau", "price": "1.80 EUR", "quantity": "1"}]}
    for _ in range(150):
        live_sandbox.sandbox.place_shop_order(payload)
    first = till.get("/callback/events")
    assert len(first.json()) == 100 and first.headers["X-Cursor-Next"]
    second = till.get("/callback/events", params={"cursor": first.headers["X-Cursor-Next"]})
    assert len(second.json()) == 50 and "X-Cursor-Next" not in second.headers
    ids = {e["id"] for e in first.json() + second.json()}
    assert len(ids) == 150
    assert len(till.get("/callback/events", params={"count": 500}).json()) == 100


def test_patch_semantics_and_private_refs(api):
    till, shop = api
    order = shop.post("/location/orders", json={**EXAMPLE_ORDER, "private_ref": "shop-1"}).json()
    assert order["private_ref"] == "shop-1"
    assert till.get(f"/location/orders/{order['id']}").json()["private_ref"] is None
    item_id = order["items"][1]["id"]
    patched = till.patch(f"/location/orders/{order['id']}", json={
        "status": "accepted", "confirmed_time": "2030-03-08T11:50:00Z", "private_ref": "till-9",
        "items": [{"id": item_id, "deleted": True}],
        "payments": [{"name": "Cash", "ref": "CSH", "amount": "5.90 EUR"}],
        "custom_fields": {"epos": {"order_id": "T-1"}}}).json()
    assert patched["status"] == "accepted" and patched["confirmed_time"] == "2030-03-08T12:50:00+01:00"
    assert patched["items"][1]["deleted"] is True and patched["total"] == "16.50 EUR"
    assert len(patched["payments"]) == 2 and patched["private_ref"] == "till-9"
    assert shop.get(f"/location/orders/{order['id']}").json()["private_ref"] == "shop-1"
    assert [o["id"] for o in till.get("/location/orders", params={"private_ref": "till-9"}).json()] == [order["id"]]
    assert till.get("/location/orders", params={"private_ref": "shop-1"}).json() == []
    refused = till.patch(f"/location/orders/{order['id']}", json={"items": [{"id": item_id, "price": "1.00 EUR"}]})
    assert refused.status_code == 422
    put = till.put(f"/location/orders/{order['id']}", json={"status": "completed"})
    assert put.json()["status"] == "completed" and put.json()["items"][1]["deleted"] is True


@pytest.mark.parametrize("body, field", [
    ({"status": "new", "items": [{"product_name": "X", "price": "8.9 EUR", "quantity": "1"}]}, "price"),
    ({"status": "new", "items": [{"product_name": "X", "price": "8.90 EUR", "quantity": 1.5}]}, "quantity"),
    ({"status": "flying"}, "status"),
    ({"status": "new", "charges": [{"name": "Frais", "price": "abc"}]}, "price"),
])
def test_validation_errors_are_422_with_errors_list(api, body, field):
    """General concepts page, Errors: `{"field": "price", "message": "'abc' is not a valid monetary amount"}` —
    the field's own name, not a path."""
    _, shop = api
    response = shop.post("/location/orders", json=body)
    assert response.status_code == 422
    assert response.json()["error_type"] == "unprocessable_entity"
    assert field in [error["field"] for error in response.json()["errors"]]


def test_error_types(api, live_sandbox):
    till, _ = api
    anonymous = httpx.get(live_sandbox.api_url + "/location/orders", headers={"X-Access-Token": "nope"})
    assert anonymous.status_code == 401 and anonymous.json()["error_type"] == "unauthorized"
    assert till.get("/locations/other-1/orders").status_code == 403
    missing = till.get("/location/orders/zzzzz")
    assert missing.status_code == 404 and missing.json()["error_type"] == "not_found"
    assert till.get("/no/such/route").json() == {"error_type": "routing_error"}
    wrong_type = till.post("/location/orders", content=b"status=new", headers={"Content-Type": "text/plain"})
    assert wrong_type.status_code == 415
    live_sandbox.sandbox.revoke()
    revoked = till.get("/location")
    assert revoked.status_code == 401 and "revoked" in revoked.json()["message"]


def test_rate_limit_answers_429_with_retry_after(live_sandbox):
    live_sandbox.sandbox.rate_limiter.enabled = True
    headers = {"X-Access-Token": live_sandbox.till_token}
    with httpx.Client(base_url=live_sandbox.api_url, headers=headers) as till:
        statuses = [till.get("/location/orders").status_code for _ in range(11)]
        assert statuses[:10] == [200] * 10 and statuses[10] == 429  # heavy query: 10 per minute
        refused = till.get("/location/orders")
        assert refused.json()["error_type"] == "too_many_requests" and int(refused.headers["Retry-After"]) > 0
        assert till.get("/location").status_code == 200  # ordinary calls still allowed


def test_oauth_code_flow(live_sandbox):
    page = httpx.get(live_sandbox.oauth_url + "/authorize", params={
        "redirect_uri": "urn:ietf:wg:oauth:2.0:oob", "client_id": "kezia-desk.clients.sandbox",
        "scope": "location[orders.write]", "device_id": "caisse-1"})
    code = page.text.split('id="code">')[1].split("<")[0]
    auth = ("kezia-desk.clients.sandbox", "sandbox-secret")
    token = httpx.post(live_sandbox.oauth_url + "/token", data={"code": code}, auth=auth).json()
    assert token["location_name"] and token["catalog_id"] and token["account_name"] == "Pizzeria Demo"
    assert httpx.post(live_sandbox.oauth_url + "/token", data={"code": code}, auth=auth).status_code == 400
    headers = {"X-Access-Token": token["access_token"]}
    assert httpx.get(live_sandbox.api_url + "/location", headers=headers).status_code == 200
    httpx.post(live_sandbox.oauth_url + "/revoke", data={"token": token["access_token"]}, auth=auth)
    assert httpx.get(live_sandbox.api_url + "/location", headers=headers).status_code == 401


def test_generator_orders_are_accepted_and_mostly_use_catalog_refs(sandbox):
    from kezia_desk.domain.demo_catalog import DEMO_ARTICLES
    from kezia_desk.sandbox.generator import WebShopOrderGenerator

    known = {str(a.idart) for a in DEMO_ARTICLES}
    generator = WebShopOrderGenerator(seed=3)
    refs = []
    for _ in range(200):
        order = sandbox.place_shop_order(copy.deepcopy(generator.next_payload()))
        refs += [item["sku_ref"] for item in order["items"]]
    assert sum(ref in known for ref in refs) / len(refs) > 0.9
    assert any(ref not in known for ref in refs)  # some unknown or non-numeric refs, as real shops send
