"""The printed support plan: the survivor keeps it, in their own language where we can.

Built from a :class:`~models.dto.PrintablePlanDTO` with reportlab, no Qt and no ``Session``.

- Every piece of text goes through the multi-script text layer (``models.reports.text``), so
  Arabic-script, Ethiopic, Indic and Latin text with diacritics print right, in any mix.
- Fixed texts come from the catalog of the plan's language (``models.reports.catalog``). A
  catalog no fluent reader has checked prints the English under each fixed text, and says so
  once near the top.
- A right-to-left plan (Arabic, Farsi, Sorani, Urdu, Pashto...) is mirrored: text aligns right,
  the labels of a table sit on the right and its columns run from right to left.
- The file's metadata and default name carry the case reference, never the survivor's name.

The parts live in :mod:`models.reports.plan_pdf`; this module is their public face.
"""

from __future__ import annotations

from models.reports.plan_pdf.contacts import HELPLINE_NUMBER
from models.reports.plan_pdf.document import build_support_plan
from models.reports.plan_pdf.naming import (
    RTL_LANGUAGES,
    is_rtl_language,
    pdf_language_tag,
    support_plan_file_name,
    support_plan_title,
)
from models.reports.plan_pdf.pages import PageDecorator as PageDecorator

__all__ = [
    "HELPLINE_NUMBER",
    "RTL_LANGUAGES",
    "build_support_plan",
    "is_rtl_language",
    "pdf_language_tag",
    "support_plan_file_name",
    "support_plan_title",
]
