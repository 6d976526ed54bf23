import DossierXML

/// Whole-workflow checks: the state graph, four-eyes pairs and the use of fines.
extension WorkflowCompilation {
    /// Every state reachable from the initial one; every non-final state has a way out; some
    /// final state exists and can be reached from everywhere.
    func checkGraph(_ compiled: CompiledStates) {
        let states = compiled.states
        var targetsByState: [String: [String]] = [:]
        for state in states where targetsByState[state.id] == nil {
            targetsByState[state.id] = state.transitions.map(\.targetStateID)
        }
        guard let initial = compiled.initial, targetsByState[initial] != nil, !compiled.finalityUnknown else { return }
        // A transition to an unknown state is already reported; reachability computed without
        // it would only add guesses.
        if targetsByState.values.contains(where: { $0.contains { targetsByState[$0] == nil } }) { return }
        if !states.contains(where: \.isFinal) {
            sink.error(compiled.initialLocation, "no state is final=\"true\": a dossier could never finish; mark the last state final")
            return
        }
        var reachable: Set<String> = [initial]
        var queue = [initial]
        while let current = queue.popLast() {
            for target in targetsByState[current] ?? [] where reachable.insert(target).inserted {
                queue.append(target)
            }
        }
        // States from which some final state can be reached, found backwards.
        var incoming: [String: [String]] = [:]
        for (source, targets) in targetsByState {
            for target in targets { incoming[target, default: []].append(source) }
        }
        var finishing = Set(states.filter(\.isFinal).map(\.id))
        queue = Array(finishing)
        while let current = queue.popLast() {
            for source in incoming[current] ?? [] where finishing.insert(source).inserted { queue.append(source) }
        }
        var trapped: [WorkflowState] = []
        for state in states {
            let location = compiled.locations[state.id] ?? compiled.initialLocation
            if !reachable.contains(state.id) {
                sink.error(location, "state '\(state.id)' cannot be reached from the initial state '\(initial)'; add a transition to it or remove it")
            } else if !state.isFinal, state.transitions.isEmpty {
                sink.error(location, "state '\(state.id)' is a dead end: it is not final and has no transition out; add a <transition> or mark it final=\"true\"")
            } else if !finishing.contains(state.id) {
                trapped.append(state)
            }
        }
        // States that can move but never finish: one error for the whole trap, unless a dead
        // end already explains it.
        let deadEnds = states.filter { !$0.isFinal && $0.transitions.isEmpty && reachable.contains($0.id) }
        if let first = trapped.first, deadEnds.isEmpty {
            let names = trapped.map { "'\($0.id)'" }.joined(separator: ", ")
            sink.error(compiled.locations[first.id] ?? compiled.initialLocation,
                       trapped.count == 1
                           ? "from state \(names) no final state can be reached: every path loops back; add a transition towards a final state"
                           : "from states \(names) no final state can be reached: every path loops among them; add a transition towards a final state")
        }
    }

    /// Roles that sign off the same action must be declared distinct, or one person could sign twice.
    func checkFourEyes(roles: [Role], states: [WorkflowState]) {
        let declared = Set(roles.map(\.id))
        func distinct(_ a: String, _ b: String) -> Bool {
            roles.contains { ($0.id == a && $0.distinctFrom.contains(b)) || ($0.id == b && $0.distinctFrom.contains(a)) }
        }
        for state in states {
            for transition in state.transitions where transition.signOffRoleIDs.count > 1 {
                let signers = transition.signOffRoleIDs
                let location = signOffSites["\(state.id)/\(transition.action)"]?.location
                    ?? symbols.location(of: .state, state.id) ?? SourceLocation(file: "", line: 0)
                for (index, first) in signers.enumerated() {
                    if signers.dropFirst(index + 1).contains(first) {
                        sink.error(location, "role '\(first)' is listed twice in sign-off of '\(transition.action)' in state '\(state.id)'")
                        continue
                    }
                    for second in signers.dropFirst(index + 1)
                    where first != second && declared.contains(first) && declared.contains(second) && !distinct(first, second) {
                        sink.error(location,
                                   "roles '\(first)' and '\(second)' both sign off '\(transition.action)' in state '\(state.id)', but one person could hold both; add distinct-from=\"\(first)\" to role '\(second)'")
                    }
                }
            }
        }
    }

    /// A return (a transition that issues a supplementary list) into a state whose deadline
    /// does not start again on entering (counted from a field or the start) re-opens a task
    /// whose deadline has often passed already. The engine then gives it the correction window
    /// of the deadline's fine's `<repeat grace="…">`, never the passed deadline again; without
    /// a repetition there is no window, and the returned task has no deadline: a warning.
    func checkReturnsIntoFixedDeadlines(_ compiled: CompiledStates, fines: [FineRule]) {
        let byID = Dictionary(fines.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for state in compiled.states {
            guard let deadline = state.deadline, deadline.origin != .stateEntered, let fineID = deadline.fineID,
                  let fine = byID[fineID], fine.repetition == nil else { continue }
            let returns = compiled.states.flatMap { source in
                source.transitions.filter { $0.targetStateID == state.id && $0.effects.contains(.issueSupplementaryList) }
                    .map { "'\($0.action)' from '\(source.id)'" }
            }
            guard !returns.isEmpty else { continue }
            let origin = if case .field(let field) = deadline.origin { "field '\(field)'" } else { "the dossier's start" }
            sink.warning(compiled.deadlineLocations[state.id] ?? compiled.initialLocation,
                         "state '\(state.id)' counts its deadline from \(origin), which a return (\(returns.joined(separator: ", "))) does not move: "
                            + "the returned task's lateness is already fined, and fine '\(fineID)' has no <repeat grace=\"…\"> to give it a correction window, "
                            + "so it gets no deadline; add <repeat every=\"1\" unit=\"working-days\" grace=\"1\" until=\"corrected\"/> to the fine, or count from the state")
        }
    }

    /// A fine for a missed deadline must be referenced by a deadline or timer; deadlines may
    /// only reference such fines.
    func checkFineUse(fines: [FineRule]) {
        let byID = Dictionary(fines.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for reference in fineReferences {
            if let fine = byID[reference.id], !fine.violation.isMissedTime {
                sink.error(reference.site.location, "fine=\"\(reference.id)\" punishes \(fine.violation.rawValue), not a missed deadline; reference a fine with on=\"deadline-missed\" (or on=\"record-not-updated\" for a record kept up to date)")
            }
        }
        // An unused fine is worth a warning only in a file that is otherwise right: with errors
        // about, it is usually their echo (a misspelt reference, an unreadable on=).
        guard !sink.hasErrors else { return }
        let referenced = Set(fineReferences.map(\.id))
        for fine in fines where fine.violation.isMissedTime && !referenced.contains(fine.id) {
            let what = fine.violation == .recordNotUpdated ? "a record not kept up to date" : "a missed deadline"
            sink.warning(symbols.location(of: .fine, fine.id) ?? SourceLocation(file: "", line: 0),
                         "fine '\(fine.id)' is for \(what) but no deadline or timer names it, so it is never assessed")
        }
    }
}
