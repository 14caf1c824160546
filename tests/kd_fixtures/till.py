"""A cashier's gestures on the till, shared by the UI tests of every folder: a finger tap, opening the till as a
seller, tapping an article, typing on a keypad."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

__all__ = ["tap", "open_till", "tap_article", "type_on_keypad"]


def tap(qtbot, widget: QWidget) -> None:
    """A finger tap: a left click in the middle of the widget."""
    assert widget.isVisible(), f"{widget!r} n'est pas visible"
    assert widget.isEnabled(), f"{widget!r} est désactivé"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def open_till(qtbot, window, seller_name: str = "Karim") -> None:
    """CAISSE, then the seller's button, as a cashier starts a shift."""
    tap(qtbot, window.home.till_button)
    button = window.seller_screen.button_for(seller_name)
    assert button is not None, f"pas de bouton pour {seller_name}"
    tap(qtbot, button)
    assert window.current_screen() is window.till


def tap_article(qtbot, window, idart: int) -> None:
    """Open the article's category, then tap its button."""
    article = window.services.catalog.get(idart)
    panel = window.till.products
    for name, button in panel.category_buttons.items():
        if idart in {a.idart for a in _articles_of(window, name)}:
            tap(qtbot, button)
            break
    tap(qtbot, panel.button_for(article.idart))


def _articles_of(window, category: str):
    from kezia_desk.ui.till.product_panel import till_categories_from

    return dict(till_categories_from(window.services.catalog)).get(category, [])


def type_on_keypad(qtbot, keypad, text: str) -> None:
    """Tap the keypad's keys one by one ("12,5" → 1, 2, comma, 5)."""
    for char in text:
        tap(qtbot, keypad.keys[char])
