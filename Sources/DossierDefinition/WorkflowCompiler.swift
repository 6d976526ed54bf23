import DossierXML
import Foundation

/// Compiles a parsed workflow document into a checked ``WorkflowDefinition``.
///
/// It reports every problem it can find in one pass, each at the element or attribute that
/// causes it: malformed attributes and elements (``Diagnostic/Stage/structure``) and problems of
/// meaning (``Diagnostic/Stage/semantic``): unknown references with suggestions, duplicate ids,
/// unreachable states, dead ends, four-eyes pairs that could be one person, impossible
/// durations, fines nobody pays, unknown calendars.
public struct WorkflowCompiler: Sendable {
    /// The namespace of the workflow language.
    public static let namespace = "urn:dossier:workflow:1"

    /// The result of a compilation.
    public struct Result: Sendable {
        /// The definition, when there were no errors.
        public var definition: WorkflowDefinition?
        /// Everything found, errors and warnings.
        public var diagnostics: [Diagnostic]
    }

    /// Calendars a workflow may name; `nil` skips the check.
    public var knownCalendars: Set<String>?
    /// The office's staff roles, which `staff-role`, `readers`, `approvers` and `direct` may
    /// name; `nil` skips the check.
    public var knownStaffRoles: Set<String>?

    /// Creates a compiler that accepts the calendars in `knownCalendars` and the staff roles in
    /// `knownStaffRoles`.
    public init(knownCalendars: Set<String>? = nil, knownStaffRoles: Set<String>? = nil) {
        self.knownCalendars = knownCalendars
        self.knownStaffRoles = knownStaffRoles
    }

    /// Compiles `tree`.
    public func compile(_ tree: XMLTree) -> Result {
        let sink = DiagnosticSink()
        guard let root = tree.root else {
            sink.error(SourceLocation(file: tree.file, line: 0), .structure, "the document has no root element")
            return Result(definition: nil, diagnostics: sink.diagnostics)
        }
        if root.name == "calendar" {
            sink.error(root.location, .structure, "a calendar starts with <calendar xmlns=\"\(CalendarCompiler.namespace)\" id=\"…\">; this <calendar> has \(root.namespaceURI.map { "namespace \($0)" } ?? "no namespace")")
            return Result(definition: nil, diagnostics: sink.diagnostics)
        }
        guard root.name == "workflow", root.namespaceURI == Self.namespace else {
            let found = root.namespaceURI.map { "<\(root.name)> in namespace \($0)" } ?? "<\(root.name)> without a namespace"
            sink.error(root.location, .structure,
                       "the root element is \(found); a workflow starts with <workflow xmlns=\"\(Self.namespace)\" id=\"…\">")
            return Result(definition: nil, diagnostics: sink.diagnostics)
        }
        var pass = WorkflowCompilation(sink: sink, knownCalendars: knownCalendars, knownStaffRoles: knownStaffRoles)
        let definition = pass.compile(root)
        return Result(definition: sink.hasErrors ? nil : definition, diagnostics: sink.diagnostics)
    }
}

/// One compilation's state: the sink, the symbol table and the facts later checks need.
struct WorkflowCompilation {
    let sink: DiagnosticSink
    var symbols = SymbolTable()
    var namespace: String { WorkflowCompiler.namespace }

    /// Fields by id with their kinds, for checking deadline origins and guards.
    var fieldKinds: [String: Field.Kind] = [:]
    /// The fields a dossier cannot start without.
    var requiredFields: Set<String> = []
    /// Fine ids referenced from deadlines and timers, with where.
    var fineReferences: [(id: String, site: AttributeSite)] = []
    /// Each `<fine field="…">`: the fine, the field it names and where.
    var fineFields: [(fine: String, field: String, site: AttributeSite)] = []
    /// Each approval `<step department="borrower">`, which needs the slip to say the borrower's department.
    var borrowerDepartmentSites: [AttributeSite] = []
    /// Where each timer is declared, and its `when` conditions, for checks after the fields.
    var timerSites: [String: AttributeSite] = [:]
    var timerConditions: [(field: String, value: String, site: AttributeSite)] = []
    /// Where each role is declared, and where the schedule names its role, for the checks of a schedule.
    var roleSites: [String: AttributeSite] = [:]
    var scheduleSites: (role: AttributeSite, element: SourceLocation)?
    /// Where each transition's sign-off is written, by "state/action".
    var signOffSites: [String: AttributeSite] = [:]
    /// Where each field is marked `personal="true"`.
    var personalSites: [AttributeSite] = []
    /// Where each parallel state's `parallel-roles` is written, by state.
    var parallelSites: [String: AttributeSite] = [:]
    var hasChecklist = false
    var hasCertificates = false
    var hasArchiveNumber = false
    var hasActsOn = false
    var workflowCalendar: String?

    init(sink: DiagnosticSink, knownCalendars: Set<String>?, knownStaffRoles: Set<String>?) {
        self.sink = sink
        symbols.knownCalendars = knownCalendars
        symbols.knownStaffRoles = knownStaffRoles
    }

    /// Notes each staff role in `ids` (attribute `name`) for checking against the office's list.
    mutating func referToStaffRoles(_ ids: [String], at site: AttributeSite, except special: Set<String> = []) {
        for id in ids where !special.contains(id) { symbols.refer(to: .staffRole, id, at: site) }
    }

    static let sections = ["description", "roles", "fields", "checklist", "certificates", "archive-number", "register", "retention",
                           "confidentiality", "lending", "acts-on", "states", "deadlines", "fines", "timers", "schedule", "catalogue"]

    mutating func compile(_ root: XMLTree.Element) -> WorkflowDefinition? {
        let reader = ElementReader(root, allowed: ["id", "title", "calendar", "uncovered-years"], sink: sink)
        let id = reader.identifier("id", required: true)
        let title = reader.label("title")
        workflowCalendar = reader.identifier("calendar")
        if let calendar = workflowCalendar {
            symbols.refer(to: .calendar, calendar, at: reader.site("calendar"))
        }
        let uncovered: UncoveredYearPolicy = reader.choice("uncovered-years") ?? .refuse

        let children = reader.children(allowed: Self.sections, namespace: namespace)
        let named = children.map { ($0.name, $0) }
        func section(_ name: String) -> XMLTree.Element? { named.first { $0.0 == name }?.1 }
        checkOrder(named, order: Self.sections, parent: "<workflow>")

        let summary = section("description").map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
        // Declarations first, so references in any order resolve.
        let roles = section("roles").map { compileRoles($0) }
        if section("roles") == nil { sink.error(root.location, .structure, "<workflow> needs a <roles> section") }
        let fields = section("fields").map { compileFields($0) } ?? []
        let checklist = section("checklist").map { compileChecklist($0) }
        hasChecklist = checklist != nil
        let certificates = section("certificates").flatMap { compileCertificates($0) }
        hasCertificates = section("certificates") != nil
        let archiveNumber = section("archive-number").flatMap { compileArchiveNumber($0) }
        hasArchiveNumber = section("archive-number") != nil
        let register = section("register").flatMap { compileRegister($0) }
        let confidentiality = section("confidentiality").map { compileConfidentiality($0) }
        let compiledFines = section("fines").map { compileFines($0) }
        let fines = compiledFines?.rules ?? []
        let lending = section("lending").flatMap { compileLending($0) }
        let retention = section("retention").flatMap { compileRetention($0, fields: fields) }
        let actsOn = section("acts-on").flatMap { compileActsOn($0, fields: fields) }
        checkPersonalFields(fields, actsOn: actsOn)
        hasActsOn = section("acts-on") != nil
        let statesElement = section("states")
        if statesElement == nil { sink.error(root.location, .structure, "<workflow> needs a <states> section") }
        let states = statesElement.map { compileStates($0) }
        let deadlines = section("deadlines").map { compileDeadlines($0) } ?? []
        let timers = section("timers").map { compileTimers($0) } ?? []
        let schedule = section("schedule").flatMap { compileSchedule($0) }
        let catalogue = section("catalogue").flatMap { compileCatalogue($0, workflowID: id, states: states?.states ?? [], schedule: schedule) }

        symbols.resolve(sink: sink)
        if let roles {
            checkFourEyes(roles: roles, states: states?.states ?? [])
            checkParallelStates(states?.states ?? [], roles: roles)
        }
        if let states {
            checkGraph(states)
            checkReturnsIntoFixedDeadlines(states, fines: fines)
            checkTimers(timers, states: states.states, fields: fields, roles: roles ?? [])
            checkDisposal(states.states, actsOn: section("acts-on"))
        }
        checkFineUse(fines: fines)
        if let roles {
            checkSchedule(schedule, roles: roles, fields: fields, roleSites: roleSites)
            checkRestoration(roles: roles, schedule: schedule, roleSites: roleSites)
        }
        if !fields.contains(where: { $0.id == "borrower-department" }) {
            for site in borrowerDepartmentSites {
                sink.error(site.location, "department=\"borrower\" needs the slip to say the borrower's department: declare <field id=\"borrower-department\" type=\"text\" required=\"false\"/>, which a slip fills in from the staff directory")
            }
        }
        for (fine, fieldID, site) in fineFields {
            guard let field = fields.first(where: { $0.id == fieldID }), field.kind != .boolean else { continue }
            sink.error(site.location, "field=\"\(fieldID)\" of fine '\(fine)' is a \(field.kind.rawValue) field; the violation is a boolean field being false, so name a boolean field")
        }

        guard let id, let roles, let states, let initial = states.initial else { return nil }
        return WorkflowDefinition(
            id: id, title: title ?? id, summary: summary, calendarID: workflowCalendar, uncoveredYears: uncovered,
            roles: roles, fields: fields, checklist: checklist, certificates: certificates,
            archiveNumber: archiveNumber, confidentiality: confidentiality, lending: lending,
            initialStateID: initial, states: states.states, deadlines: deadlines, fines: fines, timers: timers,
            schedule: schedule, fineWaiverRoleIDs: compiledFines?.waivers ?? [], register: register, catalogue: catalogue,
            retention: retention, actsOn: actsOn)
    }

    /// Reports a second occurrence of a section and sections out of the language's order.
    func checkOrder(_ children: [(String, XMLTree.Element)], order: [String], parent: String, repeatable: Set<String> = []) {
        var highest = -1
        var seen: [String: XMLTree.Element] = [:]
        for (name, element) in children {
            guard let rank = order.firstIndex(of: name) else { continue }
            if let first = seen[name], !repeatable.contains(name) {
                sink.error(element.location, .structure, "a second <\(name)> in \(parent); there is at most one (the first is at \(first.location.lineAndColumn))")
                continue
            }
            seen[name] = element
            if rank < highest {
                let later = order[highest]
                sink.error(element.location, .structure,
                           "<\(name)> must come before <\(later)>; the parts of \(parent) go in this order: \(order.map { "<\($0)>" }.joined(separator: ", "))")
            }
            highest = max(highest, rank)
        }
    }

    // MARK: Roles and fields

    mutating func compileRoles(_ element: XMLTree.Element) -> [Role] {
        var roles: [Role] = []
        let children = ElementReader(element, allowed: [], sink: sink).children(allowed: ["role"], namespace: namespace)
        if children.isEmpty { sink.error(element.location, .structure, "<roles> needs at least one <role>") }
        for child in children {
            let reader = ElementReader(child, allowed: ["id", "staff-role", "title", "distinct-from", "bound", "optional"], sink: sink)
            let id = reader.identifier("id", required: true)
            let staffRoles = reader.identifiers("staff-role", required: true)
            let distinct = reader.identifiers("distinct-from") ?? []
            let binding: Role.Binding = reader.choice("bound") ?? .atStart
            let isOptional = reader.boolean("optional") ?? false
            if let id {
                symbols.declare(.role, id, at: reader.site("id"), sink: sink)
                roleSites[id] = reader.site("bound")
                for other in distinct {
                    if other == id {
                        sink.error(reader.location(of: "distinct-from"),
                                   "role '\(id)' is declared distinct from itself; name the other role of the four-eyes pair")
                    } else {
                        symbols.refer(to: .role, other, at: reader.site("distinct-from"))
                    }
                }
            }
            referToStaffRoles(staffRoles ?? [], at: reader.site("staff-role"))
            if let id, let staffRoles {
                roles.append(Role(id: id, title: reader.label("title"), staffRoles: staffRoles, distinctFrom: distinct,
                                  binding: binding, isOptional: isOptional))
            }
        }
        return roles
    }

    mutating func compileFields(_ element: XMLTree.Element) -> [Field] {
        var fields: [Field] = []
        for child in ElementReader(element, allowed: [], sink: sink).children(allowed: ["field"], namespace: namespace) {
            let reader = ElementReader(child, allowed: ["id", "type", "title", "required", "values", "min", "max", "personal"], sink: sink)
            let id = reader.identifier("id", required: true)
            let kind: Field.Kind? = reader.choice("type", required: true)
            let values = reader.identifiers("values") ?? []
            let minimum = reader.decimal("min"), maximum = reader.decimal("max")
            if let kind, kind != .integer, kind != .decimal, minimum != nil || maximum != nil {
                sink.error(reader.location(of: minimum != nil ? "min" : "max"),
                           "min and max only apply to integer and decimal fields; field '\(id ?? "?")' is \(kind.rawValue)")
            }
            let lower = minimum ?? 0, upper = maximum ?? Field.defaultMaximum
            if lower > upper {
                sink.error(reader.location(of: minimum != nil ? "min" : "max"), "field '\(id ?? "?")' has min=\"\(lower)\" above max=\"\(upper)\"")
            }
            if let id { symbols.declare(.field, id, at: reader.site("id"), sink: sink) }
            if kind == .choice, child.attribute("values") == nil {
                sink.error(reader.location, "choice field '\(id ?? "?")' lists no values: add values=\"first second …\"")
            }
            if let kind, kind != .choice, !values.isEmpty {
                sink.error(reader.location(of: "values"), "values=\"…\" only applies to type=\"choice\"; field '\(id ?? "?")' is \(kind.rawValue)")
            }
            let personal = reader.boolean("personal") ?? false
            if personal, let kind, kind != .text {
                sink.error(reader.location(of: "personal"), "personal=\"true\" applies to text fields, whose value is sealed as written; field '\(id ?? "?")' is \(kind.rawValue)")
            }
            if personal { personalSites.append(reader.site("personal")) }
            if let id, let kind {
                fieldKinds[id] = kind
                if reader.boolean("required") ?? true { requiredFields.insert(id) }
                var field = Field(id: id, title: reader.label("title"), kind: kind, isRequired: reader.boolean("required") ?? true, values: values,
                                  range: (kind == .integer || kind == .decimal) && lower <= upper ? lower...upper : nil)
                field.isPersonal = personal
                fields.append(field)
            }
        }
        return fields
    }

    /// Personal fields are sealed under the key of the dossier's customer, so the dossier must
    /// name one: a required text field `customer`, or for a correction (`<acts-on
    /// changes-field>`) an optional one, which the register fills in from the dossier corrected.
    func checkPersonalFields(_ fields: [Field], actsOn: ActsOn?) {
        guard let site = personalSites.first else { return }
        let customer = fields.first { $0.id == Field.customerID }
        let fromRegister = actsOn?.changesFieldID != nil
        let named = customer?.kind == .text && (customer?.isRequired == true || fromRegister)
        guard !named else { return }
        let needed = fromRegister ? "a text field" : "a required text field"
        sink.error(site.location, "a personal field is sealed under the key of the dossier's customer, so the workflow needs \(needed) '\(Field.customerID)' naming them")
    }

    /// Checks a `field:NAME` origin names a date or datetime field.
    mutating func checkDateField(_ origin: DeadlineOrigin?, at site: AttributeSite) {
        guard case .field(let field)? = origin else { return }
        symbols.refer(to: .field, field, at: site, written: "field:\(field)")
        if let kind = fieldKinds[field], kind != .date, kind != .datetime {
            sink.error(site.location, "\(site.name)=\"field:\(field)\" counts from a \(kind.rawValue) field; only date and datetime fields can start a count")
        }
    }

    /// Parses a `from` attribute.
    func origin(_ reader: ElementReader, allowStateEntered: Bool) -> DeadlineOrigin? {
        guard let raw = reader.string("from") else { return nil }
        guard let origin = DeadlineOrigin(token: raw), allowStateEntered || origin != .stateEntered,
              !(origin.fieldID.map { !ElementReader.isIdentifier($0) } ?? false) else {
            if raw == "state-entered", !allowStateEntered {
                sink.error(reader.location(of: "from"), .structure,
                           "from=\"state-entered\" does not apply here: this deadline spans several states (or is a timer), so it counts from instance-started or field:NAME")
                return nil
            }
            let options = allowStateEntered ? "state-entered, instance-started or field:NAME" : "instance-started or field:NAME"
            sink.error(reader.location(of: "from"), .structure, "from=\"\(raw)\" is not \(options)")
            return nil
        }
        return origin
    }
}

extension DeadlineOrigin {
    var fieldID: String? {
        if case .field(let id) = self { return id }
        return nil
    }
}
