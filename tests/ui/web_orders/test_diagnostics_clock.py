"""Diagnostic speaks the shop's clock: its Relèves column, its header and the status bar show Paris time even on a
machine set to another zone."""
import time
from datetime import datetime

from kd_fixtures.web_orders import payload, start_till
from PySide6.QtCore import Qt

from kezia_desk.domain.shop_time import SHOP_TIMEZONE, shop_clock

LEFT = Qt.MouseButton.LeftButton


def test_shop_clock_reads_any_zone_in_paris_time():
    assert shop_clock("2026-12-07T05:00:00+00:00") == "06:00:00"  # winter: UTC+1
    assert shop_clock("2026-07-01T05:00:00") == "07:00:00"  # no zone written: UTC; summer: UTC+2
    assert shop_clock("2026-12-07T05:00:00-05:00") == "11:00:00"
    assert shop_clock("pas une date") == "pas une date"


def test_releves_column_shows_shop_time_on_a_machine_in_another_zone(qtbot, connected, live_sandbox, monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")  # the machine's clock, 6 hours behind Paris
    time.tzset()
    try:
        kezia = connected()
        window = start_till(qtbot, kezia)
        live_sandbox.sandbox.place_shop_order(payload())
        ui = window.web_orders_ui
        link = kezia.services.link_status
        qtbot.waitUntil(lambda: ui.alert.count == 1 and link.current.state == "ok", timeout=8000)
        qtbot.mouseClick(window.hubrise_status, LEFT)
        dialog = ui.diagnostics
        qtbot.waitUntil(lambda: dialog.isVisible() and dialog.polls.rowCount() >= 1, timeout=3000)
        shown = datetime.strptime(dialog.polls.item(0, 0).text(), "%H:%M:%S")
        contact = link.last_success_at.astimezone(SHOP_TIMEZONE)
        gap = abs((shown - contact.replace(year=1900, month=1, day=1, tzinfo=None)).total_seconds())
        assert min(gap, 86_400 - gap) < 60, (dialog.polls.item(0, 0).text(), f"{contact:%H:%M:%S}")
        assert f"dernier contact réussi : {contact:%H:%M:%S}" in dialog.summary.text()
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
