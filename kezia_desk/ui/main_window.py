"""The main window: the screens (Accueil, Choix du vendeur, Caisse, Articles, Vendeurs), the menu bar and the
status bar. Protected actions go through its rights gate (manager PIN); a shop without a manager is asked for its
first one on screen as soon as the window shows.

The web-order screens plug in through `register_screen_opener` ("web_orders", "web_settings",
"orders_in_progress", "new_order"); the composition root registers all four. A screen that fails to open (or is
missing) is said in French, the window stays usable.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QMainWindow, QMessageBox, QStackedWidget, QWidget

from ..domain.rights import ProtectedAction
from ..domain.seller import Seller
from ..services.registry import Services
from ..services.sellers import SellerChange
from .home_screen import HomeScreen
from .kiosk import Kiosk
from .widgets.question import yes_no_question
from .widgets.rights_gate import RightsGate, Then
from .widgets.style import app_icon, apply_style
from .widgets.tap_shield import TapShield
from .widgets.touch import HubRiseStatusLabel

if TYPE_CHECKING:
    from .articles.articles_screen import ArticlesScreen
    from .closures.closures_wiring import ClosuresUi
    from .orders.till_orders_wiring import TillOrdersUi
    from .printing.print_wiring import PrintUi
    from .sellers.seller_dialogs import SellerFormDialog
    from .sellers.sellers_screen import SellersScreen
    from .settings.backup_dialog import BackupUi
    from .settings.settings_wiring import WebSettingsUi
    from .till.seller_screen import SellerScreen
    from .till.till_screen import TillScreen
    from .till.training_switch import TrainingSwitchUi
    from .web_orders.web_orders_wiring import WebOrdersUi
    from .widgets.on_screen_keyboard import OnScreenKeyboard

log = logging.getLogger(__name__)
ScreenT = TypeVar("ScreenT", bound=QWidget)
WINDOW_SIZE = (1024, 768)
OPENER_NAMES = ("web_orders", "web_settings", "orders_in_progress", "new_order", "training", "backups",
                "print_settings", "closures", "tickets", "fiscal_year")


class MainWindow(QMainWindow):
    ticket_closed = Signal(object)  # the till recorded a sale (a ClosedTicket): receipt, cash drawer

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.services = services
        self.setWindowTitle("Kezia Desk")
        self.setWindowIcon(app_icon())
        self.resize(*WINDOW_SIZE)
        self._openers: dict[str, Callable[[], None]] = {}
        self.current_seller: Seller | None = None
        self.error_box: QMessageBox | None = None
        self.quit_box: QMessageBox | None = None
        self._quit_confirmed = False
        self.rights_gate = RightsGate(services.rights, self, first_manager=self.ask_first_manager)
        self.first_start_dialog: SellerFormDialog | None = None
        self._first_start_checked = False
        self._sellers_screen: SellersScreen | None = None
        services.sellers.changed.add(self._on_seller_changed)

        self.stack = QStackedWidget(self)
        self.home = HomeScreen(self)
        self.stack.addWidget(self.home)
        self._seller_screen: SellerScreen | None = None
        self._till: TillScreen | None = None
        self._articles: ArticlesScreen | None = None
        # The web-order features, plugged in by the composition root (app.connect_window) once the services run.
        self.web_orders_ui: WebOrdersUi | None = None
        self.till_orders_ui: TillOrdersUi | None = None
        self.web_settings_ui: WebSettingsUi | None = None
        self.print_ui: PrintUi | None = None
        self.training_ui: TrainingSwitchUi | None = None  # Fichier > Mode formation…
        self.backup_ui: BackupUi | None = None  # Fichier > Sauvegardes…
        self.keyboard: OnScreenKeyboard | None = None  # every text field's keyboard (the composition root's)
        self.closures_ui: ClosuresUi | None = None  # Clôtures and Tickets (home screen)
        self.setCentralWidget(self.stack)
        self.tap_shield = TapShield(self.stack)  # the second tap of a double tap never acts on the next screen
        self.stack.currentChanged.connect(lambda _index: self.tap_shield.cover())
        self.rights_gate.granted.connect(lambda _manager: self.tap_shield.cover())

        self.home.till_requested.connect(self.show_seller_choice)
        self.home.new_order_requested.connect(self.open_new_order)
        self.home.articles_requested.connect(self.show_articles)
        self.home.sellers_requested.connect(self.open_sellers)
        self.home.closures_requested.connect(lambda: self._open("closures", "Clôtures"))
        self.home.tickets_requested.connect(lambda: self._open("tickets", "Tickets"))

        # Full screen, left with a manager's PIN through the rights gate.
        self.kiosk = Kiosk(self, lambda action, then: self.rights_gate.request(action, self.current_seller, then))
        self._build_menus()
        self.hubrise_status = HubRiseStatusLabel(self)
        self.statusBar().addPermanentWidget(self.hubrise_status, 1)  # all the bar's room, then « … »
        # F3 is application-wide, so it works whatever has the focus (a widget of the home screen, none, or the
        # order alert floating over it), and enabled only where it means something: the home screen (Commandes
        # en cours) and a screen with its own F3 (« Voir F3 »); elsewhere it does nothing, as in Kezia II.
        self.orders_in_progress_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F3), self)
        self.orders_in_progress_shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self.orders_in_progress_shortcut.activated.connect(self._on_f3)
        self.stack.currentChanged.connect(lambda _index: self.orders_in_progress_shortcut.setEnabled(
            self._f3_target() is not None))
        apply_style(self)
        self.show_home()

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu("&Fichier")
        settings_menu = file_menu.addMenu("&Paramètres")
        self.web_settings_action = QAction("Commandes &Web", self)
        self.web_settings_action.triggered.connect(self.open_web_settings)
        settings_menu.addAction(self.web_settings_action)
        self.print_settings_action = QAction("&Impression", self)
        self.print_settings_action.triggered.connect(lambda: self._open("print_settings", "Paramètres d'impression"))
        settings_menu.addAction(self.print_settings_action)
        self.fiscal_year_action = QAction("&Exercice fiscal…", self)  # manager PIN (ui/closures/fiscal_year_dialog)
        self.fiscal_year_action.triggered.connect(lambda: self._open("fiscal_year", "Exercice fiscal"))
        settings_menu.addAction(self.fiscal_year_action)
        self.training_action = QAction("Mode &formation…", self)  # manager PIN (ui/till/training_switch.py)
        self.training_action.triggered.connect(lambda: self._open("training", "Mode formation"))
        file_menu.addAction(self.training_action)
        self.backups_action = QAction("&Sauvegardes…", self)  # manager PIN (ui/settings/backup_dialog.py)
        self.backups_action.triggered.connect(lambda: self._open("backups", "Sauvegardes"))
        file_menu.addAction(self.backups_action)
        self.sellers_action = QAction("&Vendeurs", self)
        self.sellers_action.triggered.connect(self.open_sellers)
        file_menu.addAction(self.sellers_action)
        file_menu.addSeparator()
        file_menu.addAction(self.kiosk.leave_action)
        self.quit_action = QAction("&Quitter", self)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)
        customer_menu = menu_bar.addMenu("&Client")
        order_menu = customer_menu.addMenu("C&ommande")
        # "\tF3" only displays the key in the menu; the key itself is the home screen's shortcut (no ambiguity).
        self.orders_in_progress_action = QAction("Commandes en &cours" + "\tF3", self)
        self.orders_in_progress_action.triggered.connect(self.open_orders_in_progress)
        order_menu.addAction(self.orders_in_progress_action)
        self.new_order_action = QAction("&Nouvelle commande", self)
        self.new_order_action.triggered.connect(self.open_new_order)
        order_menu.addAction(self.new_order_action)

    # --- the screens, each built the first time it is needed (start-up shows the home screen only) ---------
    @property
    def seller_screen(self) -> SellerScreen:
        if self._seller_screen is None:
            from .till.seller_screen import SellerScreen

            screen = SellerScreen(self.services.sellers, self)
            screen.seller_chosen.connect(self.choose_seller)
            screen.home_requested.connect(self.show_home)
            self._seller_screen = self._added(screen)
        return self._seller_screen

    @property
    def till(self) -> TillScreen:
        if self._till is None:
            from .till.till_screen import TillScreen

            till = TillScreen(self.services.catalog, self.services.till, self, guard=self.guard)
            till.home_requested.connect(self.show_home)
            till.seller_change_requested.connect(self.show_seller_choice)
            till.web_orders_requested.connect(self.open_web_orders)
            till.web_settings_requested.connect(self.open_web_settings)
            till.ticket_closed.connect(self.ticket_closed)
            self._till = self._added(till)
        return self._till

    @property
    def articles(self) -> ArticlesScreen:
        if self._articles is None:
            from .articles.articles_screen import ArticlesScreen

            articles = ArticlesScreen(self.services.catalog, self, guard=self.guard)
            articles.home_requested.connect(self.show_home)
            self._articles = self._added(articles)
        return self._articles

    @property
    def sellers_screen(self) -> SellersScreen:
        if self._sellers_screen is None:
            from .sellers.sellers_screen import SellersScreen

            screen = SellersScreen(self.services.sellers, self)
            screen.home_requested.connect(self.show_home)
            self._sellers_screen = self._added(screen)
        return self._sellers_screen

    def _added(self, screen: ScreenT) -> ScreenT:
        self.stack.addWidget(screen)
        return screen

    # --- navigation --------------------------------------------------------------------------------------
    def current_screen(self) -> QWidget | None:
        return self.stack.currentWidget()

    def show_home(self) -> None:
        self.stack.setCurrentWidget(self.home)
        self.home.focus_default()

    def show_seller_choice(self) -> None:
        self._guard(self.seller_screen.refresh, "La liste des vendeurs n'a pas pu être lue.")
        self.stack.setCurrentWidget(self.seller_screen)

    def choose_seller(self, seller: Seller) -> None:
        self.set_acting_seller(seller)
        self.show_till()
        if self.closures_ui is not None:  # a day without its float: the seller is asked to count it (or skip)
            self.closures_ui.opening_float.offer(seller)

    def set_acting_seller(self, seller: Seller) -> None:
        """The seller who signs tickets and order actions from now on (Choix du vendeur, or the quick picker of
        a web-order action)."""
        self.current_seller = seller
        self.till.set_seller(seller)

    def show_till(self) -> None:
        """The till needs a seller: without one, CAISSE's seller choice comes first."""
        if self.current_seller is None:
            self.show_seller_choice()
            return
        self.stack.setCurrentWidget(self.till)

    def show_articles(self) -> None:
        self.articles.forget_authorization()
        self.articles.refresh()
        self.stack.setCurrentWidget(self.articles)
        self.articles.search_edit.setFocus()

    # --- sellers and rights ------------------------------------------------------------------------------
    def guard(self, action: ProtectedAction, then: Then) -> None:
        """A screen's protected action: the manager's PIN, for the seller on the till (an override if another
        manager's), then `then(manager)`."""
        self.rights_gate.request(action, self.current_seller, then)

    def open_sellers(self) -> None:
        """Vendeurs, once a manager's PIN is given (a manager's own, or for the seller on the till)."""
        self.rights_gate.request(ProtectedAction.SELLERS, self.current_seller, lambda _manager: self.show_sellers())

    def show_sellers(self) -> None:
        self.sellers_screen.refresh()
        self.stack.setCurrentWidget(self.sellers_screen)

    def ask_first_manager(self, then: Then | None = None) -> None:
        """A shop without any manager (a fresh database): the first one is created on screen, and `then` (the
        protected action that found no manager) goes on with them."""
        if self.first_start_dialog is not None and self.first_start_dialog.isVisible():
            self.first_start_dialog.raise_()
            return
        from .sellers.seller_dialogs import SellerFormDialog

        sellers = self.services.sellers
        dialog = SellerFormDialog(lambda name, _manager, pin: sellers.create_seller(name, True, pin), self,
                                  first_start=True)

        def created() -> None:
            manager = dialog.created
            assert manager is not None
            self.tap_shield.cover()  # the second tap of a double tap on « Créer le gérant » acts on nothing
            self.statusBar().showMessage(f"Gérant « {manager.name} » créé : la caisse est prête.", 10_000)
            if then is not None:
                then(manager)

        dialog.accepted.connect(created)
        self.first_start_dialog = dialog
        dialog.open()

    def showEvent(self, event: QShowEvent) -> None:
        """The first time the till shows: a shop without a manager is asked for one at once."""
        super().showEvent(event)
        if not self._first_start_checked:
            self._first_start_checked = True
            rights = self.services.rights
            if rights is not None and not rights.has_manager():
                self.ask_first_manager()

    def _on_seller_changed(self, change: SellerChange) -> None:
        """Renamed or deactivated in Vendeurs: the seller on the till follows (a deactivated one leaves it)."""
        seller = change.seller
        if self.current_seller is None or self.current_seller.id != seller.id:
            return
        self.current_seller = seller if seller.active else None
        if self.current_seller is not None and self._till is not None:
            self._till.set_seller(self.current_seller)

    # --- the web-order screens (registered by the composition root) ---------------------------------------
    def register_screen_opener(self, name: str, opener: Callable[[], None]) -> None:
        if name not in OPENER_NAMES:
            raise ValueError(f"écran inconnu : {name!r} (attendu : {', '.join(OPENER_NAMES)})")
        self._openers[name] = opener

    def open_web_orders(self) -> None:
        self._open("web_orders", "Commandes Web")

    def open_web_settings(self) -> None:
        self._open("web_settings", "Paramètres Web")

    def open_orders_in_progress(self) -> None:
        self._open("orders_in_progress", "Commandes en cours")

    def open_new_order(self) -> None:
        self._open("new_order", "Nouvelle commande")

    def _f3_target(self) -> Callable[[], None] | None:
        """What F3 does on the current screen: Commandes en cours on the home screen, the screen's own F3."""
        screen = self.current_screen()
        if screen is self.home:
            return self.open_orders_in_progress
        handler = getattr(screen, "handle_f3", None)
        return handler if callable(handler) else None

    def _on_f3(self) -> None:
        target = self._f3_target()
        if target is not None:
            target()

    def _open(self, name: str, feature: str) -> None:
        self._guard(lambda: self._openers[name](), f"« {feature} » n'a pas pu être ouvert.")

    def _guard(self, action: Callable[[], None], failure_text: str) -> None:
        """Run a navigation step; an unexpected failure becomes a French message, the window stays usable."""
        try:
            action()
        except Exception:  # never a traceback in the cashier's face
            log.exception("navigation")
            box = QMessageBox(QMessageBox.Icon.Warning, "Kezia Desk", failure_text,
                              QMessageBox.StandardButton.Ok, self)
            self.error_box = box
            box.open()

    def bring_to_front(self) -> None:
        """A second start on the same data folder: this window, restored if minimised, comes to the front."""
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()

    def show_at_start(self, kiosk: bool) -> None:
        if kiosk:
            self.kiosk.enter()
        else:
            self.show()

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt's name
        if self.kiosk.holds_close():
            event.ignore()  # kiosk mode: the manager's PIN first (the pad is open)
            return
        if self._till is not None and self._till.draft.lines and not self._quit_confirmed:
            event.ignore()  # a ticket in progress (maybe with payments taken): ask first
            self._ask_quit()
            return
        super().closeEvent(event)

    def _ask_quit(self) -> None:
        draft = self.till.draft
        text = f"Un ticket est en cours ({draft.total.format_fr()}). Quitter l'abandonne."
        if draft.till_payments:
            text = (f"Un ticket est en cours avec des règlements encaissés ({draft.paid.format_fr()}). "
                    "Quitter l'enregistre au journal comme ticket annulé.")
        box = yes_no_question(self, "Quitter Kezia Desk", text + " Quitter ?", "Oui, quitter", "Non, rester",
                              lambda: self.till.cancel_with_manager(self._quit_anyway))
        self.quit_box = box
        box.open()

    def _quit_anyway(self) -> None:
        if not self.till.cancel_ticket():  # payments taken but the journal refused: stay, the till says why
            self.show_till()
            return
        self._quit_confirmed = True
        self.close()
