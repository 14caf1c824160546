"""Qt's own words in French whatever the machine says: a text field's context menu (Annuler, Rétablir, Couper…),
the calendar of « Prévue » (décembre, lun.), the standard boxes' buttons, numbers and dates.

A till set up on a machine left in English (LANG=C, a fresh Debian) must still read French: the translations
shipped with PySide6 (qtbase_fr.qm) are loaded and the default QLocale is French (France), before any widget
exists (a widget keeps the locale it was created with).
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)
FRENCH = QLocale(QLocale.Language.French, QLocale.Country.France)
CATALOGS = ("qtbase_fr", "qtmultimedia_fr")
_installed: list[QTranslator] = []  # kept alive: Qt holds only a pointer


def use_french(app: QCoreApplication) -> bool:
    """French locale and Qt's French translations for `app`; idempotent. False if the translations are missing
    (the till still works, Qt's few own words stay English), which is logged."""
    QLocale.setDefault(FRENCH)
    if _installed:
        return True
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for catalog in CATALOGS:
        translator = QTranslator(app)
        if translator.load(FRENCH, catalog.removesuffix("_fr"), "_", folder):
            app.installTranslator(translator)
            _installed.append(translator)
        else:
            log.warning("traductions françaises de Qt introuvables : %s dans %s", catalog, folder)
    return bool(_installed)
