"""English names of the languages a navigator meets most, by BCP 47 tag.

Shared by the screens and by documents for partners (which name a survivor's languages).
"""

from __future__ import annotations

LANGUAGE_NAMES: dict[str, str] = {
    "en": "English", "sq": "Albanian", "vi": "Vietnamese", "ti": "Tigrinya", "am": "Amharic",
    "ar": "Arabic", "fa": "Farsi", "prs": "Dari", "ckb": "Kurdish (Sorani)",
    "kmr": "Kurdish (Kurmanji)", "ps": "Pashto", "ur": "Urdu", "ro": "Romanian", "pl": "Polish",
    "uk": "Ukrainian", "ru": "Russian", "bg": "Bulgarian", "sk": "Slovak", "cs": "Czech",
    "lt": "Lithuanian", "zh": "Chinese", "hi": "Hindi", "pa": "Punjabi", "bn": "Bengali",
    "ta": "Tamil", "yo": "Yoruba", "ig": "Igbo", "so": "Somali", "fr": "French",
    "pt": "Portuguese", "es": "Spanish", "tr": "Turkish", "th": "Thai", "tl": "Tagalog",
}  # fmt: skip


def language_name(tag: str) -> str:
    return LANGUAGE_NAMES.get(tag, tag)
