import ArgumentParser
import DossierEngine

/// The steps of a loan that are plain actions of the lending workflow, each by the role its
/// state names: approve and reject (an approver of the level), lend and complete (the archivist).
enum LoanStep {
    static func take(_ action: String, loan id: Int, note: String?, acting: ActingOptions) throws {
        try reportingFailures {
            let session = try acting.session()
            let actor = try session.actor()
            let (loan, engine) = try Loans.loan(id, session: session)
            guard let task = loan.openTask else { throw CommandFailure("loan \(id) is closed (\(loan.stateID)); see `dossier custody`") }
            let step = try engine.advance(loan, task: task.number, action: action, note: note, actor: actor, at: session.time)
            try Loans.commit(step, on: loan, action: action, session: session)
        }
    }

    /// `dossier borrow approve LOAN`.
    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Approve a borrow slip (someone holding a staff role the dossier's level names).",
            discussion: "Example: dossier borrow approve 5 --as gina")
        @OptionGroup var acting: ActingOptions
        @Argument(help: ArgumentHelp("The loan's number.", valueName: "loan")) var loan: Int
        @Option(help: "A remark for the log.") var note: String?
        func run() throws { try LoanStep.take("approve", loan: loan, note: note, acting: acting) }
    }

    /// `dossier borrow reject LOAN --note TEXT`.
    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reject a borrow slip, saying why.",
            discussion: "Example: dossier borrow reject 5 --note \"not needed for that purpose\" --as gina")
        @OptionGroup var acting: ActingOptions
        @Argument(help: ArgumentHelp("The loan's number.", valueName: "loan")) var loan: Int
        @Option(help: "Why.") var note: String
        func run() throws { try LoanStep.take("reject", loan: loan, note: note, acting: acting) }
    }

    /// `dossier borrow lend LOAN`.
    struct Lend: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Hand the approved dossier over and record the loan in the ledger (the archivist).",
            discussion: "The loan falls due at the end of the slip's date. Example: dossier borrow lend 5 --as carol")
        @OptionGroup var acting: ActingOptions
        @Argument(help: ArgumentHelp("The loan's number.", valueName: "loan")) var loan: Int
        func run() throws { try LoanStep.take("lend", loan: loan, note: nil, acting: acting) }
    }

    /// `dossier borrow complete LOAN`.
    struct Complete: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close a loan returned incomplete once the missing material is back (the archivist).",
            discussion: "Example: dossier borrow complete 5 --as carol")
        @OptionGroup var acting: ActingOptions
        @Argument(help: ArgumentHelp("The loan's number.", valueName: "loan")) var loan: Int
        func run() throws { try LoanStep.take("complete", loan: loan, note: nil, acting: acting) }
    }
}
