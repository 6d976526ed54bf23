import DossierOffice
import ArgumentParser
import DossierEngine

/// The steps of a loan that are plain actions of the lending workflow, each by the role its
/// state names: approve and reject (an approver of the level), lend and complete (the archivist).
/// Each has its command in its own file (`BorrowApprove`, `BorrowReject`, `BorrowLend`, `BorrowComplete`).
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
}
