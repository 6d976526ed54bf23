import DossierDefinition

/// A workflow's states and transitions drawn as inline SVG, for a page that works without
/// JavaScript: a box per state with its id and (smaller, below) its role, an arrow per transition
/// labelled with its action, the dossier's current state filled and thickly framed, the states it
/// has passed through tinted, final states double-framed, and a dot pointing at the initial state.
///
/// The drawing scales to its container (`width="100%"` and a `viewBox`); a page that wants it no
/// larger than its natural size gives it a `max-width` in its style sheet. Colours are
/// presentation attributes, and there are no ids, so two drawings on one page never clash. The
/// same input always gives the same bytes. Screen readers get the states in order (the drawing's
/// `aria-label` and `<title>`) and the transitions (its `<desc>`); each box and arrow also has a
/// `<title>`, which browsers show as a tooltip. See ``WorkflowGraphLayout`` for the layout.
package struct WorkflowGraph: Sendable {
    /// The workflow drawn.
    package var definition: WorkflowDefinition
    /// The state the dossier is in, if the drawing is of one dossier.
    package var current: String?
    /// The states the dossier has been in.
    package var visited: Set<String>
    /// The language of the words for screen readers and tooltips.
    package var language: PageLanguage

    /// Creates the drawing of `definition`, with `current` marked and `visited` tinted (ids the
    /// definition does not have are ignored).
    package init(definition: WorkflowDefinition, current: String?, visited: Set<String>, language: PageLanguage = .chinese) {
        self.definition = definition
        self.current = current
        self.visited = visited
        self.language = language
    }

    /// The drawing: one `<svg>` element, its lines joined by newlines.
    package var svg: String {
        let layout = WorkflowGraphLayout(definition)
        let summary = SVGText.escaped(summary(layout))
        var lines = [openingTag(layout, label: summary), "<title>\(summary)</title>",
                     "<desc>\(SVGText.escaped(transitionSummary(layout)))</desc>"]
        lines += startMarker(layout)
        for edge in layout.edges { lines += edgeElements(edge, in: layout) }
        for box in layout.boxes { lines += boxElements(box) }
        lines.append("</svg>")
        return lines.joined(separator: "\n")
    }

    private typealias Metrics = WorkflowGraphLayout.Metrics

    /// Colours, chosen for contrast with the dark text on every fill.
    private enum Palette {
        static let text = "#0f172a"
        static let secondaryText = "#475569"
        static let border = "#475569"
        static let fill = "#ffffff"
        static let visitedFill = "#dbeafe"
        static let currentFill = "#fde68a"
        static let currentBorder = "#b45309"
        static let line = "#64748b"
        static let label = "#334155"
    }

    /// The `<svg>` start tag, with `label` (escaped) for screen readers.
    private func openingTag(_ layout: WorkflowGraphLayout, label: String) -> String {
        let width = SVGText.number(layout.width), height = SVGText.number(layout.height)
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"workflow-graph\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\""
            + " role=\"img\" aria-label=\"\(label)\" font-family=\"\(SVGText.escaped(SVGText.fontFamily))\">"
    }

    // MARK: Words

    private var isChinese: Bool { language == .chinese }

    /// The states in the order of the drawing, each with its role and marks: the text of the
    /// drawing's `aria-label` and `<title>`.
    func summary(_ layout: WorkflowGraphLayout) -> String {
        let states = layout.boxes.map { stateSummary(definition.states[$0.stateIndex]) }
        let name = isChinese ? "流程“\(definition.title)”（\(definition.id)）" : "Workflow “\(definition.title)” (\(definition.id))"
        return isChinese
            ? "\(name)的状态依次为：" + states.joined(separator: "；") + "。"
            : "\(name), states in order: " + states.joined(separator: "; ") + "."
    }

    private func stateSummary(_ state: WorkflowState) -> String {
        var notes: [String] = []
        if let role = WorkflowGraphLayout.roleText(of: state) { notes.append(isChinese ? "角色 \(role)" : "role \(role)") }
        if state.id == definition.initialStateID { notes.append(isChinese ? "起始" : "start") }
        if state.id == current {
            notes.append(isChinese ? "当前" : "current")
        } else if visited.contains(state.id) {
            notes.append(isChinese ? "已经过" : "visited")
        }
        if state.isFinal { notes.append(isChinese ? "终态" : "final") }
        guard !notes.isEmpty else { return state.id }
        return isChinese ? "\(state.id)（\(notes.joined(separator: "，"))）" : "\(state.id) (\(notes.joined(separator: ", ")))"
    }

    /// Every transition as "action: from → to", in the order of the drawing: the `<desc>`.
    private func transitionSummary(_ layout: WorkflowGraphLayout) -> String {
        let transitions = layout.edges.map { transitionText($0, in: layout) }
        guard !transitions.isEmpty else { return isChinese ? "没有流转。" : "No transitions." }
        return isChinese
            ? "流转：" + transitions.joined(separator: "；") + "。"
            : "Transitions: " + transitions.joined(separator: "; ") + "."
    }

    /// "hand-over: compiling → reviewing".
    private func transitionText(_ edge: WorkflowGraphLayout.Edge, in layout: WorkflowGraphLayout) -> String {
        let from = definition.states[layout.boxes[edge.from].stateIndex].id
        let to = definition.states[layout.boxes[edge.to].stateIndex].id
        return "\(edge.action): \(from) → \(to)"
    }

    // MARK: Boxes

    private func boxElements(_ box: WorkflowGraphLayout.Box) -> [String] {
        let state = definition.states[box.stateIndex]
        let isCurrent = state.id == current
        let isVisited = !isCurrent && visited.contains(state.id)
        var classes = ["wf-state"]
        if isCurrent { classes.append("wf-current") }
        if isVisited { classes.append("wf-visited") }
        if state.isFinal { classes.append("wf-final") }
        let fill = isCurrent ? Palette.currentFill : isVisited ? Palette.visitedFill : Palette.fill
        let stroke = isCurrent ? Palette.currentBorder : Palette.border
        let strokeWidth = isCurrent ? 3.5 : 1.5
        var lines = ["<g class=\"\(classes.joined(separator: " "))\" data-state=\"\(SVGText.escaped(state.id))\">",
                     "<title>\(SVGText.escaped(boxTooltip(state)))</title>",
                     rect(x: box.x, y: box.y, width: box.width, height: Metrics.boxHeight, radius: 6, fill: fill, stroke: stroke, strokeWidth: strokeWidth)]
        if state.isFinal {
            let inset = strokeWidth / 2 + 3
            lines.append(rect(x: box.x + inset, y: box.y + inset, width: box.width - 2 * inset, height: Metrics.boxHeight - 2 * inset,
                              radius: 3, fill: "none", stroke: stroke, strokeWidth: 1.2))
        }
        lines += boxTexts(state, in: box)
        lines.append("</g>")
        return lines
    }

    /// The box's tooltip: the state's title and id, and its role's title.
    private func boxTooltip(_ state: WorkflowState) -> String {
        var text = state.title == state.id ? state.id : "\(state.title) (\(state.id))"
        if let roleID = state.roleID {
            text += " — " + (definition.role(roleID)?.title ?? roleID)
        } else if state.isParallel {
            text += " — " + state.parallelRoleIDs.map { definition.role($0)?.title ?? $0 }.joined(separator: " + ")
        }
        return text
    }

    /// The state's id, and its role below it in smaller, lighter text.
    private func boxTexts(_ state: WorkflowState, in box: WorkflowGraphLayout.Box) -> [String] {
        guard let role = WorkflowGraphLayout.roleText(of: state) else {
            return [idText(state.id, x: box.centerX, y: box.centerY + Metrics.idFontSize * 0.35)]
        }
        let roleText = "<text x=\"\(SVGText.number(box.centerX))\" y=\"\(SVGText.number(box.y + 36))\" text-anchor=\"middle\" font-size=\"11\""
            + " fill=\"\(Palette.secondaryText)\">\(SVGText.escaped(role))</text>"
        return [idText(state.id, x: box.centerX, y: box.y + 20), roleText]
    }

    private func idText(_ id: String, x: Double, y: Double) -> String {
        "<text x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(y))\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"600\""
            + " fill=\"\(Palette.text)\">\(SVGText.escaped(id))</text>"
    }

    private func rect(x: Double, y: Double, width: Double, height: Double, radius: Double, fill: String, stroke: String, strokeWidth: Double) -> String {
        "<rect x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(y))\" width=\"\(SVGText.number(width))\" height=\"\(SVGText.number(height))\""
            + " rx=\"\(SVGText.number(radius))\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"\(SVGText.number(strokeWidth))\"/>"
    }

    // MARK: Arrows

    private func startMarker(_ layout: WorkflowGraphLayout) -> [String] {
        guard let box = layout.initialBox(of: definition) else { return [] }
        let dotX = box.x - 24, y = box.centerY
        let line = "M\(SVGText.number(dotX)),\(SVGText.number(y)) L\(SVGText.number(box.x - 7)),\(SVGText.number(y))"
        return ["<g class=\"wf-start\">",
                "<circle cx=\"\(SVGText.number(dotX))\" cy=\"\(SVGText.number(y))\" r=\"4.5\" fill=\"\(Palette.line)\"/>",
                "<path d=\"\(line)\" fill=\"none\" stroke=\"\(Palette.line)\" stroke-width=\"1.4\"/>",
                "<path d=\"\(SVGText.arrowhead(tipX: box.x, tipY: y, dx: 1, dy: 0))\" fill=\"\(Palette.line)\"/>",
                "</g>"]
    }

    private func edgeElements(_ edge: WorkflowGraphLayout.Edge, in layout: WorkflowGraphLayout) -> [String] {
        let (path, direction) = curve(of: edge)
        return ["<g class=\"wf-edge\" data-action=\"\(SVGText.escaped(edge.action))\">",
                "<title>\(SVGText.escaped(transitionText(edge, in: layout)))</title>",
                "<path d=\"\(path)\" fill=\"none\" stroke=\"\(Palette.line)\" stroke-width=\"1.4\"/>",
                "<path d=\"\(SVGText.arrowhead(tipX: edge.end.x, tipY: edge.end.y, dx: direction.x, dy: direction.y))\" fill=\"\(Palette.line)\"/>",
                label(of: edge),
                "</g>"]
    }

    /// The cubic Bézier of `edge` as path data, and the direction it arrives in.
    private func curve(of edge: WorkflowGraphLayout.Edge) -> (String, WorkflowGraphLayout.Point) {
        typealias Point = WorkflowGraphLayout.Point
        let (start, end) = (edge.start, edge.end)
        let controls: (Point, Point)
        switch edge.route {
        case .forward:
            let half = (end.x - start.x) / 2
            controls = (Point(x: start.x + half, y: start.y), Point(x: end.x - half, y: end.y))
        case .sameColumn(let bulge):
            controls = (Point(x: start.x + bulge, y: start.y), Point(x: end.x + bulge, y: end.y))
        case .selfLoop:
            let middle = (start.x + end.x) / 2
            controls = (Point(x: middle - 20, y: start.y - Metrics.loopRise), Point(x: middle + 20, y: end.y - Metrics.loopRise))
        case .arc:
            // Both control points at one height, chosen so the curve's middle is at the peak.
            let control = (edge.peak - 0.125 * (start.y + end.y)) / 0.75
            controls = (Point(x: start.x, y: control), Point(x: end.x, y: control))
        }
        let path = "M\(pair(start)) C\(pair(controls.0)) \(pair(controls.1)) \(pair(end))"
        return (path, Point(x: end.x - controls.1.x, y: end.y - controls.1.y))
    }

    private func pair(_ point: WorkflowGraphLayout.Point) -> String {
        "\(SVGText.number(point.x)),\(SVGText.number(point.y))"
    }

    /// The action's name on a white halo, so it stays legible where it crosses a line.
    private func label(of edge: WorkflowGraphLayout.Edge) -> String {
        let anchor = edge.labelStarts ? "start" : "middle"
        let y = edge.label.y + Metrics.labelFontSize * 0.35
        return "<text class=\"wf-edge-label\" x=\"\(SVGText.number(edge.label.x))\" y=\"\(SVGText.number(y))\" text-anchor=\"\(anchor)\""
            + " font-size=\"11\" fill=\"\(Palette.label)\" stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">"
            + SVGText.escaped(edge.action) + "</text>"
    }
}
