"""A customer's note with emoji reads as emoji in the Fiche commande (a colour emoji font: fonts-noto-color-emoji
in .ci/run's and the guide's Debian packages), not as empty boxes."""
from kd_fixtures.web_orders import payload, start_till
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontDatabase

LEFT = Qt.MouseButton.LeftButton


def coloured_pixels(image) -> int:
    """Pixels of a strong colour: the till's text is dark grey on white, a colour emoji is red, yellow, green."""
    count = 0
    for x in range(image.width()):
        for y in range(image.height()):
            colour = QColor(image.pixel(x, y))
            if colour.hsvSaturation() > 120 and colour.value() > 80:
                count += 1
    return count


def test_a_note_with_emoji_shows_them_in_colour(qtbot, connected, live_sandbox):
    assert "Noto Color Emoji" in QFontDatabase.families(), "apt-get install fonts-noto-color-emoji (.ci/run)"
    kezia = connected()
    window = start_till(qtbot, kezia)
    ui = window.web_orders_ui
    plain, with_emoji = payload("Zoé"), payload("Zoé")
    plain["customer_notes"] = "Sonner deux fois"
    with_emoji["customer_notes"] = "🍕🍕 Sonner deux fois 🔔🎉"
    colours = []
    for order in (plain, with_emoji):
        live_sandbox.sandbox.place_shop_order(order)
        qtbot.waitUntil(lambda: ui.alert.count == 1, timeout=8000)
        qtbot.mouseClick(ui.alert.view_button, LEFT)
        detail = next(d for d in ui.details.values() if d.isVisible())
        assert order["customer_notes"] in detail.body.toPlainText()
        colours.append(coloured_pixels(detail.body.viewport().grab().toImage()))
        qtbot.mouseClick(detail.close_button, LEFT)
    assert colours[1] - colours[0] > 100, colours  # the four emoji, in colour; empty boxes would be grey
