"""1024×768 touchscreen: every button big enough to tap and no French label clipped, on every screen."""
from __future__ import annotations

import pytest
from kd_fixtures.till import open_till, tap, tap_article
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from kezia_desk.domain.ticket import PaymentMethod

MIN_TOUCH = 48


def visible_buttons(root: QWidget) -> list[QPushButton]:
    return [b for b in root.findChildren(QPushButton) if b.isVisibleTo(root) and b.isVisible()]


def text_fits(widget: QWidget, text: str, available: QRect) -> bool:
    needed = widget.fontMetrics().boundingRect(QRect(0, 0, 10_000, 10_000), int(Qt.AlignmentFlag.AlignCenter), text)
    # Qt's label size hint and boundingRect may differ by a pixel of leading; a clipped line loses far more.
    return needed.width() <= available.width() and needed.height() <= available.height() + 2


def assert_screen_fits(window, root: QWidget) -> None:
    window_rect = window.rect()
    for button in visible_buttons(root):
        assert button.height() >= MIN_TOUCH, f"« {button.text()} » : {button.height()} px de haut"
        assert button.width() >= MIN_TOUCH, f"« {button.text()} » : {button.width()} px de large"
        inner = button.rect().adjusted(4, 2, -4, -2)
        assert text_fits(button, button.text(), inner), f"texte coupé : « {button.text()} »"
        top_left = button.mapTo(window, button.rect().topLeft())
        assert window_rect.contains(QRect(top_left, button.size())), f"« {button.text()} » hors de la fenêtre"
    for label in root.findChildren(QLabel):
        if label.isVisible() and label.text() and not label.wordWrap():
            assert text_fits(label, label.text(), label.rect()), f"libellé coupé : « {label.text()} »"


@pytest.fixture
def sized_window(window, qtbot):
    window.resize(1024, 768)
    qtbot.waitUntil(lambda: window.width() == 1024)
    return window


def test_home_seller_till_and_articles_fit_1024x768(qtbot, sized_window):
    window = sized_window
    assert_screen_fits(window, window.home)
    tap(qtbot, window.home.till_button)
    assert_screen_fits(window, window.seller_screen)
    tap(qtbot, window.seller_screen.back_button)
    open_till(qtbot, window, "Sophie (gérante)")
    label = window.till.seller_label
    assert label.text() == label.full_text() == "Vendeur : Sophie (gérante)", "the demo manager's name fits"
    for idart in (1023, 1105, 2005, 3003):
        tap_article(qtbot, window, idart)
    vat = window.till.vat_label  # one line per VAT rate: every rate of the ticket must show, none squeezed out
    assert vat.text().count("TVA ") == 2
    # laid out by Qt's deferred layout pass after the last tap
    qtbot.waitUntil(lambda: text_fits(vat, vat.text(), vat.rect()), timeout=2000)
    for button in window.till.products.category_buttons.values():
        tap(qtbot, button)
        assert_screen_fits(window, window.till)
    tap(qtbot, window.till.home_button)
    tap(qtbot, window.home.articles_button)
    assert_screen_fits(window, window.articles)


def test_the_payment_window_fits_the_screen(qtbot, sized_window):
    window = sized_window
    open_till(qtbot, window)
    tap_article(qtbot, window, 1013)
    tap(qtbot, window.till.payment_buttons[PaymentMethod.MEAL_VOUCHER])
    dialog = window.till.payment_dialog
    assert dialog.width() <= 1024 and dialog.height() <= 768
    tap(qtbot, dialog.method_buttons[PaymentMethod.CASH])
    assert [b.text() for b in dialog.quick_buttons] == ["Exact 14,50\u00a0€", "15,00\u00a0€", "20,00\u00a0€",
                                                         "50,00\u00a0€"]
    for button in visible_buttons(dialog):
        assert button.height() >= MIN_TOUCH
        assert text_fits(button, button.text(), button.rect().adjusted(4, 2, -4, -2)), button.text()
    tap(qtbot, dialog.close_button)
