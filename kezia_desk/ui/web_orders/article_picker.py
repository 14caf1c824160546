"""« Article inconnu → article de la caisse »: find the till article by typing part of its name or its code.

A catalog holds dozens to hundreds of articles; a drop-down starting at « 2001 — Coca-Cola » makes the cashier
scroll for the pizza. Here the list filters as one types (name, category, IDART), rows are finger-sized, and a
tap on a row is the choice (made once: a double tap maps the line once).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ..widgets.touch import MIN_TOUCH_SIZE, FitsScreen, InlineMessage, TouchButton

if TYPE_CHECKING:
    from ...services.catalog import CatalogService


ROW_HEIGHT = MIN_TOUCH_SIZE + 8


class ArticlePickerDialog(FitsScreen, QDialog):
    chosen = Signal(int)  # the IDART tapped

    def __init__(self, catalog: CatalogService, line_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articlePicker")
        self.setWindowTitle("Article de la caisse")
        self.catalog = catalog
        self.answered = False
        title = QLabel(f"Remplacer « {line_label} » par :", self)
        title.setObjectName("dialogTitle")
        title.setWordWrap(True)
        self.search = QLineEdit(self)
        self.search.setMinimumHeight(MIN_TOUCH_SIZE)
        self.search.setPlaceholderText("Nom ou code de l'article (IDART)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.filter)
        self.list = QListWidget(self)
        self.list.setObjectName("articlePickerList")
        self.list.setUniformItemSizes(True)
        self.list.itemClicked.connect(self._choose)
        self.message = InlineMessage(self)
        self.cancel_button = TouchButton("Annuler", self, role="nav")
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.cancel_button)
        self.resize(620, 640)
        self.filter("")
        self.search.setFocus()

    def filter(self, text: str) -> None:
        self.list.clear()
        try:
            articles = self.catalog.list_articles(text, include_inactive=False)
        except Exception as exc:  # noqa: BLE001 - StoreError: say it, keep the dialog
            self.message.show_error(getattr(exc, "message_fr", None) or "Le catalogue n'a pas pu être lu.")
            return
        for article in articles:
            item = QListWidgetItem(f"{article.idart}  {article.name} — {article.price.format_fr()}")
            item.setData(Qt.ItemDataRole.UserRole, article.idart)
            item.setSizeHint(QSize(0, ROW_HEIGHT))
            self.list.addItem(item)
        if articles:
            self.message.clear_message()
        else:
            self.message.show_info(f"Aucun article ne correspond à « {text.strip()} ».")

    def _choose(self, item: QListWidgetItem) -> None:
        if self.answered:
            return
        self.answered = True
        self.accept()
        self.chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))
