import DossierEngine
import DossierStore

extension Office {
    /// Dossier `id`'s contents for the acting person, the read recorded as an event naming
    /// `channel`, so that every access through the service is traceable.
    package func readDossier(_ id: Int, through channel: String) throws -> (Dossier, archiveNumber: String?) {
        let member = try actor()
        guard let dossier = try store.dossier(id) else { throw OfficeError.noDossier(id) }
        try store.recordRead(dossier: id, by: member.id, through: channel, at: moment)
        return (dossier, try store.archiveNumber(of: id))
    }
}
