"""One money parser for every money field: « 1e1 » and « 1_5 » (which Python's Decimal reads as 10 and 15) are
refused in the COMMANDES deposit and the article price, as in the payment dialog, and nothing typed is lost."""
from __future__ import annotations

import pytest
from kd_fixtures.sellers import give_manager_pin
from kd_fixtures.till import tap
from kd_fixtures.till_orders import fill_order
from PySide6.QtCore import Qt

from kezia_desk.domain.money import Money

LEFT = Qt.MouseButton.LeftButton


@pytest.mark.parametrize("typed", ["1e1", "1_5", "nan", "12,505"])
def test_article_price_refuses_what_is_not_money(qtbot, window, typed):
    tap(qtbot, window.home.articles_button)
    screen = window.articles
    tap(qtbot, screen.new_button)
    give_manager_pin(qtbot, window)  # articles and prices are a manager's (the rights gate)
    dialog = screen.dialog
    qtbot.keyClicks(dialog.name_edit, "Pizza du chef")
    dialog.category_box.setCurrentText("Pizzas")
    qtbot.keyClicks(dialog.price_edit, typed)
    tap(qtbot, dialog.save_button)
    assert dialog.isVisible() and dialog.message.level == "error"
    assert "Prix invalide" in dialog.message.text() or "décimales" in dialog.message.text()
    assert dialog.price_edit.text() == typed and dialog.name_edit.text() == "Pizza du chef"
    assert not any(a.name == "Pizza du chef" for a in window.services.catalog.list_articles())
    dialog.price_edit.clear()
    qtbot.keyClicks(dialog.price_edit, "15")
    tap(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.services.catalog.get(dialog.saved_article.idart).price == Money.of("15.00")


@pytest.mark.parametrize("typed", ["1e1", "1_5"])
def test_commandes_deposit_refuses_what_is_not_money(qtbot, unconnected, typed):
    kezia = unconnected()  # a real shop: the demo is in mode formation, its tickets in no fiscal chain
    form = fill_order(qtbot, kezia)
    form.paid.clear()
    qtbot.keyClicks(form.paid, typed)
    qtbot.mouseClick(form.ok_button, LEFT)
    assert kezia.window.current_screen() is form
    assert form.message.text() == f"Acompte illisible : « {typed} ». Tapez un montant comme 12,50."
    assert kezia.services.till_orders.in_progress() == [], "no order stored with a 10 € or 15 € deposit"
    assert form.paid.text() == typed
