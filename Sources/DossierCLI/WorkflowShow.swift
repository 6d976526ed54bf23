import ArgumentParser
import DossierDefinition
import DossierEngine
import DossierService
import DossierStore
import Foundation

/// `dossier workflow show ID [--version N]`: one deployed workflow in detail.
struct WorkflowShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a deployed workflow in detail: roles, states, deadlines, fines and versions."
    )

    @OptionGroup var acting: ActingOptions
    @OptionGroup var workflow: WorkflowVersionOptions

    func run() throws {
        try reportingFailures {
            let (detail, definition) = try workflow.load(acting: acting)
            let counts = Dictionary(detail.counts.map { ($0.version, (running: $0.running, finished: $0.finished)) }, uniquingKeysWith: { first, _ in first })
            print(WorkflowDescription(definition: definition, stored: APIBodies.version(detail), versions: detail.versions.map { APIBodies.version($0) },
                                      counts: counts).text, terminator: "")
        }
    }
}

/// The text of `workflow show`.
struct WorkflowDescription {
    var definition: WorkflowDefinition
    var stored: DefinitionVersion
    var versions: [DefinitionVersion]
    /// Running and finished dossiers per version.
    var counts: [Int: (running: Int, finished: Int)] = [:]

    var text: String {
        var lines: [String] = []
        lines.append("\(definition.id): \(definition.title)")
        lines.append("version \(stored.version) of \(versions.count), deployed \(Timestamp.string(stored.deployedAt)), sha256 \(stored.sha256.prefix(12))")
        if let summary = definition.summary, !summary.isEmpty {
            lines += Self.wrap(summary.split(whereSeparator: \.isWhitespace).joined(separator: " "), width: 96)
        }
        if let calendar = definition.calendarID { lines.append("calendar: \(calendar) (uncovered years: \(definition.uncoveredYears.rawValue))") }
        lines.append("")
        lines.append("roles:")
        for role in definition.roles {
            var text = "  \(role.id.padding(toLength: 12, withPad: " ", startingAt: 0)) \(role.title) — staff: \(role.staffRoles.joined(separator: "/"))"
            if !role.distinctFrom.isEmpty { text += "; never the same person as \(role.distinctFrom.joined(separator: ", "))" }
            if role.binding != .atStart { text += "; bound: \(role.binding.rawValue)" }
            if role.isOptional { text += "; optional" }
            lines.append(text)
        }
        if !definition.fields.isEmpty {
            lines.append("fields:")
            for field in definition.fields {
                let values = field.values.isEmpty ? "" : " (\(field.values.joined(separator: "|")))"
                lines.append("  \(field.id): \(field.kind.rawValue)\(values)\(field.isRequired ? ", required" : "")")
            }
        }
        if let checklist = definition.checklist {
            lines.append("checklist: \(checklist.sections.count) sections, \(checklist.items.count) items"
                         + (checklist.copies.isEmpty ? "" : "; item list copies: \(checklist.copies.joined(separator: ", "))"))
            for section in checklist.sections {
                lines.append("  \(section.title): " + section.items.map(\.id).joined(separator: ", "))
            }
        }
        if let pattern = definition.archiveNumber {
            lines.append("archive numbers: \(pattern.source) (sequence restarts: \(pattern.sequencePer.rawValue))")
        }
        lines.append("")
        lines.append("states (initial: \(definition.initialStateID)):")
        for state in definition.states {
            var head = "  \(state.id)"
            if let role = state.roleID { head += " [\(role)]" }
            if state.isFinal { head += " (final)" }
            if let deadline = state.deadline {
                head += " — within \(deadline.period) from \(deadline.origin)"
                if let fine = deadline.fineID { head += ", fine \(fine)" }
                if !deadline.extendableBy.isEmpty { head += ", extended by \(deadline.extendableBy.joined(separator: "/"))" }
            }
            lines.append(head)
            for transition in state.transitions {
                var text = "      \(transition.action) → \(transition.targetStateID)"
                if let by = transition.byRoleID { text += " by \(by)" }
                if !transition.guards.isEmpty { text += " [\(transition.guards.map(\.description).joined(separator: ", "))]" }
                if !transition.signOffRoleIDs.isEmpty { text += " sign-off: \(transition.signOffRoleIDs.joined(separator: ", "))" }
                if !transition.effects.isEmpty { text += " effects: \(transition.effects.map(\.rawValue).joined(separator: ", "))" }
                lines.append(text)
            }
        }
        if !definition.deadlines.isEmpty {
            lines.append("deadlines:")
            for deadline in definition.deadlines {
                lines.append("  \(deadline.id): reach \(deadline.untilStateID ?? "?") within \(deadline.period) from \(deadline.origin)"
                             + (deadline.fineID.map { ", fine \($0)" } ?? ""))
            }
        }
        if !definition.fines.isEmpty {
            lines.append("fines:" + (definition.fineWaiverRoleIDs.isEmpty ? " (nobody may waive them)"
                                        : " (waived by \(definition.fineWaiverRoleIDs.joined(separator: ", ")))"))
            for fine in definition.fines {
                var text = "  \(fine.id): \(fine.amount) per \(fine.basis.rawValue) for \(fine.violation.rawValue), paid by \(fine.payerRoleID)"
                if let escalation = fine.escalation { text += "; ×\(escalation.factor) from the \(Ordinal.english(escalation.fromNth)) in a calendar month" }
                if let repetition = fine.repetition { text += "; again every \(repetition.every) after \(repetition.grace) until corrected" }
                if let cap = fine.cap { text += "; at most \(cap)" }
                lines.append(text)
            }
        }
        lines.append("")
        lines.append("versions:")
        for version in versions {
            let count = counts[version.version] ?? (0, 0)
            lines.append("  \(version.version)  \(Timestamp.string(version.deployedAt))  \(version.sha256.prefix(12))  "
                         + "\(count.running) running, \(count.finished) finished\(version.version == stored.version ? "  ← shown" : "")")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` in lines of at most `width` characters, broken at spaces.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
