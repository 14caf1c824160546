"""Command line: `kezia-desk` (the till), `kezia-desk sandbox` (a local HubRise), `kezia-desk verify-journal`.

The HubRise token is read from the environment (KEZIA_DESK_HUBRISE_TOKEN) or the stored connection, never from
the command line, where other users of the machine could read it in the process list.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import logging.handlers
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn

from .config import TOKEN_ENV_VAR, AppConfig, default_data_dir

log = logging.getLogger("kezia_desk")
USAGE_ERROR = 2
# argparse's own messages, in French (the rest of its output is the help, asked for explicitly).
_ARGPARSE_FR = (
    (r"unrecognized arguments: (.*)", "argument(s) inconnu(s) : {0}"),
    (r"argument (\S+): invalid (\w+) value: (.*)", "valeur invalide pour {0} : {2}"),
    (r"argument (\S+): expected one argument", "{0} attend une valeur"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)", "choix invalide pour {0} : {1} (possibles : {2})"),
    (r"the following arguments are required: (.*)", "argument(s) obligatoire(s) manquant(s) : {0}"),
    (r"argument (\S+): (.*)", "{0} : {1}"),
)


class FrenchHelpFormatter(argparse.HelpFormatter):
    """argparse writes « usage: » itself; the help a shop owner asks for reads French from its first word."""

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup], prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "Utilisation : " if prefix is None else prefix)


class FrenchArgumentParser(argparse.ArgumentParser):
    """Usage errors as one French sentence and exit code 2, never argparse's English or a traceback; the help
    (`-h`) in French too, for the parser and its sub-commands alike (they are built with this class)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        kwargs["add_help"] = False  # our own -h below, with a French help text
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="affiche cette aide et quitte")

    def add_subparsers(self, **kwargs: Any) -> Any:
        kwargs.setdefault("title", "commandes")
        kwargs.setdefault("metavar", "COMMANDE")
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:
        for pattern, french in _ARGPARSE_FR:
            match = re.fullmatch(pattern, message)
            if match:
                message = french.format(*match.groups())
                break
        self.exit(USAGE_ERROR, f"{self.prog} : {message}. Aide : « kezia-desk --help ».\n")


def positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas un nombre de secondes") from None
    if not 0 < value < 10**7:
        raise argparse.ArgumentTypeError(f"« {text} » doit être un nombre de secondes positif")
    return value


def port_number(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:  # 0 (any free port) would print a wrong address
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas un numéro de port (1 à 65535)")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = FrenchArgumentParser(
        prog="kezia-desk",
        description="Kezia Desk : logiciel de caisse tactile qui reçoit les commandes web HubRise.",
    )
    parser.add_argument("--demo", action="store_true",
                        help="données de démonstration et commandes web d'un bac à sable HubRise intégré")
    parser.add_argument("--data-dir", type=Path, metavar="DOSSIER", help="dossier des données (base SQLite, journaux)")
    parser.add_argument("--api-url", metavar="ADRESSE",
                        help="racine de l'API HubRise (défaut https://api.hubrise.com/v1 ; "
                        "http://127.0.0.1:8765/v1 pour un bac à sable local). "
                        f"Jeton : variable d'environnement {TOKEN_ENV_VAR}")
    parser.add_argument("--fullscreen", action="store_true",
                        help="mode kiosque : plein écran, quitté seulement avec le code gérant")
    parser.add_argument("--screenshot", type=Path, metavar="FICHIER.png",
                        help="enregistre une capture de la fenêtre une fois affichée")
    parser.add_argument("--quit-after", type=positive_seconds, metavar="SECONDES",
                        help="ferme proprement l'application après ce délai (code de sortie 0)")
    sub = parser.add_subparsers(dest="command")

    sandbox = sub.add_parser("sandbox", help="lance un bac à sable compatible HubRise en local")
    sandbox.add_argument("--host", default="127.0.0.1", metavar="ADRESSE",
                         help="adresse d'écoute, sur cette machine seulement (défaut 127.0.0.1)")
    sandbox.add_argument("--port", type=port_number, default=8765, help="port d'écoute (défaut 8765)")
    sandbox.add_argument("--till-token", metavar="JETON", help="jeton de la connexion de la caisse")
    sandbox.add_argument("--shop-token", metavar="JETON", help="jeton de la connexion de la boutique web")
    sandbox.add_argument("--orders-every", type=positive_seconds, metavar="SECONDES",
                         help="la boutique web passe une commande toutes les N secondes")

    seller = sub.add_parser("add-seller", help="ajoute un vendeur (le premier gérant d'une installation neuve)")
    seller.add_argument("name", metavar="NOM", help="nom affiché sur la caisse")
    seller.add_argument("--manager", action="store_true", help="gérant : accès aux Paramètres Web avec son PIN")
    seller.add_argument("--data-dir", type=Path, dest="seller_data_dir", metavar="DOSSIER",
                        help="dossier des données de la caisse")

    verify = sub.add_parser("verify-journal", help="vérifie les chaînes signées du journal fiscal (ventes, JET…)")
    verify.add_argument("--data-dir", type=Path, dest="verify_data_dir", metavar="DOSSIER",
                        help="dossier des données de la caisse")
    verify.add_argument("--demo", action="store_true", dest="verify_demo",
                        help="vérifie le journal de la caisse de démonstration")

    archive = sub.add_parser("archive", help="archive signée d'un mois ou d'une année (ZIP : JSON, CSV, manifeste)")
    archive.add_argument("--period", required=True, metavar="PÉRIODE", help="un mois (2026-11) ou une année (2026)")
    archive.add_argument("--out", required=True, type=Path, metavar="FICHIER.zip", help="fichier de l'archive")
    archive.add_argument("--data-dir", type=Path, dest="archive_data_dir", metavar="DOSSIER",
                         help="dossier des données de la caisse")
    archive.add_argument("--demo", action="store_true", dest="archive_demo", help="la caisse de démonstration")

    check_archive = sub.add_parser("verify-archive", help="vérifie une archive, sans la base de données")
    check_archive.add_argument("file", type=Path, metavar="FICHIER.zip", help="l'archive à vérifier")

    backup = sub.add_parser("backup", help="copie cohérente de la base, même pendant que la caisse tourne")
    backup.add_argument("--out", required=True, type=Path, metavar="DOSSIER", help="dossier de la sauvegarde")
    backup.add_argument("--data-dir", type=Path, dest="backup_data_dir", metavar="DOSSIER",
                        help="dossier des données de la caisse")
    backup.add_argument("--demo", action="store_true", dest="backup_demo", help="la caisse de démonstration")

    closures = sub.add_parser("closures", help="exporte les clôtures (Z, mois, année) en CSV pour le comptable")
    closures.add_argument("--out", type=Path, required=True, metavar="FICHIER.csv",
                          help="fichier CSV à écrire (séparateur « ; », virgule décimale, UTF-8 avec BOM)")
    closures.add_argument("--data-dir", type=Path, dest="closures_data_dir", metavar="DOSSIER",
                          help="dossier des données de la caisse")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Every failure ends as one French sentence on stderr and an exit code (2: usage or unusable data)."""
    if getattr(sys, "frozen", False):
        import multiprocessing

        # verify-journal checks signatures in worker processes: in a frozen (PyInstaller) build on Windows a
        # worker starts this program again, and must become a worker instead of a second till.
        multiprocessing.freeze_support()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.api_url is not None:
        from .hubrise.errors import UnsafeUrlError
        from .hubrise.urls import check_url_is_safe

        try:
            check_url_is_safe(args.api_url)
        except UnsafeUrlError as exc:
            parser.error(exc.message_fr.rstrip("."))
    try:
        return run_command(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a command line never ends on a traceback
        if logging.getLogger().handlers:
            log.exception("erreur inattendue")
        print(f"Kezia Desk s'est arrêté sur une erreur inattendue ({type(exc).__name__}). "
              "Le détail est dans le journal technique.", file=sys.stderr)
        return 1


def run_command(args: argparse.Namespace) -> int:
    if args.command == "sandbox":
        return run_sandbox(args)
    if args.command == "verify-journal":
        data_dir = args.verify_data_dir or args.data_dir or default_data_dir(args.verify_demo or args.demo)
        return run_verify_journal(data_dir)
    if args.command == "archive":
        from .cli_fiscal import run_archive

        return run_archive(args.period, args.out,
                           args.archive_data_dir or args.data_dir or default_data_dir(args.archive_demo or args.demo))
    if args.command == "verify-archive":
        from .cli_fiscal import run_verify_archive

        return run_verify_archive(args.file)
    if args.command == "backup":
        from .cli_fiscal import run_backup

        return run_backup(args.out,
                          args.backup_data_dir or args.data_dir or default_data_dir(args.backup_demo or args.demo))
    if args.command == "closures":
        return run_closures_export(args.out, args.closures_data_dir or args.data_dir or default_data_dir(args.demo))
    if args.command == "add-seller":
        from .cli_sellers import run_add_seller

        return run_add_seller(args.name, args.manager, args.seller_data_dir or args.data_dir or default_data_dir())
    return run_till(args)


def run_sandbox(args: argparse.Namespace) -> int:
    from .sandbox import server

    options = {}
    if args.till_token:
        options["till_token"] = args.till_token
    if args.shop_token:
        options["shop_token"] = args.shop_token
    try:
        server.check_loopback(args.host)
        server.check_port_free(args.host, args.port)
        server.serve(host=args.host, port=args.port, orders_every=args.orders_every, **options)
    except (ValueError, OSError) as exc:
        print(f"Bac à sable HubRise : {exc}.", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0


def run_verify_journal(data_dir: Path) -> int:
    from .services.till import verify_journal_at
    from .store.database import StoreError

    try:
        check = verify_journal_at(data_dir)
    except StoreError as exc:
        print(exc.message_fr, file=sys.stderr)
        return 2
    if check.ok:
        from .domain.text import plural

        print(f"Journal intègre : {plural(check.tickets, 'ticket vérifié', 'tickets vérifiés')}. "
              f"Détail : {check.summary_fr()}.")
        return 0
    print(f"Journal des ventes ALTÉRÉ : {check.failure}.")
    return 1


def run_closures_export(out: Path, data_dir: Path) -> int:
    """The Clôtures screen's CSV, read from the database opened read-only (the till may be running); then the
    export's JET 110 through a short read-write connection when the database is writable (said when it is not)."""
    from .domain.text import plural
    from .services.closure_export import export_closures_at, record_export_at
    from .store.database import StoreError, describe_os_error

    try:
        count = export_closures_at(data_dir, out)
    except StoreError as exc:
        print(exc.message_fr, file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"Le fichier « {out} » n'a pas pu être écrit : {describe_os_error(exc, with_path=False)}.",
              file=sys.stderr)
        return 2
    print(f"{plural(count, 'clôture exportée', 'clôtures exportées')} dans « {out} ».")
    missing = record_export_at(data_dir, Path(out).name, count)
    if missing is None:
        print("Export noté au journal des événements techniques (JET 110).")
    else:
        print(f"L'export n'a pas pu être noté au journal des événements techniques : {missing}.", file=sys.stderr)
    return 0


def setup_logging(data_dir: Path) -> None:
    """A rotating log file in the data dir; the token never reaches it (the client masks it)."""
    logs = data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(logs / "kezia-desk.log", maxBytes=2_000_000, backupCount=5,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def run_till(args: argparse.Namespace) -> int:
    from .display import NO_DISPLAY_FR, has_display

    if not has_display():  # Qt would abort the process with a core dump
        print(NO_DISPLAY_FR, file=sys.stderr)
        return 2
    import qasync
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from .app import build_app, install_exception_hook
    from .config import APP_NAME, ORGANIZATION
    from .store.database import StoreError
    from .ui.single_instance import SingleInstance
    from .ui.widgets.french import use_french

    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    qt_app.setOrganizationName(ORGANIZATION)
    qt_app.setApplicationName(APP_NAME)
    use_french(qt_app)  # the error box below too
    data_dir = args.data_dir or default_data_dir(args.demo)
    try:
        setup_logging(data_dir)
    except OSError as exc:
        from .store.database import describe_os_error

        print(f"Journal technique indisponible : {describe_os_error(exc)}. La caisse démarre sans.", file=sys.stderr)
    instance = SingleInstance(data_dir)
    if instance.another_till_has_it():
        print("Kezia Desk est déjà ouvert sur ce dossier de données : sa fenêtre passe au premier plan.")
        return 0
    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    config = AppConfig.from_environment(data_dir, args.demo, args.api_url, args.fullscreen)
    try:
        kezia = build_app(config)
    except StoreError as exc:
        print(exc.message_fr, file=sys.stderr)
        box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, exc.message_fr)
        if args.quit_after is not None:  # set before the modal box, or it would wait for a tap forever
            QTimer.singleShot(int(args.quit_after * 1000), box.reject)
        box.exec()
        return 2
    install_exception_hook(kezia.window)
    instance.listen(kezia.window.bring_to_front)
    kezia.window.show_at_start(kezia.kiosk)
    if args.screenshot:
        delay_ms = int(min(1.5, (args.quit_after or 3) / 2) * 1000)
        QTimer.singleShot(delay_ms, lambda: save_screenshot(kezia.window, args.screenshot))
    if args.quit_after is not None:
        def quit_now() -> None:
            kezia.window.kiosk.allow_close()  # the command line asked for it: kiosk mode does not hold it back
            qt_app.quit()

        QTimer.singleShot(int(args.quit_after * 1000), quit_now)
    closed = asyncio.Event()
    qt_app.aboutToQuit.connect(closed.set)
    with loop:
        kezia.start()
        loop.run_until_complete(closed.wait())
        loop.run_until_complete(kezia.aclose())
    instance.release()
    return 0


def save_screenshot(window, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(path)):
        log.error("capture impossible : %s", path)


if __name__ == "__main__":
    sys.exit(main())
