/// A grouped bar chart of rates per month as inline SVG, for a page that works without
/// JavaScript: a group per month, a bar per series in each group, the y axis from 0 to 100 % with
/// grid lines every 25 %, each bar's value above it (turned upright when the bars are too narrow
/// for it), a missing rate drawn as no bar and a "–", and a legend of the series below.
///
/// Each bar (and each "–") has a `<title>` naming its series, month and value, which browsers
/// show as a tooltip; the chart's `aria-label` reads out every value for screen readers. Rates
/// are fractions (0.8 is 80 %); a bar stops at the axis's ends, its label still says the rate;
/// a rate that is not a number counts as missing. The drawing scales to its container
/// (`width="100%"` and a `viewBox`), has no ids (two charts on one page never clash), and the
/// same input always gives the same bytes. Colours are the muted qualitative palette of Paul Tol,
/// told apart by people with any common colour blindness, each bar with a thin dark outline.
package struct RateChart: Sendable {
    /// One series: its name, and its rates with their labels, one per month.
    struct Series: Sendable {
        var name: String
        var rates: [Double?]
        var labels: [String?]
    }

    /// The chart's title, shown above it.
    package let title: String
    /// The months, in order, as they are labelled.
    package let months: [String]
    let series: [Series]
    /// The labels of the grid lines: 0, 25, 50, 75 and 100 %.
    let tickLabels: [String]
    /// The language of the words for screen readers and tooltips.
    package let language: PageLanguage

    /// Creates the chart. A series with fewer rates than there are months is missing the rest;
    /// rates past the last month are ignored. `percentFormat` writes a rate (0.8) as its label
    /// ("80%").
    package init(title: String, months: [String], series: [(name: String, rates: [Double?])], language: PageLanguage = .chinese,
                 percentFormat: (Double) -> String = { "\(Int(($0 * 100).rounded()))%" }) {
        self.title = title
        self.months = months
        self.language = language
        self.series = series.map { entry in
            let rates = months.indices.map { month -> Double? in
                guard month < entry.rates.count, let rate = entry.rates[month], rate.isFinite else { return nil }
                return rate
            }
            return Series(name: entry.name, rates: rates, labels: rates.map { $0.map(percentFormat) })
        }
        tickLabels = (0...4).map { percentFormat(Double($0) / 4) }
    }

    /// The chart: one `<svg>` element, its lines joined by newlines.
    package var svg: String {
        let layout = Layout(self)
        let summary = SVGText.escaped(spokenSummary)
        let viewBox = "0 0 \(SVGText.number(layout.width)) \(SVGText.number(layout.height))"
        var lines = ["<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"rate-chart\" viewBox=\"\(viewBox)\""
                     + " width=\"100%\" role=\"img\" aria-label=\"\(summary)\" font-family=\"\(SVGText.escaped(SVGText.fontFamily))\">",
                     "<title>\(SVGText.escaped(title))</title>",
                     "<text x=\"\(SVGText.number(Layout.margin))\" y=\"\(SVGText.number(Layout.margin + 15))\" font-size=\"15\" font-weight=\"600\""
                     + " fill=\"\(Colour.text)\">\(SVGText.escaped(title))</text>"]
        lines += grid(layout)
        for month in months.indices { lines += group(month, layout) }
        lines += legend(layout)
        lines.append("</svg>")
        return lines.joined(separator: "\n")
    }

    /// The colours of the series, in order (Paul Tol's muted scheme, then a grey).
    static let palette = ["#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99", "#999933", "#AA4499", "#6F6F6F"]

    /// The colour of series `index`; after the tenth the colours come round again.
    static func colour(_ index: Int) -> String { palette[index % palette.count] }

    private enum Colour {
        static let text = "#1f2937"
        static let secondaryText = "#4b5563"
        static let grid = "#e5e7eb"
        static let axis = "#6b7280"
        static let barOutline = "#1f2937"
    }

    private var isChinese: Bool { language == .chinese }

    // MARK: Words

    /// The chart in words: its title, then each series with its value in each month.
    var spokenSummary: String {
        let parts = series.map { entry in
            let values = months.indices.map { "\(months[$0]) \(entry.labels[$0] ?? noData)" }
            return isChinese ? "\(entry.name)：" + values.joined(separator: "，") : "\(entry.name): " + values.joined(separator: ", ")
        }
        guard !parts.isEmpty else { return title }
        return isChinese ? "\(title)。" + parts.joined(separator: "；") + "。" : "\(title). " + parts.joined(separator: "; ") + "."
    }

    private var noData: String { isChinese ? "无数据" : "no data" }

    /// A bar's tooltip: "Series A, 2026-03: 80%".
    private func tooltip(series index: Int, month: Int) -> String {
        let entry = series[index]
        let value = entry.labels[month] ?? noData
        return isChinese ? "\(entry.name)，\(months[month])：\(value)" : "\(entry.name), \(months[month]): \(value)"
    }

    // MARK: Drawing

    private func grid(_ layout: Layout) -> [String] {
        var lines = ["<g class=\"rate-grid\">"]
        for (step, label) in tickLabels.enumerated() {
            let height = layout.y(forRate: Double(step) / 4)
            let (left, right, y) = (SVGText.number(layout.plotLeft), SVGText.number(layout.plotRight), SVGText.number(height))
            let colour = step == 0 ? Colour.axis : Colour.grid
            lines.append("<line x1=\"\(left)\" y1=\"\(y)\" x2=\"\(right)\" y2=\"\(y)\" stroke=\"\(colour)\" stroke-width=\"1\"/>")
            lines.append("<text x=\"\(SVGText.number(layout.plotLeft - 6))\" y=\"\(SVGText.number(height + 4))\" text-anchor=\"end\""
                         + " font-size=\"11\" fill=\"\(Colour.secondaryText)\">\(SVGText.escaped(label))</text>")
        }
        lines.append("</g>")
        return lines
    }

    /// One month's bars (or dashes), values and label.
    private func group(_ month: Int, _ layout: Layout) -> [String] {
        var lines = ["<g class=\"rate-month\">"]
        for index in series.indices {
            let centre = layout.barCentre(month: month, series: index)
            if let rate = series[index].rates[month] {
                lines += bar(rate, series: index, month: month, centre: centre, layout)
            } else {
                lines += missing(series: index, month: month, centre: centre, layout)
            }
        }
        let labelY = SVGText.number(layout.plotBottom + 16)
        lines.append("<text class=\"rate-month-label\" x=\"\(SVGText.number(layout.slotCentre(month)))\" y=\"\(labelY)\" text-anchor=\"middle\""
                     + " font-size=\"11\" fill=\"\(Colour.text)\">\(SVGText.escaped(months[month]))</text>")
        lines.append("</g>")
        return lines
    }

    private func bar(_ rate: Double, series index: Int, month: Int, centre: Double, _ layout: Layout) -> [String] {
        let top = layout.y(forRate: min(max(rate, 0), 1))
        let x = centre - layout.barWidth / 2
        let rect = "<rect class=\"rate-bar\" x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(top))\" width=\"\(SVGText.number(layout.barWidth))\""
            + " height=\"\(SVGText.number(layout.plotBottom - top))\" fill=\"\(Self.colour(index))\" stroke=\"\(Colour.barOutline)\" stroke-width=\"0.5\">"
            + "<title>\(SVGText.escaped(tooltip(series: index, month: month)))</title></rect>"
        return [rect, valueLabel(series[index].labels[month] ?? "", centre: centre, top: top, layout)]
    }

    /// A bar's value just above it: level when it fits the bar's width, else turned to read upwards.
    private func valueLabel(_ text: String, centre: Double, top: Double, _ layout: Layout) -> String {
        let attributes = "class=\"rate-value\" font-size=\"10\" fill=\"\(Colour.text)\""
        if !layout.valuesUpright {
            return "<text \(attributes) x=\"\(SVGText.number(centre))\" y=\"\(SVGText.number(top - 4))\" text-anchor=\"middle\">\(SVGText.escaped(text))</text>"
        }
        // Turned a quarter round the baseline's start, the text's body lies left of x: move it half a line right.
        let x = SVGText.number(centre + 3.5), y = SVGText.number(top - 4)
        return "<text \(attributes) x=\"\(x)\" y=\"\(y)\" transform=\"rotate(-90 \(x) \(y))\">\(SVGText.escaped(text))</text>"
    }

    /// A missing rate: no bar, a level "–" on the axis.
    private func missing(series index: Int, month: Int, centre: Double, _ layout: Layout) -> [String] {
        ["<g class=\"rate-missing\">",
         "<title>\(SVGText.escaped(tooltip(series: index, month: month)))</title>",
         "<text x=\"\(SVGText.number(centre))\" y=\"\(SVGText.number(layout.plotBottom - 4))\" text-anchor=\"middle\" font-size=\"11\""
         + " fill=\"\(Colour.secondaryText)\">–</text>",
         "</g>"]
    }

    private func legend(_ layout: Layout) -> [String] {
        var lines = ["<g class=\"rate-legend\">"]
        for (index, entry) in series.enumerated() {
            let place = layout.legendPlaces[index]
            lines.append("<g class=\"rate-legend-entry\">")
            lines.append("<rect x=\"\(SVGText.number(place.x))\" y=\"\(SVGText.number(place.y - 10))\" width=\"12\" height=\"12\""
                         + " fill=\"\(Self.colour(index))\" stroke=\"\(Colour.barOutline)\" stroke-width=\"0.5\"/>")
            lines.append("<text x=\"\(SVGText.number(place.x + 18))\" y=\"\(SVGText.number(place.y))\" font-size=\"12\" fill=\"\(Colour.text)\">"
                         + SVGText.escaped(entry.name) + "</text>")
            lines.append("</g>")
        }
        lines.append("</g>")
        return lines
    }
}

extension RateChart {
    /// Where the chart puts things, in SVG user units.
    struct Layout {
        static let margin = 16.0
        static let titleHeight = 30.0
        static let plotHeight = 200.0
        static let barGap = 2.0
        static let legendRowHeight = 20.0
        static let legendSpacing = 18.0
        /// The narrowest plot: a chart of one month is still wider than high.
        static let minimumPlotWidth = 480.0

        let barWidth: Double
        /// Whether values are turned to read upwards, being wider than their bars.
        let valuesUpright: Bool
        let plotLeft: Double
        let plotTop: Double
        let slotWidth: Double
        let seriesCount: Int
        let plotRight: Double
        var plotBottom: Double { plotTop + Self.plotHeight }
        let width: Double
        let height: Double
        /// Each legend entry's swatch corner and text baseline.
        let legendPlaces: [(x: Double, y: Double)]

        init(_ chart: RateChart) {
            seriesCount = max(chart.series.count, 1)
            barWidth = max(7, min(28, 90 / Double(seriesCount)))
            let values = chart.series.flatMap { $0.labels.compactMap { $0 } }
            let widestValue = values.map { SVGText.width($0, fontSize: 10) }.max() ?? 0
            // Digits and "%" run wider than the average the estimate assumes.
            valuesUpright = widestValue * 1.15 > barWidth + Self.barGap
            let headroom = valuesUpright ? widestValue + 8 : 16
            plotTop = Self.margin + Self.titleHeight + headroom
            let widestTick = chart.tickLabels.map { SVGText.width($0, fontSize: 11) }.max() ?? 0
            plotLeft = Self.margin + widestTick + 8
            let barsWidth = Double(seriesCount) * barWidth + Double(seriesCount - 1) * Self.barGap
            let widestMonth = chart.months.map { SVGText.width($0, fontSize: 11) }.max() ?? 0
            let monthCount = Double(max(chart.months.count, 1))
            slotWidth = max(barsWidth + max(16, barWidth * 1.2), widestMonth + 12, Self.minimumPlotWidth / monthCount)
            plotRight = plotLeft + slotWidth * monthCount
            let titleWidth = SVGText.width(chart.title, fontSize: 15) * 1.1
            let legendWidths = chart.series.map { 18 + SVGText.width($0.name, fontSize: 12) }
            width = max(plotRight, Self.margin + titleWidth, Self.margin + (legendWidths.max() ?? 0)) + Self.margin
            legendPlaces = Self.legendPlaces(widths: legendWidths, top: plotTop + Self.plotHeight + 42, right: width - Self.margin)
            height = (legendPlaces.last?.y ?? plotTop + Self.plotHeight + 24) + 6 + Self.margin
        }

        /// The legend's entries, left to right, wrapping onto a new row at `right`.
        private static func legendPlaces(widths: [Double], top: Double, right: Double) -> [(x: Double, y: Double)] {
            var places: [(x: Double, y: Double)] = []
            var x = margin, y = top
            for width in widths {
                if x > margin, x + width > right {
                    x = margin
                    y += legendRowHeight
                }
                places.append((x: x, y: y))
                x += width + legendSpacing
            }
            return places
        }

        /// The height of `rate` (0 at the axis, 1 at the top).
        func y(forRate rate: Double) -> Double { plotTop + Self.plotHeight * (1 - rate) }

        func slotCentre(_ month: Int) -> Double { plotLeft + slotWidth * (Double(month) + 0.5) }

        /// The middle of the bar of `series` in `month`.
        func barCentre(month: Int, series: Int) -> Double {
            let barsWidth = Double(seriesCount) * barWidth + Double(seriesCount - 1) * Self.barGap
            return slotCentre(month) - barsWidth / 2 + Double(series) * (barWidth + Self.barGap) + barWidth / 2
        }
    }
}
