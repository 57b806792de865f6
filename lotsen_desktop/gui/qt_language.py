"""Qt's own texts (standard buttons, context menus, file dialogs) in the program's language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from lotsen_desktop.i18n import get_language, set_language

_installed: list[QTranslator] = []


def apply_language(language: str) -> None:
    """Switch our catalogs and Qt's qtbase translation together.

    English needs no Qt translation (Qt's source texts are English); German loads
    ``qtbase_de.qm`` from PySide6's translations folder.
    """
    set_language(language)
    app = QCoreApplication.instance()
    locale = QLocale(QLocale.Language.German if language == "de" else QLocale.Language.English)
    QLocale.setDefault(locale)
    if app is None:
        return
    while _installed:
        app.removeTranslator(_installed.pop())
    if language == "en":
        return
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if translator.load(locale, "qtbase", "_", folder):
        app.installTranslator(translator)
        _installed.append(translator)


def current_language() -> str:
    return get_language()
