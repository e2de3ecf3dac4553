"""The law enforcement bodies a case can sit with, by their official short names.

The 43 territorial police forces of England and Wales (alphabetical), then Police Scotland, the
Police Service of Northern Ireland and British Transport Police, then the two national agencies
navigators also work with. A vault may hold other names (typed by hand); this list only offers
choices and is not a constraint.
"""

from __future__ import annotations

TERRITORIAL_FORCES_ENGLAND_AND_WALES: tuple[str, ...] = (
    "Avon and Somerset Constabulary",
    "Bedfordshire Police",
    "Cambridgeshire Constabulary",
    "Cheshire Constabulary",
    "City of London Police",
    "Cleveland Police",
    "Cumbria Constabulary",
    "Derbyshire Constabulary",
    "Devon and Cornwall Police",
    "Dorset Police",
    "Durham Constabulary",
    "Dyfed-Powys Police",
    "Essex Police",
    "Gloucestershire Constabulary",
    "Greater Manchester Police",
    "Gwent Police",
    "Hampshire and Isle of Wight Constabulary",
    "Hertfordshire Constabulary",
    "Humberside Police",
    "Kent Police",
    "Lancashire Constabulary",
    "Leicestershire Police",
    "Lincolnshire Police",
    "Merseyside Police",
    "Metropolitan Police Service",
    "Norfolk Constabulary",
    "North Wales Police",
    "North Yorkshire Police",
    "Northamptonshire Police",
    "Northumbria Police",
    "Nottinghamshire Police",
    "South Wales Police",
    "South Yorkshire Police",
    "Staffordshire Police",
    "Suffolk Constabulary",
    "Surrey Police",
    "Sussex Police",
    "Thames Valley Police",
    "Warwickshire Police",
    "West Mercia Police",
    "West Midlands Police",
    "West Yorkshire Police",
    "Wiltshire Police",
)

OTHER_UK_FORCES: tuple[str, ...] = (
    "Police Scotland",
    "Police Service of Northern Ireland",
    "British Transport Police",
)

NATIONAL_AGENCIES: tuple[str, ...] = (
    "Border Force",
    "National Crime Agency",
)

POLICE_FORCES: tuple[str, ...] = (
    TERRITORIAL_FORCES_ENGLAND_AND_WALES + OTHER_UK_FORCES + NATIONAL_AGENCIES
)
