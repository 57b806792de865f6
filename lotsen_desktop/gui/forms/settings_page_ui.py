# Generated from ui/settings_page.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
# ruff: noqa
# mypy: ignore-errors

from lotsen_desktop.i18n import ui_text
from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QFormLayout,
    QFrame, QGroupBox, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QPlainTextEdit, QPushButton,
    QScrollArea, QSizePolicy, QSpacerItem, QSpinBox,
    QTableView, QVBoxLayout, QWidget)

from lotsen_desktop.gui.widgets import FieldMessage

class Ui_SettingsPage(object):
    def setupUi(self, SettingsPage):
        if not SettingsPage.objectName():
            SettingsPage.setObjectName(u"SettingsPage")
        self.outer = QVBoxLayout(SettingsPage)
        self.outer.setObjectName(u"outer")
        self.outer.setContentsMargins(12, 12, 12, 8)
        self.heading = QLabel(SettingsPage)
        self.heading.setObjectName(u"heading")

        self.outer.addWidget(self.heading)

        self.form_area = QScrollArea(SettingsPage)
        self.form_area.setObjectName(u"form_area")
        self.form_area.setFrameShape(QFrame.NoFrame)
        self.form_area.setWidgetResizable(True)
        self.body = QWidget()
        self.body.setObjectName(u"body")
        self.columns = QHBoxLayout(self.body)
        self.columns.setObjectName(u"columns")
        self.columns.setContentsMargins(0, 0, 6, 0)
        self.left = QVBoxLayout()
        self.left.setObjectName(u"left")
        self.office_group = QGroupBox(self.body)
        self.office_group.setObjectName(u"office_group")
        self.office_form = QFormLayout(self.office_group)
        self.office_form.setObjectName(u"office_form")
        self.name_label = QLabel(self.office_group)
        self.name_label.setObjectName(u"name_label")

        self.office_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.name_label)

        self.name_edit = QLineEdit(self.office_group)
        self.name_edit.setObjectName(u"name_edit")

        self.office_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.name_edit)

        self.name_message = FieldMessage(self.office_group)
        self.name_message.setObjectName(u"name_message")

        self.office_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.name_message)

        self.address_label = QLabel(self.office_group)
        self.address_label.setObjectName(u"address_label")

        self.office_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.address_label)

        self.address_edit = QPlainTextEdit(self.office_group)
        self.address_edit.setObjectName(u"address_edit")
        self.address_edit.setMinimumSize(QSize(0, 48))
        self.address_edit.setMaximumSize(QSize(16777215, 48))
        self.address_edit.setTabChangesFocus(True)

        self.office_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.address_edit)

        self.place_label = QLabel(self.office_group)
        self.place_label.setObjectName(u"place_label")

        self.office_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.place_label)

        self.place_edit = QLineEdit(self.office_group)
        self.place_edit.setObjectName(u"place_edit")

        self.office_form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.place_edit)

        self.signatory_label = QLabel(self.office_group)
        self.signatory_label.setObjectName(u"signatory_label")

        self.office_form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.signatory_label)

        self.signatory_edit = QLineEdit(self.office_group)
        self.signatory_edit.setObjectName(u"signatory_edit")

        self.office_form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.signatory_edit)

        self.role_label = QLabel(self.office_group)
        self.role_label.setObjectName(u"role_label")

        self.office_form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.role_label)

        self.role_edit = QLineEdit(self.office_group)
        self.role_edit.setObjectName(u"role_edit")

        self.office_form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.role_edit)

        self.logo_label = QLabel(self.office_group)
        self.logo_label.setObjectName(u"logo_label")

        self.office_form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.logo_label)

        self.logo_row = QHBoxLayout()
        self.logo_row.setObjectName(u"logo_row")
        self.logo_preview = QLabel(self.office_group)
        self.logo_preview.setObjectName(u"logo_preview")
        self.logo_preview.setMinimumSize(QSize(150, 54))
        self.logo_preview.setMaximumSize(QSize(150, 54))
        self.logo_preview.setStyleSheet(u"border: 1px solid #c8cfd8; background: white;")
        self.logo_preview.setAlignment(Qt.AlignCenter)

        self.logo_row.addWidget(self.logo_preview)

        self.logo_buttons = QVBoxLayout()
        self.logo_buttons.setObjectName(u"logo_buttons")
        self.logo_button = QPushButton(self.office_group)
        self.logo_button.setObjectName(u"logo_button")

        self.logo_buttons.addWidget(self.logo_button)

        self.logo_remove_button = QPushButton(self.office_group)
        self.logo_remove_button.setObjectName(u"logo_remove_button")

        self.logo_buttons.addWidget(self.logo_remove_button)


        self.logo_row.addLayout(self.logo_buttons)

        self.logo_space = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.logo_row.addItem(self.logo_space)

        self.logo_row.setStretch(2, 1)

        self.office_form.setLayout(6, QFormLayout.ItemRole.FieldRole, self.logo_row)

        self.logo_message = FieldMessage(self.office_group)
        self.logo_message.setObjectName(u"logo_message")

        self.office_form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.logo_message)


        self.left.addWidget(self.office_group)

        self.certificate_group = QGroupBox(self.body)
        self.certificate_group.setObjectName(u"certificate_group")
        self.certificate_form = QFormLayout(self.certificate_group)
        self.certificate_form.setObjectName(u"certificate_form")
        self.prefix_label = QLabel(self.certificate_group)
        self.prefix_label.setObjectName(u"prefix_label")

        self.certificate_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.prefix_label)

        self.prefix_edit = QLineEdit(self.certificate_group)
        self.prefix_edit.setObjectName(u"prefix_edit")
        self.prefix_edit.setMaxLength(20)

        self.certificate_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.prefix_edit)

        self.text_label = QLabel(self.certificate_group)
        self.text_label.setObjectName(u"text_label")

        self.certificate_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.text_label)

        self.text_edit = QPlainTextEdit(self.certificate_group)
        self.text_edit.setObjectName(u"text_edit")
        self.text_edit.setMinimumSize(QSize(0, 96))
        self.text_edit.setMaximumSize(QSize(16777215, 96))
        self.text_edit.setTabChangesFocus(True)

        self.certificate_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.text_edit)


        self.left.addWidget(self.certificate_group)

        self.language_group = QGroupBox(self.body)
        self.language_group.setObjectName(u"language_group")
        self.language_form = QFormLayout(self.language_group)
        self.language_form.setObjectName(u"language_form")
        self.language_label = QLabel(self.language_group)
        self.language_label.setObjectName(u"language_label")

        self.language_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.language_label)

        self.language_combo = QComboBox(self.language_group)
        self.language_combo.setObjectName(u"language_combo")

        self.language_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.language_combo)

        self.language_note = QLabel(self.language_group)
        self.language_note.setObjectName(u"language_note")
        self.language_note.setStyleSheet(u"color: #555;")
        self.language_note.setWordWrap(True)

        self.language_form.setWidget(1, QFormLayout.ItemRole.SpanningRole, self.language_note)


        self.left.addWidget(self.language_group)

        self.database_group = QGroupBox(self.body)
        self.database_group.setObjectName(u"database_group")
        self.database_layout = QVBoxLayout(self.database_group)
        self.database_layout.setObjectName(u"database_layout")
        self.database_size = QLabel(self.database_group)
        self.database_size.setObjectName(u"database_size")
        self.database_size.setWordWrap(True)

        self.database_layout.addWidget(self.database_size)

        self.database_explanation = QLabel(self.database_group)
        self.database_explanation.setObjectName(u"database_explanation")
        self.database_explanation.setWordWrap(True)

        self.database_layout.addWidget(self.database_explanation)

        self.vacuum_button = QPushButton(self.database_group)
        self.vacuum_button.setObjectName(u"vacuum_button")

        self.database_layout.addWidget(self.vacuum_button)


        self.left.addWidget(self.database_group)

        self.left_space = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.left.addItem(self.left_space)

        self.left.setStretch(4, 1)

        self.columns.addLayout(self.left)

        self.right = QVBoxLayout()
        self.right.setObjectName(u"right")
        self.rules_group = QGroupBox(self.body)
        self.rules_group.setObjectName(u"rules_group")
        self.rules_form = QFormLayout(self.rules_group)
        self.rules_form.setObjectName(u"rules_form")
        self.unit_label = QLabel(self.rules_group)
        self.unit_label.setObjectName(u"unit_label")

        self.rules_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.unit_label)

        self.unit_combo = QComboBox(self.rules_group)
        self.unit_combo.setObjectName(u"unit_combo")
        self.unit_combo.setSizeAdjustPolicy(QComboBox.AdjustToContents)

        self.rules_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.unit_combo)

        self.threshold_label = QLabel(self.rules_group)
        self.threshold_label.setObjectName(u"threshold_label")

        self.rules_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.threshold_label)

        self.threshold_spin = QSpinBox(self.rules_group)
        self.threshold_spin.setObjectName(u"threshold_spin")
        self.threshold_spin.setSuffix(u" %")
        self.threshold_spin.setMinimum(1)
        self.threshold_spin.setMaximum(100)

        self.rules_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.threshold_spin)

        self.special_label = QLabel(self.rules_group)
        self.special_label.setObjectName(u"special_label")

        self.rules_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.special_label)

        self.special_spin = QSpinBox(self.rules_group)
        self.special_spin.setObjectName(u"special_spin")
        self.special_spin.setMaximum(20)

        self.rules_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.special_spin)

        self.rules_explanation = QLabel(self.rules_group)
        self.rules_explanation.setObjectName(u"rules_explanation")
        self.rules_explanation.setStyleSheet(u"color: #555;")
        self.rules_explanation.setWordWrap(True)

        self.rules_form.setWidget(3, QFormLayout.ItemRole.SpanningRole, self.rules_explanation)


        self.right.addWidget(self.rules_group)

        self.modules_group = QGroupBox(self.body)
        self.modules_group.setObjectName(u"modules_group")
        self.modules_layout = QVBoxLayout(self.modules_group)
        self.modules_layout.setObjectName(u"modules_layout")
        self.modules_hint = QLabel(self.modules_group)
        self.modules_hint.setObjectName(u"modules_hint")
        self.modules_hint.setStyleSheet(u"color: #555;")
        self.modules_hint.setWordWrap(True)

        self.modules_layout.addWidget(self.modules_hint)

        self.module_table = QTableView(self.modules_group)
        self.module_table.setObjectName(u"module_table")
        self.module_table.setMinimumSize(QSize(0, 200))
        self.module_table.setEditTriggers(QAbstractItemView.AnyKeyPressed|QAbstractItemView.DoubleClicked|QAbstractItemView.EditKeyPressed)
        self.module_table.setAlternatingRowColors(True)
        self.module_table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.module_table.setSelectionBehavior(QAbstractItemView.SelectItems)
        self.module_table.setWordWrap(False)
        self.module_table.verticalHeader().setVisible(False)

        self.modules_layout.addWidget(self.module_table)


        self.right.addWidget(self.modules_group)

        self.right.setStretch(1, 1)

        self.columns.addLayout(self.right)

        self.columns.setStretch(0, 1)
        self.columns.setStretch(1, 1)
        self.form_area.setWidget(self.body)

        self.outer.addWidget(self.form_area)

        self.buttons = QHBoxLayout()
        self.buttons.setObjectName(u"buttons")
        self.status_label = QLabel(SettingsPage)
        self.status_label.setObjectName(u"status_label")

        self.buttons.addWidget(self.status_label)

        self.revert_button = QPushButton(SettingsPage)
        self.revert_button.setObjectName(u"revert_button")

        self.buttons.addWidget(self.revert_button)

        self.save_button = QPushButton(SettingsPage)
        self.save_button.setObjectName(u"save_button")

        self.buttons.addWidget(self.save_button)

        self.buttons.setStretch(0, 1)

        self.outer.addLayout(self.buttons)

        self.outer.setStretch(1, 1)
        self.name_label.setBuddy(self.name_edit)
        self.address_label.setBuddy(self.address_edit)
        self.place_label.setBuddy(self.place_edit)
        self.signatory_label.setBuddy(self.signatory_edit)
        self.role_label.setBuddy(self.role_edit)
        self.prefix_label.setBuddy(self.prefix_edit)
        self.text_label.setBuddy(self.text_edit)
        self.language_label.setBuddy(self.language_combo)
        self.unit_label.setBuddy(self.unit_combo)
        self.threshold_label.setBuddy(self.threshold_spin)
        self.special_label.setBuddy(self.special_spin)

        self.retranslateUi(SettingsPage)

        QMetaObject.connectSlotsByName(SettingsPage)
    # setupUi

    def retranslateUi(self, SettingsPage):
        self.heading.setText(ui_text(u"Settings", None))
        self.office_group.setTitle(ui_text(u"Organisation and signatory", None))
        self.name_label.setText(ui_text(u"Organisation (Tr\u00e4ger) *", None))
        self.name_edit.setToolTip(ui_text(u"The organisation (Tr\u00e4ger) that runs the courses", None))
        self.address_label.setText(ui_text(u"Address", None))
        self.address_edit.setToolTip(ui_text(u"Postal address printed on documents", None))
        self.place_label.setText(ui_text(u"Place", None))
        self.place_edit.setToolTip(ui_text(u"Place printed in the place-and-date line of documents", None))
        self.signatory_label.setText(ui_text(u"Signatory", None))
        self.signatory_edit.setToolTip(ui_text(u"The person who signs certificates", None))
        self.role_label.setText(ui_text(u"Signatory's role", None))
        self.role_edit.setToolTip(ui_text(u"Function printed under the signature", None))
        self.logo_label.setText(ui_text(u"Logo", None))
        self.logo_button.setToolTip(ui_text(u"An image file (PNG or JPEG) printed at the top of documents", None))
        self.logo_button.setText(ui_text(u"Choose &logo\u2026", None))
        self.logo_remove_button.setToolTip(ui_text(u"Print documents without a logo", None))
        self.logo_remove_button.setText(ui_text(u"Remove logo", None))
        self.certificate_group.setTitle(ui_text(u"Certificates", None))
        self.prefix_label.setText(ui_text(u"Serial prefix", None))
        self.prefix_edit.setToolTip(ui_text(u"Start of every certificate serial, e.g. IL gives IL-2026-0001", None))
        self.text_label.setText(ui_text(u"Certificate text", None))
        self.text_edit.setToolTip(ui_text(u"Text of the certificate; {title} is replaced by Integrationslotsin or -lotse", None))
        self.language_group.setTitle(ui_text(u"Language", None))
        self.language_label.setText(ui_text(u"Window language", None))
        self.language_combo.setToolTip(ui_text(u"Language of the window on this computer; applies at once when you save", None))
        self.language_note.setText(ui_text(u"Documents for volunteers stay in German.", None))
        self.database_group.setTitle(ui_text(u"Database file", None))
        self.database_explanation.setText(ui_text(u"Compacting folds changes every exchange partner has received into the records and then rebuilds the file (VACUUM). It runs in the background; the data stays the same.", None))
        self.vacuum_button.setToolTip(ui_text(u"Fold acknowledged changes and rebuild the database file (VACUUM)", None))
        self.vacuum_button.setText(ui_text(u"Compact the &database", None))
        self.rules_group.setTitle(ui_text(u"Rules of qualification", None))
        self.unit_label.setText(ui_text(u"One teaching unit", None))
        self.unit_combo.setToolTip(ui_text(u"What one \"hour\" on documents means", None))
        self.threshold_label.setText(ui_text(u"Completion threshold", None))
        self.threshold_spin.setToolTip(ui_text(u"Share of a module's planned units a person must attend to complete it", None))
        self.special_label.setText(ui_text(u"Required Spezialisierungsmodule", None))
        self.special_spin.setToolTip(ui_text(u"Spezialisierungsmodule needed for the certificate besides the Basismodul", None))
        self.rules_explanation.setText(ui_text(u"Qualified = Basismodul completed plus the number of Spezialisierungsmodule set here. A module is completed when the threshold of its planned units was attended; excused absence does not count.", None))
        self.modules_group.setTitle(ui_text(u"Module catalogue", None))
        self.modules_hint.setText(ui_text(u"Planned units and threshold differ between offices and years: double-click a value (or select it and press F2) to change it. Changed values are bold until saved.", None))
        self.revert_button.setToolTip(ui_text(u"Show the saved settings again", None))
        self.revert_button.setText(ui_text(u"&Discard changes", None))
        self.save_button.setToolTip(ui_text(u"Save all settings on this page (Ctrl+S)", None))
        self.save_button.setText(ui_text(u"&Save", None))
        pass
    # retranslateUi
