"""Connecting the web-order services to the window (part of the composition root, kept apart from app.py).

Service listeners (the topics of services/listeners.py) are called on the asyncio loop, which qasync runs on Qt's
thread: they can update widgets directly.
"""
from __future__ import annotations

from typing import Any

from .services.reception import POLL_INTERVAL_SETTING


def status_text(web_orders: Any) -> tuple[str, str]:
    """The status-bar text: link state, last successful contact, updates waiting to be sent."""
    state = web_orders.link_state
    parts = [state.text]
    if web_orders.last_success_at is not None and state.state != "ok":
        parts.append(f"dernier contact {web_orders.last_success_at:%H:%M:%S}")
    elif web_orders.last_success_at is not None:
        parts[0] = f"HubRise : connecté (relève {web_orders.last_success_at:%H:%M:%S})"
    pending = web_orders.pending_outbox_count()
    failed = web_orders.failed_outbox_count()
    if pending:
        parts.append(f"{pending} mise(s) à jour en attente")
    if failed:
        parts.append(f"{failed} envoi(s) en erreur")
    level = state.level if not failed else "error"
    if pending and level == "ok":
        level = "warning"
    return " — ".join(parts), level


def wire_web_orders(kezia: Any) -> None:
    window, web_orders = kezia.window, kezia.services.web_orders

    def refresh_status(*_: Any) -> None:
        text, level = status_text(web_orders)
        window.hubrise_status.set_link_state(text, level)

    web_orders.link.add(refresh_status)
    web_orders.changed.add(refresh_status)
    if kezia.link.client is None:
        window.hubrise_status.set_link_state("HubRise : non connecté", "idle")
    from .ui.orders import till_orders_wiring
    from .ui.web_orders import web_orders_wiring
    from .ui.settings.settings_window import WebSettingsUi

    web_orders_wiring.wire(kezia)
    till_orders_wiring.wire(kezia)
    config = kezia.config
    window.web_settings_ui = WebSettingsUi(kezia.services, window, config.sandbox_url,
                                           kezia.services.connection.production)

    def on_setting(key: str) -> None:
        if key == POLL_INTERVAL_SETTING:
            kezia.poller.wake()  # the new interval counts from now, no restart

    kezia.services.settings.add_listener(on_setting)
