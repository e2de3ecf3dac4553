"""Logging set-up for Waypost, with personal data redacted from every record.

Waypost's own log calls name types and counts, never values (see ui/operations.py). This is
the net under that rule, for three things it cannot control:

- third-party libraries (SQLAlchemy logs bound parameters and result rows at INFO/DEBUG, and a
  library's warning can quote a value): their arguments are replaced with "[redacted]" unless
  the logger is on an allow-list of loggers known to log no data;
- tracebacks: an exception's text can quote what a navigator typed (SQLAlchemy's errors print
  the statement's parameters), so a logged traceback keeps its frames but not the exception
  texts;
- a slip in Waypost's own messages: e-mail addresses, phone numbers, UK postcodes and National
  Insurance numbers, dates, long digit runs (passport numbers), quoted text and the home folder
  are replaced in the formatted message.

Case references ("WP-2026-0042") and export references are not personal and are kept: they
are what support needs to find a record.

Logs go to stderr at WARNING; WAYPOST_DEBUG=1 shows DEBUG (still redacted).
"""

from __future__ import annotations

import logging
import os
import re
import sys
import traceback
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Final

REDACTED: Final = "[redacted]"
DEBUG_ENV: Final = "WAYPOST_DEBUG"
HANDLER_NAME: Final = "waypost-stderr"

OWN_LOGGERS: Final = ("desktop", "ui", "models", "waypost", "__main__")
"""Waypost's own loggers: their messages are formatted, then pattern-redacted."""

ALLOWED_THIRD_PARTY: Final = ("alembic.runtime.migration",)
"""Third-party loggers whose arguments are known to hold no data (migration revision names)."""

_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)

# Order matters: e-mail before phone (an address can hold digits), dates before digit runs.
_PATTERNS: Final[tuple[re.Pattern[str], ...]] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        # Quoted text: reprs of values, "invalid literal ...: 'Jane'", SQL literals.
        # Apostrophes inside words ("couldn't", "vault's") are not quotes.
        r"(?:(?<!\w)[bru]|(?<!\w))'[^'\n]+'(?!\w)",
        r'(?:(?<!\w)[bru]|(?<!\w))"[^"\n]+"(?!\w)',
        # E-mail addresses.
        r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
        # UK National Insurance numbers: AB123456C, AB 12 34 56 C.
        r"\b[a-z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[a-d]\b",
        # UK postcodes: SW1A 1AA, M1 1AE, B33 8TH, CR2 6XH.
        r"\b[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}\b",
        # Dates: 03/04/1990, 3.4.90, 1990-04-03, 3 April 1990, April 3, 1990.
        r"(?<![\w-])\d{1,2}[/.]\d{1,2}[/.]\d{2,4}(?![\w-])",
        r"(?<![\w-])(?:1[89]|20)\d{2}-\d{2}-\d{2}(?![\w-])",
        rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{2,4}}\b",
        rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b",
        # International phone numbers: +44 7700 900123, 0044 20 7946 0958, +1 (555) 010-9999.
        r"(?<![\w.-])(?:\+|00)\d{1,3}(?:[\s.-]?\(?\d{1,5}\)?){2,6}(?![\w-])",
        # UK phone numbers: 07700 900123, (020) 7946 0958, 0161-496-0000.
        r"(?<![\w.-])\(?0\d{2,4}\)?[\s.-]?\d{3,4}[\s.-]?\d{3,4}(?![\w-])",
        # Long digit runs: passport, account and card numbers.
        r"(?<![\w-])(?<!\d\.)\d{7,}(?![\w-])",  # not the decimals of a duration
    )
)


def _shorten_home(text: str) -> str:
    # A path under the home folder names the user; the rest of the path helps support.
    home = str(Path.home())
    return text.replace(home, "~") if len(home) > 1 else text


def redact_text(text: str) -> str:
    """``text`` with personal-data-like parts replaced by "[redacted]"."""
    text = _shorten_home(text)
    for pattern in _PATTERNS:
        text = pattern.sub(REDACTED, text)
    return text


def _is_own(name: str) -> bool:
    return name == "root" or any(name == own or name.startswith(own + ".") for own in OWN_LOGGERS)


def _is_allowed(name: str) -> bool:
    return _is_own(name) or any(
        name == allowed or name.startswith(allowed + ".") for allowed in ALLOWED_THIRD_PARTY
    )


def _without_arguments(record: logging.LogRecord) -> str:
    """The message with every argument replaced, keeping the library's wording."""
    args = record.args
    redacted: object
    if isinstance(args, Mapping):
        redacted = {key: REDACTED for key in args}
    elif isinstance(args, tuple):
        redacted = tuple(REDACTED for _ in args)
    else:
        redacted = (REDACTED,)
    try:
        return str(record.msg) % redacted if args else str(record.msg)
    except (TypeError, ValueError, KeyError):
        return REDACTED


def _named(value: object) -> object:
    # An exception's text may quote data; its type says what support needs.
    return _type_name(type(value)) if isinstance(value, BaseException) else value


def _with_exceptions_named(record: logging.LogRecord) -> str:
    """The message as written, but an exception passed as the message or an argument shows
    its type only ("log.error('failed: %s', error)" would otherwise print its text)."""
    msg = _named(record.msg)
    args = record.args
    if isinstance(args, Mapping):
        args = {key: _named(value) for key, value in args.items()}
    elif isinstance(args, tuple):
        args = tuple(_named(value) for value in args)
    try:
        return str(msg) % args if args else str(msg)
    except (TypeError, ValueError, KeyError):
        return str(msg)


_CAUSE = "The above exception was the direct cause of the following exception:"
_CONTEXT = "During handling of the above exception, another exception occurred:"


def _chain(error: BaseException) -> list[tuple[BaseException, str]]:
    """The exception and those it came from, innermost first; each with the note that links it
    to the next one (as Python prints them)."""
    chain = [(error, "")]
    seen = {id(error)}
    current = error
    while True:
        if current.__cause__ is not None:
            following, note = current.__cause__, _CAUSE
        elif current.__context__ is not None and not current.__suppress_context__:
            following, note = current.__context__, _CONTEXT
        else:
            break
        if id(following) in seen:
            break
        seen.add(id(following))
        chain.append((following, note))
        current = following
    chain.reverse()
    return chain


def _type_name(kind: type[BaseException]) -> str:
    module = kind.__module__
    return kind.__qualname__ if module == "builtins" else f"{module}.{kind.__qualname__}"


def format_exception_redacted(error: BaseException, tb: TracebackType | None = None) -> str:
    """A traceback with its frames, but each exception's text left out (it may quote data).

    The frames (file, line, function, source line) are program text, not data, and are what
    support needs; only the home folder in their paths is shortened."""
    parts: list[str] = []
    for exception, note in _chain(error):
        frames = traceback.extract_tb(tb if exception is error and tb else exception.__traceback__)
        if frames:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(traceback.format_list(frames))
        parts.append(f"{_type_name(type(exception))}: {REDACTED}\n")
        if note:
            parts.append(f"\n{note}\n\n")
    return _shorten_home("".join(parts)).rstrip("\n")


class RedactingFilter(logging.Filter):
    """Rewrites each record in place so no handler can see the unredacted text.

    Install it on handlers (a filter on a logger does not see records propagated to it).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_waypost_redacted", False):
            return True  # a record passes every handler; redact it once
        if _is_allowed(record.name):
            message = _with_exceptions_named(record)
        else:
            message = _without_arguments(record)
        record.msg = redact_text(message)
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            _, error, tb = record.exc_info
            record.exc_text = format_exception_redacted(error, tb)
        elif record.exc_text:
            record.exc_text = redact_text(record.exc_text)
        record.exc_info = None
        if record.stack_info:
            record.stack_info = redact_text(record.stack_info)
        setattr(record, "_waypost_redacted", True)  # noqa: B010 - not a LogRecord field
        return True


def _has_redacting_filter(handler: logging.Handler) -> bool:
    return any(isinstance(f, RedactingFilter) for f in handler.filters)


def install_on(handlers: Iterable[logging.Handler]) -> None:
    """Add the redacting filter to each handler that does not have one yet."""
    for handler in handlers:
        if not _has_redacting_filter(handler):
            handler.addFilter(RedactingFilter())


def debug_requested(environ: Mapping[str, str] | None = None) -> bool:
    value = (environ if environ is not None else os.environ).get(DEBUG_ENV, "")
    return value.strip().lower() not in ("", "0", "false", "no", "off")


def configure_logging(environ: Mapping[str, str] | None = None) -> logging.Handler:
    """Log to stderr (WARNING; DEBUG with WAYPOST_DEBUG=1), redacting every handler on root.

    Safe to call more than once: the stderr handler is added once. Returns it.
    """
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if debug_requested(environ) else logging.WARNING)
    handler = next((h for h in root.handlers if h.get_name() == HANDLER_NAME), None)
    if handler is None:
        handler = logging.StreamHandler(sys.stderr)
        handler.set_name(HANDLER_NAME)
        handler.setFormatter(logging.Formatter("waypost %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    install_on(root.handlers)
    return handler


def forward_qt_message(kind: object, _context: object, message: str) -> None:
    """A Qt message handler: Qt's warnings go through logging, so they are redacted and
    levelled like the rest (Qt prints file paths, which can name the user)."""
    from PySide6.QtCore import QtMsgType

    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }
    level = levels.get(kind, logging.WARNING) if isinstance(kind, QtMsgType) else logging.WARNING
    logging.getLogger("waypost.qt").log(level, "%s", message)


def install_qt_message_handler() -> None:
    from PySide6.QtCore import qInstallMessageHandler

    qInstallMessageHandler(forward_qt_message)


def log_unhandled_exception(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None
) -> None:
    """``sys.excepthook`` for the GUI: an exception no code caught (a bug in a slot, say) is
    logged through the redacting handlers, not printed whole to stderr by Python or PySide."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    logging.getLogger("waypost.unhandled").error(
        "Unexpected error (%s)", _type_name(kind), exc_info=(kind, error, tb)
    )


def install_excepthook() -> None:
    sys.excepthook = log_unhandled_exception
