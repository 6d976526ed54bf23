import DossierXML

/// Parallel states: several roles' tasks open at once (departments carrying out a correction),
/// each closed by the state's one action, and the dossier moves on when all are closed.
extension WorkflowCompilation {
    /// What a transition may do when the last of a state's parallel tasks closes: act on the
    /// registered dossiers or number the dossier. Lending, returns and supplementary lists
    /// belong to one person's task with a checklist in front of them.
    static let parallelEffects: Set<Effect> = [.assignArchiveNumber, .amend, .dispose, .transferCustody]

    /// Each role named once and given when the dossier starts (so that its task has someone to
    /// fall to), at least one of them required, and one action, taken by each role on its own
    /// task: no `by`, sign-off or command, and only the effects in ``parallelEffects``.
    func checkParallelStates(_ states: [WorkflowState], roles: [Role]) {
        for state in states where state.isParallel && !state.isFinal {
            guard let site = parallelSites[state.id] else { continue }
            let location = site.location
            var seen: Set<String> = []
            for roleID in state.parallelRoleIDs {
                guard seen.insert(roleID).inserted else {
                    sink.error(location, "role '\(roleID)' is listed twice in parallel-roles of state '\(state.id)'")
                    continue
                }
                guard let role = roles.first(where: { $0.id == roleID }) else { continue }
                if role.binding != .atStart, role.binding != .starter {
                    sink.error(location, "role '\(roleID)' in parallel-roles of state '\(state.id)' is bound=\"\(role.binding.rawValue)\"; a parallel task falls to whoever holds its role when the state is entered, so the role is given when the dossier starts")
                }
            }
            let declared = state.parallelRoleIDs.compactMap { id in roles.first { $0.id == id } }
            if declared.count == state.parallelRoleIDs.count, !declared.isEmpty, declared.allSatisfy(\.isOptional) {
                sink.error(location, "every role in parallel-roles of state '\(state.id)' is optional, so nobody might carry it out; make at least one required")
            }
            if state.transitions.count > 1 {
                let actions = state.transitions.map { "'\($0.action)'" }.joined(separator: ", ")
                sink.error(location, "parallel state '\(state.id)' has \(state.transitions.count) actions (\(actions)); each role closes its own task with the one action, and the dossier moves on when all have: keep one transition")
            }
            for transition in state.transitions {
                var problems: [String] = []
                if let by = transition.byRoleID { problems.append("by=\"\(by)\"") }
                if !transition.signOffRoleIDs.isEmpty { problems.append("sign-off") }
                if let trigger = transition.trigger { problems.append("on=\"\(trigger.rawValue)\"") }
                let effects = transition.effects.filter { !Self.parallelEffects.contains($0) }
                if !effects.isEmpty { problems.append("effect=\"\(effects.map(\.rawValue).joined(separator: " "))\"") }
                guard !problems.isEmpty else { continue }
                sink.error(location, "action '\(transition.action)' of parallel state '\(state.id)' has \(problems.joined(separator: ", ")); each role takes it on its own task, so it takes none of these (effects allowed: \(Self.parallelEffects.map(\.rawValue).sorted().joined(separator: ", ")))")
            }
        }
    }
}
