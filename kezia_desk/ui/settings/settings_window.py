"""Paramètres Web: the platform choice, then the window with its tabs Connexion, Personnalisation, E/S and Fermer
(settings_wiring.py opens them behind the manager PIN)."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..widgets.touch import FitsScreen, TouchButton
from .connection_tab import ConnectionTab
from .exports_tab import ExportsTab
from .preferences_tab import PreferencesTab

if TYPE_CHECKING:  # the services bundle the composition root gives every screen
    from ...services.connection import Platform
    from ...services.registry import Services


class PlatformDialog(FitsScreen, QDialog):
    """Kezia's first step: which online-ordering platform to set up (HubRise is the one this till supports)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Paramètres Web")
        self.setModal(True)
        title = QLabel("Choisissez la plateforme de commandes en ligne", self)
        title.setObjectName("dialogTitle")
        title.setWordWrap(True)
        self.hubrise_button = TouchButton("HubRise", self, role="primary", min_height=80)
        self.cancel_button = TouchButton("Annuler", self)
        self.hubrise_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.hubrise_button)
        layout.addWidget(self.cancel_button)
        self.resize(480, 260)


class ScrollingTabs(QTabWidget):
    """Tabs whose pages scroll when the screen is shorter than they are (800×600): the window then fits the
    screen and its Fermer stays on it. `setCurrentWidget(page)` takes the page itself, as with QTabWidget."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._areas: dict[QWidget, QScrollArea] = {}

    def add_page(self, page: QWidget, label: str) -> None:
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setWidget(page)
        self._areas[page] = area
        self.addTab(area, label)

    def setCurrentWidget(self, widget: QWidget) -> None:  # Qt's name
        super().setCurrentWidget(self._areas.get(widget, widget))


class WebSettingsWindow(FitsScreen, QDialog):
    def __init__(self, services: Services, sandbox_url: str, production: Callable[[], Platform],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("webSettingsWindow")
        self.setWindowTitle("Paramètres Web — HubRise")
        self.tabs = ScrollingTabs(self)
        self.tabs.setStyleSheet("QTabBar::tab { min-height: 48px; min-width: 160px; font-size: 16px; }")
        self.connection_tab = ConnectionTab(services, sandbox_url, production, self.tabs)
        self.preferences_tab = PreferencesTab(services, self.tabs)
        self.exports_tab = ExportsTab(services, self.tabs)
        self.tabs.add_page(self.connection_tab, "Connexion")
        self.tabs.add_page(self.preferences_tab, "Personnalisation")
        self.tabs.add_page(self.exports_tab, "E/S")
        self.tabs.currentChanged.connect(lambda _i: self.connection_tab.refresh())
        self.close_button = TouchButton("Fermer", self, role="nav")
        self.close_button.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self.resize(1000, 740)
