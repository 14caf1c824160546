"""The new-order sound: a chime from resources/ played through QtMultimedia, repeated until acknowledged.

Without a usable audio device (no sound card, no PulseAudio) the till falls back to the system beep and says so
once in the diagnostics, so a silent till is never a surprise.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from importlib.resources import files
from typing import Any

from PySide6.QtCore import QObject, QTimer, QUrl
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)
DEFAULT_SOUND = "alert.wav"


def sound_path(name: str = DEFAULT_SOUND) -> str:
    return str(files("kezia_desk_resources") / "sounds" / name)


class AlertSound(QObject):
    def __init__(self, repeat_seconds: float = 8.0, on_notice: Callable[[str], None] | None = None,
                 parent: QObject | None = None, sound: str = DEFAULT_SOUND) -> None:
        super().__init__(parent)
        self.on_notice = on_notice
        self.fallback = False
        self.plays = 0
        self._notice_given = False
        self._sound = sound
        self._effect: Any = None
        self._prepared = False
        self.timer = QTimer(self)
        self.timer.setInterval(int(repeat_seconds * 1000))
        self.timer.timeout.connect(self._play_once)

    def prepare(self) -> None:
        """Load QtMultimedia and the chime. Not at construction: its audio back-end takes ≈ 40–60 ms to start,
        which the home screen does not wait for; the composition root calls this once the till has started, and
        the first alert would otherwise."""
        if self._prepared:
            return
        self._prepared = True
        try:
            from PySide6.QtMultimedia import QSoundEffect

            self._effect = QSoundEffect(self)
            self._effect.setSource(QUrl.fromLocalFile(sound_path(self._sound)))
            self._effect.statusChanged.connect(self._check_status)
        except Exception as exc:  # noqa: BLE001 - no QtMultimedia: beep instead
            self._use_fallback(f"QtMultimedia indisponible ({exc})")

    enabled = True  # Paramètres Web > Personnalisation > Son d'alerte
    repeat = True  # False: the chime plays once per alert

    def set_repeat_seconds(self, seconds: float) -> None:
        """0 plays the chime once; otherwise it repeats every `seconds` (2 s at least) until acknowledged."""
        self.repeat = seconds > 0
        self.timer.setInterval(int(max(2.0, seconds) * 1000))

    @property
    def ringing(self) -> bool:
        return self.timer.isActive()

    def start(self) -> None:
        if not self.enabled or self.timer.isActive():
            return
        self._play_once()
        if self.repeat:
            self.timer.start()

    def chime(self) -> None:
        """One play, no repeat: an order came while the cashier answers a dialog (the alert waits for it)."""
        if self.enabled and not self.timer.isActive():
            self._play_once()

    def stop(self) -> None:
        self.timer.stop()
        if self._effect is not None and not self.fallback:
            self._effect.stop()

    def _check_status(self) -> None:
        from PySide6.QtMultimedia import QSoundEffect

        if self._effect is not None and self._effect.status() == QSoundEffect.Status.Error:
            self._use_fallback("aucun périphérique audio utilisable")

    def _use_fallback(self, reason: str) -> None:
        self.fallback = True
        if not self._notice_given:
            self._notice_given = True
            text = f"Son d'alerte indisponible ({reason}) : bip système utilisé à la place."
            log.warning(text)
            if self.on_notice:
                self.on_notice(text)

    def _play_once(self) -> None:
        self.prepare()
        self.plays += 1
        if self.fallback or self._effect is None:
            QApplication.beep()
        else:
            self._effect.play()
