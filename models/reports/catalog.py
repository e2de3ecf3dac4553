"""Translation catalogs for printed documents: gettext ``.po`` files in ``resources/translations``.

The parser reads the small subset of the PO format the catalogs use, and refuses anything
else rather than guess:

- ``msgctxt``, ``msgid`` and ``msgstr``, each followed by any number of ``"..."``
  continuation lines;
- the escapes ``\\\\``, ``\\"``, ``\\n``, ``\\t`` and ``\\r``;
- comments (``#``, ``#.``, ``#:``, ``#|``), flags (``#,``; a ``fuzzy`` entry counts as
  untranslated) and obsolete entries (``#~``, ignored);
- the header entry (``msgid ""``), whose fields say the language, its names and direction, and
  whether a fluent reader has reviewed the catalog.

Plural entries (``msgid_plural``) are refused: the printed plan has none.

A heading from a catalog that no fluent reader has checked comes with the English beside it,
so a survivor and navigator can still tell what each part of the plan is.
"""

from __future__ import annotations

import functools
import re
import string
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Literal

from models.errors import WaypostError

__all__ = [
    "SOURCE_LANGUAGE",
    "Catalog",
    "CatalogError",
    "CatalogInfo",
    "Direction",
    "Heading",
    "PoEntry",
    "available_languages",
    "catalog",
    "load_po_file",
    "parse_po_text",
]

Direction = Literal["ltr", "rtl"]

SOURCE_LANGUAGE = "en"
"""The language of the msgids. Its catalog never prints English beside itself."""

_CODE = re.compile(r"[a-z]{2,3}(?:_[a-z0-9]{2,8})*")
_REVIEWED_VALUES = {"yes": True, "no": False}


class CatalogError(WaypostError):
    """A catalog file breaks the format. The message names the file and line, never content."""


@dataclass(frozen=True, slots=True)
class CatalogInfo:
    code: str
    """The catalog's language code (BCP 47 style, e.g. ``ckb``), as in its file name."""
    name_in_english: str
    native_name: str
    reviewed: bool
    """A fluent reader has checked every entry (always true of the English source)."""
    direction: Direction
    reviewer: str = ""
    """Who reviewed it (name and organisation), empty when unreviewed."""
    review_date: str = ""


@dataclass(frozen=True, slots=True)
class Heading:
    """One fixed text, ready to print.

    ``english`` is the English to print beside ``text``: set only when the catalog has not been
    reviewed and the entry is translated. When an entry is missing or fuzzy, ``text`` is the
    English and ``english`` is None, so nothing is printed twice.
    """

    text: str
    english: str | None = None

    def format(self, **values: object) -> Heading:
        """Fill placeholders such as ``{page}`` in both the text and the English beside it."""
        english = None if self.english is None else self.english.format(**values)
        return Heading(self.text.format(**values), english)


@dataclass(frozen=True, slots=True)
class PoEntry:
    """One entry as written in the file (the header excluded)."""

    context: str | None
    msgid: str
    msgstr: str
    fuzzy: bool
    line: int


class Catalog:
    """The parsed translations of one language."""

    def __init__(self, info: CatalogInfo, entries: dict[tuple[str | None, str], PoEntry]) -> None:
        self.info = info
        self._entries = entries

    def __repr__(self) -> str:
        return f"Catalog({self.info.code!r}, reviewed={self.info.reviewed})"

    @property
    def code(self) -> str:
        return self.info.code

    @property
    def direction(self) -> Direction:
        return self.info.direction

    @property
    def reviewed(self) -> bool:
        return self.info.reviewed

    @property
    def is_source(self) -> bool:
        return self.info.code == SOURCE_LANGUAGE

    def translation(self, msgid: str, *, context: str | None = None) -> str | None:
        """The usable translation, or None when the entry is missing, empty, fuzzy, or has
        lost or gained a ``{placeholder}``."""
        entry = self._entries.get((context, msgid))
        if entry is None or entry.fuzzy or not entry.msgstr:
            return None
        if _placeholders(entry.msgstr) != _placeholders(msgid):
            return None
        return entry.msgstr

    def has_translation(self, msgid: str, *, context: str | None = None) -> bool:
        return self.translation(msgid, context=context) is not None

    def heading(self, msgid: str, *, context: str | None = None) -> Heading:
        text = self.translation(msgid, context=context)
        if text is None:
            return Heading(msgid)
        if self.info.reviewed or self.is_source or text == msgid:
            return Heading(text)
        return Heading(text, msgid)

    def msgids(self) -> frozenset[str]:
        """Every msgid with an entry (translated or not), the header excluded."""
        return frozenset(msgid for _context, msgid in self._entries)

    def entry(self, msgid: str, *, context: str | None = None) -> PoEntry | None:
        """The entry as written, fuzzy or not (for checks); None when there is none."""
        return self._entries.get((context, msgid))


# --- Finding the shipped catalogs -----------------------------------------------------------


def _translations_dir() -> Traversable:
    """The one place catalogs are found: the ``resources`` package, installed or frozen."""
    return files("resources") / "translations"


def _normalise(lang: str) -> str:
    return lang.strip().lower().replace("-", "_")


@functools.cache
def _shipped_codes() -> tuple[str, ...]:
    codes = []
    for node in _translations_dir().iterdir():
        name = node.name
        if name.endswith(".po") and node.is_file():
            codes.append(name[: -len(".po")])
    return tuple(sorted(codes))


@functools.cache
def _load_shipped(code: str) -> Catalog:
    node = _translations_dir() / f"{code}.po"
    try:
        text = node.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogError(f"{code}.po is not UTF-8 (byte {exc.start})") from None
    parsed = parse_po_text(text, origin=f"{code}.po")
    if parsed.code != code:
        raise CatalogError(f"{code}.po says its language is {parsed.code!r}")
    return parsed


@functools.cache
def _available() -> tuple[CatalogInfo, ...]:
    infos = [_load_shipped(code).info for code in _shipped_codes()]
    infos.sort(key=lambda i: (i.code != SOURCE_LANGUAGE, i.name_in_english.casefold()))
    return tuple(infos)


def available_languages() -> list[CatalogInfo]:
    """Every shipped catalog: English first, then by English name."""
    return list(_available())


def catalog(lang: str) -> Catalog:
    """The catalog for ``lang`` (``"ar"``, ``"fa-IR"``, ``"ckb"``...).

    A region is dropped when there is no catalog for it (``fa_IR`` → ``fa``). An unknown or
    malformed code gives the English catalog.
    """
    code = _normalise(lang)
    if _CODE.fullmatch(code):
        shipped = _shipped_codes()
        for candidate in (code, code.split("_", 1)[0]):
            if candidate in shipped:
                return _load_shipped(candidate)
    return _load_shipped(SOURCE_LANGUAGE)


def load_po_file(path: Path) -> Catalog:
    """Parse a catalog from any file (for tests and for a reviewer checking their work)."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogError(f"{path.name} is not UTF-8 (byte {exc.start})") from None
    return parse_po_text(text, origin=path.name)


# --- The parser -----------------------------------------------------------------------------

_ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r"}
_KEYWORDS = ("msgctxt", "msgid", "msgstr")


def _placeholders(text: str) -> frozenset[str]:
    try:
        return frozenset(
            field for _lit, field, _spec, _conv in string.Formatter().parse(text) if field
        )
    except ValueError:
        # An unbalanced brace: make it differ from any well-formed text.
        return frozenset({"\x00malformed"})


def _unquote(token: str, where: str) -> str:
    """The value of one ``"..."`` string literal (the whole of ``token``)."""
    if len(token) < 2 or token[0] != '"' or token[-1] != '"':
        raise CatalogError(f"{where}: expected a string in double quotes")
    out: list[str] = []
    body = token[1:-1]
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            if i + 1 >= len(body):
                raise CatalogError(f"{where}: the string ends with a lone backslash")
            nxt = body[i + 1]
            if nxt not in _ESCAPES:
                raise CatalogError(f"{where}: unsupported escape \\{nxt}")
            out.append(_ESCAPES[nxt])
            i += 2
        elif ch == '"':
            raise CatalogError(f"{where}: unescaped double quote inside a string")
        else:
            out.append(ch)
            i += 1
    return "".join(out)


class _Builder:
    """Collects one entry's parts as lines arrive."""

    def __init__(self) -> None:
        self.parts: dict[str, list[str]] = {}
        self.last: str | None = None
        self.flags: set[str] = set()
        self.line = 0

    @property
    def empty(self) -> bool:
        return not self.parts and not self.flags


def parse_po_text(text: str, *, origin: str = "<string>") -> Catalog:
    """Parse the text of a ``.po`` file. Raises ``CatalogError`` on anything unexpected."""
    text = text.removeprefix("\ufeff")
    entries: dict[tuple[str | None, str], PoEntry] = {}
    header: dict[str, str] | None = None
    current = _Builder()

    def finish(at: int) -> None:
        nonlocal header, current
        if current.empty:
            return
        where = f"{origin}:{current.line or at}"
        if "msgid" not in current.parts:
            raise CatalogError(f"{where}: an entry has no msgid")
        if "msgstr" not in current.parts:
            raise CatalogError(f"{where}: an entry has no msgstr")
        context = "".join(current.parts["msgctxt"]) if "msgctxt" in current.parts else None
        msgid = "".join(current.parts["msgid"])
        msgstr = "".join(current.parts["msgstr"])
        fuzzy = "fuzzy" in current.flags
        if msgid == "" and context is None:
            if header is not None:
                raise CatalogError(f"{where}: a second header entry")
            if entries:
                raise CatalogError(f"{where}: the header must be the first entry")
            header = _parse_header(msgstr, where)
        else:
            if msgid == "":
                raise CatalogError(f"{where}: an empty msgid")
            key = (context, msgid)
            if key in entries:
                raise CatalogError(f"{where}: a duplicate of the entry at line {entries[key].line}")
            entries[key] = PoEntry(context, msgid, msgstr, fuzzy, current.line)
        current = _Builder()

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        where = f"{origin}:{number}"
        if not line:
            if "msgstr" in current.parts:
                finish(number)  # a blank line ends a complete entry
            continue
        if line.startswith("#~"):
            continue  # an obsolete entry
        if line.startswith("#"):
            if "msgstr" in current.parts:
                finish(number)
            elif current.parts:
                raise CatalogError(f"{where}: a comment inside an entry")
            if line.startswith("#,"):
                current.flags.update(f.strip() for f in line[2:].split(",") if f.strip())
                current.line = current.line or number
            continue
        if line.startswith('"'):
            if current.last is None:
                raise CatalogError(f"{where}: a string with no msgid, msgstr or msgctxt before it")
            current.parts[current.last].append(_unquote(line, where))
            continue
        keyword, _, rest = line.partition(" ")
        if '"' in keyword:
            raise CatalogError(f"{where}: expected a space between the keyword and its string")
        if keyword in ("msgid_plural",) or keyword.startswith("msgstr["):
            raise CatalogError(f"{where}: plural entries are not supported")
        if keyword not in _KEYWORDS:
            raise CatalogError(f"{where}: unexpected text (expected msgctxt, msgid or msgstr)")
        if keyword in ("msgctxt", "msgid") and "msgstr" in current.parts:
            finish(number)
        if keyword in current.parts:
            raise CatalogError(f"{where}: a second {keyword} in one entry")
        order = _KEYWORDS.index(keyword)
        if any(_KEYWORDS.index(k) > order for k in current.parts):
            raise CatalogError(f"{where}: {keyword} out of order")
        if keyword == "msgstr" and "msgid" not in current.parts:
            raise CatalogError(f"{where}: msgstr with no msgid before it")
        current.parts[keyword] = [_unquote(rest.strip(), where)]
        current.last = keyword
        current.line = current.line or number
    finish(len(text.splitlines()) + 1)

    if header is None:
        raise CatalogError(f'{origin}: no header entry (msgid "")')
    return Catalog(_info_from_header(header, origin), entries)


def _parse_header(msgstr: str, where: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for raw in msgstr.split("\n"):
        if not raw.strip():
            continue
        name, sep, value = raw.partition(":")
        if not sep or not name.strip():
            raise CatalogError(f"{where}: a header line is not 'Name: value'")
        fields[name.strip()] = value.strip()
    return fields


def _info_from_header(header: dict[str, str], origin: str) -> CatalogInfo:
    def need(name: str) -> str:
        value = header.get(name, "")
        if not value:
            raise CatalogError(f"{origin}: the header has no {name}")
        return value

    content_type = need("Content-Type").lower().replace(" ", "")
    if "charset=utf-8" not in content_type:
        raise CatalogError(f"{origin}: the header's Content-Type must say charset=UTF-8")
    need("Plural-Forms")
    code = _normalise(need("Language"))
    if not _CODE.fullmatch(code):
        raise CatalogError(f"{origin}: the header's Language is not a language code")
    direction = need("X-Waypost-Direction").lower()
    if direction not in ("ltr", "rtl"):
        raise CatalogError(f"{origin}: X-Waypost-Direction must be ltr or rtl")
    reviewed_value = need("X-Waypost-Reviewed").lower()
    if reviewed_value not in _REVIEWED_VALUES:
        raise CatalogError(f"{origin}: X-Waypost-Reviewed must be yes or no")
    reviewed = _REVIEWED_VALUES[reviewed_value]
    reviewer = header.get("X-Waypost-Reviewer", "")
    review_date = header.get("X-Waypost-Review-Date", "")
    if reviewed and code != SOURCE_LANGUAGE and not (reviewer and review_date):
        raise CatalogError(
            f"{origin}: a reviewed catalog must name its reviewer (X-Waypost-Reviewer) and "
            "the date (X-Waypost-Review-Date)"
        )
    return CatalogInfo(
        code=code,
        name_in_english=need("X-Waypost-Language-Name"),
        native_name=need("X-Waypost-Native-Name"),
        reviewed=reviewed or code == SOURCE_LANGUAGE,
        direction="rtl" if direction == "rtl" else "ltr",
        reviewer=reviewer if reviewed else "",
        review_date=review_date if reviewed else "",
    )
