"""A small line chart drawn on the server (inline SVG, no script): one per key indicator, its
total per year. The template gives it ``role="img"``, a title and a description; the same
figures are in the table next to it."""

from dataclasses import dataclass

from reports.dashboard.formatting import french_number

WIDTH, HEIGHT = 360, 180
LEFT, RIGHT, TOP, BOTTOM = 16, 16, 24, 32


@dataclass
class Point:
    x: float
    y: float
    year: int
    label: str


@dataclass
class Chart:
    points: list[Point]
    years: list[Point]  # x of each year's label on the axis
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def line_chart(series: list[tuple[int, object]]) -> Chart | None:
    """``series``: (year, total or None), oldest first. ``None`` when nothing to draw."""
    if not series:
        return None
    known = [value for _year, value in series if value is not None]
    if not known:
        return None
    top = max(known) or 1
    span = WIDTH - LEFT - RIGHT
    step = span / (len(series) - 1) if len(series) > 1 else 0
    plot_height = HEIGHT - TOP - BOTTOM
    points, axis = [], []
    for index, (year, value) in enumerate(series):
        x = LEFT + index * step if len(series) > 1 else LEFT + span / 2
        axis.append(Point(x, HEIGHT - BOTTOM / 3, year, str(year)))
        if value is None:
            continue
        y = TOP + plot_height * (1 - float(value) / float(top))
        points.append(Point(x, y, year, french_number(value)))
    return Chart(points=points, years=axis)
