import DossierOffice
import ArgumentParser
import DossierDocuments
import DossierEngine
import DossierStore

/// `dossier borrow …`: borrow slips and loans, the front-end over the borrow workflow.
struct BorrowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "borrow",
        abstract: "Borrow a registered dossier: request a slip, approve or reject it, lend it, take it back.",
        discussion: """
            A slip (档案资料出借单) names the dossier by archive number, the purpose and the return \
            date. The dossier's confidentiality level routes the approval (company: the marketing \
            director; department: the department manager or marketing VP; personal: the department \
            manager; sealed: the GM, reading room only). Executives, the level's readers and the \
            dossier's own people (and, at department level, its department) borrow directly. A \
            department manager approves only for dossiers of their own department. The archivist \
            who registered the dossier lends it; the loan runs until the slip's date, at most the \
            workflow's maximum (follow-up forms: the same day); a renewal needs the same approval; \
            a return is checked item by item against the register. Each step is an event in the log.
            Example: dossier borrow request 鸿借字第001号 --purpose "credit review" --until 2026-03-20 --as dan
            """,
        subcommands: [BorrowRequest.self, BorrowApprove.self, BorrowReject.self, BorrowLend.self, BorrowRenew.self, BorrowReturn.self,
                      BorrowComplete.self]
    )
}

/// The id of the workflow that runs loans.
struct LendingWorkflowOption: ParsableArguments {
    @Option(name: .customLong("loan-workflow"), help: ArgumentHelp("The lending workflow.", valueName: "id"))
    var workflow = "borrow"
}

/// Reading what a loan is about.
enum Loans {
    /// The registered dossier `archiveNumber` as a borrow target, read under its own workflow.
    static func target(_ archiveNumber: String, session: Session, lending: WorkflowEngine) throws -> BorrowTarget {
        guard let id = try session.store.registeredDossier(archiveNumber: archiveNumber) else {
            throw CommandFailure("no registered dossier has archive number \(archiveNumber); see `dossier register`")
        }
        let (dossier, engine) = try session.dossier(id)
        return try target(of: dossier, engine: engine, archiveNumber: archiveNumber, session: session, lending: lending)
    }

    /// Registered `dossier` (run by `engine`) as a borrow target; its department is its handler's.
    static func target(of dossier: Dossier, engine: WorkflowEngine, archiveNumber: String, session: Session,
                       lending: WorkflowEngine) throws -> BorrowTarget {
        var departments: [String: String?] = [:]
        for person in Set(dossier.assignments.values).union([dossier.startedBy]) {
            departments[person] = try session.store.staffMember(person)?.department
        }
        return BorrowTarget(dossier: dossier, definition: engine.definition, archiveNumber: archiveNumber,
                            fallbackLevel: lending.definition.confidentiality?.defaultLevelID ?? "department",
                            departmentOf: { departments[$0] ?? nil })
    }

    /// Loan `id` with its engine, refusing dossiers that are not loans.
    static func loan(_ id: Int, session: Session) throws -> (Dossier, WorkflowEngine) {
        let (dossier, engine) = try session.dossier(id)
        guard engine.definition.lending != nil else {
            throw CommandFailure("dossier \(id) runs \(dossier.workflowID), not a lending workflow; `dossier loans` lists the loans")
        }
        return (dossier, engine)
    }

    /// The ledger line of `loan` (run by `engine`), read from its events.
    static func ledgerLine(_ loan: Dossier, engine: WorkflowEngine, session: Session) throws -> LoanLedgerLine {
        let events = try session.store.events(dossier: loan.id).compactMap { stored -> DossierEvent? in
            guard let kind = DossierEvent.Kind(rawValue: stored.kind) else { return nil }
            return DossierEvent(kind: kind, actor: stored.actor, at: stored.at, action: stored.action, fromState: stored.fromState,
                                toState: stored.toState, note: stored.note, details: stored.details)
        }
        return LoanLedgerLine(loan: loan, definition: engine.definition, events: events)
    }

    /// Commits `step` on `loan` and says what happened.
    static func commit(_ step: WorkflowEngine.Step, on loan: Dossier, action: String, session: Session) throws {
        let opened = try session.store.commit(step, readAt: loan.revision, at: session.moment, archiveNumbers: nil)
        print("loan \(loan.id): \(action) → \(step.dossier.stateID)")
        if let opened {
            print(TaskText.line(opened))
        } else if step.dossier.isFinished {
            print("loan \(loan.id) is closed")
        }
    }
}
