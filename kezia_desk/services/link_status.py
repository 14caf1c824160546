"""What the status bar and the Diagnostic say about the HubRise link: the poller and the send queue set it, the
screens follow it. Kept apart from the order services so reception, the dispatcher and the screens share one
small object instead of reaching through the web-orders service."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..domain.shop_time import shop_now
from ..domain.text import plural
from ..store.outbox import OutboxStore
from .listeners import Topic


@dataclass(frozen=True)
class LinkState:
    """The HubRise link for the status bar: state in ok/polling/offline/error/revoked/idle, French text."""

    state: str
    text: str
    level: str  # ok / warning / error / idle, as the status label understands it


class LinkStatus:
    def __init__(self, outbox: OutboxStore) -> None:
        self.outbox = outbox
        self.changed: Topic[LinkState] = Topic()
        self.current = LinkState("idle", "HubRise : non connecté", "idle")
        self.last_success_at: datetime | None = None

    def set(self, state: str, text: str, level: str) -> None:
        self.current = LinkState(state, text, level)
        if level == "ok":
            self.last_success_at = shop_now()
        self.changed.notify(self.current)

    def pending_count(self) -> int:
        return self.outbox.pending_count()

    def failed_count(self) -> int:
        return self.outbox.failed_count()

    def summary(self) -> tuple[str, str]:
        """The status bar's text and level: link state, last successful contact (shop time), updates waiting."""
        state = self.current
        parts = [state.text]
        if self.last_success_at is not None and state.state != "ok":
            parts.append(f"dernier contact {self.last_success_at:%H:%M:%S}")
        elif self.last_success_at is not None:
            parts[0] = f"HubRise : connecté (relève {self.last_success_at:%H:%M:%S})"
        pending, failed = self.pending_count(), self.failed_count()
        if pending:
            parts.append(plural(pending, "mise à jour", "mises à jour") + " en attente")
        if failed:
            parts.append(plural(failed, "envoi", "envois") + " en erreur")
        level = state.level if not failed else "error"
        if pending and level == "ok":
            level = "warning"
        return " — ".join(parts), level
