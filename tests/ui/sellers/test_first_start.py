"""The first start on an empty database: the till asks on screen for the shop's first manager (no terminal),
cannot be dismissed without one, and that manager then opens Vendeurs and the seller grid."""
from __future__ import annotations

from kd_fixtures.sellers import double_tap, fill_seller_form, give_manager_pin, tap_pin
from kd_fixtures.till import tap
from PySide6.QtCore import Qt


def first_start_dialog(qtbot, window):
    qtbot.waitUntil(lambda: window.first_start_dialog is not None and window.first_start_dialog.isVisible(),
                    timeout=3000)
    return window.first_start_dialog


def test_an_empty_database_asks_for_the_first_manager_on_screen(qtbot, make_app):
    kezia = make_app(start=False)
    window = kezia.window
    dialog = first_start_dialog(qtbot, window)
    assert dialog.windowTitle() == "Premier démarrage" and dialog.ok_button.text() == "Créer le gérant"
    assert not dialog.cancel_button.isVisible() and not dialog.manager_button.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # cannot be skipped: the till needs a manager
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.name_edit, "Marie Dupont")
    tap(qtbot, dialog.ok_button)
    assert dialog.message.text() == "Un gérant doit avoir un code PIN : tapez-le sur le clavier."
    tap_pin(qtbot, dialog.keypad, "12")
    tap(qtbot, dialog.ok_button)
    assert dialog.message.text() == "Le code PIN doit comporter de 4 à 8 chiffres."
    fill_seller_form(qtbot, dialog, "Marie Dupont", "2468", confirm="8642")
    assert dialog.isVisible() and "Les deux codes diffèrent" in dialog.message.text()
    assert dialog.pin_prompt.text() == "Code PIN (4 à 8 chiffres) :"
    fill_seller_form(qtbot, dialog, "Marie Dupont", "2468")
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    sellers = kezia.services.sellers
    assert [(s.name, s.is_manager) for s in sellers.list_sellers()] == [("Marie Dupont", True)]
    assert sellers.verify_manager_pin("2468").name == "Marie Dupont"
    assert window.statusBar().currentMessage() == "Gérant « Marie Dupont » créé : la caisse est prête."
    tap(qtbot, window.home.till_button)
    assert window.seller_screen.button_for("Marie Dupont") is not None
    assert window.seller_screen.message.text() == ""
    tap(qtbot, window.seller_screen.back_button)
    tap(qtbot, window.home.sellers_button)
    give_manager_pin(qtbot, window, "2468")
    qtbot.waitUntil(lambda: window.current_screen() is window.sellers_screen, timeout=2000)


def test_the_first_manager_is_asked_once_and_a_double_tap_creates_one(qtbot, make_app):
    kezia = make_app(start=False)
    window = kezia.window
    dialog = first_start_dialog(qtbot, window)
    window.ask_first_manager()  # a second request (a protected action meanwhile) brings the same dialog forward
    assert window.first_start_dialog is dialog
    qtbot.keyClicks(dialog.name_edit, "Marie")
    tap_pin(qtbot, dialog.keypad, "2468")
    double_tap(qtbot, dialog.ok_button)  # the second tap on an empty confirmation does not restart the code
    assert dialog.isVisible() and dialog.steps.confirming
    tap_pin(qtbot, dialog.keypad, "2468")
    double_tap(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    assert [s.name for s in kezia.services.sellers.list_all()] == ["Marie"]
    assert window.current_screen() is window.home and not window.findChildren(type(dialog))[-1].isVisible()


def test_a_shop_with_a_manager_is_not_asked(qtbot, window):
    qtbot.wait(50)
    assert window.first_start_dialog is None


def test_closed_without_a_manager_the_next_protected_action_asks_again_then_goes_on(qtbot, make_app):
    kezia = make_app(start=False)
    window = kezia.window
    dialog = first_start_dialog(qtbot, window)
    dialog.close()  # the till being closed (or quit) closes it: nothing is created
    assert not dialog.isVisible() and not kezia.services.sellers.has_manager()
    tap(qtbot, window.home.sellers_button)
    dialog = first_start_dialog(qtbot, window)  # no PIN pad to fail on: the first manager is asked for
    assert window.rights_gate.pin_dialog is None
    fill_seller_form(qtbot, dialog, "Marie", "2468")
    qtbot.waitUntil(lambda: window.current_screen() is window.sellers_screen, timeout=2000)
    assert [s.name for s in window.sellers_screen.sellers] == ["Marie"]
