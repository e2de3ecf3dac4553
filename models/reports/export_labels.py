"""What each exportable field is called, on the police summary and in the export dialog.

One list for both, so the navigator ticks exactly the words the recipient reads. No reportlab
here: the UI imports it at start-up.
"""

from __future__ import annotations

from typing import Final

from models.enums import ExportField

FIELD_LABELS: Final[dict[ExportField, str]] = {
    ExportField.NAME: "Name",
    ExportField.KNOWN_AS: "Known as",
    ExportField.DATE_OF_BIRTH: "Date of birth or age",
    ExportField.GENDER: "Gender",
    ExportField.NATIONALITY: "Nationality",
    ExportField.LANGUAGES: "Languages and interpreter",
    ExportField.PHONE: "Phone",
    ExportField.EMAIL: "Email",
    ExportField.RECOVERY_SCORES: "Recovery scores and changes",
    ExportField.RECOVERY_TRENDS: "Recovery trend charts",
    ExportField.SUPPORT_GIVEN: "Support given (counts)",
}
