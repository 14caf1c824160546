"""The chaos run behind tests/reliability/test_chaos.py: the real till and a cashier in two processes on one
database, against the sandbox over loopback; the web shop places orders throughout (steady, and bursts of 20);
both processes are SIGKILLed at seeded random moments; fault rounds (5xx, latency, 429 bursts, dropped answers,
an outage with the sandbox keeping its state, a revoked token then a new connection). Then everything must
converge, and the figures are printed.
"""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kezia_desk.sandbox.generator import WebShopOrderGenerator
from kezia_desk.sandbox.state import TILL_CLIENT_NAME

SCRIPT = Path(__file__).with_name("chaos_process.py")
FLOW = ["new", "received", "accepted", "in_preparation", "awaiting_shipment", "awaiting_collection",
        "in_delivery", "completed"]


@dataclass
class Phase:
    name: str
    seconds: float
    faults: dict = field(default_factory=dict)
    kind: str = "faults"  # faults / 429 / outage / revoke


def phases(long: bool) -> list[Phase]:
    scale = 1.0 if long else 0.08
    return [
        Phase("normal", 15 * scale),
        Phase("5xx 30 %", 25 * scale, {"error_rate": 0.3}),
        Phase("latence 3 s", 20 * scale, {"latency_ms": 3000}),
        Phase("rafales de 429", 20 * scale, kind="429"),
        Phase("réponses perdues (PATCH, POST, DELETE)", 25 * scale,
              {"drop_rate": 0.3, "methods": ["PATCH", "POST", "DELETE"]}),
        Phase("coupure de 20 s" if long else "coupure de 2 s", 20 if long else 2, kind="outage"),
        Phase("jeton révoqué puis nouvelle connexion", 10 * scale + 2, kind="revoke"),
    ]


class ChaosRun:
    def __init__(self, live, data_dir: Path, seed: int, long: bool, log_dir: Path) -> None:
        self.live, self.sandbox = live, live.sandbox
        self.data_dir, self.seed, self.long, self.log_dir = data_dir, seed, long, log_dir
        self.rng = random.Random(seed)
        self.shop = WebShopOrderGenerator(seed=seed)
        self.token = self.sandbox.state.till_token
        self.processes: dict[str, subprocess.Popen] = {}
        self.starts = Counter()
        self.kills = Counter()
        self.placed: list[str] = []
        self.rounds: list[str] = []
        self.started = time.monotonic()

    # --- processes -----------------------------------------------------------------------------------------
    def start(self, role: str) -> None:
        self.starts[role] += 1
        env = {**os.environ, "KEZIA_DESK_HUBRISE_TOKEN": self.token, "QT_QPA_PLATFORM": "offscreen"}
        out = open(self.log_dir / f"{role}.out", "a")
        err = open(self.log_dir / f"{role}.err", "a")
        self.processes[role] = subprocess.Popen(
            [sys.executable, str(SCRIPT), role, str(self.data_dir), self.live.api_url,
             str(self.seed * 1000 + self.starts[role])], env=env, stdout=out, stderr=err)
        out.close()
        err.close()

    def kill(self, role: str, counted: bool = True) -> None:
        process = self.processes.get(role)
        if process is not None and process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
            if counted:
                self.kills[role] += 1

    def stop_all(self) -> None:
        for role in list(self.processes):
            self.kill(role, counted=False)

    # --- the web shop ----------------------------------------------------------------------------------------
    def place(self, count: int = 1) -> None:
        for _ in range(count):
            self.placed.append(self.sandbox.place_shop_order(self.shop.next_payload())["id"])

    # --- the run ---------------------------------------------------------------------------------------------
    def run(self, kills_wanted: int, kill_every: tuple[float, float], order_every: float) -> None:
        self.start("till")
        self.start("cashier")
        next_kill = time.monotonic() + self.rng.uniform(*kill_every)
        cycle = 0
        while True:
            for phase in phases(self.long):
                self._enter(phase)
                self.place(20)  # a burst at the start of every round
                end = time.monotonic() + phase.seconds
                next_order = time.monotonic()
                next_429 = time.monotonic()
                while time.monotonic() < end:
                    now = time.monotonic()
                    if now >= next_order:
                        self.place()
                        next_order = now + order_every
                    if phase.kind == "429" and now >= next_429:
                        self.sandbox.faults.set(rate_limit_burst=5, retry_after=1)
                        next_429 = now + 4
                    if now >= next_kill:
                        self.kill(self.rng.choice(("till", "cashier")))
                        next_kill = now + self.rng.uniform(*kill_every)
                    for role, process in self.processes.items():
                        if process.poll() is not None:
                            self.start(role)  # restarted at once, as a shop would
                    time.sleep(0.05)
                self._leave(phase)
            cycle += 1
            if sum(self.kills.values()) >= kills_wanted:
                return

    def _enter(self, phase: Phase) -> None:
        self.rounds.append(phase.name)
        self.sandbox.faults.clear()
        if phase.faults:
            self.sandbox.faults.set(**phase.faults)
        if phase.kind == "outage":
            self.live.stop()  # the sandbox keeps its state (orders, events) while its port is closed
        elif phase.kind == "revoke":
            self.sandbox.revoke(self.token)

    def _leave(self, phase: Phase) -> None:
        self.sandbox.faults.clear()
        if phase.kind == "outage":
            self.live.start()
        elif phase.kind == "revoke":
            # A manager makes a new connection; the till restarts on it. HubRise queued no event meanwhile.
            self.token = f"chaos-{len(self.rounds)}-{self.sandbox.state.new_token()}"
            self.sandbox.state.add_connection(self.token, TILL_CLIENT_NAME)
            self.sandbox.state.till_token = self.token
            for role in ("till", "cashier"):
                self.kill(role, counted=False)
                self.start(role)

    # --- convergence and figures -------------------------------------------------------------------------
    def converge(self, timeout: float) -> dict:
        self.sandbox.faults.clear()
        self.kill("cashier", counted=False)  # the cashier stops working; the till sends what is left
        self.processes.pop("cashier", None)
        deadline = time.monotonic() + timeout
        state = {}
        while time.monotonic() < deadline:
            if self.processes["till"].poll() is not None:
                self.start("till")
            state = self.state()
            if state["converged"]:
                break
            time.sleep(0.5)
        self.stop_all()
        state["verify_journal"] = subprocess.run(
            [sys.executable, "-m", "kezia_desk", "verify-journal", "--data-dir", str(self.data_dir)],
            capture_output=True, text=True, timeout=60, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        return state

    def state(self) -> dict:
        conn = sqlite3.connect(f"file:{self.data_dir / 'kezia-desk.db'}?mode=ro", uri=True, timeout=10)
        try:
            rows = conn.execute("SELECT hubrise_id, COUNT(*), MAX(status), MAX(local_id) FROM orders "
                                "WHERE origin = 'web' GROUP BY hubrise_id").fetchall()
            unsent = conn.execute("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").fetchone()[0]
            failed = conn.execute("SELECT COUNT(*) FROM outbox WHERE failed = 1").fetchone()[0]
            statuses_sent = {}
            for hubrise_id, payload in conn.execute(
                    "SELECT o.hubrise_id, x.payload FROM outbox x JOIN orders o ON o.local_id = x.local_id "
                    "WHERE x.kind = 'status' ORDER BY x.id"):
                statuses_sent.setdefault(hubrise_id, []).append(json.loads(payload)["status"])
            payment_rows = Counter(r[0] for r in conn.execute(
                "SELECT o.hubrise_id FROM outbox x JOIN orders o ON o.local_id = x.local_id WHERE x.kind = 'payment'"))
            tickets = conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0]
            invoice_tickets = conn.execute("SELECT COUNT(*) FROM tickets WHERE web_order_id IS NOT NULL").fetchone()[0]
            unlinked = conn.execute(
                "SELECT COUNT(*) FROM tickets t WHERE t.web_order_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
                "orders o WHERE o.hubrise_id = t.web_order_id AND o.invoice_ticket = t.number)").fetchone()[0]
            history = conn.execute("SELECT COUNT(*) FROM order_history").fetchone()[0]
            kept = conn.execute("SELECT COUNT(*) FROM kept_aside").fetchone()[0]
        finally:
            conn.close()
        till = {r[0]: r for r in rows}
        with self.sandbox.state.lock:
            hub = {i: self.sandbox.order(i, TILL_CLIENT_NAME) for i in self.placed}
            log = {i: [s for c, s in entries if c == TILL_CLIENT_NAME]
                   for i, entries in self.sandbox.state.status_log.items()}
            payment_log = list(self.sandbox.state.payment_log)
        pending = self.sandbox.pending_events()
        placed = set(self.placed)
        duplicates = sum(1 for r in rows if r[1] != 1)
        missing = len(placed - set(till))
        not_received = sum(1 for i in placed if hub[i]["status"] == "new")
        status_mismatch = sum(1 for i in placed if i in till and hub[i]["status"] != till[i][2])
        out_of_order = sum(1 for i in placed if collapse(log.get(i, [])) != collapse(statuses_sent.get(i, [])))
        twice = our_payments = payments_vs_rows = 0
        for i in placed:
            markers = [m for m in (str(p.get("private_ref") or p.get("ref") or "") for p in hub[i]["payments"]
                                   if not p.get("deleted")) if m.startswith("ticket-")]
            our_payments += len(markers)
            twice += len(markers) - len(set(markers))
            payments_vs_rows += len(markers) != payment_rows.get(i, 0)
        converged = (not missing and not duplicates and not pending and unsent == 0 and not not_received
                     and not status_mismatch and not out_of_order)
        return {"converged": converged, "placed": len(placed), "in_till": len(till), "missing": missing,
                "duplicates": duplicates, "pending_events": len(pending), "unsent": unsent, "failed": failed,
                "not_received": not_received, "status_mismatch": status_mismatch, "out_of_order": out_of_order,
                "payments": our_payments, "payments_twice": twice, "payments_vs_rows": payments_vs_rows,
                "payment_patches": len(payment_log), "payment_answers_dropped": sum(d for _, d in payment_log),
                "tickets": tickets, "invoice_tickets": invoice_tickets, "unlinked_tickets": unlinked,
                "history_rows": history, "kept_aside": kept}

    def figures(self, state: dict) -> str:
        actions = Counter()
        out = self.log_dir / "cashier.out"
        for line in out.read_text().splitlines() if out.exists() else []:
            actions[line.split()[0]] += 1
        return (f"durée {time.monotonic() - self.started:.0f} s ; kills till {self.kills['till']}, caissier "
                f"{self.kills['cashier']} (démarrages {dict(self.starts)}) ; tours de pannes {len(self.rounds)} ; "
                f"commandes passées {state['placed']}, dans la caisse {state['in_till']} (manquantes "
                f"{state['missing']}, doublons {state['duplicates']}), non reçues chez HubRise "
                f"{state['not_received']}, événements en attente {state['pending_events']} ; actions du caissier "
                f"{dict(actions)} ; envois non faits {state['unsent']}, en échec {state['failed']}, statuts "
                f"différents {state['status_mismatch']}, hors ordre {state['out_of_order']} ; paiements "
                f"{state['payments']} (PATCH {state['payment_patches']}, réponses perdues "
                f"{state['payment_answers_dropped']}), en double {state['payments_twice']}, écarts paiements/file "
                f"{state['payments_vs_rows']} ; tickets {state['tickets']} (factures {state['invoice_tickets']}, "
                f"sans lien retour {state['unlinked_tickets']}) ; mis de côté {state['kept_aside']} ; "
                f"verify-journal : code {state['verify_journal'].returncode}")


def collapse(statuses: list[str]) -> list[str]:
    """A status re-sent after a lost answer arrives twice in a row: the same change, counted once."""
    out: list[str] = []
    for status in statuses:
        if not out or out[-1] != status:
            out.append(status)
    return out
