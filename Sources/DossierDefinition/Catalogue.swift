/// What a dossier's printed catalogue (目录) lists: the dossiers of another workflow that came
/// to one of its states since the previous dossier of this workflow started, as the workflow's
/// `<catalogue of="…" state="…"/>` names them.
///
/// The yearly re-filing of departed tenants' dossiers catalogues the tenant files that moved
/// out since the last re-filing: each occurrence lists each such dossier once, and printing
/// the catalogue again gives the same list.
public struct Catalogue: Sendable, Hashable {
    /// The workflow whose dossiers are listed.
    public var workflowID: String
    /// The state they came to.
    public var stateID: String
    /// The catalogue's heading.
    public var title: String

    /// A catalogue of `workflowID`'s dossiers that came to `stateID`.
    public init(workflowID: String, stateID: String, title: String) {
        self.workflowID = workflowID
        self.stateID = stateID
        self.title = title
    }
}
