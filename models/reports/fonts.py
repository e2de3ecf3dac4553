"""The bundled Noto fonts, registered with reportlab once.

The fonts live in the ``resources.fonts`` package and are read with ``importlib.resources``, so
they are found the same way from a source checkout, an installed wheel or a frozen build. They are
under the SIL Open Font License (``resources/fonts/OFL.txt``).

reportlab does not fall back between fonts, so the text layer (``models.reports.text``) picks one
family per run of text. Each family has a regular and a bold face, registered as
``Waypost-<Family>`` and ``Waypost-<Family>-Bold`` (and as a reportlab font family, so ``<b>`` in
an ordinary ``Paragraph`` set in ``Waypost-NotoSans`` works too).

Shaped text draws glyphs that often have no character of their own (Arabic joining forms,
ligatures, reordered Indic vowel signs). :class:`BundledTTFont` gives each (glyph, text) pair a
code of its own and writes the text it stands for into the font's ``ToUnicode`` map, so text
extraction and copy and paste give back the logical text.
"""

from __future__ import annotations

import io
import threading
from enum import StrEnum
from importlib.resources import files
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

__all__ = [
    "FONT_FILES",
    "BundledTTFont",
    "FontFamily",
    "covers",
    "font_bytes",
    "font_name",
    "get_font",
    "register_fonts",
]


class FontFamily(StrEnum):
    """A bundled font family, named after its files."""

    SANS = "NotoSans"  # Latin (with Vietnamese), Cyrillic, Greek
    NASKH_ARABIC = "NotoNaskhArabic"  # Arabic, Farsi, Urdu, Sorani, Pashto
    ETHIOPIC = "NotoSansEthiopic"  # Tigrinya, Amharic
    DEVANAGARI = "NotoSansDevanagari"
    GURMUKHI = "NotoSansGurmukhi"


FONT_FILES: dict[FontFamily, tuple[str, str]] = {
    family: (f"{family.value}-Regular.ttf", f"{family.value}-Bold.ttf") for family in FontFamily
}

# Supplementary Private Use Area-A: far from the codes reportlab itself hands out (U+E000 on).
_FIRST_CODE = 0xF0000
_LAST_CODE = 0xFFFFD

_lock = threading.Lock()
_registered: dict[tuple[FontFamily, bool], BundledTTFont] = {}


def font_bytes(filename: str) -> bytes:
    """The bytes of a bundled font file (or of ``OFL.txt``)."""
    return files("resources").joinpath("fonts", filename).read_bytes()


class BundledTTFont(TTFont):  # type: ignore[misc]  # reportlab has no type hints
    """A TrueType font whose shaped glyphs keep the text they stand for."""

    def __init__(self, name: str, filename: str) -> None:
        data = io.BytesIO(font_bytes(filename))
        data.name = filename  # reportlab names the file in its errors
        super().__init__(name, data)
        self._codes: dict[tuple[int, str], int] = {}
        self._text_of: dict[int, str] = {}
        self._next_code = _FIRST_CODE
        self._code_lock = threading.Lock()

    def code_for(self, glyph: int, text: str, advance: float) -> int:
        """A character code that draws ``glyph`` and extracts as ``text``.

        ``advance`` is the glyph's width in thousandths of the font size, used when the glyph has
        no character of its own. The font's own character is used when the glyph is the plain
        form of ``text``.
        """
        face = self.face
        if len(text) == 1 and face.charToGlyph.get(ord(text)) == glyph:
            return ord(text)
        key = (glyph, text)
        with self._code_lock:
            code = self._codes.get(key)
            if code is not None:
                return code
            if self._next_code > _LAST_CODE:  # pragma: no cover - needs 65,534 distinct pairs
                own = face.glyphToChar.get(glyph)
                return int(own[0]) if own else 0
            code = self._next_code
            self._next_code += 1
            face.charToGlyph[code] = glyph
            face.glyphToChar.setdefault(glyph, []).append(code)
            own = face.glyphToChar[glyph]
            face.charWidths[code] = face.charWidths.get(own[0], advance) if own else advance
            self._codes[key] = code
            self._text_of[code] = text
            return code

    def addObjects(self, doc: Any) -> None:
        """Write the font subsets as reportlab does, then put our texts in their ToUnicode maps."""
        state = self.state.get(doc)
        plan: list[tuple[str, list[int]]] = []
        if state is not None and self._text_of:
            for number, subset in enumerate(state.subsets):
                if any(code in self._text_of for code in subset):
                    internal = self.getSubsetInternalName(number, doc)[1:]
                    plan.append((internal, list(subset)))
        super().addObjects(doc)
        fonts = doc.idToObject["BasicFonts"].dict
        for internal, subset in plan:
            stream = doc.idToObject[fonts[internal].ToUnicode.name]
            stream.content = _to_unicode_cmap(subset, self._text_of)


def _to_unicode_cmap(subset: list[int], text_of: dict[int, str]) -> str:
    entries = []
    for index, code in enumerate(subset):
        text = text_of.get(code, chr(code))
        entries.append(f"<{index:02X}> <{text.encode('utf-16-be').hex().upper()}>")
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Adobe-Identity-UCS def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            "<00> <FF>",
            "endcodespacerange",
            f"{len(entries)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def _registered_name(family: FontFamily, bold: bool) -> str:
    return f"Waypost-{family.value}" + ("-Bold" if bold else "")


def register_fonts() -> None:
    """Register every bundled face with reportlab; later calls do nothing."""
    with _lock:
        if _registered:
            return
        for family, (regular, bold) in FONT_FILES.items():
            faces = {False: regular, True: bold}
            for is_bold, filename in faces.items():
                font = BundledTTFont(_registered_name(family, is_bold), filename)
                pdfmetrics.registerFont(font)
                _registered[(family, is_bold)] = font
            pdfmetrics.registerFontFamily(
                _registered_name(family, False),
                normal=_registered_name(family, False),
                bold=_registered_name(family, True),
                italic=_registered_name(family, False),
                boldItalic=_registered_name(family, True),
            )


def get_font(family: FontFamily, bold: bool = False) -> BundledTTFont:
    """The registered face of ``family``."""
    if (family, bold) not in _registered:
        register_fonts()
    return _registered[(family, bold)]


def font_name(family: FontFamily = FontFamily.SANS, bold: bool = False) -> str:
    """The reportlab font name of a bundled face, registering the fonts if need be."""
    return str(get_font(family, bold).fontName)


def covers(family: FontFamily, char: str) -> bool:
    """Whether ``family`` has a glyph for ``char``."""
    return ord(char) in get_font(family).face.charToGlyph
