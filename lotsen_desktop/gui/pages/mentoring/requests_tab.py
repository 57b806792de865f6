"""The "Requests" tab: an Einsatzanfrage, who fits it and why, to whom it was offered and the
answers (a yes starts an assignment)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHeaderView, QWidget

from lotsen_desktop.domain.vocabulary import Area, OfferResponse, RequestStatus
from lotsen_desktop.errors import LotsenError
from lotsen_desktop.gui.dialogs.mentoring_dialogs import AcceptOfferDialog, NewRequestDialog
from lotsen_desktop.gui.forms.mentoring_requests_ui import Ui_RequestsTab
from lotsen_desktop.gui.models.mentoring_models import (
    OfferTableModel,
    RequestTableModel,
    SuggestionTableModel,
    label,
)
from lotsen_desktop.gui.operations import Loader
from lotsen_desktop.gui.pages.mentoring.common import (
    MentoringTab,
    list_table,
    select_row,
    tab_order,
)
from lotsen_desktop.gui.views import feedback
from lotsen_desktop.gui.widgets import keep_key_column_readable
from lotsen_desktop.i18n import _
from lotsen_desktop.services import mentoring
from lotsen_desktop.services.mentoring import OfferRow, RequestRow, Suggestion
from lotsen_desktop.store.database import Store

STILL_OPEN = (
    RequestStatus.OPEN.value,
    RequestStatus.OFFERED.value,
    RequestStatus.DECLINED.value,
)


class RequestsTab(MentoringTab):
    """Einsatzanfragen with the volunteers suggested for them and the offers made."""

    #: A volunteer said yes: an assignment exists now that the assignments tab has not read.
    assignment_started = Signal()

    def __init__(self, store: Store, loader: Loader, parent: QWidget | None = None) -> None:
        super().__init__(store, loader, parent)
        self.ui = Ui_RequestsTab()
        self.ui.setupUi(self)
        ui = self.ui
        self.request_filter = ui.request_filter
        self.request_filter.addItem("", "open")
        self.request_filter.addItem("", "all")
        self.request_filter.currentIndexChanged.connect(lambda _i: self.reload_requests())
        self.new_request_button = ui.new_request_button
        self.new_request_button.clicked.connect(self.new_request)
        self.close_request_button = ui.close_request_button
        self.close_request_button.clicked.connect(self.close_request)
        self.request_message = ui.request_message
        self.request_details = ui.request_details
        self.suggestions_label = ui.suggestions_label
        self.offers_label = ui.offers_label
        self.offer_button = ui.offer_button
        self.offer_button.clicked.connect(self.offer_selected)
        self.accept_button = ui.accept_button
        self.accept_button.clicked.connect(self.accept_offer)
        self.decline_button = ui.decline_button
        self.decline_button.clicked.connect(self.decline_offer)

        self.request_model = RequestTableModel(self)
        self.request_table = list_table(self.request_model, sortable=True)
        request_header = self.request_table.horizontalHeader()
        for column in (RequestTableModel.RECEIVED, RequestTableModel.STATUS):
            request_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        request_header.setSectionResizeMode(
            RequestTableModel.INSTITUTION, QHeaderView.ResizeMode.Stretch
        )
        request_header.resizeSection(RequestTableModel.AREA, 110)
        request_header.resizeSection(RequestTableModel.LANGUAGES, 80)
        request_header.setMinimumSectionSize(40)
        self.request_table.selectionModel().currentRowChanged.connect(
            lambda *_args: self.follow(self.show_request)
        )
        ui.request_table_slot.addWidget(self.request_table)

        self.suggestion_model = SuggestionTableModel(self)
        self.suggestion_table = list_table(self.suggestion_model)
        # The name is what people look for: it stretches, the reasons give way on a narrow screen.
        keep_key_column_readable(
            self.suggestion_table,
            SuggestionTableModel.NAME,
            "Anna Öztürk-Lange (1984)",
            {
                SuggestionTableModel.LANGUAGES: 120,
                SuggestionTableModel.AREA: 90,
                SuggestionTableModel.AVAILABILITY: 110,
                SuggestionTableModel.LOAD: 110,
            },
        )
        self.suggestion_table.activated.connect(lambda _index: self.offer_selected())
        ui.suggestion_table_slot.addWidget(self.suggestion_table)

        self.offer_model = OfferTableModel(self)
        self.offer_table = list_table(self.offer_model)
        self.offer_table.horizontalHeader().setSectionResizeMode(
            OfferTableModel.NAME, QHeaderView.ResizeMode.Stretch
        )
        self.offer_table.selectionModel().currentRowChanged.connect(
            lambda *_args: self._update_offer_buttons()
        )
        ui.offer_table_slot.addWidget(self.offer_table)

        tab_order(
            self.request_filter,
            self.new_request_button,
            self.close_request_button,
            self.request_table,
            self.suggestion_table,
            self.offer_button,
            self.offer_table,
            self.accept_button,
            self.decline_button,
        )
        splitter = self.request_splitter = ui.request_splitter
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        # Close to half and half: the request list's Einrichtung (the key column) was squeezed to a
        # few letters by the suggestions' wide contents on a 1366 px screen.
        splitter.setSizes([520, 600])

    def retranslate(self) -> None:
        self.ui.retranslateUi(self)
        self.request_filter.setItemText(0, _("Open requests"))
        self.request_filter.setItemText(1, _("All requests"))
        self.suggestion_table.setToolTip(
            _("Ranked by matching languages, area of interest, availability and current load")
        )
        for model in (self.request_model, self.suggestion_model, self.offer_model):
            model.retranslate()

    def retranslate_data(self) -> None:
        """Texts made from data: show them again in the new language."""
        self.show_request()

    # --- requests --------------------------------------------------------------------------

    def selected_request(self) -> RequestRow | None:
        index = self.request_table.currentIndex()
        return self.request_model.row_at(index.row()) if index.isValid() else None

    def reload_requests(
        self, select_id: str | None = None, then: Callable[[], None] | None = None
    ) -> None:
        """Read the requests in the background; ``then`` runs once they are shown."""
        store = self.store
        self.loader.load(
            "requests",
            lambda: mentoring.list_requests(store),
            lambda rows: self._show_requests(rows, select_id, then),
            busy=self.request_table,
        )

    def _show_requests(
        self, rows: list[RequestRow], select_id: str | None, then: Callable[[], None] | None
    ) -> None:
        current = select_id or (r.id if (r := self.selected_request()) else None)
        if self.request_filter.currentData() != "all":
            rows = [r for r in rows if r.status in STILL_OPEN or r.id == select_id]
        self.request_model.set_rows(rows)
        header = self.request_table.horizontalHeader()
        if header.sortIndicatorSection() >= 0:
            self.request_model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        row = self.request_model.row_of(current) if current else -1
        with self.reloading():
            select_row(self.request_table, row if row >= 0 else 0)
        self.show_request(then)

    def show_request(self, then: Callable[[], None] | None = None) -> None:
        """Details of the selected request at once; who fits it is searched in the background
        (it ranks every active volunteer); ``then`` runs once that is shown."""
        request = self.selected_request()
        if request is None:
            empty = not self.request_model.rowCount() and not self.loader.is_loading("requests")
            self.request_details.setText(
                _("No open requests. Record a new one with “New request…”.") if empty else ""
            )
            self.suggestion_model.set_rows([])
            self.offer_model.set_rows([])
            self.close_request_button.setEnabled(False)
            self.offer_button.setEnabled(False)
            self._update_offer_buttons()
            self.loader.cancel("suggestions")
            if then is not None:
                then()
            return
        lines = [
            f"{request.institution} · {label(Area, request.area)} · "
            + _("received {date}").format(date=request.received_on.strftime("%d.%m.%Y")),
        ]
        if request.languages_needed:
            lines.append(_("Languages: {languages}").format(languages=request.languages_needed))
        if request.timing:
            lines.append(_("When: {timing}").format(timing=request.timing))
        if request.contact:
            lines.append(_("Contact: {contact}").format(contact=request.contact))
        if request.description:
            lines.append(request.description)
        self.request_details.setText("\n".join(lines))
        self.close_request_button.setEnabled(request.status != RequestStatus.CLOSED.value)
        self.offer_button.setEnabled(False)
        self.suggestion_model.set_rows([])  # those of the request selected before
        self.offer_model.set_rows([])
        self._update_offer_buttons()
        store, request_id = self.store, request.id
        self.loader.load(
            "suggestions",
            lambda: (
                mentoring.suggest_volunteers(store, request_id),
                mentoring.list_offers(store, request_id),
            ),
            lambda found: self._show_suggestions(request, *found, then),
            busy=self.suggestion_table,
        )

    def _show_suggestions(
        self,
        request: RequestRow,
        suggestions: list[Suggestion],
        offers: list[OfferRow],
        then: Callable[[], None] | None,
    ) -> None:
        self.suggestion_model.set_rows(suggestions)
        self.offer_model.set_rows(offers)
        self.suggestions_label.setText(
            _("Suitable volunteers for {institution}").format(institution=request.institution)
            if self.suggestion_model.rowCount()
            else _("No active volunteer matches the languages or the area of this request.")
        )
        open_request = request.status != RequestStatus.CLOSED.value
        self.close_request_button.setEnabled(open_request)
        self.offer_button.setEnabled(open_request and self.suggestion_model.rowCount() > 0)
        select_row(self.suggestion_table, 0)
        self._update_offer_buttons()
        if then is not None:
            then()

    def _selected_offer(self) -> OfferRow | None:
        index = self.offer_table.currentIndex()
        return self.offer_model.row_at(index.row()) if index.isValid() else None

    def _update_offer_buttons(self) -> None:
        offer = self._selected_offer()
        pending = offer is not None and offer.response == OfferResponse.PENDING.value
        self.accept_button.setEnabled(pending)
        self.decline_button.setEnabled(pending)

    def new_request(self) -> None:
        dialog = NewRequestDialog(self.store, self)
        dialog.accepted.connect(lambda: self._request_added(dialog))
        self.open_dialog(dialog)

    def _request_added(self, dialog: NewRequestDialog) -> None:
        self.request_filter.setCurrentIndex(0)
        self.reload_requests(select_id=dialog.request_id)
        self.request_message.show_info(
            _("Request saved. Suitable volunteers are listed on the right.")
        )
        self.changes_shown.emit()

    def close_request(self) -> None:
        request = self.selected_request()
        if request is None:
            return
        if not feedback.confirm(
            self,
            _("Mark as done"),
            _("Mark the request of {institution} as done?").format(institution=request.institution),
        ):
            return
        try:
            mentoring.close_request(self.store, request.id)
        except LotsenError as error:
            self.request_message.show_error(str(error))
            return
        self.reload_requests()
        self.request_message.show_info(_("Request marked as done."))
        self.changes_shown.emit()

    def offer_selected(self) -> None:
        request = self.selected_request()
        index = self.suggestion_table.currentIndex()
        if request is None or not index.isValid():
            self.request_message.show_warning(_("Please select a suitable person first."))
            return
        suggestion = self.suggestion_model.row_at(index.row())
        try:
            mentoring.offer_request(
                self.store, request_id=request.id, volunteer_id=suggestion.volunteer_id
            )
        except LotsenError as error:
            self.request_message.show_error(str(error))
            return

        def select_offer() -> None:
            for row in range(self.offer_model.rowCount()):
                if self.offer_model.row_at(row).volunteer_id == suggestion.volunteer_id:
                    select_row(self.offer_table, row)
            self._update_offer_buttons()

        self.reload_requests(select_id=request.id, then=select_offer)
        self.request_message.show_info(
            _("Offered to {name}. Record the answer when it comes.").format(
                name=suggestion.distinct_name
            )
        )
        self.changes_shown.emit()

    def accept_offer(self) -> None:
        offer = self._selected_offer()
        request = self.selected_request()
        if offer is None or request is None:
            return
        dialog = AcceptOfferDialog(self.store, offer, request, self)
        dialog.accepted.connect(lambda: self._offer_answered(request.id, True, offer))
        self.open_dialog(dialog)

    def decline_offer(self) -> None:
        offer = self._selected_offer()
        request = self.selected_request()
        if offer is None or request is None:
            return
        try:
            mentoring.answer_offer(self.store, offer_id=offer.id, accepted=False)
        except LotsenError as error:
            self.request_message.show_error(str(error))
            return
        self._offer_answered(request.id, False, offer)

    def _offer_answered(self, request_id: str, accepted: bool, offer: OfferRow) -> None:
        self.reload_requests(select_id=request_id)
        if accepted:
            self.request_message.show_info(
                _("{name} accepted: the assignment is listed under “Assignments and log”.").format(
                    name=offer.distinct_name
                )
            )
            self.assignment_started.emit()
        else:
            self.request_message.show_info(
                _("{name} declined. Offer the request to someone else.").format(
                    name=offer.distinct_name
                )
            )
        self.changes_shown.emit()
