"""The application's configuration, built by the command line or by the tests.

Kept apart from app.py so that the command line (and `verify-journal`, which has no window) can compute the
data directory without importing every layer.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .hubrise.urls import DEFAULT_API_URL

APP_NAME = "Kezia Desk"
ORGANIZATION = "Kezia"
TOKEN_ENV_VAR = "KEZIA_DESK_HUBRISE_TOKEN"
CLIENT_ID_ENV_VAR = "KEZIA_DESK_HUBRISE_CLIENT_ID"  # the OAuth client of this Kezia Desk build on HubRise
CLIENT_SECRET_ENV_VAR = "KEZIA_DESK_HUBRISE_CLIENT_SECRET"
DEFAULT_SANDBOX_URL = "http://127.0.0.1:8765"
# The public OAuth client `kezia-desk sandbox` registers for training (kezia_desk/sandbox/oauth.py has the same
# values; a test keeps them equal). The till never imports the sandbox program.
TRAINING_SANDBOX_CLIENT_ID = "kezia-desk.clients.sandbox"
TRAINING_SANDBOX_CLIENT_SECRET = "sandbox-secret"  # a published training value, not a secret


def default_data_dir(demo: bool = False) -> Path:
    """The platform's application-data folder (via Qt), with demo data kept apart from the shop's real data."""
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APP_NAME)
    base = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    return base / "demo" if demo else base


@dataclass
class AppConfig:
    """Everything build_app needs. `hubrise_token` is excluded from repr so it never lands in a log."""

    data_dir: Path
    demo: bool = False
    api_url: str = DEFAULT_API_URL
    hubrise_token: str | None = field(default=None, repr=False)
    poll_interval: float | None = None  # seconds; None = the shop's setting (30 s by default)
    demo_orders_every: float = 25.0  # seconds between generated web orders in demo mode
    demo_first_order_after: float = 3.0
    outbox_backoff_base: float = 2.0
    oauth_client_id: str | None = None
    oauth_client_secret: str | None = field(default=None, repr=False)
    sandbox_url: str = DEFAULT_SANDBOX_URL  # proposed in Paramètres Web for training
    use_keyring: bool = True  # the tests keep the token in a file in their temporary data dir
    fullscreen: bool = False  # --fullscreen: kiosk mode whatever the setting says

    @classmethod
    def from_environment(cls, data_dir: Path, demo: bool, api_url: str | None, fullscreen: bool = False) -> AppConfig:
        token = os.environ.get(TOKEN_ENV_VAR) or None
        return cls(data_dir=data_dir, demo=demo, api_url=api_url or DEFAULT_API_URL, hubrise_token=token,
                   oauth_client_id=os.environ.get(CLIENT_ID_ENV_VAR) or None,
                   oauth_client_secret=os.environ.get(CLIENT_SECRET_ENV_VAR) or None, fullscreen=fullscreen)
