"""Stand-ins for screens that later issues deliver (Commandes Web, Paramètres Web, COMMANDES, ...).

A menu entry that does nothing looks broken and one that crashes is worse: until the real screen is
registered, the entry opens a clearly labelled window saying the feature is coming.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from .widgets.touch import TouchButton


class PlaceholderDialog(QDialog):
    """A non-modal window: "Disponible prochainement : <feature>" and a Fermer button."""

    def __init__(self, feature: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("placeholderDialog")
        self.feature = feature
        self.setWindowTitle(feature)
        self.setModal(False)
        self.title = QLabel(feature, self)
        self.title.setObjectName("dialogTitle")
        self.text = QLabel(self.tr("Disponible prochainement : %1").replace("%1", feature), self)
        self.text.setObjectName("placeholderText")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.close_button = TouchButton(self.tr("Fermer"), self, role="primary")
        self.close_button.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.close_button)
        self.resize(480, 240)
