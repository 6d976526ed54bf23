import DossierEngine
import DossierStore

extension Office {
    /// Starts a dossier of `workflow`'s latest version as the acting person: fields typed and
    /// checked, roles bound to people holding a fitting staff role, four-eyes enforced.
    package func start(workflow: String, fields: [String: String], assignments: [String: String]) throws -> (Dossier, TaskSummary?) {
        let actor = try actor()
        let engine = try engine(workflow: workflow)
        let staff = try staff(assignments.values)
        let fields = try routedFields(engine, fields: fields)
        try checkActingOnOthers(engine.definition, fields: fields, assignments: assignments)
        return try store.startDossier(at: moment) { id, time in
            try engine.start(id: id, fields: fields, assignments: assignments, actor: actor, staff: staff, at: time)
        }
    }
}
