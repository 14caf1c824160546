"""Fixtures for building the whole application through the composition root (kezia_desk.app)."""
from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator

import pytest

from kezia_desk.app import KeziaApp, build_app
from kezia_desk.config import AppConfig

__all__ = ["make_app", "demo_app", "connected", "unconnected"]
FAST = {"poll_interval": 0.2, "outbox_backoff_base": 0.1}


@pytest.fixture
def make_app(qtbot, qasync_loop, tmp_path) -> Iterator[Callable[..., KeziaApp]]:
    """Build (and later close) applications through build_app; keyword arguments go to AppConfig."""
    built: list[KeziaApp] = []

    def factory(start: bool = True, **overrides) -> KeziaApp:
        overrides.setdefault("data_dir", tmp_path / "data")
        overrides.setdefault("use_keyring", False)  # the token goes to a file in the temporary data dir
        config = AppConfig(**overrides)
        kezia = build_app(config)
        qtbot.addWidget(kezia.window)
        kezia.window.resize(1024, 768)
        kezia.window.show()
        if start:
            kezia.start()
        built.append(kezia)
        return kezia

    yield factory
    for kezia in built:
        close(qtbot, kezia)


def close(qtbot, kezia: KeziaApp) -> None:
    """Close an application and wait until its background tasks have ended."""
    done: list[bool] = []
    task = asyncio.ensure_future(kezia.aclose())
    task.add_done_callback(lambda _: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)


@pytest.fixture
def demo_app(make_app) -> KeziaApp:
    """The till on demo data (sellers, catalog), without any HubRise link."""
    return make_app(demo=True, start=False)


def seed_shop_data(data_dir) -> None:
    """The demo shop's sellers and catalog, without demo mode's in-process sandbox."""
    from kezia_desk.store.database import open_database
    from kezia_desk.store.demo_seed import seed_demo_data

    db = open_database(data_dir)
    seed_demo_data(db)
    db.conn.close()


@pytest.fixture
def unconnected(make_app, tmp_path):
    """The shop's till with no HubRise connection yet (Paramètres Web makes one), polling fast once connected."""
    seed_shop_data(tmp_path / "data")
    return lambda **overrides: make_app(**{**FAST, **overrides})


@pytest.fixture
def connected(make_app, live_sandbox, tmp_path):
    """Build the till on the demo shop's data (sellers, catalog), connected to the live sandbox, polling fast."""
    seed_shop_data(tmp_path / "data")

    def build(**overrides):
        options = {"api_url": live_sandbox.api_url, "hubrise_token": live_sandbox.till_token, **FAST, **overrides}
        return make_app(**options)
    return build
