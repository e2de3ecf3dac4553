"""A plain-text copy of a plan's content, for the clipboard when a save was refused."""

from __future__ import annotations

from models.dto import PlanDraftDTO
from models.enums import RecoveryDomain
from ui.case.formatting import format_date
from ui.labels import label, language_name

__all__ = ["COPIED_TEXT", "plan_as_text"]

COPIED_TEXT = (
    "Your edits are on the clipboard. Paste them somewhere safe before you reload, and clear "
    "the clipboard afterwards."
)


def plan_as_text(reference: str, content: PlanDraftDTO) -> str:
    lines = [f"Support plan for {reference}: edits that were not saved", ""]
    lines.append(f"Plan language: {language_name(content.language)}")
    if content.interpreter_language or content.interpreter_name_or_agency.strip():
        who = content.interpreter_name_or_agency.strip()
        lines.append(
            f"Interpreter: {language_name(content.interpreter_language)}"
            + (f", {who}" if who else "")
        )
    for title, text in (
        ("Survivor's priorities", content.survivor_priorities),
        ("Safety plan", content.safety_plan),
    ):
        lines += ["", f"{title}:", text.strip() or "(empty)"]
    for domain in RecoveryDomain:
        goals = [goal for goal in content.goals if goal.domain == domain]
        if not goals:
            continue
        lines += ["", label(domain)]
        for number, goal in enumerate(goals, start=1):
            lines.append(f"  Goal {number}: {goal.survivor_words.strip() or '(no words yet)'}")
            if goal.review_date is not None:
                lines.append(f"    Review date: {format_date(goal.review_date)}")
            for action in goal.actions:
                parts = [action.what.strip() or "(no description)"]
                if action.who.strip():
                    parts.append(action.who.strip())
                if action.by_when is not None:
                    parts.append(f"by {format_date(action.by_when)}")
                parts.append(label(action.status).lower())
                lines.append("    Action: " + " — ".join(parts))
    return "\n".join(lines) + "\n"
