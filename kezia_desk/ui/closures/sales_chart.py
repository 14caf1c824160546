"""The day's sales per hour and per channel (the till, each web channel) as stacked bars (QtCharts)."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QChart, QChartView, QStackedBarSeries, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

DEFAULT_HOURS = range(10, 23)  # a restaurant's day when nothing is sold yet


class SalesChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        chart = QChart()
        chart.setTitle("Ventes du jour par heure et par canal (€ TTC)")
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        chart.legend().setVisible(True)
        chart.legend().setLabelColor(QColor("#1d2b3a"))
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        super().__init__(chart, parent)
        self.setObjectName("salesChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.series: QStackedBarSeries | None = None
        self.hours: list[int] = []

    def set_sales(self, sales: dict[str, dict[int, int]]) -> None:
        """`sales`: channel → hour → cents (refunds deducted)."""
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        used = sorted({hour for hours in sales.values() for hour in hours})
        self.hours = list(range(min(used[0], DEFAULT_HOURS.start), max(used[-1] + 1, DEFAULT_HOURS.stop))) \
            if used else list(DEFAULT_HOURS)
        series = QStackedBarSeries()
        top = 0.0
        totals = dict.fromkeys(self.hours, 0)
        for channel in sorted(sales):
            bar = QBarSet(channel)
            for hour in self.hours:
                cents = sales[channel].get(hour, 0)
                totals[hour] += cents
                bar.append(float(Decimal(cents) / 100))  # display only: Qt charts plot floats
            series.append(bar)
        top = max([0.0, *(float(Decimal(c) / 100) for c in totals.values())])
        chart.addSeries(series)
        hours_axis = QBarCategoryAxis()
        hours_axis.append([f"{hour} h" for hour in self.hours])
        amounts_axis = QValueAxis()
        amounts_axis.setRange(0, max(10.0, top * 1.1))
        amounts_axis.setLabelFormat("%.0f")
        amounts_axis.applyNiceNumbers()
        chart.addAxis(hours_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(amounts_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(hours_axis)
        series.attachAxis(amounts_axis)
        self.series = series
