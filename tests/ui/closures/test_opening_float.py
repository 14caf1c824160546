"""The opening float asked when the till opens: counted by the seller (notes and coins, or a total) and recorded as
the day's float (a signed record of the closures chain), or skipped with « Passer », which says the Z will expect
no float; asked once a day, never blocking a sale, never after the day's Z."""
from __future__ import annotations

import pytest
from kd_fixtures.screenshots import shot
from kd_fixtures.till import open_till, tap, tap_article, type_on_keypad
from PySide6.QtCore import Qt

from kezia_desk.domain.fiscal import Chain
from kezia_desk.domain.ticket import PaymentMethod
from kezia_desk.services.closures import local_day
from kezia_desk.ui.closures.opening_float import SKIPPED_MESSAGE

LEFT = Qt.MouseButton.LeftButton


def sell(qtbot, window, idart, method, cash=None):
    till = window.till
    tap_article(qtbot, window, idart)
    tap(qtbot, till.payment_buttons[method])
    if cash is not None:
        type_on_keypad(qtbot, till.payment_dialog.keypad, cash)
    before = till.last_closed
    tap(qtbot, till.payment_dialog.validate_button)
    qtbot.waitUntil(lambda: till.last_closed is not before)
    return till.last_closed


def float_dialog(qtbot, window):
    asking = window.closures_ui.opening_float
    qtbot.waitUntil(lambda: asking.dialog is not None and asking.dialog.isVisible())
    return asking.dialog


def today_float(kezia):
    closures = kezia.services.closures
    return closures.float_cents(local_day(closures.clock()))


def closures_records(kezia):
    return kezia.services.till.records.records(Chain.CLOSURES)


@pytest.mark.screenshot
def test_the_seller_counts_the_float_when_the_till_opens(qtbot, unconnected):
    kezia = unconnected()
    window = kezia.window
    open_till(qtbot, window, "Karim")
    dialog = float_dialog(qtbot, window)
    assert dialog.cancel_button.text() == "Passer (pas de fond)"
    assert "0,00\u00a0€ de plus" in dialog.prompt_label.text()
    shot(dialog, "opening_float.png")
    for _ in range(3):
        tap(qtbot, dialog.plus_buttons[5000])
    tap(qtbot, dialog.plus_buttons[200])
    tap(qtbot, dialog.minus_buttons[200])
    tap(qtbot, dialog.plus_buttons[100])
    assert "151,00" in dialog.sum_label.text()
    before = len(closures_records(kezia))
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.mouseClick(dialog.ok_button, LEFT)  # a double tap: one float recorded
    qtbot.waitUntil(lambda: today_float(kezia) == 15100)
    assert not dialog.isVisible()
    assert window.statusBar().currentMessage() == "Fond de caisse du jour : 151,00\u00a0€, compté par Karim."
    assert len(closures_records(kezia)) == before + 1, "one signed record of the closures chain"
    assert kezia.services.closures.store.counts("fond", local_day(kezia.services.closures.clock()))[-1].detail == {
        "5000": 3, "100": 1}
    # The float is in the drawer the X expects; opening the till again (another seller) asks nothing.
    sold = sell(qtbot, window, 1003, PaymentMethod.CASH, "20")
    assert kezia.services.closures.reading_x().expected_cash_cents == 15100 + sold.total.cents
    window.show_home()
    open_till(qtbot, window, "Léa")
    assert window.closures_ui.opening_float.dialog is dialog and not dialog.isVisible()
    assert kezia.services.till.verify_journal().ok


def test_a_typed_total_with_a_typo_is_refused_and_kept(qtbot, unconnected):
    kezia = unconnected()
    window = kezia.window
    open_till(qtbot, window, "Karim")
    dialog = float_dialog(qtbot, window)
    qtbot.keyClicks(dialog.total_edit, "1e2")
    tap(qtbot, dialog.ok_button)
    assert dialog.isVisible() and dialog.message.text() and today_float(kezia) is None
    dialog.total_edit.clear()
    qtbot.keyClicks(dialog.total_edit, "80,50")
    tap(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: today_float(kezia) == 8050)


def test_skipping_says_the_z_expects_no_float_and_is_asked_once(qtbot, unconnected):
    kezia = unconnected()
    window = kezia.window
    open_till(qtbot, window, "Karim")
    dialog = float_dialog(qtbot, window)
    before = len(closures_records(kezia))
    qtbot.mouseClick(dialog.cancel_button, LEFT)
    qtbot.mouseClick(dialog.cancel_button, LEFT)  # a double tap on « Passer »
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.statusBar().currentMessage() == SKIPPED_MESSAGE
    assert "la clôture Z attendra 0,00\u00a0€ de fond" in SKIPPED_MESSAGE
    assert today_float(kezia) is None and len(closures_records(kezia)) == before, "nothing recorded"
    sold = sell(qtbot, window, 1003, PaymentMethod.CASH, "20")
    assert kezia.services.closures.reading_x().expected_cash_cents == sold.total.cents, "0 € of float expected"
    tap(qtbot, window.till.change_seller_button)  # « Changer de vendeur » goes through the seller choice again
    tap(qtbot, window.seller_screen.button_for("Léa"))
    assert window.current_screen() is window.till and window.current_seller.name == "Léa"
    assert not dialog.isVisible(), "skipped today: not asked again at each seller change"


def test_selling_goes_on_while_the_float_question_is_open(qtbot, unconnected):
    """Never blocking: a customer is served with the question open; the float is counted afterwards."""
    kezia = unconnected()
    window = kezia.window
    open_till(qtbot, window, "Karim")
    dialog = float_dialog(qtbot, window)
    assert not dialog.isModal()
    sold = sell(qtbot, window, 2001, PaymentMethod.CARD)
    assert sold is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.total_edit, "100")
    tap(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: today_float(kezia) == 10000)


def test_not_asked_once_the_day_has_its_float_or_its_z(qtbot, unconnected):
    kezia = unconnected()
    window, closures = kezia.window, kezia.services.closures
    manager = kezia.services.sellers.list_sellers()[0]
    closures.close_day(manager, counted_cents=0)
    open_till(qtbot, window, "Karim")
    qtbot.wait(50)
    assert window.closures_ui.opening_float.dialog is None, "the day's Z is made: its float is past"
