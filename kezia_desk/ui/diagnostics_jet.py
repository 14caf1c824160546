"""The Diagnostic's « Journal technique (JET) » tab: the signed technical event log, newest first, filtered by
kind of event, and « Vérifier le journal » (every chain and signature, in a worker thread; the run is itself an
event of the log).
"""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.fiscal import JET_LABELS
from .widgets.async_task import french_message, run_task
from .widgets.touch import MIN_TOUCH_SIZE, TouchButton

ALL = "Tous les événements"


class JetPanel(QWidget):
    def __init__(self, till: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jetPanel")
        self.till = till
        self.filter = QComboBox(self)
        self.filter.setObjectName("jetFilter")
        self.filter.setMinimumHeight(MIN_TOUCH_SIZE)
        self.filter.addItem(ALL, None)
        for code, label in sorted(JET_LABELS.items(), key=lambda item: int(item[0])):
            self.filter.addItem(f"{int(code)} — {label}", int(code))
        self.filter.currentIndexChanged.connect(self.refresh)
        self.verify_button = TouchButton("Vérifier le journal", self, role="action")
        self.verify_button.clicked.connect(self.verify)
        self.result = QLabel(self)
        self.result.setObjectName("verifyResult")
        self.result.setWordWrap(True)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("jetTable")
        self.table.setHorizontalHeaderLabels(["Date et heure", "Code", "Événement", "Par", "Détail"])
        header = self.table.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        top = QHBoxLayout()
        top.addWidget(QLabel("Afficher :", self))
        top.addWidget(self.filter, 1)
        top.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.result)
        layout.addWidget(self.table, 1)
        self._task: Any = None
        self.refresh()

    def refresh(self) -> None:
        try:
            entries = self.till.events.entries(code=self.filter.currentData())
        except Exception as exc:  # noqa: BLE001 - a Diagnostic that cannot read says so
            self.result.setText(french_message(exc, "Le journal technique n'a pas pu être lu."))
            return
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            values = (entry.at.strftime("%d/%m/%Y %H:%M:%S"), str(entry.code), entry.label, entry.by, entry.detail)
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeRowsToContents()

    def verify(self) -> None:
        if self._task is not None and not self._task.done():
            return  # a second tap while the check runs: one check
        self.verify_button.setEnabled(False)
        self.result.setText("Vérification du journal en cours…")
        self._task = run_task(self.till.verify_journal_in_worker(), self._verified, self._failed)

    def _verified(self, check: Any) -> None:
        self.verify_button.setEnabled(True)
        if check.ok:
            self.result.setText(f"Journal intègre. {check.summary_fr()}.")
        else:
            self.result.setText(f"Journal ALTÉRÉ : {check.failure}.")
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        self.verify_button.setEnabled(True)
        self.result.setText(french_message(error, "La vérification n'a pas pu se faire."))
