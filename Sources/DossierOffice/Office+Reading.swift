import DossierEngine
import DossierStore

extension Office {
    /// Dossier `id`'s contents for one of its own people (someone holding a role in it), the
    /// read recorded as an event naming `channel`, so that every access through the service is
    /// traceable. A registered dossier is read under its level's reading rules with `dossier
    /// view`, which this does not bypass; anyone else is refused.
    package func readDossier(_ id: Int, through channel: String) throws -> (Dossier, archiveNumber: String?) {
        try requireOwnPerson(of: id)
        guard let dossier = try store.dossier(id) else { throw OfficeError.noDossier(id) }
        try store.recordRead(dossier: id, by: actorID, through: channel, at: moment)
        return (dossier, nil)
    }
}

extension Office {
    /// Dossier `id`'s events in order, for one of its own people, the read recorded after them
    /// as an event naming `channel`.
    package func history(of id: Int, through channel: String) throws -> [StoredEvent] {
        try requireOwnPerson(of: id)
        let events = try store.events(dossier: id)
        try store.recordRead(dossier: id, by: actorID, through: channel, at: moment)
        return events
    }
}

extension Office {
    /// Dossier `id`'s checklist for one of its own people, the read recorded as an event naming
    /// `channel`.
    package func readChecklist(of id: Int, through channel: String) throws -> [ChecklistLine] {
        try requireOwnPerson(of: id)
        let lines = try checklist(dossier: id)
        try store.recordRead(dossier: id, by: actorID, through: channel, at: moment)
        return lines
    }
}
