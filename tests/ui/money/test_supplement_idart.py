"""A supplement (option) line reaches the journal with its IDART when its code names a till article."""
from __future__ import annotations

from kd_fixtures.till_orders import fill_order
from PySide6.QtCore import Qt

from kezia_desk.domain.ticket import PaymentMethod

LEFT = Qt.MouseButton.LeftButton


def test_facturer_journals_the_supplement_with_its_idart(qtbot, unconnected):
    kezia = unconnected()  # a real shop: the demo is in mode formation, its tickets in no fiscal chain
    window = kezia.window
    form = fill_order(qtbot, kezia)  # two Regina Moyenne with Supplément fromage, a Coca, 5 € deposit
    qtbot.mouseClick(form.ok_button, LEFT)
    screen = window.till_orders_ui.screen
    qtbot.waitUntil(lambda: window.current_screen() is screen and screen.model.rowCount() == 1)
    window.choose_seller(kezia.services.sellers.list_sellers()[1])
    window.till_orders_ui.open_list()
    screen.table.selectRow(0)
    qtbot.mouseClick(screen.invoice_button, LEFT)
    till = window.till
    qtbot.mouseClick(till.payment_buttons[PaymentMethod.CARD], LEFT)
    qtbot.mouseClick(till.payment_dialog.validate_button, LEFT)
    qtbot.waitUntil(lambda: till.last_closed is not None, timeout=3000)
    journal = kezia.services.till.get_ticket(till.last_closed.number)
    supplement = next(line for line in journal.lines if "Supplément fromage" in line.label)
    cheese = next(a for a in kezia.services.catalog.list_articles() if a.name.startswith("Supplément fromage"))
    assert supplement.idart == cheese.idart
