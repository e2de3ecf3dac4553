# ruff: noqa: RUF001 - survivor-facing text in Arabic script, on purpose
"""The printed support plan: content in logical order in every script, headings from the
catalogs with the English beside them, the footer, the metadata, large type and RTL mirroring.

Text is extracted back with pypdf and, when installed, with pdftotext (poppler). Arabic-script
text is compared after NFKC normalisation (shaped presentation forms map back to base letters),
with whitespace and bidi controls removed (extractors differ in where they put spaces and
line breaks, and pdftotext wraps right-to-left lines in embedding marks).
"""

from __future__ import annotations

import io
import re
import shutil
import statistics
import subprocess
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from models.dto import (
    NavigatorProfileDTO,
    PrintableAction,
    PrintableDomain,
    PrintableGoal,
    PrintablePlanDTO,
)
from models.enums import ActionStatus, PlanStatus, RecoveryDomain
from models.reports import plan_headings as H
from models.reports.catalog import catalog
from models.reports.support_plan import (
    HELPLINE_NUMBER,
    build_support_plan,
    support_plan_file_name,
    support_plan_title,
)

PRINTED_ON = date(2026, 11, 25)
REFERENCE = "WP-2026-0042"
NAVIGATOR = NavigatorProfileDTO(
    display_name="Jane Smith",
    organisation="Hope Navigators (Kent)",
    work_phone="01632 960 001",
    work_email="jane.smith@example.org",
)

# A multi-line right-to-left paragraph (it wraps to three lines at 12 pt on A4).
ARABIC_PARAGRAPH = (
    "أريد أن أنام جيدا في الليل وأن تتوقف الكوابيس. أريد أن أتحدث مع طبيب نفسي يفهم ما حدث "
    "لي، وأن أشعر بأنني أستطيع أن أثق بالناس مرة أخرى. أحب أن أمشي في الحديقة كل صباح مع "
    "صديقتي، وأريد أن أتعلم الخياطة لأصنع ملابس لابنتي الصغيرة."
)
# A mixed-direction line: Arabic with an English name and a phone number inside it.
ARABIC_MIXED = "اتصل بالممرضة Sarah Jones على الرقم 07700 900123 يوم الاثنين"

D = RecoveryDomain

# Per language: the survivor's words for each domain (in print order), their priorities and
# their safety plan. Every text is distinct, so its position in the extracted text is its own.
CONTENT: dict[str, dict[str, object]] = {
    "en": {
        "name": "Hoa",
        "priorities": "Feel safe where I live.\nFind work that pays fairly.",
        "safety": "If I see the man from the nail bar I will go into a shop and call Jane.",
        "words": {
            D.MENTAL_HEALTH: "I want to sleep through the night without nightmares.",
            D.PHYSICAL_HEALTH: "I want my teeth fixed so that eating does not hurt.",
            D.FINANCIAL_STABILITY: "I want a bank account in my own name.",
            D.SOCIAL_CONNECTION: "I want to join the Saturday women's group.",
            D.SAFETY: "I want to live where those men cannot find me.",
            D.LEGAL_STATUS: "I want to understand what is happening with my case.",
        },
        "action": "Ask the GP about counselling",
    },
    "ar": {
        "name": "أمينة",
        "priorities": "أريد أن أشعر بالأمان في منزلي الجديد.\nأريد أن أتعلم اللغة الإنجليزية.",
        "safety": "إذا شعرت بالخوف سأتصل بسارة على الرقم 07700 900123 ولن أفتح الباب لأحد.",
        "words": {
            D.MENTAL_HEALTH: ARABIC_PARAGRAPH,
            D.PHYSICAL_HEALTH: "أريد أن أسجل عند طبيب عام وأن أعالج أسناني.",
            D.FINANCIAL_STABILITY: "أريد أن أفتح حسابا مصرفيا باسمي.",
            D.SOCIAL_CONNECTION: "أريد أن أجد مجموعة نساء أتحدث معهن.",
            D.SAFETY: "أريد أن أعيش في مكان لا يعرفه الرجل الذي استغلني.",
            D.LEGAL_STATUS: "أريد أن أعرف ماذا يحدث في قضيتي.",
        },
        "action": ARABIC_MIXED,
    },
    "fa": {
        "name": "مریم",
        "priorities": "می‌خواهم احساس امنیت کنم.\nمی‌خواهم کار پیدا کنم.",
        "safety": "اگر ترسیدم به شماره 999 زنگ می‌زنم و در را باز نمی‌کنم.",
        "words": {
            D.MENTAL_HEALTH: "می‌خواهم شب‌ها بدون کابوس بخوابم و با یک مشاور صحبت کنم.",
            D.PHYSICAL_HEALTH: "می‌خواهم دندان‌هایم را درمان کنم.",
            D.FINANCIAL_STABILITY: "می‌خواهم یک حساب بانکی به نام خودم باز کنم.",
            D.SOCIAL_CONNECTION: "می‌خواهم در کلاس زبان انگلیسی دوست پیدا کنم.",
            D.SAFETY: "می‌خواهم در خانه‌ای امن زندگی کنم.",
            D.LEGAL_STATUS: "می‌خواهم بدانم پرونده‌ام به کجا رسیده است.",
        },
        "action": "ثبت نام در کالج محلی با کمک Jane",
    },
    "ti": {
        "name": "ሰላም",
        "priorities": "ብሰላም ክነብር እደሊ።\nስራሕ ክረክብ እደሊ።",
        "safety": "እንተ ፈሪሐ ናብ 999 ክድውል እየ።",
        "words": {
            D.MENTAL_HEALTH: "ብሰላም ክድቅስን ምስ ኣማኻሪ ክዛረብን እደሊ።",
            D.PHYSICAL_HEALTH: "ናብ ሓኪም ክኸይድ እደሊ።",
            D.FINANCIAL_STABILITY: "ናይ ባንክ ሕሳብ ክኸፍት እደሊ።",
            D.SOCIAL_CONNECTION: "ምስ ማሕበረሰብ ኤርትራውያን ክራኸብ እደሊ።",
            D.SAFETY: "ኣብ ውሑስ ቦታ ክነብር እደሊ።",
            D.LEGAL_STATUS: "ጉዳየይ ኣበይ በጺሑ ክፈልጥ እደሊ።",
        },
        "action": "ምስ ሓኪም ቆጸራ ምሓዝ",
    },
    "vi": {
        "name": "Hoa",
        "priorities": "Tôi muốn cảm thấy an toàn.\nTôi muốn tìm việc làm ổn định.",
        "safety": "Nếu tôi thấy người đàn ông đó, tôi sẽ vào cửa hàng và gọi cho Jane.",
        "words": {
            D.MENTAL_HEALTH: "Tôi muốn ngủ ngon mỗi đêm và nói chuyện với một người tư vấn.",
            D.PHYSICAL_HEALTH: "Tôi muốn đăng ký khám với bác sĩ gia đình.",
            D.FINANCIAL_STABILITY: "Tôi muốn mở một tài khoản ngân hàng đứng tên tôi.",
            D.SOCIAL_CONNECTION: "Tôi muốn tham gia nhóm phụ nữ Việt Nam ở nhà thờ.",
            D.SAFETY: "Tôi muốn sống ở nơi mà những người đó không tìm thấy tôi.",
            D.LEGAL_STATUS: "Tôi muốn biết hồ sơ của tôi đang ở giai đoạn nào.",
        },
        "action": "Đăng ký với bác sĩ gia đình (GP)",
    },
}
LANGUAGES = tuple(CONTENT)

_INVISIBLE = re.compile("[\\s\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]+")


def squash(text: str) -> str:
    """Text as compared: NFKC, without whitespace, joiners or bidi controls."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


def make_plan(
    language: str, *, status: PlanStatus = PlanStatus.AGREED, name: str | None = None
) -> PrintablePlanDTO:
    content = CONTENT[language]
    words = content["words"]
    assert isinstance(words, dict)
    domains = []
    for index, domain in enumerate(RecoveryDomain):
        actions = (
            PrintableAction(str(content["action"]), "Me", date(2026, 12, 10), ActionStatus.DONE),
            PrintableAction(
                f"{index + 1} — {domain.value}", "Navigator", None, ActionStatus.IN_PROGRESS
            ),
        )
        goal = PrintableGoal(str(words[domain]), date(2027, 1, 15), actions)
        domains.append(PrintableDomain(domain, (goal,)))
    return PrintablePlanDTO(
        version_id=7,
        case_reference=REFERENCE,
        survivor_name=name if name is not None else str(content["name"]),
        language=language,
        navigator="navigator.one",
        agreed_by_navigator="navigator.one" if status is not PlanStatus.DRAFTED else "",
        version_number=2,
        status=status,
        agreed_on=date(2026, 11, 20) if status is not PlanStatus.DRAFTED else None,
        reviewed_on=None,
        interpreter_language=language if language != "en" else "",
        interpreter_name_or_agency="Language Line" if language != "en" else "",
        survivor_priorities=str(content["priorities"]),
        safety_plan=str(content["safety"]),
        domains=tuple(domains),
    )


def build(plan: PrintablePlanDTO, **options: object) -> bytes:
    kwargs: dict[str, object] = {"navigator": NAVIGATOR, "printed_on": PRINTED_ON}
    kwargs.update(options)
    return build_support_plan(plan, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return {language: build(make_plan(language)) for language in LANGUAGES}


def pypdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def pdftotext(pdf: bytes, tmp_path: Path, *options: str) -> str:
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", *options, "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8")


def assert_in_order(text: str, parts: list[str]) -> None:
    """Each part occurs in ``text`` (squashed), each after the one before it."""
    haystack = squash(text)
    position = 0
    for part in parts:
        found = haystack.find(squash(part), position)
        assert found >= 0, f"not found (in order) after position {position}: {part!r}"
        position = found + len(squash(part))


def _is_rtl(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("R", "AL")


def direction_runs(text: str) -> list[str]:
    """``text`` cut where it turns from right-to-left letters to anything else and back."""
    runs: list[str] = []
    for ch in squash(text):
        if runs and _is_rtl(ch) == _is_rtl(runs[-1][-1]):
            runs[-1] += ch
        else:
            runs.append(ch)
    return runs


def assert_in_order_by_runs(text: str, parts: list[str]) -> None:
    """Like ``assert_in_order``, but within one part only each direction run must be found.

    pdftotext picks one primary direction per page (it counts left-to-right letters against
    right-to-left ones). On a page of a Farsi plan where the English beside the headings, the
    navigator's email and the like outnumber the Farsi letters, it joins the runs of a
    mixed-direction line in visual order. The order of the parts is still checked; the order
    of runs inside a mixed line is checked with pypdf, which follows the content stream.
    """
    haystack = squash(text)
    position = 0
    for part in parts:
        ends = []
        for run in direction_runs(part):
            found = haystack.find(run, position)
            assert found >= 0, f"not found after position {position}: {run!r} of {part!r}"
            ends.append(found + len(run))
        position = max(ends)


def expected_content(language: str) -> list[str]:
    """What must come out, in reading order: priorities, each domain's words, safety plan."""
    content = CONTENT[language]
    words = content["words"]
    assert isinstance(words, dict)
    return [
        str(content["priorities"]),
        *(str(words[domain]) for domain in RecoveryDomain),
        str(content["safety"]),
    ]


def expected_headings(language: str) -> list[str]:
    texts = catalog(language)
    out = [texts.heading(H.MY_PRIORITIES).text, texts.heading(H.MY_GOALS).text]
    out += [texts.heading(H.DOMAIN_HEADING[domain]).text for domain in RecoveryDomain]
    out.append(texts.heading(H.KEEPING_SAFE).text)
    return out


# --- Content in logical order ---------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_domains_content_comes_out_in_logical_order_with_pypdf(
    pdfs: dict[str, bytes], language: str
) -> None:
    text = "\n".join(pypdf_pages(pdfs[language]))
    assert_in_order(text, expected_content(language))
    # Each domain: its heading, then the survivor's words, then the action.
    texts = catalog(language)
    words = CONTENT[language]["words"]
    assert isinstance(words, dict)
    parts = []
    for domain in RecoveryDomain:
        parts += [texts.heading(H.DOMAIN_HEADING[domain]).text, str(words[domain])]
        parts.append(f"{list(RecoveryDomain).index(domain) + 1} — {domain.value}")
    assert_in_order(text, parts)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_domains_content_comes_out_in_logical_order_with_pdftotext(
    pdfs: dict[str, bytes], language: str, tmp_path: Path
) -> None:
    text = pdftotext(pdfs[language], tmp_path)
    assert_in_order_by_runs(text, expected_content(language))
    assert_in_order(text, expected_headings(language))


def test_the_multi_line_arabic_paragraph_wraps_and_keeps_its_word_order(
    pdfs: dict[str, bytes], tmp_path: Path
) -> None:
    pdf = pdfs["ar"]
    # It really is several lines on the page...
    if shutil.which("pdftotext"):
        lines = [line for line in pdftotext(pdf, tmp_path).splitlines() if line.strip()]
        holding = [
            line
            for line in lines
            if len(squash(line)) > 10 and squash(line) in squash(ARABIC_PARAGRAPH)
        ]
        assert len(holding) >= 2, "the paragraph should wrap onto several lines"
        assert squash("".join(holding)) == squash(ARABIC_PARAGRAPH)
    # ...and the words come back in the order they were written, line after line.
    text = "\n".join(pypdf_pages(pdf))
    assert squash(ARABIC_PARAGRAPH) in squash(text)
    words = ARABIC_PARAGRAPH.split()
    assert_in_order(text, [words[0], words[len(words) // 2], words[-1]])


def test_a_mixed_direction_line_keeps_its_order(pdfs: dict[str, bytes], tmp_path: Path) -> None:
    pdf = pdfs["ar"]
    for text in ["\n".join(pypdf_pages(pdf))] + (
        [pdftotext(pdf, tmp_path)] if shutil.which("pdftotext") else []
    ):
        assert squash(ARABIC_MIXED) in squash(text)
        assert_in_order(text, ["بالممرضة", "Sarah Jones", "على الرقم", "07700 900123", "الاثنين"])
        # The phone number is never reversed or split apart.
        assert "009900 00770" not in text and "321009" not in squash(text)


# --- Headings from the catalogs -------------------------------------------------------------


@pytest.mark.parametrize("language", ["ar", "fa", "ti", "vi"])
def test_headings_are_in_the_plans_language_with_the_english_beside_them(
    pdfs: dict[str, bytes], language: str
) -> None:
    texts = catalog(language)
    assert not texts.reviewed  # the shipped drafts: every heading has the English beside it
    text = "\n".join(pypdf_pages(pdfs[language]))
    pairs = [
        (texts.heading(H.PLAN_TITLE).text, H.PLAN_TITLE),
        (texts.heading(H.MY_PRIORITIES).text, H.MY_PRIORITIES),
        *[(texts.heading(H.DOMAIN_HEADING[d]).text, H.DOMAIN_HEADING[d]) for d in RecoveryDomain],
        (texts.heading(H.KEEPING_SAFE).text, H.KEEPING_SAFE),
        (texts.heading(H.YOUR_NAVIGATOR).text, H.YOUR_NAVIGATOR),
    ]
    parts = [part for pair in pairs for part in pair]
    assert_in_order(text, parts)
    # The note that says so, once, in both languages.
    note = texts.heading(H.ENGLISH_BESIDE_NOTE)
    assert squash(text).count(squash(note.text)) == 1
    assert text.count(H.ENGLISH_BESIDE_NOTE) == 1
    # Table headings and statuses are translated too.
    for msgid in (H.WHAT_WILL_HAPPEN, H.BY_WHEN, H.STATUS_DONE, H.STATUS_IN_PROGRESS, H.WHO_ME):
        assert squash(texts.heading(msgid).text) in squash(text)
        assert msgid in text


def test_an_english_plan_prints_no_english_beside_itself(pdfs: dict[str, bytes]) -> None:
    text = "\n".join(pypdf_pages(pdfs["en"]))
    assert H.ENGLISH_BESIDE_NOTE not in text
    assert text.count(H.MENTAL_HEALTH) == 1
    assert_in_order(text, expected_headings("en"))


def test_a_language_override_prints_the_headings_in_that_language(tmp_path: Path) -> None:
    pdf = build(make_plan("ar"), language="vi")
    text = "\n".join(pypdf_pages(pdf))
    assert catalog("vi").heading(H.MY_GOALS).text in text
    assert squash(ARABIC_PARAGRAPH) in squash(text)  # the survivor's words print as written
    assert PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == "vi"


def test_a_language_without_a_catalog_prints_english_headings_right_to_left() -> None:
    plan = replace(make_plan("ar"), language="ur")
    pdf = build(plan)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == "ur"
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert H.MY_GOALS in text and H.ENGLISH_BESIDE_NOTE not in text
    assert title_x(pdf, H.PLAN_TITLE) > 595 / 2  # mirrored: the title sits at the right


# --- Contacts, emergency numbers, signatures, footer ---------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_contacts_emergency_numbers_and_signatures(pdfs: dict[str, bytes], language: str) -> None:
    texts = catalog(language)
    text = "\n".join(pypdf_pages(pdfs[language]))
    assert HELPLINE_NUMBER in text
    assert "999" in texts.heading(H.POLICE_AMBULANCE_FIRE).text
    for msgid in (
        H.YOUR_NAVIGATOR,
        H.EMERGENCY_NUMBERS,
        H.MODERN_SLAVERY_HELPLINE,
        H.HELPLINE_FREE_24_HOURS,
        H.POLICE_AMBULANCE_FIRE,
        H.SIGNED_SURVIVOR,
        H.SIGNED_NAVIGATOR,
    ):
        assert squash(texts.heading(msgid).text) in squash(text), msgid
    for detail in (
        NAVIGATOR.display_name,
        NAVIGATOR.organisation,
        NAVIGATOR.work_phone,
        NAVIGATOR.work_email,
    ):
        assert detail in text


def test_without_navigator_details_the_plan_leaves_lines_to_write_on() -> None:
    pdf = build(make_plan("en"), navigator=None)
    text = "\n".join(pypdf_pages(pdf))
    assert H.YOUR_NAVIGATOR in text and "Jane Smith" not in text
    assert HELPLINE_NUMBER in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_page_x_of_y_and_the_case_reference(
    pdfs: dict[str, bytes], language: str
) -> None:
    pages = pypdf_pages(pdfs[language])
    assert len(pages) >= 2
    texts = catalog(language)
    for number, page_text in enumerate(pages, start=1):
        footer = texts.heading(H.PAGE_X_OF_Y).format(page=number, pages=len(pages))
        assert squash(footer.text) in squash(page_text)
        if footer.english is not None:
            assert footer.english in page_text
        assert REFERENCE in page_text


# --- Metadata and file name -----------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_metadata_title_language_author_and_no_name(pdfs: dict[str, bytes], language: str) -> None:
    reader = PdfReader(io.BytesIO(pdfs[language]))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == f"Support plan {REFERENCE}" == support_plan_title(REFERENCE)
    assert meta.author == "Waypost"
    assert meta.subject and "support plan" in meta.subject.lower()
    assert reader.trailer["/Root"]["/Lang"] == language
    name = str(CONTENT[language]["name"])
    for value in meta.values():
        assert name not in str(value)


def test_the_default_file_name_holds_no_personal_data() -> None:
    assert support_plan_file_name(REFERENCE, 2) == "support-plan-WP-2026-0042-v2.pdf"
    assert support_plan_file_name(" WP-2026-0042/../x ", 1) == "support-plan-WP-2026-0042-x-v1.pdf"


# --- Drafts ---------------------------------------------------------------------------------


def test_a_draft_says_so_and_has_no_agreement_date() -> None:
    plan = make_plan("ar", status=PlanStatus.DRAFTED)
    pdf = build(plan)
    pages = pypdf_pages(pdf)
    notice = catalog("ar").heading(H.DRAFT_NOTICE)
    assert squash(notice.text) in squash(pages[0]) and H.DRAFT_NOTICE in pages[0]
    assert all("DRAFT" in page for page in pages)  # the watermark, on every page
    assert "20/11/2026" not in pages[0]
    agreed = build(make_plan("ar"))
    assert "DRAFT" not in "\n".join(pypdf_pages(agreed))
    assert H.DRAFT_NOTICE not in "\n".join(pypdf_pages(agreed))


# --- Large type -----------------------------------------------------------------------------


def font_sizes(pdf: bytes) -> list[float]:
    sizes: list[float] = []

    def visit(operator: bytes, operands: list[object], cm: object, tm: object) -> None:
        if operator == b"Tf":
            sizes.append(float(operands[1]))  # type: ignore[arg-type]

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_operand_before=visit)
    return sizes


@pytest.mark.parametrize("language", ["en", "ar"])
def test_large_type_has_bigger_glyphs_and_more_pages(pdfs: dict[str, bytes], language: str) -> None:
    large = build(make_plan(language), large_type=True)
    normal = pdfs[language]
    assert len(PdfReader(io.BytesIO(large)).pages) > len(PdfReader(io.BytesIO(normal)).pages)
    normal_body = statistics.median(font_sizes(normal))
    large_body = statistics.median(font_sizes(large))
    assert 10 <= normal_body <= 12
    assert 15 <= large_body <= 17
    assert_in_order("\n".join(pypdf_pages(large)), expected_content(language))


# --- Right-to-left layout -------------------------------------------------------------------


def title_x(pdf: bytes, english_title: str) -> float:
    """Where the English line under the title starts (the text matrix's x)."""
    found: list[float] = []

    def visit(text: str, cm: object, tm: list[float], font: object, size: object) -> None:
        if english_title in text:
            found.append(tm[4])

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    assert found, "the title was not found"
    return found[0]


def test_a_right_to_left_plan_is_mirrored(pdfs: dict[str, bytes]) -> None:
    width = 595
    assert title_x(pdfs["en"], H.PLAN_TITLE) < 80  # left margin
    assert title_x(pdfs["vi"], H.PLAN_TITLE) < 80
    for language in ("ar", "fa"):
        # The English under the title is right-aligned: it starts well past the middle.
        assert title_x(pdfs[language], H.PLAN_TITLE) > width / 2


# --- Robustness ----------------------------------------------------------------------------


def test_very_long_texts_flow_over_pages_without_error() -> None:
    long_words = ("أريد أن أعيش بسلام مع ابنتي. " * 700).strip()  # ~20,000 characters
    long_action = "Phone the council housing team about the repairs. " * 100
    plan = make_plan("ar")
    first = plan.domains[0]
    goal = replace(
        first.goals[0],
        survivor_words=long_words,
        actions=(
            PrintableAction(long_action, "Council", None, ActionStatus.NOT_STARTED),
            *first.goals[0].actions,
        ),
    )
    plan = replace(
        plan,
        survivor_priorities="X " * 3000,
        domains=(replace(first, goals=(goal,)), *plan.domains[1:]),
    )
    for large in (False, True):
        pdf = build(plan, large_type=large)
        reader = PdfReader(io.BytesIO(pdf))
        assert len(reader.pages) > 8
        text = "\n".join(page.extract_text() for page in reader.pages)
        assert_in_order(text, [long_words[-200:], str(CONTENT["ar"]["safety"])])


def test_an_empty_plan_still_prints_every_domain_heading() -> None:
    plan = replace(make_plan("en"), domains=(), survivor_priorities="", safety_plan="")
    text = "\n".join(pypdf_pages(build(plan)))
    assert_in_order(text, [catalog("en").heading(h).text for h in H.DOMAIN_HEADINGS])
    assert text.count(H.NO_GOALS_YET) == 6
