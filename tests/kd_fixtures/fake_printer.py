"""Network printers on the loopback: one that takes jobs (and keeps each connection's bytes), one that never
answers (its listen queue is full, so a connection waits until the till's timeout)."""
from __future__ import annotations

import socket
import threading
import time

from kezia_desk.domain.printer_settings import PrinterConfig, PrinterKind


def network(port: int, width: int = 80) -> PrinterConfig:
    """The settings of a network printer on the loopback."""
    return PrinterConfig(kind=PrinterKind.NETWORK, host="127.0.0.1", port=port, width_mm=width)


class FakeNetworkPrinter:
    """A port-9100 printer: every connection is one job, its bytes kept in `jobs` once the till closes it."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(8)
        self.port = self.server.getsockname()[1]
        self.jobs: list[bytes] = []
        self.received_at: list[float] = []
        self.first_byte_at: list[float] = []
        self._closed = False
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self._closed:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._read, args=(connection,), daemon=True).start()

    def _read(self, connection: socket.socket) -> None:
        data = bytearray()
        with connection:
            while True:
                chunk = connection.recv(65536)
                if not chunk:
                    break
                if not data:
                    self.first_byte_at.append(time.perf_counter())
                data += chunk
        self.jobs.append(bytes(data))
        self.received_at.append(time.perf_counter())

    def close(self) -> None:
        self._closed = True
        self.server.close()


class SilentNetworkPrinter:
    """A printer that never answers: its listen queue is filled first, so the till's connection hangs."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(0)
        self.port = self.server.getsockname()[1]
        self._held = []
        for _ in range(8):
            client = socket.socket()
            client.setblocking(False)
            try:
                client.connect(("127.0.0.1", self.port))
            except BlockingIOError:
                pass
            self._held.append(client)
        time.sleep(0.1)

    def close(self) -> None:
        for client in self._held:
            client.close()
        self.server.close()


def closed_port() -> int:
    """A loopback port nobody listens on (the connection is refused at once)."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port
