import DossierAPI
import DossierEngine
import DossierOffice

extension APIBodies {
    package static func body(_ request: LoanRequest) -> LoanRequestResponse {
        LoanRequestResponse(loan: request.loanID, archiveNumber: request.archiveNumber, level: request.levelID, borrower: request.borrower,
                            until: request.until, takeAway: request.takeAway, material: request.material, directReason: request.directReason,
                            approvers: request.approvers, openedTask: request.openedTask.map(body), approvalStep: request.step)
    }

    package static func body(_ holdings: Holdings) -> HoldingsBody {
        let parts = { (parts: [Holdings.Part]) in
            parts.map { HoldingsBody.Part(dossier: $0.dossier, workflow: $0.workflow, role: $0.role, state: $0.state, archiveNumber: $0.archiveNumber,
                                          dutiesOnly: $0.dutiesOnly) }
        }
        return HoldingsBody(person: holdings.person, roles: parts(holdings.roles), loans: parts(holdings.loans),
                            certificates: holdings.certificates.map { "\($0.kind) \($0.number) of \($0.archiveNumber ?? "dossier \($0.dossierID)")" },
                            fines: holdings.fines.map(\.priced.entry.id), finesDue: holdings.fines.reduce(0) { $0 + $1.priced.amount },
                            customers: holdings.customers, stillHeld: holdings.lines)
    }

    package static func body(_ change: LoanChange) -> LoanChangeResponse {
        LoanChangeResponse(loan: change.loanID, action: change.action, state: change.state, openedTask: change.openedTask.map(body),
                           closed: change.isClosed, renewedUntil: change.renewedUntil, renewal: change.renewal,
                           fines: change.fines.map { LoanFineBody(payer: $0.payer, amount: $0.baseAmount, rule: $0.ruleID, reason: $0.reason) },
                           approvers: change.approvers.isEmpty ? nil : change.approvers, approvalStep: change.step)
    }

    package static func body(_ line: LoanLine) -> LoanLineBody {
        LoanLineBody(loan: line.loanID, archiveNumber: line.archiveNumber, level: line.levelID, borrower: line.borrower, approver: line.approver,
                     state: line.state, takeAway: line.takeAway, purpose: line.purpose, requestedAt: line.requestedAt, dueAt: line.dueAt,
                     overdue: line.isOverdue)
    }

    package static func body(_ report: CustodyReport) -> CustodyBody {
        let now: CustodyBody.Now
        switch report.now {
        case .archive:
            now = CustodyBody.Now(place: "archive", loan: nil, borrower: nil, takenAway: nil, since: nil, dueAt: nil)
        case .lent(let loan, let borrower, let takenAway, let since, let dueAt):
            now = CustodyBody.Now(place: "lent", loan: loan, borrower: borrower, takenAway: takenAway, since: since, dueAt: dueAt)
        case .incomplete(let loan, let borrower):
            now = CustodyBody.Now(place: "incomplete", loan: loan, borrower: borrower, takenAway: nil, since: nil, dueAt: nil)
        }
        return CustodyBody(archiveNumber: report.archiveNumber, dossier: report.dossierID, now: now, loans: report.loans.map { loan in
            CustodyBody.Loan(loan: loan.loanID, borrower: loan.borrower, purpose: loan.purpose, until: loan.until,
                             steps: loan.steps.map { CustodyBody.Step(what: $0.what, at: $0.at, by: $0.by, note: $0.note) }, state: loan.state)
        }, custodian: report.custodian, department: report.department,
           transfers: report.transfers.map { CustodyBody.Transfer(at: $0.at, from: $0.from, to: $0.to, department: $0.department, transfer: $0.transfer) })
    }

    package static func body(_ view: DossierView) -> DossierViewBody {
        DossierViewBody(archiveNumber: view.archiveNumber, dossier: view.dossier.id, workflow: view.dossier.workflowID,
                        workflowVersion: view.dossier.workflowVersion, workflowTitle: view.workflowTitle, reader: view.reader, right: view.right,
                        level: view.levelID, department: view.department, state: view.dossier.stateID,
                        fields: view.fields.map { DossierViewBody.Entry(id: $0.id, title: $0.title, value: $0.value) },
                        roles: view.roles.map { DossierViewBody.Entry(id: $0.id, title: $0.title, value: $0.person) },
                        items: view.items.map { DossierViewBody.Item(item: $0.id, title: $0.title, pages: $0.pages) },
                        version: view.version, latestVersion: view.latestVersion)
    }
}

extension APIBodies {
    package static func body(_ line: CertificateLine) -> CertificateBody {
        let certificate = line.certificate
        return CertificateBody(archiveNumber: certificate.archiveNumber, dossier: certificate.dossierID, kind: certificate.kind, title: line.title,
                               number: certificate.number, quantity: certificate.quantity, list: certificate.list, signedBy: line.signed,
                               handedOverAt: certificate.handedOverAt, keeper: certificate.keeper)
    }
}
