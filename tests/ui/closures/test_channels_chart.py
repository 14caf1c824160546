"""Sales per channel: web orders received from HubRise with their `channel` (Uber Eats, Deliveroo), invoiced at
the till, count under that channel in the X, the Z and the day's chart; the till's own sales under « Caisse »."""
from __future__ import annotations

import pytest
from kd_fixtures.screenshots import shot
from kd_fixtures.till import open_till, tap, tap_article

from kezia_desk.domain.ticket import PaymentMethod


@pytest.mark.screenshot
def test_web_channels_in_the_x_and_the_chart(qtbot, connected, live_sandbox):
    kezia = connected()
    sandbox, services, window = live_sandbox.sandbox, kezia.services, kezia.window
    seller = services.sellers.list_sellers()[1]
    qtbot.waitUntil(lambda: kezia.poller.callback_registered, timeout=5000)  # HubRise queues events from then
    placed = []
    for channel, ref, price in (("Uber Eats", "1012", "12.00"), ("Deliveroo", "1003", "13.00"),
                                ("Uber Eats", "2001", "2.50")):
        placed.append(sandbox.place_shop_order({"status": "new", "service_type": "delivery", "channel": channel,
                                                "items": [{"product_name": "Article", "sku_ref": ref,
                                                           "price": f"{price} EUR", "quantity": "1"}]}))
    ids = {order["id"] for order in placed}
    qtbot.waitUntil(lambda: ids <= {o.hubrise_id for o in services.web_orders.list_orders()}, timeout=10_000)
    qtbot.waitUntil(lambda: window.web_orders_ui.alert.isVisible(), timeout=3000)
    tap(qtbot, window.web_orders_ui.alert.ack_button)
    for order in [o for o in services.web_orders.list_orders() if o.hubrise_id in ids]:
        draft = services.invoicing.prepare(order.local_id)
        draft.add_payment(PaymentMethod.CARD)
        services.invoicing.invoice(order.local_id, draft, seller)
    open_till(qtbot, window, "Karim")
    tap_article(qtbot, window, 1003)
    tap(qtbot, window.till.payment_buttons[PaymentMethod.CASH])
    tap(qtbot, window.till.payment_dialog.validate_button)
    qtbot.waitUntil(lambda: window.till.last_closed is not None)
    x = services.closures.reading_x().figures
    assert x.by_channel == {"Caisse": 1300, "Deliveroo": 1300, "Uber Eats": 1450}
    window.show_home()
    tap(qtbot, window.home.closures_button)
    screen = window.closures_ui.closures
    tap(qtbot, screen.x_button)
    assert "Uber Eats" in screen.detail.toPlainText() and "14,50" in screen.detail.toPlainText()
    labels = [screen.chart.series.barSets()[i].label() for i in range(screen.chart.series.count())]
    assert labels == ["Caisse", "Deliveroo", "Uber Eats"]
    qtbot.wait(200)  # the chart's legend is laid out on the next paint
    shot(window, "closures.png")
