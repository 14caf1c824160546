"""The till's product buttons: a column of categories and, beside it, the grid of the chosen category.

A column of big category buttons is easier to hit than tabs; supplements (option articles) get their own
category so they are never mixed with the dishes they are added to.
"""
from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.catalog import Article
from ..widgets.touch import TouchButton

if TYPE_CHECKING:
    from ...services.catalog import CatalogService


PRODUCT_COLUMNS = 3  # at 1024×768; from 2 (800×600) to 6 (1920×1080) as the room allows
MIN_PRODUCT_WIDTH = 140  # twelve characters a line (product_label) at 11 pt bold
PRODUCT_BUTTON_HEIGHT = 88
CATEGORY_BUTTON_HEIGHT = 56
CATEGORY_WIDTH = 172  # « Suppléments » whole beside a 22 px scroll bar (800×600: the list scrolls)
LABEL_WIDTH = 12  # characters per line on a product button
OPTIONS_CATEGORY = "Suppléments"


def product_label(article: Article) -> str:
    """Name wrapped on three lines at most, then the price: "Quatre\nfromages\nMoyenne\n12,50 €"."""
    lines = textwrap.wrap(article.name, LABEL_WIDTH, break_long_words=True) or [article.name]
    if len(lines) > 3:
        lines = [*lines[:2], textwrap.shorten(" ".join(lines[2:]), LABEL_WIDTH, placeholder="…")]
    return "\n".join([*lines, article.price.format_fr()])


def till_categories_from(catalog: CatalogService) -> list[tuple[str, list[Article]]]:
    """The service's categories, with option articles in one category of their own (added if missing)."""
    categories = [(name, [a for a in articles if a.active]) for name, articles in catalog.till_categories()]
    listed = {article.idart for _name, articles in categories for article in articles}
    options_in_lists = [a for _n, articles in categories for a in articles if a.is_option]
    categories = [(name, [a for a in articles if not a.is_option]) for name, articles in categories]
    options = options_in_lists + [a for a in catalog.option_articles() if a.active and a.idart not in listed]
    categories = [(name, articles) for name, articles in categories if articles]
    if options:
        categories.append((OPTIONS_CATEGORY, options))
    return categories


class ProductPanel(QWidget):
    article_tapped = Signal(object)  # Article

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("productPanel")
        self.category_buttons: dict[str, TouchButton] = {}
        self.columns = PRODUCT_COLUMNS
        self._grids: list[tuple[QGridLayout, list[TouchButton]]] = []
        self.product_buttons: dict[int, TouchButton] = {}
        self._category_group = QButtonGroup(self)
        self._category_group.setExclusive(True)
        self._categories_host = QWidget(self)
        self._categories_layout = QVBoxLayout(self._categories_host)
        self._categories_layout.setContentsMargins(0, 0, 0, 0)
        self._categories_layout.setSpacing(6)
        self._pages = QStackedWidget(self)
        self.empty_label = QLabel("Aucun article en vente : créez-en depuis ARTICLES.", self)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        category_scroll = QScrollArea(self)
        category_scroll.setWidgetResizable(True)
        category_scroll.setWidget(self._categories_host)
        category_scroll.setFixedWidth(CATEGORY_WIDTH)
        category_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.empty_label)
        right.addWidget(self._pages, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(category_scroll)
        layout.addLayout(right, 1)

    def set_categories(self, categories: Sequence[tuple[str, Iterable[Article]]]) -> None:
        """Rebuild every button; keep the category that was shown if it still exists."""
        current = self.current_category()
        for button in self.category_buttons.values():
            self._category_group.removeButton(button)
        while self._categories_layout.count():
            item = self._categories_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        while (page := self._pages.widget(0)) is not None:
            self._pages.removeWidget(page)
            page.deleteLater()
        self.category_buttons.clear()
        self.product_buttons.clear()
        self._grids.clear()
        for name, articles in categories:
            self._add_category(name, list(articles))
        self._categories_layout.addStretch(1)
        self.empty_label.setVisible(not self.category_buttons)
        if self.category_buttons:
            self.show_category(current if current in self.category_buttons else next(iter(self.category_buttons)))

    def _add_category(self, name: str, articles: list[Article]) -> None:
        button = TouchButton(name if name == OPTIONS_CATEGORY else name, self._categories_host,
                             role="category", min_height=CATEGORY_BUTTON_HEIGHT)
        button.setCheckable(True)
        button.setProperty("category", name)
        button.clicked.connect(lambda _c=False, n=name: self.show_category(n))
        self._category_group.addButton(button)
        self._categories_layout.addWidget(button)
        self.category_buttons[name] = button
        page = QWidget()
        grid = QGridLayout(page)
        grid.setSpacing(6)
        grid.setContentsMargins(4, 0, 4, 0)
        grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        buttons = []
        for article in articles:
            product = TouchButton(product_label(article), page, role="option" if article.is_option else "product",
                                  min_height=PRODUCT_BUTTON_HEIGHT)
            product.setToolTip(f"{article.name} — {article.price.format_fr()} (IDART {article.idart})")
            product.clicked.connect(lambda _c=False, a=article: self.article_tapped.emit(a))
            buttons.append(product)
            if article.idart is not None:
                self.product_buttons[article.idart] = product
        self._grids.append((grid, buttons))
        self._place(grid, buttons)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(page)
        scroll.setProperty("category", name)
        self._pages.addWidget(scroll)

    def _place(self, grid: QGridLayout, buttons: list[TouchButton]) -> None:
        for button in buttons:
            grid.removeWidget(button)
        for column in range(max(grid.columnCount(), self.columns)):
            grid.setColumnStretch(column, 1 if column < self.columns else 0)
        for index, button in enumerate(buttons):
            grid.addWidget(button, index // self.columns, index % self.columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """As many columns as the room holds at a finger's width: 2 on 800×600, up to 6 on 1920×1080."""
        super().resizeEvent(event)
        room = self.width() - CATEGORY_WIDTH
        columns = max(2, min(6, room // MIN_PRODUCT_WIDTH)) if room > 0 else PRODUCT_COLUMNS
        if columns != self.columns:
            self.columns = columns
            for grid, buttons in self._grids:
                self._place(grid, buttons)

    def show_category(self, name: str) -> None:
        button = self.category_buttons.get(name)
        if button is None:
            return
        button.setChecked(True)
        for index in range(self._pages.count()):
            page = self._pages.widget(index)
            if page is not None and page.property("category") == name:
                self._pages.setCurrentIndex(index)

    def current_category(self) -> str | None:
        page = self._pages.currentWidget()
        return None if page is None else page.property("category")

    def button_for(self, idart: int) -> TouchButton | None:
        return self.product_buttons.get(idart)
