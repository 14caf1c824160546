"""Diagnostic: the last polls with their outcome, the updates waiting or failed, the events kept aside with their
raw JSON — what a technician needs, like the connection logs HubRise shows — and the till's signed technical
event log (JET, ui/diagnostics_jet.py).
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain.shop_time import shop_clock
from ..domain.text import plural
from .diagnostics_jet import JetPanel
from .widgets.touch import FitsScreen, TouchButton

if TYPE_CHECKING:  # the services bundle the composition root gives every screen
    from ..services.registry import Services


def _table(headers: list[str], parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    return table


class DiagnosticsDialog(FitsScreen, QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diagnostics")
        self.setWindowTitle("Diagnostic HubRise")
        self.setModal(False)
        self.services = services
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.polls = _table(["Heure", "Résultat", "Détail", "Événements",
                             "Durée (ms)"], self)
        self.aside = _table(["Heure", "Événement", "Raison"], self)
        self.raw = QPlainTextEdit(self)
        self.raw.setReadOnly(True)
        self.aside.itemSelectionChanged.connect(self._show_raw)
        aside_page = QWidget(self)
        aside_layout = QVBoxLayout(aside_page)
        aside_layout.addWidget(self.aside, 1)
        aside_layout.addWidget(QLabel("Contenu brut reçu :", aside_page))
        aside_layout.addWidget(self.raw, 1)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.polls, "Relèves")
        self.aside_tab = self.tabs.addTab(aside_page, "Commandes mises de côté")
        self.jet = JetPanel(services.till, self)
        self.jet_tab = self.tabs.addTab(self.jet, "Journal technique (JET)")
        self.refresh_button = TouchButton("Actualiser", self, role="nav")
        self.refresh_button.clicked.connect(self.refresh)
        self.close_button = TouchButton("Fermer", self, role="nav")
        self.close_button.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.refresh_button)
        layout.addWidget(self.close_button)
        self.resize(960, 640)
        self.refresh()

    def refresh(self) -> None:
        self.jet.refresh()
        web, link = self.services.web_orders, self.services.link_status
        last = link.last_success_at.strftime("%H:%M:%S") if link.last_success_at else "jamais"
        self.summary.setText(f"{link.current.text} — dernier contact réussi : {last} — "
                             f"{plural(link.pending_count(), 'mise à jour', 'mises à jour')} en attente, "
                             f"{link.failed_count()} en erreur")
        polls = web.recent_polls(100)
        self.polls.setRowCount(len(polls))
        for row, poll in enumerate(polls):
            for column, key in enumerate(("at", "outcome", "detail", "events", "duration_ms")):
                value = shop_clock(poll[key]) if key == "at" else str(poll[key])
                self.polls.setItem(row, column, QTableWidgetItem(value))
        self.kept = web.kept_aside()
        self.tabs.setTabText(self.aside_tab, f"Commandes mises de côté ({str(len(self.kept))})")
        self.aside.setRowCount(len(self.kept))
        for row, entry in enumerate(self.kept):
            for column, key in enumerate(("at", "event_id", "reason")):
                value = shop_clock(entry[key]) if key == "at" else str(entry[key])
                self.aside.setItem(row, column, QTableWidgetItem(value))

    def _show_raw(self) -> None:
        rows = self.aside.selectionModel().selectedRows()
        if rows:
            raw = self.kept[rows[0].row()]["raw"]
            try:
                raw = json.dumps(json.loads(raw), indent=2, ensure_ascii=False)
            except ValueError:
                pass
            self.raw.setPlainText(raw)
