"""Fixed vocabularies the demo data is drawn from: forces, referrals, places and stories.

Every place, town, phone range and email domain here is one that cannot describe anybody.
"""

from __future__ import annotations

from models.enums import ExploitationType, PoliceEngagement, ReferralSource

# English names for the languages in names.json, used only in the wording of contact notes.
LANGUAGE_NAMES: dict[str, str] = {
    "am": "Amharic", "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali",
    "ckb": "Kurdish Sorani", "cs": "Czech", "en": "English", "es": "Spanish", "fa": "Farsi",
    "hi": "Hindi", "ig": "Igbo", "kmr": "Kurdish Kurmanji", "lt": "Lithuanian", "pa": "Punjabi",
    "pl": "Polish", "prs": "Dari", "ps": "Pashto", "ro": "Romanian", "ru": "Russian",
    "sk": "Slovak", "so": "Somali", "sq": "Albanian", "ta": "Tamil", "th": "Thai",
    "ti": "Tigrinya", "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu",
    "vi": "Vietnamese", "yo": "Yoruba", "zh": "Mandarin",
}  # fmt: skip

# Where cases sit: the programme's host forces and Border Force carry most of the caseload.
FORCE_WEIGHTS: dict[str, float] = {
    "Metropolitan Police Service": 20,
    "Essex Police": 15,
    "Greater Manchester Police": 11,
    "West Yorkshire Police": 10,
    "Surrey Police": 8,
    "Kent Police": 7,
    "Border Force": 5,
    "West Midlands Police": 3,
    "Thames Valley Police": 2,
    "Hertfordshire Constabulary": 2,
    "Sussex Police": 1.5,
    "Police Scotland": 1.5,
    "British Transport Police": 1.5,
    "National Crime Agency": 1,
    "Lancashire Constabulary": 1,
    "Merseyside Police": 1,
    "South Yorkshire Police": 1,
}
OTHER_FORCE_WEIGHT = 0.25
# When Border Force refers, the case sits with Border Force or a force policing a port.
PORT_FORCES: dict[str, float] = {
    "Border Force": 13,
    "Kent Police": 2.5,
    "Essex Police": 2,
    "Metropolitan Police Service": 1.5,
    "Sussex Police": 0.5,
    "Police Scotland": 0.5,
}
PORTS = (
    "Port of Dover",
    "Heathrow Airport",
    "Stansted Airport",
    "Gatwick Airport",
    "Harwich International Port",
    "Port of Tilbury",
    "Manchester Airport",
    "Glasgow Airport",
    "Edinburgh Airport",
)
SUPPORT_REFERRALS: dict[ReferralSource, float] = {
    ReferralSource.POLICE_FORCE: 48,
    ReferralSource.BORDER_FORCE: 14,
    ReferralSource.NGO: 16,
    ReferralSource.LOCAL_AUTHORITY: 9,
    ReferralSource.HEALTH: 5,
    ReferralSource.SELF: 3,
    ReferralSource.OTHER: 5,
}
STRATEGIC_REFERRALS: dict[ReferralSource, float] = {
    ReferralSource.POLICE_FORCE: 80,
    ReferralSource.BORDER_FORCE: 15,
    ReferralSource.OTHER: 5,
}
STRATEGIC_EXPLOITATION: dict[ExploitationType, float] = {
    ExploitationType.LABOUR: 4,
    ExploitationType.SEXUAL: 3,
    ExploitationType.CRIMINAL: 3,
    ExploitationType.DOMESTIC_SERVITUDE: 0.5,
    ExploitationType.ORGAN_HARVESTING: 0.05,
}
FINAL_ENGAGEMENT: dict[PoliceEngagement, float] = {
    PoliceEngagement.ENGAGED: 86,
    PoliceEngagement.CONSIDERING: 4,
    PoliceEngagement.DECLINED: 6,
    PoliceEngagement.WITHDRAWN: 4,
}

OPERATION_WORDS = (
    "Alder", "Anvil", "Arden", "Aspen", "Avocet", "Bantam", "Barrow", "Bastion", "Beacon",
    "Bittern", "Blackthorn", "Bracken", "Bramble", "Brigantine", "Buttress", "Calder",
    "Caraway", "Cascade", "Chalice", "Cinder", "Clarion", "Cobalt", "Copper", "Coracle",
    "Cormorant", "Corrie", "Curlew", "Damask", "Dunlin", "Ember", "Escarp", "Falconer",
    "Fathom", "Fennel", "Fieldfare", "Flint", "Foxglove", "Gannet", "Garnet", "Gorse",
    "Granite", "Greylag", "Halyard", "Harrier", "Hawthorn", "Heron", "Hollyhock", "Ironwood",
    "Jackdaw", "Juniper", "Kelpie", "Kestrel", "Kittiwake", "Lantern", "Larch", "Lodestar",
    "Longbow", "Lugger", "Malachite", "Mallard", "Marram", "Merlin", "Millstone", "Moorhen",
    "Nettle", "Nightjar", "Oakapple", "Obsidian", "Osprey", "Oxbow", "Pennant", "Peregrine",
    "Pibroch", "Pinnacle", "Plover", "Quarry", "Quillwort", "Rampart", "Redshank", "Ridgeway",
    "Rowan", "Saltire", "Samphire", "Sandpiper", "Sextant", "Shingle", "Siskin", "Skerry",
    "Sorrel", "Spinnaker", "Starling", "Stonechat", "Tamarisk", "Tansy", "Teasel", "Thistle",
    "Thornback", "Tideway", "Topaz", "Turnstone", "Umber", "Vantage", "Verdigris", "Wagtail",
    "Waymark", "Wheatear", "Whinchat", "Wildfire", "Willowherb", "Windlass", "Wren", "Yarrow",
)  # fmt: skip

FICTIONAL_TOWNS = (
    "Exampleton",
    "Sampleford",
    "Demoport",
    "Fictonbury",
    "Testwick",
    "Nowhere Magna",
    "Madeupton",
    "Placeholder St Mary",
)
STREETS = (
    "Lantern", "Willow", "Harbour", "Orchard", "Meadow", "Kestrel", "Juniper", "Quarry",
    "Chapel", "Mill", "Station", "Victoria", "Albion", "Rosebank", "Foundry", "Canal",
)  # fmt: skip
STREET_KINDS = ("Road", "Street", "Close", "Lane", "Terrace", "Court", "Gardens")
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
EMAIL_DOMAINS = ("example.org", "example.com", "example.net")

# What a case summary says about how the exploitation was found, by type.
EXPLOITATION_STORIES: dict[ExploitationType, tuple[str, ...]] = {
    ExploitationType.SEXUAL: (
        "Found during a welfare visit to a residential brothel.",
        "Advertised online and moved between short-let flats.",
        "Controlled through a debt said to be owed for travel and rent.",
    ),
    ExploitationType.LABOUR: (
        "Worked long hours at a hand car wash for little or no pay.",
        "Debt bondage for the cost of the journey; worked on farms and in packing houses.",
        "Crew on a fishing vessel; identity documents held by the skipper.",
        "Worked in a nail bar and slept in the room above it.",
        "Recruited abroad for care work; wages taken to repay recruitment fees.",
    ),
    ExploitationType.CRIMINAL: (
        "Made to tend a cannabis grow in a rented house.",
        "Exploited to carry drugs on a county line.",
        "Forced to shoplift in several towns and hand over the goods.",
    ),
    ExploitationType.DOMESTIC_SERVITUDE: (
        "Kept as a live-in domestic worker in a private household; passport withheld.",
        "Cared for a family's children without pay and was not allowed out alone.",
    ),
    ExploitationType.ORGAN_HARVESTING: (
        "Coerced to travel for the removal of a kidney; intercepted before surgery.",
    ),
    ExploitationType.OTHER: ("Forced marriage arranged by relatives abroad.",),
}
ARRIVAL_ROUTES = (
    ("Arrived in the UK by small boat.", 5.0),
    ("Arrived concealed in a lorry.", 3.0),
    ("Arrived by air on a visitor visa arranged by the exploiters.", 2.0),
)
STRATEGIC_STORIES = (
    "Investigation into labour exploitation across a chain of hand car washes.",
    "Investigation into a network moving women between brothels in several counties.",
    "Cannabis grows staffed by people trafficked from abroad; several addresses.",
    "Organised crime group facilitating lorry crossings and collecting travel debts.",
    "Nail bars suspected of employing trafficked workers under debt bondage.",
    "Care homes recruiting overseas workers on sponsored visas and withholding pay.",
    "County lines operation exploiting young people to carry drugs.",
    "Fishing vessels with crew working excessive hours and documents withheld.",
)
OPERATION_PLACES = (
    "hand car washes",
    "nail bars",
    "a cannabis grow",
    "residential brothels",
    "care homes",
    "a farm and packing house",
    "a fishing vessel",
    "asylum accommodation",
)
