"""UI fixtures: the real main window on the real till services over a temporary demo database.

Only widget unit tests that need no database use tests/kd_fixtures/fakes.py; anything about sales being recorded goes
through the real services (kezia_desk.wiring.build_services) on a tmp_path SQLite file seeded with the demo shop.
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest
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
