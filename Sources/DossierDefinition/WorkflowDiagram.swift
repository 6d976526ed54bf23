import Foundation

/// Draws a workflow's state machine as Mermaid or Graphviz DOT text: states with their role and
/// deadline, transitions labelled with action, acting role, guards, sign-offs and the command
/// that takes them, final states marked; the duties time makes (`<timers>`) and the schedule
/// that starts the dossiers beside the first state.
public struct WorkflowDiagram: Sendable {
    /// The diagram languages.
    public enum Format: String, Sendable, CaseIterable {
        /// Mermaid `stateDiagram-v2`, rendered by GitHub, GitLab and many editors.
        case mermaid
        /// Graphviz DOT, for `dot -Tsvg`.
        case dot
    }

    /// The workflow drawn.
    public var definition: WorkflowDefinition

    /// Creates a diagram of `definition`.
    public init(_ definition: WorkflowDefinition) {
        self.definition = definition
    }

    /// The diagram text in `format`.
    public func render(_ format: Format) -> String {
        switch format {
        case .mermaid: mermaid()
        case .dot: dot()
        }
    }

    private func actor(of transition: Transition, in state: WorkflowState) -> String? {
        transition.byRoleID ?? state.roleID
    }

    private func transitionLabel(_ transition: Transition, in state: WorkflowState) -> String {
        var label = transition.action
        if let actor = actor(of: transition, in: state) { label += " by \(actor)" }
        if !transition.guards.isEmpty { label += " [\(transition.guards.map(\.description).joined(separator: ", "))]" }
        if !transition.signOffRoleIDs.isEmpty { label += " sign-off: \(transition.signOffRoleIDs.joined(separator: "+"))" }
        if let trigger = transition.trigger { label += " on dossier \(trigger.rawValue)" }
        return label
    }

    /// A timer's duty in words: "duty call-30 for consultant: from 4 to 30 calendar days after
    /// field:sold-on, when field:bought=true, fine late-call".
    private func dutyText(_ timer: FollowUpTimer) -> String {
        var text = "duty \(timer.id) for \(timer.roleID): "
        if let notBefore = timer.notBefore {
            text += "from \(notBefore.amount) to \(timer.within) after \(timer.origin)"
        } else {
            text += "within \(timer.within) from \(timer.origin)"
        }
        if let condition = timer.condition { text += ", when \(condition)" }
        if let fine = timer.fineID { text += ", fine \(fine)" }
        return text
    }

    /// The schedule in words: "starts by itself: due R/2026-01-10/P1M (next-working-day), 9 days
    /// ahead, for dept in each department".
    private func scheduleText(_ schedule: Schedule) -> String {
        var text = "starts by itself: due \(schedule.recurrence.description)"
        if let adjustment = schedule.adjustment { text += " (\(adjustment.rawValue))" }
        if schedule.lead > 0 { text += ", \(schedule.lead) days ahead" }
        return text + ", for \(schedule.roleID) " + (schedule.perDepartment ? "in each department" : "of the office")
    }

    private func deadlineText(_ deadline: Deadline) -> String {
        var text = "within \(deadline.period) from \(deadline.origin)"
        if let fine = deadline.fineID { text += ", fine \(fine)" }
        return text
    }

    private func mermaidID(_ id: String) -> String {
        "s_" + String(id.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    private func mermaidText(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "'").replacingOccurrences(of: ":", with: "#58;")
    }

    func mermaid() -> String {
        var lines = ["---", "title: \(definition.title) (\(definition.id))", "---", "stateDiagram-v2", "    direction LR"]
        for state in definition.states {
            let role = state.roleID.map { " (\($0))" } ?? ""
            lines.append("    state \"\(mermaidText(state.title + role))\" as \(mermaidID(state.id))")
        }
        lines.append("    [*] --> \(mermaidID(definition.initialStateID))")
        for state in definition.states {
            for transition in state.transitions {
                lines.append("    \(mermaidID(state.id)) --> \(mermaidID(transition.targetStateID)) : \(mermaidText(transitionLabel(transition, in: state)))")
            }
            if state.isFinal { lines.append("    \(mermaidID(state.id)) --> [*]") }
        }
        for state in definition.states {
            guard let deadline = state.deadline else { continue }
            lines.append("    note right of \(mermaidID(state.id)) : \(mermaidText(deadlineText(deadline)))")
        }
        for deadline in definition.deadlines {
            guard let until = deadline.untilStateID else { continue }
            lines.append("    note left of \(mermaidID(until)) : \(mermaidText("\(deadline.id): reached \(deadlineText(deadline))"))")
        }
        let besides = (definition.schedule.map { [scheduleText($0)] } ?? []) + definition.timers.map(dutyText)
        if !besides.isEmpty {
            lines.append("    note left of \(mermaidID(definition.initialStateID))")
            lines += besides.map { "        \(mermaidText($0))" }
            lines.append("    end note")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func dotText(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    func dot() -> String {
        var lines = ["digraph \(dotText(definition.id)) {",
                     "    label=\(dotText(definition.title));",
                     "    rankdir=LR;",
                     "    node [shape=box, style=rounded, fontname=\"Helvetica\"];",
                     "    edge [fontname=\"Helvetica\", fontsize=10];",
                     "    \"__start\" [shape=point, label=\"\"];",
                     "    \"__start\" -> \(dotText(definition.initialStateID));"]
        for state in definition.states {
            var label = state.title
            if let role = state.roleID { label += "\\nrole: \(role)" }
            if let deadline = state.deadline { label += "\\n⏱ \(deadlineText(deadline))" }
            let escaped = "\"" + label.replacingOccurrences(of: "\"", with: "\\\"") + "\""
            let shape = state.isFinal ? ", shape=box, peripheries=2" : ""
            lines.append("    \(dotText(state.id)) [label=\(escaped)\(shape)];")
        }
        for state in definition.states {
            for transition in state.transitions {
                lines.append("    \(dotText(state.id)) -> \(dotText(transition.targetStateID)) [label=\(dotText(transitionLabel(transition, in: state)))];")
            }
        }
        for deadline in definition.deadlines {
            guard let until = deadline.untilStateID else { continue }
            lines.append("    \(dotText("deadline:" + deadline.id)) [shape=note, label=\(dotText("\(deadline.id): reach \(until) \(deadlineText(deadline))"))];")
            lines.append("    \(dotText("deadline:" + deadline.id)) -> \(dotText(until)) [style=dashed, arrowhead=none];")
        }
        if let schedule = definition.schedule {
            lines.append("    \"__schedule\" [shape=note, label=\(dotText(scheduleText(schedule)))];")
            lines.append("    \"__schedule\" -> \"__start\" [style=dashed];")
        }
        for timer in definition.timers {
            lines.append("    \(dotText("timer:" + timer.id)) [shape=note, label=\(dotText("⏲ " + dutyText(timer)))];")
            lines.append("    \"__start\" -> \(dotText("timer:" + timer.id)) [style=dashed];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
