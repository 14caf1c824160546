"""Cancelling a COMMANDES order that holds a deposit asks whether the deposit is handed back or kept; both are
journal records, and a handed-back deposit leaves the drawer's expected cash."""
from __future__ import annotations

import pytest
from kd_fixtures.till_orders import fill_order
from PySide6.QtCore import Qt

from kezia_desk.domain.order import OrderStatus

LEFT = Qt.MouseButton.LeftButton


def cancel_from_fiche(qtbot, kezia):
    window = kezia.window
    window.choose_seller(kezia.services.sellers.list_sellers()[1])
    window.till_orders_ui.open_list()
    screen = window.till_orders_ui.screen
    screen.table.selectRow(0)
    qtbot.mouseClick(screen.view_button, LEFT)
    details = window.web_orders_ui.details
    qtbot.waitUntil(lambda: any(d.isVisible() for d in details.values()), timeout=2000)
    fiche = next(d for d in details.values() if d.isVisible())
    fiche.status_combo.setCurrentIndex(fiche.status_combo.findData(OrderStatus.CANCELLED.value))
    qtbot.mouseClick(fiche.status_button, LEFT)
    controller = window.web_orders_ui.controller
    qtbot.waitUntil(lambda: controller.dialog is not None and controller.dialog.isVisible(), timeout=2000)
    return fiche, controller


@pytest.mark.parametrize(("answer", "held", "expected_cash"), [("Rembourser 5,00\u00a0€", 0, 0),
                                                              ("Garder l'acompte", 500, 500)])
def test_cancelling_an_order_with_a_deposit_says_what_becomes_of_it(qtbot, unconnected, answer, held,
                                                                      expected_cash):
    kezia = unconnected()
    form = fill_order(qtbot, kezia)  # 5 € deposit in cash
    qtbot.mouseClick(form.ok_button, LEFT)
    qtbot.waitUntil(lambda: kezia.window.current_screen() is kezia.window.till_orders_ui.screen)
    fiche, controller = cancel_from_fiche(qtbot, kezia)
    box = controller.deposit_box
    assert box is controller.dialog and "détient un acompte de 5,00" in box.text()
    button = next(b for b in box.buttons() if b.text() == answer)
    qtbot.mouseClick(button, LEFT)
    deposits = kezia.services.deposits
    local_id = fiche.local_id
    qtbot.waitUntil(lambda: kezia.services.web_orders.get_order(local_id).status is OrderStatus.CANCELLED)
    assert kezia.services.till_orders.in_progress() == []
    assert deposits.held(local_id).cents == held and deposits.settled(local_id)
    assert kezia.services.closures.reading_x().expected_cash_cents == expected_cash
    assert kezia.services.till.verify_journal().ok


def test_ne_pas_annuler_keeps_the_order_and_its_deposit(qtbot, unconnected):
    kezia = unconnected()
    form = fill_order(qtbot, kezia)
    qtbot.mouseClick(form.ok_button, LEFT)
    qtbot.waitUntil(lambda: kezia.window.current_screen() is kezia.window.till_orders_ui.screen)
    fiche, controller = cancel_from_fiche(qtbot, kezia)
    button = next(b for b in controller.deposit_box.buttons() if b.text() == "Ne pas annuler")
    qtbot.mouseClick(button, LEFT)
    qtbot.waitUntil(lambda: not controller.busy)
    assert kezia.services.web_orders.get_order(fiche.local_id).status is OrderStatus.ACCEPTED
    assert kezia.services.deposits.held(fiche.local_id).cents == 500
    assert not kezia.services.deposits.settled(fiche.local_id)
