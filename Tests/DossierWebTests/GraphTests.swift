import DossierDefinition
import DossierWeb
import DossierXML
import Foundation
import Testing

/// The inline SVG drawings of the pages, read back with libxml2: the workflow graph (a box per
/// state, a labelled arrow per transition, the current state marked, loops drawn over the boxes)
/// and the rate chart (a bar per rate, a dash per missing one, a legend entry per series), both
/// well-formed whatever text they are given.
@Suite("Workflow graph and rate chart")
struct GraphTests {
    /// Four states with a loop back (reviewing → compiling), a loop on itself (reviewing → reviewing)
    /// and a title full of XML's special characters.
    static let workflow = """
        <workflow xmlns="urn:dossier:workflow:1" id="graph-test" title="Loans &amp; &lt;guarantees&gt; &quot;A&apos;s&quot;">
          <roles>
            <role id="a" staff-role="handler" title="A (经办人)"/>
            <role id="b" staff-role="handler" distinct-from="a"/>
            <role id="archivist" staff-role="archivist"/>
          </roles>
          <states initial="compiling">
            <state id="compiling" role="a">
              <transition action="hand-over" to="reviewing"/>
            </state>
            <state id="reviewing" role="b">
              <transition action="accept" to="archiving"/>
              <transition action="return" to="compiling"/>
              <transition action="ask-again" to="reviewing"/>
            </state>
            <state id="archiving" role="archivist">
              <transition action="register" to="registered"/>
            </state>
            <state id="registered" final="true"/>
          </states>
        </workflow>
        """

    static func definition() throws -> WorkflowDefinition {
        let tree = try #require(XMLTree.parse(Array(workflow.utf8), file: "graph-test.xml").tree)
        let result = WorkflowCompiler().compile(tree)
        return try #require(result.definition, "the test workflow does not compile: \(result.diagnostics)")
    }

    static func graph(_ definition: WorkflowDefinition, language: PageLanguage = .english) -> String {
        WorkflowGraph(definition: definition, current: "reviewing", visited: ["compiling", "reviewing"], language: language).svg
    }

    // MARK: Workflow graph

    @Test("the graph is an accessible, scalable SVG")
    func graphIsAccessibleSVG() throws {
        let svg = try ParsedDrawing(Self.graph(try Self.definition()))
        #expect(svg.root.name == "svg")
        #expect(svg.root.namespaceURI == "http://www.w3.org/2000/svg")
        #expect(svg.root.attribute("role") == "img")
        #expect(svg.root.attribute("width") == "100%")
        let viewBox = try #require(svg.root.attribute("viewBox")).split(separator: " ").compactMap { Double($0) }
        #expect(viewBox.count == 4 && viewBox[2] > 0 && viewBox[3] > 0)
        let label = try #require(svg.root.attribute("aria-label"))
        #expect(svg.root.child(named: "title")?.text == label)
    }

    @Test("one box per state, with its id and its role")
    func boxPerState() throws {
        let definition = try Self.definition()
        let svg = try ParsedDrawing(Self.graph(definition))
        let boxes = svg.elements(withClass: "wf-state")
        #expect(boxes.count == definition.states.count)
        #expect(Set(boxes.compactMap { $0.attribute("data-state") }) == Set(definition.states.map(\.id)))
        let reviewing = try #require(boxes.first { $0.attribute("data-state") == "reviewing" })
        #expect(reviewing.children(named: "text").map(\.text) == ["reviewing", "b"])
        let registered = try #require(boxes.first { $0.attribute("data-state") == "registered" })
        #expect(registered.children(named: "text").map(\.text) == ["registered"])
    }

    @Test("one arrow per transition, labelled with its action and joining its two states")
    func arrowPerTransition() throws {
        let definition = try Self.definition()
        let svg = try ParsedDrawing(Self.graph(definition))
        let arrows = svg.elements(withClass: "wf-edge")
        let expected = definition.states.flatMap { state in state.transitions.map { "\($0.action): \(state.id) → \($0.targetStateID)" } }
        #expect(arrows.count == expected.count)
        #expect(arrows.compactMap { $0.child(named: "title")?.text }.sorted() == expected.sorted())
        for arrow in arrows {
            let action = try #require(arrow.attribute("data-action"))
            #expect(arrow.children(named: "text").map(\.text) == [action])
            #expect(arrow.children(named: "path").count == 2, "a line and its head for \(action)")
        }
    }

    @Test("a loop back runs over the boxes, an arrow forward between them")
    func backEdgeIsCurvedOverTheBoxes() throws {
        let svg = try ParsedDrawing(Self.graph(try Self.definition()))
        let boxTops = svg.elements(withClass: "wf-state").compactMap { $0.child(named: "rect")?.number("y") }
        let highestBox = try #require(boxTops.min())
        let arrows = svg.elements(withClass: "wf-edge")
        let back = try #require(arrows.first { $0.attribute("data-action") == "return" })
        let backLabel = try #require(back.child(named: "text")?.number("y"))
        #expect(backLabel < highestBox)
        #expect(back.children(named: "path").first?.attribute("d")?.contains("C") == true)
        let forward = try #require(arrows.first { $0.attribute("data-action") == "hand-over" })
        let forwardLabel = try #require(forward.child(named: "text")?.number("y"))
        #expect(forwardLabel > highestBox && forwardLabel < highestBox + 46)
        let loop = try #require(arrows.first { $0.attribute("data-action") == "ask-again" })
        let loopLabel = try #require(loop.child(named: "text")?.number("y"))
        #expect(loopLabel < highestBox && loopLabel > backLabel)
    }

    @Test("the current state is filled and thickly framed, visited ones tinted, final ones double-framed")
    func statesMarked() throws {
        let svg = try ParsedDrawing(Self.graph(try Self.definition()))
        let current = svg.elements(withClass: "wf-current")
        #expect(current.map { $0.attribute("data-state") } == ["reviewing"])
        #expect(svg.elements(withClass: "wf-visited").map { $0.attribute("data-state") } == ["compiling"])
        #expect(svg.elements(withClass: "wf-final").map { $0.attribute("data-state") } == ["registered"])
        let boxes = Dictionary(uniqueKeysWithValues: svg.elements(withClass: "wf-state").compactMap { box in
            box.attribute("data-state").map { ($0, box.children(named: "rect")) }
        })
        let reviewing = try #require(boxes["reviewing"]?.first)
        let compiling = try #require(boxes["compiling"]?.first)
        let archiving = try #require(boxes["archiving"]?.first)
        let thick = try #require(reviewing.number("stroke-width"))
        let thin = try #require(archiving.number("stroke-width"))
        #expect(thick > thin)
        #expect(Set([reviewing, compiling, archiving].compactMap { $0.attribute("fill") }).count == 3)
        #expect(boxes["registered"]?.count == 2)
        #expect(boxes["archiving"]?.count == 1)
    }

    @Test("screen readers hear the states in order, with their marks")
    func statesInOrder() throws {
        let label = try #require(try ParsedDrawing(Self.graph(try Self.definition())).root.attribute("aria-label"))
        let positions = try ["compiling (role a, start, visited)", "reviewing (role b, current)", "archiving (role archivist)", "registered (final)"].map {
            try #require(label.range(of: $0), "\($0) is not in \(label)").lowerBound
        }
        #expect(positions == positions.sorted())
        let chinese = try #require(try ParsedDrawing(Self.graph(try Self.definition(), language: .chinese)).root.attribute("aria-label"))
        #expect(chinese.contains("reviewing（角色 b，当前）"))
    }

    @Test("the workflow's title is escaped: the drawing parses and reads it back unchanged")
    func titleEscaped() throws {
        let text = Self.graph(try Self.definition())
        #expect(text.contains("Loans &amp; &lt;guarantees&gt; &quot;A&apos;s&quot;"))
        #expect(!text.contains("<guarantees>"))
        let svg = try ParsedDrawing(text)
        #expect(svg.root.attribute("aria-label")?.contains("“Loans & <guarantees> \"A's\"” (graph-test)") == true)
        #expect(svg.root.child(named: "title")?.text.contains("Loans & <guarantees> \"A's\"") == true)
    }

    @Test("ids the compiler would refuse are escaped too, and states nothing reaches are still drawn")
    func idsEscaped() throws {
        let odd = "a&b<c>\"d'"
        let definition = WorkflowDefinition(id: "odd", title: "Odd", roles: [], initialStateID: odd, states: [
            WorkflowState(id: odd, transitions: [Transition(action: "go&<", to: "end")]),
            WorkflowState(id: "end", isFinal: true),
            WorkflowState(id: "island", transitions: [Transition(action: "back", to: odd)]),
        ])
        let text = WorkflowGraph(definition: definition, current: odd, visited: []).svg
        #expect(!text.contains(odd))
        let svg = try ParsedDrawing(text)
        let boxes = svg.elements(withClass: "wf-state")
        #expect(boxes.compactMap { $0.attribute("data-state") } == [odd, "end", "island"])
        #expect(boxes.first?.children(named: "text").first?.text == odd)
        #expect(svg.elements(withClass: "wf-current").first?.attribute("data-state") == odd)
        #expect(svg.elements(withClass: "wf-edge").compactMap { $0.attribute("data-action") } == ["go&<", "back"])
    }

    @Test("the same workflow and marks give the same bytes")
    func graphDeterministic() throws {
        let definition = try Self.definition()
        var visited: Set<String> = []
        for state in ["reviewing", "compiling", "archiving"] { visited.insert(state) }
        var reversed: Set<String> = []
        for state in ["archiving", "compiling", "reviewing"] { reversed.insert(state) }
        let first = WorkflowGraph(definition: definition, current: "registered", visited: visited).svg
        #expect(first == WorkflowGraph(definition: definition, current: "registered", visited: reversed).svg)
        #expect(first != WorkflowGraph(definition: definition, current: "archiving", visited: visited).svg)
    }

    // MARK: Rate chart

    static let months = ["2026-01", "2026-02", "2026-03"]
    /// Five rates and four missing ones (the second series has no rate for March at all).
    static let series: [(name: String, rates: [Double?])] = [
        ("Loans & <cars>", [0.8, nil, 1.0]),
        ("Repairs", [0.5, 0.25]),
        ("Tenants", [nil, nil, 0]),
    ]

    static func chart(percentFormat: (Double) -> String = { "\(Int(($0 * 100).rounded()))%" }) -> String {
        RateChart(title: "On time: \"A\" & <B>", months: months, series: series, language: .english, percentFormat: percentFormat).svg
    }

    @Test("one bar per rate, with its series, month and value as its tooltip")
    func barPerRate() throws {
        let svg = try ParsedDrawing(Self.chart())
        let bars = svg.elements(withClass: "rate-bar")
        #expect(bars.count == 5)
        #expect(Set(bars.compactMap { $0.child(named: "title")?.text }) == [
            "Loans & <cars>, 2026-01: 80%", "Loans & <cars>, 2026-03: 100%",
            "Repairs, 2026-01: 50%", "Repairs, 2026-02: 25%", "Tenants, 2026-03: 0%",
        ])
        #expect(svg.elements(withClass: "rate-value").map(\.text).sorted() == ["0%", "100%", "25%", "50%", "80%"])
        let full = try #require(bars.first { $0.child(named: "title")?.text.hasSuffix("100%") == true }?.number("height"))
        let quarter = try #require(bars.first { $0.child(named: "title")?.text.hasSuffix("25%") == true }?.number("height"))
        #expect(abs(full - 4 * quarter) < 0.5)
    }

    @Test("a missing rate is no bar but a dash, with its own tooltip")
    func dashPerMissingRate() throws {
        let svg = try ParsedDrawing(Self.chart())
        let missing = svg.elements(withClass: "rate-missing")
        #expect(missing.count == 4)
        #expect(missing.allSatisfy { $0.children(named: "text").map(\.text) == ["–"] })
        let tooltips = missing.compactMap { $0.child(named: "title")?.text }
        #expect(tooltips.contains("Repairs, 2026-03: no data"))
        #expect(svg.root.attribute("aria-label")?.contains("Tenants: 2026-01 no data, 2026-02 no data, 2026-03 0%") == true)
    }

    @Test("a legend entry per series, each series in a colour of its own")
    func legendPerSeries() throws {
        let svg = try ParsedDrawing(Self.chart())
        let entries = svg.elements(withClass: "rate-legend-entry")
        #expect(entries.compactMap { $0.child(named: "text")?.text } == Self.series.map(\.name))
        let swatches = entries.compactMap { $0.child(named: "rect")?.attribute("fill") }
        #expect(Set(swatches).count == Self.series.count)
        for (index, entry) in Self.series.enumerated() {
            let fills = Set(svg.elements(withClass: "rate-bar").filter { $0.child(named: "title")?.text.hasPrefix(entry.name + ",") == true }
                .compactMap { $0.attribute("fill") })
            #expect(fills == [swatches[index]], "bars of \(entry.name)")
        }
    }

    @Test("the axis runs from 0 to 100% in quarters, written by the format given")
    func axisAndFormat() throws {
        let plain = try ParsedDrawing(Self.chart())
        #expect(plain.elements(withClass: "rate-grid").first?.children(named: "text").map(\.text) == ["0%", "25%", "50%", "75%", "100%"])
        #expect(plain.elements(withClass: "rate-grid").first?.children(named: "line").count == 5)
        let permille = try ParsedDrawing(Self.chart { "\(Int(($0 * 1000).rounded()))‰" })
        #expect(permille.elements(withClass: "rate-grid").first?.children(named: "text").map(\.text).last == "1000‰")
        #expect(permille.elements(withClass: "rate-value").map(\.text).contains("800‰"))
    }

    @Test("the chart is accessible and its text escaped")
    func chartAccessibleAndEscaped() throws {
        let text = Self.chart()
        #expect(text.contains("On time: &quot;A&quot; &amp; &lt;B&gt;"))
        #expect(!text.contains("<cars>"))
        let svg = try ParsedDrawing(text)
        #expect(svg.root.attribute("role") == "img")
        #expect(svg.root.attribute("width") == "100%")
        #expect(svg.root.attribute("viewBox") != nil)
        #expect(svg.root.child(named: "title")?.text == "On time: \"A\" & <B>")
        #expect(svg.root.attribute("aria-label")?.hasPrefix("On time: \"A\" & <B>. Loans & <cars>: 2026-01 80%, 2026-02 no data") == true)
    }

    /// A rate between 0 and 1, or none for one month in five.
    static func rate(month: Int, series: Int) -> Double? {
        guard (month + series) % 5 != 0 else { return nil }
        return Double((month * 7 + series * 13) % 101) / 100
    }

    @Test("twelve months of ten series: every bar drawn, ten colours, the same bytes each time")
    func fullYear() throws {
        let months = (1...12).map { String(format: "2026-%02d", $0) }
        let series: [(name: String, rates: [Double?])] = (0..<10).map { index in
            (name: "系列\(index)", rates: (0..<12).map { Self.rate(month: $0, series: index) })
        }
        let chart = RateChart(title: "完整率", months: months, series: series)
        let svg = try ParsedDrawing(chart.svg)
        let bars = svg.elements(withClass: "rate-bar")
        let rates = series.flatMap(\.rates)
        #expect(bars.count == rates.compactMap { $0 }.count)
        #expect(svg.elements(withClass: "rate-missing").count == rates.filter { $0 == nil }.count)
        #expect(Set(bars.compactMap { $0.attribute("fill") }).count == 10)
        #expect(svg.elements(withClass: "rate-legend-entry").count == 10)
        #expect(chart.svg == RateChart(title: "完整率", months: months, series: series).svg)
    }
}

/// A drawing read back by libxml2: it must be well-formed XML.
private struct ParsedDrawing {
    let tree: XMLTree
    let root: XMLTree.Element

    init(_ text: String) throws {
        let result = XMLTree.parse(Array(text.utf8), file: "drawing.svg")
        tree = try #require(result.tree, "the drawing is not well-formed XML: \(result.diagnostics)")
        root = try #require(tree.root)
    }

    /// Every element, in document order.
    var elements: [XMLTree.Element] {
        var result: [XMLTree.Element] = []
        func visit(_ element: XMLTree.Element) {
            result.append(element)
            element.children.forEach(visit)
        }
        visit(root)
        return result
    }

    /// The elements whose `class` lists `name`.
    func elements(withClass name: String) -> [XMLTree.Element] {
        elements.filter { ($0.attribute("class") ?? "").split(separator: " ").contains { $0 == name } }
    }
}

private extension XMLTree.Element {
    /// The attribute `name` as a number.
    func number(_ name: String) -> Double? {
        attribute(name).flatMap(Double.init)
    }
}
