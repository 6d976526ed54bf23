import DossierXML
import Foundation

/// States, transitions and deadlines.
extension WorkflowCompilation {
    struct CompiledStates {
        var initial: String?
        var initialLocation: SourceLocation
        var states: [WorkflowState]
        var locations: [String: SourceLocation]
        /// Where each state's `<deadline>` is, by state.
        var deadlineLocations: [String: SourceLocation] = [:]
        /// Some state, transition or final= could not be read, so graph checks would be guesses.
        var finalityUnknown = false
    }

    mutating func compileStates(_ element: XMLTree.Element) -> CompiledStates {
        let reader = ElementReader(element, allowed: ["initial"], sink: sink)
        let initial = reader.identifier("initial", required: true)
        if let initial { symbols.refer(to: .state, initial, at: reader.site("initial")) }
        var states: [WorkflowState] = []
        var locations: [String: SourceLocation] = [:]
        var deadlineLocations: [String: SourceLocation] = [:]
        var finalityUnknown = false
        let children = reader.children(allowed: ["state"], namespace: namespace)
        if children.isEmpty { sink.error(element.location, .structure, "<states> needs at least one <state>") }
        for child in children {
            let stateReader = ElementReader(child, allowed: ["id", "title", "role", "parallel-roles", "final"], sink: sink)
            guard let id = stateReader.identifier("id", required: true) else {
                finalityUnknown = true
                symbols.incompleteKinds.insert(.state)
                continue
            }
            symbols.declare(.state, id, at: stateReader.site("id"), sink: sink)
            if id == WorkflowState.destroyedID {
                sink.error(stateReader.location(of: "id"), "state id \"\(id)\" is the engine's: a registered dossier a destruction list destroys ends there; name this state otherwise")
            }
            locations[id] = child.location
            let role = stateReader.identifier("role")
            if let role { symbols.refer(to: .role, role, at: stateReader.site("role")) }
            let parallelRoles = stateReader.identifiers("parallel-roles") ?? []
            for parallel in parallelRoles { symbols.refer(to: .role, parallel, at: stateReader.site("parallel-roles")) }
            if child.attribute("parallel-roles") != nil { parallelSites[id] = stateReader.site("parallel-roles") }
            if role != nil, !parallelRoles.isEmpty {
                sink.error(stateReader.location(of: "parallel-roles"), "state '\(id)' has both role and parallel-roles: a state is one role's task or several roles' tasks at once; drop one")
            }
            let finalFlag = stateReader.boolean("final")
            if finalFlag == nil, child.attribute("final") != nil { finalityUnknown = true }
            let isFinal = finalFlag ?? false
            let parts = stateReader.children(allowed: ["deadline", "transition"], namespace: namespace)
            let named = parts.map { ($0.hasName("deadline", namespace: namespace) ? "deadline" : "transition", $0) }
            checkOrder(named, order: ["deadline", "transition"], parent: "<state>", repeatable: ["transition"])
            let deadlineElements = named.filter { $0.0 == "deadline" }.map(\.1)
            let deadline = deadlineElements.first.flatMap { compileDeadline($0, id: id, allowed: Self.deadlineAttributes) }
            if let first = deadlineElements.first { deadlineLocations[id] = first.location }
            var transitions: [Transition] = []
            var actions: [String: SourceLocation] = [:]
            for (name, transitionElement) in named where name == "transition" {
                guard let transition = compileTransition(transitionElement, stateID: id, stateRole: role) else {
                    finalityUnknown = true
                    continue
                }
                if let first = actions[transition.action] {
                    sink.error(transitionElement.location, "state '\(id)' has two transitions with action '\(transition.action)'; the first is at \(first.lineAndColumn)")
                }
                actions[transition.action] = transitionElement.location
                transitions.append(transition)
            }
            if isFinal {
                if !transitions.isEmpty {
                    sink.error(child.location, "final state '\(id)' has transitions; a final state ends the process, so remove final=\"true\" or the transitions")
                }
                if deadline != nil {
                    sink.error(child.location, "final state '\(id)' has a deadline, which could never be met or missed")
                }
                if child.attribute("parallel-roles") != nil {
                    sink.error(stateReader.location(of: "parallel-roles"), "final state '\(id)' has parallel-roles, but a final state opens no task")
                }
            } else if role == nil, child.attribute("role") == nil, child.attribute("parallel-roles") == nil {
                for transition in transitions where transition.byRoleID == nil {
                    sink.error(child.location, "state '\(id)' names no role and its action '\(transition.action)' has no by=\"ROLE\": nobody could take it")
                }
            }
            states.append(WorkflowState(id: id, title: stateReader.label("title"), roleID: role, parallelRoleIDs: parallelRoles, isFinal: isFinal,
                                        deadline: deadline, transitions: transitions))
        }
        return CompiledStates(initial: initial, initialLocation: reader.location(of: "initial"), states: states, locations: locations,
                              deadlineLocations: deadlineLocations, finalityUnknown: finalityUnknown)
    }

    mutating func compileTransition(_ element: XMLTree.Element, stateID: String, stateRole: String?) -> Transition? {
        let reader = ElementReader(element, allowed: ["action", "to", "title", "by", "on", "guard", "sign-off", "effect", "note"], sink: sink)
        _ = reader.children(allowed: [], namespace: namespace)
        let action = reader.identifier("action", required: true)
        let target = reader.identifier("to", required: true)
        if let target { symbols.refer(to: .state, target, at: reader.site("to")) }
        let by = reader.identifier("by")
        if let by { symbols.refer(to: .role, by, at: reader.site("by")) }
        let signOff = reader.identifiers("sign-off") ?? []
        for role in signOff { symbols.refer(to: .role, role, at: reader.site("sign-off")) }
        var guards: [Guard] = []
        for token in (reader.string("guard") ?? "").whitespaceSeparated {
            let at = reader.location(of: "guard")
            if token.hasPrefix("field:"), !ElementReader.isIdentifier(token.dropFirst(6)) {
                sink.error(at, .structure, "guard '\(token)' needs a field id after field:, as in field:customer")
                continue
            }
            if token.hasPrefix("nothing-held:"), !ElementReader.isIdentifier(token.dropFirst(13)) {
                sink.error(at, .structure, "guard '\(token)' needs a role id after nothing-held:, as in nothing-held:leaver")
                continue
            }
            guard let parsed = Guard(token: token) else {
                let hint = Suggestions.closest(to: token, in: Guard.names).map { "; did you mean '\($0)'?" }
                    ?? "; guards are \(Guard.names.joined(separator: ", ")), field:NAME and nothing-held:ROLE"
                sink.error(at, "unknown guard '\(token)'\(hint)")
                continue
            }
            switch parsed {
            case .fieldSet(let field): symbols.refer(to: .field, field, at: reader.site("guard"), written: token)
            case .nothingHeld(let role): symbols.refer(to: .role, role, at: reader.site("guard"), written: token)
            case .checklistComplete, .allItemsVerified, .noOpenDefects, .signaturesComplete:
                if !hasChecklist { sink.error(at, "guard '\(token)' needs a <checklist>, and this workflow has none") }
            case .certificatesSigned:
                if !hasCertificates { sink.error(at, "guard '\(token)' needs a <certificates> section, and this workflow has none") }
            }
            guards.append(parsed)
        }
        var effects: [Effect] = []
        for token in (reader.string("effect") ?? "").whitespaceSeparated {
            guard let effect = Effect(rawValue: token) else {
                let names = Effect.allCases.map(\.rawValue)
                let hint = Suggestions.closest(to: token, in: names).map { "; did you mean '\($0)'?" } ?? "; effects are \(names.joined(separator: ", "))"
                sink.error(reader.location(of: "effect"), .structure, "unknown effect '\(token)'\(hint)")
                continue
            }
            if effect == .assignArchiveNumber, !hasArchiveNumber {
                sink.error(reader.location(of: "effect"), "effect 'assign-archive-number' needs an <archive-number> pattern, and this workflow has none")
            }
            if [.issueSupplementaryList, .resetVerification].contains(effect), !hasChecklist {
                sink.error(reader.location(of: "effect"), "effect '\(token)' needs a <checklist>, and this workflow has none")
            }
            if [.dispose, .amend, .transferCustody].contains(effect), !hasActsOn {
                sink.error(reader.location(of: "effect"), "effect '\(token)' acts on registered dossiers; declare which with <acts-on field=\"…\"/>")
            }
            effects.append(effect)
        }
        let note = reader.string("note")
        if let note, note != "required", note != "optional" {
            sink.error(reader.location(of: "note"), .structure, "note=\"\(note)\" is not required or optional")
        }
        let trigger = compileTrigger(reader, signOff: signOff)
        guard let action, let target else { return nil }
        if element.attribute("sign-off") != nil { signOffSites["\(stateID)/\(action)"] = reader.site("sign-off") }
        return Transition(action: action, title: reader.label("title"), to: target, by: by, guards: guards,
                          signOff: signOff, effects: effects, requiresNote: note == "required", on: trigger)
    }

    /// `on="backup"`: the command whose success takes the transition, as the person who ran it.
    /// One person's command signs nothing with others: such a transition has no sign-off.
    func compileTrigger(_ reader: ElementReader, signOff: [String]) -> Transition.Trigger? {
        guard let text = reader.string("on") else { return nil }
        guard let trigger = Transition.Trigger(rawValue: text) else {
            let names = Transition.Trigger.allCases.map(\.rawValue)
            let hint = Suggestions.closest(to: text, in: names).map { "; did you mean '\($0)'?" } ?? "; it may be \(names.joined(separator: ", "))"
            sink.error(reader.location(of: "on"), .structure, "on=\"\(text)\" names no command that takes an action\(hint)")
            return nil
        }
        if !signOff.isEmpty {
            sink.error(reader.location(of: "sign-off"), "an action taken by `dossier \(trigger.rawValue)` (on=\"\(text)\") is one person's: it cannot wait for sign-offs; drop sign-off or on")
        }
        return trigger
    }

    static let deadlineAttributes = ["within", "unit", "from", "calendar", "extend-by", "fine"]

    mutating func compileDeadline(_ element: XMLTree.Element, id: String, allowed: [String], until: String? = nil) -> Deadline? {
        let reader = ElementReader(element, allowed: allowed, sink: sink)
        _ = reader.children(allowed: [], namespace: namespace)
        let within = reader.integer("within", required: true)
        let unit: Period.Unit? = reader.choice("unit", required: true)
        let from = origin(reader, allowStateEntered: until == nil)
        checkDateField(from, at: reader.site("from"))
        let calendar = reader.identifier("calendar")
        if let calendar { symbols.refer(to: .calendar, calendar, at: reader.site("calendar")) }
        let extendBy = reader.identifiers("extend-by") ?? []
        for role in extendBy { symbols.refer(to: .role, role, at: reader.site("extend-by")) }
        let fine = reader.identifier("fine")
        if let fine {
            symbols.refer(to: .fine, fine, at: reader.site("fine"))
            fineReferences.append((fine, reader.site("fine")))
        }
        // "By the date in a field" is 0 calendar days from it: the end of that day.
        let byFieldDate = within == 0 && unit == .calendarDays && from?.fieldID != nil
        if let within, let unit, within < 1, !byFieldDate {
            let what = within == 0 ? "a deadline of 0 \(Period(0, unit).unitName) can never be met" : "within=\"\(within)\" is negative"
            sink.error(reader.location(of: "within"), "\(what): a deadline is at least \(Period(1, unit))")
        }
        reader.checkLength("within", within, unit, what: "a deadline")
        if unit == .workingDays, calendar == nil, workflowCalendar == nil {
            sink.error(reader.location(of: "unit"), "the deadline counts working days, but neither it nor the <workflow> names a calendar; add calendar=\"cn\" (or another) to <workflow>")
        }
        guard let within, let unit else { return nil }
        return Deadline(id: id, title: reader.label("title"), period: Period(within, unit), origin: from ?? (until == nil ? .stateEntered : .instanceStarted),
                        calendarID: calendar, extendableBy: extendBy, fineID: fine, untilStateID: until)
    }

    mutating func compileDeadlines(_ element: XMLTree.Element) -> [Deadline] {
        let reader = ElementReader(element, allowed: [], sink: sink)
        var deadlines: [Deadline] = []
        for child in reader.children(allowed: ["deadline"], namespace: namespace) {
            let probe = ElementReader(child, allowed: Self.deadlineAttributes + ["id", "until", "title"], sink: DiagnosticSink())
            let id = probe.identifier("id")
            let until = probe.identifier("until")
            if child.attribute("id") == nil { sink.error(child.location, .structure, "<deadline> in <deadlines> needs an id attribute") }
            if child.attribute("until") == nil {
                sink.error(child.location, .structure, "<deadline> in <deadlines> needs an until attribute naming the state that meets it")
            }
            if let id { symbols.declare(.deadline, id, at: probe.site("id"), sink: sink) }
            if let until { symbols.refer(to: .state, until, at: probe.site("until")) }
            if let deadline = compileDeadline(child, id: id ?? "?", allowed: Self.deadlineAttributes + ["id", "until", "title"],
                                              until: until ?? "?"), id != nil, until != nil {
                deadlines.append(deadline)
            }
        }
        return deadlines
    }
}
