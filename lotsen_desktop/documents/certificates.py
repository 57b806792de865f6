"""Zertifikat, Teilnahmebescheinigung and Tätigkeitsnachweis: A4 portrait, one person each."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, Paragraph, Spacer

from lotsen_desktop.documents.base import (
    ACCENT,
    FONT_BOLD,
    MUTED,
    HeaderWhenAtTop,
    Styles,
    build_pdf,
    clock_hours,
    data_table,
    esc,
    hours_note,
    logo_flowable,
    markup,
    office_header,
    para,
    period_text,
    place_and_date,
    shared_styles,
    signature_block,
    units,
)
from lotsen_desktop.documents.data import (
    ActivityData,
    CertificateData,
    OfficeInfo,
    ParticipationData,
    PersonInfo,
)
from lotsen_desktop.domain.vocabulary import Area, MeetingKind, ModuleKind
from lotsen_desktop.i18n import _, format_date_long, format_date_short, format_number, ngettext

if TYPE_CHECKING:
    from lotsen_desktop.documents.stationery import Stationery

CONTENT_WIDTH = 170 * mm
CERTIFICATE_MARGIN = 24 * mm
"""Inside the certificate's frame."""


def _label(enum: type[ModuleKind] | type[Area] | type[MeetingKind], code: str) -> str:
    try:
        return enum(code).label
    except ValueError:
        return code


def _name_style(name: str, styles: Styles) -> ParagraphStyle:
    """The name style, smaller if one word of the name would not fit on a line."""
    longest = max((pdfmetrics.stringWidth(word, FONT_BOLD, 1) for word in name.split()), default=0)
    size = styles.name.fontSize
    room = CONTENT_WIDTH - 12 - 3 * mm  # the frame's padding, and some air
    if longest * size > room:
        size = max(12.0, room / longest)
    if size == styles.name.fontSize:
        return styles.name
    return ParagraphStyle("name_small", parent=styles.name, fontSize=size, leading=size * 1.25)


def _person_block(person: PersonInfo, styles: Styles) -> list[Flowable]:
    name = person.full_name
    story: list[Flowable] = [para(name, _name_style(name, styles))]
    if person.birth_date is not None:
        story.append(
            Paragraph(
                markup(_("born on {date}"), date=format_date_long(person.birth_date)),
                styles.subtitle,
            )
        )
    return story


def _opening(
    office: OfficeInfo,
    logo: bytes | None,
    title: str,
    subtitle: str,
    styles: Styles,
    background: Stationery | None,
) -> list[Flowable]:
    """Letterhead (unless the office's background PDF brings its own) and the document title."""
    story: list[Flowable] = []
    if background is None:
        story += office_header(office, logo, styles, rule=True)
        story.append(Spacer(1, 8 * mm))
    story.append(para(title, _title_style(styles, 21)))
    story.append(HRFlowable(width=30 * mm, thickness=1.2, color=ACCENT, spaceBefore=2.5 * mm))
    if subtitle:
        story.append(Spacer(1, 2 * mm))
        story.append(para(subtitle, styles.title_form))
    story.append(Spacer(1, 5 * mm))
    return story


def _title_style(styles: Styles, size: float) -> ParagraphStyle:
    return ParagraphStyle(
        f"title_{size}",
        parent=styles.doc_title,
        fontSize=size,
        leading=size * 1.2,
        textColor=ACCENT,
    )


def _footer(kind: str, serial: str, code: str) -> str:
    parts = [kind]
    if serial:
        parts.append(_("Register number {serial}").format(serial=serial))
    if code:
        parts.append(_("Verification code {code}").format(code=code))
    return " · ".join(parts)


def _verify_note() -> str:
    return _("Authenticity: the issuing office checks the verification code against its register.")


def _certificate_frame(canvas: Canvas, width: float, height: float) -> None:
    """A double frame in the accent colour, inside what office printers can print."""
    canvas.saveState()
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(2.4)
    canvas.rect(8 * mm, 8 * mm, width - 16 * mm, height - 16 * mm)
    canvas.setLineWidth(0.6)
    canvas.rect(10.5 * mm, 10.5 * mm, width - 21 * mm, height - 21 * mm)
    corner = 4 * mm
    for x, y in (
        (10.5 * mm, 10.5 * mm),
        (width - 10.5 * mm, 10.5 * mm),
        (10.5 * mm, height - 10.5 * mm),
        (width - 10.5 * mm, height - 10.5 * mm),
    ):
        canvas.setFillColor(ACCENT)
        path = canvas.beginPath()
        path.moveTo(x, y - corner / 2)
        path.lineTo(x + corner / 2, y)
        path.lineTo(x, y + corner / 2)
        path.lineTo(x - corner / 2, y)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def certificate_pdf(
    data: CertificateData,
    *,
    code: str = "",
    logo: bytes | None = None,
    background: Stationery | None = None,
    created: datetime | None = None,
) -> bytes:
    """The Zertifikat: person, title form, programme text, modules with dates and hours.

    Framed for the ceremony; with the office's background PDF the frame and letterhead give way
    to the stationery.
    """
    styles = shared_styles()
    width = 210 * mm - 2 * CERTIFICATE_MARGIN
    story: list[Flowable] = []
    if background is None:
        image = logo_flowable(logo, max_width=60 * mm, max_height=20 * mm)
        if image is not None:
            image.hAlign = "CENTER"
            story += [image, Spacer(1, 3 * mm)]
        if data.office.name.strip():
            story.append(para(data.office.name, _office_line(styles)))
        story.append(Spacer(1, 6 * mm))
    else:
        story.append(Spacer(1, 2 * mm))
    story.append(para(_("Certificate"), _title_style(styles, 34)))
    story.append(HRFlowable(width=40 * mm, thickness=1.4, color=ACCENT, spaceBefore=4 * mm))
    story.append(Spacer(1, 3 * mm))
    story.append(para(data.title, _title_style(styles, 16)))
    story.append(Spacer(1, 8 * mm))
    story += _person_block(data.person, styles)
    story.append(Spacer(1, 7 * mm))
    if data.body_text.strip():
        story.append(para(data.body_text.strip(), _ceremony_body(styles)))
        story.append(Spacer(1, 6 * mm))

    rows: list[list[object]] = [
        [
            para(_("Module"), styles.head),
            para(_("Kind"), styles.head),
            para(_("Period"), styles.head),
            para(_("Hours"), styles.head_right),
        ]
    ]
    for line in data.modules:
        rows.append(
            [
                para(line.title, styles.cell),
                para(_label(ModuleKind, line.kind), styles.cell),
                para(_dates_short(line.first_date, line.last_date), styles.cell),
                para(units(line.attended_minutes, data.unit_minutes), styles.cell_right),
            ]
        )
    rows.append(
        [
            para(_("Total"), styles.head),
            "",
            "",
            para(units(data.total_minutes, data.unit_minutes), styles.head_right),
        ]
    )
    widths = [width - 96 * mm, 41 * mm, 35 * mm, 20 * mm]
    heading = [para(_("Completed modules"), styles.head), Spacer(1, 2 * mm)]
    # the last modules and the total stay on the page of the signature: it never stands alone
    body, tail = rows[:-3], rows[-3:]
    closing: list[Flowable] = []
    if len(body) > 1:
        story += heading
        story.append(data_table(body, widths))
        closing.append(
            HeaderWhenAtTop(
                data_table([rows[0], *tail], widths, total_row=True),
                data_table(tail, widths, total_row=True, continued=True),
            )
        )
    else:
        closing += [*heading, data_table(rows, widths, total_row=True)]
    closing.append(Spacer(1, 1.5 * mm))
    closing.append(para(hours_note(data.unit_minutes), styles.small))
    closing.append(
        signature_block(
            place_date=place_and_date(data.issue_place, data.issued_on),
            office=data.office,
            styles=styles,
            width=width,
        )
    )
    story.append(KeepTogether(closing))
    kind = _("Certificate")
    return build_pdf(
        story,
        title=f"{kind} – {data.person.full_name}",
        author=data.office.name,
        subject=_("Qualification as {title}").format(title=data.title),
        footer_left=_footer(kind, data.serial, code),
        running_header=f"{kind} – {data.person.full_name}",
        margin=CERTIFICATE_MARGIN,
        created=created,
        background=background,
        decorate=_certificate_frame if background is None else None,
        register=(data.serial, code) if data.serial or code else None,
        register_note=_verify_note(),
        top_margin=22 * mm,
        footer_bottom=15 * mm,
    )


def _office_line(styles: Styles) -> ParagraphStyle:
    return ParagraphStyle("office_line", parent=styles.subtitle, fontSize=10, textColor=MUTED)


def _ceremony_body(styles: Styles) -> ParagraphStyle:
    return ParagraphStyle(
        "ceremony_body", parent=styles.center, fontSize=11, leading=16.5, alignment=TA_CENTER
    )


def _dates_short(first: date | None, last: date | None) -> str:
    """``07.02.–16.05.2026`` within one year, else both dates in full."""
    if first is None and last is None:
        return ""
    if first is None or last is None or first == last:
        return format_date_short(first or last)
    if first.year == last.year:
        return f"{first.strftime('%d.%m.')}–{format_date_short(last)}"
    return f"{format_date_short(first)} – {format_date_short(last)}"


def participation_pdf(
    data: ParticipationData,
    *,
    code: str = "",
    logo: bytes | None = None,
    background: Stationery | None = None,
    created: datetime | None = None,
) -> bytes:
    """Teilnahmebescheinigung: hours attended out of hours planned, also for unfinished modules."""
    styles = shared_styles()
    kind = _("Certificate of participation")
    story = _opening(data.office, logo, kind, "", styles, background)
    story += _person_block(data.person, styles)
    story.append(Spacer(1, 8 * mm))
    period = period_text(data.first_date, data.last_date)
    sentence = (
        _("took part in the course “{course}” ({kind} “{module}”) in the period {period}.")
        if period
        else _("took part in the course “{course}” ({kind} “{module}”).")
    )
    story.append(
        Paragraph(
            markup(
                sentence,
                course=data.course_title,
                kind=_label(ModuleKind, data.module_kind),
                module=data.module_title,
                period=period,
            ),
            styles.center,
        )
    )
    story.append(Spacer(1, 8 * mm))
    # rounded down: a share is never printed higher than it was
    percent = 100 * data.attended_minutes // data.planned_minutes if data.planned_minutes else 0
    facts: list[list[object]] = [
        [para(_("Module"), styles.head), para(data.module_title, styles.cell)],
        [para(_("Kind"), styles.head), para(_label(ModuleKind, data.module_kind), styles.cell)],
        [para(_("Course"), styles.head), para(data.course_title, styles.cell)],
    ]
    if period:
        facts.append([para(_("Period"), styles.head), para(period, styles.cell)])
    if data.course_place.strip():
        facts.append([para(_("Place"), styles.head), para(data.course_place, styles.cell)])
    facts.append(
        [
            para(_("Hours planned"), styles.head),
            para(units(data.planned_minutes, data.unit_minutes), styles.cell),
        ]
    )
    facts.append(
        [
            para(_("Hours attended"), styles.head),
            Paragraph(
                markup(
                    _("{attended} of {planned} ({percent} %)"),
                    attended=units(data.attended_minutes, data.unit_minutes),
                    planned=units(data.planned_minutes, data.unit_minutes),
                    percent=format_number(percent, 0),
                ),
                styles.cell,
            ),
        ]
    )
    if data.completed:
        facts.append([para(_("Result"), styles.head), para(_("Module completed"), styles.cell)])
    story.append(data_table(facts, [52 * mm, 118 * mm], repeat_rows=0))
    story.append(Spacer(1, 1.5 * mm))
    story.append(para(hours_note(data.unit_minutes), styles.small))
    closing: list[Flowable] = []
    if data.module_contents.strip():
        story.append(Spacer(1, 6 * mm))
        closing += [
            para(_("Contents"), styles.head),
            Spacer(1, 1.5 * mm),
            para(data.module_contents.strip(), styles.body),
        ]
    closing.append(
        signature_block(
            place_date=place_and_date(data.issue_place, data.issued_on),
            office=data.office,
            styles=styles,
        )
    )
    story.append(KeepTogether(closing))  # the signature never stands alone on a page
    return build_pdf(
        story,
        title=f"{kind} – {data.person.full_name}",
        author=data.office.name,
        subject=f"{data.module_title} – {data.course_title}",
        footer_left=_footer(kind, data.serial, code),
        running_header=f"{kind} – {data.person.full_name}",
        created=created,
        background=background,
        register=(data.serial, code) if data.serial or code else None,
        register_note=_verify_note(),
    )


def activity_pdf(
    data: ActivityData,
    *,
    code: str = "",
    logo: bytes | None = None,
    background: Stationery | None = None,
    created: datetime | None = None,
) -> bytes:
    """Tätigkeitsnachweis: volunteer hours by area and reflection meetings; no mentee data."""
    styles = shared_styles()
    kind = _("Confirmation of volunteer work")
    story = _opening(data.office, logo, kind, "", styles, background)
    story += _person_block(data.person, styles)
    story.append(Spacer(1, 6 * mm))
    period = f"{format_date_long(data.date_from)} – {format_date_long(data.date_to)}"
    # the office is named as "Träger" in the facts: German would need its article in a sentence
    sentences = [
        markup(
            _(
                "worked as a volunteer {title} in the programme “Integrationslotsinnen und "
                "Integrationslotsen in Niedersachsen”."
            ),
            title=data.title,
        ),
        esc(
            _(
                "Integrationslotsinnen and Integrationslotsen accompany migrants in everyday "
                "life, with authorities, schools and health services, as volunteers and "
                "accompanied by the office."
            )
        ),
    ]
    story.append(Paragraph(" ".join(sentences), styles.body_left))
    story.append(Spacer(1, 4 * mm))
    facts: list[list[object]] = []
    if data.office.name.strip():
        facts.append(
            [para(_("Organisation (Träger)"), styles.head), para(data.office.name, styles.cell)]
        )
    facts.append([para(_("Period"), styles.head), para(period, styles.cell)])
    if data.qualified_on is not None:
        facts.append(
            [
                para(_("Qualification completed"), styles.head),
                para(format_date_long(data.qualified_on), styles.cell),
            ]
        )
    story.append(data_table(facts, [60 * mm, 110 * mm], repeat_rows=0))
    story.append(Spacer(1, 5 * mm))

    story.append(para(_("Volunteer hours by area"), styles.head))
    story.append(Spacer(1, 2 * mm))
    rows: list[list[object]] = [[para(_("Area"), styles.head), para(_("Hours"), styles.head_right)]]
    for area in data.areas:
        rows.append(
            [
                para(_label(Area, area.area), styles.cell),
                para(clock_hours(area.minutes), styles.cell_right),
            ]
        )
    if not data.areas:
        rows.append([para(_("No volunteer hours recorded in this period."), styles.cell), ""])
    rows.append(
        [para(_("Total"), styles.head), para(clock_hours(data.total_minutes), styles.head_right)]
    )
    story.append(data_table(rows, [140 * mm, 30 * mm], total_row=True))
    story.append(Spacer(1, 1.5 * mm))
    story.append(Paragraph(esc(activity_note(data)), styles.small))
    story.append(Spacer(1, 6 * mm))
    closing = [para(_("Reflection meetings attended"), styles.head), Spacer(1, 2 * mm)]
    if data.meetings:
        meeting_rows: list[list[object]] = [
            [
                para(_("Date"), styles.head),
                para(_("Kind"), styles.head),
                para(_("Topic"), styles.head),
            ]
        ]
        for meeting in data.meetings:
            meeting_rows.append(
                [
                    para(format_date_short(meeting.held_on), styles.cell),
                    para(_label(MeetingKind, meeting.kind), styles.cell),
                    para(meeting.topic, styles.cell),
                ]
            )
        closing.append(data_table(meeting_rows, [26 * mm, 44 * mm, 100 * mm]))
    else:
        closing.append(para(_("No reflection meetings recorded in this period."), styles.body_left))
    closing.append(
        signature_block(
            place_date=place_and_date(data.issue_place, data.issued_on),
            office=data.office,
            styles=styles,
        )
    )
    story.append(KeepTogether(closing))  # the signature never stands alone on a page
    return build_pdf(
        story,
        title=f"{kind} – {data.person.full_name}",
        author=data.office.name,
        subject=period,
        footer_left=_footer(kind, data.serial, code),
        running_header=f"{kind} – {data.person.full_name}",
        created=created,
        background=background,
        register=(data.serial, code) if data.serial or code else None,
        register_note=_verify_note(),
    )


def activity_note(data: ActivityData) -> str:
    """ "Stunden zu 60 Minuten. 1 dokumentierter Einsatz; im Durchschnitt 0,5 Stunden pro Woche."

    The count takes its plural form from the catalog; an average that would print as 0 is left
    out rather than printed as "0 Stunden pro Woche".
    """
    parts = [_("Hours of 60 minutes.")]
    if data.entries_count:
        parts.append(
            ngettext(
                "{count} recorded assignment.",
                "{count} recorded assignments.",
                data.entries_count,
            ).format(count=format_number(data.entries_count, 0))
        )
    weeks = max(((data.date_to - data.date_from).days + 1) / 7, 1)
    per_week = data.total_minutes / 60 / weeks
    if round(per_week, 1) > 0:
        shown = format_number(per_week, 1)
        parts.append(
            ngettext(
                "On average {per_week} hour per week over the period.",
                "On average {per_week} hours per week over the period.",
                1 if shown == format_number(1, 1) else 2,
            ).format(per_week=shown)
        )
    return " ".join(parts)
