"""Run as a script by test_french_everywhere.py with LANG=C: builds the demo till through the composition root,
opens its screens and prints, as JSON, every text a cashier can see (widgets, menus, a text field's context menu,
the calendar's month and day names)."""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCalendarWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QTabWidget,
    QWidget,
)

from kezia_desk.app import build_app
from kezia_desk.config import AppConfig
from kezia_desk.domain.ticket import PaymentMethod


def texts_of(root: QWidget) -> set[str]:
    found: set[str] = {root.windowTitle()}
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            found.add(widget.text())
        if isinstance(widget, QLineEdit):
            found.add(widget.placeholderText())
        if isinstance(widget, QGroupBox):
            found.add(widget.title())
        if isinstance(widget, QTabWidget):
            found.update(widget.tabText(i) for i in range(widget.count()))
        if isinstance(widget, QTableView) and widget.model() is not None:
            model = widget.model()
            found.update(str(model.headerData(c, widget.horizontalHeader().orientation()) or "")
                         for c in range(model.columnCount()))
    return found


def menu_texts(menu: QMenu) -> set[str]:
    found = {menu.title()}
    for action in menu.actions():
        found.add(action.text())
        if action.menu() is not None:
            found |= menu_texts(action.menu())
    return found


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    data = Path(tempfile.mkdtemp())
    kezia = build_app(AppConfig(data_dir=data, demo=True, use_keyring=False, demo_first_order_after=10_000))
    window = kezia.window
    window.resize(1024, 768)
    window.show()
    seen: set[str] = set()

    def look() -> None:
        app.processEvents()
        for top in app.topLevelWidgets():
            if top.isVisible():
                seen.update(texts_of(top))

    look()
    for action in window.menuBar().actions():
        if action.menu() is not None:
            seen.update(menu_texts(action.menu()))
    field = QLineEdit(window)
    seen.update(action.text() for action in field.createStandardContextMenu().actions())
    calendar = QCalendarWidget()
    locale = calendar.locale()
    seen.update(locale.monthName(month) for month in range(1, 13))
    seen.update(locale.dayName(day, locale.FormatType.ShortFormat) for day in range(1, 8))
    window.show_seller_choice()
    look()
    window.choose_seller(kezia.services.sellers.list_sellers()[0])
    look()
    window.till.add_article(kezia.services.catalog.get(1013))
    window.till.start_payment(PaymentMethod.CASH)  # the Espèces keypad and its quick amounts
    look()
    window.till.payment_dialog.reject()
    diagnostics = window.web_orders_ui.open_diagnostics()
    look()
    diagnostics.close()
    window.show_articles()
    look()
    for opener in (window.open_web_orders, window.open_orders_in_progress, window.open_new_order,
                   window.open_web_settings):
        opener()
        look()
    print(json.dumps(sorted(text for text in seen if text)))
    window.close()


if __name__ == "__main__":
    main()
