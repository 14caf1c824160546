"""The on-screen keyboard: a customer's name typed with taps only (capitals, « ç », « é »), opening on focus,
never over the field, closed by its own key, absent from digit fields, and off by a setting."""
import pytest
from kd_fixtures.screenshots import shot
from PySide6.QtCore import QPoint, QRect, QSize, Qt

from kezia_desk.ui.widgets.on_screen_keyboard import BACKSPACE, HIDE, SHIFT, SPACE, keyboard_rect

LEFT = Qt.MouseButton.LeftButton


def tap_keys(qtbot, panel, keys):
    for key in keys:
        button = panel.keys[key]
        assert button.isVisible() and button.height() >= 48 and button.width() >= 48, key
        qtbot.mouseClick(button, LEFT)


def global_rect(widget):
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def open_customer_dialog(qtbot, kezia):
    window = kezia.window
    qtbot.mouseClick(window.home.orders_button, LEFT)
    form = window.till_orders_ui.form
    qtbot.mouseClick(form.new_customer_button, LEFT)
    return form, form.customer_dialog


@pytest.mark.screenshot
def test_a_customer_name_with_c_cedilla_and_e_acute_typed_by_taps(qtbot, unconnected):
    kezia = unconnected()
    keyboard = kezia.window.keyboard
    form, dialog = open_customer_dialog(qtbot, kezia)
    first_name = dialog.inputs["first_name"]
    qtbot.mouseClick(first_name, LEFT)
    qtbot.waitUntil(lambda: keyboard.visible, timeout=2000)
    panel = keyboard.panel
    assert panel.target is first_name and not panel.geometry().intersects(global_rect(first_name))
    tap_keys(qtbot, panel, [SHIFT, "f", "r", "a", "n", "ç", "o", "i", "s", "e", BACKSPACE])
    assert first_name.text() == "François", "⇧ makes one capital, ⌫ takes back the last letter"
    last_name = dialog.inputs["last_name"]
    qtbot.mouseClick(last_name, LEFT)
    qtbot.waitUntil(lambda: panel.target is last_name, timeout=2000)
    assert keyboard.visible and not panel.geometry().intersects(global_rect(last_name))
    tap_keys(qtbot, panel, [SHIFT, "l", "é", "v", "ê", "q", "u", "e", SPACE, SHIFT, "d", "u", "r", "à", "ç"])
    assert last_name.text() == "Lévêque Duràç"
    tap_keys(qtbot, panel, [BACKSPACE, BACKSPACE, "a", "n", "d"])
    assert last_name.text() == "Lévêque Durand"
    shot(panel, "keyboard.png")
    qtbot.mouseClick(panel.keys[HIDE], LEFT)
    assert not keyboard.visible, "closed by its own key"
    phone = dialog.inputs["phone"]
    qtbot.mouseClick(phone, LEFT)
    qtbot.waitUntil(lambda: keyboard.visible and panel.target is phone, timeout=2000)
    tap_keys(qtbot, panel, list("0611223344"))  # the digits row
    qtbot.mouseClick(panel.keys[HIDE], LEFT)
    qtbot.mouseClick(phone, LEFT)
    qtbot.waitUntil(lambda: keyboard.visible, timeout=2000)  # a tap on the field brings it back
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert not dialog.isVisible(), dialog.message.text()
    assert "François Lévêque Durand" in form.customer_label.text()
    saved = kezia.services.customers.search("Lévêque")
    assert [(c.first_name, c.last_name) for c in saved] == [("François", "Lévêque Durand")]


def test_shift_tapped_twice_keeps_capitals_and_a_double_tap_on_a_letter_types_it_twice(qtbot, unconnected):
    kezia = unconnected()
    _form, dialog = open_customer_dialog(qtbot, kezia)
    city = dialog.inputs["city"]
    qtbot.mouseClick(city, LEFT)
    qtbot.waitUntil(lambda: kezia.window.keyboard.visible, timeout=2000)
    panel = kezia.window.keyboard.panel
    tap_keys(qtbot, panel, [SHIFT, SHIFT, "e", "v", "r", "y"])  # ⇧ twice: caps lock (⇪)
    assert city.text() == "EVRY" and panel.shift == "lock"
    tap_keys(qtbot, panel, [SHIFT, "o", "o"])  # a third tap: lower case again; each tap of a letter types it
    assert city.text() == "EVRYoo"
    qtbot.mouseClick(panel.keys[HIDE], LEFT)
    qtbot.mouseClick(panel.keys[HIDE], LEFT)  # a double tap on « Masquer »: closed, nothing typed
    assert not panel.isVisible() and city.text() == "EVRYoo"


def test_digit_fields_keep_their_keypad_and_the_setting_turns_the_keyboard_off(qtbot, unconnected):
    kezia = unconnected()
    window = kezia.window
    keyboard = window.keyboard
    qtbot.mouseClick(window.home.till_button, LEFT)
    qtbot.mouseClick(window.seller_screen.button_for("Karim"), LEFT)
    qtbot.mouseClick(window.till.web_settings_button, LEFT)
    pad = window.web_settings_ui.pin_dialog
    qtbot.waitUntil(lambda: pad.isVisible(), timeout=2000)
    qtbot.mouseClick(pad.keypad.display, LEFT)
    assert not keyboard.visible, "the PIN pad's display keeps the keypad"
    qtbot.mouseClick(pad.cancel_button, LEFT)
    kezia.services.preferences.set_on_screen_keyboard(False)  # Paramètres Web > Écran tactile, unticked
    _form, dialog = open_customer_dialog(qtbot, kezia)
    qtbot.mouseClick(dialog.inputs["first_name"], LEFT)
    qtbot.wait(50)
    assert not keyboard.visible
    kezia.services.preferences.set_on_screen_keyboard(True)
    qtbot.mouseClick(dialog.inputs["city"], LEFT)
    qtbot.waitUntil(lambda: keyboard.visible, timeout=2000)


def test_the_keyboard_never_covers_the_field_on_an_800x600_screen():
    screen, size = QRect(0, 0, 800, 600), QSize(800, 268)
    for top in range(0, 600 - 48, 8):
        field = QRect(100, top, 300, 48)
        rect = keyboard_rect(screen, field, size)
        assert screen.contains(rect) and not rect.intersects(field), (top, rect)


def test_the_keyboard_checkbox_of_personnalisation_turns_it_off_and_on(qtbot, unconnected):
    from kd_fixtures.settings import open_settings

    kezia = unconnected()
    keyboard = kezia.window.keyboard
    settings = open_settings(qtbot, kezia)
    tab = settings.preferences_tab
    settings.tabs.setCurrentWidget(tab)
    assert tab.keyboard.isChecked() and keyboard.enabled
    qtbot.mouseClick(tab.keyboard, LEFT)
    assert not kezia.services.preferences.on_screen_keyboard and not keyboard.enabled
    assert tab.message.text() == "Enregistré : appliqué tout de suite."
    qtbot.mouseClick(tab.keyboard, LEFT)  # a second tap ticks it again
    assert kezia.services.preferences.on_screen_keyboard and keyboard.enabled
    settings.close()
