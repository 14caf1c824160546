"""The Fiche commande: its lines add up to its total (a supplement is not counted in its pizza's line and again on
its own), and after Facturer it shows the payment taken at the till beside the deposit."""
from __future__ import annotations

import re
from decimal import Decimal

from kd_fixtures.till_orders import fill_order
from PySide6.QtCore import Qt

from kezia_desk.domain.ticket import PaymentMethod

LEFT = Qt.MouseButton.LeftButton
AMOUNT = re.compile(r"(-?\d+,\d{2})[\u00a0 ]€$")  # toPlainText turns no-break spaces into spaces


def open_fiche(qtbot, window):
    screen = window.till_orders_ui.screen
    window.till_orders_ui.open_list()
    screen.table.selectRow(0)
    qtbot.mouseClick(screen.view_button, LEFT)
    details = window.web_orders_ui.details
    qtbot.waitUntil(lambda: any(d.isVisible() for d in details.values()), timeout=2000)
    return next(d for d in details.values() if d.isVisible())


def line_amounts(text: str) -> tuple[list[Decimal], Decimal]:
    lines = [line.strip() for line in text.splitlines()]  # one table cell a line
    start = lines.index(next(line for line in lines if line.startswith("Qté")))
    end = lines.index(next(line for line in lines if line.startswith("Total TTC")))
    amounts = [Decimal(m.group(1).replace(",", ".")) for line in lines[start + 1:end] if (m := AMOUNT.search(line))]
    total = next(Decimal(m.group(1).replace(",", ".")) for line in lines[end:] if (m := AMOUNT.search(line)))
    return amounts, total


def test_lines_add_up_to_the_total_and_the_till_payment_shows_after_facturer(qtbot, unconnected):
    kezia = unconnected()  # a real shop: the demo is in mode formation, its tickets in no fiscal chain
    window = kezia.window
    form = fill_order(qtbot, kezia)
    qtbot.mouseClick(form.ok_button, LEFT)
    qtbot.waitUntil(lambda: window.current_screen() is window.till_orders_ui.screen)
    fiche = open_fiche(qtbot, window)
    amounts, total = line_amounts(fiche.body.toPlainText())
    assert sum(amounts) == total == Decimal("31.00"), fiche.body.toPlainText()
    assert "Supplément fromage" in fiche.body.toPlainText()
    fiche.close()
    window.choose_seller(kezia.services.sellers.list_sellers()[1])
    window.till_orders_ui.open_list()
    window.till_orders_ui.screen.table.selectRow(0)
    qtbot.mouseClick(window.till_orders_ui.screen.invoice_button, LEFT)
    till = window.till
    qtbot.mouseClick(till.payment_buttons[PaymentMethod.CARD], LEFT)
    qtbot.mouseClick(till.payment_dialog.validate_button, LEFT)
    qtbot.waitUntil(lambda: till.last_closed is not None, timeout=3000)
    text = open_fiche(qtbot, window).body.toPlainText()
    assert "Paiement : Payée — Espèces 5,00 €, Encaissé en caisse 26,00 €" in text
    assert "à encaisser" not in text
