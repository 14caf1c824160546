"""The catalog as a Qt table model: IDART, Nom, Catégorie, Prix TTC, TVA, Option, Actif.

The IDART column is always shown: it is the ref code HubRise carries, and the installer types it into the web
shop's catalog, so it must be readable at a glance.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ...domain.catalog import Article

if TYPE_CHECKING:
    from decimal import Decimal



def format_rate(rate: Decimal | str) -> str:
    return f"{rate} %".replace(".", ",")


class ArticlesTableModel(QAbstractTableModel):
    COLUMNS = ("IDART", "Nom", "Catégorie", "Prix TTC", "TVA", "Option", "Actif")
    IDART, NAME, CATEGORY, PRICE, VAT, OPTION, ACTIVE = range(7)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._articles: list[Article] = []

    def set_articles(self, articles: Sequence[Article]) -> None:
        self.beginResetModel()
        self._articles = list(articles)
        self.endResetModel()

    def article(self, row: int) -> Article | None:
        return self._articles[row] if 0 <= row < len(self._articles) else None

    def row_of(self, idart: int) -> int | None:
        for row, article in enumerate(self._articles):
            if article.idart == idart:
                return row
        return None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._articles)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        article = self.article(index.row()) if index.isValid() else None
        if article is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(article, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in (self.IDART, self.PRICE, self.VAT):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if column in (self.OPTION, self.ACTIVE):
                return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and not article.active:
            return QColor("#8a8a8a")
        return None

    def _text(self, article: Article, column: int) -> str:
        if column == self.IDART:
            return "" if article.idart is None else str(article.idart)
        if column == self.NAME:
            return article.name
        if column == self.CATEGORY:
            return article.category
        if column == self.PRICE:
            return article.price.format_fr()
        if column == self.VAT:
            return format_rate(article.vat_rate)
        if column == self.OPTION:
            return "Oui" if article.is_option else ""
        if column == self.ACTIVE:
            return "Oui" if article.active else "Non"
        return ""
