"""Languages (tags, names, direction), dates, and the plan's PDF title and file name.

The file's metadata and default name carry the case reference, never the survivor's name.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final

from models.reports.catalog import SOURCE_LANGUAGE, available_languages, catalog

RTL_LANGUAGES: Final = frozenset(
    {"ar", "fa", "prs", "ckb", "ur", "ps", "he", "yi", "dv", "sd", "ug", "ks", "pnb"}
)
"""Languages whose plans are laid out right to left (by primary language subtag)."""

# Languages a plan or an interpreter may use that have no catalog of their own: the name in the
# language itself, in a script the bundled fonts cover, and in English.
_OTHER_LANGUAGE_NAMES: Final[dict[str, tuple[str, str]]] = {
    "am": ("አማርኛ", "Amharic"),
    "bg": ("Български", "Bulgarian"),
    "cs": ("Čeština", "Czech"),
    "es": ("Español", "Spanish"),
    "fr": ("Français", "French"),
    "hi": ("हिन्दी", "Hindi"),
    "kmr": ("Kurmancî", "Kurdish (Kurmanji)"),
    "lt": ("Lietuvių", "Lithuanian"),
    "pa": ("ਪੰਜਾਬੀ", "Punjabi"),
    "prs": ("دری", "Dari"),
    "ps": ("پښتو", "Pashto"),
    "pt": ("Português", "Portuguese"),
    "ru": ("Русский", "Russian"),
    "sk": ("Slovenčina", "Slovak"),
    "so": ("Soomaali", "Somali"),
    "tr": ("Türkçe", "Turkish"),
    "uk": ("Українська", "Ukrainian"),
    "ur": ("اردو", "Urdu"),
}
_UNSAFE_IN_FILE_NAME = re.compile(r"[^A-Za-z0-9-]+")


def support_plan_title(case_reference: str) -> str:
    """The PDF title: the case reference, never the survivor's name."""
    return f"Support plan {case_reference}".strip()


def support_plan_file_name(case_reference: str, version_number: int) -> str:
    """``support-plan-WP-2026-0042-v2.pdf``: no personal data in the default file name."""
    reference = _UNSAFE_IN_FILE_NAME.sub("-", case_reference.strip()).strip("-") or "case"
    return f"support-plan-{reference}-v{version_number}.pdf"


def _primary(tag: str) -> str:
    return tag.strip().lower().replace("_", "-").split("-", 1)[0]


def pdf_language_tag(tag: str) -> str:
    """A BCP 47 tag as PDF's /Lang wants it: ``fa_IR`` → ``fa-IR``; empty → ``en``."""
    parts = [p for p in tag.strip().replace("_", "-").split("-") if p]
    if not parts:
        return SOURCE_LANGUAGE
    head = parts[0].lower()
    rest = [p.upper() if len(p) == 2 else p.title() if len(p) == 4 else p for p in parts[1:]]
    return "-".join([head, *rest])


def is_rtl_language(tag: str) -> bool:
    """Whether a plan in ``tag`` is laid out right to left."""
    code = _primary(tag)
    if code in RTL_LANGUAGES:
        return True
    found = catalog(tag)
    return found.code == code and found.direction == "rtl"


def format_date(value: date | None) -> str:
    """Digits only (25/11/2026): no month names to translate, read the same in every script."""
    if value is None:
        return "—"
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def language_names(tag: str) -> tuple[str, str] | None:
    """(the name in the language itself, the name in English), if known."""
    code = _primary(tag)
    for info in available_languages():
        if info.code == code:
            return info.native_name, info.name_in_english
    return _OTHER_LANGUAGE_NAMES.get(code)


def language_label(tag: str, *, rtl: bool) -> str:
    """The language's own name with the English in brackets (English first on a left-to-right
    page, so the line reads in the page's direction)."""
    names = language_names(tag)
    if names is None:
        return tag
    native, english = names
    if native == english:
        return native
    return f"{native} ({english})" if rtl else f"{english} ({native})"
