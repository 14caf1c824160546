"""The standard question boxes (Annuler le ticket, Quitter) have buttons a finger can hit: 48 px at least
(Qt's own size was 33 px), with their French answers whole."""
from kd_fixtures.till import open_till, tap, tap_article
from PySide6.QtWidgets import QMessageBox


def assert_touch_sized(box):
    buttons = box.buttons()
    assert buttons
    for button in buttons:
        assert button.height() >= 48 and button.width() >= 48, (button.text(), button.size())
        needed = button.fontMetrics().horizontalAdvance(button.text().replace("&", ""))
        assert needed <= button.contentsRect().width(), button.text()


def test_annuler_le_ticket_and_quitter_boxes_have_48_px_buttons(qtbot, window):
    open_till(qtbot, window)
    tap_article(qtbot, window, 1013)
    tap(qtbot, window.till.cancel_ticket_button)
    box = window.till.confirm_box
    qtbot.waitUntil(box.isVisible, timeout=2000)
    assert_touch_sized(box)
    tap(qtbot, box.button(QMessageBox.StandardButton.No))
    window.close()  # a ticket in progress: Quitter asks first
    box = window.quit_box
    qtbot.waitUntil(box.isVisible, timeout=2000)
    assert_touch_sized(box)
    tap(qtbot, box.button(QMessageBox.StandardButton.No))
    assert window.isVisible() and window.till.draft.lines
