"""Rows of a long ordered list of IDs, paged in on demand: a bounded LRU of pages, fetched on the
database worker.

The same pattern as the caseload's ``PageCache`` (``ui/caseload/page_cache.py``), but not tied to
one kind of row: it is given the function that fetches the rows for some IDs and the function
that turns a row into the texts of its cells. Reading a line never blocks: a row whose page is
not cached reads as None and asks for its page once; ``rows_changed`` says when it arrived. An
answer for IDs that were replaced meanwhile is thrown away.
"""

from __future__ import annotations

import itertools
import logging
from array import array
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from shiboken6 import isValid

from ui.operations import GENERIC_FAILURE_MESSAGE, Worker

__all__ = ["Line", "RowPages", "can_submit"]

log = logging.getLogger(__name__)

# At most this many page fetches on the worker at once, and at most this many waiting: pages
# flown past while the scroll bar is dragged are dropped unfetched.
_MAX_IN_FLIGHT = 2
_MAX_WANTED = 8


def can_submit(worker: Worker) -> bool:
    """False once the vault has locked (the table may still be painted once)."""
    return bool(getattr(worker, "running", True))


@dataclass(frozen=True, slots=True)
class Line:
    """One cached row: the DTO (None when the row has gone) and its cell texts."""

    row: Any
    cells: tuple[str, ...]


class _Page:
    __slots__ = ("failed", "lines")

    def __init__(self, lines: list[Line | None], *, failed: bool = False) -> None:
        self.lines = lines
        self.failed = failed  # show placeholders; not fetched again until the next query


class RowPages(QObject):
    """The rows of one ordered list of IDs. Use it on the GUI thread only."""

    rows_changed = Signal(int, int)
    """The first row and the number of rows whose lines arrived: repaint them."""

    def __init__(
        self,
        worker: Worker,
        fetch: Callable[[list[int]], Sequence[Any]],
        to_line: Callable[[Any], Line],
        gone: Line,
        *,
        page_size: int,
        max_pages: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if page_size < 1 or max_pages < 1:
            raise ValueError("page_size and max_pages must be at least 1")
        self._worker = worker
        self._fetch_rows = fetch
        self._to_line = to_line
        self._gone = gone
        self._page_size = page_size
        self._max_pages = max_pages
        self._ids: array[int] = array("q")
        self._pages: OrderedDict[int, _Page] = OrderedDict()  # least recently used first
        self._pending: dict[int, int] = {}  # page -> token of its fetch in flight
        self._wanted: OrderedDict[int, None] = OrderedDict()  # most urgent last
        self._in_flight = 0
        self._tokens = itertools.count(1)
        self.rows_fetched = 0
        """How many rows were fetched page by page since this cache was made (for tests)."""
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(0)
        self._flush_timer.timeout.connect(self._flush)

    @property
    def ids(self) -> array[int]:
        """The IDs in order; ``reset`` replaces them, they never change in place."""
        return self._ids

    @property
    def page_size(self) -> int:
        return self._page_size

    def page_count(self) -> int:
        return len(self._pages)

    def cached_row_count(self) -> int:
        return sum(len(page.lines) for page in self._pages.values())

    def recent_pages(self, count: int) -> list[int]:
        """The ``count`` pages read most recently, the most recent last."""
        return list(self._pages)[-count:]

    def reset(self, ids: array[int], pages: Mapping[int, Sequence[Any]] | None = None) -> None:
        """Hold ``ids`` and the ``pages`` of rows fetched with them; forget everything else."""
        self._ids = ids
        self._pages.clear()
        self._pending.clear()
        self._wanted.clear()
        for number, rows in (pages or {}).items():
            self._store(number, rows)

    def peek(self, row: int) -> Line | None:
        """The row's line if cached, without fetching or touching the LRU order."""
        if not 0 <= row < len(self._ids):
            return None
        page = self._pages.get(row // self._page_size)
        return None if page is None else page.lines[row % self._page_size]

    def line(self, row: int) -> Line | None:
        """The line of ``row`` (in range) if cached, asking for its page otherwise."""
        number, offset = divmod(row, self._page_size)
        page = self._pages.get(number)
        if page is None:
            self._want(number)
            return None
        self._pages.move_to_end(number)
        # Near the edge of a page, ask for the next one before it is needed.
        edge = max(1, self._page_size // 8)
        if offset >= self._page_size - edge:
            following = number + 1
            if following not in self._pages and following * self._page_size < len(self._ids):
                self._want(following, urgent=False)
        elif offset < edge and number > 0 and number - 1 not in self._pages:
            self._want(number - 1, urgent=False)
        return page.lines[offset]

    # --- Fetching ---------------------------------------------------------------------------

    def _want(self, number: int, *, urgent: bool = True) -> None:
        if number in self._pending:
            return
        if number in self._wanted:
            if urgent:
                self._wanted.move_to_end(number)
            return
        self._wanted[number] = None
        if not urgent:
            self._wanted.move_to_end(number, last=False)
        while len(self._wanted) > _MAX_WANTED:
            self._wanted.popitem(last=False)
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def _flush(self) -> None:
        while self._wanted and self._in_flight < _MAX_IN_FLIGHT:
            number, _ = self._wanted.popitem(last=True)
            start = number * self._page_size
            if number in self._pages or start >= len(self._ids):
                continue
            self._fetch(number, self._ids[start : start + self._page_size].tolist())

    def _fetch(self, number: int, ids: list[int]) -> None:
        if not can_submit(self._worker):
            return
        token = next(self._tokens)
        self._pending[number] = token
        self._in_flight += 1
        fetch = self._fetch_rows
        self._worker.submit(
            lambda: fetch(ids),
            lambda rows: self._arrived(number, token, rows),
            lambda error: self._failed(number, token, error),
        )

    def _arrived(self, number: int, token: int, rows: Sequence[Any]) -> None:
        if not isValid(self):
            return
        self._in_flight -= 1
        if self._pending.get(number) == token:
            del self._pending[number]
            self.rows_fetched += len(rows)
            self._store(number, rows)
            self._emit_changed(number)
        if self._wanted and not self._flush_timer.isActive():
            self._flush_timer.start()

    def _failed(self, number: int, token: int, error: BaseException) -> None:
        if not isValid(self):
            return
        self._in_flight -= 1
        if self._pending.get(number) != token:
            return
        del self._pending[number]
        log.error("Fetching a page of rows failed with %s", type(error).__name__)
        self._pages[number] = _Page([None] * self._page_len(number), failed=True)
        self._evict()
        self._worker.failed.emit(GENERIC_FAILURE_MESSAGE)

    # --- Pages ------------------------------------------------------------------------------

    def _page_len(self, number: int) -> int:
        start = number * self._page_size
        return max(0, min(self._page_size, len(self._ids) - start))

    def _store(self, number: int, rows: Sequence[Any]) -> None:
        start = number * self._page_size
        by_id = {row.id: row for row in rows}
        lines: list[Line | None] = []
        for row_id in self._ids[start : start + self._page_size]:
            row = by_id.get(row_id)
            lines.append(self._to_line(row) if row is not None else self._gone)
        self._pages[number] = _Page(lines)
        self._pages.move_to_end(number)
        self._evict()

    def _evict(self) -> None:
        while len(self._pages) > self._max_pages:
            self._pages.popitem(last=False)

    def _emit_changed(self, number: int) -> None:
        length = self._page_len(number)
        if length:
            self.rows_changed.emit(number * self._page_size, length)
