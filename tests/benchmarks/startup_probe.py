"""Run as a program by the start-up benchmark: `python startup_probe.py kezia DATA_DIR` builds the till on that
database and prints READY once the home screen is shown and painted; `python startup_probe.py bare` does the same
for a bare PySide6 window (the reference the target is relative to); `toutes DATA_DIR` then opens Commandes Web
on Toutes and prints the process's RSS in MB."""
from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(sys.argv[:1])
    if sys.argv[1] == "bare":
        window = QLabel("Accueil")
        window.resize(1024, 768)
        window.show()
        app.processEvents()
        ok = window.isVisible()
    else:
        from pathlib import Path

        from kezia_desk.app import build_app
        from kezia_desk.config import AppConfig

        kezia = build_app(AppConfig(data_dir=Path(sys.argv[2]), use_keyring=False))
        window = kezia.window
        window.show()
        app.processEvents()
        ok = window.current_screen() is window.home and window.home.isVisible()
        window.grab()  # painted, not only laid out
        if sys.argv[1] == "toutes":  # the memory figure: Commandes Web open on Toutes
            window.choose_seller(kezia.services.sellers.list_sellers()[1])
            window.open_web_orders()
            screen = window.web_orders_ui.screen
            screen.set_tab("toutes")
            app.processEvents()
            window.grab()
            ok = screen.model.rowCount() == 100
            with open("/proc/self/statm") as statm:
                rss = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1_048_576
            print("READY" if ok else "NOT-SHOWN", rss, flush=True)
            return
    print("READY" if ok else "NOT-HOME", time.perf_counter(), flush=True)


if __name__ == "__main__":
    main()
