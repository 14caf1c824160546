"""Keypads behave like a keyboard: the first key replaces what is selected, and a refused PIN starts afresh."""
from kd_fixtures.till import open_till, tap, tap_article, type_on_keypad
from PySide6.QtCore import QPoint, QRect, Qt

from kezia_desk.domain.ticket import parse_quantity
from kezia_desk.ui.widgets.keypad import KeypadDialog

LEFT = Qt.MouseButton.LeftButton


def ask_quantity(qtbot, window):
    tap(qtbot, window.till.quantity_button)
    dialog = window.till.quantity_dialog
    assert dialog.isVisible()
    return dialog


def test_quantite_opens_with_the_quantity_selected_and_the_first_key_replaces_it(qtbot, window):
    open_till(qtbot, window)
    tap_article(qtbot, window, 1013)
    dialog = ask_quantity(qtbot, window)
    type_on_keypad(qtbot, dialog.keypad, "12")
    tap(qtbot, dialog.ok_button)
    assert window.till.draft.lines[0].quantity == 12
    dialog = ask_quantity(qtbot, window)
    assert dialog.keypad.display.text() == "12" and dialog.keypad.display.selectedText() == "12"
    tap(qtbot, dialog.keypad.keys["3"])
    assert dialog.keypad.text() == "3"
    tap(qtbot, dialog.keypad.keys["3"])  # the second tap adds a digit, as usual
    assert dialog.keypad.text() == "33"
    tap(qtbot, dialog.ok_button)
    assert window.till.draft.lines[0].quantity == 33


def test_backspace_on_the_selected_value_empties_it_and_a_refused_value_is_selected(qtbot, window):
    dialog = KeypadDialog("Quantité", "Quantité", parse_quantity, window, initial="5")
    dialog.open()
    tap(qtbot, dialog.keypad.keys["⌫"])
    assert dialog.keypad.text() == ""
    type_on_keypad(qtbot, dialog.keypad, "0")
    tap(qtbot, dialog.ok_button)
    assert dialog.isVisible() and dialog.message.level == "error"
    assert dialog.keypad.display.selectedText() == "0", "kept, selected: nothing lost, the next key replaces it"
    type_on_keypad(qtbot, dialog.keypad, "4")
    assert dialog.keypad.text() == "4" and dialog.message.level == "idle"
    tap(qtbot, dialog.ok_button)
    assert dialog.value == 4


def test_the_manager_pin_keypad_clears_after_a_wrong_code(qtbot, demo_app):
    window = demo_app.window
    window.web_settings_action.trigger()  # Fichier > Paramètres > Commandes Web
    settings_ui = window.web_settings_ui
    dialog = settings_ui.pin_dialog
    type_on_keypad(qtbot, dialog.keypad, "9999")
    tap(qtbot, dialog.ok_button)
    assert dialog.isVisible() and dialog.message.text() == "Code gérant erroné : encore 2 essais."
    assert dialog.keypad.text() == "", "a wrong code is not kept under the dots"
    assert not dialog.keypad.keys[","].isEnabled(), "a PIN has no decimal comma to waste a try on"
    clear_key = dialog.keypad.keys["C"]
    key_box = QRect(clear_key.mapTo(dialog, QPoint(0, 0)), clear_key.size())
    message_box = QRect(dialog.message.mapTo(dialog, QPoint(0, 0)), dialog.message.size())
    assert not message_box.intersects(key_box), "the error message never covers a key"
    type_on_keypad(qtbot, dialog.keypad, "1234")
    tap(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    assert settings_ui.platform_dialog is not None and settings_ui.platform_dialog.isVisible()
    assert window.services.rights.access.failures == 0
