"""Every stored enumeration value has a label a navigator can read, and no two are confused."""

from __future__ import annotations

import inspect
from enum import StrEnum

import models.enums
from models.enums import ConsentScope, ExportField
from ui.labels import LABELS, label

ENUMS = [
    member
    for _, member in inspect.getmembers(models.enums, inspect.isclass)
    if issubclass(member, StrEnum) and member is not StrEnum
]


def test_every_enumeration_value_has_its_own_label() -> None:
    missing = [
        f"{enum.__name__}.{value.name}"
        for enum in ENUMS
        for value in enum
        if (enum, value.value) not in LABELS
    ]
    assert missing == []


def test_equal_values_of_different_enumerations_keep_their_own_labels() -> None:
    # Both are the string "recovery_scores"; the consent tab and the export dialog differ.
    assert ConsentScope.RECOVERY_SCORES == ExportField.RECOVERY_SCORES
    assert label(ConsentScope.RECOVERY_SCORES) == "Recovery scores"
    assert label(ExportField.RECOVERY_SCORES) == "Recovery scores and changes"
