"""Nouvel article / Modifier: the article form, checked by the catalog service before anything is stored.

The service (and the domain under it) decides what is valid; the dialog shows its French message inline and
stays open with everything typed still there, so a negative price or an empty name costs one correction.
"""
from __future__ import annotations

import logging
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.catalog import Article, ArticleError
from ...domain.vat import FRENCH_VAT_RATES
from ..widgets.touch import FitsScreen, InlineMessage, TouchButton
from .articles_model import format_rate

if TYPE_CHECKING:
    from ...services.catalog import CatalogService


log = logging.getLogger(__name__)
DEFAULT_VAT_RATE = Decimal("10")


class ArticleDialog(FitsScreen, QDialog):
    saved = Signal(object)  # the stored Article (with its IDART)

    def __init__(self, catalog: CatalogService, article: Article | None = None, categories: list[str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleDialog")
        self._catalog = catalog
        self.original = article
        self.saved_article: Article | None = None
        self.setWindowTitle("Nouvel article" if article is None else "Modifier l'article")
        self.setModal(True)
        self.idart_label = QLabel(self)
        self.idart_label.setObjectName("idartLabel")
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(120)
        self.category_box = QComboBox(self)
        self.category_box.setEditable(True)
        self.category_box.addItems(categories or [])
        self.price_edit = QLineEdit(self)
        self.price_edit.setPlaceholderText("ex. 9,90")
        self.vat_box = QComboBox(self)
        for rate in FRENCH_VAT_RATES:
            self.vat_box.addItem(format_rate(rate), rate)
        self.option_box = QCheckBox("Option (supplément vendu avec un autre article)", self)
        self.active_box = QCheckBox("En vente", self)
        for widget in (self.name_edit, self.category_box, self.price_edit, self.vat_box):
            widget.setMinimumHeight(44)
        form = QFormLayout()
        form.addRow("IDART", self.idart_label)
        form.addRow("Nom", self.name_edit)
        form.addRow("Catégorie", self.category_box)
        form.addRow("Prix TTC (€)", self.price_edit)
        form.addRow("TVA", self.vat_box)
        form.addRow("", self.option_box)
        form.addRow("", self.active_box)
        self.message = InlineMessage(self)
        self.cancel_button = TouchButton("Annuler", self, role="nav")
        self.save_button = TouchButton("Enregistrer", self, role="primary")
        self.cancel_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.try_save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._fill(article)
        self.resize(560, 420)

    def _fill(self, article: Article | None) -> None:
        if article is None:
            self.idart_label.setText("attribué à l'enregistrement")
            self.set_vat_rate(DEFAULT_VAT_RATE)
            self.active_box.setChecked(True)
            return
        self.idart_label.setText(str(article.idart))
        self.name_edit.setText(article.name)
        self.category_box.setCurrentText(article.category)
        self.price_edit.setText(f"{article.price.amount:.2f}".replace(".", ","))
        self.set_vat_rate(article.vat_rate)
        self.option_box.setChecked(article.is_option)
        self.active_box.setChecked(article.active)

    def set_vat_rate(self, rate: Decimal) -> None:
        for index in range(self.vat_box.count()):
            if Decimal(self.vat_box.itemData(index)) == Decimal(rate):
                self.vat_box.setCurrentIndex(index)
                return
        self.vat_box.addItem(format_rate(rate), Decimal(rate))  # a rate from older data stays selectable
        self.vat_box.setCurrentIndex(self.vat_box.count() - 1)

    def try_save(self) -> None:
        """Build the article from the form and ask the service to store it; show its French refusal if any."""
        try:
            price = self._catalog.parse_price(self.price_edit.text())
            if price.amount < 0:
                raise ArticleError("Le prix d'un article ne peut pas être négatif.")
            base = self.original or Article(None, "", price, DEFAULT_VAT_RATE, "")
            article = replace(base, name=self.name_edit.text(), category=self.category_box.currentText(),
                              price=price, vat_rate=Decimal(self.vat_box.currentData()),
                              is_option=self.option_box.isChecked(), active=self.active_box.isChecked())
            stored = self._catalog.save(article)
        except ArticleError as exc:
            self.message.show_error(str(exc))
            return
        except Exception as exc:  # a storage failure is reported, the form is kept
            log.exception("enregistrement d'un article")
            text = getattr(exc, "message_fr", None) or "L'article n'a pas pu être enregistré."
            self.message.show_error(text)
            return
        self.saved_article = stored
        self.saved.emit(stored)
        self.accept()
