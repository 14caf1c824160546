"""« Article inconnu → article de la caisse »: a searchable list (name or IDART), finger-sized rows, one tap."""
import pytest
from kd_fixtures.screenshots import shot
from kd_fixtures.web_orders import payload, start_till
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kezia_desk.ui.web_orders.article_picker import ArticlePickerDialog

LEFT = Qt.MouseButton.LeftButton


def tap_row(qtbot, list_widget, row):
    qtbot.mouseClick(list_widget.viewport(), LEFT, pos=list_widget.visualItemRect(list_widget.item(row)).center())


def texts(list_widget):
    return [list_widget.item(i).text() for i in range(list_widget.count())]


def open_unknown(qtbot, kezia, sandbox):
    window = start_till(qtbot, kezia)
    ui = window.web_orders_ui
    sandbox.place_shop_order(payload("Inès", ref="PIZZA-XL"))
    qtbot.waitUntil(lambda: ui.alert.count == 1, timeout=8000)
    qtbot.mouseClick(ui.alert.view_button, LEFT)
    detail = next(d for d in ui.details.values() if d.isVisible())
    assert detail.map_button.isVisible() and "PIZZA-XL" in detail.line_combo.currentText()
    return ui, detail


@pytest.mark.screenshot
def test_the_picker_filters_by_name_and_by_idart_and_one_tap_maps(qtbot, connected, live_sandbox):
    kezia = connected()
    ui, detail = open_unknown(qtbot, kezia, live_sandbox.sandbox)
    messages = []
    ui.controller.message.connect(lambda text, level: messages.append((level, text)))
    qtbot.mouseClick(detail.map_button, LEFT)
    qtbot.mouseClick(detail.map_button, LEFT)  # a double tap opens one list
    picker = detail.picker
    assert [w for w in QApplication.topLevelWidgets() if isinstance(w, ArticlePickerDialog) and w.isVisible()] == [
        picker]
    everything = picker.list.count()
    assert everything == len(kezia.services.catalog.list_articles(include_inactive=False)) > 30
    qtbot.keyClicks(picker.search, "regina")
    assert texts(picker.list) == ["1011  Regina Petite — 9,50\u00a0€", "1012  Regina Moyenne — 12,00\u00a0€",
                                  "1013  Regina Grande — 14,50\u00a0€"]
    assert all(picker.list.visualItemRect(picker.list.item(r)).height() >= 48 for r in range(3))
    shot(picker, "article_picker.png")
    picker.search.clear()
    qtbot.keyClicks(picker.search, "1013")
    assert texts(picker.list) == ["1013  Regina Grande — 14,50\u00a0€"]
    picker.search.clear()
    qtbot.keyClicks(picker.search, "zzz")
    assert picker.list.count() == 0 and "Aucun article ne correspond à « zzz »" in picker.message.text()
    picker.search.clear()
    qtbot.keyClicks(picker.search, "grande")
    row = next(r for r in range(picker.list.count()) if picker.list.item(r).text().startswith("1013"))
    tap_row(qtbot, picker.list, row)
    tap_row(qtbot, picker.list, row)  # the second tap of a double tap: already answered
    assert not picker.isVisible()
    assert [m for m in messages if m[0] == "success"] == [
        ("success", "Ligne remplacée ; ce code sera reconnu dans les prochaines commandes.")]
    order = kezia.services.web_orders.list_orders()[0]
    assert order.items[0].idart == 1013 and not order.items[0].unknown_article
    qtbot.waitUntil(lambda: not detail.map_button.isVisible(), timeout=3000)


def test_cancelling_the_picker_changes_nothing(qtbot, connected, live_sandbox):
    kezia = connected()
    ui, detail = open_unknown(qtbot, kezia, live_sandbox.sandbox)
    qtbot.mouseClick(detail.map_button, LEFT)
    qtbot.mouseClick(detail.picker.cancel_button, LEFT)
    assert not detail.picker.isVisible() and detail.map_button.isVisible()
    assert kezia.services.web_orders.list_orders()[0].items[0].unknown_article
    qtbot.mouseClick(detail.map_button, LEFT)  # and it opens again
    assert detail.picker.isVisible()
