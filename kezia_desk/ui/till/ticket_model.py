"""The current ticket as a Qt table model (Article, Qté, P.U., Total) over the domain's TicketDraft.

The draft stays the single source of truth: the till screen changes it through the domain's methods (which
check quantities) and then calls `refresh()`, so the table can never disagree with what will be recorded.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ...domain.ticket import TicketDraft, TicketLine


def format_quantity(quantity: Decimal) -> str:
    """3 → "3", 0.250 → "0,25": French decimal comma, no useless zeros."""
    text = f"{quantity.normalize():f}"
    return text.replace(".", ",")



class TicketTableModel(QAbstractTableModel):
    COLUMNS = ("Article", "Qté", "P.U.", "Total")
    ARTICLE, QUANTITY, UNIT_PRICE, TOTAL = range(4)

    def __init__(self, draft: TicketDraft | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._draft = draft or TicketDraft()

    @property
    def draft(self) -> TicketDraft:
        return self._draft

    def set_draft(self, draft: TicketDraft) -> None:
        self.beginResetModel()
        self._draft = draft
        self.endResetModel()

    def refresh(self) -> None:
        """Call after changing the draft: lines may have been added, merged or removed."""
        self.beginResetModel()
        self.endResetModel()

    def line(self, row: int) -> TicketLine:
        return self._draft.lines[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._draft.lines)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(section)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._draft.lines):
            return None
        line = self._draft.lines[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.ARTICLE:
                return line.label + (f" — {line.note}" if line.note else "")
            if column == self.QUANTITY:
                return format_quantity(line.quantity)
            if column == self.UNIT_PRICE:
                return line.unit_price.format_fr()
            if column == self.TOTAL:
                return line.total.format_fr()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(column)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.ARTICLE:
            return line.label
        return None

    def _alignment(self, column: int) -> int:
        if column == self.ARTICLE:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
