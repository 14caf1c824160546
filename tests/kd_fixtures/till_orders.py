"""The cashier's COMMANDES form filled the same way by every test that needs a till order (importable from any
test folder, unlike a test module)."""
from __future__ import annotations

from PySide6.QtCore import Qt

__all__ = ["fill_order", "tap_item"]
LEFT = Qt.MouseButton.LeftButton


def tap_item(qtbot, list_widget, text):
    item = next(list_widget.item(i) for i in range(list_widget.count()) if text in list_widget.item(i).text())
    qtbot.mouseClick(list_widget.viewport(), LEFT, pos=list_widget.visualItemRect(item).center())


def fill_order(qtbot, kezia):
    """Tap COMMANDES, create the customer, deliver, two Regina Moyenne with cheese, a Coca, 5 € paid."""
    window = kezia.window
    qtbot.mouseClick(window.home.orders_button, LEFT)
    form = window.till_orders_ui.form
    assert window.current_screen() is form
    qtbot.mouseClick(form.new_customer_button, LEFT)
    dialog = form.customer_dialog
    for key, text in (("first_name", "Nadia"), ("last_name", "Benali"), ("phone", "+33611112222"),
                      ("address_1", "3 rue des Lilas"), ("postal_code", "69003"), ("city", "Lyon")):
        qtbot.keyClicks(dialog.inputs[key], text)
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert "Nadia Benali" in form.customer_label.text()
    qtbot.mouseClick(form.service_buttons[next(s for s in form.service_buttons if s.value == "delivery")], LEFT)
    qtbot.keyClicks(form.article_search, "regina moy")
    tap_item(qtbot, form.article_list, "Regina Moyenne")
    qtbot.mouseClick(form.plus_button, LEFT)
    form.option_choice.setCurrentIndex(next(i for i in range(form.option_choice.count())
                                            if form.option_choice.itemText(i).startswith("Supplément fromage")))
    qtbot.mouseClick(form.add_option_button, LEFT)
    form.article_search.clear()
    qtbot.keyClicks(form.article_search, "2001")
    tap_item(qtbot, form.article_list, "Coca-Cola 33 cl")
    qtbot.keyClicks(form.notes, "Code portail 1234")
    qtbot.keyClicks(form.paid, "5")
    assert "31,00" in form.total_label.text()
    return form
