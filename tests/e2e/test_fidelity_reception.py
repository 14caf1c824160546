"""A delivery change reaches the till as an order.update and refreshes the order without undoing its status."""
import httpx


def test_a_delivery_update_older_than_the_tills_own_status_refreshes_without_undoing_it(qtbot, connected,
                                                                                       live_sandbox):
    """orders.md § 11: "Attaching or updating a delivery triggers an order.update callback event, which includes
    the delivery field in its payload." callbacks.md: "A client does not receive notifications for the events it
    generated" — so an event built before the till's own PATCH may arrive after it. Its previous and new states
    show the same status: the till takes the delivery and keeps its own status."""
    kezia = connected()
    qtbot.waitUntil(lambda: kezia.poller.callback_registered, timeout=5000)
    sandbox, web = live_sandbox.sandbox, kezia.services.web_orders
    kezia.dispatcher.paused = True  # the till's « Reçue » waits in the queue for now
    placed = sandbox.place_shop_order({"status": "new", "service_type": "delivery", "items": [
        {"product_name": "Regina", "sku_ref": "1012", "price": "12.00 EUR", "quantity": "1"}]})
    qtbot.waitUntil(lambda: any(o.hubrise_id == placed["id"] for o in web.list_orders()), timeout=5000)
    local_id = next(o.local_id for o in web.list_orders() if o.hubrise_id == placed["id"])
    kezia.poller.paused = True
    with httpx.Client(base_url=live_sandbox.api_url, headers={"X-Access-Token": live_sandbox.shop_token}) as shop:
        shop.post(f"/location/orders/{placed['id']}/delivery",
                  json={"carrier": "Coursiers Paris", "status": "pending"}).raise_for_status()
    assert sandbox.order(placed["id"])["status"] == "new"  # the event's state says « new »
    kezia.dispatcher.resume()
    qtbot.waitUntil(lambda: sandbox.order(placed["id"])["status"] == "received", timeout=5000)
    kezia.poller.resume()
    qtbot.waitUntil(lambda: web.get_order(local_id).delivery is not None, timeout=5000)
    order = web.get_order(local_id)
    assert order.delivery.carrier == "Coursiers Paris" and order.status.value == "received"
    # A status another app changes still comes through.
    sandbox.update_as_shop(placed["id"], {"status": "cancelled"})
    qtbot.waitUntil(lambda: web.get_order(local_id).status.value == "cancelled", timeout=5000)
