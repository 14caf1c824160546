"""The till's current HubRise connection: which client to use (real HubRise, a local sandbox or the in-process
demo sandbox), or none. Services ask it for the client at each call, so connecting or disconnecting in
Paramètres Web takes effect without a restart.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .services.listeners import Topic

if TYPE_CHECKING:  # httpx loads with the first client (not when an unconnected till starts); the sandbox program
    import httpx  # is imported only by --demo (connect_demo)

    from .hubrise.client import HubRiseClient, RequestRecord
    from .sandbox.app import Sandbox

log = logging.getLogger(__name__)
DEMO_API_URL = "http://127.0.0.1/v1"  # never reached over the network: the transport calls the ASGI app


class HubRiseLink:
    def __init__(self, on_request: Callable[[RequestRecord], None] | None = None) -> None:
        self.client: HubRiseClient | None = None
        self.sandbox: Sandbox | None = None
        self.on_request = on_request
        self.listeners: Topic[None] = Topic()  # told when the client changes (connected, disconnected)

    def connect(self, api_url: str, token: str, transport: httpx.AsyncBaseTransport | None = None) -> HubRiseClient:
        """Use a new client from now on (the old one is closed by the caller's loop later)."""
        from .hubrise.client import HubRiseClient

        old = self.client
        self.client = HubRiseClient(api_url, token, transport=transport, on_request=self.on_request)
        if old is not None:
            self._close_later(old)
        self.listeners.notify()
        return self.client

    def connect_demo(self) -> Sandbox:
        """The built-in sandbox, in process: no network, no account."""
        import httpx

        from .sandbox.app import create_sandbox

        self.sandbox = create_sandbox()
        transport = httpx.ASGITransport(app=self.sandbox.app)
        self.connect(DEMO_API_URL, self.sandbox.state.till_token, transport)
        return self.sandbox

    def disconnect(self) -> None:
        old, self.client = self.client, None
        if old is not None:
            self._close_later(old)
        self.listeners.notify()

    @staticmethod
    def _close_later(client: HubRiseClient) -> None:
        import asyncio

        try:
            asyncio.get_running_loop().create_task(client.aclose())
        except RuntimeError:
            pass

    async def aclose(self) -> None:
        if self.client is not None:
            await self.client.aclose()
            self.client = None

    def get(self) -> Any:
        return self.client
