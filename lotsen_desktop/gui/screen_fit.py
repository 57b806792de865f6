"""Dialogs never larger than the screen, at 1024x768 as at 200 % scaling.

Two parts, used by every dialog: ``ScrollingBody`` holds the fields of a dialog and scrolls them
when the screen is too small (so the dialog's smallest size stays small), and ``FitsScreen``
makes a dialog, when shown, no larger than the free screen area (``available_geometry``, task
bar excluded) and moves it inside that area. The buttons stay outside the scrolling part, so
Speichern and OK are always reachable.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QBoxLayout,
    QFrame,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

#: Height a scrolling body may shrink to (logical px): a few lines of fields stay in view.
MIN_BODY_HEIGHT = 120


class ScrollingBody(QScrollArea):
    """A dialog's fields: as large as they want while the screen has room, scrolling when not."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setWidget(content)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def sizeHint(self) -> QSize:
        content = self.widget()
        if content is None:
            return super().sizeHint()
        hint = content.sizeHint().expandedTo(content.minimumSizeHint())
        frame = 2 * self.frameWidth()
        return QSize(hint.width() + frame, hint.height() + frame)

    def minimumSizeHint(self) -> QSize:
        content = self.widget()
        if content is None:
            return super().minimumSizeHint()
        least = content.minimumSizeHint()
        bar = self.verticalScrollBar().sizeHint().width()
        frame = 2 * self.frameWidth()
        return QSize(least.width() + bar + frame, min(least.height(), MIN_BODY_HEIGHT) + frame)


def screen_limit(window: QWidget) -> QSize:
    """The largest size (without the window frame) a window may have on its screen."""
    from lotsen_desktop.gui.widgets import WINDOW_FRAME, available_geometry

    area = available_geometry(window)
    return QSize(area.width() - WINDOW_FRAME.width(), area.height() - WINDOW_FRAME.height())


def center_over_parent(window: QWidget) -> None:
    """Put ``window`` over the middle of its parent's window (or of the screen)."""
    from lotsen_desktop.gui.widgets import available_geometry

    parent = window.parentWidget()
    anchor = parent.window().frameGeometry() if parent is not None else available_geometry(window)
    window.move(anchor.center() - QPoint(window.width() // 2, window.height() // 2))


def fit_window(window: QWidget) -> None:
    """Shrink ``window`` to the free screen area if it is larger, and move it inside."""
    from lotsen_desktop.gui.widgets import WINDOW_FRAME, available_geometry

    area = available_geometry(window)
    limit = screen_limit(window)
    size = window.size()
    fitted = size.boundedTo(limit).expandedTo(window.minimumSize().boundedTo(limit))
    if fitted != size:
        window.resize(fitted)
        center_over_parent(window)
    frame = window.frameGeometry()
    extra = QSize(max(frame.width() - window.width(), 0), max(frame.height() - window.height(), 0))
    if extra.isNull():
        extra = WINDOW_FRAME
    outer = QRect(frame.topLeft(), window.size() + extra)
    x = min(max(outer.left(), area.left()), area.right() + 1 - outer.width())
    y = min(max(outer.top(), area.top()), area.bottom() + 1 - outer.height())
    if (x, y) != (outer.left(), outer.top()):
        window.move(max(x, area.left()), max(y, area.top()))


class FitsScreen:
    """Mixin for a dialog (before ``QDialog`` in the bases): shown, it fits the screen.

    With ``grow_to_content`` it first grows to what its content asks for (Qt makes a new
    window at most two thirds of the screen, so a form scrolled on a screen with room).
    """

    grow_to_content = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)  # type: ignore[misc]
        widget: Any = self
        if not widget.isWindow():
            return
        if self.grow_to_content and not event.spontaneous():
            wanted = widget.sizeHint().boundedTo(screen_limit(widget))
            grown = widget.size().expandedTo(wanted)
            if grown != widget.size():
                widget.resize(grown)
                center_over_parent(widget)
        fit_window(widget)


def scroll_all_but(window: QWidget, keep: QWidget) -> ScrollingBody:
    """Move everything of ``window``'s vertical layout except ``keep`` (its buttons) into a
    ``ScrollingBody``: for dialogs built whole in Qt Designer."""
    layout = window.layout()
    assert isinstance(layout, QVBoxLayout)
    content = QWidget()
    inner = QVBoxLayout(content)
    inner.setContentsMargins(0, 0, 0, 0)
    index = 0
    while index < layout.count():
        item = layout.itemAt(index)
        if item is not None and item.widget() is keep:
            index += 1
            continue
        taken = layout.takeAt(index)
        if taken is None:
            break
        widget, sub = taken.widget(), taken.layout()
        if widget is not None:
            inner.addWidget(widget)
        elif sub is not None:
            sub.setParent(None)  # type: ignore[call-overload]
            inner.addLayout(sub)
        else:
            inner.addItem(taken)
    body = ScrollingBody(content, window)
    layout.insertWidget(0, body, 1)
    return body


class _Stacker(QObject):
    """Lays a row of columns out top to bottom while the watched widget is narrower than they
    need side by side."""

    def __init__(self, layout: QBoxLayout, watched: QAbstractScrollArea) -> None:
        super().__init__(watched)
        self.columns = layout
        self.watched = watched
        watched.installEventFilter(self)
        content = watched.widget() if isinstance(watched, QScrollArea) else None
        if content is not None:  # its minimum grows when it is polished and filled
            content.installEventFilter(self)

    def side_by_side_width(self) -> int:
        layout = self.columns
        items = [layout.itemAt(i) for i in range(layout.count())]
        widths = [item.minimumSize().width() for item in items if item is not None]
        margins = layout.contentsMargins()
        return (
            sum(widths)
            + max(layout.spacing(), 0) * max(len(widths) - 1, 0)
            + margins.left()
            + margins.right()
        )

    def update(self) -> None:
        room = self.watched.width() - self.watched.verticalScrollBar().sizeHint().width()
        narrow = room < self.side_by_side_width()
        direction = QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.LayoutRequest):
            self.update()
        return False


def stack_when_narrow(columns: QBoxLayout, area: QAbstractScrollArea) -> None:
    """Columns side by side in ``area`` while they fit, one below the other when they do not
    (the settings at 1024x768 kept their right column out of sight)."""
    _Stacker(columns, area).update()


def keep_text_width(*buttons: QAbstractButton) -> None:
    """Buttons that never get narrower than their text (a row squeezes its labels instead)."""
    for button in buttons:
        policy = button.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Minimum)
        button.setSizePolicy(policy)
