import DossierDefinition

/// Where ``WorkflowGraph`` puts each state and each transition.
///
/// States stand in columns by their breadth-first distance from the initial state (states the
/// initial state cannot reach get a last column of their own), in the order the search finds
/// them, top-aligned so that the main line reads along the first row. Every box of a column has
/// the column's width. Because the distance grows by at most one along a transition, a
/// transition either leads to the next column (an S-curve through the gap between the two), or
/// to its own state (a small loop on the box's top), or within its column (a bulge to the right),
/// or back (an arc over the graph, or under it when both ends are the lowest boxes of their
/// columns). Arcs that overlap are nested, each at its own height, so neither lines nor labels
/// cover one another; an arc from a box with another box above it still crosses that box.
struct WorkflowGraphLayout {
    /// A point of the drawing.
    struct Point: Equatable {
        var x: Double
        var y: Double
    }

    /// One state's box.
    struct Box {
        /// The state's index in the definition's `states`.
        var stateIndex: Int
        var column: Int
        var row: Int
        var x = 0.0
        var y = 0.0
        var width = 0.0
        /// Whether no other box of its column is above it, or below it.
        var isTopmost = false
        var isBottommost = false

        var centerX: Double { x + width / 2 }
        var centerY: Double { y + Metrics.boxHeight / 2 }
        var right: Double { x + width }
        var bottom: Double { y + Metrics.boxHeight }
    }

    /// How a transition's line runs.
    enum Route: Equatable {
        /// To the next column, through the gap between.
        case forward
        /// To another state of the same column, bulging `bulge` to the right of it.
        case sameColumn(bulge: Double)
        /// Back to the state it leaves.
        case selfLoop
        /// Back to an earlier column, over the graph (or under it), at nesting `level`.
        case arc(above: Bool, level: Int)
    }

    /// One transition's line and label.
    struct Edge {
        /// The boxes it joins, as indices into `boxes`.
        var from: Int
        var to: Int
        var action: String
        var route: Route
        var start = Point(x: 0, y: 0)
        var end = Point(x: 0, y: 0)
        /// How high the arc's middle is, for `.arc`.
        var peak = 0.0
        /// The label's anchor point: its centre line, at the middle of its height.
        var label = Point(x: 0, y: 0)
        /// Whether the label starts at `label.x` rather than being centred on it.
        var labelStarts = false
    }

    /// Sizes, in SVG user units.
    enum Metrics {
        static let margin = 16.0
        static let boxHeight = 46.0
        static let idFontSize = 13.0
        static let roleFontSize = 11.0
        static let labelFontSize = 11.0
        static let labelLineHeight = 14.0
        static let boxPadding = 14.0
        static let minimumBoxWidth = 84.0
        static let rowGap = 40.0
        static let minimumColumnGap = 56.0
        /// Room left of the first column for the dot and arrow that mark the initial state.
        static let startLead = 32.0
        static let loopRise = 30.0
        static let loopSpread = 8.0
        static let arcBase = 26.0
        static let arcBaseOverLoops = 52.0
        static let arcStep = 18.0
        static let bulgeBase = 30.0
        static let bulgeStep = 12.0
    }

    /// The boxes, in the order of the drawing: column by column, top to bottom.
    private(set) var boxes: [Box] = []
    private(set) var edges: [Edge] = []
    private(set) var width = 0.0
    private(set) var height = 0.0

    private var columnWidths: [Double] = []
    private var columnX: [Double] = []
    private var graphTop = 0.0
    private var graphBottom = 0.0

    /// Lays out `definition`.
    init(_ definition: WorkflowDefinition) {
        placeInColumns(definition)
        routeEdges(definition)
        sizeColumns(definition)
        positionColumns()
        assignArcLevels()
        positionRows()
        assignPorts()
        placeLabels()
    }

    /// The box of the initial state, if the definition has that state.
    func initialBox(of definition: WorkflowDefinition) -> Box? {
        boxes.first { definition.states[$0.stateIndex].id == definition.initialStateID }
    }

    // MARK: Columns and rows

    /// The states by breadth-first distance from the initial state, unreachable ones last.
    static func layers(of definition: WorkflowDefinition) -> [[Int]] {
        var index: [String: Int] = [:]
        for (position, state) in definition.states.enumerated() where index[state.id] == nil {
            index[state.id] = position
        }
        var distance = [Int?](repeating: nil, count: definition.states.count)
        var queue: [Int] = []
        if let initial = index[definition.initialStateID] {
            distance[initial] = 0
            queue.append(initial)
        }
        var head = 0
        while head < queue.count {
            let current = queue[head]
            head += 1
            for transition in definition.states[current].transitions {
                guard let next = index[transition.targetStateID], distance[next] == nil else { continue }
                distance[next] = (distance[current] ?? 0) + 1
                queue.append(next)
            }
        }
        var layers: [[Int]] = []
        for state in queue {
            let layer = distance[state] ?? 0
            if layer == layers.count { layers.append([]) }
            layers[layer].append(state)
        }
        let unreachable = definition.states.indices.filter { distance[$0] == nil }
        if !unreachable.isEmpty { layers.append(unreachable) }
        return layers
    }

    private mutating func placeInColumns(_ definition: WorkflowDefinition) {
        for (column, layer) in Self.layers(of: definition).enumerated() {
            for (row, state) in layer.enumerated() {
                boxes.append(Box(stateIndex: state, column: column, row: row,
                                 isTopmost: row == 0, isBottommost: row == layer.count - 1))
            }
        }
    }

    private mutating func routeEdges(_ definition: WorkflowDefinition) {
        var boxOfState: [String: Int] = [:]
        for (position, box) in boxes.enumerated() where boxOfState[definition.states[box.stateIndex].id] == nil {
            boxOfState[definition.states[box.stateIndex].id] = position
        }
        var bulges: [Int: Int] = [:]
        for (from, box) in boxes.enumerated() {
            for transition in definition.states[box.stateIndex].transitions {
                guard let to = boxOfState[transition.targetStateID] else { continue }
                let route: Route
                let target = boxes[to]
                if to == from {
                    route = .selfLoop
                } else if target.column == box.column + 1 {
                    route = .forward
                } else if target.column == box.column {
                    let count = bulges[box.column, default: 0]
                    bulges[box.column] = count + 1
                    route = .sameColumn(bulge: Metrics.bulgeBase + Double(count) * Metrics.bulgeStep)
                } else {
                    let below = box.isBottommost && target.isBottommost && !(box.isTopmost && target.isTopmost)
                    route = .arc(above: !below, level: 0)
                }
                edges.append(Edge(from: from, to: to, action: transition.action, route: route))
            }
        }
    }

    /// The text a box shows under its id: its role, or the roles of a parallel state.
    static func roleText(of state: WorkflowState) -> String? {
        if let role = state.roleID { return role }
        return state.isParallel ? state.parallelRoleIDs.joined(separator: " + ") : nil
    }

    static func labelWidth(_ text: String) -> Double {
        SVGText.width(text, fontSize: Metrics.labelFontSize)
    }

    private mutating func sizeColumns(_ definition: WorkflowDefinition) {
        let columns = (boxes.map(\.column).max() ?? -1) + 1
        columnWidths = Array(repeating: Metrics.minimumBoxWidth, count: columns)
        for box in boxes {
            let state = definition.states[box.stateIndex]
            let idWidth = SVGText.width(state.id, fontSize: Metrics.idFontSize)
            let roleWidth = Self.roleText(of: state).map { SVGText.width($0, fontSize: Metrics.roleFontSize) } ?? 0
            columnWidths[box.column] = max(columnWidths[box.column], max(idWidth, roleWidth) + 2 * Metrics.boxPadding)
        }
        for edge in edges where edge.route == .selfLoop {
            let column = boxes[edge.from].column
            columnWidths[column] = max(columnWidths[column], Self.labelWidth(edge.action) + 8)
        }
        for index in boxes.indices { boxes[index].width = columnWidths[boxes[index].column] }
    }

    /// The room each column needs to its right: the gap to the next column, or past the last.
    private func roomRightOf(column: Int) -> Double {
        var room = column == columnWidths.count - 1 ? 0 : Metrics.minimumColumnGap
        for edge in edges where boxes[edge.from].column == column {
            switch edge.route {
            case .forward:
                room = max(room, Self.labelWidth(edge.action) + 28)
            case .sameColumn(let bulge):
                room = max(room, bulge * 0.75 + 6 + Self.labelWidth(edge.action) + 8)
            case .selfLoop, .arc:
                break
            }
        }
        return room
    }

    private mutating func positionColumns() {
        var x = Metrics.margin + Metrics.startLead
        for column in columnWidths.indices {
            columnX.append(x)
            x += columnWidths[column] + roomRightOf(column: column)
        }
        width = max(x + Metrics.margin, 2 * Metrics.margin + Metrics.startLead)
        for index in boxes.indices { boxes[index].x = columnX[boxes[index].column] }
    }

    // MARK: Arcs

    /// Nests the arcs of each side: an arc goes above every arc it overlaps (line or label) that
    /// is shorter, so shorter arcs sit inside longer ones and no two labels share a height.
    private mutating func assignArcLevels() {
        for above in [true, false] {
            let arcs = edges.indices.filter { edges[$0].route == .arc(above: above, level: 0) }
            let extents = arcs.map { arcExtent(edges[$0]) }
            let order = arcs.indices.sorted {
                let (a, b) = (extents[$0], extents[$1])
                return (a.upperBound - a.lowerBound, a.lowerBound, arcs[$0]) < (b.upperBound - b.lowerBound, b.lowerBound, arcs[$1])
            }
            var levels = [Int?](repeating: nil, count: arcs.count)
            for position in order {
                let overlapping = arcs.indices.filter { other in
                    levels[other] != nil && extents[other].lowerBound < extents[position].upperBound
                        && extents[position].lowerBound < extents[other].upperBound
                }
                levels[position] = (overlapping.compactMap { levels[$0] }.max()).map { $0 + 1 } ?? 0
                edges[arcs[position]].route = .arc(above: above, level: levels[position] ?? 0)
            }
        }
    }

    /// The horizontal stretch an arc and its label cover.
    private func arcExtent(_ edge: Edge) -> ClosedRange<Double> {
        let (a, b) = (boxes[edge.from].centerX, boxes[edge.to].centerX)
        let half = Self.labelWidth(edge.action) / 2 + 6
        let middle = (a + b) / 2
        return min(a, b, middle - half)...max(a, b, middle + half)
    }

    private var arcLevelCounts: (above: Int, below: Int) {
        var counts = (above: 0, below: 0)
        for edge in edges {
            guard case .arc(let above, let level) = edge.route else { continue }
            if above { counts.above = max(counts.above, level + 1) } else { counts.below = max(counts.below, level + 1) }
        }
        return counts
    }

    private var hasLoopOnFirstRow: Bool {
        edges.contains { $0.route == .selfLoop && boxes[$0.from].row == 0 }
    }

    private var firstArcRise: Double { hasLoopOnFirstRow ? Metrics.arcBaseOverLoops : Metrics.arcBase }

    private mutating func positionRows() {
        let counts = arcLevelCounts
        let loopRoom = Metrics.loopRise + Metrics.labelLineHeight
        let topRoom = counts.above > 0 ? firstArcRise + Double(counts.above - 1) * Metrics.arcStep + 12 : (hasLoopOnFirstRow ? loopRoom : 0)
        graphTop = Metrics.margin + topRoom
        for index in boxes.indices {
            boxes[index].y = graphTop + Double(boxes[index].row) * (Metrics.boxHeight + Metrics.rowGap)
        }
        graphBottom = boxes.map(\.bottom).max() ?? graphTop
        let bottomRoom = counts.below > 0 ? Metrics.arcBase + Double(counts.below - 1) * Metrics.arcStep + 12 : 0
        height = graphBottom + bottomRoom + Metrics.margin
    }

    // MARK: Ports

    /// Where on a box's edge a line meets it.
    private enum Side: CaseIterable {
        case left, right, top, bottom
    }

    /// One line's end at a box: the edge, which end, and its place in the side's order.
    private struct Port {
        var edge: Int
        var isStart: Bool
        var order: (Double, Double, Int)
    }

    /// Spreads the ends meeting each side of each box evenly along it, ordered so lines do not cross.
    private mutating func assignPorts() {
        var ports: [Int: [Side: [Port]]] = [:]
        for (index, edge) in edges.enumerated() {
            for isStart in edge.route == .selfLoop ? [true] : [true, false] {
                let box = isStart ? edge.from : edge.to
                let side = side(of: edge, isStart: isStart)
                ports[box, default: [:]][side, default: []].append(Port(edge: index, isStart: isStart, order: order(of: edge, index: index, isStart: isStart)))
            }
        }
        for box in boxes.indices {
            for side in Side.allCases {
                let sorted = (ports[box]?[side] ?? []).sorted { $0.order < $1.order }
                for (position, port) in sorted.enumerated() {
                    let offset = Double(position + 1) / Double(sorted.count + 1)
                    place(port, at: point(on: side, of: boxes[box], offset: offset))
                }
            }
        }
    }

    private func side(of edge: Edge, isStart: Bool) -> Side {
        switch edge.route {
        case .forward: isStart ? .right : .left
        case .sameColumn: .right
        case .selfLoop: .top
        case .arc(let above, _): above ? .top : .bottom
        }
    }

    /// The sort key of an end along its side: by the other end's height on the left and right
    /// sides; on the top and bottom, arcs to the left first (inner ones outermost), then a loop,
    /// then arcs to the right (outer ones first).
    private func order(of edge: Edge, index: Int, isStart: Bool) -> (Double, Double, Int) {
        let own = boxes[isStart ? edge.from : edge.to]
        let other = boxes[isStart ? edge.to : edge.from]
        switch edge.route {
        case .forward, .sameColumn:
            return (other.centerY, isStart ? 0 : 1, index)
        case .selfLoop:
            return (1, 0, index)
        case .arc(_, let level):
            return other.centerX < own.centerX ? (0, Double(level), index) : (2, -Double(level), index)
        }
    }

    private func point(on side: Side, of box: Box, offset: Double) -> Point {
        switch side {
        case .left: Point(x: box.x, y: box.y + Metrics.boxHeight * offset)
        case .right: Point(x: box.right, y: box.y + Metrics.boxHeight * offset)
        case .top: Point(x: box.x + box.width * offset, y: box.y)
        case .bottom: Point(x: box.x + box.width * offset, y: box.bottom)
        }
    }

    private mutating func place(_ port: Port, at point: Point) {
        if edges[port.edge].route == .selfLoop {
            edges[port.edge].start = Point(x: point.x - Metrics.loopSpread, y: point.y)
            edges[port.edge].end = Point(x: point.x + Metrics.loopSpread, y: point.y)
        } else if port.isStart {
            edges[port.edge].start = point
        } else {
            edges[port.edge].end = point
        }
    }

    // MARK: Labels

    private mutating func placeLabels() {
        for index in edges.indices {
            let edge = edges[index]
            switch edge.route {
            case .forward:
                edges[index].label = Point(x: (edge.start.x + edge.end.x) / 2, y: (edge.start.y + edge.end.y) / 2)
            case .sameColumn(let bulge):
                edges[index].label = Point(x: edge.start.x + bulge * 0.75 + 6, y: (edge.start.y + edge.end.y) / 2)
                edges[index].labelStarts = true
            case .selfLoop:
                edges[index].label = Point(x: (edge.start.x + edge.end.x) / 2, y: edge.start.y - Metrics.loopRise - 2)
            case .arc(let above, let level):
                let rise = (above ? firstArcRise : Metrics.arcBase) + Double(level) * Metrics.arcStep
                edges[index].peak = above ? graphTop - rise : graphBottom + rise
                edges[index].label = Point(x: (edge.start.x + edge.end.x) / 2, y: edges[index].peak)
            }
            let half = Self.labelWidth(edge.action) / 2
            if !edges[index].labelStarts {
                edges[index].label.x = min(max(edges[index].label.x, Metrics.margin + half), width - Metrics.margin - half)
            }
        }
        separateForwardLabels()
    }

    /// Moves the labels in one gap apart, top to bottom, where crossing lines would put them on top
    /// of each other.
    private mutating func separateForwardLabels() {
        for column in columnWidths.indices {
            let inGap = edges.indices.filter { edges[$0].route == .forward && boxes[edges[$0].from].column == column }
                .sorted { (edges[$0].label.y, $0) < (edges[$1].label.y, $1) }
            var lowest = -Double.infinity
            for index in inGap {
                edges[index].label.y = max(edges[index].label.y, lowest + Metrics.labelLineHeight)
                lowest = edges[index].label.y
            }
        }
    }
}
