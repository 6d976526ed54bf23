import DossierDefinition
import DossierEngine
import DossierStore
import Foundation

/// A dossier's catalogue (目录): what it lists, as its workflow's `<catalogue>` says.
package struct CatalogueListing: Sendable {
    /// One dossier listed.
    package struct Line: Sendable {
        /// Its register line (archive number, the fields and people the register shows, items
        /// and pages); `nil` for a dossier never registered.
        package var register: RegisterLine?
        /// Its number.
        package var dossierID: Int
        /// When it came to the catalogued state.
        package var reachedAt: Date
    }

    /// The dossier whose catalogue this is.
    package var dossierID: Int
    /// What it lists.
    package var catalogue: Catalogue
    /// The title of the state the listed dossiers came to.
    package var stateTitle: String
    /// When the previous dossier of the same workflow started (the catalogue lists what came
    /// after it); `nil` for the first.
    package var since: Date?
    /// When this dossier started (the catalogue lists what came before it).
    package var until: Date
    /// The dossiers, registered ones in the order of their archive numbers, then the others.
    package var lines: [Line]
}

extension Office {
    /// The catalogue of dossier `id`: the dossiers of the workflow its `<catalogue>` names that
    /// came to its state after the previous dossier of `id`'s workflow started and before `id`
    /// did, so that each is listed by one catalogue and printing it again gives the same list.
    package func catalogue(of id: Int) throws -> CatalogueListing {
        let (dossier, engine) = try dossier(id)
        guard let catalogue = engine.definition.catalogue else {
            throw OfficeError.refused("workflow \(dossier.workflowID) keeps no catalogue, so dossier \(id) has none to print")
        }
        let listed = try self.engine(workflow: catalogue.workflowID)
        let since = try store.dossiers(workflow: dossier.workflowID, field: nil, equals: nil, runningOnly: false)
            .filter { $0.id != id && ($0.startedAt, $0.id) < (dossier.startedAt, dossier.id) }
            .map(\.startedAt).max()
        let registered = try store.registeredNumbers(workflow: catalogue.workflowID)
        let order = Dictionary(registered.enumerated().map { ($1.dossierID, $0) }, uniquingKeysWith: { first, _ in first })
        var lines: [CatalogueListing.Line] = []
        for candidate in try store.dossiers(workflow: catalogue.workflowID, field: nil, equals: nil, runningOnly: false) {
            guard let reached = try store.events(dossier: candidate.id)
                .last(where: { $0.kind == "transitioned" && $0.toState == catalogue.stateID && $0.at <= dossier.startedAt }),
                  since.map({ reached.at > $0 }) ?? true else { continue }
            let definition = try self.engine(workflow: candidate.workflowID, version: candidate.workflowVersion).definition
            let entry = order[candidate.id].map { registered[$0] }
            lines.append(CatalogueListing.Line(
                register: entry.map { RegisterLine(dossier: candidate, definition: definition, archiveNumber: $0.number, registeredAt: $0.assignedAt) },
                dossierID: candidate.id, reachedAt: reached.at))
        }
        lines.sort { (order[$0.dossierID] ?? .max, $0.dossierID) < (order[$1.dossierID] ?? .max, $1.dossierID) }
        return CatalogueListing(dossierID: id, catalogue: catalogue,
                                stateTitle: listed.definition.state(catalogue.stateID)?.title ?? catalogue.stateID,
                                since: since, until: dossier.startedAt, lines: lines)
    }
}
