"""Anwesenheitsliste: A4 landscape, participants × sessions, signature boxes, headers repeated.

Sessions are printed in blocks of at most ``SESSIONS_PER_BLOCK`` columns so a signature fits
each box; participants flow onto further pages with the header row repeated.
"""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_date as babel_format_date
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table

from lotsen_desktop.documents.base import (
    A4_LANDSCAPE,
    ACCENT,
    FONT,
    HEAD_BG,
    LANDSCAPE_MARGIN,
    RULE,
    TEXT_COLOR,
    Styles,
    build_pdf,
    esc,
    logo_flowable,
    markup,
    para,
    period_text,
    shared_styles,
)
from lotsen_desktop.documents.data import AttendanceSheetData, SheetMark, SheetSession
from lotsen_desktop.domain.vocabulary import AttendanceState, ModuleKind
from lotsen_desktop.i18n import _, format_date_short, locale

SESSIONS_PER_BLOCK = 7
CONTENT_WIDTH = A4_LANDSCAPE[0] - 2 * LANDSCAPE_MARGIN
NUMBER_WIDTH = 10 * mm
NAME_WIDTH = 56 * mm
BLANK_ROW_HEIGHT = 11 * mm


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _session_head(number: int, session: SheetSession, styles: Styles) -> Paragraph:
    weekday = babel_format_date(session.session_date, "EEE", locale=locale())
    lines = [
        f"<b>{number}. {esc(weekday)} {esc(format_date_short(session.session_date))}</b>",
        esc(f"{_clock(session.start_minute)}–{_clock(session.end_minute)}"),
    ]
    lines[1] = f"<b>{lines[1]}</b>"
    if session.topic.strip():
        lines.append(f"<font size=6.5>{esc(session.topic.strip())}</font>")
    return Paragraph("<br/>".join(lines), styles.session_head)


def _mark_text(mark: SheetMark | None) -> str:
    """Short enough for a box: ✓, minutes for partial, the state's word otherwise."""
    if mark is None:
        return ""
    if mark.state == "not_enrolled":
        return "–"
    try:
        state = AttendanceState(mark.state)
    except ValueError:
        return mark.state
    if state is AttendanceState.PRESENT:
        return "✓"
    if state is AttendanceState.PARTIAL:
        return _("{minutes} min.").format(minutes=mark.minutes or 0)
    return state.label


def _legend() -> str:
    return " · ".join(
        [
            _("✓ present"),
            _("minutes: partly present"),
            _("– not yet enrolled"),
        ]
    )


def _attended(marks: tuple[SheetMark | None, ...], position: int) -> bool:
    mark = marks[position] if position < len(marks) else None
    return mark is not None and mark.state in (
        AttendanceState.PRESENT.value,
        AttendanceState.PARTIAL.value,
    )


def _block_table(
    data: AttendanceSheetData, start: int, sessions: list[SheetSession], styles: Styles
) -> Table:
    session_width = (CONTENT_WIDTH - NUMBER_WIDTH - NAME_WIDTH) / SESSIONS_PER_BLOCK
    header: list[object] = [para(_("No."), styles.head_center), para(_("Name"), styles.head)]
    header += [
        _session_head(start + offset + 1, session, styles)
        for offset, session in enumerate(sessions)
    ]
    rows: list[list[object]] = [header]
    for index, participant in enumerate(data.participants, start=1):
        row: list[object] = [
            para(str(index), styles.cell_center),
            para(participant.name, styles.cell),
        ]
        for offset in range(len(sessions)):
            position = start + offset
            mark = participant.marks[position] if position < len(participant.marks) else None
            shown = mark if not data.blank or (mark and mark.state == "not_enrolled") else None
            row.append(para(_mark_text(shown), styles.mark) if shown else "")
        rows.append(row)
    if not data.blank:
        counts: list[object] = ["", para(_("Present"), styles.head)]
        for offset in range(len(sessions)):
            position = start + offset
            present = sum(1 for p in data.participants if _attended(p.marks, position))
            counts.append(para(str(present), styles.cell_center))
        rows.append(counts)
    rows.append(["", para(_("Signature of the trainer"), styles.head)] + [""] * len(sessions))

    row_height = BLANK_ROW_HEIGHT
    heights: list[float | None] = [None]
    heights += [row_height if data.blank else None] * len(data.participants)
    if not data.blank:
        heights.append(None)
    heights.append(BLANK_ROW_HEIGHT)
    widths = [NUMBER_WIDTH, NAME_WIDTH] + [session_width] * len(sessions)
    table = Table(rows, colWidths=widths, rowHeights=heights, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("FONTSIZE", (0, 0), (-1, -1), 9),
            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
            ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ("LINEBELOW", (0, 0), (-1, 0), 1, TEXT_COLOR),
            ("LINEABOVE", (0, -1), (-1, -1), 1, TEXT_COLOR),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
    )
    return table


def _course_header(
    data: AttendanceSheetData, styles: Styles, logo: bytes | None = None
) -> list[Flowable]:
    """Title and course facts on the left, the office on the right: one compact block."""
    title = _("Attendance sheet") if data.blank else _("Attendance record")
    sessions = data.sessions
    period = period_text(
        sessions[0].session_date if sessions else None,
        sessions[-1].session_date if sessions else None,
    )
    try:
        kind = ModuleKind(data.module_kind).label
    except ValueError:
        kind = data.module_kind
    facts = [
        (_("Course"), data.course_title),
        (_("Module"), f"{data.module_title} ({kind})"),
        (_("Period"), period),
        (_("Place"), data.place),
        (_("Trainer"), data.trainers),
    ]
    lines = [f"<b>{esc(label)}:</b> {esc(value)}" for label, value in facts if value.strip()]
    left = [
        para(title, styles.heading),
        Spacer(1, 2 * mm),
        Paragraph("<br/>".join(lines), styles.body_left),
    ]
    office = [f"<b>{esc(data.office.name)}</b>"] if data.office.name.strip() else []
    if data.office.address.strip():
        office.append(esc(data.office.address.strip()))
    right: list[Flowable] = []
    image = logo_flowable(logo, max_width=45 * mm, max_height=14 * mm)
    if image is not None:
        image.hAlign = "RIGHT"
        right += [image, Spacer(1, 2 * mm)]
    right.append(Paragraph("<br/>".join(office), styles.office))
    block = Table(
        [[left, right]],
        colWidths=[CONTENT_WIDTH * 0.68, CONTENT_WIDTH * 0.32],
        style=[
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("LINEBELOW", (0, 0), (-1, 0), 1.2, ACCENT),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 6),
        ],
    )
    return [block, Spacer(1, 4 * mm)]


def attendance_sheet_pdf(
    data: AttendanceSheetData, *, logo: bytes | None = None, created: datetime | None = None
) -> bytes:
    """The Anwesenheitsliste, blank for signatures or filled from the recorded attendance."""
    styles = shared_styles()
    story = _course_header(data, styles, logo)
    sessions = list(data.sessions)
    blocks = [
        (start, sessions[start : start + SESSIONS_PER_BLOCK])
        for start in range(0, len(sessions), SESSIONS_PER_BLOCK)
    ] or [(0, [])]
    for number, (start, block) in enumerate(blocks):
        if number:
            story.append(PageBreak())
        if len(blocks) > 1:
            story.append(
                Paragraph(
                    markup(
                        _("Sessions {first} to {last} of {total}"),
                        first=start + 1,
                        last=start + len(block),
                        total=len(sessions),
                    ),
                    styles.head,
                )
            )
            story.append(Spacer(1, 2 * mm))
        if not data.participants:
            story.append(para(_("No participants enrolled yet."), styles.small))
            story.append(Spacer(1, 2 * mm))
        story.append(_block_table(data, start, block, styles))
        if not data.blank:
            story.append(Spacer(1, 1.5 * mm))
            story.append(para(_legend(), styles.small))
    story.append(Spacer(1, 8 * mm))
    trainer_line = Table(
        [[para(_("Date, signature of the trainer"), styles.small)]],
        colWidths=[100 * mm],
        hAlign="LEFT",
        style=[
            ("LINEABOVE", (0, 0), (-1, 0), 0.8, TEXT_COLOR),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("FONTNAME", (0, 0), (-1, -1), FONT),
        ],
    )
    story.append(KeepTogether([Spacer(1, 12 * mm), trainer_line]))
    title = _("Attendance sheet")
    running = f"{title} – {data.course_title}"
    footer = running
    if data.printed_on is not None:
        footer += " · " + _("printed on {date}").format(date=format_date_short(data.printed_on))
    return build_pdf(
        story,
        title=running,
        author=data.office.name,
        subject=f"{data.module_title} – {data.course_title}",
        footer_left=footer,
        pagesize=A4_LANDSCAPE,
        margin=LANDSCAPE_MARGIN,
        running_header=running,
        created=created,
    )
