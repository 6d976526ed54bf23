import DossierEngine
import DossierStore

extension Office {
    /// Dossier `id`'s contents for one of its own people (someone holding a role in it), the
    /// read recorded as an event naming `channel`, so that every access through the service is
    /// traceable. A registered dossier is read under its level's reading rules with `dossier
    /// view`, which this does not bypass; anyone else is refused.
    package func readDossier(_ id: Int, through channel: String) throws -> (Dossier, archiveNumber: String?) {
        let member = try actor()
        guard let dossier = try store.dossier(id) else { throw OfficeError.noDossier(id) }
        if let number = try store.archiveNumber(of: id) {
            throw OfficeError.mayNotRead(person: member.id, dossier: id,
                                         reason: "it is registered as \(number): read it under its level's rules with `dossier view \(number)`")
        }
        guard dossier.assignments.values.contains(member.id) else {
            throw OfficeError.mayNotRead(person: member.id, dossier: id, reason: "they hold no role in it")
        }
        try store.recordRead(dossier: id, by: member.id, through: channel, at: moment)
        return (dossier, nil)
    }
}
