"""The chronology as a PDF (reportlab), laid out for a case file or a court bundle.

Text in a reportlab Paragraph is markup, so everything a person typed is escaped first.
"""

import io
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from . import chronology

MARKING = "OFFICIAL-SENSITIVE: personal information about a child"
MARGIN = 16 * mm
BLACK = colors.HexColor("#0b0c0c")
GREY = colors.HexColor("#505a5f")
RULE = colors.HexColor("#b1b4b6")
FLAG = colors.HexColor("#942514")  # GOV.UK's red tag text: readable, and dark in greyscale

# DejaVu Sans covers the accented letters of most European names (ș, ă, ő, ...); the
# Vera font reportlab ships with covers fewer, but is always there.
_FONTS = [
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
     "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    (str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"),
     str(Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf")),
]


def _register_fonts() -> tuple[str, str]:
    regular, bold = next((r, b) for r, b in _FONTS if Path(r).exists() and Path(b).exists())
    if "Chronology" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Chronology", regular))
        pdfmetrics.registerFont(TTFont("Chronology-Bold", bold))
    return "Chronology", "Chronology-Bold"


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = _register_fonts()
    base = ParagraphStyle("body", fontName=regular, fontSize=9, leading=12, textColor=BLACK)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10, textColor=GREY),
        "bold": ParagraphStyle("bold", parent=base, fontName=bold),
        "flag": ParagraphStyle("flag", parent=base, fontName=bold, fontSize=8, leading=11,
                               textColor=FLAG),
        "head": ParagraphStyle("head", parent=base, fontName=bold, fontSize=9),
        "h1": ParagraphStyle("h1", parent=base, fontName=bold, fontSize=20, leading=24,
                             spaceAfter=2 * mm),
        "h2": ParagraphStyle("h2", parent=base, fontName=bold, fontSize=13, leading=17),
    }


def render(child, entries, filters: chronology.Filters, *, user, at) -> bytes:
    """The PDF's bytes: who the child is, what the chronology covers, then the entries."""
    styles = _styles()
    who = user.get_full_name() or user.username
    stamp = f"Exported by {who} on {at:%-d %B %Y at %H:%M}"
    footer = f"{child.full_name} ({child.la_child_id}) · {stamp}"
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN + 4 * mm, bottomMargin=MARGIN + 4 * mm,
                            title=f"Chronology: {child.full_name}", author=who,
                            subject=MARKING)
    story = [*_heading(child, filters, stamp, styles), _table(entries, styles, doc.width)]
    doc.build(story, canvasmaker=lambda *a, **k: _NumberedCanvas(*a, footer=footer, **k))
    return buffer.getvalue()


def _heading(child, filters, stamp, styles) -> list:
    p = lambda text, style="body": Paragraph(escape(text), styles[style])  # noqa: E731
    born = (f"Born {child.date_of_birth:%-d %B %Y}" if child.date_of_birth
            else "Date of birth not recorded")
    return [
        p("Chronology", "h1"),
        p(child.full_name, "h2"),
        p(f"LA child ID {child.la_child_id} · {born} · {child.responsible_council.name}"),
        Spacer(0, 3 * mm),
        p(f"Covering {chronology.period(filters)}. Showing: {chronology.describe(filters)}."),
        p(stamp, "small"),
        Spacer(0, 5 * mm),
    ]


def _table(entries, styles, width) -> Table:
    cell = lambda text, style="body": Paragraph(escape(text), styles[style])  # noqa: E731
    rows = [[cell(h, "head") for h in ("Date", "Event", "What happened", "Recorded by")]]
    for e in entries:
        event = [cell(e.title, "bold"), *([cell("Significant event", "flag")] if e.significant
                                          else [])]
        rows.append([cell(f"{e.date:%-d %b %Y}"), event,
                     cell(e.summary or "–"), cell(e.recorded_by, "small")])
    if not entries:
        rows.append([cell("Nothing recorded for this period and these filters."), "", "", ""])
    widths = [24 * mm, 48 * mm, width - 24 * mm - 48 * mm - 30 * mm, 30 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 1.2, BLACK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
        *([("SPAN", (0, 1), (-1, 1))] if not entries else []),
    ]))
    return table


class _NumberedCanvas(Canvas):
    """Holds each page back until the end, so every footer can say 'page 2 of 7'."""

    def __init__(self, *args, footer: str, **kwargs):
        super().__init__(*args, **kwargs)
        self._footer, self._pages = footer, []

    def showPage(self):  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._decorate(number, len(self._pages))
            super().showPage()
        super().save()

    def _decorate(self, number: int, total: int) -> None:
        width, height = A4
        font = "Chronology" if "Chronology" in pdfmetrics.getRegisteredFontNames() else "Helvetica"
        self.setFont(font, 8)
        self.setFillColor(GREY)
        self.drawCentredString(width / 2, height - MARGIN + 2 * mm, MARKING)
        self.drawString(MARGIN, MARGIN - 2 * mm, self._footer)
        self.drawRightString(width - MARGIN, MARGIN - 2 * mm, f"Page {number} of {total}")
