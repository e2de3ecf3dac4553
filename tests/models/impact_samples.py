"""A hand-built impact report matching the programme evaluation's table and shares (no vault)."""

from __future__ import annotations

from datetime import date

from models.dto import ImpactBreakdownDTO, ImpactFigureDTO, ImpactReportDTO

START, END = date(2026, 4, 1), date(2027, 3, 31)


def count(key: str, label: str, value: int | None, rule: str) -> ImpactFigureDTO:
    return ImpactFigureDTO(key, label, value, rule, numerator=value)


def share(key: str, label: str, numerator: int, denominator: int, rule: str) -> ImpactFigureDTO:
    # Rounded half up with integers, as the service does.
    value = None if denominator == 0 else (200 * numerator + denominator) // (2 * denominator)
    return ImpactFigureDTO(key, label, value, rule, numerator, denominator, is_share=True)


FIGURES = (
    count("support_plan_cases", "Support plan cases", 62, "Cases of kind support plan open."),
    count("strategic_advice_cases", "Strategic advice cases", 40, "Cases of kind advice open."),
    count(
        "trained_police",
        "People trained: police and law enforcement",
        648,
        "Attendees of training sessions for police and law enforcement.",
    ),
    count(
        "trained_other",
        "People trained: other stakeholders",
        138,
        "Attendees of training sessions for everyone else.",
    ),
    count("repatriations", "Repatriations supported", 5, "Repatriations completed."),
    count("operations", "Operations attended", 79, "Operations and days of action attended."),
    count(
        "potential_victims_identified",
        "Potential victims identified",
        31,
        "Potential victims identified at operations.",
    ),
    count("strategic_advice_given", "Strategic advice given", 20, "Advice to investigations."),
    count("family_members_supported", "Family members supported", 10, "Family members helped."),
    count("training_sessions", "Training sessions", 24, "Training sessions delivered."),
    count("suspects_arrested", "Suspects arrested", 12, "Arrests in supported cases."),
    count("convictions", "Convictions", 4, "Convictions in supported cases."),
    count("sentence_months", "Combined sentences", 330, "Sentences of the convictions, added."),
    share(
        "police_engagement_share",
        "Survivors engaging with the police",
        50,
        58,
        "Survivors who engaged with a police investigation, of those asked.",
    ),
    share(
        "recovery_improved_survivor_share",
        "Improved recovery, survivor's view",
        40,
        45,
        "Survivors whose own overall score rose, of those assessed twice.",
    ),
    share(
        "recovery_improved_navigator_share",
        "Improved recovery, navigator's view",
        15,
        45,
        "Survivors whose navigator's overall score rose, of those assessed twice.",
    ),
    share(
        "improved_knowledge_share",
        "Trainees reporting improved knowledge",
        0,
        0,
        "Trainees reporting improved knowledge, of those who answered.",
    ),
)

BREAKDOWNS = (
    ImpactBreakdownDTO(
        "operations_by_location",
        "Operations by location",
        (("Airport", 30), ("Brothel", 20), ("Nail bar", 12), ("Car wash", 9), ("Care home", 8)),
    ),
    ImpactBreakdownDTO(
        "training_by_audience",
        "People trained by audience",
        (("Police and law enforcement", 648), ("Other stakeholders", 138)),
    ),
    ImpactBreakdownDTO(
        "cases_by_kind",
        "Cases by kind",
        (("Support plan", 62), ("Strategic advice", 40)),
    ),
)


def evaluation(*, navigator: str | None = None, police_force: str | None = None) -> ImpactReportDTO:
    return ImpactReportDTO(
        period_start=START,
        period_end=END,
        navigator=navigator,
        police_force=police_force,
        generated_on=date(2027, 4, 2),
        figures=FIGURES,
        breakdowns=BREAKDOWNS,
    )
