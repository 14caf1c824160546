"""A table model over a paged SQL list: holds the rows fetched so far, fetches the next page when the view
scrolls near the end (canFetchMore/fetchMore), and updates only the rows a change event names.

Invariant: `rows` is always the first len(rows) rows of the query in the database, so the next page starts at
offset len(rows) and a changed row is put back exactly where SQL would put it (by `OrderRow.sort_key`).
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

from ...services.order_lists import PAGE_SIZE, OrderRow

if TYPE_CHECKING:
    from ...services.order_lists import ListQuery


Index = QModelIndex | QPersistentModelIndex
MANY_CHANGES = 50
PageReader = Callable[["ListQuery", int, int], list[OrderRow]]
RowsReader = Callable[["ListQuery", Iterable[int]], list[OrderRow]]


class LazyOrderModel(QAbstractTableModel):
    columns: tuple[str, ...] = ()

    def __init__(self, read_page: PageReader, read_rows: RowsReader, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._read_page, self._read_rows = read_page, read_rows
        self.query: ListQuery | None = None
        self.orders: list[OrderRow] = []
        self._more = False
        self._cells: dict[int, tuple[OrderRow, tuple[str, ...]]] = {}

    def texts(self, order: OrderRow) -> tuple[str, ...]:
        """The row's cell texts, computed once per row read: data() runs for every cell on every repaint."""
        cached = self._cells.get(order.local_id)
        if cached is None or cached[0] is not order:
            cached = (order, self.row_texts(order))
            self._cells[order.local_id] = cached
        return cached[1]

    def row_texts(self, order: OrderRow) -> tuple[str, ...]:
        raise NotImplementedError

    def headerData(self, section: int, orientation: Qt.Orientation,  # Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section]
        return None

    # --- loading -------------------------------------------------------------------------------------------
    def set_query(self, query: ListQuery) -> None:
        """Show another tab or search: the first page only."""
        page = self._read_page(query, 0, PAGE_SIZE)
        self.beginResetModel()
        self.query, self.orders, self._more = query, page, len(page) == PAGE_SIZE
        self._cells.clear()
        self.endResetModel()

    def reload(self) -> None:
        """Read again as many rows as are shown (after the list was hidden while orders changed)."""
        if self.query is None:
            return
        size = max(PAGE_SIZE, len(self.orders))
        page = self._read_page(self.query, 0, size)
        self.beginResetModel()
        self.orders, self._more = page, len(page) == size
        self._cells.clear()
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # Qt's name
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # Qt's name
        if parent.isValid() or not self._more or self.query is None:  # _more is only set with a query
            return
        known = {row.local_id for row in self.orders}
        page = [row for row in self._read_page(self.query, len(self.orders), PAGE_SIZE) if row.local_id not in known]
        self._more = len(page) == PAGE_SIZE
        if page:
            self.beginInsertRows(QModelIndex(), len(self.orders), len(self.orders) + len(page) - 1)
            self.orders.extend(page)
            self.endInsertRows()

    def apply_changes(self, local_ids: Iterable[int]) -> None:
        """Re-read the named orders: update them in place, move them, add or drop them. Nothing else is read."""
        ids = set(local_ids)
        if self.query is None or not ids:
            return
        if len(ids) > MANY_CHANGES:  # a burst: one read of the shown rows costs less than row-by-row moves
            self.reload()
            return
        fresh = {row.local_id: row for row in self._read_rows(self.query, ids)}
        for local_id in ids:
            position = self.row_of(local_id)
            new = fresh.get(local_id)
            if position is not None:
                if new is not None and new.sort_key == self.orders[position].sort_key:
                    self.orders[position] = new
                    self.dataChanged.emit(self.index(position, 0), self.index(position, self.columnCount() - 1))
                    continue
                self.beginRemoveRows(QModelIndex(), position, position)
                del self.orders[position]
                self.endRemoveRows()
            if new is not None:
                at = bisect_left([row.sort_key for row in self.orders], new.sort_key)
                if at < len(self.orders) or not self._more:  # beyond the loaded rows: the next page brings it
                    self.beginInsertRows(QModelIndex(), at, at)
                    self.orders.insert(at, new)
                    self.endInsertRows()

    # --- reading -------------------------------------------------------------------------------------------
    def order_at(self, row: int) -> OrderRow | None:
        return self.orders[row] if 0 <= row < len(self.orders) else None

    def row_of(self, local_id: int) -> int | None:
        return next((i for i, row in enumerate(self.orders) if row.local_id == local_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # Qt's name
        return 0 if parent.isValid() else len(self.orders)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # Qt's name
        return 0 if parent.isValid() else len(self.columns)


def fixed_columns(table: QTableView, widths: dict[int, int], stretch: int) -> None:
    """Column widths set once: ResizeToContents would ask every cell of every row for its size on each update."""
    header = table.horizontalHeader()
    for column, width in widths.items():
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        table.setColumnWidth(column, width)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
