"""Every screen size from 800×600 to 1920×1080: the till's screens and dialogs fit (no dialog bigger than the
screen, every visible button at least 48 px and inside it, no label cut), shot with KEZIA_SHOTS for the guide
(docs/screenshots/sizes/<screen>-<width>x<height>.png, looked at by a person)."""
import pytest
from kd_fixtures.screenshots import belongs_to, shot_screen
from kd_fixtures.till import tap, tap_article
from kd_fixtures.web_orders import payload, start_till
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QScrollArea

from kezia_desk.domain.ticket import PaymentMethod

SIZES = [(800, 600), (1024, 768), (1366, 768), (1920, 1080)]
MIN_TOUCH = 48
LEFT = Qt.MouseButton.LeftButton


def text_fits(widget, text, available) -> bool:
    """Qt's size hints and boundingRect differ by a pixel or two of rounding; a cut text loses far more."""
    needed = widget.fontMetrics().boundingRect(QRect(0, 0, 10_000, 10_000), int(Qt.AlignmentFlag.AlignCenter), text)
    return needed.width() <= available.width() + 2 and needed.height() <= available.height() + 2


def in_scroll_area(widget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def open_windows(window):
    return [window] + [top for top in QApplication.topLevelWidgets()
                       if top is not window and top.isVisible() and belongs_to(top, window)]


def problems(window) -> list[str]:
    """What a cashier would find wrong on this screen: a window past the screen's edge, a button too small or out
    of its window, a text cut."""
    screen = QRect(window.geometry().topLeft(), window.size())
    found = []
    for top in open_windows(window):
        name = top.windowTitle() or type(top).__name__
        if top is not window and not screen.contains(top.geometry()):
            found.append(f"{name} : {top.width()}×{top.height()} dépasse l'écran")
        for button in top.findChildren(QPushButton):
            if not button.isVisible() or button.window() is not top:
                continue
            if button.height() < MIN_TOUCH or button.width() < MIN_TOUCH:
                found.append(f"{name} : « {button.text()} » {button.width()}×{button.height()} px")
            # Narrower than its size hint (text + the stylesheet's padding): its text is cut.
            if button.width() + 2 < button.sizeHint().width() or not text_fits(
                    button, button.text(), button.rect().adjusted(4, 2, -4, -2)):
                found.append(f"{name} : texte coupé « {button.text()} »")
            corner = button.mapTo(top, button.rect().topLeft())
            if not top.rect().contains(QRect(corner, button.size())) and not in_scroll_area(button):
                found.append(f"{name} : « {button.text()} » hors de la fenêtre")
        for label in top.findChildren(QLabel):
            if label.isVisible() and label.text() and not label.wordWrap() and label.window() is top \
                    and not text_fits(label, label.text(), label.contentsRect()):
                found.append(f"{name} : libellé coupé « {label.text()} »")
    return found


def check(qtbot, window, screen: str, size) -> list[str]:
    qtbot.wait(30)  # layouts settle
    shot_screen(window, f"sizes/{screen}-{size[0]}x{size[1]}.png")
    found = [f"{screen} {size[0]}×{size[1]} — {problem}" for problem in problems(window)]
    if (window.width(), window.height()) != tuple(size):  # a screen whose minimum size is bigger than the screen
        found.append(f"{screen} : la fenêtre passe à {window.width()}×{window.height()}")
    return found


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.screenshot
def test_home_till_payment_web_orders_fiche_and_settings_fit(qtbot, connected, live_sandbox, size):
    kezia = connected()
    window = kezia.window
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().width() == size[0] and window.size().height() == size[1])
    found = check(qtbot, window, "accueil", size)
    start_till(qtbot, kezia)
    window.show_till()
    float_prompt = window.closures_ui.opening_float.dialog  # the day's float is asked first: counted elsewhere
    qtbot.waitUntil(lambda: float_prompt is not None and float_prompt.isVisible())
    found += check(qtbot, window, "fond-de-caisse", size)
    tap(qtbot, float_prompt.cancel_button)
    qtbot.waitUntil(lambda: not float_prompt.isVisible())
    for idart in (1013, 1022, 2001, 3001):
        tap_article(qtbot, window, idart)
    found += check(qtbot, window, "caisse", size)
    tap(qtbot, window.till.payment_buttons[PaymentMethod.CASH])
    found += check(qtbot, window, "reglement", size)
    tap(qtbot, window.till.payment_dialog.close_button)

    ui = window.web_orders_ui
    live_sandbox.sandbox.place_shop_order(payload("Zoé"))
    qtbot.waitUntil(lambda: ui.alert.count == 1, timeout=8000)
    tap(qtbot, ui.alert.ack_button)
    tap(qtbot, window.till.web_orders_button)
    qtbot.waitUntil(lambda: ui.screen.model.rowCount() == 1, timeout=5000)
    found += check(qtbot, window, "commandes-web", size)
    ui.screen.open_row(0)
    detail = next(d for d in ui.details.values() if d.isVisible())
    found += check(qtbot, window, "fiche-commande", size)
    tap(qtbot, detail.close_button)

    window.open_web_settings()
    settings_ui = window.web_settings_ui
    qtbot.waitUntil(lambda: settings_ui.pin_dialog is not None and settings_ui.pin_dialog.isVisible())
    qtbot.keyClicks(settings_ui.pin_dialog.keypad.display, "1234")
    tap(qtbot, settings_ui.pin_dialog.ok_button)
    qtbot.waitUntil(lambda: settings_ui.platform_dialog is not None and settings_ui.platform_dialog.isVisible())
    tap(qtbot, settings_ui.platform_dialog.hubrise_button)
    qtbot.waitUntil(lambda: settings_ui.settings_window is not None and settings_ui.settings_window.isVisible())
    settings = settings_ui.settings_window
    for index, tab in enumerate(("connexion", "personnalisation", "es")):
        settings.tabs.setCurrentIndex(index)
        found += check(qtbot, window, f"parametres-{tab}", size)
    tap(qtbot, settings.close_button)

    diagnostics = ui.open_diagnostics()
    qtbot.waitUntil(diagnostics.isVisible)
    found += check(qtbot, window, "diagnostic", size)
    tap(qtbot, diagnostics.close_button)
    window.show_articles()
    found += check(qtbot, window, "articles", size)
    window.open_orders_in_progress()
    found += check(qtbot, window, "commandes-en-cours", size)
    window.open_new_order()
    found += check(qtbot, window, "commandes", size)
    window.show_home()  # the screens the closures and the sellers brought: from the home screen, as a cashier
    tap(qtbot, window.home.closures_button)
    qtbot.waitUntil(lambda: window.current_screen() is window.closures_ui.closures)
    found += check(qtbot, window, "clotures", size)
    window.show_home()
    tap(qtbot, window.home.tickets_button)
    qtbot.waitUntil(lambda: window.current_screen() is window.closures_ui.tickets)
    found += check(qtbot, window, "tickets", size)
    assert found == [], "\n".join(found)
