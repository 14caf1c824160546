"""`kezia-desk --demo` receives the built-in web shop's orders; `--api-url` with the token in the environment
works against a sandbox started apart (here: the live sandbox fixture on a free port)."""
import os
import subprocess
import sys

from kezia_desk.domain.order import OrderStatus


def test_demo_mode_receives_generated_orders(qtbot, make_app):
    kezia = make_app(demo=True, poll_interval=0.3, demo_orders_every=0.5, demo_first_order_after=0.1)
    ui = kezia.window.web_orders_ui
    qtbot.waitUntil(lambda: len(kezia.services.web_orders.list_orders("toutes")) >= 2, timeout=15_000)
    assert ui.alert.isVisible() and ui.alert.count >= 1
    sandbox = kezia.sandbox
    qtbot.waitUntil(lambda: any(o["status"] == "received" for o in sandbox.orders()), timeout=10_000)
    orders = kezia.services.web_orders.list_orders("toutes")
    assert all(o.status in (OrderStatus.RECEIVED, OrderStatus.NEW) for o in orders)
    mapped = [item.idart for order in orders for item in order.items if item.idart is not None]
    assert mapped  # the generator's refs are the till's IDARTs


def test_api_url_and_token_from_environment(live_sandbox, tmp_path):
    live_sandbox.sandbox.place_shop_order({"status": "new", "items": []})  # before the till subscribes: not seen
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KEZIA_DESK_HUBRISE_TOKEN=live_sandbox.till_token)
    process = subprocess.Popen([sys.executable, "-m", "kezia_desk", "--data-dir", str(tmp_path / "d"),
                                "--api-url", live_sandbox.api_url, "--quit-after", "6"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    import time

    deadline = time.monotonic() + 5
    connection = live_sandbox.sandbox.state.connections[live_sandbox.till_token]
    while connection.callback is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert connection.callback == {"url": None, "events": {"order": ["create", "update"]}}
    placed = live_sandbox.sandbox.place_shop_order({"status": "new", "items": []})
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    # The till polled at start; the order placed after it is acknowledged on "received" at the next start.
    log = (tmp_path / "d" / "logs" / "kezia-desk.log").read_text(encoding="utf-8")
    assert live_sandbox.till_token not in log + out + err
    assert placed["id"]
