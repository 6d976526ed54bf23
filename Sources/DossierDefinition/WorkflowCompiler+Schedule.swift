import DossierXML
import Foundation

/// `<schedule>`: dossiers that start by themselves, one per occurrence of a recurrence.
extension WorkflowCompilation {
    static let scheduleAttributes = ["every", "short-months", "adjust", "opens-before", "field", "for", "per"]

    /// Reads `<schedule every short-months adjust opens-before field for per>`; what it says
    /// about roles and fields is checked by ``checkSchedule(_:roles:fields:)`` once they are known.
    mutating func compileSchedule(_ element: XMLTree.Element) -> Schedule? {
        let reader = ElementReader(element, allowed: Self.scheduleAttributes, sink: sink)
        _ = reader.children(allowed: [], namespace: namespace)
        let every = reader.string("every", required: true)
        let shortMonths: Recurrence.ShortMonths? = reader.choice("short-months")
        let adjustment: WorkingDayAdjustment? = reader.choice("adjust")
        let lead = reader.integer("opens-before") ?? 0
        let field = reader.identifier("field", required: true)
        let role = reader.identifier("for", required: true)
        let per = reader.string("per") ?? "office"
        var recurrence: Recurrence?
        if let every {
            do {
                recurrence = try Recurrence(iso: every, shortMonths: shortMonths)
            } catch {
                sink.error(reader.location(of: "every"), "every=\"\(every)\": \(error.description)")
            }
        }
        if adjustment != nil, workflowCalendar == nil {
            sink.error(reader.location(of: "adjust"), "adjust= moves a due day off the non-working days of the workflow's calendar, but the <workflow> names no calendar; add calendar=\"cn\" (or another)")
        }
        if !(0...Schedule.longestLead).contains(lead) {
            sink.error(reader.location(of: "opens-before"), "opens-before=\"\(lead)\" must be from 0 to \(Schedule.longestLead) calendar days")
        }
        if !["office", "department"].contains(per) {
            sink.error(reader.location(of: "per"), .structure, "per=\"\(per)\" is not one of: office (one dossier for the office), department (one for each department with someone holding the role)")
        }
        if let field {
            symbols.refer(to: .field, field, at: reader.site("field"))
            if let kind = fieldKinds[field], kind != .date {
                sink.error(reader.location(of: "field"), "field=\"\(field)\" is a \(kind.rawValue) field; the schedule writes each occurrence's due day into it, so name a date field")
            }
        }
        if let role { symbols.refer(to: .role, role, at: reader.site("for")) }
        scheduleSites = (reader.site("for"), element.location)
        guard let recurrence, let field, let role, (0...Schedule.longestLead).contains(lead) else { return nil }
        return Schedule(recurrence: recurrence, adjustment: adjustment, lead: lead, dateFieldID: field, roleID: role,
                        perDepartment: per == "department")
    }

    /// A scheduled dossier is started by the sweep, with nobody to assign its roles or give its
    /// fields: each role is bound by the schedule or optional (or routed later by level), and
    /// the only field it needs is the due day. A role bound by a schedule needs one.
    func checkSchedule(_ schedule: Schedule?, roles: [Role], fields: [Field], roleSites: [String: AttributeSite]) {
        guard let schedule else {
            // A <schedule> that did not compile has its own errors; these would only echo them.
            guard scheduleSites == nil else { return }
            for role in roles where role.binding == .scheduled {
                sink.error(roleSites[role.id]?.location ?? SourceLocation(file: "", line: 0),
                           "role '\(role.id)' is bound=\"scheduled\", but the workflow has no <schedule> to start its dossiers; add one, or bind the role another way")
            }
            return
        }
        let location = scheduleSites?.element ?? SourceLocation(file: "", line: 0)
        if let role = roles.first(where: { $0.id == schedule.roleID }), role.binding != .scheduled {
            sink.error(scheduleSites?.role.location ?? location,
                       "the schedule falls to role '\(role.id)', which is bound \(role.binding.rawValue); give it bound=\"scheduled\" so that each occurrence finds its holder")
        }
        for role in roles where role.id != schedule.roleID && (role.binding == .atStart && !role.isOptional || role.binding == .starter) {
            sink.error(roleSites[role.id]?.location ?? location,
                       "role '\(role.id)' is bound \(role.binding.rawValue), but a scheduled dossier is started by the sweep with nobody to name it; bind it bound=\"scheduled\" or make it optional=\"true\"")
        }
        for field in fields where field.isRequired && field.id != schedule.dateFieldID {
            sink.error(location, "field '\(field.id)' is required, but a scheduled dossier starts with only its due day (\(schedule.dateFieldID)); make '\(field.id)' required=\"false\"")
        }
    }
}
