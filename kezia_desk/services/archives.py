"""Archives (archivage): one ZIP per month or fiscal year that proves itself on any machine, without the database.

Inside: the period's tickets (with lines and payments) and its signed records (sales, closures, events,
duplicates) in JSON and in CSV (`;`, UTF-8 with BOM: a spreadsheet opens them), the public keys, and a
`manifest.json` listing every file's SHA-256, the period, the counts and the previous archive's hash, signed by
the till's key (`manifest.sig`). Archives form a chain: each manifest names the SHA-256 of the previous one's
manifest, recorded in the JET when it was made (event 20 for a month, 30 for a year). Making an archive only
adds that event: the sales data is never changed.

`verify_archive(path)` needs nothing but the file: the manifest's signature, every file's hash, every record's
hash, link and signature, and every ticket against its signed record.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..domain.fiscal import (
    CANCELLED_TICKET,
    FISCAL_CHAINS,
    TICKET,
    Chain,
    Jet,
    canonical_json,
    key_fingerprint,
    record_hash,
    signature_valid,
)
from ..domain.shop_time import shop_now
from ..domain.text import plural
from ..store.database import describe_os_error, store_errors, transaction
from ..store.journal import signed_ticket_payload, ticket_content
from .till import TillService

ARCHIVE_KIND = "archive"
MANIFEST, MANIFEST_SIGNATURE, PUBLIC_KEY = "manifest.json", "manifest.sig", "cle-publique.txt"
RECORD_FIELDS = ("chain", "seq", "kind", "version", "at", "ref", "payload", "previous_hash", "hash", "signature",
                 "key_id")
PeriodCheck = Callable[[str], str | None]  # period ("2026-11", "2026") -> French refusal, or None when closed


class ArchiveError(ValueError):
    """A refused archive (period not closed, bad period, file not writable); the message is French."""


def parse_period(text: str) -> str:
    """`2026-11` (a month) or `2026` (a fiscal year, the calendar year: at most one year of data)."""
    if not re.fullmatch(r"\d{4}(-(0[1-9]|1[0-2]))?", text or ""):
        raise ArchiveError(f"Période « {text} » invalide : un mois (2026-11) ou une année (2026).")
    return text


def _csv(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _cents(value: int) -> str:
    return f"{value / 100:.2f}".replace(".", ",") if isinstance(value, int) else str(value)


class ArchiveService:
    def __init__(self, db: Any, till: TillService, *, period_closed: PeriodCheck = lambda _: None,
                 clock: Callable[[], datetime] = shop_now) -> None:
        """`period_closed`: the closures' check (issue 18); until closures exist every period may be archived."""
        self.db, self.till, self.records = db, till, till.records
        self.period_closed, self.clock = period_closed, clock

    def previous_archive_hash(self) -> str | None:
        found = self.records.records(Chain.EVENTS, kind=ARCHIVE_KIND, newest_first=True, limit=1)
        return found[0].data.get("manifest_sha256") if found else None

    def archive(self, period: str, out: Path, by: str = "Kezia Desk") -> dict:
        """Write the period's archive to `out` and record it in the JET; returns the manifest."""
        period = parse_period(period)
        refusal = self.period_closed(period)
        if refusal:
            raise ArchiveError(refusal)
        db = self.db
        with store_errors(db):
            self.records.ensure_ready()
            tickets = self.till.journal.rows_of_period(period)
            records = {chain: self.records.records_of_period(chain, period) for chain in FISCAL_CHAINS}
            files = self._files(tickets, records)
            manifest = {
                "format": 1, "logiciel": "Kezia Desk", "periode": period, "caisse": self.records.till_id,
                "cree_le": self.clock().isoformat(), "cle_publique": self.records.public_key_hex,
                "archive_precedente_sha256": self.previous_archive_hash(),
                "tickets": len(tickets), "enregistrements": {c.value: len(r) for c, r in records.items()},
                "fichiers": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())},
            }
            manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
            signature = self.records.sign_detached(manifest_bytes)
            self._write(out, files, manifest_bytes, signature)
            digest = hashlib.sha256(manifest_bytes).hexdigest()
            code = Jet.PERIOD_ARCHIVE if len(period) == 7 else Jet.YEAR_ARCHIVE
            with transaction(db):
                self.records.append(Chain.EVENTS, ARCHIVE_KIND, {
                    "code": int(code), "label": code.label_fr, "by": by, "period": period,
                    "detail": f"archive {period} : {len(tickets)} ticket(s), fichier {out.name}, "
                              f"empreinte {digest[:16]}…", "manifest_sha256": digest}, ref=str(int(code)))
                self.till.events.record(Jet.EXPORT, by, f"archive {period} écrite dans {out}")
        return manifest

    def _files(self, tickets: list[tuple[dict, list[dict], list[dict]]], records: dict[Chain, list]) -> dict:
        keys = self.records.public_keys()
        files: dict[str, bytes] = {
            # Compact JSON: with `indent` Python's pure-Python encoder ran (9 s of 14 for a month of 15,000).
            "tickets.json": json.dumps([{**t, "lines": lines, "payments": payments} for t, lines, payments in tickets],
                                       ensure_ascii=False).encode("utf-8"),
            "cles-publiques.json": json.dumps({str(k): {"cle_publique": p, "caisse": t} for k, (p, t) in keys.items()},
                                              indent=1).encode("utf-8"),
            PUBLIC_KEY: (self.records.public_key_hex + "\n").encode("ascii"),
        }
        for chain, found in records.items():
            rows = [{field: getattr(r, field).value if field == "chain" else getattr(r, field)
                     for field in RECORD_FIELDS} for r in found]
            files[f"enregistrements-{chain.value}.json"] = json.dumps(rows, ensure_ascii=False).encode("utf-8")
            files[f"enregistrements-{chain.value}.csv"] = _csv([list(RECORD_FIELDS)] + [
                [row[field] for field in RECORD_FIELDS] for row in rows])
        files["tickets.csv"] = _csv([["numero", "date", "vendeur", "total_ttc", "rendu", "devise", "type",
                                      "commande_web"]] + [
            [t["number"], t["closed_at"], t["seller_name"], _cents(t["total_cents"]), _cents(t["change_cents"]),
             t["currency"], t.get("kind", "vente"), t["web_order_id"] or ""] for t, _, _ in tickets])
        files["lignes.csv"] = _csv([["ticket", "position", "libelle", "idart", "prix_unitaire_ttc", "quantite",
                                     "taux_tva", "note"]] + [
            [line["ticket_number"], line["position"], line["label"], line["idart"] or "",
             _cents(line["unit_price_cents"]), line["quantity"].replace(".", ","), line["vat_rate"].replace(".", ","),
             line["note"]] for _, lines, _ in tickets for line in lines])
        files["reglements.csv"] = _csv([["ticket", "position", "mode", "montant", "libelle"]] + [
            [p["ticket_number"], p["position"], p["method"], _cents(p["amount_cents"]), p.get("label", "")]
            for _, _, payments in tickets for p in payments])
        return files

    @staticmethod
    def _write(out: Path, files: dict[str, bytes], manifest: bytes, signature: str) -> None:
        out = Path(out)
        temporary = out.with_name(out.name + ".tmp")
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
                for name, data in sorted(files.items()):
                    archive.writestr(name, data)
                archive.writestr(MANIFEST, manifest)
                archive.writestr(MANIFEST_SIGNATURE, signature + "\n")
            os.replace(temporary, out)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            raise ArchiveError(f"L'archive n'a pas pu être écrite dans {out} : "
                               f"{describe_os_error(exc, with_path=False)}.") from exc


@dataclass(frozen=True)
class ArchiveCheck:
    ok: bool
    message: str  # French: what the archive holds, or the first file, record or signature that fails


def verify_archive(path: Path) -> ArchiveCheck:
    """Check an archive with nothing but the file itself."""
    try:
        with zipfile.ZipFile(path) as archive:
            contents = {name: archive.read(name) for name in archive.namelist()}
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        return ArchiveCheck(False, f"{path} n'est pas une archive lisible ({exc}).")
    try:
        return ArchiveCheck(True, _verify_contents(contents))
    except ArchiveError as failure:
        return ArchiveCheck(False, str(failure))


def _verify_contents(contents: dict[str, bytes]) -> str:
    for required in (MANIFEST, MANIFEST_SIGNATURE, PUBLIC_KEY):
        if required not in contents:
            raise ArchiveError(f"fichier {required} absent de l'archive")
    manifest_bytes = contents[MANIFEST]
    try:
        manifest = json.loads(manifest_bytes)
        public = contents[PUBLIC_KEY].decode("ascii").strip()
    except (ValueError, UnicodeDecodeError) as exc:
        raise ArchiveError(f"{MANIFEST} ou {PUBLIC_KEY} illisible") from exc
    if manifest.get("cle_publique") != public:
        raise ArchiveError(f"{PUBLIC_KEY} : ce n'est pas la clé nommée par le manifeste")
    if not signature_valid(public, manifest_bytes, contents[MANIFEST_SIGNATURE].decode("ascii").strip()):
        raise ArchiveError(f"{MANIFEST_SIGNATURE} : la signature du manifeste est invalide (manifeste modifié)")
    listed = manifest.get("fichiers", {})
    for name in sorted(set(contents) - {MANIFEST, MANIFEST_SIGNATURE}):
        if name not in listed:
            raise ArchiveError(f"{name} : fichier ajouté, absent du manifeste")
        if hashlib.sha256(contents[name]).hexdigest() != listed[name]:
            raise ArchiveError(f"{name} : contenu modifié (empreinte SHA-256 différente de celle du manifeste)")
    for name in listed:
        if name not in contents:
            raise ArchiveError(f"{name} : fichier du manifeste absent de l'archive")
    keys = {int(k): (v["cle_publique"], v["caisse"]) for k, v in json.loads(contents["cles-publiques.json"]).items()}
    signed: dict[str, str] = {}
    counts = []
    for chain in FISCAL_CHAINS:
        rows = json.loads(contents.get(f"enregistrements-{chain.value}.json", b"[]"))
        _verify_records(chain, rows, keys, signed)
        counts.append(f"{chain.label_fr} : {len(rows)}")
    tickets = json.loads(contents["tickets.json"])
    unsigned = 0
    for ticket in tickets:
        payload = signed.get(str(ticket["number"]))
        content = ticket_content(ticket, ticket["lines"], ticket["payments"])
        if payload is None:
            unsigned += 1  # recorded before the signature: its hash chain is checked by verify-journal
            continue
        if canonical_json(signed_ticket_payload(content, manifest.get("caisse", ""))) != payload:
            raise ArchiveError(f"tickets.json : ticket n° {ticket['number']} différent de son enregistrement signé")
    previous = manifest.get("archive_precedente_sha256") or "aucune"
    return (f"Archive intègre : période {manifest.get('periode')}, caisse {manifest.get('caisse')}, "
            f"{plural(len(tickets), 'ticket', 'tickets')} dont {unsigned} avant signature ; "
            f"enregistrements — {' ; '.join(counts)} ; "
            f"clé {key_fingerprint(public)} ; archive précédente : {previous}.")


def _verify_records(chain: Chain, rows: list[dict], keys: dict[int, tuple[str, str]], signed: dict[str, str]) -> None:
    previous: dict | None = None
    for row in rows:
        name = f"enregistrements-{chain.value}.json : enregistrement n° {row.get('seq')}"
        if previous is not None and (row["seq"] != previous["seq"] + 1 or row["previous_hash"] != previous["hash"]):
            raise ArchiveError(f"{name} : chaînage rompu avec l'enregistrement précédent de l'archive")
        digest = record_hash(row["previous_hash"], chain.value, row["seq"], row["kind"], row["version"], row["at"],
                             row["ref"], row["key_id"], row["payload"])
        if digest != row["hash"]:
            raise ArchiveError(f"{name} : contenu modifié après enregistrement")
        if row["key_id"] not in keys or not signature_valid(keys[row["key_id"]][0], digest.encode("ascii"),
                                                            row["signature"]):
            raise ArchiveError(f"{name} : signature invalide")
        if chain is Chain.SALES and row["kind"] in (TICKET, CANCELLED_TICKET):
            signed[str(row["ref"])] = row["payload"]
        previous = row
