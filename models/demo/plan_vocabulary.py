"""What demo support plans are written from: goals in survivors' own words, actions, safety plans.

Goals are short, plain and in the first person, as a navigator writes down what the survivor
said. Some are in the survivor's own language and script (the sentences below are simple ones;
they have not been checked by a fluent reader of every language). Agencies and services are
fictional or generic, like the rest of the demo data.
"""

from __future__ import annotations

from models.enums import RecoveryDomain

MENTAL = RecoveryDomain.MENTAL_HEALTH
PHYSICAL = RecoveryDomain.PHYSICAL_HEALTH
MONEY = RecoveryDomain.FINANCIAL_STABILITY
SOCIAL = RecoveryDomain.SOCIAL_CONNECTION
SAFETY = RecoveryDomain.SAFETY
LEGAL = RecoveryDomain.LEGAL_STATUS

# Who does an action: the survivor ("Me"), the navigator, or another service.
ME = "Me"
NAVIGATOR = "Navigator"
GP = "GP"
SOLICITOR = "Solicitor"
HOUSING = "Housing officer"
INTERPRETER = "Interpreter service"

# How often each domain comes up in a plan (safety and legal status nearly always do).
DOMAIN_WEIGHTS: dict[RecoveryDomain, float] = {
    MENTAL: 0.8,
    PHYSICAL: 0.6,
    MONEY: 0.6,
    SOCIAL: 0.5,
    SAFETY: 0.95,
    LEGAL: 0.85,
}

# The survivor's own words, in English (written down as said, or as the interpreter put it).
GOALS: dict[RecoveryDomain, tuple[str, ...]] = {
    MENTAL: (
        "I want to sleep without being afraid.",
        "I want the nightmares to stop.",
        "I want to talk to someone about what happened, when I am ready.",
        "I want to feel calm again.",
        "I want to stop feeling scared all the time.",
    ),
    PHYSICAL: (
        "I want to see a doctor about the pain in my back.",
        "I want to get my teeth fixed.",
        "I want to register with a GP.",
        "I need my medicine every day.",
        "I want to get my eyes tested.",
    ),
    MONEY: (
        "I need my own bank account.",
        "I want a job with a proper wage.",
        "I want to pay for my own things.",
        "I want to learn English so I can work.",
        "I want to stop owing money to anyone.",
    ),
    SOCIAL: (
        "I want to speak to my mother on the phone.",
        "I want to make friends here.",
        "I want to find a place to pray near where I live.",
        "I want to go to English classes and meet people.",
        "I want to play football again.",
    ),
    SAFETY: (
        "I want to feel safe where I live.",
        "I don't want them to find me.",
        "I want a phone number they do not know.",
        "I want to walk to the shop without being afraid.",
        "I want to know who to call if something happens.",
    ),
    LEGAL: (
        "I want to know what is happening with my NRM decision.",
        "I need a solicitor for my immigration case.",
        "I want my passport back.",
        "I want to understand what the police need from me.",
        "I want to be allowed to stay and work.",
    ),
}
CHILDREN_GOAL = "I want to see my children."
# Goals long enough to wrap on the printed plan, by domain.
LONG_GOALS: dict[RecoveryDomain, str] = {
    SAFETY: (
        "I want to feel safe in my own room. At night I still listen for the door and I cannot "
        "sleep until it is light. I want that to stop, and I want to know who to call when I am "
        "scared."
    ),
    MENTAL: (
        "I want to stop thinking about what happened all the time. Some days I cannot get out "
        "of bed. I want to feel like myself again and be able to go out on my own."
    ),
}

# The same kind of goals in the survivor's own language and script: every domain has at least
# one, ``CHILDREN_GOALS`` is used only for someone with children, ``LONG_OWN_GOALS`` (several
# sentences, with a number inside right-to-left text) for a few safety goals.
OWN_GOALS: dict[str, dict[RecoveryDomain, tuple[str, ...]]] = {
    "ar": {
        MENTAL: ("أريد أن أنام دون خوف.", "أريد أن أتحدث مع أحد عمّا حدث لي."),
        PHYSICAL: ("أريد التسجيل عند طبيب عام (GP) قريب من بيتي.",),
        MONEY: ("أحتاج إلى حساب مصرفي باسمي.", "أريد عملاً بأجر عادل."),
        SOCIAL: ("أريد أن أتعلم اللغة الإنجليزية وأن أتعرف على أصدقاء جدد.",),
        SAFETY: ("أريد أن أشعر بالأمان في المكان الذي أسكن فيه.",),
        LEGAL: ("أريد أن أعرف ماذا يحدث في قضيتي.", "أحتاج إلى محامٍ لقضية الهجرة."),
    },
    "fa": {
        MENTAL: (
            "می‌خواهم بدون ترس بخوابم.",
            "می‌خواهم با کسی درباره‌ی آنچه برایم اتفاق افتاد حرف بزنم.",
        ),
        PHYSICAL: ("می‌خواهم پیش یک پزشک عمومی (GP) نزدیک خانه‌ام ثبت‌نام کنم.",),
        MONEY: (
            "به یک حساب بانکی به نام خودم نیاز دارم.",
            "می‌خواهم کاری با حقوق منصفانه پیدا کنم.",
        ),
        SOCIAL: ("می‌خواهم انگلیسی یاد بگیرم و دوستان تازه پیدا کنم.",),
        SAFETY: ("می‌خواهم در جایی که زندگی می‌کنم احساس امنیت کنم.",),
        LEGAL: (
            "می‌خواهم بدانم پرونده‌ام به کجا رسیده است.",
            "برای پرونده‌ی پناهندگی‌ام به یک وکیل نیاز دارم.",
        ),
    },
    "ckb": {
        MENTAL: ("دەمەوێت بەبێ ترس بخەوم.",),
        PHYSICAL: ("دەمەوێت بچم بۆ لای دکتۆر.",),
        MONEY: ("دەمەوێت کار بدۆزمەوە.", "پێویستم بە حسابێکی بانکی هەیە."),
        SOCIAL: ("دەمەوێت ئینگلیزی فێر ببم.",),
        SAFETY: ("دەمەوێت لە ماڵەکەم هەست بە ئاسایش بکەم.",),
        LEGAL: ("پێویستم بە پارێزەرێک هەیە.",),
    },
    "ti": {
        MENTAL: ("ብዘይ ፍርሒ ክድቅስ እደሊ።",),
        PHYSICAL: ("ሓኪም ክርኢ እደሊ።",),
        MONEY: ("ስራሕ ክረክብ እደሊ።", "ናይ ባንክ ሕሳብ የድልየኒ።"),
        SOCIAL: ("እንግሊዝኛ ክመሃር እደሊ።",),
        SAFETY: ("ኣብ ዝነብረሉ ቦታ ውሑስ ክኸውን እደሊ።",),
        LEGAL: ("ጠበቓ የድልየኒ።",),
    },
    "vi": {
        MENTAL: (
            "Tôi muốn ngủ mà không sợ hãi.",
            "Tôi muốn nói chuyện với ai đó về những gì đã xảy ra với tôi.",
        ),
        PHYSICAL: ("Tôi muốn đăng ký với bác sĩ gia đình (GP).", "Tôi cần đi khám răng."),
        MONEY: ("Tôi muốn có việc làm ổn định.", "Tôi cần một tài khoản ngân hàng của riêng mình."),
        SOCIAL: ("Tôi muốn học tiếng Anh và có thêm bạn bè.",),
        SAFETY: ("Tôi muốn cảm thấy an toàn ở nơi tôi sống.",),
        LEGAL: (
            "Tôi muốn biết hồ sơ của tôi đang như thế nào.",
            "Tôi cần một luật sư giúp tôi về giấy tờ di trú.",
        ),
    },
    "sq": {
        MENTAL: ("Dua të fle pa frikë.", "Dua të flas me dikë për atë që më ndodhi."),
        PHYSICAL: ("Dua të regjistrohem te një mjek i familjes (GP).",),
        MONEY: (
            "Kam nevojë për një llogari bankare në emrin tim.",
            "Dua një punë me pagë të drejtë.",
        ),
        SOCIAL: ("Dua të mësoj anglisht dhe të bëj shokë të rinj.",),
        SAFETY: ("Dua të jetoj pa frikë aty ku banoj.",),
        LEGAL: ("Dua të di çfarë po ndodh me çështjen time.", "Kam nevojë për një avokat."),
    },
    "ro": {
        MENTAL: (
            "Vreau să dorm fără frică.",
            "Vreau să vorbesc cu cineva despre ce mi s-a întâmplat.",
        ),
        PHYSICAL: ("Vreau să mă înscriu la un medic de familie (GP).",),
        MONEY: (
            "Am nevoie de un cont bancar pe numele meu.",
            "Vreau un loc de muncă cu un salariu corect.",
        ),
        SOCIAL: ("Vreau să învăț engleza și să îmi fac prieteni.",),
        SAFETY: ("Vreau să mă simt în siguranță acolo unde locuiesc.",),
        LEGAL: ("Vreau să știu ce se întâmplă cu dosarul meu.", "Am nevoie de un avocat."),
    },
    "pl": {
        MENTAL: ("Chcę spać bez strachu.", "Chcę porozmawiać z kimś o tym, co mi się stało."),
        PHYSICAL: ("Chcę zapisać się do lekarza rodzinnego (GP).",),
        MONEY: ("Potrzebuję własnego konta w banku.", "Chcę mieć stałą pracę za uczciwą pensję."),
        SOCIAL: ("Chcę uczyć się angielskiego i poznać nowych ludzi.",),
        SAFETY: ("Chcę czuć się bezpiecznie tam, gdzie mieszkam.",),
        LEGAL: ("Chcę wiedzieć, co się dzieje z moją sprawą.", "Potrzebuję prawnika."),
    },
}
CHILDREN_GOALS: dict[str, str] = {
    "ar": "أريد أن أرى أطفالي.",
    "fa": "می‌خواهم بچه‌هایم را ببینم.",
    "ckb": "دەمەوێت منداڵەکانم ببینم.",
    "ti": "ምስ ደቀይ ክራኸብ እደሊ።",
    "vi": "Tôi muốn gặp lại các con tôi.",
    "sq": "Dua të shoh fëmijët e mi.",
    "ro": "Vreau să-mi văd copiii.",
    "pl": "Chcę zobaczyć swoje dzieci.",
}
LONG_OWN_GOALS: dict[str, str] = {
    "ar": (
        "أريد أن أشعر بالأمان في غرفتي. في الليل ما زلت أستمع إلى صوت الباب ولا أستطيع النوم "
        "حتى الصباح. أريد أن يتوقف هذا، وأن أعرف بمن أتصل عندما أخاف، مثل الرقم 999."
    ),
    "fa": (
        "می‌خواهم در اتاق خودم احساس امنیت کنم. شب‌ها هنوز به صدای در گوش می‌دهم و تا صبح "  # noqa: RUF001 - Farsi, not look-alike Latin
        "خوابم نمی‌برد. می‌خواهم این تمام شود و بدانم وقتی می‌ترسم به چه کسی زنگ بزنم."
    ),
    "vi": (
        "Tôi muốn cảm thấy an toàn trong phòng của mình. Ban đêm tôi vẫn lắng nghe tiếng cửa và "
        "không ngủ được cho đến sáng. Tôi muốn điều đó chấm dứt, và tôi muốn biết phải gọi cho "
        "ai khi tôi sợ."
    ),
}

# What is to be done, and who does it, by domain. Interpreter-service actions are used only for
# survivors who need an interpreter.
ACTIONS: dict[RecoveryDomain, tuple[tuple[str, str], ...]] = {
    MENTAL: (
        ("Refer to a trauma counselling service", NAVIGATOR),
        ("Ask the GP about help with sleep", ME),
        ("Talking therapy referral", GP),
        ("Book counselling sessions with an interpreter", INTERPRETER),
        ("Go to the wellbeing group on Thursdays", ME),
    ),
    PHYSICAL: (
        ("Register with a GP practice near the accommodation", NAVIGATOR),
        ("Book a dental appointment", ME),
        ("Health check and blood tests", GP),
        ("Apply for an HC2 certificate for free prescriptions", NAVIGATOR),
        ("Book an interpreter for the GP appointment", INTERPRETER),
    ),
    MONEY: (
        ("Open a basic bank account", ME),
        ("Letter for the bank confirming identity and address", NAVIGATOR),
        ("Apply for a National Insurance number", NAVIGATOR),
        ("Enrol on an ESOL course", ME),
        ("Check which benefits can be claimed", NAVIGATOR),
        ("Look for work with a fair employer", ME),
    ),
    SOCIAL: (
        ("Find a local community group", NAVIGATOR),
        ("Ask about a family tracing service", NAVIGATOR),
        ("Go to the English conversation club", ME),
        ("Find a place of worship nearby", ME),
        ("Interpreter for the first visit to the community group", INTERPRETER),
    ),
    SAFETY: (
        ("Agree how to travel safely to appointments", NAVIGATOR),
        ("Get a new phone and SIM", NAVIGATOR),
        ("Ask about moving to another area", HOUSING),
        ("Save 999 and the Modern Slavery Helpline in the phone", ME),
        ("Housing safety assessment", HOUSING),
        ("Go through the safety plan with an interpreter", INTERPRETER),
    ),
    LEGAL: (
        ("Find a legal aid immigration solicitor", NAVIGATOR),
        ("Ask for an update on the NRM decision", NAVIGATOR),
        ("Apply for permission to stay", SOLICITOR),
        ("Ask for a replacement passport or travel document", SOLICITOR),
        ("Bring identity documents to the solicitor", ME),
        ("Interpreter for the witness statement", INTERPRETER),
    ),
}
CHILDREN_ACTIONS: tuple[tuple[str, str], ...] = (
    ("Ask children's services about contact with the children", NAVIGATOR),
    ("Get advice on family reunion", SOLICITOR),
)

# The survivor's priorities are built from these, in the order the survivor puts them.
PRIORITY_WORDS: dict[RecoveryDomain, tuple[str, ...]] = {
    MENTAL: ("sleeping better", "feeling calmer"),
    PHYSICAL: ("seeing a doctor", "getting my health checked"),
    MONEY: ("having my own money", "finding work"),
    SOCIAL: ("seeing my family", "meeting people"),
    SAFETY: ("feeling safe where I live", "not being found"),
    LEGAL: ("knowing where my case is", "sorting out my papers"),
}

# The safety plan: the first line always, then a few of the others.
SAFETY_FIRST = "If I am in danger I call 999."
SAFETY_LINES = (
    "If I am worried, I call my navigator or the Modern Slavery Helpline on 08000 121 700.",
    "I keep my phone charged and my navigator's number saved under another name.",
    "I do not give my address to anyone from before.",
    "My navigator keeps copies of my documents.",
    "If I see someone from before, I go into a shop or a busy place and call for help.",
    "I travel to appointments at different times and by different routes.",
    "I tell my support worker where I am going when I go out at night.",
)

# Interpreting agencies: fictional, like the towns.
INTERPRETER_AGENCIES = (
    "Demoport Language Services",
    "Exampleton Interpreting Co-operative",
    "Sampleford Community Interpreters",
    "Fictonbury Telephone Interpreting",
)
