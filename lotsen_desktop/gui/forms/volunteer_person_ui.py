# Generated from ui/volunteer_person.ui by ui/compile.py (pyside6-uic): do not edit, edit the .ui file.
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
from PySide6.QtWidgets import (QApplication, QComboBox, QFormLayout, QGroupBox,
    QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
    QSizePolicy, QSpacerItem, QVBoxLayout, QWidget)

from lotsen_desktop.gui.widgets import (DateField, FieldMessage)

class Ui_VolunteerPerson(object):
    def setupUi(self, VolunteerPerson):
        if not VolunteerPerson.objectName():
            VolunteerPerson.setObjectName(u"VolunteerPerson")
        self.columns = QHBoxLayout(VolunteerPerson)
        self.columns.setObjectName(u"columns")
        self.left_column = QVBoxLayout()
        self.left_column.setObjectName(u"left_column")
        self.name_group = QGroupBox(VolunteerPerson)
        self.name_group.setObjectName(u"name_group")
        self.name_form = QFormLayout(self.name_group)
        self.name_form.setObjectName(u"name_form")
        self.name_form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.name_form.setLabelAlignment(Qt.AlignLeft|Qt.AlignVCenter)
        self.given_name_label = QLabel(self.name_group)
        self.given_name_label.setObjectName(u"given_name_label")

        self.name_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.given_name_label)

        self.given_name_cell = QVBoxLayout()
        self.given_name_cell.setSpacing(1)
        self.given_name_cell.setObjectName(u"given_name_cell")
        self.given_name_edit = QLineEdit(self.name_group)
        self.given_name_edit.setObjectName(u"given_name_edit")

        self.given_name_cell.addWidget(self.given_name_edit)

        self.given_name_message = FieldMessage(self.name_group)
        self.given_name_message.setObjectName(u"given_name_message")

        self.given_name_cell.addWidget(self.given_name_message)


        self.name_form.setLayout(0, QFormLayout.ItemRole.FieldRole, self.given_name_cell)

        self.family_name_label = QLabel(self.name_group)
        self.family_name_label.setObjectName(u"family_name_label")

        self.name_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.family_name_label)

        self.family_name_cell = QVBoxLayout()
        self.family_name_cell.setSpacing(1)
        self.family_name_cell.setObjectName(u"family_name_cell")
        self.family_name_edit = QLineEdit(self.name_group)
        self.family_name_edit.setObjectName(u"family_name_edit")

        self.family_name_cell.addWidget(self.family_name_edit)

        self.family_name_message = FieldMessage(self.name_group)
        self.family_name_message.setObjectName(u"family_name_message")

        self.family_name_cell.addWidget(self.family_name_message)


        self.name_form.setLayout(1, QFormLayout.ItemRole.FieldRole, self.family_name_cell)

        self.title_form_label = QLabel(self.name_group)
        self.title_form_label.setObjectName(u"title_form_label")

        self.name_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.title_form_label)

        self.title_form_cell = QVBoxLayout()
        self.title_form_cell.setSpacing(1)
        self.title_form_cell.setObjectName(u"title_form_cell")
        self.title_combo = QComboBox(self.name_group)
        self.title_combo.setObjectName(u"title_combo")

        self.title_form_cell.addWidget(self.title_combo)

        self.title_form_message = FieldMessage(self.name_group)
        self.title_form_message.setObjectName(u"title_form_message")

        self.title_form_cell.addWidget(self.title_form_message)


        self.name_form.setLayout(2, QFormLayout.ItemRole.FieldRole, self.title_form_cell)

        self.birth_date_label = QLabel(self.name_group)
        self.birth_date_label.setObjectName(u"birth_date_label")

        self.name_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.birth_date_label)

        self.birth_date_cell = QVBoxLayout()
        self.birth_date_cell.setSpacing(1)
        self.birth_date_cell.setObjectName(u"birth_date_cell")
        self.birth_date_edit = DateField(self.name_group)
        self.birth_date_edit.setObjectName(u"birth_date_edit")

        self.birth_date_cell.addWidget(self.birth_date_edit)

        self.birth_date_message = FieldMessage(self.name_group)
        self.birth_date_message.setObjectName(u"birth_date_message")

        self.birth_date_cell.addWidget(self.birth_date_message)


        self.name_form.setLayout(3, QFormLayout.ItemRole.FieldRole, self.birth_date_cell)


        self.left_column.addWidget(self.name_group)

        self.contact_group = QGroupBox(VolunteerPerson)
        self.contact_group.setObjectName(u"contact_group")
        self.contact_form = QFormLayout(self.contact_group)
        self.contact_form.setObjectName(u"contact_form")
        self.contact_form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.contact_form.setLabelAlignment(Qt.AlignLeft|Qt.AlignVCenter)
        self.street_label = QLabel(self.contact_group)
        self.street_label.setObjectName(u"street_label")

        self.contact_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.street_label)

        self.street_cell = QVBoxLayout()
        self.street_cell.setSpacing(1)
        self.street_cell.setObjectName(u"street_cell")
        self.street_edit = QLineEdit(self.contact_group)
        self.street_edit.setObjectName(u"street_edit")

        self.street_cell.addWidget(self.street_edit)

        self.street_message = FieldMessage(self.contact_group)
        self.street_message.setObjectName(u"street_message")

        self.street_cell.addWidget(self.street_message)


        self.contact_form.setLayout(0, QFormLayout.ItemRole.FieldRole, self.street_cell)

        self.postal_code_label = QLabel(self.contact_group)
        self.postal_code_label.setObjectName(u"postal_code_label")

        self.contact_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.postal_code_label)

        self.postal_code_cell = QVBoxLayout()
        self.postal_code_cell.setSpacing(1)
        self.postal_code_cell.setObjectName(u"postal_code_cell")
        self.postal_code_edit = QLineEdit(self.contact_group)
        self.postal_code_edit.setObjectName(u"postal_code_edit")
        self.postal_code_edit.setMaxLength(5)

        self.postal_code_cell.addWidget(self.postal_code_edit)

        self.postal_code_message = FieldMessage(self.contact_group)
        self.postal_code_message.setObjectName(u"postal_code_message")

        self.postal_code_cell.addWidget(self.postal_code_message)


        self.contact_form.setLayout(1, QFormLayout.ItemRole.FieldRole, self.postal_code_cell)

        self.city_label = QLabel(self.contact_group)
        self.city_label.setObjectName(u"city_label")

        self.contact_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.city_label)

        self.city_cell = QVBoxLayout()
        self.city_cell.setSpacing(1)
        self.city_cell.setObjectName(u"city_cell")
        self.city_edit = QLineEdit(self.contact_group)
        self.city_edit.setObjectName(u"city_edit")

        self.city_cell.addWidget(self.city_edit)

        self.city_message = FieldMessage(self.contact_group)
        self.city_message.setObjectName(u"city_message")

        self.city_cell.addWidget(self.city_message)


        self.contact_form.setLayout(2, QFormLayout.ItemRole.FieldRole, self.city_cell)

        self.phone_label = QLabel(self.contact_group)
        self.phone_label.setObjectName(u"phone_label")

        self.contact_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.phone_label)

        self.phone_cell = QVBoxLayout()
        self.phone_cell.setSpacing(1)
        self.phone_cell.setObjectName(u"phone_cell")
        self.phone_edit = QLineEdit(self.contact_group)
        self.phone_edit.setObjectName(u"phone_edit")

        self.phone_cell.addWidget(self.phone_edit)

        self.phone_message = FieldMessage(self.contact_group)
        self.phone_message.setObjectName(u"phone_message")

        self.phone_cell.addWidget(self.phone_message)


        self.contact_form.setLayout(3, QFormLayout.ItemRole.FieldRole, self.phone_cell)

        self.email_label = QLabel(self.contact_group)
        self.email_label.setObjectName(u"email_label")

        self.contact_form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.email_label)

        self.email_cell = QVBoxLayout()
        self.email_cell.setSpacing(1)
        self.email_cell.setObjectName(u"email_cell")
        self.email_edit = QLineEdit(self.contact_group)
        self.email_edit.setObjectName(u"email_edit")

        self.email_cell.addWidget(self.email_edit)

        self.email_message = FieldMessage(self.contact_group)
        self.email_message.setObjectName(u"email_message")

        self.email_cell.addWidget(self.email_message)


        self.contact_form.setLayout(4, QFormLayout.ItemRole.FieldRole, self.email_cell)


        self.left_column.addWidget(self.contact_group)

        self.left_stretch = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.left_column.addItem(self.left_stretch)

        self.left_column.setStretch(2, 1)

        self.columns.addLayout(self.left_column)

        self.column_gap = QSpacerItem(8, 0, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)

        self.columns.addItem(self.column_gap)

        self.right_column = QVBoxLayout()
        self.right_column.setObjectName(u"right_column")
        self.volunteering_group = QGroupBox(VolunteerPerson)
        self.volunteering_group.setObjectName(u"volunteering_group")
        self.volunteering_form = QFormLayout(self.volunteering_group)
        self.volunteering_form.setObjectName(u"volunteering_form")
        self.volunteering_form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.volunteering_form.setLabelAlignment(Qt.AlignLeft|Qt.AlignVCenter)
        self.status_label = QLabel(self.volunteering_group)
        self.status_label.setObjectName(u"status_label")

        self.volunteering_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.status_label)

        self.status_cell = QVBoxLayout()
        self.status_cell.setSpacing(1)
        self.status_cell.setObjectName(u"status_cell")
        self.status_combo = QComboBox(self.volunteering_group)
        self.status_combo.setObjectName(u"status_combo")

        self.status_cell.addWidget(self.status_combo)

        self.status_message = FieldMessage(self.volunteering_group)
        self.status_message.setObjectName(u"status_message")

        self.status_cell.addWidget(self.status_message)


        self.volunteering_form.setLayout(0, QFormLayout.ItemRole.FieldRole, self.status_cell)

        self.agreement_signed_on_label = QLabel(self.volunteering_group)
        self.agreement_signed_on_label.setObjectName(u"agreement_signed_on_label")

        self.volunteering_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.agreement_signed_on_label)

        self.agreement_signed_on_cell = QVBoxLayout()
        self.agreement_signed_on_cell.setSpacing(1)
        self.agreement_signed_on_cell.setObjectName(u"agreement_signed_on_cell")
        self.agreement_edit = DateField(self.volunteering_group)
        self.agreement_edit.setObjectName(u"agreement_edit")

        self.agreement_signed_on_cell.addWidget(self.agreement_edit)

        self.agreement_signed_on_message = FieldMessage(self.volunteering_group)
        self.agreement_signed_on_message.setObjectName(u"agreement_signed_on_message")

        self.agreement_signed_on_cell.addWidget(self.agreement_signed_on_message)


        self.volunteering_form.setLayout(1, QFormLayout.ItemRole.FieldRole, self.agreement_signed_on_cell)

        self.police_certificate_seen_on_label = QLabel(self.volunteering_group)
        self.police_certificate_seen_on_label.setObjectName(u"police_certificate_seen_on_label")

        self.volunteering_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.police_certificate_seen_on_label)

        self.police_certificate_seen_on_cell = QVBoxLayout()
        self.police_certificate_seen_on_cell.setSpacing(1)
        self.police_certificate_seen_on_cell.setObjectName(u"police_certificate_seen_on_cell")
        self.police_on_edit = DateField(self.volunteering_group)
        self.police_on_edit.setObjectName(u"police_on_edit")

        self.police_certificate_seen_on_cell.addWidget(self.police_on_edit)

        self.police_certificate_seen_on_message = FieldMessage(self.volunteering_group)
        self.police_certificate_seen_on_message.setObjectName(u"police_certificate_seen_on_message")

        self.police_certificate_seen_on_cell.addWidget(self.police_certificate_seen_on_message)


        self.volunteering_form.setLayout(2, QFormLayout.ItemRole.FieldRole, self.police_certificate_seen_on_cell)

        self.police_certificate_seen_by_label = QLabel(self.volunteering_group)
        self.police_certificate_seen_by_label.setObjectName(u"police_certificate_seen_by_label")

        self.volunteering_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.police_certificate_seen_by_label)

        self.police_certificate_seen_by_cell = QVBoxLayout()
        self.police_certificate_seen_by_cell.setSpacing(1)
        self.police_certificate_seen_by_cell.setObjectName(u"police_certificate_seen_by_cell")
        self.police_by_edit = QLineEdit(self.volunteering_group)
        self.police_by_edit.setObjectName(u"police_by_edit")

        self.police_certificate_seen_by_cell.addWidget(self.police_by_edit)

        self.police_certificate_seen_by_message = FieldMessage(self.volunteering_group)
        self.police_certificate_seen_by_message.setObjectName(u"police_certificate_seen_by_message")

        self.police_certificate_seen_by_cell.addWidget(self.police_certificate_seen_by_message)


        self.volunteering_form.setLayout(3, QFormLayout.ItemRole.FieldRole, self.police_certificate_seen_by_cell)


        self.right_column.addWidget(self.volunteering_group)

        self.migration_group = QGroupBox(VolunteerPerson)
        self.migration_group.setObjectName(u"migration_group")
        self.migration_form = QFormLayout(self.migration_group)
        self.migration_form.setObjectName(u"migration_form")
        self.migration_form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.migration_form.setLabelAlignment(Qt.AlignLeft|Qt.AlignVCenter)
        self.migration_experience_label = QLabel(self.migration_group)
        self.migration_experience_label.setObjectName(u"migration_experience_label")

        self.migration_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.migration_experience_label)

        self.migration_experience_cell = QVBoxLayout()
        self.migration_experience_cell.setSpacing(1)
        self.migration_experience_cell.setObjectName(u"migration_experience_cell")
        self.migration_combo = QComboBox(self.migration_group)
        self.migration_combo.setObjectName(u"migration_combo")

        self.migration_experience_cell.addWidget(self.migration_combo)

        self.migration_experience_message = FieldMessage(self.migration_group)
        self.migration_experience_message.setObjectName(u"migration_experience_message")

        self.migration_experience_cell.addWidget(self.migration_experience_message)


        self.migration_form.setLayout(0, QFormLayout.ItemRole.FieldRole, self.migration_experience_cell)

        self.origin_country_label = QLabel(self.migration_group)
        self.origin_country_label.setObjectName(u"origin_country_label")

        self.migration_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.origin_country_label)

        self.origin_country_cell = QVBoxLayout()
        self.origin_country_cell.setSpacing(1)
        self.origin_country_cell.setObjectName(u"origin_country_cell")
        self.origin_edit = QLineEdit(self.migration_group)
        self.origin_edit.setObjectName(u"origin_edit")

        self.origin_country_cell.addWidget(self.origin_edit)

        self.origin_country_message = FieldMessage(self.migration_group)
        self.origin_country_message.setObjectName(u"origin_country_message")

        self.origin_country_cell.addWidget(self.origin_country_message)


        self.migration_form.setLayout(1, QFormLayout.ItemRole.FieldRole, self.origin_country_cell)

        self.migration_note = QLabel(self.migration_group)
        self.migration_note.setObjectName(u"migration_note")
        self.migration_note.setWordWrap(True)
        self.migration_note.setStyleSheet(u"color: #666666;")

        self.migration_form.setWidget(2, QFormLayout.ItemRole.SpanningRole, self.migration_note)


        self.right_column.addWidget(self.migration_group)

        self.notes_group = QGroupBox(VolunteerPerson)
        self.notes_group.setObjectName(u"notes_group")
        self.notes_layout = QVBoxLayout(self.notes_group)
        self.notes_layout.setSpacing(1)
        self.notes_layout.setObjectName(u"notes_layout")
        self.notes_edit = QPlainTextEdit(self.notes_group)
        self.notes_edit.setObjectName(u"notes_edit")
        self.notes_edit.setMinimumSize(QSize(0, 70))
        self.notes_edit.setMaximumSize(QSize(16777215, 70))
        self.notes_edit.setTabChangesFocus(True)

        self.notes_layout.addWidget(self.notes_edit)

        self.notes_message = FieldMessage(self.notes_group)
        self.notes_message.setObjectName(u"notes_message")

        self.notes_layout.addWidget(self.notes_message)


        self.right_column.addWidget(self.notes_group)

        self.right_stretch = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.right_column.addItem(self.right_stretch)

        self.right_column.setStretch(3, 1)

        self.columns.addLayout(self.right_column)

        self.columns.setStretch(0, 1)
        self.columns.setStretch(2, 1)
        self.given_name_label.setBuddy(self.given_name_edit)
        self.family_name_label.setBuddy(self.family_name_edit)
        self.title_form_label.setBuddy(self.title_combo)
        self.birth_date_label.setBuddy(self.birth_date_edit)
        self.street_label.setBuddy(self.street_edit)
        self.postal_code_label.setBuddy(self.postal_code_edit)
        self.city_label.setBuddy(self.city_edit)
        self.phone_label.setBuddy(self.phone_edit)
        self.email_label.setBuddy(self.email_edit)
        self.status_label.setBuddy(self.status_combo)
        self.agreement_signed_on_label.setBuddy(self.agreement_edit)
        self.police_certificate_seen_on_label.setBuddy(self.police_on_edit)
        self.police_certificate_seen_by_label.setBuddy(self.police_by_edit)
        self.migration_experience_label.setBuddy(self.migration_combo)
        self.origin_country_label.setBuddy(self.origin_edit)
        QWidget.setTabOrder(self.given_name_edit, self.family_name_edit)
        QWidget.setTabOrder(self.family_name_edit, self.title_combo)
        QWidget.setTabOrder(self.title_combo, self.birth_date_edit)
        QWidget.setTabOrder(self.birth_date_edit, self.street_edit)
        QWidget.setTabOrder(self.street_edit, self.postal_code_edit)
        QWidget.setTabOrder(self.postal_code_edit, self.city_edit)
        QWidget.setTabOrder(self.city_edit, self.phone_edit)
        QWidget.setTabOrder(self.phone_edit, self.email_edit)
        QWidget.setTabOrder(self.email_edit, self.status_combo)
        QWidget.setTabOrder(self.status_combo, self.agreement_edit)
        QWidget.setTabOrder(self.agreement_edit, self.police_on_edit)
        QWidget.setTabOrder(self.police_on_edit, self.police_by_edit)
        QWidget.setTabOrder(self.police_by_edit, self.migration_combo)
        QWidget.setTabOrder(self.migration_combo, self.origin_edit)
        QWidget.setTabOrder(self.origin_edit, self.notes_edit)

        self.retranslateUi(VolunteerPerson)

        QMetaObject.connectSlotsByName(VolunteerPerson)
    # setupUi

    def retranslateUi(self, VolunteerPerson):
        self.name_group.setTitle(ui_text(u"Name", None))
        self.given_name_label.setText(ui_text(u"Given &name *", None))
        self.given_name_edit.setToolTip(ui_text(u"Given name exactly as the person writes it, with all accents", None))
        self.family_name_label.setText(ui_text(u"Family name *", None))
        self.family_name_edit.setToolTip(ui_text(u"Family name exactly as the person writes it, with all accents", None))
        self.title_form_label.setText(ui_text(u"Title on documents", None))
        self.title_combo.setToolTip(ui_text(u"How certificates name the person", None))
        self.birth_date_label.setText(ui_text(u"Date of birth", None))
        self.birth_date_edit.setToolTip(ui_text(u"Date as DD.MM.YYYY, for example 24.11.1980; leave empty if unknown", None))
        self.contact_group.setTitle(ui_text(u"Address and contact", None))
        self.street_label.setText(ui_text(u"Street", None))
        self.postal_code_label.setText(ui_text(u"Postal code", None))
        self.postal_code_edit.setToolTip(ui_text(u"Five digits, e.g. 30159", None))
        self.city_label.setText(ui_text(u"City", None))
        self.phone_label.setText(ui_text(u"Phone", None))
        self.phone_edit.setToolTip(ui_text(u"Digits, spaces, +, / and - only, e.g. 0511 123456", None))
        self.email_label.setText(ui_text(u"E-mail", None))
        self.email_edit.setToolTip(ui_text(u"E-mail address, e.g. name@example.org", None))
        self.volunteering_group.setTitle(ui_text(u"Volunteering", None))
        self.status_label.setText(ui_text(u"Status", None))
        self.status_combo.setToolTip(ui_text(u"Where the person stands; every change is kept in the history", None))
        self.agreement_signed_on_label.setText(ui_text(u"Volunteer agreement signed on", None))
        self.agreement_edit.setToolTip(ui_text(u"Date the Ehrenamtsvereinbarung was signed (DD.MM.YYYY)", None))
        self.police_certificate_seen_on_label.setText(ui_text(u"Police certificate seen on", None))
        self.police_on_edit.setToolTip(ui_text(u"Only the date it was seen is recorded; never keep a copy", None))
        self.police_certificate_seen_by_label.setText(ui_text(u"Police certificate seen by", None))
        self.police_by_edit.setToolTip(ui_text(u"Who looked at the erweitertes F\u00fchrungszeugnis", None))
        self.migration_group.setTitle(ui_text(u"Migration history (only with consent)", None))
        self.migration_experience_label.setText(ui_text(u"Own migration history", None))
        self.migration_combo.setToolTip(ui_text(u"Special category of data: only with the person's consent", None))
        self.origin_country_label.setText(ui_text(u"Country of origin", None))
        self.notes_group.setTitle(ui_text(u"Notes", None))
        self.notes_edit.setToolTip(ui_text(u"Only what the office needs; no health data", None))
        pass
    # retranslateUi
