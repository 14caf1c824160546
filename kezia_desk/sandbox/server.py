"""Serving the sandbox over real HTTP with uvicorn: blocking for `kezia-desk sandbox`, in a thread for tests."""
from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from ..hubrise.urls import is_loopback_host
from .app import Sandbox, create_sandbox
from .generator import run_generator
from .state import DEFAULT_SHOP_TOKEN, DEFAULT_TILL_TOKEN


def check_loopback(host: str) -> None:
    """The sandbox is a training tool with well-known tokens: it never listens beyond this machine."""
    if is_loopback_host(host):
        return
    raise ValueError(f"le bac à sable n'écoute que sur la boucle locale (127.0.0.1, ::1), pas sur « {host} »")


def check_port_free(host: str, port: int) -> None:
    """Say in French that the port is taken, instead of uvicorn's English log and exit."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            sock.bind((host, port))
        except OSError:
            raise OSError(f"le port {port} est déjà utilisé sur {host} (un autre bac à sable tourne-t-il ?)") from None


def serve(host: str = "127.0.0.1", port: int = 8765, till_token: str = DEFAULT_TILL_TOKEN,
          shop_token: str = DEFAULT_SHOP_TOKEN, orders_every: float | None = None) -> None:
    """Run the sandbox until interrupted (Ctrl+C), optionally with the web shop placing orders."""
    check_loopback(host)
    sandbox = create_sandbox(till_token=till_token, shop_token=shop_token)
    # uvicorn's own lines are English (and one per request): warnings only; the French line below says where it
    # listens, and GET /_sandbox/state shows its orders and pending events.
    config = uvicorn.Config(sandbox.app, host=host, port=port, log_level="warning", access_log=False,
                            lifespan="off")
    server = uvicorn.Server(config)

    async def main() -> None:
        stop = asyncio.Event()
        tasks = []
        if orders_every:
            tasks.append(asyncio.ensure_future(run_generator(sandbox, orders_every, stop, first_after=orders_every)))
        serving = asyncio.ensure_future(server.serve())
        try:
            while not server.started and not serving.done():  # said once it listens: a script may call at once
                await asyncio.sleep(0.01)
            if server.started:
                print(f"Bac à sable HubRise sur http://{host}:{port}/v1 — jeton caisse « {till_token} », "
                      f"jeton boutique web « {shop_token} ». Ctrl+C pour l'arrêter.", flush=True)
            await serving
        finally:
            stop.set()
            for task in tasks:
                await task

    asyncio.run(main())


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class RunningSandbox:
    """A sandbox served by uvicorn in a background thread; stop()/start() simulate an outage on the same port."""

    def __init__(self, sandbox: Sandbox, host: str, port: int, orders_every: float | None) -> None:
        self.sandbox, self.host, self.port, self.orders_every = sandbox, host, port, orders_every
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_url(self) -> str:
        return self.base_url + "/v1"

    @property
    def oauth_url(self) -> str:
        return self.base_url + "/oauth2/v1"

    @property
    def till_token(self) -> str:
        return self.sandbox.state.till_token

    @property
    def shop_token(self) -> str:
        return self.sandbox.state.shop_token

    def start(self) -> None:
        config = uvicorn.Config(self.sandbox.app, host=self.host, port=self.port, log_level="warning",
                                lifespan="off", timeout_graceful_shutdown=1)
        server = uvicorn.Server(config)
        server.install_signal_handlers = lambda: None  # type: ignore[attr-defined]

        def run() -> None:
            async def main() -> None:
                stop = asyncio.Event()
                generator = None
                if self.orders_every:
                    generator = asyncio.ensure_future(run_generator(self.sandbox, self.orders_every, stop,
                                                                    first_after=self.orders_every))
                await server.serve()
                stop.set()
                if generator:
                    await generator
            asyncio.run(main())

        self._server = server
        self._thread = threading.Thread(target=run, name=f"sandbox-{self.port}", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"le bac à sable n'a pas démarré sur le port {self.port}")
            time.sleep(0.01)

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
            self._server.force_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._server = self._thread = None


@contextmanager
def running_sandbox(sandbox: Sandbox | None = None, host: str = "127.0.0.1", port: int = 0,
                    orders_every: float | None = None) -> Iterator[RunningSandbox]:
    check_loopback(host)
    running = RunningSandbox(sandbox or create_sandbox(rate_limits=False), host, port or free_port(host),
                             orders_every)
    running.start()
    try:
        yield running
    finally:
        running.stop()
