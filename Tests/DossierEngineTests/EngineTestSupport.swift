import DossierDefinition
import DossierEngine
import DossierXML
import Foundation
import Testing

/// Helpers shared by the engine suites: the staff directory with a few extra people, and a loan
/// dossier driven to each of its states through the public API.

/// The fixture staff plus people the shipped fixtures lack: `hank` holds both handler and
/// archivist (to reach four-eyes corners), `dina` is a department manager, `xena` a second
/// archivist.
let testStaff: [String: StaffMember] = EngineFixtures.staff.merging([
    "hank": StaffMember(id: "hank", name: "Hank Zhou", roles: ["handler", "archivist"]),
    "dina": StaffMember(id: "dina", name: "Dina Qian", roles: ["department-manager"], department: "loans"),
    "xena": StaffMember(id: "xena", name: "Xena Hu", roles: ["archivist"]),
]) { $1 }

/// The staff member `id` of `testStaff`.
func member(_ id: String) -> StaffMember {
    guard let member = testStaff[id] else { preconditionFailure("no test staff member \(id)") }
    return member
}

/// A moment in Beijing time.
func at(_ text: String) -> Date { EngineFixtures.at(text) }

/// The refusal `body` throws, or `nil` when it succeeds.
func refusal<T>(_ body: () throws -> T) -> Refusal? {
    do {
        _ = try body()
        return nil
    } catch let refusal as Refusal {
        return refusal
    } catch {
        Issue.record("expected a Refusal, got \(error)")
        return nil
    }
}

/// Compiles workflow XML text held in memory.
func compileWorkflow(_ text: String) throws -> WorkflowDefinition {
    let tree = try #require(XMLTree.parse(Array(text.utf8), file: "edited.xml").tree)
    let result = WorkflowCompiler().compile(tree)
    return try #require(result.definition, "edited workflow does not compile: \(result.diagnostics)")
}

/// The text of a shipped workflow.
func shippedWorkflowText(_ id: String) throws -> String {
    try String(contentsOf: EngineFixtures.workflows.appendingPathComponent("\(id).xml"), encoding: .utf8)
}

/// An engine for `definition` with the shipped calendars, in Beijing time.
func engine(for definition: WorkflowDefinition, version: Int = 1) throws -> WorkflowEngine {
    WorkflowEngine(definition: definition, version: version,
                   calendars: ["cn": try EngineFixtures.calendar("cn"), "weekdays": try EngineFixtures.calendar("weekdays")],
                   timeZone: TimeZone(identifier: "Asia/Shanghai")!)
}

/// The loan-intake workflow, driven state by state.
enum Loan {
    static let dossierID = 7
    static let fields = ["customer": "Hongda Trading Co.", "project": "Working-capital loan 2026-017", "ended-on": "2026-03-02"]
    static let roles = ["a": "alice", "b": "bob", "archivist": "carol"]
    static let startTime = at("2026-03-02T09:30")

    /// The items every loan dossier needs, in checklist order (not the optional ones, not the attachment).
    static let requiredItems = [
        "loan-application", "project-approval-form", "committee-minutes", "payout-approval",
        "loan-contract", "guarantee-contract", "loan-receipt",
        "investigation-report", "site-visit-record", "credit-report",
        "business-licence-copy", "representative-id-copy", "articles", "shareholder-resolution", "financial-statements",
    ]

    /// Every item of the checklist, in order.
    static let allItems = [
        "loan-application", "project-approval-form", "committee-minutes", "payout-approval",
        "loan-contract", "guarantee-contract", "mortgage-contract", "loan-receipt", "uncollected-contract",
        "investigation-report", "site-visit-record", "credit-report", "collateral-valuation",
        "business-licence-copy", "representative-id-copy", "articles", "shareholder-resolution", "financial-statements",
    ]

    static func engine(version: Int = 1) throws -> WorkflowEngine {
        try EngineFixtures.engine("loan-intake", version: version)
    }

    /// Starts dossier 7 as alice at 2026-03-02T09:30.
    static func start(_ engine: WorkflowEngine, fields: [String: String] = fields, roles: [String: String] = roles,
                      actor: String = "alice", at time: Date = startTime) throws(Refusal) -> WorkflowEngine.Step {
        try engine.start(id: dossierID, fields: fields, assignments: roles, actor: member(actor), staff: testStaff, at: time)
    }

    /// The signatures the workflow asks of `itemID`.
    static func signatures(of itemID: String, in engine: WorkflowEngine) -> [String] {
        engine.definition.checklist?.item(itemID)?.signatures.map(\.rawValue) ?? []
    }

    /// The item's title as the workflow gives it.
    static func title(_ itemID: String, in engine: WorkflowEngine) -> String {
        engine.definition.checklist?.item(itemID)?.title ?? "?"
    }

    /// Records every required item (with 3 pages and every signature it needs), except `skipping`.
    static func recordAll(_ engine: WorkflowEngine, _ dossier: Dossier, by actor: String = "alice",
                          skipping: Set<String> = [], at time: Date = at("2026-03-03T10:00")) throws(Refusal) -> Dossier {
        var current = dossier
        for item in requiredItems where !skipping.contains(item) {
            current = try engine.recordItem(current, item: item, pages: 3, signatures: signatures(of: item, in: engine),
                                            missing: false, actor: member(actor), at: time).dossier
        }
        return current
    }

    /// Verifies every recorded item as in order, except `skipping`.
    static func verifyAll(_ engine: WorkflowEngine, _ dossier: Dossier, by actor: String = "bob",
                          skipping: Set<String> = [], at time: Date = at("2026-03-04T10:00")) throws(Refusal) -> Dossier {
        var current = dossier
        for item in requiredItems where !skipping.contains(item) && current.checklist[item] != nil {
            current = try engine.verifyItem(current, item: item, defect: nil, actor: member(actor), at: time).dossier
        }
        return current
    }

    /// A dossier handed over to B (state reviewing, task 2).
    static func inReviewing(_ engine: WorkflowEngine, roles: [String: String] = roles) throws(Refusal) -> Dossier {
        let started = try start(engine, roles: roles).dossier
        let recorded = try recordAll(engine, started, by: roles["a"] ?? "alice")
        return try engine.advance(recorded, task: 1, action: "hand-over", note: nil, actor: member(roles["a"] ?? "alice"),
                                  at: at("2026-03-03T17:00")).dossier
    }

    /// A dossier B has verified and passed to the archivist (state archiving, task 3). Accept resets
    /// verification, so every item is unchecked again and waits for the archivist's own check.
    static func accepted(_ engine: WorkflowEngine, roles: [String: String] = roles) throws(Refusal) -> Dossier {
        let reviewing = try inReviewing(engine, roles: roles)
        let verified = try verifyAll(engine, reviewing, by: roles["b"] ?? "bob")
        return try engine.advance(verified, task: 2, action: "accept", note: nil, actor: member(roles["b"] ?? "bob"),
                                  at: at("2026-03-04T16:00")).dossier
    }

    /// A dossier the archivist has checked item by item after B's acceptance, ready to register
    /// (state archiving, task 3, every required item verified by the archivist).
    static func inArchiving(_ engine: WorkflowEngine, roles: [String: String] = roles) throws(Refusal) -> Dossier {
        try verifyAll(engine, try accepted(engine, roles: roles), by: roles["archivist"] ?? "carol", at: at("2026-03-05T08:30"))
    }
}
