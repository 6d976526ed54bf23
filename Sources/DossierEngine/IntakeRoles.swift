import DossierDefinition

/// The parts people play in an intake workflow, read from its states: the handler compiles
/// and hands over (the initial state's role); the reviewer checks in between (B), or without a
/// separate review step whoever registers checks too (a department head, a car's archivist);
/// the archivist registers (the role of the state whose transition assigns the archive number).
/// Registers, item lists and receipts name people by these parts.
public struct IntakeRoles: Sendable, Hashable {
    /// The role that compiles and hands the dossier over.
    public var handler: String?
    /// The role that reviews it between hand-over and filing, if the workflow has one.
    public var reviewer: String?
    /// The role that registers and numbers it.
    public var archivist: String?

    /// The parts of `definition`.
    public init(_ definition: WorkflowDefinition) {
        handler = definition.state(definition.initialStateID)?.roleID
        let registering = definition.states.first { state in state.transitions.contains { $0.effects.contains(.assignArchiveNumber) } }
        archivist = registering?.roleID
        // A separate review step (B), or else whoever checks before registering (a department
        // head who reviews and files, the archivist who checks a car's dossier).
        reviewer = definition.states.first { state in
            !state.isFinal && state.id != definition.initialStateID && state.id != registering?.id && state.roleID != nil
                && state.roleID != handler
        }?.roleID ?? archivist
    }

    /// The roles in order of their part, each once: handler, reviewer, archivist.
    public var inOrder: [String] {
        var seen: [String] = []
        for role in [handler, reviewer, archivist].compactMap({ $0 }) where !seen.contains(role) { seen.append(role) }
        return seen
    }
}
