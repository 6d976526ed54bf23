import DossierXML

/// The ids a definition declares, and every reference to them, checked once everything is read.
struct SymbolTable {
    enum Kind: String {
        case role, field, section, item = "checklist item", state, fine, level = "confidentiality level"
        case certificate, deadline, timer, calendar, staffRole = "staff role"

        var plural: String {
            switch self {
            case .item: "checklist items"
            case .level: "confidentiality levels"
            default: rawValue + "s"
            }
        }
    }

    private struct Reference {
        var kind: Kind
        var id: String
        var site: AttributeSite
        var written: String?
    }

    private var declared: [Kind: [String: AttributeSite]] = [:]
    private var order: [Kind: [String]] = [:]
    private var references: [Reference] = []
    /// Calendars known outside the file; `nil` when unknown (the check is skipped).
    var knownCalendars: Set<String>?
    /// The office's staff roles, from its `staff-roles.xml`; `nil` when unknown (the check is skipped).
    var knownStaffRoles: Set<String>?

    /// Declares `id`; a second declaration is an error naming the first.
    mutating func declare(_ kind: Kind, _ id: String, at site: AttributeSite, sink: DiagnosticSink) {
        if let first = declared[kind]?[id] {
            sink.error(site.location, "duplicate \(kind.rawValue) id '\(id)'; the first is at \(first.location.lineAndColumn)")
            return
        }
        declared[kind, default: [:]][id] = site
        order[kind, default: []].append(id)
    }

    func contains(_ kind: Kind, _ id: String) -> Bool {
        if kind == .calendar { return knownCalendars?.contains(id) ?? true }
        if kind == .staffRole, let knownStaffRoles, declared[kind] == nil { return knownStaffRoles.contains(id) }
        if kind == .staffRole, declared[kind] == nil { return true }
        return declared[kind]?[id] != nil
    }

    func ids(_ kind: Kind) -> [String] {
        if kind == .calendar { return knownCalendars.map { $0.sorted() } ?? [] }
        if kind == .staffRole, declared[kind] == nil { return knownStaffRoles.map { $0.sorted() } ?? [] }
        return order[kind] ?? []
    }

    func location(of kind: Kind, _ id: String) -> SourceLocation? { declared[kind]?[id]?.location }

    /// Notes a reference to check later; `written` is the attribute's text when it differs
    /// from the id (as in `from="field:ends-on"`).
    mutating func refer(to kind: Kind, _ id: String, at site: AttributeSite, written: String? = nil) {
        references.append(Reference(kind: kind, id: id, site: site, written: written))
    }

    /// Whether every reference so far names something declared.
    var allReferencesResolve: Bool {
        references.allSatisfy { contains($0.kind, $0.id) }
    }

    /// Reports every reference to an undeclared id.
    /// Kinds with a declaration whose id could not be read: an unresolved reference to them may
    /// name exactly that one, so it is not reported.
    var incompleteKinds: Set<Kind> = []

    func resolve(sink: DiagnosticSink) {
        for reference in references where !contains(reference.kind, reference.id) && !incompleteKinds.contains(reference.kind) {
            var hint = Suggestions.hint(for: reference.id, in: ids(reference.kind), plural: reference.kind.plural)
            if reference.kind == .calendar, ids(.calendar).isEmpty {
                // A workflow declares no calendars: they come from their own files or the store.
                hint = "; no calendar is known here: validate the calendar's file along with the workflow "
                    + "(e.g. Workflows/calendars/\(reference.id).xml), or deploy the calendar to the store first"
            }
            if reference.kind == .staffRole, Suggestions.closest(to: reference.id, in: ids(.staffRole)) == nil {
                hint = "; a new staff role is added to \(StaffRoleVocabulary.fileName), which is deployed first" + hint
            }
            let scope = switch reference.kind {
            case .calendar: "known calendar"
            case .staffRole: "staff role of this office"
            default: "\(reference.kind.rawValue) of this workflow"
            }
            sink.error(reference.site.location, "\(reference.site.name)=\"\(reference.written ?? reference.id)\" names no \(scope)\(hint)")
        }
    }
}
