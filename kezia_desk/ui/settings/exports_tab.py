"""Paramètres Web > E/S: the manual exports, with a progress bar and a result sentence."""
from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from ..widgets.async_task import french_message, run_task
from ..widgets.touch import InlineMessage, TouchButton

if TYPE_CHECKING:  # the services bundle the composition root gives every screen
    from ...services.registry import Services


class ExportsTab(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.exports = services.exports
        self.catalog_button = TouchButton("Envoi Articles sur HubRise", self, role="primary",
                                          min_height=64)
        self.customers_button = TouchButton("Envoi Clients", self, role="primary", min_height=64)
        self.resend_button = TouchButton("Renvoyer les commandes en attente", self, role="action",
                                         min_height=64)
        self.catalog_button.clicked.connect(lambda: self._run(self.exports.export_catalog))
        self.customers_button.clicked.connect(lambda: self._run(self.exports.export_customers))
        self.resend_button.clicked.connect(self.resend)
        explanation = QLabel(("Les articles partent avec leur code IDART comme référence HubRise : les "
                                     "commandes web reviennent ainsi sur les bons articles. Les clients déjà présents "
                                     "dans HubRise (même e-mail ou même téléphone) sont mis à jour, jamais "
                                     "dupliqués."), self)
        explanation.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setMinimumHeight(32)
        self.progress.setValue(0)
        self.message = InlineMessage(self)
        layout = QVBoxLayout(self)
        for widget in (self.catalog_button, self.customers_button, self.resend_button, explanation, self.progress,
                       self.message):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.running = False

    def _buttons(self) -> tuple[TouchButton, ...]:
        return self.catalog_button, self.customers_button, self.resend_button

    def _run(self, export: Callable[..., Coroutine[Any, Any, str]]) -> None:
        if self.running:
            return
        self.running = True
        for button in self._buttons():
            button.setEnabled(False)
        self.progress.setRange(0, 0)  # busy until the first report
        self.message.show_info("Envoi en cours…")
        run_task(export(self._progress), self._done, self._failed)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _done(self, text: str) -> None:
        self._finish()
        self.progress.setValue(self.progress.maximum())
        self.message.show_success(text)

    def _failed(self, error: BaseException) -> None:
        self._finish()
        self.progress.setValue(0)
        self.message.show_error(french_message(error, "L'envoi a échoué ; rien n'a été perdu."))

    def _finish(self) -> None:
        self.running = False
        if self.progress.maximum() == 0:
            self.progress.setRange(0, 1)
        for button in self._buttons():
            button.setEnabled(True)

    def resend(self) -> None:
        try:
            self.message.show_success(self.exports.resend_pending())
        except Exception as error:  # noqa: BLE001 - StoreError and the unexpected: a sentence, not a crash
            self.message.show_error(french_message(error, "Le renvoi n'a pas pu être lancé."))
