"""The fixed texts of the printed support plan, as gettext msgids.

The printed plan is read by the survivor, often in their own language, so every fixed text
comes from a catalog in ``resources/translations`` (see ``models.reports.catalog``). These
constants are the msgids: the English source text, written plainly (a reading age of about 9).

Rules for changing this module:

- A new or changed text must be added to ``en.po`` and to every other catalog in the same
  change; ``tests/models/test_catalogs.py`` fails until it is.
- Placeholders such as ``{page}`` are filled in with ``str.format`` after translation; every
  translation must keep the same placeholders.
- Changing the wording of a reviewed catalog's msgid means it needs its review again.

``TRANSLATOR_NOTES`` says what each text is for; the notes are copied into the catalogs as
``#.`` comments so that translators and reviewers see them.
"""

from __future__ import annotations

from typing import Final

from models.enums import ActionStatus, RecoveryDomain

# --- About the plan -------------------------------------------------------------------------
PLAN_TITLE: Final = "My support plan"
NAME: Final = "Name"
CASE_REFERENCE: Final = "Case reference"
VERSION: Final = "Version"
DATE_AGREED: Final = "Date agreed"
DATE_REVIEWED: Final = "Date reviewed"
LANGUAGE: Final = "Language"
INTERPRETER: Final = "Interpreter"
NO_INTERPRETER: Final = "No interpreter"
PLAN_INTRO: Final = "This plan was agreed with you. You can ask to change it at any time."
DRAFT_NOTICE: Final = "This is a draft. It has not been agreed yet."
ENGLISH_BESIDE_NOTE: Final = "Headings are also shown in English."
PRINTED_ON: Final = "Printed on {date}"

# --- Priorities and goals -------------------------------------------------------------------
MY_PRIORITIES: Final = "My priorities"
MY_GOALS: Final = "My goals"
GOAL_NUMBER: Final = "Goal {number}"
NO_GOALS_YET: Final = "No goals in this area yet."

# The six recovery domains, in the order the plan prints them.
MENTAL_HEALTH: Final = "Mental health"
PHYSICAL_HEALTH: Final = "Physical health"
FINANCIAL_STABILITY: Final = "Money and financial stability"
SOCIAL_CONNECTION: Final = "Friends, family and community"
SAFETY: Final = "Safety"
LEGAL_STATUS: Final = "Legal status"

# --- Each goal ------------------------------------------------------------------------------
IN_MY_WORDS: Final = "In my words"
WHAT_WILL_HAPPEN: Final = "What will happen"
WHO: Final = "Who"
BY_WHEN: Final = "By when"
STATUS: Final = "Status"
REVIEW_DATE: Final = "Review date"
WHO_ME: Final = "Me"
WHO_MY_NAVIGATOR: Final = "My navigator"

# Action statuses.
STATUS_NOT_STARTED: Final = "Not started"
STATUS_IN_PROGRESS: Final = "In progress"
STATUS_DONE: Final = "Done"
STATUS_DROPPED: Final = "Dropped"

# --- Keeping safe (the safety plan) ---------------------------------------------------------
KEEPING_SAFE: Final = "Keeping safe"
IN_DANGER_CALL_999: Final = "If you are in danger now, call 999."

# --- Contacts -------------------------------------------------------------------------------
YOUR_NAVIGATOR: Final = "Your navigator"
PHONE: Final = "Phone"
EMAIL: Final = "Email"
ORGANISATION: Final = "Organisation"
EMERGENCY_NUMBERS: Final = "Emergency numbers"
MODERN_SLAVERY_HELPLINE: Final = "Modern Slavery Helpline"
HELPLINE_FREE_24_HOURS: Final = "Free to call, 24 hours a day."
POLICE_AMBULANCE_FIRE: Final = "Police, ambulance or fire: 999"

# --- Signatures -----------------------------------------------------------------------------
SIGNED_SURVIVOR: Final = "Signed (survivor)"
SIGNED_NAVIGATOR: Final = "Signed (navigator)"
DATE: Final = "Date"

# --- Footer and guidance --------------------------------------------------------------------
PAGE_X_OF_Y: Final = "Page {page} of {pages}"
KEEP_SOMEWHERE_SAFE: Final = "Keep this plan somewhere safe and private."
ASK_IF_UNSURE: Final = "If something is not clear, ask your navigator."

DOMAIN_HEADINGS: Final[tuple[str, ...]] = (
    MENTAL_HEALTH,
    PHYSICAL_HEALTH,
    FINANCIAL_STABILITY,
    SOCIAL_CONNECTION,
    SAFETY,
    LEGAL_STATUS,
)
"""The six recovery domains, in print order."""

ACTION_STATUSES: Final[tuple[str, ...]] = (
    STATUS_NOT_STARTED,
    STATUS_IN_PROGRESS,
    STATUS_DONE,
    STATUS_DROPPED,
)

DOMAIN_HEADING: Final[dict[RecoveryDomain, str]] = {
    RecoveryDomain.MENTAL_HEALTH: MENTAL_HEALTH,
    RecoveryDomain.PHYSICAL_HEALTH: PHYSICAL_HEALTH,
    RecoveryDomain.FINANCIAL_STABILITY: FINANCIAL_STABILITY,
    RecoveryDomain.SOCIAL_CONNECTION: SOCIAL_CONNECTION,
    RecoveryDomain.SAFETY: SAFETY,
    RecoveryDomain.LEGAL_STATUS: LEGAL_STATUS,
}
"""The msgid of each recovery domain's heading."""

ACTION_STATUS_HEADING: Final[dict[ActionStatus, str]] = {
    ActionStatus.NOT_STARTED: STATUS_NOT_STARTED,
    ActionStatus.IN_PROGRESS: STATUS_IN_PROGRESS,
    ActionStatus.DONE: STATUS_DONE,
    ActionStatus.DROPPED: STATUS_DROPPED,
}
"""The msgid of each action status."""

_NAVIGATOR_NOTE = (
    "The navigator is the caseworker who supports the survivor. If 'navigator' is unclear in "
    "your language, say 'support worker'."
)

TRANSLATOR_NOTES: Final[dict[str, str]] = {
    PLAN_TITLE: "Title of the document. The survivor keeps it.",
    NAME: "Label beside a person's name (the survivor's or the navigator's).",
    CASE_REFERENCE: "Label beside a reference such as WP-2026-0042.",
    VERSION: "Label beside the plan's version number.",
    DATE_AGREED: "Label beside the date the plan was agreed.",
    DATE_REVIEWED: "Label beside the date the plan was last reviewed (in the past).",
    LANGUAGE: "Label beside the language of this printed plan.",
    INTERPRETER: "Label beside the interpreter's language and name or agency.",
    NO_INTERPRETER: "Shown beside 'Interpreter' when no interpreter was used.",
    PLAN_INTRO: "Opening lines under the title. Speaks to the survivor.",
    DRAFT_NOTICE: "Shown on a plan that has not been agreed yet.",
    ENGLISH_BESIDE_NOTE: (
        "Shown when the headings are printed with the English beside them, because this "
        "translation has not been checked by a fluent reader yet."
    ),
    PRINTED_ON: "Footer. {date} is replaced by a date. Keep {date} exactly as it is.",
    MY_PRIORITIES: "Heading: what matters most to the survivor now.",
    MY_GOALS: "Heading over all the goals.",
    GOAL_NUMBER: "Label of one goal. {number} is 1, 2, 3... Keep {number} exactly as it is.",
    NO_GOALS_YET: "Shown under a heading such as 'Mental health' when it has no goals.",
    MENTAL_HEALTH: "Recovery area heading.",
    PHYSICAL_HEALTH: "Recovery area heading.",
    FINANCIAL_STABILITY: "Recovery area heading (money, income, bills, debt).",
    SOCIAL_CONNECTION: "Recovery area heading (social connection).",
    SAFETY: "Recovery area heading.",
    LEGAL_STATUS: "Recovery area heading (immigration status, legal cases).",
    IN_MY_WORDS: "Heading over the goal in the survivor's own words.",
    WHAT_WILL_HAPPEN: "Column heading: the actions that will be taken.",
    WHO: "Column heading: the person who will do the action.",
    BY_WHEN: "Column heading: the date the action should be done by.",
    STATUS: "Column heading: how far the action has got.",
    REVIEW_DATE: "Label beside the date the goal will next be looked at again (in the future).",
    WHO_ME: "In the 'Who' column: the survivor will do this.",
    WHO_MY_NAVIGATOR: "In the 'Who' column: the navigator will do this. " + _NAVIGATOR_NOTE,
    STATUS_NOT_STARTED: "Action status.",
    STATUS_IN_PROGRESS: "Action status.",
    STATUS_DONE: "Action status.",
    STATUS_DROPPED: "Action status: it will not be done any more.",
    KEEPING_SAFE: "Heading of the safety plan section.",
    IN_DANGER_CALL_999: "In the safety plan section. Keep 999 as it is.",
    YOUR_NAVIGATOR: "Heading over the navigator's contact details. " + _NAVIGATOR_NOTE,
    PHONE: "Label beside a phone number.",
    EMAIL: "Label beside an email address.",
    ORGANISATION: "Label beside the navigator's organisation.",
    EMERGENCY_NUMBERS: "Heading over the emergency phone numbers.",
    MODERN_SLAVERY_HELPLINE: "Name of the UK helpline; its number 08000 121 700 is printed beside.",
    HELPLINE_FREE_24_HOURS: "Under the helpline's number.",
    POLICE_AMBULANCE_FIRE: "The UK emergency number. Keep 999 as it is.",
    SIGNED_SURVIVOR: "Under the survivor's signature line. It may be said as 'your signature'.",
    SIGNED_NAVIGATOR: "Under the navigator's signature line. " + _NAVIGATOR_NOTE,
    DATE: "Label beside a signature's date.",
    PAGE_X_OF_Y: "Footer. Keep {page} and {pages} exactly as they are.",
    KEEP_SOMEWHERE_SAFE: "Guidance at the end of the plan.",
    ASK_IF_UNSURE: "Guidance at the end of the plan. " + _NAVIGATOR_NOTE,
}
"""What each text is for, for translators and reviewers (copied into the catalogs)."""

ALL_HEADINGS: Final[tuple[str, ...]] = tuple(TRANSLATOR_NOTES)
"""Every msgid of the printed plan: each shipped catalog must translate all of them."""
