"""Texts that used to be cut: an invoiced order's discount line keeps its VAT rate in the till's ticket, and the
Fiche commande's history shows « facturée : ticket n° … » whole, at 1024×768 and at 800×600."""
import pytest
from kd_fixtures.screenshots import shot
from kd_fixtures.till import tap
from kd_fixtures.web_orders import start_till
from PySide6.QtCore import QRect, Qt

from kezia_desk.domain.money import Money
from kezia_desk.domain.order import OrderStatus
from kezia_desk.domain.ticket import PaymentMethod


def invoiceable(name="Zoé"):
    """Articles at 10 % and 5,5 %: a discount over them is split in two lines, one a rate."""
    return {"status": "new", "service_type": "collection", "expected_time": "2030-01-05T19:30:00+01:00",
            "collection_code": "427", "customer": {"first_name": name, "last_name": "Martin"},
            "items": [{"product_name": "Regina", "sku_name": "Moyenne", "sku_ref": "1012", "price": "12.00 EUR",
                       "quantity": "1"},
                      {"product_name": "Coca-Cola", "sku_ref": "2001", "price": "2.50 EUR", "quantity": "1"},
                      {"product_name": "Tiramisu", "sku_ref": "3001", "price": "4.50 EUR", "quantity": "1"}],
            "discounts": [{"name": "Code BIENVENUE", "price_off": "3.00 EUR"}]}


def receive(qtbot, kezia, sandbox, body):
    placed = sandbox.place_shop_order(body)
    web = kezia.services.web_orders
    qtbot.waitUntil(lambda: any(o.hubrise_id == placed["id"] for o in web.list_orders()), timeout=8000)
    order = next(o for o in web.list_orders() if o.hubrise_id == placed["id"])
    qtbot.waitUntil(lambda: web.get_order(order.local_id).status is OrderStatus.RECEIVED, timeout=5000)
    kezia.window.web_orders_ui.alert.hide()
    return order


def cell_fits(view, row, column) -> bool:
    """The cell's text, wrapped in its width, fits in its height (nothing ends with « … »)."""
    index = view.model().index(row, column)
    text = str(index.data())
    rect = view.visualRect(index)
    needed = view.fontMetrics().boundingRect(QRect(0, 0, rect.width() - 8, 10_000),
                                            int(Qt.TextFlag.TextWordWrap), text)
    return needed.height() <= rect.height() + 2


@pytest.mark.parametrize("size", [(1024, 768), (800, 600)])
@pytest.mark.screenshot
def test_discount_lines_keep_their_vat_rate_and_the_history_its_ticket(qtbot, connected, live_sandbox, size):
    kezia = connected()
    window = start_till(qtbot, kezia)
    window.resize(*size)
    order = receive(qtbot, kezia, live_sandbox.sandbox, invoiceable())
    kezia.services.order_actions.accept(order.local_id, kezia.services.sellers.list_sellers()[1], 0)
    window.web_orders_ui.controller.invoice(order.local_id)
    till = window.till
    qtbot.waitUntil(lambda: window.current_screen() is till and till.model.rowCount() > 3, timeout=3000)
    view = till.ticket_view
    labels = [str(till.model.index(row, 0).data()) for row in range(till.model.rowCount())]
    discount_rows = [row for row, label in enumerate(labels) if label.startswith("Remise Code BIENVENUE (TVA")]
    assert len(discount_rows) == 2, labels
    shot(till, f"cut-ticket-{size[0]}.png")
    qtbot.waitUntil(lambda: all(cell_fits(view, row, 0) for row in discount_rows), timeout=2000)  # laid out
    tap(qtbot, till.payment_buttons[PaymentMethod.CARD])
    tap(qtbot, till.payment_dialog.validate_button)
    qtbot.waitUntil(lambda: till.last_closed is not None, timeout=3000)
    assert till.draft.total == Money.of("0") or not till.draft.lines
    detail = window.web_orders_ui.open_detail(order.local_id)
    history = detail.history
    qtbot.waitUntil(lambda: any("facturée" in (history.item(r, 1).text() if history.item(r, 1) else "")
                                for r in range(history.rowCount())), timeout=3000)
    row = next(r for r in range(history.rowCount()) if "facturée" in history.item(r, 1).text())
    shot(detail, f"cut-history-{size[0]}.png")
    assert "ticket n° 1" in history.item(row, 1).text()
    qtbot.waitUntil(lambda: cell_fits(history, row, 1), timeout=2000)
    tap(qtbot, detail.close_button)
