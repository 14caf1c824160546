"""Fichier > Sauvegardes… (manager code): the folder of the daily copy (a USB stick, a network share), how many
copies to keep, « Sauvegarder maintenant »; and the status bar's notice when a copy could not be written.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.rights import ProtectedAction
from ..widgets.async_task import french_message, run_task
from ..widgets.touch import MIN_TOUCH_SIZE, InlineMessage, TouchButton

if TYPE_CHECKING:
    from ...services.backups import BackupService
    from ...services.registry import Services
    from ..widgets.rights_gate import ManagerPinDialog


class BackupDialog(QDialog):
    def __init__(self, backups: BackupService, manager: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupDialog")
        self.setWindowTitle("Sauvegardes")
        self.backups, self.manager = backups, manager
        self.folder = QLineEdit(str(backups.folder or ""), self)
        self.folder.setReadOnly(True)
        self.folder.setPlaceholderText("aucun dossier : pas de sauvegarde quotidienne")
        self.folder.setMinimumHeight(MIN_TOUCH_SIZE)
        self.choose_button = TouchButton("Choisir le dossier…", self, role="nav")
        self.choose_button.clicked.connect(self.choose_folder)
        self.keep = QSpinBox(self)
        self.keep.setRange(1, 365)
        self.keep.setValue(backups.keep)
        self.keep.setSuffix(" copies")
        self.keep.setMinimumHeight(MIN_TOUCH_SIZE)
        # A spin box's own arrows are a few pixels high: a finger changes the count with keys of touch size.
        self.keep.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        self.fewer_button = TouchButton("−", self)
        self.more_button = TouchButton("+", self)
        self.fewer_button.clicked.connect(self.keep.stepDown)
        self.more_button.clicked.connect(self.keep.stepUp)
        self.message = InlineMessage(self)
        self.save_button = TouchButton("Enregistrer", self, role="primary")
        self.save_button.clicked.connect(self.save)
        self.now_button = TouchButton("Sauvegarder maintenant", self, role="action")
        self.now_button.clicked.connect(self.back_up_now)
        self.close_button = TouchButton("Fermer", self, role="nav")
        self.close_button.clicked.connect(self.accept)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose_button)
        form = QFormLayout()
        form.addRow("Dossier :", folder_row)
        keep_row = QHBoxLayout()
        keep_row.addWidget(self.fewer_button)
        keep_row.addWidget(self.keep, 1)
        keep_row.addWidget(self.more_button)
        form.addRow("Garder les :", keep_row)
        hint = QLabel("Une copie par jour, prise pendant que la caisse tourne. La loi demande six ans de "
                      "conservation : gardez aussi des copies sur un second support.", self)
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.now_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._task: Any = None
        self.folder_chooser: QFileDialog | None = None
        if backups.last_error:
            self.message.show_error(f"Dernière sauvegarde impossible : {backups.last_error}")
        self.resize(640, 320)

    def choose_folder(self) -> None:
        """Qt's own folder chooser, opened without blocking (a static getExistingDirectory would run a nested
        event loop under asyncio); the chosen folder fills the field, « Enregistrer » keeps it."""
        if self.folder_chooser is not None and self.folder_chooser.isVisible():
            return  # a second tap: one chooser
        chooser = QFileDialog(self, "Dossier des sauvegardes", self.folder.text() or str(Path.home()))
        chooser.setFileMode(QFileDialog.FileMode.Directory)
        chooser.setOption(QFileDialog.Option.ShowDirsOnly, True)
        chooser.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        chooser.fileSelected.connect(self.folder.setText)
        self.folder_chooser = chooser
        chooser.open()

    def save(self) -> None:
        try:
            self.backups.configure(Path(self.folder.text()) if self.folder.text() else None, self.keep.value(),
                                   self.manager.name)
        except Exception as exc:  # noqa: BLE001 - StoreError: said, nothing changed
            self.message.show_error(french_message(exc, "Les réglages n'ont pas pu être enregistrés."))
            return
        self.message.show_success("Réglages des sauvegardes enregistrés.")

    def back_up_now(self) -> None:
        if self._task is not None and not self._task.done():
            return  # a second tap while copying: one copy
        self.save()
        self.now_button.setEnabled(False)
        self.message.show_info("Sauvegarde en cours…")
        self._task = run_task(self.backups.back_up_now(self.manager.name), self._done, self._failed)

    def _done(self, target: Any) -> None:
        self.now_button.setEnabled(True)
        if target is None:
            self.message.show_error(f"Sauvegarde impossible : {self.backups.last_error}")
        else:
            self.message.show_success(f"Sauvegarde faite : {target}")

    def _failed(self, error: BaseException) -> None:
        self.now_button.setEnabled(True)
        self.message.show_error(french_message(error, "La sauvegarde n'a pas pu se faire."))


class BackupUi:
    """Opener « backups » (manager code first) and the status bar's backup notice."""

    def __init__(self, services: Services, window: Any, backups: BackupService) -> None:
        self.services, self.window, self.backups = services, window, backups
        self.pin_dialog: ManagerPinDialog | None = None
        self.dialog: BackupDialog | None = None
        self.status = QLabel(window)
        self.status.setObjectName("backupStatus")
        self.status.hide()
        window.statusBar().addPermanentWidget(self.status)
        backups.on_outcome = self.show_outcome
        window.register_screen_opener("backups", self.open)

    def show_outcome(self, ok: bool, text: str) -> None:
        """A failure stays in the status bar until a copy succeeds; a success clears it."""
        self.status.setText(text)
        self.status.setProperty("level", "ok" if ok else "error")
        self.status.setVisible(not ok)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def open(self) -> None:
        """The rights gate asks a manager's code (backups are settings); a second tap: the same pad."""
        self.pin_dialog = self.window.rights_gate.request(ProtectedAction.SETTINGS, self.window.current_seller,
                                                          self._open_dialog)

    def _open_dialog(self, manager: Any) -> None:
        self.dialog = BackupDialog(self.backups, manager, self.window)
        self.dialog.open()
