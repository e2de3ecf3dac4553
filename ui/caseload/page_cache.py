"""The caseload's rows, paged in on demand: a bounded LRU of fetched pages, and fetches in flight.

The cache holds one query's case IDs in order and fetches their rows a page at a time on the
database worker, keeping at most ``max_pages`` pages. Reading a line never blocks: a row whose
page is not cached reads as None and asks for its page once, and ``rows_changed`` tells the model
when the page has arrived. A fetch whose IDs were replaced or whose cases changed meanwhile is
thrown away when it arrives late.
"""

from __future__ import annotations

import itertools
import logging
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from shiboken6 import isValid

from models.dto import CaseRow
from ui.caseload.columns import GONE_LINE, Line, line_of
from ui.operations import GENERIC_FAILURE_MESSAGE, Worker

if TYPE_CHECKING:
    from models.services.facade import Services

__all__ = ["PageCache", "can_submit"]

log = logging.getLogger(__name__)

# Page requests: at most this many on the worker at once, and at most this many waiting. When a
# navigator drags the scroll bar from top to bottom, the pages flown past are dropped unfetched.
_MAX_IN_FLIGHT = 2
_MAX_WANTED = 8


def can_submit(worker: Worker) -> bool:
    # After the vault locks the worker is gone, but the table may still be painted once.
    return bool(getattr(worker, "running", True))


class _Page:
    __slots__ = ("failed", "lines", "stale")

    def __init__(self, lines: list[Line | None], *, failed: bool = False) -> None:
        self.lines = lines
        self.stale = False  # shown as it is, but fetched again when next painted
        self.failed = failed  # the fetch failed: show placeholders, do not retry until a requery


class PageCache(QObject):
    """The rows of one ordered list of case IDs. Use it on the GUI thread only."""

    rows_changed = Signal(int, int)
    """The first row and the number of rows whose lines arrived or went stale: repaint them."""

    def __init__(
        self,
        services: Services,
        worker: Worker,
        *,
        page_size: int,
        max_pages: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._worker = worker
        self._page_size = page_size
        self._max_pages = max_pages

        self._ids: array[int] = array("q")
        self._pages: OrderedDict[int, _Page] = OrderedDict()  # least recently used first
        self._pending: dict[int, int] = {}  # page -> token of the fetch in flight
        self._wanted: OrderedDict[int, None] = OrderedDict()  # most urgent last
        self._in_flight = 0
        self._tokens = itertools.count(1)
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(0)
        self._flush_timer.timeout.connect(self._flush)

    @property
    def ids(self) -> array[int]:
        """The case IDs in order, one a row. ``reset`` replaces them; they never change in place."""
        return self._ids

    def page_count(self) -> int:
        """How many pages are cached."""
        return len(self._pages)

    def recent_pages(self, count: int) -> list[int]:
        """The numbers of the ``count`` pages read most recently, the most recent last."""
        return list(self._pages)[-count:]

    def reset(self, ids: array[int], pages: Mapping[int, Sequence[CaseRow]] | None = None) -> None:
        """Hold ``ids`` and the ``pages`` of rows fetched with them, forgetting everything else.

        Fetches still on their way are dropped when they arrive.
        """
        self._ids = ids
        self._pages.clear()
        self._pending.clear()
        self._wanted.clear()
        for number, rows in (pages or {}).items():
            self._store_page(number, rows)

    def peek(self, row: int) -> Line | None:
        """The row's line if its page is cached, without fetching anything or touching the LRU."""
        page = self._pages.get(row // self._page_size) if 0 <= row < len(self._ids) else None
        if page is None:
            return None
        return page.lines[row % self._page_size]

    def line(self, row: int) -> Line | None:
        """The line of ``row`` (in range) if its page is cached, asking for the page otherwise."""
        number, offset = divmod(row, self._page_size)
        page = self._pages.get(number)
        if page is None:
            self._want(number)
            return None
        self._pages.move_to_end(number)
        if page.stale:
            self._want(number)
        # Near the edge of a page, fetch the next one before it is needed.
        edge = max(1, self._page_size // 8)
        if offset >= self._page_size - edge:
            if number + 1 not in self._pages and (number + 1) * self._page_size < len(self._ids):
                self._want(number + 1, urgent=False)
        elif offset < edge and number > 0 and number - 1 not in self._pages:
            self._want(number - 1, urgent=False)
        return page.lines[offset]

    def invalidate(self, case_ids: Iterable[int]) -> None:
        """Fetch again the pages showing these cases; the rows keep showing until then."""
        changed = frozenset(case_ids)
        if not changed or not self._ids:
            return
        touched: list[int] = []
        for number, page in self._pages.items():
            start = number * self._page_size
            if any(i in changed for i in self._ids[start : start + len(page.lines)]):
                page.stale = True
                page.failed = False
                touched.append(number)
        for number in list(self._pending):
            start = number * self._page_size
            if any(i in changed for i in self._ids[start : start + self._page_size]):
                # Its answer may predate the change: drop it when it comes.
                del self._pending[number]
                touched.append(number)
        # Repainting makes the view ask for the visible ones again; the others wait until seen.
        for number in touched:
            self._emit_page_changed(number)

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
            cached = self._pages.get(number)
            if cached is not None and (cached.failed or not cached.stale):
                continue
            start = number * self._page_size
            if start >= len(self._ids):
                continue
            self._fetch(number, self._ids[start : start + self._page_size].tolist())

    def _fetch(self, number: int, ids: list[int]) -> None:
        if not can_submit(self._worker):
            return
        token = next(self._tokens)
        self._pending[number] = token
        self._in_flight += 1
        services = self._services
        self._worker.submit(
            lambda: services.caseload_rows(ids),
            lambda rows: self._page_arrived(number, token, rows),
            lambda error: self._page_failed(number, token, error),
        )

    def _page_arrived(self, number: int, token: int, rows: list[CaseRow]) -> None:
        if not isValid(self):
            return
        self._in_flight -= 1
        if self._pending.get(number) == token:
            del self._pending[number]
            self._store_page(number, rows)
            self._emit_page_changed(number)
        if self._wanted and not self._flush_timer.isActive():
            self._flush_timer.start()

    def _page_failed(self, number: int, token: int, error: BaseException) -> None:
        if not isValid(self):
            return
        self._in_flight -= 1
        if self._pending.get(number) != token:
            return
        del self._pending[number]
        log.error("Fetching caseload rows failed with %s", type(error).__name__)
        cached = self._pages.get(number)
        if cached is not None:
            cached.stale = False  # keep showing what was there
        else:
            self._pages[number] = _Page([None] * self._page_len(number), failed=True)
            self._evict()
        self._worker.failed.emit(GENERIC_FAILURE_MESSAGE)

    # --- Pages ------------------------------------------------------------------------------

    def _page_len(self, number: int) -> int:
        start = number * self._page_size
        return max(0, min(self._page_size, len(self._ids) - start))

    def _store_page(self, number: int, rows: Sequence[CaseRow]) -> None:
        start = number * self._page_size
        by_id = {row.id: row for row in rows}
        lines: list[Line | None] = []
        for case_id in self._ids[start : start + self._page_size]:
            row = by_id.get(case_id)
            lines.append(line_of(row) if row is not None else GONE_LINE)
        self._pages[number] = _Page(lines)
        self._pages.move_to_end(number)
        self._evict()

    def _evict(self) -> None:
        while len(self._pages) > self._max_pages:
            self._pages.popitem(last=False)

    def _emit_page_changed(self, number: int) -> None:
        length = self._page_len(number)
        if length:
            self.rows_changed.emit(number * self._page_size, length)
