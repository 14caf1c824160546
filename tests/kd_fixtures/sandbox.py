"""Fixtures for the HubRise sandbox: in-process app and a real uvicorn server on a free loopback port."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from kezia_desk.sandbox.app import Sandbox, create_sandbox
from kezia_desk.sandbox.server import RunningSandbox, running_sandbox

__all__ = ["sandbox", "live_sandbox"]


@pytest.fixture
def sandbox() -> Sandbox:
    """A fresh in-process sandbox (no HTTP), rate limits off; fixed seed for repeatable ids."""
    return create_sandbox(rate_limits=False, seed=7)


@pytest.fixture
def live_sandbox(sandbox: Sandbox) -> Iterator[RunningSandbox]:
    """The same sandbox served by uvicorn on a free 127.0.0.1 port (real loopback HTTP)."""
    with running_sandbox(sandbox) as running:
        yield running
