"""ARTICLES: the catalog list with a search box, and the Nouvel article / Modifier forms.

Anyone may look an article up; creating or changing one (its price) needs a manager's PIN, asked at the first
Nouvel article / Modifier and remembered until the screen is left.

The list is reloaded from CatalogService on every search and whenever the service says the catalog changed,
so it also shows articles added elsewhere (for instance mapped from a web order).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.catalog import Article
from ...domain.rights import ProtectedAction
from ...domain.seller import Seller
from ...domain.text import plural
from ..widgets.rights_gate import Guard
from ..widgets.touch import InlineMessage, TouchButton
from .article_dialog import ArticleDialog
from .articles_model import ArticlesTableModel

if TYPE_CHECKING:
    from ...services.catalog import CatalogService


log = logging.getLogger(__name__)


class ArticlesScreen(QWidget):
    home_requested = Signal()

    def __init__(self, catalog: CatalogService, parent: QWidget | None = None, *, guard: Guard | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articlesScreen")
        self._catalog = catalog
        self._guard = guard
        self.authorized_by: Seller | None = None  # the manager who allowed changes during this visit
        self.dialog: ArticleDialog | None = None
        self.model = ArticlesTableModel(self)
        title = QLabel("Articles", self)
        title.setObjectName("screenTitle")
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setPlaceholderText("Rechercher (nom, catégorie ou IDART)")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumHeight(48)
        self.search_edit.textChanged.connect(self.refresh)
        self.new_button = TouchButton("Nouvel article", self, role="primary")
        self.edit_button = TouchButton("Modifier", self)
        self.back_button = TouchButton("Accueil", self, role="nav")
        self.new_button.clicked.connect(self.open_new_article)
        self.edit_button.clicked.connect(self.open_edit_selected)
        self.back_button.clicked.connect(self.home_requested)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addWidget(self.search_edit, 1)
        header.addWidget(self.new_button)
        header.addWidget(self.edit_button)
        header.addWidget(self.back_button)
        self.table = QTableView(self)
        self.table.setObjectName("articlesTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(40)
        columns = self.table.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        columns.setSectionResizeMode(ArticlesTableModel.NAME, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda index: self.open_edit(index.row()))
        self.count_label = QLabel(self)
        self.message = InlineMessage(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(header)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        catalog.changed.add(self._on_article_saved)  # held weakly (services/listeners.py)

    def _on_article_saved(self, _article: Article) -> None:
        self.refresh()

    def refresh(self, _text: str = "") -> None:
        selected = self.selected_article()
        try:
            articles = self._catalog.list_articles(self.search_edit.text().strip(), include_inactive=True)
        except Exception:  # reading failed: say so, keep the screen usable
            log.exception("lecture des articles")
            self.message.show_error("La liste des articles n'a pas pu être lue.")
            return
        self.model.set_articles(articles)
        self.count_label.setText(plural(len(articles), "article", "articles"))
        if selected is not None and selected.idart is not None:
            self.select_idart(selected.idart)

    def selected_article(self) -> Article | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.article(rows[0].row()) if rows else None

    def select_idart(self, idart: int) -> None:
        row = self.model.row_of(idart)
        if row is not None:
            self.table.selectRow(row)

    def _categories(self) -> list[str]:
        try:
            return sorted({article.category for article in self._catalog.list_articles("", include_inactive=True)})
        except Exception:  # noqa: BLE001 - the suggestions are a convenience only
            return []

    def forget_authorization(self) -> None:
        """A new visit: the next change asks a manager again."""
        self.authorized_by = None

    def _with_manager(self, action: Callable[[], None]) -> None:
        if self.authorized_by is not None:
            action()
            return
        if self._guard is None:
            self.message.show_error("Seul un gérant peut modifier les articles et les prix.")
            return

        def granted(manager: Seller) -> None:
            self.authorized_by = manager
            self.message.show_info(f"Modifications autorisées par {manager.name} jusqu'au retour à l'accueil.")
            action()

        self._guard(ProtectedAction.ARTICLES, granted)

    def open_new_article(self) -> None:
        self._with_manager(lambda: self._open_dialog(None))

    def open_edit_selected(self) -> None:
        article = self.selected_article()
        if article is None:
            self.message.show_error("Sélectionnez d'abord un article dans la liste.")
            return
        self._with_manager(lambda: self._open_dialog(article))

    def open_edit(self, row: int) -> None:
        article = self.model.article(row)
        if article is not None:
            self._with_manager(lambda: self._open_dialog(article))

    def _open_dialog(self, article: Article | None) -> None:
        if self.dialog is not None and self.dialog.isVisible():  # a double tap: the form already open
            self.dialog.raise_()
            return
        dialog = ArticleDialog(self._catalog, article, self._categories(), self)
        dialog.saved.connect(self._on_saved)
        self.dialog = dialog
        dialog.open()

    def _on_saved(self, article: Article) -> None:
        self.refresh()
        if article.idart is not None:
            self.select_idart(article.idart)
        self.message.show_success(f"Article « {article.name} » enregistré (IDART {str(article.idart)}).")
