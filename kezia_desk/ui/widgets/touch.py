"""Small widgets shared by every screen: touch-sized buttons, inline messages, the HubRise status label.

A cashier taps with a finger, often in a hurry: every button is at least 48 px high (the usual minimum touch
target), and errors appear in words next to what caused them instead of in a traceback or a console.
"""
from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QMouseEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QWidget,
)

MIN_TOUCH_SIZE = 48


def restyle(widget: QWidget) -> None:
    """Re-apply the stylesheet after a dynamic property changed (Qt does not do it by itself)."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def set_enabled(widgets: Iterable[QWidget], enabled: bool) -> None:
    """Enable or grey several buttons at once (a controller busy with an action greys them all)."""
    for widget in widgets:
        widget.setEnabled(enabled)


class TouchButton(QPushButton):
    """A push button sized for a finger; `role` selects its colours in kezia.qss (primary, payment, ...)."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, role: str = "",
                 min_height: int = MIN_TOUCH_SIZE, expanding: bool = False) -> None:
        super().__init__(text, parent)
        self.setMinimumHeight(max(min_height, MIN_TOUCH_SIZE))
        self.setMinimumWidth(MIN_TOUCH_SIZE)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        if role:
            self.setProperty("role", role)
        if expanding:
            self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)


class InlineMessage(QLabel):
    """A one-line message under a form or a ticket: red for errors, green for success, empty when idle.

    It stays until replaced, so the cashier can read it at their own pace (no dialog to dismiss).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inlineMessage")
        self.setWordWrap(True)
        self.clear_message()

    def show_error(self, text: str) -> None:
        self._show(text, "error")

    def show_success(self, text: str) -> None:
        self._show(text, "success")

    def show_info(self, text: str) -> None:
        self._show(text, "info")

    def clear_message(self) -> None:
        self._show("", "idle")

    @property
    def level(self) -> str:
        return str(self.property("level"))

    def _show(self, text: str, level: str) -> None:
        self.setText(text)
        self.setProperty("level", level)
        self.setVisible(bool(text))
        restyle(self)


class ElidedLabel(QLabel):
    """A one-line label that ends with "…" when its text is wider than the room left (full text in the tooltip).

    Used for data of unknown length such as a seller's name, so a long name never pushes buttons off screen.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        self._full_text = text
        self.setToolTip(text)
        self._elide()
        self.updateGeometry()

    def full_text(self) -> str:
        return self._full_text

    def sizeHint(self) -> QSize:  # Qt's name
        hint = super().sizeHint()
        margins = self.contentsMargins()  # the stylesheet's padding
        width = self.fontMetrics().horizontalAdvance(self._full_text) + 8 + margins.left() + margins.right()
        return QSize(width, hint.height())

    def minimumSizeHint(self) -> QSize:  # Qt's name
        return QSize(MIN_TOUCH_SIZE * 2, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt's name
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = self.contentsRect().width()  # inside the stylesheet's padding
        self.setText(self.fontMetrics().elidedText(self._full_text, Qt.TextElideMode.ElideRight, room))


class HubRiseStatusLabel(ElidedLabel):
    """The HubRise link state in the status bar: a health signal, kept apart from order alerts.

    The poller and the send queue drive it through `set_link_state`; the level picks the colour in kezia.qss.
    A text too long for the bar ends with « … » instead of being cut: the whole of it is in the tooltip and in
    the diagnostics that a tap opens.
    """

    LEVELS = ("ok", "warning", "error", "idle")
    clicked = Signal()  # tapping the link state opens the diagnostics

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hubriseStatus")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.set_link_state("HubRise : non connecté", "idle")

    def set_link_state(self, text: str, level: str) -> None:
        if level not in self.LEVELS:
            level = "warning"
        self.set_full_text(text)
        self.setProperty("level", level)
        restyle(self)

    @property
    def level(self) -> str:
        return str(self.property("level"))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # Qt's name
        self.clicked.emit()
        super().mousePressEvent(event)


def room_on_screen(dialog: QWidget) -> QRect:
    """Where a dialog may be: over the till's main window (full screen or maximised on a till; the tests size
    it as the screen they check), or the screen's free area when it has no main window."""
    main = dialog.parentWidget()
    while main is not None and main.parentWidget() is not None:
        main = main.parentWidget()
    if main is not None and main.isVisible():
        return main.window().geometry()
    screen = dialog.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 768)


def fit_to_screen(dialog: QWidget) -> None:
    """No dialog bigger than the screen: a size chosen for 1024×768 shrinks to an 800×600 screen (never below
    what its layout needs: its keys keep their touch size), and the dialog is centred on the room it has."""
    room = room_on_screen(dialog)
    frame = dialog.frameGeometry().size() - dialog.size()  # a title bar, on a real screen
    wanted = dialog.size().boundedTo(QSize(room.width() - frame.width(), room.height() - frame.height()))
    dialog.resize(wanted.expandedTo(dialog.minimumSizeHint()))
    placed = QRect(0, 0, dialog.width() + frame.width(), dialog.height() + frame.height())
    placed.moveCenter(room.center())
    dialog.move(max(room.left(), placed.left()), max(room.top(), placed.top()))


class FitsScreen:
    """Mixed into a QDialog (before it): fitted to the screen each time it is shown."""

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)  # type: ignore[misc]
        fit_to_screen(self)  # type: ignore[arg-type]


def row_picker_table(headers: list[str], parent: QWidget, object_name: str) -> QTableWidget:
    """A read-only list whose rows a finger picks one at a time (the Clôtures and Tickets screens): 44 px rows, no
    row numbers, columns sized to their contents and the last one taking what is left."""
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(object_name)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(44)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table
