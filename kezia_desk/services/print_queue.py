"""The print worker: sends queued jobs off the event loop, with short timeouts, and retries a printer that is off.

Like the HubRise outbox dispatcher: jobs are in the database (store/print_jobs.py), the worker wakes when one is
queued, and a failure reschedules the job with backoff. The printer itself (a socket, USB, serial, Qt) is driven
in a daemon thread (services/workers.py), so the till never waits on paper. A printer that is off gives one French
message (a `PrintStatus`) until it prints again; never a frozen screen, never a lost job.

Done once: a job is marked « printing » (committed) just before its bytes go and « done » right after. One still
« printing » at start was cut by a crash or a restart: the till cannot know whether the paper came out, so it never
sends it again silently. A kitchen ticket is printed once more, marked « RÉIMPRESSION » (the kitchen must not
miss an order, and the cook sees it is a repeat); any other job is reported in the status bar instead.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from ..domain.print_document import REPRINT_BANNER, PrintDocument, PrinterUnavailable
from ..domain.printer_settings import PrinterConfig, PrinterKind, PrintSettings
from ..store.database import StoreError
from ..store.print_jobs import PrintJobStore
from .listeners import Topic
from .workers import in_worker

log = logging.getLogger(__name__)
Output = Callable[[PrinterConfig, PrintDocument, int], None]  # blocking: called in the worker thread
RECOVERY_SUFFIX = ":reprise"  # the once key of a kitchen ticket reprinted after a crash: never reprinted again
BlockingRunner = Callable[[Callable[[], None]], Awaitable[None]]


@dataclass(frozen=True)
class PrintStatus:
    """What the status bar says about printing: `level` is « error », « warning » or « ok » (message cleared)."""

    text: str
    level: str


class PrintQueue:
    def __init__(self, jobs: PrintJobStore, settings: Callable[[], PrintSettings],
                 outputs: Mapping[PrinterKind, Output], *, backoff_base: float = 2.0, backoff_max: float = 60.0,
                 clock: Callable[[], float] = time.time,
                 run_blocking: BlockingRunner | None = None) -> None:
        self.jobs, self.settings, self.outputs = jobs, settings, dict(outputs)
        self.backoff_base, self.backoff_max, self.clock = backoff_base, backoff_max, clock
        self.run_blocking = run_blocking or (lambda work: in_worker(work, "kezia-print"))
        self.status: Topic[PrintStatus] = Topic()
        self.printed: Topic[int] = Topic()  # a job's id, once its paper is out
        self._wake = asyncio.Event()
        self._failing: dict[str, str] = {}  # target → the message said, so it is said once

    def add_output(self, kind: PrinterKind, output: Output) -> None:
        """An output given by the UI layer (Qt: system printers and PDF), which the services never import."""
        self.outputs[kind] = output

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        self.recover()
        while True:
            try:
                await self.print_due()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("file d'impression")
            await self._sleep_until_next()

    async def _sleep_until_next(self) -> None:
        try:
            next_at = self.jobs.next_attempt_at()
        except StoreError:
            next_at = None
        timeout = 30.0 if next_at is None else max(0.05, min(30.0, next_at - self.clock()))
        self._wake.clear()
        try:
            await asyncio.wait_for(self._wake.wait(), timeout)
        except TimeoutError:
            pass

    def recover(self) -> list[int]:
        """Jobs a crash caught while printing: kitchen tickets again once, marked RÉIMPRESSION; the rest said."""
        queued = []
        for job in self.jobs.take_interrupted():
            document = PrintDocument.from_json(job["document"])
            if job["kind"] == "kitchen" and not (job["once_key"] or "").endswith(RECOVERY_SUFFIX):
                key = f"{job['once_key'] or job['id']}{RECOVERY_SUFFIX}"
                job_id = self.jobs.enqueue(job["target"], "kitchen", document.with_banner(REPRINT_BANNER).to_json(),
                                           job["source"], key)
                if job_id is not None:
                    queued.append(job_id)
            elif job["kind"] != "drawer":
                self.status.notify(PrintStatus(f"Impression interrompue par un arrêt de la caisse : « {document.title}"
                                               " » est peut-être incomplet ; réimprimez-le si besoin.", "warning"))
        if queued:
            self.wake()
        return queued

    async def print_due(self) -> int:
        """Print every due job; a target whose printer fails is left for its retry. Returns how many printed."""
        printed, failing_now = 0, set()
        for job in self.jobs.due(self.clock()):
            if job["target"] in failing_now:
                continue
            settings = self.settings()
            config = settings.printer(job["target"])
            output = self.outputs.get(config.kind)
            if config.kind is PrinterKind.NONE or output is None:
                self.jobs.mark_cancelled(job["id"], "aucune imprimante choisie")
                continue
            document = PrintDocument.from_json(job["document"])
            copies = settings.copies(job["target"]) if job["kind"] in ("receipt", "kitchen") else 1
            self.jobs.mark_printing(job["id"])
            try:
                await self.run_blocking(partial(output, config, document, copies))
            except PrinterUnavailable as error:
                self._retry(job, error.message_fr)
                failing_now.add(job["target"])
                continue
            except Exception:
                log.exception("impression %s", job["id"])
                self._retry(job, f"L'{config.describe()} a refusé l'impression (voir le journal technique). "
                                 "Nouvel essai automatique.")
                failing_now.add(job["target"])
                continue
            self.jobs.mark_done(job["id"])
            printed += 1
            self.printed.notify(job["id"])
            if self._failing.pop(job["target"], None) is not None:
                self.status.notify(PrintStatus(f"{config.describe().capitalize()} : de nouveau prête.", "ok"))
        return printed

    def _retry(self, job: dict[str, Any], message: str) -> None:
        delay = min(self.backoff_max, self.backoff_base * 2 ** max(0, job["attempts"]))
        self.jobs.mark_retry(job["id"], message, self.clock() + delay)
        if self._failing.get(job["target"]) != message:
            self._failing[job["target"]] = message
            self.status.notify(PrintStatus(message, "error"))
