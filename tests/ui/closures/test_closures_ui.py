"""Clôtures driven as a manager does: fond de caisse, Lecture X (nothing written), Clôture Z with the PIN and the
cash count (a second Z refused, a double tap acting once), a corrected count, the CSV, the chart; and a deposit
taken in COMMANDES that counts in the day's X the moment it is taken."""
from __future__ import annotations

import pytest
from kd_fixtures.screenshots import shot
from kd_fixtures.till import open_till, tap, tap_article, type_on_keypad
from kd_fixtures.till_orders import fill_order
from PySide6.QtCore import Qt

from kezia_desk.domain.closure import ClosureKind
from kezia_desk.domain.ticket import PaymentMethod

LEFT = Qt.MouseButton.LeftButton


def sell(qtbot, window, idart, method=PaymentMethod.CARD, cash=None):
    till = window.till
    tap_article(qtbot, window, idart)
    tap(qtbot, till.payment_buttons[method])
    dialog = till.payment_dialog
    if cash is not None:
        type_on_keypad(qtbot, dialog.keypad, cash)
    before = till.last_closed
    tap(qtbot, dialog.validate_button)
    qtbot.waitUntil(lambda: till.last_closed is not before)
    return till.last_closed


def open_closures(qtbot, window):
    window.show_home()
    tap(qtbot, window.home.closures_button)
    screen = window.closures_ui.closures
    assert window.current_screen() is screen
    return screen


def manager_pin(qtbot, screen):
    dialog = screen.pin_dialog
    assert dialog.isVisible()
    type_on_keypad(qtbot, dialog.keypad, "1234")
    tap(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def count_total(qtbot, screen, typed):
    dialog = screen.count_dialog
    qtbot.waitUntil(lambda: dialog.isVisible())
    qtbot.keyClicks(dialog.total_edit, typed)
    tap(qtbot, dialog.ok_button)


@pytest.mark.screenshot
def test_float_x_z_count_correction_and_csv(qtbot, unconnected, tmp_path):
    kezia = unconnected()
    window, closures = kezia.window, kezia.services.closures
    open_till(qtbot, window, "Karim")
    sold = [sell(qtbot, window, 1003, PaymentMethod.CASH, "20"), sell(qtbot, window, 2001),
            sell(qtbot, window, 1012, PaymentMethod.CASH, "15")]
    screen = open_closures(qtbot, window)
    # Fond de caisse counted note by note: five 20 € notes.
    tap(qtbot, screen.float_button)
    dialog = screen.count_dialog
    for _ in range(5):
        tap(qtbot, dialog.plus_buttons[2000])
    assert "100,00" in dialog.sum_label.text()
    shot(dialog, "cash_count.png")
    tap(qtbot, dialog.ok_button)
    assert screen.message.text() == "Fond de caisse du jour : 100,00\u00a0€."
    # Lecture X: the figures, nothing written.
    tap(qtbot, screen.x_button)
    text = screen.detail.toPlainText()
    assert "Lecture X" in text and "Espèces attendues dans le tiroir" in text
    assert closures.closures() == []
    cash = sum(t.total.cents for t in sold if t.payments[0].method is PaymentMethod.CASH)
    assert closures.reading_x().expected_cash_cents == 10000 + cash
    shot(window, "closures_x.png")
    # Clôture Z: PIN, count (1 € too much), stored.
    qtbot.mouseClick(screen.z_button, LEFT)
    qtbot.mouseClick(screen.z_button, LEFT)  # a double tap: one PIN question, the button is grey
    assert not screen.z_button.isEnabled()
    manager_pin(qtbot, screen)
    count_total(qtbot, screen, f"{(10000 + cash + 100) // 100},{(10000 + cash + 100) % 100:02d}")
    qtbot.waitUntil(lambda: "Clôture Z n° 1" in screen.message.text())
    [z] = closures.closures(ClosureKind.DAY)
    assert "écart de caisse 1,00" in screen.message.text() and z.difference_cents == 100
    assert z.figures.grand_total == sum(t.total.cents for t in sold)
    assert sum(v.ttc for v in z.figures.by_vat.values()) == z.figures.grand_total
    assert z.figures.by_payment == {"carte": sold[1].total.cents, "especes": cash}
    assert screen.table.rowCount() == 1 and "Écart" in screen.detail.toPlainText()
    qtbot.wait(200)  # the chart legend is laid out on the next paint
    shot(window, "closures_z.png")
    # A second Z of the day is refused.
    tap(qtbot, screen.z_button)
    manager_pin(qtbot, screen)
    count_total(qtbot, screen, "0")
    assert screen.message.text().startswith("La clôture Z du ") and "déjà faite (n° 1)" in screen.message.text()
    assert len(closures.closures(ClosureKind.DAY)) == 1
    # A typo in the count: a new, linked count; the Z keeps its first count.
    screen.select_closure(z.number)
    tap(qtbot, screen.correct_button)
    manager_pin(qtbot, screen)
    count_total(qtbot, screen, f"{(10000 + cash) // 100},{(10000 + cash) % 100:02d}")
    qtbot.waitUntil(lambda: "corrigé" in screen.message.text())
    assert "Comptage corrigé" in screen.detail.toPlainText() and "écart 0,00" in screen.detail.toPlainText()
    assert closures.get(z.number).counted_cash_cents == z.counted_cash_cents
    # The chart: the day's sales per hour, channel « Caisse ».
    series = screen.chart.series
    assert [series.barSets()[i].label() for i in range(series.count())] == ["Caisse"]
    bars = series.barSets()[0]
    assert round(sum(bars.at(i) for i in range(bars.count())) * 100) == z.figures.grand_total
    # CSV through the file dialog.
    tap(qtbot, screen.export_button)
    out = tmp_path / "export.csv"
    screen.file_dialog.selectFile(str(out))
    screen.file_dialog.accept()
    qtbot.waitUntil(lambda: out.exists())
    assert out.read_bytes().startswith(b"\xef\xbb\xbfnumero;type;periode")
    assert screen.message.text() == "1 clôture exportée dans « export.csv »."


def test_a_deposit_counts_in_the_day_the_moment_it_is_taken(qtbot, unconnected):
    kezia = unconnected()
    window = kezia.window
    form = fill_order(qtbot, kezia)  # 5 € deposit in cash
    qtbot.mouseClick(form.ok_button, LEFT)
    qtbot.waitUntil(lambda: window.current_screen() is window.till_orders_ui.screen)
    screen = open_closures(qtbot, window)
    tap(qtbot, screen.x_button)
    reading = kezia.services.closures.reading_x()
    assert reading.figures.deposits_taken == {"especes": 500} and reading.expected_cash_cents == 500
    assert "Acomptes reçus" in screen.detail.toPlainText() and "5,00" in screen.detail.toPlainText()
    # Invoiced later: the deposit is deducted (an « acompte » payment), not taken twice.
    window.choose_seller(kezia.services.sellers.list_sellers()[1])
    window.till_orders_ui.open_list()
    window.till_orders_ui.screen.table.selectRow(0)
    qtbot.mouseClick(window.till_orders_ui.screen.invoice_button, LEFT)
    till = window.till
    qtbot.mouseClick(till.payment_buttons[PaymentMethod.CARD], LEFT)
    qtbot.mouseClick(till.payment_dialog.validate_button, LEFT)
    qtbot.waitUntil(lambda: till.last_closed is not None, timeout=3000)
    figures = kezia.services.closures.reading_x().figures
    assert figures.deposits_used_cents == 500 and figures.by_payment == {"acompte": 500, "carte": 2600}
    assert kezia.services.closures.reading_x().expected_cash_cents == 500
    assert kezia.services.till.verify_journal().ok
