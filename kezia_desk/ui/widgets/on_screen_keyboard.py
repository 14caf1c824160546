"""The till's own on-screen keyboard (French AZERTY with é è ê à ç ù, capitals, digits) for every text field.

Why not Qt's virtual keyboard (QT_IM_MODULE=qtvirtualkeyboard, shipped in PySide6-Addons)? Tried with the wheel
this project pins: under the offscreen platform its QML input panel does not load (« No module named
"QtQuick.VirtualKeyboard" found », keyboard rectangle 0×0, never visible), so no test could tap it; with widget
windows it is a separate QML window at the bottom of the screen that does not move the window to keep the field
visible, and its accents are behind long presses. A small widget keyboard is tapped by the tests like any
button, and is placed where it never covers the field being typed.

It opens when a text field gets the focus (or is tapped again after being closed), types into that field only,
and closes with its own « Masquer » key or when the focus leaves for something that is no text field. Fields of
digits (the keypads' displays, PIN pads) keep their keypad. Paramètres Web > Personnalisation turns it off where
a real keyboard is plugged in.
"""
from __future__ import annotations

import time

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QTextEdit,
    QWidget,
)

from .touch import TouchButton

SHIFT, BACKSPACE, ENTER, SPACE, HIDE = "⇧", "⌫", "Entrée", "espace", "Masquer"
# (key, column span) per row; 12 columns.
ROWS: tuple[tuple[tuple[str, int], ...], ...] = (
    tuple((key, 1) for key in "1234567890@") + ((BACKSPACE, 1),),
    tuple((key, 1) for key in "azertyuiopéè"),
    tuple((key, 1) for key in "qsdfghjklmàù"),
    ((SHIFT, 1),) + tuple((key, 1) for key in "wxcvbnçê',."),
    ((HIDE, 2), ("-", 1), (SPACE, 6), ("/", 1), (ENTER, 2)),
)
DOUBLE_TAP_SECONDS = 0.4  # ⇧ tapped twice within this: capitals stay on (caps lock)
MAX_WIDTH, MIN_WIDTH = 1100, 760
SPACING = 4


def wants_keyboard(widget: QWidget | None) -> bool:
    """A field the cashier types words into; fields of digits keep their keypad (NumericKeypad's display, PINs)."""
    if isinstance(widget, QLineEdit):
        return (not widget.isReadOnly() and widget.echoMode() == QLineEdit.EchoMode.Normal
                and widget.objectName() != "keypadDisplay"
                and not widget.inputMethodHints() & Qt.InputMethodHint.ImhDigitsOnly)
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        return not widget.isReadOnly()
    return False


def keyboard_rect(area: QRect, field: QRect, size: QSize) -> QRect:
    """Where the keyboard goes in `area` (the screen) so that it never covers `field` (global coordinates): the
    bottom of the screen, else its top, else just below or above the field."""
    width = min(size.width(), area.width())
    left = area.left() + (area.width() - width) // 2
    height = size.height()
    candidates = (area.bottom() + 1 - height, area.top(), field.bottom() + 1, field.top() - height)
    for top in candidates:
        rect = QRect(left, top, width, height)
        if area.contains(rect) and not rect.intersects(field):
            return rect
    return QRect(left, field.bottom() + 1, width, height)  # a screen smaller than keyboard and field together


class KeyboardPanel(QWidget):
    """The keys. It never takes the focus (the field keeps it and its cursor); each tap is sent to `target`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.setObjectName("onScreenKeyboard")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.target: QWidget | None = None
        self.shift = "off"  # "once": the next letter only; "lock": until ⇧ is tapped again
        self._last_shift_tap = 0.0
        self.keys: dict[str, TouchButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 6, 6, 6)
        grid.setSpacing(SPACING)
        for row, keys in enumerate(ROWS):
            column = 0
            for key, span in keys:
                button = TouchButton(key, self, role="nav" if len(key) > 1 else "key")
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
                button.clicked.connect(lambda _checked=False, k=key: self.press(k))
                grid.addWidget(button, row, column, 1, span)
                self.keys[key] = button
                column += span

    def changeEvent(self, event: QEvent) -> None:
        """Never the active window (a platform that ignores WindowDoesNotAcceptFocus activates it when shown):
        the field's window gets the activation back, so the field keeps the focus and its cursor."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            target = self.target
            if target is not None and shiboken6.isValid(target) and target.window() is not self:
                target.window().activateWindow()

    def press(self, key: str) -> None:
        if key == HIDE:
            self.hide()
        elif key == SHIFT:
            self._tap_shift()
        elif key == BACKSPACE:
            self._send(Qt.Key.Key_Backspace)
        elif key == ENTER:
            self._send(Qt.Key.Key_Return, "\r")
        else:
            text = " " if key == SPACE else key
            if self.shift != "off":
                text = text.upper()
                if self.shift == "once":
                    self._set_shift("off")
            self._send(Qt.Key.Key_unknown, text)

    def _tap_shift(self) -> None:
        now = time.monotonic()
        if self.shift == "once" and now - self._last_shift_tap < DOUBLE_TAP_SECONDS:
            self._set_shift("lock")
        else:
            self._set_shift("off" if self.shift != "off" else "once")
        self._last_shift_tap = now

    def _set_shift(self, state: str) -> None:
        self.shift = state
        self.keys[SHIFT].setText({"off": SHIFT, "once": "⇧ Maj", "lock": "⇪ MAJ"}[state])
        for key, button in self.keys.items():
            if len(key) == 1 and key.isalpha():
                button.setText(key.upper() if state != "off" else key)

    def _send(self, key: Qt.Key, text: str = "") -> None:
        target = self.target
        if target is None or not shiboken6.isValid(target):
            return
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))


class OnScreenKeyboard(QObject):
    """Follows the focus: shows the panel under (or over) each text field that gets it, on the field's window."""

    def __init__(self, enabled: bool = True, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self.panel: KeyboardPanel | None = None  # built at the first text field (no window for nothing)
        self._watched: QWidget | None = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

    def _live_panel(self) -> KeyboardPanel | None:
        """The panel, unless it went with a dialog that was deleted (it is a child of the field's window)."""
        if self.panel is not None and not shiboken6.isValid(self.panel):
            self.panel = None
        return self.panel

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        panel = self._live_panel()
        if not enabled and panel is not None:
            panel.hide()

    @property
    def visible(self) -> bool:
        panel = self._live_panel()
        return panel is not None and panel.isVisible()

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        panel = self._live_panel()
        if new is None or not shiboken6.isValid(new) or (panel is not None and (new is panel
                                                                                 or panel.isAncestorOf(new))):
            return  # a window passing the focus around: the field keeps the keyboard
        if self.enabled and wants_keyboard(new):
            self.open_for(new)
        elif panel is not None and panel.isVisible():
            panel.hide()

    def open_for(self, field: QWidget) -> None:
        """Show the keys for `field`, where they leave it visible."""
        if not self.enabled:
            return
        panel = self._live_panel() or KeyboardPanel()
        self.panel = panel
        self._watch(field)
        panel.target = field
        window = field.window()
        if panel.parentWidget() is not window:
            panel.setParent(window, panel.windowFlags())  # a child of a modal dialog still gets taps
        width = min(MAX_WIDTH, max(window.width(), MIN_WIDTH))
        height = panel.sizeHint().height()
        screen = field.screen().availableGeometry() if field.screen() else QRect(0, 0, width, height)
        area = screen.united(window.frameGeometry())  # a window bigger than the screen (offscreen tests)
        field_rect = QRect(field.mapToGlobal(QPoint(0, 0)), field.size())
        panel.setGeometry(keyboard_rect(area, field_rect, QSize(width, height)))
        panel.show()
        panel.raise_()
        if not window.isActiveWindow():
            window.activateWindow()

    def _watch(self, field: QWidget) -> None:
        """A tap on the field brings the keyboard back after « Masquer »."""
        if self._watched is field:
            return
        if self._watched is not None and shiboken6.isValid(self._watched):
            self._watched.removeEventFilter(self)
        field.installEventFilter(self)
        self._watched = field

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self._watched and event.type() == QEvent.Type.MouseButtonPress and not self.visible
                and isinstance(watched, QWidget) and wants_keyboard(watched)):
            self.open_for(watched)
        return False
