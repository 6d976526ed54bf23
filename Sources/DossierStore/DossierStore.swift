import DossierDefinition
import DossierEngine
import Foundation

/// Everything Dossier keeps, behind one protocol so that the embedded SQLite store and a
/// shared PostgreSQL store are interchangeable. No SQL leaks through it: callers speak in
/// definitions, versions, dossiers, tasks, fines and events.
///
/// Every method that writes does all of its work in one transaction: it happens completely or
/// not at all.
public protocol DossierStore: DefinitionStore, StaffStore, EventLog, DossierFiling {
    /// The deadlines that fell within each of `periods` and have passed by `now` or were met
    /// before, counted per period, person and workflow state, in one pass over the tasks.
    func deadlineTally(within periods: [Range<Date>], passedBy now: Date) throws -> [DeadlineTally]

    // MARK: Fines

    /// Opens every duty whose time came by `moment` (`openDuties` is the engine's step for one
    /// dossier at the settled time), then assesses every open task and running deadline whose
    /// lateness changed before it.
    func sweep(at moment: Moment, openDuties: (Dossier, Date) throws -> WorkflowEngine.Step?,
               assess: (DueTask) throws -> WorkflowEngine.Lateness,
               assessDeadline: (DueDeadline) throws -> WorkflowEngine.Lateness) throws -> SweepReport
    /// Every ledger entry of `payer` (everyone's when `nil`), oldest first.
    func fineEntries(payer: String?) throws -> [FineLedger.Entry]
    /// Every ledger entry of `month` (`YYYY-MM`), oldest first: everything a month's escalations count.
    func fineEntries(month: String) throws -> [FineLedger.Entry]
    /// A payer's ledger entries of `month` (everyone's when `nil`) with every entry that prices
    /// them (the months of their capped violations' earlier repetitions), oldest first.
    func fineEntries(payer: String?, month: String) throws -> [FineLedger.Entry]
    /// The same entries as charges (what pricing reads), in the ledger's order.
    func fineCharges(payer: String?, month: String) throws -> [FineLedger.Charge]
    /// Ledger entries by number, oldest first.
    func fineEntries(ids: [Int]) throws -> [FineLedger.Entry]
    /// One ledger entry.
    func fineEntry(_ id: Int) throws -> FineLedger.Entry?
    /// Who waived a fine, when and why.
    func waiver(of id: Int) throws -> FineWaiver?
    /// Waives a fine with a reason, as an event; nothing is deleted.
    func waiveFine(_ id: Int, reason: String, by actor: String, at moment: Moment) throws
    /// Records a fine a manager saw, with its event, and starts the restoration it asks for.
    func recordFine(at moment: Moment, _ make: (Date) throws -> FineOccurrence,
                    restoration: ((Int, Date, Int) throws -> WorkflowEngine.Step)?) throws -> RecordedFine
    /// Settles fines (none waived or settled before), each an event, all or none.
    func settleFines(_ ids: [Int], note: String, by actor: String, at moment: Moment) throws -> [FineSettlement]
    /// The settlements of a payer's fines, by fine.
    func settlements(payer: String) throws -> [Int: FineSettlement]

    // MARK: Schedules

    /// For each department a scheduled workflow runs in ("" for the office), the first day whose
    /// occurrence is still to start.
    func scheduleCursors(workflow: String) throws -> [String: CalendarDate]
    /// Begins a workflow's schedule for `scope` from `day` unless begun, or moves a begun one past the days before it.
    func beginSchedule(workflow: String, scope: String, from day: CalendarDate, skippingTo: Bool, at moment: Moment) throws
    /// Starts the occurrence of `day` and moves the cursor past it, in one transaction; `nil` when started already.
    func startOccurrence(workflow: String, scope: String, day: CalendarDate, at moment: Moment,
                         _ make: (Int, Date) throws -> WorkflowEngine.Step) throws -> (Dossier, TaskSummary?)?

    // MARK: Loans

    /// The loan that has the dossier numbered `archiveNumber` out now, if any.
    func loanHolding(archiveNumber: String) throws -> Int?
    /// The registration of a dossier: its archive number and when it got it.
    func registration(of id: Int) throws -> RegisteredNumber?

    // MARK: People who log in

    /// Sets a password hash, with its event, ending every session the person had open.
    func setPasswordHash(_ hash: String, of staff: String, by actor: String, at moment: Moment) throws
    /// A person's password hash, or `nil`.
    func passwordHash(of staff: String) throws -> String?
    /// Opens a session whose token hashes to `tokenSHA256`, with a `logged-in` event.
    func openSession(staff: String, tokenSHA256: String, client: String?, lifetime: SessionLifetime, at moment: Moment) throws -> LoginSession
    /// The live session whose token hashes to `tokenSHA256`, its idle limit moved on; `nil` when there is none.
    func useSession(tokenSHA256: String, lifetime: SessionLifetime, at time: Date) throws -> LoginSession?
    /// One session by number.
    func loginSession(_ id: Int) throws -> LoginSession?
    /// The live sessions of a person (everyone's when `nil`), oldest first.
    func liveSessions(of staff: String?, at time: Date) throws -> [LoginSession]
    /// Ends a session, with its event.
    func revokeSession(_ id: Int, by actor: String, at moment: Moment) throws
    /// Records a refused login, with its event; `counts` towards a lockout or not.
    func recordLoginFailure(user: String, reason: String, counts: Bool, forgetBefore: Date, at moment: Moment) throws
    /// When logins of `user` were refused since `since`, oldest first.
    func loginFailureTimes(user: String, since: Date) throws -> [Date]

    // MARK: The chain's checkpoints and reads

    /// The head of the event chain.
    func chainHead() throws -> ChainHead
    /// Keeps a signed checkpoint; `false` when the store had one for the same event already
    /// (another server signed it first), which is then left as it is.
    @discardableResult
    func addCheckpoint(_ checkpoint: AuditCheckpoint) throws -> Bool
    /// Every checkpoint kept, oldest first.
    func checkpoints() throws -> [AuditCheckpoint]
    /// The checkpoint of the latest event signed, without reading the others (a store keeps one
    /// for every hundred events or so, for as long as it lives).
    func latestCheckpoint() throws -> AuditCheckpoint?
    /// The hash of one event, or `nil`.
    func eventHash(_ sequence: Int) throws -> String?
    /// Records that someone read a dossier's contents, as an event on it.
    func recordRead(dossier id: Int, by actor: String, through channel: String, at moment: Moment) throws
    /// A number that grows with every deployed definition version.
    func definitionGeneration() throws -> Int

    // MARK: Time

    /// The store's time: its last event, or a simulation store's clock when later.
    func clock() throws -> Date?
    /// Moves a simulation store's clock on (never back); returns the new time.
    @discardableResult
    func setClock(to moment: Date) throws -> Date

    // MARK: Customers

    /// Every dossier naming a customer, found by the keyed hash of the name, by number.
    func dossiers(ofCustomer customer: String) throws -> [Dossier]
    /// Destroys the keys sealing the personal fields of `dossiers`, each as checked at its
    /// revision; a lost race (`StoreError.conflict`) when any changed since, and nothing erased.
    func eraseCustomer(dossiers: [(id: Int, revision: Int)], request: String, on day: String, by actor: String,
                       at moment: Moment) throws -> CustomerErasure

}

/// Dossiers and their tasks, the register and the safe's book: the second part of the store's
/// contract.
public protocol DossierFiling: AnyObject, Sendable {
    // MARK: Dossiers and tasks

    /// Allocates a dossier number, runs `make` with it and the settled moment, and stores the
    /// result, in one transaction.
    func startDossier(at moment: Moment, _ make: (Int, Date) throws -> WorkflowEngine.Step) throws -> (Dossier, TaskSummary?)
    /// Stores a step taken on a dossier read at `revision`; throws `StoreError.conflict` if it
    /// changed since. Archive numbers the step asks for are allocated in the same transaction.
    func commit(_ step: WorkflowEngine.Step, readAt revision: Int, at moment: Moment, archiveNumbers: ArchiveNumbering?) throws -> TaskSummary?
    /// Stores a step and the steps it takes on other dossiers, each read at its revision, in
    /// one transaction; throws `StoreError.conflict` and writes nothing if any changed since.
    func commit(_ step: WorkflowEngine.Step, readAt revision: Int, at moment: Moment, archiveNumbers: ArchiveNumbering?,
                together others: [(step: WorkflowEngine.Step, readAt: Int)]) throws -> TaskSummary?
    /// One dossier.
    func dossier(_ id: Int) throws -> Dossier?
    /// One task.
    func task(_ id: Int) throws -> TaskSummary?
    /// Tasks matching `query`, oldest first (or soonest due, when filtering by due date).
    func tasks(_ query: TaskQuery) throws -> [TaskSummary]
    /// The dossier's archive number, once registered.
    func archiveNumber(of dossier: Int) throws -> String?
    /// Every archive number given, in the order of registration; only `workflow`'s when named.
    func registeredNumbers(workflow: String?) throws -> [RegisteredNumber]
    /// The registered dossier an archive number names, or `nil`.
    func registeredDossier(archiveNumber: String) throws -> Int?
    /// Dossiers of `workflow`, oldest first; only those whose field equals `value` when given,
    /// only running ones when `runningOnly`.
    func dossiers(workflow: String, field: String?, equals value: String?, runningOnly: Bool) throws -> [Dossier]
    /// Every dossier in which `person` holds a role, running or finished, by number.
    func dossiers(heldBy person: String) throws -> [Dossier]
    /// The reassignments that took a role from `person`, logged after event `sequence`, in log order.
    func reassignments(from person: String, after sequence: Int) throws -> [StoredEvent]
    /// Running and finished dossiers per version of a workflow.
    func dossierCounts(workflow id: String) throws -> [Int: (running: Int, finished: Int)]

    /// Title certificates in `scope` (the safe, the drafts or both); only `dossier`'s when given.
    func certificates(_ scope: CertificateScope, dossier: Int?) throws -> [SafeCertificate]
}

/// What a store says of itself, and the definitions deployed in it: the first part of the
/// store's contract, which every store keeps alike (`Tests/DossierStoreContractTests`).
public protocol DefinitionStore: AnyObject, Sendable {
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

/// The staff directory: people are added and deactivated as events, never deleted.
public protocol StaffStore: AnyObject, Sendable {
    /// Adds a person to the directory, as an event.
    func addStaff(_ member: StaffMember, by actor: String, at moment: Moment) throws
    /// One person, or `nil`.
    func staffMember(_ id: String) throws -> StaffMember?
    /// Everyone, by login.
    func staffDirectory() throws -> [StaffMember]
    /// Deactivates a person who has left; the row and every mention of them stay.
    func deactivateStaff(_ id: String, reason: String, by actor: String, at moment: Moment) throws
}

/// The hash-chained event log every change is written to.
public protocol EventLog: AnyObject, Sendable {
    /// The events of one dossier, or of the whole store when `nil`, in order.
    func events(dossier id: Int?) throws -> [StoredEvent]
    /// The moment of the last event; commands may not act before it.
    func lastEventTime() throws -> Date?
    /// Recomputes the hash chain and checks the current state against the log.
    func verifyAudit() throws -> AuditReport
}
