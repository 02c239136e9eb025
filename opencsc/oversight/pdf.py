"""The monthly performance report as a PDF (reportlab), for the council's contract meeting.

It holds aggregate figures only, never a child. Text is escaped before it becomes
reportlab markup.
"""

import io
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, PolyLine
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .format import figure, sparkline_points
from .status import TargetStatus

MARKING = "OFFICIAL: aggregate figures, no personal information"
MARGIN = 14 * mm
BLACK = colors.HexColor("#0b0c0c")
GREY = colors.HexColor("#505a5f")
RULE = colors.HexColor("#b1b4b6")
STATUS_COLOURS = {  # GOV.UK tag text colours: readable, and distinct in greyscale
    TargetStatus.MET: colors.HexColor("#005a30"),
    TargetStatus.CLOSE: colors.HexColor("#594d00"),
    TargetStatus.MISSED: colors.HexColor("#942514"),
    TargetStatus.NO_DATA: GREY,
}
# The standard PDF fonts: a report of figures and measure titles needs nothing more, and
# its text stays searchable and copyable. (A name outside Latin-1 shows a box.)
FONTS = ("Helvetica", "Helvetica-Bold")


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = FONTS
    body = ParagraphStyle("body", fontName=regular, fontSize=9, leading=12, textColor=BLACK)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7.5, leading=10,
                                textColor=GREY),
        "head": ParagraphStyle("head", parent=body, fontName=bold),
        "h1": ParagraphStyle("h1", parent=body, fontName=bold, fontSize=18, leading=22,
                             spaceAfter=2 * mm),
        **{s.value: ParagraphStyle(s.value, parent=body, fontName=bold,
                                   textColor=STATUS_COLOURS[s]) for s in TargetStatus},
    }


def render(report, council, month, *, user, at) -> bytes:
    """The PDF's bytes: heading, a summary of statuses, then one row per contract measure."""
    styles = _styles()
    who = user.get_full_name() or user.username
    buffer = io.BytesIO()
    title = f"Monthly performance report: {council.name}, {month:%B %Y}"
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=MARGIN,
                            rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
                            title=title, author=who, subject=MARKING)
    p = lambda text, style="body": Paragraph(escape(text), styles[style])  # noqa: E731
    story = [p(title, "h1"), p(MARKING, "small"),
             p(f"Produced by {who} on {at:%-d %B %Y at %H:%M}.", "small"), Spacer(0, 4 * mm)]
    if report is None:
        story.append(p(f"No contract between {council.name} and the trust was in force in "
                       f"{month:%B %Y}."))
    else:
        story += [p(f"{report.contract.name}. " + _summary(report)), Spacer(0, 4 * mm),
                  _table(report, styles, doc.width)]
    doc.build(story)
    return buffer.getvalue()


def _summary(report) -> str:
    parts = [f"{count} {label.lower()}" for label, count in report.summary.items() if count]
    return f"Of {len(report.rows)} contract measures: {', '.join(parts) or 'none'}."


def _table(report, styles, width) -> Table:
    cell = lambda text, style="body": Paragraph(escape(text), styles[style])  # noqa: E731
    heads = ["Measure", "Figure", "Target", "Status", "England", "Last 12 months"]
    rows = [[cell(h, "head") for h in heads]]
    for row in report.rows:
        values = [v for _, v in row.trend]
        target = figure(row.measure.target, row.unit)
        if row.measure.tolerance:
            target += f" (±{figure(row.measure.tolerance, row.unit)})"
        rows.append([
            [cell(row.title), cell(f"{row.code} · {row.measure.get_direction_display()}",
                                   "small")],
            cell(figure(row.value, row.unit)), cell(target),
            cell(row.status.label, row.status.value), cell(figure(row.england, row.unit)),
            [_sparkline(values), cell(_trend_words(row), "small")],
        ])
    widths = [width - 200 * mm, 22 * mm, 30 * mm, 32 * mm, 22 * mm, 94 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 1.2, BLACK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))
    return table


def _trend_words(row) -> str:
    known = [(m, v) for m, v in row.trend if v is not None]
    if not known:
        return "No figures for these months."
    (first_month, first), (last_month, last) = known[0], known[-1]
    return (f"{first_month:%b %Y}: {figure(first, row.unit)} → "
            f"{last_month:%b %Y}: {figure(last, row.unit)}")


def _sparkline(values, width=90 * mm, height=9 * mm) -> Drawing:
    drawing = Drawing(width, height + 2)
    points = [(x, height - y + 1) for x, y in sparkline_points(values, width, height)]
    if len(points) > 1:
        drawing.add(PolyLine([c for point in points for c in point], strokeColor=BLACK,
                             strokeWidth=1))
    return drawing
