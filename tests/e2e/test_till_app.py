"""The whole application, built by the composition root, used the way a cashier uses it; and the command line."""
import gc
import os
import subprocess
import sys

from PySide6.QtCore import Qt

from kezia_desk.domain.money import Money


def button(widget, text):
    from PySide6.QtWidgets import QAbstractButton

    matches = [b for b in widget.findChildren(QAbstractButton) if b.text().replace("\n", " ").startswith(text)
               and b.isVisible()]
    assert matches, f"pas de bouton « {text} » visible"
    return matches[0]


def test_cashier_sells_through_the_real_wiring(qtbot, demo_app):
    window = demo_app.window
    qtbot.mouseClick(button(window.home, "CAISSE"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button(window.seller_screen, "Léa"), Qt.MouseButton.LeftButton)
    assert window.current_seller.name == "Léa"
    window.till.add_article(demo_app.services.catalog.get(1013))  # Regina Grande 14,50 €
    window.till.add_article(demo_app.services.catalog.get(2004))  # Bière 3,50 €
    assert window.till.draft.total == Money.of("18.00")
    closed = []
    demo_app.services.till.closed.add(closed.append)
    draft = window.till.draft
    from kezia_desk.domain.ticket import PaymentMethod

    draft.add_payment(PaymentMethod.CASH, Money.of("20"))
    window.till.close_ticket()
    qtbot.waitUntil(lambda: len(closed) == 1, timeout=5000)
    # The demo is always in mode formation: the sale is a training ticket, never one of the sales journal.
    assert closed[0].training
    stored = demo_app.services.till.get_ticket(closed[0].number, training=True)
    assert stored.seller_name == "Léa" and stored.total == Money.of("18.00") and stored.training
    assert stored.change_due == Money.of("2.00")
    assert demo_app.services.till.list_tickets() == []
    assert demo_app.services.till.verify_journal().ok


def test_f3_from_home_opens_orders_in_progress(qtbot, demo_app):
    window = demo_app.window
    window.show_home()
    opened = []
    window.register_screen_opener("orders_in_progress", lambda: opened.append(True))
    window.home.setFocus()
    qtbot.keyClick(window.home, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: opened == [True], timeout=3000)


def test_command_line_demo_screenshot_and_quit(tmp_path):
    shot = tmp_path / "home.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-m", "kezia_desk", "--demo", "--data-dir", str(tmp_path / "d"),
                             "--screenshot", str(shot), "--quit-after", "3"], env=env, capture_output=True,
                            text=True, timeout=90)
    assert result.returncode == 0, result.stderr
    assert shot.exists() and shot.stat().st_size > 10_000
    assert (tmp_path / "d" / "kezia-desk.db").exists()
    assert "Traceback" not in result.stderr


def test_sandbox_command_refuses_to_listen_beyond_loopback():
    result = subprocess.run([sys.executable, "-m", "kezia_desk", "sandbox", "--host", "0.0.0.0", "--port", "8799"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "boucle locale" in result.stderr and "Traceback" not in result.stderr


def test_after_warm_up_what_start_up_loaded_is_set_aside_from_the_collector_until_close(qtbot, make_app):
    """The garbage collector's full passes were most of a rush's longest loop blocks: the till freezes what it
    loaded at start (gc.freeze) once warmed up, and gives it back at close so a closed till can be collected."""
    from kd_fixtures.app import close

    kezia = make_app(demo=True)
    assert gc.get_freeze_count() == 0
    qtbot.waitUntil(lambda: not kezia.warming_up, timeout=10_000)
    assert gc.get_freeze_count() > 10_000
    close(qtbot, kezia)
    assert gc.get_freeze_count() == 0
