"""The Commandes Web table: one row per order, columns of docs/dev/product.md « Screens and flows », read lazily
from the read model."""
from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon

from ...domain.order import OrderStatus
from ...domain.shop_time import SHOP_TIMEZONE
from ...services.order_lists import OrderRow
from .lazy_rows import LazyOrderModel

if TYPE_CHECKING:
    from datetime import datetime


Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("", "Reçue à", "Prévue", "Client", "Service", "Total", "Payée", "Statut")  # Prévue: a clock time
STATUS_COLOURS = {OrderStatus.NEW: "#fde8e6", OrderStatus.RECEIVED: "#fff3d1", OrderStatus.ACCEPTED: "#e6eef8",
                  OrderStatus.IN_PREPARATION: "#e6eef8", OrderStatus.COMPLETED: "#e3f4e8"}


@lru_cache(maxsize=1)
def bold_font() -> QFont:
    """One shared bold font: data() runs for every visible cell on every repaint, so nothing is built there."""
    font = QFont()
    font.setBold(True)
    return font


@lru_cache(maxsize=1)
def loupe_icon() -> QIcon:
    """The magnifier of each row (drawn, so it shows even without an emoji font); tapping it opens the order."""
    return QIcon(str(files("kezia_desk_resources") / "images" / "loupe.svg"))


ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole,
                   Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.FontRole, Qt.ItemDataRole.TextAlignmentRole})
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def hour(value: datetime | None) -> str:
    return value.astimezone(SHOP_TIMEZONE).strftime("%H:%M") if value is not None else "—"


class WebOrdersTableModel(LazyOrderModel):
    """Commandes Web: a page of light rows (OrderRow) at a time; the columns come from the read model."""

    columns = COLUMNS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ROLES:
            return None
        order = self.order_at(index.row())
        if order is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.texts(order)[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return loupe_icon()
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return "Voir la commande"
        if role == Qt.ItemDataRole.BackgroundRole and column == 7:
            colour = STATUS_COLOURS.get(order.status)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.FontRole and order.status in (OrderStatus.NEW, OrderStatus.RECEIVED):
            return bold_font()
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (5, 6):
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and order.flag_details:
            return "\n".join(order.flag_details)
        return None

    def row_texts(self, order: OrderRow) -> tuple[str, ...]:
        return ("", hour(order.created_at), hour(order.due), order.customer_name + (" ⚠" if order.flags else ""),
                order.service_type.label if order.service_type else "—", order.total.format_fr(),
                "Oui" if order.is_paid else "Non", order.status.label)
