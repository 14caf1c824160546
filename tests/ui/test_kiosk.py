"""Kiosk mode: `--fullscreen` or the Paramètres Web setting start the till full screen; closing it or going back
to a window asks for the manager's PIN."""
from kd_fixtures.app import FAST
from kd_fixtures.settings import open_settings, type_pin
from PySide6.QtCore import Qt

LEFT = Qt.MouseButton.LeftButton


def test_fullscreen_holds_quitter_until_a_manager_s_pin(qtbot, unconnected):
    kezia = unconnected(fullscreen=True)
    window = kezia.window
    assert kezia.kiosk
    window.show_at_start(kezia.kiosk)
    qtbot.waitUntil(window.isFullScreen, timeout=2000)
    window.quit_action.trigger()
    window.quit_action.trigger()  # a double tap: one PIN pad
    pad = window.kiosk.pin_dialog
    assert pad is not None and pad.isVisible() and window.isVisible() and window.isFullScreen()
    assert [w for w in window.findChildren(type(pad)) if w.isVisible()] == [pad]
    type_pin(qtbot, pad, "0000")
    assert pad.isVisible() and "erroné" in pad.message.text() and window.isVisible()
    type_pin(qtbot, pad, "1234")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=2000)


def test_leaving_kiosk_mode_from_the_menu_needs_the_pin_and_keeps_the_till_open(qtbot, unconnected):
    kezia = unconnected(fullscreen=True)
    window = kezia.window
    window.show_at_start(kezia.kiosk)
    assert window.kiosk.leave_action.isVisible()
    window.kiosk.leave_action.trigger()
    window.kiosk.leave_action.trigger()  # a double tap: one PIN pad
    pad = window.kiosk.pin_dialog
    qtbot.mouseClick(pad.cancel_button, LEFT)
    assert window.isFullScreen(), "no PIN, no way out"
    window.kiosk.leave_action.trigger()
    type_pin(qtbot, window.kiosk.pin_dialog, "1234")
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=2000)
    assert window.isVisible() and not window.kiosk.active and not window.kiosk.leave_action.isVisible()


def test_the_setting_enters_kiosk_mode_now_and_at_the_next_start(qtbot, unconnected, make_app, tmp_path):
    kezia = unconnected()
    window = kezia.window
    assert not kezia.kiosk and not window.isFullScreen()
    settings = open_settings(qtbot, kezia)
    tab = settings.preferences_tab
    settings.tabs.setCurrentWidget(tab)
    qtbot.mouseClick(tab.kiosk, LEFT)
    qtbot.waitUntil(window.isFullScreen, timeout=2000)
    assert kezia.services.preferences.kiosk and tab.message.text() == "Enregistré : appliqué tout de suite."
    qtbot.mouseClick(tab.kiosk, LEFT)  # a second tap unticks it: the manager is in Paramètres, no PIN asked
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=2000)
    assert not kezia.services.preferences.kiosk and not window.kiosk.active
    qtbot.mouseClick(tab.kiosk, LEFT)
    qtbot.waitUntil(window.isFullScreen, timeout=2000)
    settings.close()
    window.kiosk.leave()
    kezia.db.conn.close()
    kezia.db = None
    again = make_app(**FAST)
    assert again.kiosk, "the setting is kept for the next start"
    again.window.kiosk.leave()
