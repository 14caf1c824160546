"""Fichier > Paramètres > Exercice fiscal…: a manager's PIN through the rights gate, then the first month of the
fiscal year chosen with a tap; the change is a JET 270 (fiscal settings), recorded once however often it is
tapped."""
from __future__ import annotations

import pytest
from kd_fixtures.screenshots import shot
from kd_fixtures.settings import type_pin
from kd_fixtures.till import open_till, tap
from PySide6.QtCore import Qt

from kezia_desk.domain.fiscal import Jet

LEFT = Qt.MouseButton.LeftButton


def fiscal_events(kezia):
    return kezia.services.till.events.entries(code=int(Jet.FISCAL_SETTINGS))


def open_fiscal_year(qtbot, window, pin="1234"):
    window.fiscal_year_action.trigger()
    ui = window.closures_ui._fiscal_year
    qtbot.waitUntil(lambda: ui.pin_dialog is not None and ui.pin_dialog.isVisible())
    window.fiscal_year_action.trigger()  # a second tap on the menu: the same PIN pad
    assert window.rights_gate.pin_dialog is ui.pin_dialog
    type_pin(qtbot, ui.pin_dialog, pin)
    return ui


@pytest.mark.screenshot
def test_a_manager_sets_the_fiscal_years_first_month(qtbot, unconnected):
    kezia = unconnected()
    window, closures = kezia.window, kezia.services.closures
    open_till(qtbot, window, "Karim")  # a seller on the till: a manager's code is asked
    ui = open_fiscal_year(qtbot, window, pin="0000")
    assert ui.pin_dialog.isVisible() and ui.dialog is None, "a wrong code opens nothing"
    type_pin(qtbot, ui.pin_dialog, "1234")
    qtbot.waitUntil(lambda: ui.dialog is not None and ui.dialog.isVisible())
    dialog = ui.dialog
    assert [b.isChecked() for b in dialog.month_buttons].index(True) == 0, "janvier by default"
    assert dialog.month_buttons[6].text() == "Juillet"
    for month, button in enumerate(dialog.month_buttons, start=1):  # every month button, once: one month chosen
        tap(qtbot, button)
        assert dialog.chosen_month() == month and sum(b.isChecked() for b in dialog.month_buttons) == 1
    assert fiscal_events(kezia) == [], "choosing is not saving"
    tap(qtbot, dialog.month_buttons[6])
    tap(qtbot, dialog.month_buttons[6])  # a second tap keeps the month chosen
    assert dialog.chosen_month() == 7
    shot(dialog, "fiscal_year.png")
    tap(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: "désormais en juillet" in dialog.message.text())
    tap(qtbot, dialog.save_button)  # a second tap: nothing more recorded, said
    assert dialog.message.text() == "L'exercice fiscal commence déjà en juillet : rien n'a changé."
    assert closures.fiscal_year_first_month() == 7
    [event] = fiscal_events(kezia)
    managers = [s.name for s in kezia.services.sellers.list_sellers() if s.is_manager]
    assert (event.label, event.by) == ("Paramètres fiscaux modifiés", ui.dialog.manager.name)
    assert event.by in managers, "the manager who gave the code, not Karim on the till"
    assert event.detail == "premier mois de l'exercice : janvier → juillet"
    qtbot.mouseClick(dialog.close_button, LEFT)
    qtbot.mouseClick(dialog.close_button, LEFT)  # a double tap on « Fermer »
    qtbot.waitUntil(lambda: not dialog.isVisible())
    # Opened again: the month saved is the one checked.
    open_fiscal_year(qtbot, window)
    qtbot.waitUntil(lambda: ui.dialog is not dialog and ui.dialog.isVisible())
    assert ui.dialog.chosen_month() == 7
    tap(qtbot, ui.dialog.month_buttons[0])
    tap(qtbot, ui.dialog.save_button)
    qtbot.waitUntil(lambda: len(fiscal_events(kezia)) == 2)
    assert fiscal_events(kezia)[0].detail == "premier mois de l'exercice : juillet → janvier"
    assert kezia.services.till.verify_journal().ok
