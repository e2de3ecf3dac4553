"""Demo spot purchases, from their own random stream, and the programme allocations they draw on.

Like the plans and assessments, they come from a stream seeded from the fill's seed, so the
cases a seed gives are unchanged. Most survivors' cases have a few purchases over their active
months: clothes and food early on, phones and travel, therapy in their language, a panic alarm.
Purchases over the approval threshold were approved by the programme manager; the newest few
are still requested or approved; a handful were refunded or cancelled. Each financial year has
a programme allocation, sized afterwards so the past years were just underspent and the current
year has some way to go.
"""

from __future__ import annotations

import random
from datetime import date

from models.demo.rows import TIMES, OrdinalDates, Rows
from models.enums import CaseStatus, PaymentMethod, PurchaseCategory, PurchaseStatus
from models.rules.budget_balance import financial_year
from models.rules.purchase_rules import DEFAULT_APPROVAL_THRESHOLD_PENCE

APPROVER = "Programme manager"
PURCHASE_SHARE = 0.75  # support cases with any purchase at all

# Category: (weight, lowest pence, highest pence, suppliers, methods, purposes).
Entry = tuple[int, int, int, tuple[str, ...], tuple[PaymentMethod, ...], tuple[str, ...]]
CATALOGUE: dict[PurchaseCategory, Entry] = {
    PurchaseCategory.CLOTHING: (
        20, 1500, 9000, ("High Street Clothing", "Northgate Outfitters", "Charity shop"),
        (PaymentMethod.CARD, PaymentMethod.VOUCHER),
        ("Winter coat and boots", "Clothes for court", "Underwear and socks",
         "School uniform for child"),
    ),
    PurchaseCategory.FOOD: (
        16, 800, 6000, ("Corner Supermarket", "Halal butcher", "Food bank top-up"),
        (PaymentMethod.CARD, PaymentMethod.VOUCHER, PaymentMethod.CASH),
        ("Food for the first week", "Groceries while benefits start", "Baby formula"),
    ),
    PurchaseCategory.TRAVEL: (
        18, 450, 8500, ("Rail operator", "Bus company", "Taxi firm"),
        (PaymentMethod.CARD, PaymentMethod.CASH),
        ("Train fare to court", "Bus pass for a month", "Taxi to a safe house at night",
         "Travel to the solicitor"),
    ),
    PurchaseCategory.COMMUNICATION: (
        12, 1000, 12000, ("PhoneHub", "Mobile network shop"),
        (PaymentMethod.CARD,),
        ("Basic mobile phone", "Phone credit for a month", "SIM card"),
    ),
    PurchaseCategory.ACCOMMODATION: (
        5, 4000, 35000, ("Budget hotel", "Guest house"),
        (PaymentMethod.CARD, PaymentMethod.INVOICE),
        ("Emergency night in a hotel", "Two nights before the safe house place"),
    ),
    PurchaseCategory.THERAPY: (
        8, 6000, 48000, ("Counselling service", "Trauma therapy practice"),
        (PaymentMethod.INVOICE,),
        ("Therapy sessions in the survivor's language", "Interpreter for counselling"),
    ),
    PurchaseCategory.SAFETY_EQUIPMENT: (
        5, 1500, 6000, ("Safety equipment supplier",),
        (PaymentMethod.CARD,),
        ("Personal panic alarm", "Door chain and spy hole"),
    ),
    PurchaseCategory.LEGAL_DOCUMENTS: (
        6, 2000, 15000, ("Passport office", "Embassy", "Translation service"),
        (PaymentMethod.CARD, PaymentMethod.INVOICE),
        ("Passport photos and form", "Emergency travel document", "Certified translation"),
    ),
    PurchaseCategory.REPATRIATION: (
        2, 25000, 90000, ("Airline", "Travel agent"),
        (PaymentMethod.INVOICE, PaymentMethod.CARD),
        ("Flight home arranged with partner NGO", "Onward travel after arrival"),
    ),
    PurchaseCategory.EDUCATION: (
        5, 1500, 20000, ("College", "Bookshop"),
        (PaymentMethod.CARD, PaymentMethod.INVOICE),
        ("English course fee", "Course books", "Laptop bag and stationery"),
    ),
    PurchaseCategory.OTHER: (
        3, 500, 5000, ("Pharmacy", "Hardware shop"),
        (PaymentMethod.CARD, PaymentMethod.CASH),
        ("Toiletries", "Prescription charge", "Bedding"),
    ),
}  # fmt: skip


class Budget:
    """The purchases of one fill: ``add`` once per support case, in case order; then
    ``year_totals`` sizes the allocations."""

    def __init__(self, seed: int, today: date, user: str, allocations: dict[date, int]) -> None:
        self.rng = random.Random(f"waypost demo purchases {seed}")
        self.today = today
        self.user = user
        self.iso = OrdinalDates()
        # Financial year start -> allocation ID (created before the purchases).
        self.allocations = allocations
        self.year_totals: dict[date, int] = dict.fromkeys(allocations, 0)
        self.count = 0
        categories = list(CATALOGUE)
        self.categories = categories
        self.weights = [CATALOGUE[c][0] for c in categories]

    def add(self, case_id: int, status: CaseStatus, opened: date, end: date, rows: Rows) -> None:
        rng = self.rng
        if status is CaseStatus.REFERRED or rng.random() >= PURCHASE_SHARE:
            return
        first, last = opened.toordinal(), end.toordinal()
        for _ in range(1 + int(rng.random() ** 1.6 * 6)):
            day = first + int(rng.random() ** 2 * (last - first + 1))
            self._purchase(case_id, date.fromordinal(min(day, last)), rows)

    def _purchase(self, case_id: int, on: date, rows: Rows) -> None:
        rng = self.rng
        category = rng.choices(self.categories, self.weights)[0]
        _, low, high, suppliers, methods, purposes = CATALOGUE[category]
        amount = low + int(rng.random() ** 1.5 * (high - low)) // 50 * 50
        recent = (self.today - on).days < 21
        r = rng.random()
        if recent and r < 0.35:
            status = PurchaseStatus.REQUESTED if r < 0.2 else PurchaseStatus.APPROVED
        elif r < 0.03:
            status = PurchaseStatus.CANCELLED
        elif r < 0.05:
            status = PurchaseStatus.REFUNDED
        else:
            status = PurchaseStatus.PAID
        approved = status is PurchaseStatus.APPROVED or (
            amount > DEFAULT_APPROVAL_THRESHOLD_PENCE
            and status in (PurchaseStatus.PAID, PurchaseStatus.REFUNDED)
        )
        if status is PurchaseStatus.REQUESTED and amount <= DEFAULT_APPROVAL_THRESHOLD_PENCE:
            status = PurchaseStatus.PAID
        start, _ = financial_year(on)
        allocation = self.allocations.get(start)
        if allocation is not None and status in (
            PurchaseStatus.PAID,
            PurchaseStatus.REQUESTED,
            PurchaseStatus.APPROVED,
        ):
            self.year_totals[start] += amount
        stored = self.iso[on.toordinal()]
        at = f"{stored} {TIMES[int(rng.random() * len(TIMES))]}"
        approved_on = self.iso[on.toordinal() - int(rng.random() * 2)] if approved else None
        rows.tables["purchase"].append(
            (
                case_id,
                allocation,
                stored,
                category,
                amount,
                suppliers[int(rng.random() * len(suppliers))],
                methods[int(rng.random() * len(methods))],
                purposes[int(rng.random() * len(purposes))],
                status,
                APPROVER if approved else "",
                approved_on,
                self.user,
                1,
                at,
                at,
            )
        )
        self.count += 1


def allocation_amount(spent_pence: int, year_start: date, today: date) -> int:
    """Past years: a little more than was spent, rounded to £500. The current year: what the
    spending so far would come to over twelve months, plus a margin."""
    _, year_end = financial_year(year_start)
    if year_end < today:
        target = spent_pence * 21 // 20
    else:
        elapsed = max(30, (today - year_start).days)
        target = spent_pence * 365 // elapsed * 11 // 10
    return max(50_000, (target + 49_999) // 50_000 * 50_000)
