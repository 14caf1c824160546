"""Fixtures for the HubRise sandbox: in-process app and a real uvicorn server on a free loopback port."""
from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from kezia_desk.sandbox.app import Sandbox, create_sandbox
from kezia_desk.sandbox.server import RunningSandbox, running_sandbox

__all__ = ["sandbox", "live_sandbox", "api"]


@pytest.fixture
def sandbox() -> Sandbox:
    """A fresh in-process sandbox (no HTTP), rate limits off; fixed seed for repeatable ids."""
    return create_sandbox(rate_limits=False, seed=7)


@pytest.fixture
def live_sandbox(sandbox: Sandbox) -> Iterator[RunningSandbox]:
    """The same sandbox served by uvicorn on a free 127.0.0.1 port (real loopback HTTP)."""
    with running_sandbox(sandbox) as running:
        yield running


@pytest.fixture
def api(live_sandbox):
    """Two plain HTTP clients on the live sandbox: the till's connection and the web shop's."""
    def client(token):
        return httpx.Client(base_url=live_sandbox.api_url, headers={"X-Access-Token": token}, timeout=10)
    till, shop = client(live_sandbox.till_token), client(live_sandbox.shop_token)
    yield till, shop
    till.close()
    shop.close()
