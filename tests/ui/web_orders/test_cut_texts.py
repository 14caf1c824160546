"""Texts that used to be cut: an invoiced order's discount line keeps its VAT rate in the till's ticket, and the
Fiche commande's history shows « facturée : ticket n° … » whole, at 1024×768 and at 800×600."""
import pytest
from kd_fixtures.screenshots import shot
from PySide6.QtCore import QRect, Qt
from test_money_paths_ui import payload, receive, start, tap

from kezia_desk.domain.money import Money
from kezia_desk.domain.ticket import PaymentMethod


def cell_fits(view, row, column) -> bool:
    """The cell's text, wrapped in its width, fits in its height (nothing ends with « … »)."""
    index = view.model().index(row, column)
    text = str(index.data())
    rect = view.visualRect(index)
    needed = view.fontMetrics().boundingRect(QRect(0, 0, rect.width() - 8, 10_000),
                                            int(Qt.TextFlag.TextWordWrap), text)
    return needed.height() <= rect.height() + 2


@pytest.mark.parametrize("size", [(1024, 768), (800, 600)])
def test_discount_lines_keep_their_vat_rate_and_the_history_its_ticket(qtbot, connected, live_sandbox, size):
    kezia = start(qtbot, connected)
    window = kezia.window
    window.resize(*size)
    body = payload("Zoé")
    body["discounts"] = [{"name": "Code BIENVENUE", "price_off": "3.00 EUR"}]  # over 10 % and 5,5 % articles
    order = receive(qtbot, kezia, live_sandbox.sandbox, body)
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
