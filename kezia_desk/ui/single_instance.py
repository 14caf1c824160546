"""One till per data folder: a second start hands over to the first (its window comes to the front) instead of
opening the same database twice.

The folder holds a lock file (QLockFile): it names the process that holds it, so a lock left by a crash (a
process that no longer exists) is taken over at once and never prevents starting. The till that holds the lock
listens on a local socket (QLocalServer) named after the folder; a second start connects to it and asks it to
show itself, then ends.
"""
from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QThread
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)
LOCK_FILE_NAME = "kezia-desk.lock"
SHOW_REQUEST = b"premier-plan\n"
HAND_OVER_TRIES = 30  # × 100 ms: the first till may be starting and not yet listening


def server_name(data_dir: Path) -> str:
    """A short name (a Unix socket path is limited to ~100 characters) that is the same for the same folder."""
    digest = hashlib.sha256(str(Path(data_dir).resolve()).encode("utf-8")).hexdigest()[:16]
    user = getattr(os, "getuid", lambda: 0)()
    return f"kezia-desk-{user}-{digest}"


class SingleInstance(QObject):
    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(data_dir)
        self.lock: QLockFile | None = None
        self.server: QLocalServer | None = None
        self.show_requests = 0
        try:
            Path(data_dir).mkdir(parents=True, exist_ok=True)
        except OSError:
            return  # no lock possible here: opening the database says why, in French
        self.lock = QLockFile(str(Path(data_dir) / LOCK_FILE_NAME))
        self.lock.setStaleLockTime(0)  # stale only when its process is gone, however old

    def another_till_has_it(self) -> bool:
        """True when a running till holds this folder (it has been asked to come to the front)."""
        if self.lock is None or self.lock.tryLock(0):
            return False  # free, or a crashed till's lock, now ours
        if self.lock.error() != QLockFile.LockError.LockFailedError:
            log.warning("verrou du dossier de données indisponible (%s) : démarrage sans", self.lock.error())
            self.lock = None
            return False
        for _ in range(HAND_OVER_TRIES):
            socket = QLocalSocket()
            socket.connectToServer(self.name)
            if socket.waitForConnected(500):
                socket.write(SHOW_REQUEST)
                socket.waitForBytesWritten(1000)
                socket.disconnectFromServer()
                return True
            QThread.msleep(100)
        return True  # it holds the lock but does not answer (still starting): never open the database twice

    def listen(self, show: Callable[[], None]) -> None:
        """Answer later starts: each one calls `show` (the window comes to the front)."""
        QLocalServer.removeServer(self.name)  # a socket file left by a crash
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            log.warning("second démarrage non détectable : %s", server.errorString())
            return
        self.server = server

        def on_connection() -> None:
            while server.hasPendingConnections():
                socket = server.nextPendingConnection()
                socket.readyRead.connect(lambda s=socket: self._read(s, show))
                socket.disconnected.connect(socket.deleteLater)

        server.newConnection.connect(on_connection)

    def _read(self, socket: QLocalSocket, show: Callable[[], None]) -> None:
        if bytes(socket.readAll().data()).startswith(SHOW_REQUEST.strip()):
            self.show_requests += 1
            log.info("second démarrage sur ce dossier : la fenêtre passe au premier plan")
            show()

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
        if self.lock is not None:
            self.lock.unlock()
