"""The programme's impact figures for a period: pure functions over plain facts.

Every figure covers a period [start, end], both days included, optionally narrowed to one
navigator (a case's owner, or the navigator who recorded an activity) or one police force (a
case's force, or an activity's force; repatriations and strategic advice take their case's
force). Each figure carries the one sentence saying what counts (``RULES``), and each selector
below is shared by the figure and by the list of records behind it, so the two always agree.

Shares are whole percentages rounded half up with integer arithmetic (never a float), with
their numerator and denominator; with a denominator of 0 the share is None, not 0%.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from models.dto import (
    ImpactBreakdownDTO,
    ImpactFigureDTO,
    ImpactRecordDTO,
)
from models.enums import (
    CaseKind,
    CourtEventKind,
    DefendantOutcome,
    OperationLocation,
    Perspective,
    PoliceEngagement,
    TrainingAudience,
)
from models.rules.countries import country_name
from models.rules.date_text import format_date
from models.rules.recovery_change import AssessmentTotals, totals_improved

# --- The facts the rules read --------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    navigator: str | None = None
    police_force: str | None = None

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end

    def allows(self, navigator: str, police_force: str) -> bool:
        if self.navigator is not None and navigator != self.navigator:
            return False
        return self.police_force is None or police_force == self.police_force


@dataclass(frozen=True)
class CaseFact:
    id: int
    reference: str
    kind: CaseKind
    owner: str
    police_force: str
    opened_on: date
    closed_on: date | None
    # (effective_on, engagement) in the order recorded; the case's creation is the first.
    engagement_history: tuple[tuple[date, PoliceEngagement], ...] = ()
    assessments: tuple[AssessmentTotals, ...] = ()


@dataclass(frozen=True)
class OperationFact:
    id: int
    held_on: date
    location_kind: OperationLocation
    lead_agency: str
    potential_victims_identified: int
    arrests: int
    police_force: str
    navigator: str


@dataclass(frozen=True)
class TrainingFact:
    id: int
    held_on: date
    audience: TrainingAudience
    organisation: str
    number_trained: int
    number_reporting_improved_knowledge: int
    police_force: str
    navigator: str


@dataclass(frozen=True)
class AdviceFact:
    id: int
    given_on: date
    case_id: int
    arrests: int
    navigator: str


@dataclass(frozen=True)
class RepatriationFact:
    id: int
    repatriated_on: date
    country: str
    partner_organisation: str
    case_id: int
    navigator: str


@dataclass(frozen=True)
class FamilyFact:
    id: int
    case_id: int
    supported_from: date
    count: int


@dataclass(frozen=True)
class ConvictionFact:
    """One defendant of a court case, with the court case's events and linked cases."""

    defendant_id: int
    defendant_label: str
    outcome: DefendantOutcome
    sentence_months: int | None
    # (kind, actual_on) of the court case's events that happened.
    events: tuple[tuple[CourtEventKind, date | None], ...]
    case_ids: tuple[int, ...]


@dataclass(frozen=True)
class ImpactFacts:
    cases: tuple[CaseFact, ...] = ()
    operations: tuple[OperationFact, ...] = ()
    training: tuple[TrainingFact, ...] = ()
    advice: tuple[AdviceFact, ...] = ()
    repatriations: tuple[RepatriationFact, ...] = ()
    family: tuple[FamilyFact, ...] = ()
    defendants: tuple[ConvictionFact, ...] = ()
    case_by_id: dict[int, CaseFact] = field(default_factory=dict)

    def case(self, case_id: int) -> CaseFact | None:
        if not self.case_by_id and self.cases:
            self.case_by_id.update({c.id: c for c in self.cases})
        return self.case_by_id.get(case_id)


@dataclass(frozen=True)
class CaseTallies:
    """What the figures need from the cases counted in a period, as numbers. ``case_tallies``
    below is the rule; the impact report gets the same numbers from one SQL query instead of
    loading every case's history (models/services/impact_tallies.py, tested equal to this)."""

    counted_ids: frozenset[int]
    by_kind: dict[CaseKind, int]
    # (engaged, asked) among support plan cases.
    engagement: tuple[int, int]
    # Per perspective: (improved, known) among support plan cases.
    recovery: dict[Perspective, tuple[int, int]]


# --- The figures: labels and rules ---------------------------------------------------------------

LABELS: dict[str, str] = {
    "support_plan_cases": "Support plan cases",
    "strategic_advice_cases": "Strategic advice cases",
    "police_engagement_share": "Survivors engaging with police",
    "recovery_improved_survivor_share": "Recovery improved (survivor's view)",
    "recovery_improved_navigator_share": "Recovery improved (navigator's view)",
    "family_members_supported": "Family members supported",
    "repatriations": "Repatriations",
    "strategic_advice_given": "Strategic advice given",
    "operations": "Operations supported",
    "potential_victims_identified": "Potential victims identified at operations",
    "suspects_arrested": "Suspects arrested",
    "convictions": "Defendants convicted",
    "sentence_months": "Combined sentences",
    "training_sessions": "Training sessions",
    "trained_police": "Police and law enforcement trained",
    "trained_other": "Other stakeholders trained",
    "improved_knowledge_share": "Trainees reporting improved knowledge",
}

_OPEN = (
    "opened on or before the period's last day and not closed before its first day "
    "(closed on the first day still counts)"
)

RULES: dict[str, str] = {
    "support_plan_cases": f"Support plan cases open at any time in the period: {_OPEN}.",
    "strategic_advice_cases": f"Strategic advice cases open at any time in the period: {_OPEN}.",
    "police_engagement_share": (
        "Of the support plan cases counted in the period whose survivor had been asked about "
        "police engagement by the period's last day (any recorded engagement other than "
        "'not yet asked' dated on or before it), the share recorded as engaged at any time up "
        "to that day."
    ),
    "recovery_improved_survivor_share": (
        "Of the support plan cases counted in the period with an intake and a later "
        "assessment dated on or before the period's last day, both complete in the "
        "survivor's own scores, the share whose latest overall score is above the intake's."
    ),
    "recovery_improved_navigator_share": (
        "Of the support plan cases counted in the period with an intake and a later "
        "assessment dated on or before the period's last day, both complete in the "
        "navigator's scores, the share whose latest overall score is above the intake's."
    ),
    "family_members_supported": (
        "Family members supported from on or before the period's last day, on cases counted "
        "in the period."
    ),
    "repatriations": "Repatriations that took place in the period.",
    "strategic_advice_given": "Strategic advice records dated in the period.",
    "operations": "Operations held in the period.",
    "potential_victims_identified": (
        "Potential victims identified at the operations held in the period."
    ),
    "suspects_arrested": (
        "Suspects arrested at operations held in the period plus suspects reported arrested "
        "with strategic advice given in the period."
    ),
    "convictions": (
        "Defendants convicted, on court cases linked to cases counted in the period, whose "
        "verdict (or, with no verdict date, sentencing) happened in the period."
    ),
    "sentence_months": (
        "The sentences, in months, of the defendants counted as convicted in the period."
    ),
    "training_sessions": "Training sessions held in the period.",
    "trained_police": "People trained at police and law enforcement sessions held in the period.",
    "trained_other": "People trained at other stakeholders' sessions held in the period.",
    "improved_knowledge_share": (
        "Of everyone trained at sessions held in the period, the share reporting improved "
        "knowledge."
    ),
}

SHARE_KEYS = frozenset(
    {
        "police_engagement_share",
        "recovery_improved_survivor_share",
        "recovery_improved_navigator_share",
        "improved_knowledge_share",
    }
)

KEYS: tuple[str, ...] = tuple(LABELS)

LOCATION_LABELS: dict[OperationLocation, str] = {
    OperationLocation.AIRPORT: "Airport",
    OperationLocation.PORT: "Port",
    OperationLocation.BROTHEL: "Brothel",
    OperationLocation.NAIL_BAR: "Nail bar",
    OperationLocation.CAR_WASH: "Car wash",
    OperationLocation.CARE_HOME: "Care home",
    OperationLocation.ASYLUM_WELFARE_CHECK: "Asylum welfare check",
    OperationLocation.OTHER: "Other",
}

AUDIENCE_LABELS: dict[TrainingAudience, str] = {
    TrainingAudience.POLICE_LAW_ENFORCEMENT: "Police and law enforcement",
    TrainingAudience.OTHER_STAKEHOLDERS: "Other stakeholders",
}

KIND_LABELS: dict[CaseKind, str] = {
    CaseKind.SUPPORT_PLAN: "Support plan case",
    CaseKind.STRATEGIC_ADVICE: "Strategic advice case",
}


def percentage(numerator: int, denominator: int) -> int | None:
    """numerator/denominator as a whole percentage rounded half up; None when denominator 0."""
    if denominator <= 0:
        return None
    return (200 * numerator + denominator) // (2 * denominator)


def count_figure(key: str, value: int) -> ImpactFigureDTO:
    return ImpactFigureDTO(
        key=key, label=LABELS[key], value=value, rule=RULES[key], numerator=value
    )


def share_figure(key: str, numerator: int, denominator: int) -> ImpactFigureDTO:
    return ImpactFigureDTO(
        key=key,
        label=LABELS[key],
        value=percentage(numerator, denominator),
        rule=RULES[key],
        numerator=numerator,
        denominator=denominator,
        is_share=True,
    )


# --- Selectors: what counts ----------------------------------------------------------------------


def open_in_period(case: CaseFact, period: Period) -> bool:
    return case.opened_on <= period.end and (
        case.closed_on is None or case.closed_on >= period.start
    )


def counted_cases(facts: ImpactFacts, period: Period, kind: CaseKind | None) -> list[CaseFact]:
    return [
        c
        for c in facts.cases
        if (kind is None or c.kind is kind)
        and open_in_period(c, period)
        and period.allows(c.owner, c.police_force)
    ]


def engagement_asked(case: CaseFact, end: date) -> bool:
    return any(
        on <= end and value is not PoliceEngagement.NOT_YET_ASKED
        for on, value in case.engagement_history
    )


def engagement_engaged(case: CaseFact, end: date) -> bool:
    return any(
        on <= end and value is PoliceEngagement.ENGAGED for on, value in case.engagement_history
    )


def recovery_improved(case: CaseFact, end: date, perspective: Perspective) -> bool | None:
    """ "Improved" on the assessments dated on or before ``end``; None when unknown."""
    return totals_improved([a for a in case.assessments if a.assessed_on <= end], perspective)


def operations_in(facts: ImpactFacts, period: Period) -> list[OperationFact]:
    return [
        o
        for o in facts.operations
        if period.covers(o.held_on) and period.allows(o.navigator, o.police_force)
    ]


def training_in(
    facts: ImpactFacts, period: Period, audience: TrainingAudience | None = None
) -> list[TrainingFact]:
    return [
        t
        for t in facts.training
        if (audience is None or t.audience is audience)
        and period.covers(t.held_on)
        and period.allows(t.navigator, t.police_force)
    ]


def _case_force(facts: ImpactFacts, case_id: int) -> str:
    case = facts.case(case_id)
    return "" if case is None else case.police_force


def advice_in(facts: ImpactFacts, period: Period) -> list[AdviceFact]:
    return [
        a
        for a in facts.advice
        if period.covers(a.given_on) and period.allows(a.navigator, _case_force(facts, a.case_id))
    ]


def repatriations_in(facts: ImpactFacts, period: Period) -> list[RepatriationFact]:
    return [
        r
        for r in facts.repatriations
        if period.covers(r.repatriated_on)
        and period.allows(r.navigator, _case_force(facts, r.case_id))
    ]


def _counted_ids(facts: ImpactFacts, period: Period) -> frozenset[int]:
    return frozenset(c.id for c in counted_cases(facts, period, None))


def family_in(
    facts: ImpactFacts, period: Period, counted: frozenset[int] | None = None
) -> list[FamilyFact]:
    if counted is None:
        counted = _counted_ids(facts, period)
    return [f for f in facts.family if f.case_id in counted and f.supported_from <= period.end]


def conviction_date(events: Iterable[tuple[CourtEventKind, date | None]]) -> date | None:
    """The latest verdict that happened; with none, the latest sentencing; else None."""
    for kind in (CourtEventKind.VERDICT, CourtEventKind.SENTENCING):
        days = [on for k, on in events if k is kind and on is not None]
        if days:
            return max(days)
    return None


def convictions_in(
    facts: ImpactFacts, period: Period, counted: frozenset[int] | None = None
) -> list[ConvictionFact]:
    if counted is None:
        counted = _counted_ids(facts, period)
    found = []
    for d in facts.defendants:
        if d.outcome is not DefendantOutcome.CONVICTED:
            continue
        if not any(case_id in counted for case_id in d.case_ids):
            continue
        day = conviction_date(d.events)
        if day is not None and period.covers(day):
            found.append(d)
    return found


# --- Figures -------------------------------------------------------------------------------------


def engagement_counts(facts: ImpactFacts, period: Period) -> tuple[int, int]:
    asked = [
        c
        for c in counted_cases(facts, period, CaseKind.SUPPORT_PLAN)
        if engagement_asked(c, period.end)
    ]
    return sum(1 for c in asked if engagement_engaged(c, period.end)), len(asked)


def recovery_counts(
    facts: ImpactFacts, period: Period, perspective: Perspective
) -> tuple[int, int]:
    known = [
        recovery_improved(c, period.end, perspective)
        for c in counted_cases(facts, period, CaseKind.SUPPORT_PLAN)
    ]
    return sum(1 for k in known if k is True), sum(1 for k in known if k is not None)


def case_tallies(facts: ImpactFacts, period: Period) -> CaseTallies:
    """The case figures' numbers, from every counted case's facts."""
    cases = counted_cases(facts, period, None)
    return CaseTallies(
        counted_ids=frozenset(c.id for c in cases),
        by_kind={kind: sum(1 for c in cases if c.kind is kind) for kind in CaseKind},
        engagement=engagement_counts(facts, period),
        recovery={p: recovery_counts(facts, period, p) for p in Perspective},
    )


def figures(
    facts: ImpactFacts, period: Period, tallies: CaseTallies | None = None
) -> tuple[ImpactFigureDTO, ...]:
    """Every figure, in ``KEYS`` order. ``tallies``: the case numbers when already counted
    (then ``facts`` need not hold every case)."""
    if tallies is None:
        tallies = case_tallies(facts, period)
    operations = operations_in(facts, period)
    training = training_in(facts, period)
    advice = advice_in(facts, period)
    convictions = convictions_in(facts, period, tallies.counted_ids)
    police = [t for t in training if t.audience is TrainingAudience.POLICE_LAW_ENFORCEMENT]
    other = [t for t in training if t.audience is TrainingAudience.OTHER_STAKEHOLDERS]
    family = family_in(facts, period, tallies.counted_ids)
    return (
        count_figure("support_plan_cases", tallies.by_kind[CaseKind.SUPPORT_PLAN]),
        count_figure("strategic_advice_cases", tallies.by_kind[CaseKind.STRATEGIC_ADVICE]),
        share_figure("police_engagement_share", *tallies.engagement),
        share_figure("recovery_improved_survivor_share", *tallies.recovery[Perspective.SURVIVOR]),
        share_figure("recovery_improved_navigator_share", *tallies.recovery[Perspective.NAVIGATOR]),
        count_figure("family_members_supported", sum(f.count for f in family)),
        count_figure("repatriations", len(repatriations_in(facts, period))),
        count_figure("strategic_advice_given", len(advice)),
        count_figure("operations", len(operations)),
        count_figure(
            "potential_victims_identified",
            sum(o.potential_victims_identified for o in operations),
        ),
        count_figure(
            "suspects_arrested", sum(o.arrests for o in operations) + sum(a.arrests for a in advice)
        ),
        count_figure("convictions", len(convictions)),
        count_figure("sentence_months", sum(d.sentence_months or 0 for d in convictions)),
        count_figure("training_sessions", len(training)),
        count_figure("trained_police", sum(t.number_trained for t in police)),
        count_figure("trained_other", sum(t.number_trained for t in other)),
        share_figure(
            "improved_knowledge_share",
            sum(t.number_reporting_improved_knowledge for t in training),
            sum(t.number_trained for t in training),
        ),
    )


def breakdowns(
    facts: ImpactFacts, period: Period, tallies: CaseTallies | None = None
) -> tuple[ImpactBreakdownDTO, ...]:
    """Operations by location, people trained by audience and cases by kind, every category
    present (0 where none) in the enums' order."""
    if tallies is None:
        tallies = case_tallies(facts, period)
    operations = operations_in(facts, period)
    training = training_in(facts, period)
    return (
        ImpactBreakdownDTO(
            key="operations_by_location",
            label="Operations by location",
            parts=tuple(
                (LOCATION_LABELS[kind], sum(1 for o in operations if o.location_kind is kind))
                for kind in OperationLocation
            ),
        ),
        ImpactBreakdownDTO(
            key="training_by_audience",
            label="People trained by audience",
            parts=tuple(
                (
                    AUDIENCE_LABELS[audience],
                    sum(t.number_trained for t in training if t.audience is audience),
                )
                for audience in TrainingAudience
            ),
        ),
        ImpactBreakdownDTO(
            key="cases_by_kind",
            label="Cases by kind",
            parts=tuple((KIND_LABELS[kind] + "s", tallies.by_kind[kind]) for kind in CaseKind),
        ),
    )


# --- The records behind a figure -----------------------------------------------------------------


def _case_record(case: CaseFact, detail: str) -> ImpactRecordDTO:
    return ImpactRecordDTO(
        on=case.opened_on,
        kind=KIND_LABELS[case.kind],
        reference=case.reference,
        detail=detail,
        case_id=case.id,
    )


def _open_detail(case: CaseFact) -> str:
    text = f"open from {format_date(case.opened_on)}"
    if case.closed_on is not None:
        text += f" to {format_date(case.closed_on)}"
    return text


def _operation_record(o: OperationFact, detail: str) -> ImpactRecordDTO:
    where = LOCATION_LABELS[o.location_kind]
    agency = o.lead_agency or o.police_force
    return ImpactRecordDTO(
        on=o.held_on,
        kind="Operation",
        reference=f"{where}, {agency}" if agency else where,
        detail=detail,
    )


def _training_record(t: TrainingFact, detail: str) -> ImpactRecordDTO:
    return ImpactRecordDTO(
        on=t.held_on,
        kind="Training session",
        reference=t.organisation or AUDIENCE_LABELS[t.audience],
        detail=detail,
    )


def _reference(facts: ImpactFacts, case_id: int) -> str:
    case = facts.case(case_id)
    return "" if case is None else case.reference


def records(facts: ImpactFacts, period: Period, key: str) -> list[ImpactRecordDTO]:
    """The records behind one figure, oldest first: case references and short descriptions,
    never a survivor's name. An unknown key raises KeyError."""
    if key not in LABELS:
        raise KeyError(key)
    found: list[ImpactRecordDTO] = []
    support = CaseKind.SUPPORT_PLAN
    if key in ("support_plan_cases", "strategic_advice_cases"):
        kind = support if key == "support_plan_cases" else CaseKind.STRATEGIC_ADVICE
        found = [_case_record(c, _open_detail(c)) for c in counted_cases(facts, period, kind)]
    elif key == "police_engagement_share":
        for c in counted_cases(facts, period, support):
            if engagement_asked(c, period.end):
                engaged = engagement_engaged(c, period.end)
                found.append(_case_record(c, "engaged" if engaged else "asked, not engaged"))
    elif key in ("recovery_improved_survivor_share", "recovery_improved_navigator_share"):
        perspective = Perspective.SURVIVOR if "survivor" in key else Perspective.NAVIGATOR
        for c in counted_cases(facts, period, support):
            improved = recovery_improved(c, period.end, perspective)
            if improved is not None:
                found.append(_case_record(c, "improved" if improved else "not improved"))
    elif key == "family_members_supported":
        for f in family_in(facts, period):
            found.append(
                ImpactRecordDTO(
                    on=f.supported_from,
                    kind="Family support",
                    reference=_reference(facts, f.case_id),
                    detail=f"{f.count} supported",
                    case_id=f.case_id,
                )
            )
    elif key == "repatriations":
        found = [
            ImpactRecordDTO(
                on=r.repatriated_on,
                kind="Repatriation",
                reference=_reference(facts, r.case_id),
                detail=f"to {country_name(r.country)}"
                + (f" with {r.partner_organisation}" if r.partner_organisation else ""),
                case_id=r.case_id,
            )
            for r in repatriations_in(facts, period)
        ]
    elif key == "strategic_advice_given":
        found = [_advice_record(facts, a, "advice given") for a in advice_in(facts, period)]
    elif key in ("operations", "potential_victims_identified"):
        for o in operations_in(facts, period):
            if key == "operations" or o.potential_victims_identified:
                found.append(
                    _operation_record(
                        o, f"{o.potential_victims_identified} potential victims identified"
                    )
                )
    elif key == "suspects_arrested":
        found = [
            _operation_record(o, f"{o.arrests} arrested")
            for o in operations_in(facts, period)
            if o.arrests
        ] + [
            _advice_record(facts, a, f"{a.arrests} arrested")
            for a in advice_in(facts, period)
            if a.arrests
        ]
    elif key in ("convictions", "sentence_months"):
        for d in convictions_in(facts, period):
            months = d.sentence_months or 0
            found.append(
                ImpactRecordDTO(
                    on=conviction_date(d.events),
                    kind="Conviction",
                    reference=", ".join(_reference(facts, i) for i in d.case_ids),
                    detail=f"defendant {d.defendant_label}: {months} months",
                    case_id=d.case_ids[0] if d.case_ids else None,
                )
            )
    else:
        audience = {
            "trained_police": TrainingAudience.POLICE_LAW_ENFORCEMENT,
            "trained_other": TrainingAudience.OTHER_STAKEHOLDERS,
        }.get(key)
        for t in training_in(facts, period, audience):
            detail = f"{t.number_trained} trained"
            if key == "improved_knowledge_share":
                detail = (
                    f"{t.number_reporting_improved_knowledge} of {t.number_trained} reported "
                    "improved knowledge"
                )
            found.append(_training_record(t, detail))
    return sorted(found, key=_order)


def _order(record: ImpactRecordDTO) -> tuple[date, str]:
    return (record.on or date.min, record.reference)


def _advice_record(facts: ImpactFacts, a: AdviceFact, detail: str) -> ImpactRecordDTO:
    return ImpactRecordDTO(
        on=a.given_on,
        kind="Strategic advice",
        reference=_reference(facts, a.case_id),
        detail=detail,
        case_id=a.case_id,
    )
