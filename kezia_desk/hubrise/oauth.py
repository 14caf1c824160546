"""OAuth 2 for an installed app: the manager opens the authorize URL, HubRise shows a code, the manager pastes it
into the till, which exchanges it for the connection's token and the names of what it is connected to.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from .errors import HubRiseError, HubRiseTimeoutError, NetworkError, OAuthError
from .urls import check_url_is_safe

if TYPE_CHECKING:  # httpx is imported when a call is made, not when the till starts
    import httpx

DEFAULT_OAUTH_URL = "https://manager.hubrise.com/oauth2/v1"
BACK_OFFICE_URL = "https://manager.hubrise.com"
OOB_REDIRECT_URI = "urn:ietf:wg:oauth:2.0:oob"
DEFAULT_SCOPE = "location[orders.write,customer_list.write,catalog.write]"


@dataclass(frozen=True)
class OAuthSettings:
    oauth_url: str
    client_id: str
    client_secret: str = field(repr=False)


@dataclass(frozen=True)
class ConnectionInfo:
    access_token: str = field(repr=False)
    account_id: str | None = None
    account_name: str | None = None
    location_id: str | None = None
    location_name: str | None = None
    catalog_id: str | None = None
    catalog_name: str | None = None
    customer_list_id: str | None = None
    customer_list_name: str | None = None


def build_authorize_url(settings: OAuthSettings, device_id: str, *, state: str | None = None,
                        scope: str = DEFAULT_SCOPE) -> str:
    params = {"redirect_uri": OOB_REDIRECT_URI, "client_id": settings.client_id, "scope": scope,
              "device_id": device_id, "country": "FR"}
    if state:
        params["state"] = state
    return f"{check_url_is_safe(settings.oauth_url)}/authorize?{urlencode(params)}"


async def _post(settings: OAuthSettings, path: str, form: dict[str, str],
                transport: httpx.AsyncBaseTransport | None, timeout: float) -> httpx.Response:
    import httpx

    url = check_url_is_safe(settings.oauth_url) + path
    try:
        async with httpx.AsyncClient(transport=transport, timeout=timeout) as http:
            return await http.post(url, data=form, auth=(settings.client_id, settings.client_secret))
    except httpx.TimeoutException:
        raise HubRiseTimeoutError() from None
    except httpx.HTTPError as exc:
        raise NetworkError(detail=type(exc).__name__) from None


async def exchange_code(settings: OAuthSettings, code: str, *, transport: httpx.AsyncBaseTransport | None = None,
                        timeout: float = 15.0) -> ConnectionInfo:
    code = code.strip()
    if not code:
        raise OAuthError("Collez le code affiché par HubRise.")
    response = await _post(settings, "/token", {"code": code}, transport, timeout)
    if response.status_code in (400, 404):
        raise OAuthError("Code expiré ou déjà utilisé : recommencez « Nouvelle connexion à HubRise ».")
    if response.status_code == 401:
        raise OAuthError("HubRise ne reconnaît pas l'application (identifiant client invalide).")
    if response.status_code >= 500:
        raise OAuthError(f"HubRise rencontre un problème (erreur {response.status_code}) ; réessayez.")
    try:
        data = response.json()
    except ValueError:
        raise OAuthError("Réponse illisible de HubRise lors de la connexion.") from None
    token = data.get("access_token") if isinstance(data, dict) else None
    if response.status_code != 200 or not isinstance(token, str) or not token:
        raise OAuthError("HubRise n'a pas fourni de jeton de connexion.")

    def text(key: str) -> str | None:
        value = data.get(key)
        return str(value) if value is not None else None

    return ConnectionInfo(token, text("account_id"), text("account_name"), text("location_id"),
                          text("location_name"), text("catalog_id"), text("catalog_name"),
                          text("customer_list_id"), text("customer_list_name"))


async def revoke_token(settings: OAuthSettings, token: str, *, transport: httpx.AsyncBaseTransport | None = None,
                       timeout: float = 15.0) -> None:
    response = await _post(settings, "/revoke", {"token": token}, transport, timeout)
    if response.status_code >= 400:
        raise HubRiseError(f"HubRise n'a pas confirmé la révocation (erreur {response.status_code}).")
