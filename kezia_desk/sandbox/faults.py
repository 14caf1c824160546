"""Fault injection and rate limits, applied around the HubRise routes (never around /_sandbox).

Faults reproduce what a till meets in real life: slow answers, 5xx, 429 bursts, connections dropped after the
server has done the work (the case where a retried POST must not create a second order), a revoked token.
"""
from __future__ import annotations

import asyncio
import json
import threading
import time
from dataclasses import dataclass, field, fields
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

DROPPED = "kezia_sandbox.answer_dropped"
LIMITS = (("minute", 60, 500), ("hour", 3600, 2500), ("day", 86400, 10_000))


class DroppedConnection(Exception):
    """Raised mid-response so the HTTP server closes the connection without a complete answer."""


@dataclass
class FaultSettings:
    latency_ms: int = 0
    error_rate: float = 0.0
    error_codes: list[int] = field(default_factory=lambda: [500, 502, 503])
    rate_limit_burst: int = 0
    retry_after: int | None = 2
    drop_rate: float = 0.0
    drop_next: int = 0
    fail_next: int = 0
    fail_status: int = 500
    paths: list[str] | None = None  # only requests whose path contains one of these are affected
    methods: list[str] | None = None  # only these HTTP methods (e.g. ["POST"]) are affected


class Faults:
    def __init__(self, rng: Any) -> None:
        self._lock = threading.Lock()
        self._rng = rng
        self.settings = FaultSettings()

    def set(self, **changes: Any) -> FaultSettings:
        known = {f.name for f in fields(FaultSettings)} | {"revoke_till_token"}
        unknown = set(changes) - known
        if unknown:
            raise ValueError(f"unknown fault settings: {sorted(unknown)}")
        changes.pop("revoke_till_token", None)
        with self._lock:
            for key, value in changes.items():
                setattr(self.settings, key, value)
            return self.settings

    def clear(self) -> None:
        with self._lock:
            self.settings = FaultSettings()

    def decide(self, path: str, method: str = "GET") -> tuple[float, int | None, bool, bool]:
        """(latency seconds, error status or None, answer 429, drop connection) for one request."""
        with self._lock:
            s = self.settings
            if s.paths is not None and not any(p in path for p in s.paths):
                return 0.0, None, False, False
            if s.methods is not None and method.upper() not in {m.upper() for m in s.methods}:
                return 0.0, None, False, False
            latency = s.latency_ms / 1000
            if s.rate_limit_burst > 0:
                s.rate_limit_burst -= 1
                return latency, None, True, False
            if s.fail_next > 0:
                s.fail_next -= 1
                return latency, s.fail_status, False, False
            if s.error_rate and self._rng.random() < s.error_rate:
                return latency, self._rng.choice(s.error_codes), False, False
            drop = False
            if s.drop_next > 0:
                s.drop_next -= 1
                drop = True
            elif s.drop_rate and self._rng.random() < s.drop_rate:
                drop = True
            return latency, None, False, drop


class RateLimiter:
    """HubRise's per-connection windows (500/min, 2,500/h, 10,000/day; heavy lists 10/min), round boundaries."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._lock = threading.Lock()
        self._counts: dict[tuple[str, str, int], int] = {}

    def check(self, token: str, heavy: bool, now: float | None = None) -> float | None:
        """Count one request; return the seconds to wait if over a limit, else None."""
        if not self.enabled:
            return None
        now = time.time() if now is None else now
        windows = list(LIMITS) + ([("heavy", 60, 10)] if heavy else [])
        with self._lock:
            for name, size, limit in windows:
                key = (token, name, int(now // size))
                if self._counts.get(key, 0) >= limit:
                    return size - (now % size)
            for name, size, _ in windows:
                key = (token, name, int(now // size))
                self._counts[key] = self._counts.get(key, 0) + 1
        return None


def error_body(error_type: str, message: str | None = None) -> bytes:
    body: dict[str, Any] = {"error_type": error_type}
    if message:
        body["message"] = message
    return json.dumps(body).encode()


class FaultMiddleware:
    """ASGI middleware applying Faults to /v1 and /oauth2 requests."""

    def __init__(self, app: ASGIApp, faults: Faults) -> None:
        self.app, self.faults = app, faults

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not (path.startswith("/v1") or path.startswith("/oauth2")):
            await self.app(scope, receive, send)
            return
        latency, error, too_many, drop = self.faults.decide(path, scope.get("method", "GET"))
        if latency:
            await asyncio.sleep(latency)
        if too_many or error:
            status = 429 if too_many else (error or 500)
            error_type = "too_many_requests" if too_many else "internal_error"
            headers = [(b"content-type", b"application/json")]
            retry_after = self.faults.settings.retry_after
            if too_many and retry_after is not None:
                headers.append((b"retry-after", str(retry_after).encode()))
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": error_body(error_type)})
            return
        if not drop:
            await self.app(scope, receive, send)
            return
        scope[DROPPED] = True  # the route may note that its answer will be lost (tests count such payments)

        async def send_then_drop(message: Message) -> None:
            if message["type"] == "http.response.start":
                await send(message)
                return
            body = message.get("body", b"")
            await send({"type": "http.response.body", "body": body[: len(body) // 2], "more_body": True})
            raise DroppedConnection("connexion coupée par l'injection de pannes du bac à sable")

        await self.app(scope, receive, send_then_drop)
