"""Bar and pie charts with Chinese labels (reportlab.graphics), sized to the text block."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.platypus import Flowable

from app.reports.kit.blocks import Chart
from app.reports.kit.fonts import Role, font_name, string_width
from app.reports.kit.linebreak import label_lines

# Print-friendly colours that stay distinct on a grey-scale office printer.
PALETTE = [colors.HexColor(c) for c in (
    "#B22222", "#E07B39", "#D9B44A", "#5B8E3E", "#3F7CAC", "#6A4C93", "#8C8C8C", "#C06C84",
    "#2A9D8F", "#7F5539",
)]


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


class ChartFlowable(Flowable):
    """A chart (its caption drawn inside, so the two never part) that shrinks to the room left
    on the page down to ``min_height`` rather than leave a large gap before the next page."""

    def __init__(self, chart: Chart, width: float, height: float, min_height: float) -> None:
        super().__init__()
        self.chart, self.full, self.least = chart, height, min(min_height, height)
        self.width, self.height = width, height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        fits = availHeight >= self.full or availHeight < self.least
        self.height = self.full if fits else availHeight
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        return []

    def draw(self) -> None:
        drawing(self.chart, self.width, self.height).drawOn(self.canv, 0, 0)


def drawing(chart: Chart, width: float, height: float) -> Drawing:
    if chart.kind == "pie":
        return _pie(chart, width, height)
    return _bar(chart, width, height)


def _title(d: Drawing, chart: Chart, width: float, height: float) -> float:
    d.initialFontName = font_name(Role.FANGSONG)  # no stray Helvetica in the PDF
    size = 14
    d.add(String(width / 2, height - size, chart.title, fontName=font_name(Role.HEI),
                 fontSize=size, textAnchor="middle"))
    return height - size - 10


def axis_labels(chart: Chart, room: float, size: float) -> list[str]:
    """Category names that fit under their bars: a suffix shared by all and named in the
    title is dropped (常住党员 → 常住 under "党员类别分布"), long names go on two lines broken
    between words (下岗/失业, 待业/大学生)."""
    labels = list(chart.labels)
    for suffix in ("党员", "党组织"):
        if labels and suffix in chart.title and all(
                lab.endswith(suffix) and len(lab) > len(suffix) for lab in labels):
            labels = [lab[: -len(suffix)] for lab in labels]
    def measure(s: str) -> float:
        return string_width(s, Role.FANGSONG, size)

    return ["\n".join(label_lines(lab, room, measure)) for lab in labels]


def _bar(chart: Chart, width: float, height: float) -> Drawing:
    d = Drawing(width, height)
    top = _title(d, chart, width, height)
    label_font = font_name(Role.FANGSONG)
    bc = VerticalBarChart()
    bc.x, bc.y = 50, 40
    bc.width, bc.height = width - 70, top - 60
    bc.data = [list(chart.values) or [0]]
    slot = bc.width / max(1, len(chart.labels))
    bc.categoryAxis.categoryNames = axis_labels(chart, slot - 4, 10.5) or [""]
    bc.categoryAxis.labels.fontName = label_font
    bc.categoryAxis.labels.fontSize = 10.5
    bc.categoryAxis.labels.leading = 12
    bc.valueAxis.labels.fontName = label_font
    bc.valueAxis.labels.fontSize = 10
    bc.valueAxis.valueMin = 0
    peak = max(chart.values, default=0)
    if peak <= 5:
        bc.valueAxis.valueMax = 5
        bc.valueAxis.valueStep = 1
    bc.valueAxis.labelTextFormat = lambda v: _fmt(v)
    bc.bars[0].fillColor = PALETTE[0]
    bc.bars[0].strokeColor = None
    bc.barLabelFormat = _fmt
    bc.barLabels.fontName = label_font
    bc.barLabels.fontSize = 10
    bc.barLabels.nudge = 7
    d.add(bc)
    if chart.unit:
        d.add(String(bc.x - 6, bc.y + bc.height + 6, f"单位：{chart.unit}", fontName=label_font,
                     fontSize=10, textAnchor="start"))
    return d


def _pie(chart: Chart, width: float, height: float) -> Drawing:
    d = Drawing(width, height)
    top = _title(d, chart, width, height)
    label_font = font_name(Role.FANGSONG)
    size = min(top - 20, width * 0.45)
    pie = Pie()
    pie.x, pie.y = 30, (top - size) / 2
    pie.width = pie.height = size
    values = [v for v in chart.values]
    total = sum(values) or 1
    pie.data = values if any(values) else [1]
    pie.labels = None
    pie.slices.strokeColor = colors.white
    pie.slices.strokeWidth = 0.8
    for i in range(len(pie.data)):
        pie.slices[i].fillColor = PALETTE[i % len(PALETTE)]
    d.add(pie)
    # Legend: colour box, label, count and share.
    x = pie.x + size + 30
    row = min(20, (top - 4) / max(1, len(chart.labels)))
    y = pie.y + size / 2 + row * len(chart.labels) / 2 - row
    for i, (label, value) in enumerate(zip(chart.labels, chart.values, strict=True)):
        d.add(Rect(x, y + 1, 10, 10, fillColor=PALETTE[i % len(PALETTE)], strokeColor=None))
        text = f"{label}  {_fmt(value)}{chart.unit}（{value / total * 100:.1f}%）"
        d.add(String(x + 16, y + 2, text, fontName=label_font, fontSize=11))
        y -= row
    return d
