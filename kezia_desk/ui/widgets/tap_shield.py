"""A double tap must not act twice: once on the button that changes the screen, once on whatever the new screen
shows under the finger (OK of COMMANDES landing on Facturer of Commandes en cours, CAISSE on a seller).

The shield is an invisible cover laid over the new screen for the system's double-click interval; taps on it are
swallowed, keys are not. After that the screen is reachable as usual.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget


class TapShield(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("tapShield")
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(QApplication.styleHints().mouseDoubleClickInterval())
        self._timer.timeout.connect(self.hide)
        parent.installEventFilter(self)
        self.hide()

    def cover(self) -> None:
        """Swallow taps on the parent for the double-click interval, starting now."""
        self._fit_parent()
        self.raise_()
        self.show()
        self._timer.start()

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # Qt's name
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._fit_parent()
        return False

    def _fit_parent(self) -> None:
        parent = self.parentWidget()
        if parent is not None:  # always given at construction
            self.setGeometry(parent.rect())

    def mousePressEvent(self, event: QMouseEvent) -> None:  # Qt's name
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # Qt's name
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # Qt's name
        event.accept()
