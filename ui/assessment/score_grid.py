"""The score grid of the assessment dialog: one row per recovery domain, built for the keyboard.

Columns: what was scored last time (greyed), the survivor's score, the navigator's score, a
marker where the two views differ, the survivor's note, the navigator's note and the goal.

- In a score cell a digit 1 to 5 sets the score and moves on to the next score (survivor, then
  navigator, then the next domain); Delete or Backspace clears it to "not scored"; Enter moves
  on without changing it. Other keys say what a score can be.
- Tab and Shift+Tab go through the scores, notes and goal row by row, skipping the columns that
  are only shown; Tab after the last goal leaves the grid.
- Typing in a note or goal cell starts writing there (Enter or F2 edits what is there); Tab or
  Enter keeps what was written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from models.dto import AssessmentDTO, DomainScoreDTO
from models.enums import Perspective, RecoveryDomain
from models.rules.assessment_scale import LEVEL_NAMES, SCORES, descriptor
from models.rules.recovery_change import DOMAINS
from ui.assessment.texts import describe_assessment, score_text
from ui.labels import label

__all__ = [
    "COL_GOAL",
    "COL_NAVIGATOR",
    "COL_NAVIGATOR_NOTE",
    "COL_PREVIOUS",
    "COL_SURVIVOR",
    "COL_SURVIVOR_NOTE",
    "COL_VIEWS",
    "SCORE_HINT",
    "ScoreGrid",
]

(
    COL_PREVIOUS,
    COL_SURVIVOR,
    COL_NAVIGATOR,
    COL_VIEWS,
    COL_SURVIVOR_NOTE,
    COL_NAVIGATOR_NOTE,
    COL_GOAL,
) = range(7)
HEADERS = (
    "Last time (S / N)",
    "Survivor's score",
    "Navigator's score",
    "Views",
    "Survivor's note",
    "Navigator's note",
    "Goal",
)
SCORE_COLUMNS = {COL_SURVIVOR: Perspective.SURVIVOR, COL_NAVIGATOR: Perspective.NAVIGATOR}
NOTE_COLUMNS = (COL_SURVIVOR_NOTE, COL_NAVIGATOR_NOTE, COL_GOAL)
TAB_COLUMNS = (COL_SURVIVOR, COL_NAVIGATOR, *NOTE_COLUMNS)
SCORE_HINT = "A score is a number from 1 (crisis) to 5 (thriving). Delete clears it."
DIFFER_TEXT = "≠ differ"

_SCORE_ROLE = Qt.ItemDataRole.UserRole
_GREY = QColor("#6B7380")
_DIFFER = QColor("#7A1F17")
_PROBLEM_BACKGROUND = QColor("#FDECEA")
_EDITABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
_SELECTABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_SHOWN_ONLY = Qt.ItemFlag.ItemIsEnabled
_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


class ScoreGrid(QTableWidget):
    """``changed`` fires after any score, note or goal changes; ``hint`` carries a short
    message for a key that means nothing in the cell (a 7 in a score, say)."""

    changed = Signal()
    hint = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(len(DOMAINS), len(HEADERS), parent)
        self.setObjectName("scoreGrid")
        self.setAccessibleName("Scores, notes and goals, one row per domain")
        self.setHorizontalHeaderLabels(HEADERS)
        self.setVerticalHeaderLabels([label(d) for d in DOMAINS])
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setTabKeyNavigation(True)
        self.setWordWrap(False)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setStyleSheet(
            "QTableWidget#scoreGrid::item:focus { border: 2px solid #2F5C9A; }"
            "QTableWidget#scoreGrid QHeaderView::section:vertical { font-weight: bold; }"
        )
        header = self.horizontalHeader()
        for column in (COL_PREVIOUS, COL_SURVIVOR, COL_NAVIGATOR, COL_VIEWS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in NOTE_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(70)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._filling = False
        self._locked = False
        self._fill(tuple(DomainScoreDTO(domain=d) for d in DOMAINS))
        self.set_previous(None)
        self.itemChanged.connect(self._on_item_changed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        rows_height = self.verticalHeader().defaultSectionSize() * len(DOMAINS)
        self.setFixedHeight(rows_height + header.sizeHint().height() + 2 * self.frameWidth())

    # -- public API ---------------------------------------------------------------------------

    def set_entries(self, entries: Sequence[DomainScoreDTO]) -> None:
        by_domain = {e.domain: e for e in entries}
        self._fill(tuple(by_domain.get(d, DomainScoreDTO(domain=d)) for d in DOMAINS))

    def entries(self) -> tuple[DomainScoreDTO, ...]:
        return tuple(
            DomainScoreDTO(
                domain=domain,
                survivor_score=self.score(domain, Perspective.SURVIVOR),
                navigator_score=self.score(domain, Perspective.NAVIGATOR),
                survivor_note=self._text(row, COL_SURVIVOR_NOTE),
                navigator_note=self._text(row, COL_NAVIGATOR_NOTE),
                goal=self._text(row, COL_GOAL),
            )
            for row, domain in enumerate(DOMAINS)
        )

    def score(self, domain: RecoveryDomain, perspective: Perspective) -> int | None:
        column = COL_SURVIVOR if perspective is Perspective.SURVIVOR else COL_NAVIGATOR
        item = self.item(DOMAINS.index(domain), column)
        value = item.data(_SCORE_ROLE) if item is not None else None
        return value if isinstance(value, int) else None

    def set_score(
        self, domain: RecoveryDomain, perspective: Perspective, score: int | None
    ) -> None:
        row = DOMAINS.index(domain)
        column = COL_SURVIVOR if perspective is Perspective.SURVIVOR else COL_NAVIGATOR
        self._set_score_item(row, column, score)
        self._update_views(row)
        if not self._filling:
            self.changed.emit()

    def set_previous(self, previous: AssessmentDTO | None) -> None:
        """Show ``previous``'s scores greyed beside each row, or hide the column."""
        self.setColumnHidden(COL_PREVIOUS, previous is None)
        for row, domain in enumerate(DOMAINS):
            if previous is None:
                self._set_item(row, COL_PREVIOUS, "", _SHOWN_ONLY)
                continue
            survivor = previous.score(domain, Perspective.SURVIVOR)
            navigator = previous.score(domain, Perspective.NAVIGATOR)
            text = f"was {_digit(survivor)} / {_digit(navigator)}"
            item = self._set_item(row, COL_PREVIOUS, text, _SHOWN_ONLY)
            item.setForeground(QBrush(_GREY))
            item.setToolTip(
                f"At the {describe_assessment(previous)}: survivor {score_text(survivor)}, "
                f"navigator {score_text(navigator)}"
            )
            item.setData(Qt.ItemDataRole.AccessibleTextRole, item.toolTip())

    def previous_texts(self) -> list[str]:
        return [self._text(row, COL_PREVIOUS) for row in range(len(DOMAINS))]

    def views_texts(self) -> list[str]:
        return [self._text(row, COL_VIEWS) for row in range(len(DOMAINS))]

    def current_domain(self) -> RecoveryDomain:
        return DOMAINS[max(self.currentRow(), 0)]

    def current_perspective(self) -> Perspective | None:
        """The view the cell under the cursor belongs to (its score or note), if any."""
        column = self.currentColumn()
        if column in (COL_SURVIVOR, COL_SURVIVOR_NOTE):
            return Perspective.SURVIVOR
        if column in (COL_NAVIGATOR, COL_NAVIGATOR_NOTE):
            return Perspective.NAVIGATOR
        return None

    def go_to(self, domain: RecoveryDomain, column: int) -> None:
        self.setCurrentCell(DOMAINS.index(domain), column)

    def mark_problems(self, domains: Iterable[RecoveryDomain]) -> None:
        marked = set(domains)
        for row, domain in enumerate(DOMAINS):
            problem = domain in marked
            header = self.verticalHeaderItem(row)
            if header is not None:
                header.setText(("⚠ " if problem else "") + label(domain))
            for column in TAB_COLUMNS:
                item = self.item(row, column)
                if item is not None:
                    item.setBackground(
                        QBrush(_PROBLEM_BACKGROUND) if problem else QBrush(Qt.BrushStyle.NoBrush)
                    )

    def set_locked(self, locked: bool) -> None:
        """While saving, nothing in the grid can change under the save."""
        self._locked = locked
        if locked and self.state() == QAbstractItemView.State.EditingState:
            self.setCurrentIndex(self.currentIndex())  # commits the open editor
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers
            if locked
            else QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )

    # -- keyboard -----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        column = index.column()
        editing = self.state() == QAbstractItemView.State.EditingState
        plain = not (event.modifiers() & _COMMAND_MODIFIERS)
        key = event.key()
        if index.isValid() and column in SCORE_COLUMNS and not editing and plain:
            text = event.text()
            if text and text in "12345" and len(text) == 1:
                if not self._locked:
                    self._set_score_at(index.row(), column, int(text))
                    self._advance_score(index.row(), column)
                event.accept()
                return
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                if not self._locked:
                    self._set_score_at(index.row(), column, None)
                event.accept()
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._advance_score(index.row(), column)
                event.accept()
                return
            if text and text.isprintable() and not text.isspace():
                self.hint.emit(SCORE_HINT)
                event.accept()
                return
        if (
            index.isValid()
            and column in NOTE_COLUMNS
            and not editing
            and plain
            and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not self._locked
        ):
            self.edit(index)
            event.accept()
            return
        super().keyPressEvent(event)

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        action = QAbstractItemView.CursorAction
        current = self.currentIndex()
        row = max(current.row(), 0)
        column = current.column() if current.isValid() else -1
        if cursorAction in (action.MoveNext, action.MovePrevious):
            order = [(r, c) for r in range(len(DOMAINS)) for c in TAB_COLUMNS]
            forward = cursorAction == action.MoveNext
            here = (row, column)
            candidates = (
                [cell for cell in order if cell > here]
                if forward
                else [cell for cell in order if cell < here]
            )
            if not candidates:
                return QModelIndex()  # Tab leaves the grid
            target = candidates[0] if forward else candidates[-1]
            return self.model().index(*target)
        if cursorAction in (action.MoveLeft, action.MoveRight, action.MoveHome, action.MoveEnd):
            columns = list(TAB_COLUMNS)
            if cursorAction == action.MoveHome:
                return self.model().index(row, columns[0])
            if cursorAction == action.MoveEnd:
                return self.model().index(row, columns[-1])
            if cursorAction == action.MoveRight:
                later = [c for c in columns if c > column]
                return self.model().index(row, later[0]) if later else current
            earlier = [c for c in columns if c < column]
            return self.model().index(row, earlier[-1]) if earlier else current
        return super().moveCursor(cursorAction, modifiers)

    def focusInEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: ANN001
        if self.currentColumn() not in TAB_COLUMNS:
            self.setCurrentCell(max(self.currentRow(), 0), COL_SURVIVOR)
        super().focusInEvent(event)

    # -- internals ----------------------------------------------------------------------------

    def _advance_score(self, row: int, column: int) -> None:
        if column == COL_SURVIVOR:
            self.setCurrentCell(row, COL_NAVIGATOR)
        elif row + 1 < len(DOMAINS):
            self.setCurrentCell(row + 1, COL_SURVIVOR)

    def _set_score_at(self, row: int, column: int, score: int | None) -> None:
        self.set_score(DOMAINS[row], SCORE_COLUMNS[column], score)
        self.viewport().update()

    def _fill(self, entries: Sequence[DomainScoreDTO]) -> None:
        self._filling = True
        try:
            for row, entry in enumerate(entries):
                self._set_score_item(row, COL_SURVIVOR, entry.survivor_score)
                self._set_score_item(row, COL_NAVIGATOR, entry.navigator_score)
                for column, text in (
                    (COL_SURVIVOR_NOTE, entry.survivor_note),
                    (COL_NAVIGATOR_NOTE, entry.navigator_note),
                    (COL_GOAL, entry.goal),
                ):
                    item = self._set_item(row, column, text, _EDITABLE)
                    item.setToolTip(text)
                self._update_views(row)
        finally:
            self._filling = False
        self.setCurrentCell(0, COL_SURVIVOR)

    def _set_item(self, row: int, column: int, text: str, flags: Qt.ItemFlag) -> QTableWidgetItem:
        item = self.item(row, column)
        if item is None:
            item = QTableWidgetItem()
            self.setItem(row, column, item)
        item.setFlags(flags)
        item.setText(text)
        return item

    def _set_score_item(self, row: int, column: int, score: int | None) -> None:
        domain = DOMAINS[row]
        whose = "Survivor's" if column == COL_SURVIVOR else "Navigator's"
        was = self._filling
        self._filling = True
        try:
            item = self._set_item(row, column, score_text(score), _SELECTABLE)
            item.setData(_SCORE_ROLE, score)
            if score is None:
                item.setForeground(QBrush(_GREY))
                tip = f"{whose} score for {label(domain).lower()}: not scored. Type 1 to 5."
            else:
                item.setForeground(QBrush())
                tip = (
                    f"{whose} score for {label(domain).lower()}: {score} {LEVEL_NAMES[score]}. "
                    f"{descriptor(domain, score)}"
                )
            item.setToolTip(tip)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, tip)
        finally:
            self._filling = was

    def _update_views(self, row: int) -> None:
        survivor = self._score_at(row, COL_SURVIVOR)
        navigator = self._score_at(row, COL_NAVIGATOR)
        differ = survivor is not None and navigator is not None and survivor != navigator
        was = self._filling
        self._filling = True
        try:
            item = self._set_item(row, COL_VIEWS, DIFFER_TEXT if differ else "", _SHOWN_ONLY)
            item.setForeground(QBrush(_DIFFER))
            font = item.font()
            font.setBold(differ)
            item.setFont(font)
            item.setToolTip(
                f"The survivor scores {survivor}, the navigator {navigator}. Both views are kept; "
                "they are never averaged."
                if differ
                else ""
            )
        finally:
            self._filling = was

    def _score_at(self, row: int, column: int) -> int | None:
        item = self.item(row, column)
        value = item.data(_SCORE_ROLE) if item is not None else None
        return value if isinstance(value, int) and value in SCORES else None

    def _text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text() if item is not None else ""

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        if item.column() in NOTE_COLUMNS:
            self._filling = True
            try:
                item.setToolTip(item.text())
            finally:
                self._filling = False
            self.changed.emit()


def _digit(score: int | None) -> str:
    return "—" if score is None else str(score)
