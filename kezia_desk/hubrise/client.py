"""The async HubRise client: one httpx.AsyncClient, X-Access-Token, timeouts, typed errors, retries.

Retries with backoff (the `stamina` library) only for transient failures (network, timeout, 5xx, a short 429),
never for other 4xx, and only for interactive calls: the outbox calls with `retry=False` and schedules its own
back-off in the database, so a 429 never holds its dispatcher.
`create_order` is never retried automatically once the request may have reached HubRise: after a timeout or a
dropped connection the caller must look the order up by its private_ref first (see services/till_orders.py),
so HubRise never holds two copies.
"""
from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import stamina

from .errors import (
    BadResponseError,
    ForbiddenError,
    HubRiseError,
    HubRiseTimeoutError,
    NetworkError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    TokenInvalidError,
    ValidationError,
)
from .pacing import RequestPacer
from .urls import check_url_is_safe

log = logging.getLogger(__name__)
DEFAULT_EVENTS = {"order": ["create", "update"]}
LARGE_ANSWER = 64 * 1024  # bytes: an answer this big (a whole catalog) is decoded off the event loop when possible


def mask_token(token: str | None) -> str:
    """Show at most the last 4 characters of a token: enough to tell two connections apart, never to use one."""
    if not token:
        return "(aucun)"
    return "••••" + token[-4:] if len(token) > 8 else "••••"


class HubRiseClient:
    def __init__(self, api_url: str, token: str, *, transport: httpx.AsyncBaseTransport | None = None,
                 timeout: float = 10.0, max_retries: int = 2, backoff_base: float = 0.5,
                 on_retry: Callable[[float], None] | None = None, max_rate_wait: float = 60.0,
                 off_loop: Callable[[Callable[[], Any]], Awaitable[Any]] | None = None) -> None:
        self.api_url = check_url_is_safe(api_url)
        self._token = token
        self.max_retries, self.backoff_base, self.max_rate_wait = max_retries, backoff_base, max_rate_wait
        self.on_retry = on_retry
        # Runs a large answer's decoding in a worker thread (the services' in_worker): json.loads of a 1 MB
        # catalog holds the loop 30–70 ms otherwise. None (a client built alone): decoded on the loop.
        self.off_loop = off_loop
        self.pacer = RequestPacer()  # stays under HubRise's rate limits during a rush
        self._http = httpx.AsyncClient(base_url=self.api_url, transport=transport, timeout=httpx.Timeout(timeout),
                                       headers={"X-Access-Token": token, "Accept": "application/json"})

    @property
    def masked_token(self) -> str:
        """What a screen may show of the token: its last characters only."""
        return mask_token(self._token)

    def __repr__(self) -> str:
        return f"HubRiseClient(api_url={self.api_url!r}, token={mask_token(self._token)})"

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> HubRiseClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # --- transport ----------------------------------------------------------------------------------------
    async def request(self, method: str, path: str, *, params: dict | None = None, body: Any = None,
                      retry: bool = True) -> tuple[Any, httpx.Headers]:
        """One API call, with retries when `retry`; returns (JSON body, headers) or raises a HubRiseError."""
        if not retry:
            return await self._once(method, path, params, body)
        retries = 0

        def wait_before_retry(error: Exception) -> bool | float:
            """stamina's backoff hook: False to give up, else the seconds to wait (Retry-After on a 429)."""
            nonlocal retries
            if not (isinstance(error, HubRiseError) and error.transient):
                return False
            if isinstance(error, RateLimitedError):
                if error.retry_after > self.max_rate_wait:
                    return False
                wait = error.retry_after
            else:
                wait = self.backoff_base * (2 ** retries)
            retries += 1
            log.info("HubRise %s %s : %s, nouvel essai dans %.1f s", method, path, type(error).__name__, wait)
            if self.on_retry is not None:
                self.on_retry(wait)
            return wait

        async for attempt in stamina.retry_context(on=wait_before_retry, attempts=self.max_retries + 1,
                                                   timeout=None):
            with attempt:
                return await self._once(method, path, params, body)
        raise AssertionError("unreachable: stamina re-raises the last error")

    async def _once(self, method: str, path: str, params: dict | None, body: Any) -> tuple[Any, httpx.Headers]:
        await self.pacer.wait()
        try:
            kwargs: dict[str, Any] = {"params": {k: v for k, v in (params or {}).items() if v is not None}}
            if body is not None:
                # bytes: already encoded by the caller (a large body encoded a slice at a time, off the loop)
                kwargs["content"] = body if isinstance(body, bytes) else json.dumps(body).encode()
                kwargs["headers"] = {"Content-Type": "application/json"}
            response = await self._http.request(method, path, **kwargs)
        except httpx.TimeoutException as exc:
            raise HubRiseTimeoutError(detail=type(exc).__name__) from None
        except (httpx.TransportError, httpx.StreamError) as exc:
            raise NetworkError(detail=type(exc).__name__) from None
        if self.off_loop is not None and len(response.content) > LARGE_ANSWER:
            return await self.off_loop(lambda: self._interpret(response, _dict_of_pairs)), response.headers
        return self._interpret(response), response.headers

    @staticmethod
    def _interpret(response: httpx.Response, object_pairs_hook: Callable[[list], Any] | None = None) -> Any:
        status = response.status_code
        try:
            data = (json.loads(response.content, parse_int=_int_or_digits, object_pairs_hook=object_pairs_hook)
                    if response.content else None)
        except ValueError:
            data = None
            if 200 <= status < 300:
                raise BadResponseError(detail=f"HTTP {status}, corps non JSON") from None
        message = data.get("message") if isinstance(data, dict) else None
        if 200 <= status < 300:
            return data
        if status == 401:
            raise TokenInvalidError.from_message(message)
        if status == 403:
            raise ForbiddenError(detail=message)
        if status == 404:
            raise NotFoundError(detail=message)
        errors = data.get("errors") if isinstance(data, dict) else None
        if status == 422 or (status == 400 and isinstance(errors, list)):
            # HubRise's own ruby-client stubs a 400 carrying `errors` too: keep the field breakdown either way.
            raise ValidationError(errors, detail=message)
        if status == 429:
            raise RateLimitedError(retry_after_seconds(response.headers.get("Retry-After")), detail=message)
        if status >= 500:
            raise ServerError(status, detail=message)
        raise HubRiseError(f"HubRise a refusé la demande (erreur {status}).", detail=message)

    async def _get_all(self, path: str, params: dict | None = None, retry: bool = True) -> list[Any]:
        """Follow X-Cursor-Next until the last page."""
        results: list[Any] = []
        params = dict(params or {})
        while True:
            page, headers = await self.request("GET", path, params=params, retry=retry)
            if isinstance(page, list):
                results.extend(page)
            cursor = headers.get("X-Cursor-Next")
            if not cursor:
                return results
            params["cursor"] = cursor

    async def _call(self, method: str, path: str, body: Any = None, retry: bool = True) -> Any:
        data, _ = await self.request(method, path, body=body, retry=retry)
        return data

    # --- location, account, callback ---------------------------------------------------------------------------
    async def get_location(self) -> dict:
        return await self._call("GET", "/location")

    async def get_account(self) -> dict:
        return await self._call("GET", "/account")

    async def get_callback(self) -> dict:
        return await self._call("GET", "/callback")

    async def create_callback(self, url: str | None = None, events: dict | None = None) -> dict:
        return await self._call("POST", "/callback", {"url": url, "events": events or DEFAULT_EVENTS})

    async def delete_callback(self) -> None:
        await self._call("DELETE", "/callback")

    async def list_callback_events(self) -> list[dict]:
        return await self._get_all("/callback/events", {"count": 100})

    async def get_callback_event(self, event_id: str) -> dict:
        return await self._call("GET", f"/callback/events/{event_id}")

    async def acknowledge_event(self, event_id: str) -> None:
        await self._call("DELETE", f"/callback/events/{event_id}")

    # --- orders ----------------------------------------------------------------------------------------------
    async def create_order(self, payload: dict) -> dict:
        """Not retried after a possible delivery: look it up by private_ref before trying again."""
        return await self._call("POST", "/location/orders", payload, retry=False)

    async def get_order(self, order_id: str, *, retry: bool = True) -> dict:
        return await self._call("GET", f"/location/orders/{order_id}", retry=retry)

    async def list_orders(self, *, status: str | None = None, after: str | None = None, before: str | None = None,
                          private_ref: str | None = None, count: int = 100, retry: bool = True) -> list[dict]:
        """A heavy query (10/min), all pages: used to look up a till order by its private_ref before any retry.
        HubRise forbids discovering orders by listing as a habit (the catch-up uses list_orders_page)."""
        return await self._get_all("/location/orders", {"status": status, "after": after, "before": before,
                                                        "private_ref": private_ref, "count": count}, retry=retry)

    async def list_orders_page(self, *, after: str | None = None, cursor: str | None = None, count: int = 100,
                               retry: bool = True) -> tuple[list[dict], str | None]:
        """One page of the location's orders created at or after `after`, and the cursor of the next page."""
        page, headers = await self.request("GET", "/location/orders", params={
            "after": after, "cursor": cursor, "count": count}, retry=retry)
        return (page if isinstance(page, list) else []), headers.get("X-Cursor-Next") or None

    async def update_order(self, order_id: str, patch: dict, *, retry: bool = True) -> dict:
        """PATCH: scalars replaced, but the payments (items, charges…) given are ADDED: never re-send blindly."""
        return await self._call("PATCH", f"/location/orders/{order_id}", patch, retry=retry)

    # --- customers -------------------------------------------------------------------------------------------
    async def create_customer(self, customer_list_id: str, payload: dict) -> dict:
        return await self._call("POST", f"/customer_lists/{customer_list_id}/customers", payload, retry=False)

    async def list_customers(self, customer_list_id: str, *, email: str | None = None, phone: str | None = None,
                             private_ref: str | None = None) -> list[dict]:
        return await self._get_all(f"/customer_lists/{customer_list_id}/customers",
                                   {"email": email, "phone": phone, "private_ref": private_ref})

    async def update_customer(self, customer_list_id: str, customer_id: str, payload: dict) -> dict:
        return await self._call("PATCH", f"/customer_lists/{customer_list_id}/customers/{customer_id}", payload)

    # --- catalogs --------------------------------------------------------------------------------------------
    async def list_catalogs(self) -> list[dict]:
        return await self._call("GET", "/location/catalogs")

    async def create_catalog(self, name: str, data: dict) -> dict:
        return await self._call("POST", "/location/catalogs", {"name": name, "data": data}, retry=False)

    async def get_catalog(self, catalog_id: str, *, hide_data: bool = False) -> dict:
        params = {"hide_data": "true"} if hide_data else None
        data, _ = await self.request("GET", f"/catalogs/{catalog_id}", params=params)
        return data

    async def update_catalog(self, catalog_id: str, *, name: str | None = None, data: dict | None = None) -> dict:
        body: dict[str, Any] = {}
        if name is not None:
            body["name"] = name
        if data is not None:
            body["data"] = data
        return await self._call("PUT", f"/catalogs/{catalog_id}", body)

    async def replace_catalog_data(self, catalog_id: str, encoded_body: bytes) -> dict:
        """PUT a whole catalog already encoded as JSON (`{"data": …}`, encoded a slice at a time by the caller)."""
        return await self._call("PUT", f"/catalogs/{catalog_id}", encoded_body)


def _dict_of_pairs(pairs: list) -> dict:
    """Each JSON object built by Python code: a worker thread decoding a large answer then lets the event loop's
    thread take the GIL between two objects (json.loads alone keeps it for the whole 1 MB, 30–70 ms)."""
    return dict(pairs)


def _int_or_digits(digits: str) -> int | str:
    """JSON integers too long for Python's int() limit stay text, so one absurd field cannot make a whole
    answer unreadable (the mapping flags the field)."""
    return int(digits) if len(digits) <= 4000 else digits


def retry_after_seconds(header: str | None, now: float | None = None) -> float:
    """Retry-After when HubRise sends it, else the time to the next round minute (its windows' boundary)."""
    if header:
        try:
            return max(0.0, float(header))
        except ValueError:
            pass
    now = time.time() if now is None else now
    return 60.0 - (now % 60.0)
