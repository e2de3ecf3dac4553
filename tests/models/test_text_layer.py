"""The multi-script text layer: fonts, runs, bidi order, wrapping, and what the PDF gives back.

The PDF tests build a real two-page document with SimpleDocTemplate: page 1 holds left-to-right
scripts, page 2 right-to-left ones (so pdftotext reads it as a right-to-left page). They extract
the text again with pypdf and with pdftotext, and render the pages with pdftoppm.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tomllib
import unicodedata
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import bidi
import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, SimpleDocTemplate

from models.reports import fonts
from models.reports.fonts import FontFamily
from models.reports.text import MultiScriptParagraph, TextStyle, draw_line, text_width
from models.reports.text.layout import layout_text
from models.reports.text.ordering import base_level, resolve_levels, visual_order
from models.reports.text.scripts import assign_families
from models.reports.text.shaping import harfbuzz_font, plain, shape

ENGLISH = (
    "This plan was agreed with you. Call the Modern Slavery Helpline on 08000 121 700, "
    "or 999 in an emergency."
)
VIETNAMESE = "Kế hoạch hỗ trợ của bạn: người hỗ trợ sẽ giúp bạn tìm chỗ ở an toàn."
TIGRINYA = "ናይ ደገፍ መደብ፡ እዚ መደብ ምሳኻ ዝተሰማማዕናሉ እዩ።"
CYRILLIC = "Ваш план поддержки: мы поможем вам найти безопасное жильё."
HINDI = "आपकी सहायता योजना: परिवार की सहायता और सुरक्षित आवास।"
PUNJABI = "ਤੁਹਾਡੀ ਸਹਾਇਤਾ ਯੋਜਨਾ: ਪਰਿਵਾਰ ਦੀ ਮਦਦ ਅਤੇ ਸੁਰੱਖਿਅਤ ਰਿਹਾਇਸ਼।"
ARABIC_HEADING = "خطة الدعم الخاصة بك"
ARABIC = (
    "تم الاتفاق على هذه الخطة معك. وهي تذكر ما تريد العمل عليه ومن سيساعدك في ذلك. "
    "إذا شعرت بالخطر في أي وقت، اتصل بالرقم 999 فوراً. يمكنك أيضاً الاتصال بخط المساعدة "
    "الخاص بالعبودية الحديثة على الرقم 08000 121 700 في أي وقت من النهار أو الليل، "
    "والمكالمة مجانية. سيساعدك مرشدك في الحصول على سكن آمن ورعاية صحية ودعم قانوني."
)
FARSI = "برنامه حمایتی شما: ما می‌خواهیم به شما کمک کنیم تا جای امنی برای زندگی پیدا کنید."
MIXED = "اتصل بـ Sarah على 07700 900123"

BODY = TextStyle(size=12)
HEADING = TextStyle(size=16, bold=True)
MARGIN = 20 * mm
FRAME_LEFT = MARGIN + 6  # SimpleDocTemplate's frame keeps 6 pt of padding
FRAME_RIGHT = A4[0] - MARGIN - 6

_BIDI_CONTROLS = dict.fromkeys([0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
_PUNCTUATION = re.compile(r"[.,:;!?()\u060c\u061b\u061f\u06d4\u0964\u1361-\u1368]")


def _norm(text: str) -> str:
    """NFKC (Arabic presentation forms back to letters), no bidi controls, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).translate(_BIDI_CONTROLS)
    return " ".join(text.split())


def _words(text: str) -> list[str]:
    """The words of ``text``, for extractors that move punctuation and spaces around.

    pdftotext wraps the left-to-right parts of a right-to-left line in embedding controls and
    puts the neighbouring spaces and punctuation on their far side; words stay whole.
    """
    text = _PUNCTUATION.sub(" ", _norm(text))
    # A space wherever the script direction changes, e.g. between "999" and an Arabic word.
    text = re.sub(
        r"(?<=[0-9A-Za-z])(?=[\u0600-\u06ff])|(?<=[\u0600-\u06ff])(?=[0-9A-Za-z])", " ", text
    )
    return text.split()


def _in_order(haystack: list[str], needle: list[str]) -> bool:
    """Whether ``needle`` occurs in ``haystack`` as one contiguous run."""
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


# ---------------------------------------------------------------------------------------------
# Fonts


def test_every_bundled_face_and_the_licence_are_packaged_resources() -> None:
    folder = files("resources").joinpath("fonts")
    for regular, bold in fonts.FONT_FILES.values():
        for name in (regular, bold):
            data = folder.joinpath(name).read_bytes()
            assert data[:4] in (b"\x00\x01\x00\x00", b"true"), name
    assert "SIL OPEN FONT LICENSE Version 1.1" in folder.joinpath("OFL.txt").read_text("utf-8")
    assert folder.joinpath("__init__.py").is_file()
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text("utf-8"))
    package_data = pyproject["tool"]["setuptools"]["package-data"]["*"]
    assert "*.ttf" in package_data
    assert "*.txt" in package_data


def test_fonts_register_once_under_waypost_names() -> None:
    fonts.register_fonts()
    first = pdfmetrics.getFont("Waypost-NotoNaskhArabic-Bold")
    fonts.register_fonts()
    assert pdfmetrics.getFont("Waypost-NotoNaskhArabic-Bold") is first
    assert fonts.font_name(FontFamily.ETHIOPIC) == "Waypost-NotoSansEthiopic"
    assert fonts.covers(FontFamily.NASKH_ARABIC, "ب")
    assert not fonts.covers(FontFamily.SANS, "ب")


def test_each_script_gets_its_own_font_and_neutrals_join_a_neighbour() -> None:
    text = "Sarah: ب 07700 ናይ परिवार ਪਰਿਵਾਰ Жильё"
    levels = resolve_levels(text, 0)
    families = assign_families(text, levels, rtl=False)
    by_char = dict(zip(text, families, strict=True))
    assert by_char["S"] == FontFamily.SANS
    assert by_char[":"] == FontFamily.SANS  # after Latin
    assert by_char["ب"] == FontFamily.NASKH_ARABIC
    assert families[text.index("07700")] == FontFamily.NASKH_ARABIC  # follows the Arabic word
    assert by_char["ና"] == FontFamily.ETHIOPIC
    assert by_char["प"] == FontFamily.DEVANAGARI
    assert by_char["ਪ"] == FontFamily.GURMUKHI
    assert by_char["Ж"] == FontFamily.SANS
    # Noto Naskh has no parentheses: they fall back to a font that has them.
    parens = assign_families("(بيت)", resolve_levels("(بيت)", 1), rtl=True)
    assert parens[0] == parens[-1] == FontFamily.SANS


def _drawn_glyphs(font: str, codes: str) -> list[int]:
    face = pdfmetrics.getFont(font).face
    return [face.charToGlyph[ord(code)] for code in codes]


def test_arabic_is_joined_and_its_glyphs_come_right_to_left() -> None:
    font = fonts.font_name(FontFamily.NASKH_ARABIC)
    face = pdfmetrics.getFont(font).face
    glyphs = shape(font, "بيت", rtl=True)
    assert glyphs.shaped
    drawn = _drawn_glyphs(font, glyphs.codes)
    assert len(drawn) == 3
    isolated = {char: face.charToGlyph[ord(char)] for char in "بيت"}
    # Drawn left to right: the final teh first, the initial beh last, none in isolated form.
    assert drawn[0] != isolated["ت"]
    assert drawn[-1] != isolated["ب"]
    assert drawn[1] != isolated["ي"]
    assert glyphs.advance != pytest.approx(plain(font, "بيت").advance)


def test_indic_vowel_signs_are_reordered_by_shaping() -> None:
    for family, word, sign in [
        (FontFamily.DEVANAGARI, "कि", "ivowelsign"),
        (FontFamily.GURMUKHI, "ਪਿ", "imatra"),
    ]:
        font = fonts.font_name(family)
        hb_font = harfbuzz_font(font)
        names = [
            hb_font.glyph_to_string(g) for g in _drawn_glyphs(font, shape(font, word, False).codes)
        ]
        # The short i sign is written after the consonant but drawn before it.
        assert len(names) == 2
        assert names[0].startswith(sign), names


def test_complex_scripts_are_shaped_and_simple_ones_are_not() -> None:
    layout = layout_text("Sarah ናይ بيت परिवार ਪਰਿਵਾਰ", BODY)
    shaped = {piece.text: piece.glyphs.shaped for piece, _ in layout.lines[0].pieces}
    assert shaped["بيت"] and shaped["परिवार"] and shaped["ਪਰਿਵਾਰ"]
    assert not any(flag for text, flag in shaped.items() if "Sarah" in text or "ናይ" in text)


# ---------------------------------------------------------------------------------------------
# Bidi order and wrapping


@pytest.mark.parametrize(
    "text",
    [
        "Hello عالم world",
        "اتصل بـ Sarah على 999",
        "رقم 1,234.50 جنيه",
        "می‌خواهم کمک کنم ۱۲۳ و 456.",
        "abc (عربي) def",
        "عربي: Sarah, Tom و 5%",
    ],
)
def test_line_order_matches_python_bidi(text: str) -> None:
    level = base_level(text)
    levels = resolve_levels(text, level)
    order = visual_order(range(len(text)), lambda i: levels[i], level, lambda i: text[i] == " ")
    assert "".join(text[i] for i in order) == bidi.get_display(text)


def _visual(text: str, width: float | None = None) -> list[str]:
    """Each laid-out line's logical pieces, left to right as drawn."""
    layout = layout_text(text, BODY, "auto", width)
    return [
        " ".join(piece.text for piece, _ in sorted(line.pieces, key=lambda p: p[1]))
        for line in layout.lines
    ]


def test_numbers_and_names_inside_arabic_keep_their_own_order() -> None:
    (line,) = _visual(MIXED)
    # Drawn left to right: the phone number as one unit, then the name, then the Arabic words.
    assert line.index("07700 900123") < line.index("على") < line.index("Sarah") < line.index("اتصل")
    assert layout_text(MIXED, BODY).rtl


def test_rtl_paragraph_wraps_in_logical_order_and_each_line_reads_right_to_left() -> None:
    width = 300.0
    layout = layout_text(ARABIC, BODY, "auto", width)
    assert layout.rtl
    assert len(layout.lines) >= 3
    assert " ".join(line.text for line in layout.lines) == ARABIC
    for line in layout.lines:
        assert line.advance * BODY.size / 1000 <= width + 0.01
        logical_words = line.text.split()
        drawn = sorted(line.pieces, key=lambda p: p[1])
        # The rightmost piece starts the line's first word, the leftmost ends its last one.
        assert logical_words[0].startswith(drawn[-1][0].text)
        assert logical_words[-1].endswith(drawn[0][0].text)


def test_a_grouped_phone_number_is_never_cut_over_two_lines() -> None:
    for width in range(120, 420, 7):
        lines = [line.text for line in layout_text(ARABIC, BODY, "auto", width).lines]
        assert any("08000 121 700" in line for line in lines), width


def test_a_word_wider_than_the_line_is_cut_between_clusters() -> None:
    word = "परिवारपरिवारपरिवारपरिवारपरिवार"
    layout = layout_text(word, BODY, "auto", 60)
    assert len(layout.lines) > 1
    assert "".join(line.text for line in layout.lines) == word
    for line in layout.lines:
        assert line.advance * BODY.size / 1000 <= 60.01
        assert unicodedata.category(line.text[0])[0] != "M"  # no line starts with a vowel sign


def test_direction_can_be_forced_and_strange_characters_do_not_break_layout() -> None:
    assert layout_text("999", BODY).rtl is False
    assert layout_text("999", BODY, "rtl").rtl is True
    assert layout_text("Sarah يا", BODY, "auto").rtl is False
    odd = "بيت \u2067Sarah\u2069 \u0378 \u05ff x"
    assert " ".join(line.text for line in layout_text(odd, BODY).lines).startswith("بيت Sarah")
    assert layout_text("   \n ", BODY).lines == ()


def test_bold_and_large_type() -> None:
    bold = layout_text("Bold بيت", TextStyle(bold=True))
    assert all(piece.font_name.endswith("-Bold") for piece, _ in bold.lines[0].pieces)
    large = BODY.large()
    assert large.size == pytest.approx(BODY.size * 1.4)
    assert large.line_height == pytest.approx(BODY.line_height * 1.4)
    normal_lines = len(layout_text(ARABIC, BODY, "auto", 400).lines)
    assert len(layout_text(ARABIC, large, "auto", 400).lines) > normal_lines
    assert text_width("Sarah", large) == pytest.approx(text_width("Sarah", BODY) * 1.4)


# ---------------------------------------------------------------------------------------------
# A real PDF


@dataclass
class Built:
    path: Path
    paragraphs: dict[str, MultiScriptParagraph]

    def pypdf_pages(self) -> list[str]:
        reader = PdfReader(self.path)
        return [page.extract_text() for page in reader.pages]


def _footer(canvas: Canvas, doc: SimpleDocTemplate) -> None:
    style = TextStyle(size=8)
    draw_line(canvas, FRAME_LEFT, 12 * mm, f"Waypost {doc.page}", style, "left")
    draw_line(canvas, FRAME_RIGHT, 12 * mm, "خطة الدعم — Sarah", style, "right")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    samples = {
        "english": (ENGLISH, BODY),
        "vietnamese": (VIETNAMESE, BODY),
        "tigrinya": (TIGRINYA, BODY),
        "cyrillic": (CYRILLIC, BODY),
        "hindi": (HINDI, BODY),
        "punjabi": (PUNJABI, BODY),
        "arabic_heading": (ARABIC_HEADING, HEADING),
        "arabic": (ARABIC, BODY),
        "farsi": (FARSI, BODY),
        "mixed": (MIXED, BODY),
    }
    paragraphs = {key: MultiScriptParagraph(text, style) for key, (text, style) in samples.items()}
    story = list(paragraphs.values())
    story.insert(list(samples).index("arabic_heading"), PageBreak())
    path = tmp_path_factory.mktemp("text-layer") / "scripts.pdf"
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title="Text layer",
    )
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return Built(path, paragraphs)


def _pdftotext(path: Path, page: int, *extra: str) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    command = ["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), *extra]
    return subprocess.run(
        [*command, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_arabic_paragraph_really_wraps_over_several_lines(built: Built) -> None:
    paragraph = built.paragraphs["arabic"]
    assert paragraph.direction == "rtl"
    assert len(paragraph.lines) >= 3
    assert " ".join(paragraph.lines) == ARABIC


@pytest.mark.parametrize(
    ("key", "page"),
    [
        ("english", 0),
        ("vietnamese", 0),
        ("tigrinya", 0),
        ("cyrillic", 0),
        ("hindi", 0),
        ("punjabi", 0),
        ("arabic_heading", 1),
        ("farsi", 1),
        ("mixed", 1),
    ],
)
def test_pypdf_gives_back_each_text_in_logical_order(built: Built, key: str, page: int) -> None:
    paragraph = built.paragraphs[key]
    extracted = _norm(built.pypdf_pages()[page])
    assert _norm(paragraph.text) in extracted


def test_pypdf_gives_back_the_wrapped_arabic_lines_in_order(built: Built) -> None:
    extracted = [_norm(line) for line in built.pypdf_pages()[1].splitlines()]
    wrapped = [_norm(line) for line in built.paragraphs["arabic"].lines]
    start = extracted.index(wrapped[0])
    assert extracted[start : start + len(wrapped)] == wrapped


@pytest.mark.parametrize("key", ["english", "vietnamese", "tigrinya", "cyrillic"])
def test_pdftotext_gives_back_left_to_right_text_exactly(built: Built, key: str) -> None:
    extracted = _norm(_pdftotext(built.path, 1))
    assert _norm(built.paragraphs[key].text) in extracted


@pytest.mark.parametrize("key", ["arabic_heading", "farsi", "mixed"])
def test_pdftotext_gives_back_right_to_left_words_in_logical_order(built: Built, key: str) -> None:
    extracted = _words(_pdftotext(built.path, 2))
    assert _in_order(extracted, _words(built.paragraphs[key].text))


def test_pdftotext_gives_back_the_wrapped_arabic_lines_in_order(built: Built) -> None:
    extracted = [_words(line) for line in _pdftotext(built.path, 2).splitlines()]
    extracted = [words for words in extracted if words]
    wrapped = [_words(line) for line in built.paragraphs["arabic"].lines]
    start = extracted.index(wrapped[0])
    assert extracted[start : start + len(wrapped)] == wrapped


def test_the_mixed_line_keeps_the_name_and_the_number_whole(built: Built) -> None:
    assert "Sarah على 07700 900123" in _norm(built.pypdf_pages()[1])
    if shutil.which("pdftotext"):
        assert "07700 900123" in _norm(_pdftotext(built.path, 2))


@dataclass(frozen=True)
class Box:
    """A line of text as pdftotext places it, in points from the top left of the page."""

    x_min: float
    y_min: float
    x_max: float
    y_max: float
    text: str


_LINE = re.compile(
    r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S
)


def _line_boxes(path: Path, page: int) -> list[Box]:
    html = _pdftotext(path, page, "-bbox-layout")
    boxes = []
    for match in _LINE.finditer(html):
        words = " ".join(re.findall(r">([^<]*)</word>", match.group(5)))
        x_min, y_min, x_max, y_max = (float(match.group(i)) for i in range(1, 5))
        boxes.append(Box(x_min, y_min, x_max, y_max, words))
    return boxes


def _is_footer(box: Box) -> bool:
    return box.y_min > A4[1] - MARGIN


def test_right_to_left_lines_sit_at_the_right_margin(built: Built) -> None:
    body = [box for box in _line_boxes(built.path, 2) if not _is_footer(box)]
    assert len(body) >= 6
    for box in body:
        assert re.search("[\u0600-\u06ff]", box.text), box.text
        assert box.x_max == pytest.approx(FRAME_RIGHT, abs=1.5), box.text
    # Short lines (the heading, the mixed line) are right-aligned, far from the left margin.
    assert sum(box.x_min > FRAME_LEFT + 100 for box in body) >= 2
    for box in _line_boxes(built.path, 1):
        if not _is_footer(box):
            assert box.x_min == pytest.approx(FRAME_LEFT, abs=1.5), box.text


def _render(path: Path, out: Path) -> list[Image.Image]:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(path), str(out / "page")], check=True)
    return [Image.open(p).convert("L") for p in sorted(out.glob("page-*.png"))]


def _ink(image: Image.Image, top: float, bottom: float) -> tuple[int, int, int] | None:
    """(leftmost, rightmost, dark pixel count) of the ink between two heights in points."""
    px = image.width / A4[0]
    band = image.crop((0, int(top * px), image.width, int(bottom * px) + 1))
    ink = band.point(lambda value: 255 if value < 128 else 0)
    box = ink.getbbox()
    if box is None:
        return None
    return box[0], box[2], ink.histogram()[255]


def test_rendered_pages_have_ink_left_aligned_on_page_1_right_aligned_on_page_2(
    built: Built, tmp_path: Path
) -> None:
    pages = _render(built.path, tmp_path)
    assert len(pages) == 2
    px = pages[0].width / A4[0]
    for number, image in enumerate(pages, start=1):
        ink = _ink(image, 0, A4[1] - MARGIN)  # above the footer
        assert ink is not None, f"page {number} is blank"
        left, right, dark = ink
        assert dark > 2000, f"page {number} has almost no ink"
        if number == 1:
            assert left == pytest.approx(FRAME_LEFT * px, abs=3)
        else:
            assert right == pytest.approx(FRAME_RIGHT * px, abs=3)
    # The mixed line's ink: at the right margin, and nowhere near the left one.
    mixed = next(box for box in _line_boxes(built.path, 2) if "Sarah" in box.text)
    ink = _ink(pages[1], mixed.y_min, mixed.y_max)
    assert ink is not None
    left, right, _ = ink
    assert right == pytest.approx(FRAME_RIGHT * px, abs=3)
    assert left > (FRAME_LEFT + 150) * px


def test_draw_line_aligns_to_the_given_edge(tmp_path: Path) -> None:
    path = tmp_path / "line.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    style = TextStyle(size=10)
    width = draw_line(canvas, 500, 700, MIXED, style, "right")
    draw_line(canvas, 100, 600, ENGLISH[:30], style, "left")
    canvas.save()
    assert width == pytest.approx(text_width(MIXED, style))
    boxes = _line_boxes(path, 1)
    right = next(box for box in boxes if "Sarah" in box.text)
    left = next(box for box in boxes if "plan" in box.text)
    assert right.x_max == pytest.approx(500, abs=1.0)
    assert right.x_max - right.x_min == pytest.approx(width, abs=2.0)
    assert left.x_min == pytest.approx(100, abs=1.0)
    assert "Sarah على 07700 900123" in _norm(PdfReader(path).pages[0].extract_text())


def test_a_paragraph_longer_than_a_page_splits_and_keeps_its_line_order(tmp_path: Path) -> None:
    text = " ".join([ARABIC] * 12)
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build([MultiScriptParagraph(text, BODY)])
    reader = PdfReader(buffer)
    assert len(reader.pages) >= 2
    extracted = _norm(" ".join(page.extract_text() for page in reader.pages))
    assert extracted == _norm(text)
