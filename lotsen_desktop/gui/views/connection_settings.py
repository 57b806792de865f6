"""Where the office database is: "Datenbank auf diesem PC" or a shared PostgreSQL database.

``ConnectionFields`` is the choice with the server's fields and "Verbindung testen" (used in the
first-start dialog and in Einstellungen); ``ConnectionSettings`` is the Einstellungen section that
saves it. A change takes effect at the next start: the open database stays open until then.
The password goes to the operating system's keyring, never into the saved file.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from lotsen_desktop.errors import LotsenError
from lotsen_desktop.gui.operations import ProgressCallback, run_operation
from lotsen_desktop.gui.widgets import FieldMessage
from lotsen_desktop.i18n import _
from lotsen_desktop.store import profiles
from lotsen_desktop.store.profiles import ConnectionProfile


def _ssl_mode_labels() -> dict[str, str]:
    return {
        "disable": _("disable: no encryption (only on this computer)"),
        "allow": _("allow: encrypted if the server insists"),
        "prefer": _("prefer: encrypted if the server can"),
        "require": _("require: always encrypted, server not checked"),
        "verify-ca": _("verify-ca: encrypted, certificate checked"),
        "verify-full": _("verify-full: encrypted, certificate and name checked (recommended)"),
    }


class ConnectionFields(QWidget):
    """The choice of database with the shared database's fields; ``changed`` on every edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.local_radio = QRadioButton(_("Database on this &PC (recommended for one office)"))
        self.server_radio = QRadioButton(_("&Shared database (PostgreSQL) of your IT department"))
        self.local_radio.setChecked(True)
        layout.addWidget(self.local_radio)
        layout.addWidget(self.server_radio)

        self.server_fields = QWidget()
        form = QFormLayout(self.server_fields)
        form.setContentsMargins(24, 0, 0, 0)
        self.host_edit = QLineEdit()
        self.host_edit.setPlaceholderText("db.example.org")
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(profiles.DEFAULT_PORT)
        self.database_edit = QLineEdit(profiles.DEFAULT_DATABASE)
        self.user_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setToolTip(
            _("Kept in the operating system's keyring, never in a file of this program.")
        )
        self.ssl_combo = QComboBox()
        for mode, label in _ssl_mode_labels().items():
            self.ssl_combo.addItem(label, mode)
        self.ssl_combo.setCurrentIndex(profiles.SSL_MODES.index(profiles.DEFAULT_SSL_MODE))
        form.addRow(_("Ser&ver:"), self.host_edit)
        form.addRow(_("P&ort:"), self.port_spin)
        form.addRow(_("Data&base:"), self.database_edit)
        form.addRow(_("&User:"), self.user_edit)
        form.addRow(_("Pass&word:"), self.password_edit)
        form.addRow(_("&TLS:"), self.ssl_combo)
        test_row = QHBoxLayout()
        self.test_button = QPushButton(_("Test &connection"))
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        form.addRow(test_row)
        self.message = FieldMessage(self)
        form.addRow(self.message)
        layout.addWidget(self.server_fields)

        self.server_radio.toggled.connect(self._kind_changed)
        for edit in (self.host_edit, self.database_edit, self.user_edit, self.password_edit):
            edit.textChanged.connect(self._edited)
        self.port_spin.valueChanged.connect(self._edited)
        self.ssl_combo.currentIndexChanged.connect(self._edited)
        self.test_button.clicked.connect(self.test_connection)
        self._kind_changed(False)

    def _kind_changed(self, _checked: bool) -> None:
        self.server_fields.setVisible(self.server_radio.isChecked())
        self._edited()

    def _edited(self, *_args: object) -> None:
        self.test_result.clear()
        self.message.clear()
        self.changed.emit()

    def set_profile(self, profile: ConnectionProfile, password: str = "") -> None:
        self.server_radio.setChecked(profile.is_server)
        self.local_radio.setChecked(not profile.is_server)
        if profile.is_server:
            self.host_edit.setText(profile.host)
            self.port_spin.setValue(profile.port)
            self.database_edit.setText(profile.database)
            self.user_edit.setText(profile.user)
            self.ssl_combo.setCurrentIndex(max(0, self.ssl_combo.findData(profile.sslmode)))
        self.password_edit.setText(password)

    def profile(self) -> ConnectionProfile:
        """What is entered (not yet checked: ``ConnectionProfile.validated``)."""
        if not self.server_radio.isChecked():
            return ConnectionProfile()
        return ConnectionProfile(
            kind=profiles.SERVER,
            host=self.host_edit.text(),
            port=self.port_spin.value(),
            database=self.database_edit.text(),
            user=self.user_edit.text(),
            sslmode=str(self.ssl_combo.currentData()),
        )

    def password(self) -> str:
        return self.password_edit.text()

    def validated(self) -> ConnectionProfile | None:
        """The checked profile, or ``None`` after showing what is missing."""
        try:
            return self.profile().validated()
        except LotsenError as error:
            self.message.show_message(str(error))
            return None

    def test_connection(self) -> None:
        """Connect once in the background and say whether it worked ("Verbindung testen")."""
        profile = self.validated()
        if profile is None or not profile.is_server:
            return
        password = self.password() or None
        self.test_button.setEnabled(False)
        self.test_result.setText(_("Connecting…"))

        def work(_progress: ProgressCallback) -> str:
            return profiles.check_connection(profile, password)

        def done(version: object) -> None:
            self.test_button.setEnabled(True)
            self.test_result.setText(_("Connected: PostgreSQL {version}.").format(version=version))

        def failed(error: object) -> None:
            self.test_button.setEnabled(True)
            self.test_result.clear()
            self.message.show_message(str(error))

        run_operation(
            self,
            _("Testing the connection…"),
            work,
            done,
            on_error=failed,
            cancellable=False,
            show_progress=False,
        )

    def save(self) -> ConnectionProfile | None:
        """Save the profile (the password to the keyring); ``None`` after showing why not."""
        profile = self.validated()
        if profile is None:
            return None
        try:
            if profile.is_server:
                try:
                    profiles.save_password(profile, self.password())
                except profiles.KeyringUnavailable as error:
                    self.message.show_message(str(error))  # asked at each start instead
            else:
                profiles.forget_password(profiles.load_profile())
            return profiles.save_profile(profile)
        except LotsenError as error:
            self.message.show_message(str(error))
            return None


class ConnectionSettings(QGroupBox):
    """Einstellungen › Datenbank: which database the next start opens."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Where the data is kept"), parent)
        layout = QVBoxLayout(self)
        explanation = QLabel(
            _(
                "Several offices can share one PostgreSQL database run by their IT department "
                "(see docs/server.md). A change takes effect when Lotsen Desktop is next started."
            )
        )
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        self.fields = ConnectionFields(self)
        layout.addWidget(self.fields)
        row = QHBoxLayout()
        self.save_button = QPushButton(_("Save connection"))
        self.saved_label = QLabel()
        self.saved_label.setWordWrap(True)
        row.addWidget(self.save_button)
        row.addWidget(self.saved_label, 1)
        layout.addLayout(row)
        self.save_button.clicked.connect(self.save)
        self.fields.changed.connect(self.saved_label.clear)
        saved = profiles.load_profile()
        self.fields.set_profile(saved)
        self.saved_label.clear()
        self._saved = saved

    def has_unsaved_work(self) -> bool:
        return self.fields.profile() != self._saved or bool(self.fields.password())

    def save(self) -> bool:
        profile = self.fields.save()
        if profile is None:
            return False
        self._saved = profile
        self.fields.password_edit.clear()
        self.saved_label.setText(_("Saved. It takes effect when Lotsen Desktop is next started."))
        return True
