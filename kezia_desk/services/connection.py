"""Connecting the till to HubRise (Paramètres Web > Connexion): OAuth with a pasted code, the stored token,
disconnection, and what the till is connected to.

The token goes to the token store (keyring or a 0600 file), never to the settings table or the logs; what the
screens show about the connection (names, ids, URLs, a masked token) is kept in the settings table.
"""
from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..hubrise.errors import HubRiseError
from ..hubrise.oauth import (
    BACK_OFFICE_URL,
    DEFAULT_OAUTH_URL,
    ConnectionInfo,
    OAuthSettings,
    build_authorize_url,
    exchange_code,
    revoke_token,
)
from ..hubrise.urls import DEFAULT_API_URL, check_url_is_safe
from ..store.token_store import TokenStore
from .listeners import Topic

if TYPE_CHECKING:
    import httpx

    from .hubrise_link import HubRiseLink
    from .settings import SettingsService

log = logging.getLogger(__name__)
CONNECTION_SETTING = "hubrise.connection"
DEVICE_ID_SETTING = "hubrise.device_id"


class ConnectionError_(HubRiseError):  # noqa: N801 - "ConnectionError" is a builtin
    """A connection step the till refuses before talking to HubRise (French message)."""


@dataclass(frozen=True)
class Platform:
    """Where to connect: HubRise itself, or a sandbox for training."""

    label: str
    api_url: str
    oauth: OAuthSettings
    back_office_url: str
    is_sandbox: bool = False


def hubrise_platform(client_id: str | None, client_secret: str | None) -> Platform:
    if not client_id or not client_secret:
        raise ConnectionError_("Cette installation n'a pas d'identifiant d'application HubRise "
                               "(KEZIA_DESK_HUBRISE_CLIENT_ID / _SECRET) : utilisez le bac à sable ou contactez Kezia.")
    return Platform("HubRise", DEFAULT_API_URL, OAuthSettings(DEFAULT_OAUTH_URL, client_id, client_secret),
                    BACK_OFFICE_URL)


def sandbox_platform(base_url: str, client_id: str, client_secret: str) -> Platform:
    """A sandbox started with `kezia-desk sandbox`: API under /v1, OAuth under /oauth2/v1. Its OAuth client is
    given by the composition root (config), never imported from the sandbox program."""
    base = check_url_is_safe(base_url.strip().rstrip("/"))
    for suffix in ("/v1", "/oauth2/v1"):
        base = base.removesuffix(suffix)
    return Platform("Bac à sable HubRise", f"{base}/v1",
                    OAuthSettings(f"{base}/oauth2/v1", client_id, client_secret),
                    f"{base}/_sandbox/state", is_sandbox=True)


@dataclass(frozen=True)
class ConnectionState:
    connected: bool
    platform: str = ""
    api_url: str = ""
    back_office_url: str = ""
    account_name: str | None = None
    location_name: str | None = None
    catalog_id: str | None = None
    catalog_name: str | None = None
    customer_list_id: str | None = None
    customer_list_name: str | None = None
    masked_token: str = ""
    token_storage: str = ""


class ConnectionService:
    """Owns the till's HubRise connection; `link` is the HubRiseLink services take their client from."""

    def __init__(self, link: HubRiseLink, tokens: TokenStore, settings: SettingsService,
                 production: Callable[[], Platform], sandbox: Callable[[str], Platform], *,
                 on_connected: Callable[[], None] | None = None, on_disconnected: Callable[[], None] | None = None,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.link, self.tokens, self.settings = link, tokens, settings
        self.production = production  # HubRise itself (raises ConnectionError_ without client credentials)
        self.sandbox = sandbox  # a training sandbox at the given address
        self.on_connected, self.on_disconnected = on_connected, on_disconnected
        self.transport = transport  # the tests' and the demo's in-process sandbox
        self.changed: Topic[ConnectionState] = Topic()

    # --- state -------------------------------------------------------------------------------------------
    @property
    def device_id(self) -> str:
        """One id per till, so two tills of a shop get two tokens (HubRise's device_id)."""
        value = self.settings.get(DEVICE_ID_SETTING)
        if not value:
            value = f"kezia-desk-{uuid.uuid4().hex[:12]}"
            self.settings.set(DEVICE_ID_SETTING, value)
        return str(value)

    def state(self) -> ConnectionState:
        info = self.settings.get(CONNECTION_SETTING) or {}
        client = self.link.client
        if client is None:
            return ConnectionState(False, token_storage=self.tokens.description)
        return ConnectionState(True, info.get("platform", ""), info.get("api_url", ""), info.get("back_office_url", ""),
                               info.get("account_name"), info.get("location_name"), info.get("catalog_id"),
                               info.get("catalog_name"), info.get("customer_list_id"), info.get("customer_list_name"),
                               client.masked_token, self.tokens.description)

    def restore(self) -> bool:
        """At start: reconnect with the stored token, if any."""
        info = self.settings.get(CONNECTION_SETTING) or {}
        token = self.tokens.load()
        if not token or not info.get("api_url"):
            return False
        try:
            self.link.connect(check_url_is_safe(info["api_url"]), token, self.transport)
        except ValueError:
            log.warning("Adresse HubRise enregistrée refusée ; connexion à refaire.")
            return False
        return True

    def record_external(self, platform: str, api_url: str, names: dict[str, str | None]) -> None:
        """A connection made outside Paramètres Web (demo, token from the environment): shown, token not stored."""
        self.settings.set(CONNECTION_SETTING, {"platform": platform, "api_url": api_url, **names})

    # --- connecting --------------------------------------------------------------------------------------
    def authorize_url(self, platform: Platform) -> str:
        return build_authorize_url(platform.oauth, self.device_id)

    async def complete(self, platform: Platform, code: str) -> ConnectionState:
        """Exchange the pasted code, keep the token, switch the till to the new connection."""
        info: ConnectionInfo = await exchange_code(platform.oauth, code, transport=self.transport)
        self.tokens.save(info.access_token)
        self.settings.set(CONNECTION_SETTING, {
            "platform": platform.label, "api_url": platform.api_url, "back_office_url": platform.back_office_url,
            "oauth_url": platform.oauth.oauth_url, "sandbox": platform.is_sandbox,
            "account_id": info.account_id, "account_name": info.account_name, "location_id": info.location_id,
            "location_name": info.location_name, "catalog_id": info.catalog_id, "catalog_name": info.catalog_name,
            "customer_list_id": info.customer_list_id, "customer_list_name": info.customer_list_name})
        self.link.connect(platform.api_url, info.access_token, self.transport)
        log.info("Connecté à %s (%s, %s)", platform.label, info.account_name, info.location_name)
        if self.on_connected:
            self.on_connected()
        state = self.state()
        self.changed.notify(state)
        return state

    async def disconnect(self, platform: Platform | None = None) -> str | None:
        """Revoke the token (best effort), forget it, stop polling. Returns a French warning if HubRise could
        not confirm the revocation (the till forgets the token anyway)."""
        token = self.tokens.load()  # a token given by the environment is not ours to revoke
        warning = None
        if token and platform is not None:
            try:
                await revoke_token(platform.oauth, token, transport=self.transport)
            except HubRiseError as error:
                warning = (f"HubRise n'a pas confirmé la déconnexion ({error.message_fr}) ; le jeton est oublié par "
                           "la caisse, retirez l'application dans HubRise si besoin.")
        self.tokens.clear()
        self.settings.set(CONNECTION_SETTING, {})
        self.link.disconnect()
        if self.on_disconnected:
            self.on_disconnected()
        self.changed.notify(self.state())
        return warning

    def platform_of_current(self) -> Platform | None:
        """The platform the stored connection was made on (to revoke its token)."""
        info = self.settings.get(CONNECTION_SETTING) or {}
        oauth_url = info.get("oauth_url")
        if not oauth_url:
            return None
        if info.get("sandbox"):
            return self.sandbox(oauth_url.removesuffix("/oauth2/v1"))
        try:
            return self.production()
        except ConnectionError_:
            return None
