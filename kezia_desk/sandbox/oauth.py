"""OAuth 2 of the sandbox, as HubRise does it for installed apps (hubrise-api.md §1.4).

GET /oauth2/v1/authorize shows a page with a single-use code valid 10 minutes (redirect_uri
urn:ietf:wg:oauth:2.0:oob); the till exchanges it at /token with Basic auth; /revoke makes the token answer 401.
"""
from __future__ import annotations

import base64
import html
import json
import secrets
import time
from dataclasses import dataclass
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from .state import ACCOUNT_ID, CATALOG_ID, CUSTOMER_LIST_ID, REVOKED_MESSAGE, SHOP_NAME, TILL_CLIENT_NAME, SandboxState

SANDBOX_CLIENT_ID = "kezia-desk.clients.sandbox"
SANDBOX_CLIENT_SECRET = "sandbox-secret"
CODE_LIFETIME = 600


async def form_fields(request: Request) -> dict[str, str]:
    """The request's fields: query string, then its body (application/x-www-form-urlencoded, parsed without
    Starlette's optional multipart dependency, or a JSON object)."""
    fields = {key: value for key, value in request.query_params.items()}
    body = (await request.body()).decode("utf-8", "replace")
    if "json" in request.headers.get("content-type", ""):
        try:
            parsed = json.loads(body or "{}")
        except ValueError:
            parsed = {}
        if isinstance(parsed, dict):
            fields.update({str(k): str(v) for k, v in parsed.items() if v is not None})
        return fields
    fields.update({key: values[0] for key, values in parse_qs(body).items()})
    return fields


@dataclass
class PendingCode:
    device_id: str | None
    scope: str
    expires_at: float


def routes(state: SandboxState) -> list[Route]:
    codes: dict[str, PendingCode] = {}
    device_tokens: dict[str | None, str] = {}

    def client_ok(request: Request, fields: dict[str, str]) -> bool:
        """HTTP Basic, or — authentication page: "If you cannot use HTTP Basic, you can pass client_id and
        client_secret in the request body instead, but this is not recommended and only supported for backwards
        compatibility" — the credentials among the request's fields (form or JSON body, as HubRise's ruby-client
        sends them, or query string)."""
        header = request.headers.get("authorization", "")
        if header.lower().startswith("basic "):
            try:
                decoded = base64.b64decode(header[6:]).decode()
            except ValueError:
                return False
            return decoded == f"{SANDBOX_CLIENT_ID}:{SANDBOX_CLIENT_SECRET}"
        return (fields.get("client_id"), fields.get("client_secret")) == (SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET)

    async def authorize(request: Request) -> Response:
        query = request.query_params
        problems = [name for name in ("redirect_uri", "client_id", "scope") if not query.get(name)]
        if problems or query.get("client_id") != SANDBOX_CLIENT_ID:
            message = "Paramètres manquants : " + ", ".join(problems) if problems else "client_id inconnu"
            return HTMLResponse(f"<h1>Erreur</h1><p>{html.escape(message)}</p>", status_code=400)
        code = secrets.token_hex(12)
        codes[code] = PendingCode(query.get("device_id"), query["scope"], time.time() + CODE_LIFETIME)
        page = f"""<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>HubRise (bac à sable)</title>
<style>body{{font-family:sans-serif;margin:3em}} #code{{font-size:2em;font-family:monospace;
background:#eef;padding:.3em .6em}}</style></head><body>
<h1>Bac à sable HubRise : connexion de Kezia Desk</h1>
<p>Établissement : <b>{html.escape(SHOP_NAME)}</b> – Catalogue et liste de clients : <b>{html.escape(SHOP_NAME)}</b></p>
<p>Autorisations demandées : <code>{html.escape(query['scope'])}</code></p>
<p>Copiez ce code dans Kezia Desk (valable 10 minutes, une seule fois) :</p>
<p id="code">{code}</p></body></html>"""
        return HTMLResponse(page)

    async def token(request: Request) -> Response:
        form = await form_fields(request)
        if not client_ok(request, form):
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        pending = codes.pop(str(form.get("code", "")), None)
        if pending is None or pending.expires_at < time.time():
            return JSONResponse({"error": "invalid_grant", "message": "code expired or already used"},
                                status_code=400)
        with state.lock:
            existing = device_tokens.get(pending.device_id)
            connection = state.connections.get(existing or "")
            if connection is None or connection.revoked_message:
                connection = state.add_connection(state.new_token(), TILL_CLIENT_NAME, pending.device_id)
                device_tokens[pending.device_id] = connection.token
        return JSONResponse({
            "access_token": connection.token, "token_type": "Bearer", "account_id": ACCOUNT_ID,
            "location_id": state.location["id"], "catalog_id": CATALOG_ID, "customer_list_id": CUSTOMER_LIST_ID,
            "account_name": SHOP_NAME, "location_name": state.location["name"],
            "catalog_name": state.catalogs.get(CATALOG_ID, {}).get("name", SHOP_NAME),
            "customer_list_name": SHOP_NAME})

    async def revoke(request: Request) -> Response:
        form = await form_fields(request)
        if not client_ok(request, form):
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        with state.lock:
            connection = state.connections.get(str(form.get("token", "")))
            if connection is not None:
                connection.revoked_message = REVOKED_MESSAGE
                connection.callback = None
                connection.events.clear()
        return JSONResponse({})

    return [Route("/oauth2/v1/authorize", authorize), Route("/oauth2/v1/token", token, methods=["POST"]),
            Route("/oauth2/v1/revoke", revoke, methods=["POST"])]
