"""Who may do what: a protected action needs a manager's PIN; a manager's PIN given for someone else's action
is an override, announced on `overrides` with both names.

The composition root (app.py) plugs the overrides into the technical log (and into the technical event log,
JET code 130, once the signed journal is there), so this service stays free of any journal. The PIN lock
(three wrong codes, then 30 s, 1 min, 2 min, 5 min) is ManagerAccess's, shared by every protected action.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from ..domain.rights import ProtectedAction
from ..domain.seller import Seller
from .listeners import Topic
from .manager_access import ManagerAccess, ManagerAccessError, ManagerPinChecker

__all__ = ["ProtectedAction", "Override", "RightsService", "ManagerAccessError"]


@dataclass(frozen=True)
class Override:
    """A manager allowed, with their PIN, an action that someone else (`actor`) was doing."""

    action: ProtectedAction
    actor: Seller
    manager: Seller
    at: datetime

    def describe_fr(self) -> str:
        return f"{self.manager.name} a autorisé {self.actor.name} à {self.action.label}"


class RightsService:
    def __init__(self, sellers: ManagerPinChecker, access: ManagerAccess | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.sellers = sellers
        self.access = access or ManagerAccess(sellers)
        self.clock = clock
        self.overrides: Topic[Override] = Topic()

    def has_manager(self) -> bool:
        return self.sellers.has_manager()

    def refusal(self, action: ProtectedAction, actor: Seller | None) -> str:
        """Why the PIN pad is shown, in French: who is acting and what needs a manager."""
        if actor is None:
            return f"Seul un gérant peut {action.label} : code gérant ?"
        if not actor.is_manager:
            return f"{actor.name} n'est pas gérant : pour {action.label}, un gérant tape son code."
        return f"Pour {action.label}, {actor.name} tape son code gérant."

    def authorize(self, action: ProtectedAction, actor: Seller | None, pin: str) -> Seller:
        """The manager whose PIN this is (ManagerAccessError otherwise, French). When that manager is not the
        seller who was acting, the override is announced with both names."""
        manager = self.access.check(pin)
        if actor is not None and actor.id != manager.id:
            override = Override(action, actor, manager, self.clock())
            self.overrides.notify(override)
        return manager
