"""The till's HubRise session: which client to use (real HubRise, a local sandbox or the demo's in-process
sandbox, whose transport the composition root gives), or none. Services ask it for the client at each call, so
connecting or disconnecting in Paramètres Web takes effect without a restart.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from .workers import in_worker

if TYPE_CHECKING:  # httpx loads with the first client, not when an unconnected till starts
    import httpx

    from ..hubrise.client import HubRiseClient

log = logging.getLogger(__name__)


class HubRiseLink:
    def __init__(self) -> None:
        self.client: HubRiseClient | None = None

    def connect(self, api_url: str, token: str, transport: httpx.AsyncBaseTransport | None = None) -> HubRiseClient:
        """Use a new client from now on (the old one is closed by the caller's loop later)."""
        from ..hubrise.client import HubRiseClient

        old = self.client
        self.client = HubRiseClient(api_url, token, transport=transport, off_loop=in_worker)
        if old is not None:
            self._close_later(old)
        return self.client

    def disconnect(self) -> None:
        old, self.client = self.client, None
        if old is not None:
            self._close_later(old)

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

    def get(self) -> HubRiseClient | None:
        return self.client
