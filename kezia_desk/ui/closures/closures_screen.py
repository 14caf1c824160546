"""Clôtures: Lecture X (any seller, nothing written), Clôture Z (manager PIN, then the cash count), the opening
float, a corrected count, the list of closures (day / month / year) with one closure's detail, the CSV for the
accountant and the day's sales per hour and channel. « Imprimer » prints what the detail shows (the X just read,
the closure selected: a Z just made is selected) on the receipt printer.

Each action greys its button until it is done, so a double tap never acts twice (and the service refuses a second
Z of one day anyway).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...domain.closure import ClosureFigures, ClosureKind
from ...domain.seller import Seller
from ...domain.text import plural
from ...services.closure_export import default_file_name
from ...services.closures import Reading, StoredClosure
from ..widgets.keypad import KeypadDialog
from ..widgets.touch import InlineMessage, TouchButton, row_picker_table
from .cash_count_dialog import CashCountDialog
from .closure_html import figures_html, moment, money
from .sales_chart import SalesChart

log = logging.getLogger(__name__)
COLUMNS = ["N°", "Type", "Période", "Tickets", "Total", "Écart"]
SHORT_KIND = {ClosureKind.DAY: "Z", ClosureKind.MONTH: "Mois", ClosureKind.YEAR: "Année"}
KIND_FILTERS = (("Jours", ClosureKind.DAY), ("Mois", ClosureKind.MONTH), ("Années", ClosureKind.YEAR))
PRINTED_KIND = {ClosureKind.DAY: "Z", ClosureKind.MONTH: "mensuelle", ClosureKind.YEAR: "annuelle"}
# PrintService.print_closure_figures: (kind, number, figures, cash lines in cents, footer) → job id, or None
PrintClosure = Callable[[str, int | None, ClosureFigures, list[tuple[str, int | None]], str], int | None]


class ClosuresScreen(QWidget):
    home_requested = Signal()

    def __init__(self, closures: Any, manager_pin_dialog: Callable[[QWidget], KeypadDialog],
                 current_seller: Callable[[], Seller | None], parent: QWidget | None = None,
                 print_closure: PrintClosure | None = None) -> None:
        """`manager_pin_dialog(parent)`: the rights gate's PIN pad for the Z (its value: the manager).
        `print_closure`: printing's use case (None: no « Imprimer »)."""
        super().__init__(parent)
        self.setObjectName("closuresScreen")
        self.closures, self.manager_pin_dialog, self.current_seller = closures, manager_pin_dialog, current_seller
        self.print_closure = print_closure
        self.reading: Reading | None = None  # the Lecture X the detail shows, if it shows one
        self.kind = ClosureKind.DAY
        self.shown: list[StoredClosure] = []
        self.pin_dialog: KeypadDialog | None = None
        self.count_dialog: CashCountDialog | None = None
        self.file_dialog: QFileDialog | None = None
        title = QLabel("Clôtures", self)
        title.setObjectName("screenTitle")
        self.x_button = TouchButton("Lecture X", self, role="action")
        self.z_button = TouchButton("Clôture Z", self, role="primary")
        self.float_button = TouchButton("Fond de caisse", self, role="action")
        self.correct_button = TouchButton("Corriger le comptage", self, role="nav")
        self.month_button = TouchButton("Clôtures du mois", self, role="nav")
        self.export_button = TouchButton("Exporter CSV", self, role="nav")
        self.back_button = TouchButton("Accueil", self, role="nav")
        self.x_button.clicked.connect(self.show_x)
        self.z_button.clicked.connect(self.start_z)
        self.float_button.clicked.connect(self.start_float)
        self.correct_button.clicked.connect(self.start_correction)
        self.month_button.clicked.connect(self.start_months)
        self.export_button.clicked.connect(self.start_export)
        self.back_button.clicked.connect(self.home_requested)
        # One row beside the title on a wide screen; under it, on two rows, from 1024 px down (800×600 cut them all).
        self._title = title
        self._actions = (self.x_button, self.z_button, self.float_button, self.correct_button, self.month_button,
                         self.export_button, self.back_button)
        self._top = QGridLayout()
        self._top_columns = 0
        self._place_actions(wide=True)
        self.kind_buttons: dict[ClosureKind, TouchButton] = {}
        kinds = QHBoxLayout()
        for label, kind in KIND_FILTERS:
            button = TouchButton(label, self, role="nav")
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, k=kind: self.show_kind(k))
            self.kind_buttons[kind] = button
            kinds.addWidget(button)
        self.table = row_picker_table(COLUMNS, self, "closuresTable")
        self.table.itemSelectionChanged.connect(self._show_selected)
        left = QVBoxLayout()
        left.addLayout(kinds)
        left.addWidget(self.table, 1)
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("closureDetail")
        self.print_button = TouchButton("Imprimer", self, role="action")
        self.print_button.clicked.connect(self.print_shown)
        self.print_button.setVisible(print_closure is not None)
        print_row = QHBoxLayout()
        print_row.addStretch(1)
        print_row.addWidget(self.print_button)
        right = QVBoxLayout()
        right.addWidget(self.detail, 1)
        right.addLayout(print_row)
        middle = QHBoxLayout()
        middle.addLayout(left, 1)
        middle.addLayout(right, 1)
        self.chart = SalesChart(self)
        self.message = InlineMessage(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(self._top)
        layout.addLayout(middle, 3)
        layout.addWidget(self.chart, 2)
        layout.addWidget(self.message)
        self._update_print_button()

    def _place_actions(self, wide: bool) -> None:
        columns = len(self._actions) if wide else 4
        if columns == self._top_columns:
            return
        self._top_columns = columns
        for widget in (self._title, *self._actions):
            self._top.removeWidget(widget)
        self._top.addWidget(self._title, 0, 0, 1, 1 if wide else columns)
        for index, button in enumerate(self._actions):
            row, column = (0, index + 1) if wide else (1 + index // columns, index % columns)
            self._top.addWidget(button, row, column)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_actions(wide=self.width() >= 1300)

    # --- display -----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.show_kind(self.kind)
        self.chart.set_sales(self.closures.hourly_sales())

    def show_kind(self, kind: ClosureKind) -> None:
        self.kind = kind
        for each, button in self.kind_buttons.items():
            button.setChecked(each is kind)
        self.shown = list(reversed(self.closures.closures(kind)))
        self.table.setRowCount(len(self.shown))
        for row, closure in enumerate(self.shown):
            difference = closure.difference_cents
            values = [str(closure.number), SHORT_KIND[closure.kind], period_label(closure, short=True),
                      str(closure.figures.ticket_count), money(closure.figures.grand_total),
                      "" if difference is None else money(difference)]
            for column, text in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self._update_print_button()

    def select_closure(self, number: int) -> None:
        for row, closure in enumerate(self.shown):
            if closure.number == number:
                self.table.selectRow(row)
                self._show_selected()

    def selected(self) -> StoredClosure | None:
        rows = self.table.selectionModel().selectedRows()
        return self.shown[rows[0].row()] if rows else None

    def _show_selected(self) -> None:
        closure = self.selected()
        if closure is not None:
            self.reading = None
            self.detail.setHtml(self.closure_html(closure))
        self._update_print_button()

    def closure_html(self, closure: StoredClosure) -> str:
        cash = None
        if closure.kind is ClosureKind.DAY:
            counts = self.closures.counts_of(closure.number)
            cash = [("Fond de caisse", money(closure.float_cents)),
                    ("Espèces attendues", money(closure.expected_cash_cents)),
                    ("Espèces comptées", money(closure.counted_cash_cents)),
                    ("Écart", money(closure.difference_cents))]
            for count in counts[1:]:
                difference = count.cents - (closure.expected_cash_cents or 0)
                cash.append((f"Comptage corrigé le {count.at:%d/%m %H:%M} par {count.seller_name}",
                             f"{money(count.cents)} (écart {money(difference)})"))
        title = f"{closure.kind.label} n° {closure.number} — {period_label(closure)}"
        return (figures_html(title, closure.figures, cash)
                + f"<p>Faite le {closure.made_at:%d/%m/%Y à %H:%M} par {closure.seller_name}.</p>")

    # --- Lecture X ---------------------------------------------------------------------------------------
    def show_x(self) -> None:
        try:
            reading = self.closures.reading_x()
        except Exception as exc:  # noqa: BLE001 - StoreError: said, the screen stays
            self._failed(exc, "La lecture X n'a pas pu être faite.")
            return
        cash = [("Fond de caisse", money(reading.float_cents)),
                ("Espèces attendues dans le tiroir", money(reading.expected_cash_cents))]
        self.table.clearSelection()
        self.reading = reading
        self._update_print_button()
        self.detail.setHtml(figures_html(f"Lecture X du {reading.business_date:%d/%m/%Y} (rien n'est clôturé)",
                                         reading.figures, cash))
        self.chart.set_sales(self.closures.hourly_sales())
        self.message.show_info("Lecture X : la période reste ouverte, rien n'est enregistré.")

    # --- « Imprimer » -------------------------------------------------------------------------------------
    def _update_print_button(self) -> None:
        self.print_button.setEnabled(self.reading is not None or self.selected() is not None)

    def print_shown(self) -> None:
        """The X shown or the closure selected, on the receipt printer (a second tap while it waits: nothing)."""
        if self.print_closure is None or not self.print_button.isEnabled():
            return
        closure = self.selected()
        try:
            if closure is not None:
                name = f"{closure.kind.label} n° {closure.number}"
                cash: list[tuple[str, int | None]] = []
                if closure.kind is ClosureKind.DAY:
                    cash = [("Fond de caisse", closure.float_cents), ("Espèces attendues", closure.expected_cash_cents),
                            ("Espèces comptées", closure.counted_cash_cents), ("Écart", closure.difference_cents)]
                job = self.print_closure(PRINTED_KIND[closure.kind], closure.number, closure.figures, cash,
                                         f"Faite le {closure.made_at:%d/%m/%Y à %H:%M} par {closure.seller_name}")
            elif self.reading is not None:
                name, reading = "Lecture X", self.reading
                job = self.print_closure("X", None, reading.figures, [
                    ("Fond de caisse", reading.float_cents), ("Espèces attendues", reading.expected_cash_cents)], "")
            else:
                return
        except ValueError as exc:  # PrintingError: no receipt printer chosen (French)
            self.message.show_error(str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - StoreError: said, the screen stays
            self._failed(exc, "L'impression n'a pas pu être demandée.")
            return
        if job is None:
            self.message.show_info(f"{name} : l'impression attend déjà l'imprimante.")
        else:
            self.message.show_success(f"{name} envoyée à l'imprimante des tickets.")

    # --- manager PIN, then the action --------------------------------------------------------------------
    def _ask_manager(self, title: str, then: Callable[[Seller], None], button: TouchButton) -> None:
        button.setEnabled(False)
        dialog = self.manager_pin_dialog(self)
        dialog.setWindowTitle(title)
        dialog.accepted.connect(lambda: then(dialog.value))  # type: ignore[arg-type]
        dialog.rejected.connect(lambda: button.setEnabled(True))
        self.pin_dialog = dialog
        dialog.open()

    def _count(self, title: str, prompt: str, then: Callable[[int, dict], None], button: TouchButton) -> None:
        dialog = CashCountDialog(title, prompt, self)
        dialog.counted.connect(then)
        dialog.finished.connect(lambda _r: button.setEnabled(True))
        self.count_dialog = dialog
        dialog.open()

    # --- Z -----------------------------------------------------------------------------------------------
    def start_z(self) -> None:
        if self.z_button.isEnabled():
            self._ask_manager("Clôture Z", self._count_for_z, self.z_button)

    def _count_for_z(self, manager: Seller) -> None:
        pending = self.closures.pending_days()
        before = (" Les journées sans Z (" + ", ".join(f"{d:%d/%m}" for d in pending) + ") seront clôturées "
                  "d'abord, chacune à sa date." if pending else "")
        self._count("Clôture Z", "Comptez les espèces du tiroir (billets et pièces, ou le total)." + before,
                    lambda cents, detail: self._close_z(manager, cents, detail), self.z_button)

    def _close_z(self, manager: Seller, cents: int, detail: dict) -> None:
        try:
            closure = self.closures.close_day(manager, cents, detail)
        except ValueError as exc:  # ClosureError: already done today…
            self.message.show_error(str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - StoreError: said, nothing half-written
            self._failed(exc, "La clôture Z n'a pas pu être enregistrée.")
            return
        self.show_kind(ClosureKind.DAY)
        self.select_closure(closure.number)
        self.chart.set_sales(self.closures.hourly_sales())
        self.message.show_success(f"Clôture Z n° {closure.number} du {period_label(closure)} enregistrée — écart de "
                                  f"caisse {money(closure.difference_cents)}.")

    # --- monthly and annual closures from the screen ----------------------------------------------------
    def start_months(self) -> None:
        if self.month_button.isEnabled():
            self._ask_manager("Clôtures du mois", self._close_months, self.month_button)

    def _close_months(self, manager: Seller) -> None:
        self.month_button.setEnabled(True)
        try:
            made = self.closures.close_finished_periods(manager)
        except ValueError as exc:  # ClosureError: nothing due, or days without their Z
            self.message.show_error(str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - StoreError: said, nothing half-written
            self._failed(exc, "Les clôtures du mois n'ont pas pu être enregistrées.")
            return
        self.show_kind(made[0].kind)
        self.select_closure(made[0].number)
        self.message.show_success("Clôture(s) enregistrée(s) : " + ", ".join(
            f"{c.kind.label.lower()} {c.period}" for c in made) + ".")

    # --- float and corrected count -----------------------------------------------------------------------
    def start_float(self) -> None:
        seller = self.current_seller()
        if seller is None:
            self._ask_manager("Fond de caisse", self._count_float, self.float_button)
            return
        self.float_button.setEnabled(False)
        self._count_float(seller)

    def _count_float(self, seller: Seller) -> None:
        def save(cents: int, detail: dict) -> None:
            try:
                count = self.closures.set_float(seller, cents, detail)
            except Exception as exc:  # noqa: BLE001
                self._failed(exc, "Le fond de caisse n'a pas pu être enregistré.")
                return
            corrected = " (corrige le précédent)" if count.corrects else ""
            self.message.show_success(f"Fond de caisse du jour : {money(cents)}{corrected}.")

        self._count("Fond de caisse", f"{seller.name} : comptez le fond de caisse de l'ouverture.", save,
                    self.float_button)

    def start_correction(self) -> None:
        closure = self.selected()
        if closure is None or closure.kind is not ClosureKind.DAY:
            self.message.show_error("Sélectionnez d'abord une clôture Z dans la liste.")
            return
        self._ask_manager("Corriger le comptage", lambda manager: self._recount(manager, closure),
                          self.correct_button)

    def _recount(self, manager: Seller, closure: StoredClosure) -> None:
        def save(cents: int, detail: dict) -> None:
            try:
                self.closures.correct_count(closure.number, manager, cents, detail)
            except Exception as exc:  # noqa: BLE001
                self._failed(exc, "Le comptage corrigé n'a pas pu être enregistré.")
                return
            self.select_closure(closure.number)
            self._show_selected()
            self.message.show_success(f"Comptage de la clôture n° {closure.number} corrigé : {money(cents)} "
                                      "(le premier comptage reste enregistré).")

        self._count("Corriger le comptage", f"Nouveau comptage des espèces de la clôture n° {closure.number}.",
                    save, self.correct_button)

    # --- CSV ---------------------------------------------------------------------------------------------
    def start_export(self) -> None:
        dialog = QFileDialog(self, "Exporter les clôtures (CSV)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setNameFilter("CSV (*.csv)")
        dialog.selectFile(default_file_name(date.today()))
        dialog.fileSelected.connect(lambda path: self.export_to(Path(path)))
        self.file_dialog = dialog
        dialog.open()

    def export_to(self, path: Path) -> None:
        seller = self.current_seller() or Seller(None, "caisse")
        try:
            count = self.closures.export_csv(path, seller)
        except OSError as exc:
            self.message.show_error(f"Le fichier « {path.name} » n'a pas pu être écrit ({exc.strerror or exc}).")
            return
        except Exception as exc:  # noqa: BLE001
            self._failed(exc, "L'export n'a pas pu être fait.")
            return
        self.message.show_success(f"{plural(count, 'clôture exportée', 'clôtures exportées')} dans « {path.name} ».")

    def _failed(self, exc: Exception, text: str) -> None:
        log.exception(text)
        self.message.show_error(getattr(exc, "message_fr", None) or text)


def period_label(closure: StoredClosure, short: bool = False) -> str:
    if closure.kind is ClosureKind.DAY:
        return date.fromisoformat(closure.period).strftime("%d/%m/%Y")
    if short:
        return closure.period
    return f"{closure.period} ({moment(closure.figures.start)} – {moment(closure.figures.end)})"
