import Foundation

/// Everything Dossier keeps, behind one protocol so that the embedded SQLite store and a
/// shared PostgreSQL store are interchangeable. No SQL leaks through it: callers speak in
/// definitions, versions and (later) dossiers, tasks and events.
///
/// Every method that writes does all of its work in one transaction: it happens completely or
/// not at all.
public protocol DossierStore: AnyObject {
    /// Facts about the store.
    func info() throws -> StoreInfo

    /// Stores a new version of each submission whose source differs from its latest version,
    /// all in one transaction, and says what happened to each.
    func deploy(_ submissions: [DefinitionSubmission], at time: Date) throws -> [DeploymentOutcome]

    /// The latest version of every definition of `kind`, by id.
    func latestVersions(of kind: DefinitionKind) throws -> [DefinitionVersion]

    /// Every version of one definition, oldest first; empty if it was never deployed.
    func versions(of kind: DefinitionKind, id: String) throws -> [DefinitionVersion]

    /// One version (the latest when `version` is `nil`), or `nil` if there is none.
    func version(of kind: DefinitionKind, id: String, version: Int?) throws -> DefinitionVersion?
}
