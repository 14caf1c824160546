"""UI fixtures: the real main window on the real till services over a temporary demo database.

Only widget unit tests that need no database use tests/ui/fakes.py; anything about sales being recorded goes
through the real services (kezia_desk.wiring.build_services) on a tmp_path SQLite file seeded with the demo shop.
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kezia_desk.services.registry import Services


@pytest.fixture
def database(tmp_path):
    from kezia_desk.store.database import open_database
    from kezia_desk.store.demo_seed import seed_demo_data

    db = open_database(tmp_path)
    seed_demo_data(db)
    yield db
    db.conn.close()


@pytest.fixture
def services(database) -> Services:
    """Every service, built by the composition root's build_services (the HubRise link left unconnected)."""
    from kd_fixtures.shop import backend_for

    return backend_for(database).services


@pytest.fixture
def window(qtbot, services) -> Iterator:
    from kezia_desk.ui.main_window import MainWindow

    main_window = MainWindow(services)
    qtbot.addWidget(main_window)
    main_window.resize(1024, 768)
    main_window.show()
    yield main_window
    for dialog in main_window.findChildren(QWidget):
        if dialog.isWindow() and dialog.isVisible() and dialog is not main_window:
            dialog.close()


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
