import DossierXML
import Foundation

/// Fines and timers.
extension WorkflowCompilation {
    mutating func compileFines(_ element: XMLTree.Element) -> (rules: [FineRule], waivers: [String]) {
        let reader = ElementReader(element, allowed: ["waive-by"], sink: sink)
        let waivers = reader.identifiers("waive-by") ?? []
        for role in waivers { symbols.refer(to: .role, role, at: reader.site("waive-by")) }
        var fines: [FineRule] = []
        for child in reader.children(allowed: ["fine"], namespace: namespace) {
            let fineReader = ElementReader(child, allowed: ["id", "title", "amount", "min", "max", "payer", "per", "on", "cap", "record-by", "restore", "field"],
                                           sink: sink)
            let id = fineReader.identifier("id", required: true)
            if let id { symbols.declare(.fine, id, at: fineReader.site("id"), sink: sink) }
            let ranged = child.attribute("min") != nil || child.attribute("max") != nil
            let amount = fineReader.decimal("amount", required: !ranged)
            let payer = fineReader.identifier("payer")
            let basis: FineRule.Basis = fineReader.choice("per") ?? .occurrence
            let violation: FineRule.Violation = fineReader.choice("on") ?? .deadlineMissed
            let cap = fineReader.decimal("cap")
            let name = id.map { "fine '\($0)'" } ?? "<fine>"
            let recording = compileRecording(fineReader, name: name, violation: violation, basis: basis)
            let field = fineReader.identifier("field")
            if let field {
                symbols.refer(to: .field, field, at: fineReader.site("field"))
                if violation != .contactNotVerified {
                    sink.error(fineReader.location(of: "field"), "field= names the boolean field whose false is the violation, which only on=\"contact-not-verified\" has; remove it")
                } else if let id {
                    fineFields.append((id, field, fineReader.site("field")))
                }
            } else if violation == .contactNotVerified, child.attribute("field") == nil {
                sink.error(fineReader.location(of: "on"), "\(name) punishes a contact not verified, which a field of the dossier records: add field=\"NAME\" naming that boolean field")
            }
            if recording.recordedBy.isEmpty, payer == nil, child.attribute("payer") == nil {
                sink.error(child.location, "\(name) has no payer: add payer=\"ROLE\" naming the role whose holder pays, or payer=\"actor\" for whoever committed the violation")
            }
            if let payer, payer != FineRule.actorPayer {
                symbols.refer(to: .role, payer, at: fineReader.site("payer"))
            }
            if let amount, amount <= 0 {
                sink.error(fineReader.location(of: "amount"), "amount=\"\(amount)\" of \(name) must be more than 0")
            }
            if let cap, let least = amount ?? recording.range?.lowerBound, cap < least {
                sink.error(fineReader.location(of: "cap"), "cap=\"\(cap)\" of \(name) is less than its amount \(least)")
            }
            if basis == .workingDay, ![.deadlineMissed, .overdueLoan].contains(violation) {
                sink.error(fineReader.location(of: "per"), "per=\"working-day\" only applies to lateness (deadline-missed, overdue-loan), not to \(violation.rawValue)")
            }
            let parts = fineReader.children(allowed: ["escalate", "repeat"], namespace: namespace)
            let named = parts.map { ($0.hasName("escalate", namespace: namespace) ? "escalate" : "repeat", $0) }
            checkOrder(named, order: ["escalate", "repeat"], parent: "<fine>")
            let escalation = named.first { $0.0 == "escalate" }.flatMap { compileEscalation($0.1, fine: name) }
            let repetition = named.first { $0.0 == "repeat" }.flatMap { compileRepetition($0.1, fine: name) }
            if !recording.recordedBy.isEmpty, let element = named.first(where: { $0.0 == "repeat" })?.1 {
                sink.error(element.location, "\(name) is recorded by hand, once per violation; a <repeat> needs a due moment to count from, which a recorded fine has not")
            }
            if let id, let amount = amount ?? recording.range?.lowerBound {
                fines.append(FineRule(id: id, title: fineReader.label("title"), amount: amount, payer: payer ?? FineRule.actorPayer,
                                      basis: basis, violation: violation, cap: cap, escalation: escalation, repetition: repetition,
                                      recordedBy: recording.recordedBy, range: recording.range, restoreWorkflowID: recording.restore,
                                      fieldID: field))
            }
        }
        return (fines, waivers)
    }

    /// Who records a fine by hand (`record-by`), within which amounts (`min`/`max`), and the
    /// workflow that restores what was lost (`restore`). A violation only people see must be
    /// recorded; a missed deadline never is (the sweep sees it); a range needs a recorder to
    /// set the amount, and a restoration a recorded fine to start it.
    mutating func compileRecording(_ reader: ElementReader, name: String, violation: FineRule.Violation, basis: FineRule.Basis)
                                   -> (recordedBy: [String], range: ClosedRange<Decimal>?, restore: String?) {
        let recorders = reader.identifiers("record-by") ?? []
        for role in recorders { symbols.refer(to: .role, role, at: reader.site("record-by")) }
        let least = reader.decimal("min"), most = reader.decimal("max")
        let restore = reader.identifier("restore")
        let hasRecorders = reader.string("record-by") != nil
        if hasRecorders {
            if violation.isMissedTime {
                sink.error(reader.location(of: "record-by"), "\(name) punishes \(violation.rawValue), which the sweep assesses by itself; record-by= is for violations only a person sees (account-shared, copied, taken-away, lost-item, …)")
            }
            if let payer = reader.string("payer"), payer != FineRule.actorPayer {
                sink.error(reader.location(of: "payer"), "\(name) is recorded on the person who committed the violation, so its payer is that person: remove payer=\"\(payer)\" or write payer=\"actor\"")
            }
            if basis != .occurrence {
                sink.error(reader.location(of: "per"), "\(name) is recorded by hand, once per violation: per=\"\(basis.rawValue)\" cannot be counted; remove per= or write per=\"occurrence\"")
            }
        } else if violation.isSeenOnlyByPeople {
            sink.error(reader.location(of: "on"), "\(name) punishes \(violation.rawValue), which no sweep can see, so it is never assessed: add record-by=\"ROLES\" naming the roles whose staff record it")
        }
        var range: ClosedRange<Decimal>?
        if least != nil || most != nil {
            if reader.string("amount") != nil {
                sink.error(reader.location(of: "amount"), "\(name) has both amount= and a range (min=/max=): a fixed amount or a range the recorder chooses from, not both")
            }
            if !hasRecorders {
                sink.error(reader.location(of: reader.string("min") != nil ? "min" : "max"), "\(name) has a range of amounts, so someone must choose the amount: add record-by=\"ROLES\" naming the roles whose staff record it")
            }
            if least == nil, reader.string("min") == nil { sink.error(reader.location(of: "max"), "\(name) has max= but no min=: give the least amount too") }
            if most == nil, reader.string("max") == nil { sink.error(reader.location(of: "min"), "\(name) has min= but no max=: give the most amount too") }
            if let least, least <= 0 { sink.error(reader.location(of: "min"), "min=\"\(least)\" of \(name) must be more than 0") }
            if let least, let most, most < least {
                sink.error(reader.location(of: "max"), "max=\"\(most)\" of \(name) is less than its min=\"\(least)\"")
            } else if let least, let most, least > 0 {
                range = least...most
            }
        }
        if restore != nil, !hasRecorders {
            sink.error(reader.location(of: "restore"), "restore= starts a restoration when a manager records \(name); add record-by=\"ROLES\" naming the roles whose staff record it")
        }
        return (recorders, range, restore)
    }

    func compileEscalation(_ element: XMLTree.Element, fine name: String) -> FineRule.Escalation? {
        let reader = ElementReader(element, allowed: ["from-nth", "within", "factor", "counting", "performance-cut"], sink: sink)
        let nth = reader.integer("from-nth", required: true)
        if let within = reader.string("within", required: true), within != "calendar-month" {
            sink.error(reader.location(of: "within"), .structure, "within=\"\(within)\" is not calendar-month, the only escalation period")
        }
        let factor = reader.decimal("factor", required: true)
        let counting: FineRule.Escalation.Counting = reader.choice("counting") ?? .workflow
        if let nth, nth < 1 {
            sink.error(reader.location(of: "from-nth"), "from-nth=\"\(nth)\" of \(name) must be 1 or more (2 means from the second violation in the month)")
        }
        if let factor, factor <= 0 {
            sink.error(reader.location(of: "factor"), "factor=\"\(factor)\" of \(name) must be more than 0")
        }
        var cut: ClosedRange<Int>?
        if let raw = reader.string("performance-cut") {
            let bounds = raw.split(separator: "-").compactMap { Int($0) }
            if bounds.count == 1, (0...100).contains(bounds[0]) {
                cut = bounds[0]...bounds[0]
            } else if bounds.count == 2, bounds[0] <= bounds[1], (0...100).contains(bounds[1]) {
                cut = bounds[0]...bounds[1]
            } else {
                sink.error(reader.location(of: "performance-cut"), "performance-cut=\"\(raw)\" must be a percent or a range such as 10-30, within 0-100")
            }
        }
        guard let nth, let factor else { return nil }
        return FineRule.Escalation(fromNth: nth, factor: factor, counting: counting, performanceCut: cut)
    }

    func compileRepetition(_ element: XMLTree.Element, fine name: String) -> FineRule.Repetition? {
        let reader = ElementReader(element, allowed: ["every", "unit", "grace", "until"], sink: sink)
        let every = reader.integer("every", required: true)
        let unit: Period.Unit? = reader.choice("unit", required: true)
        let grace = reader.integer("grace")
        if let until = reader.string("until", required: true), until != "corrected" {
            sink.error(reader.location(of: "until"), .structure, "until=\"\(until)\" is not corrected, the only way a repetition ends")
        }
        if let every, every < 1 {
            sink.error(reader.location(of: "every"), "every=\"\(every)\" of \(name) must be at least 1")
        }
        if let grace, grace < 1 {
            // A grace of nothing would count the violation a second time at the very moment it
            // happened (found by the deadline fuzzer).
            sink.error(reader.location(of: "grace"), "grace=\"\(grace)\" of \(name) must be at least 1: a violation counts again only after a grace")
        }
        reader.checkLength("every", every, unit, what: "a repetition")
        reader.checkLength("grace", grace, unit, what: "a grace period")
        if unit == .workingDays, workflowCalendar == nil {
            sink.error(reader.location(of: "unit"), "\(name) repeats every working day, but the <workflow> names no calendar")
        }
        guard let every, let unit else { return nil }
        return FineRule.Repetition(every: Period(every, unit), grace: Period(grace ?? every, unit))
    }

    mutating func compileTimers(_ element: XMLTree.Element) -> [FollowUpTimer] {
        let reader = ElementReader(element, allowed: [], sink: sink)
        var timers: [FollowUpTimer] = []
        for child in reader.children(allowed: ["timer"], namespace: namespace) {
            if let timer = compileTimer(child) { timers.append(timer) }
        }
        return timers
    }

    /// One `<timer>`: a window `not-before`…`within` (`after` is the older spelling of
    /// `within`) from `from`, for `role`, `when` a field has a value, recorded with `record`.
    private mutating func compileTimer(_ child: XMLTree.Element) -> FollowUpTimer? {
        let timerReader = ElementReader(child, allowed: ["id", "title", "within", "after", "not-before", "unit", "from", "role", "when", "record", "fine"],
                                        sink: sink)
        _ = timerReader.children(allowed: [], namespace: namespace)
        let id = timerReader.identifier("id", required: true)
        if let id { symbols.declare(.timer, id, at: timerReader.site("id"), sink: sink) }
        let name = "timer '\(id ?? "?")'"
        var withinName = "within"
        if timerReader.string("after") != nil {
            if timerReader.string("within") != nil {
                sink.error(timerReader.location(of: "after"), .structure, "\(name) has both within= and after=; after= is the older spelling of within=, so keep within= alone")
            } else {
                withinName = "after"
                sink.warning(timerReader.location(of: "after"), "after= is the older spelling of within= (when the window closes); write within=")
            }
        }
        let within = timerReader.integer(withinName, required: withinName == "within")
        let notBefore = timerReader.integer("not-before")
        let unit: Period.Unit? = timerReader.choice("unit", required: true)
        let from = origin(timerReader, allowStateEntered: false)
        checkDateField(from, at: timerReader.site("from"))
        let role = timerReader.identifier("role", required: true)
        if let role { symbols.refer(to: .role, role, at: timerReader.site("role")) }
        var condition: FollowUpTimer.Condition?
        if let when = timerReader.string("when") {
            let parts = when.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2, parts[0].hasPrefix("field:"), ElementReader.isIdentifier(parts[0].dropFirst(6)), !parts[1].isEmpty {
                condition = FollowUpTimer.Condition(field: String(parts[0].dropFirst(6)), value: parts[1])
                symbols.refer(to: .field, String(parts[0].dropFirst(6)), at: timerReader.site("when"))
                timerConditions.append((String(parts[0].dropFirst(6)), parts[1], timerReader.site("when")))
            } else {
                sink.error(timerReader.location(of: "when"), .structure, "when=\"\(when)\" is not of the form field:NAME=VALUE")
            }
        }
        let record = timerReader.identifiers("record") ?? []
        if Set(record).count != record.count {
            sink.error(timerReader.location(of: "record"), .structure, "record= of \(name) names a value twice")
        }
        let fine = timerReader.identifier("fine")
        if let fine {
            symbols.refer(to: .fine, fine, at: timerReader.site("fine"))
            fineReferences.append((fine, timerReader.site("fine")))
        }
        timerReader.checkLength(withinName, within, unit, what: "a timer")
        if let within, within < 1 {
            sink.error(timerReader.location(of: withinName), "\(withinName)=\"\(within)\" of \(name) must be at least 1")
        }
        if let notBefore, let within {
            if notBefore < 0 {
                sink.error(timerReader.location(of: "not-before"), "not-before=\"\(notBefore)\" of \(name) must be 0 or more")
            } else if notBefore > within {
                sink.error(timerReader.location(of: "not-before"),
                           "the window of \(name) opens (not-before=\"\(notBefore)\") after it closes (\(withinName)=\"\(within)\"), so no record could ever count")
            }
        }
        if unit == .workingDays, workflowCalendar == nil {
            sink.error(timerReader.location(of: "unit"), "\(name) counts working days, but the <workflow> names no calendar")
        }
        guard let id, let within, let unit, let role else { return nil }
        timerSites[id] = timerReader.site("id")
        return FollowUpTimer(id: id, title: timerReader.label("title"), within: Period(within, unit),
                             notBefore: notBefore.flatMap { $0 > 0 ? Period($0, unit) : nil }, origin: from ?? .instanceStarted,
                             roleID: role, condition: condition, recordValues: record, fineID: fine)
    }

    /// A timer's task shares its dossier's task list with the states' tasks, so its id is no
    /// state's; its condition's value is one its field can hold.
    func checkTimers(_ timers: [FollowUpTimer], states: [WorkflowState], fields: [Field], roles: [Role]) {
        let stateIDs = Set(states.map(\.id))
        // A duty is recorded by the one person holding its role, and its lateness is theirs.
        for timer in timers {
            guard let role = roles.first(where: { $0.id == timer.roleID }) else { continue }
            let why: String? = if role.isOptional { "is optional, so a dossier may have nobody to call" }
                else if role.binding == .levelApprover { "is bound level-approver, so nobody holds it until a slip is approved" }
                else { nil }
            if let why {
                sink.error(timerSites[timer.id]?.location ?? SourceLocation(file: "", line: 0),
                           "timer '\(timer.id)' falls to role '\(role.id)', which \(why); give the duty to a role every dossier has someone in")
            }
        }
        for timer in timers where stateIDs.contains(timer.id) {
            sink.error(timerSites[timer.id]?.location ?? SourceLocation(file: "", line: 0),
                       "timer '\(timer.id)' has the id of a state; its tasks are listed by that id, so give it one of its own")
        }
        for (fieldID, value, site) in timerConditions {
            guard let field = fields.first(where: { $0.id == fieldID }) else { continue }
            let expected: String? = switch field.kind {
            case .boolean: ["true", "false"].contains(value) ? nil : "true or false"
            case .choice: field.values.contains(value) ? nil : field.values.joined(separator: ", ")
            case .integer: Int(value) == nil ? "a whole number" : nil
            case .date: CalendarDate(iso: value) == nil ? "a date YYYY-MM-DD" : nil
            default: nil
            }
            if let expected {
                sink.error(site.location, "when=\"field:\(fieldID)=\(value)\" can never hold: field '\(fieldID)' holds \(expected)")
            }
        }
    }
}
