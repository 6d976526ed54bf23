import Foundation

// The JSON bodies of the archive: borrow slips, loan steps, the loan list, custody, views and the safe.

/// `POST /api/v1/loans`: fill in a borrow slip.
package struct LoanRequestBody: Codable, Sendable, Hashable {
    package var archiveNumber: String
    package var purpose: String
    /// The return date, `YYYY-MM-DD`.
    package var until: String
    package var takeAway: Bool
    /// Checklist items of the lending workflow to borrow; the dossier volume when empty.
    package var material: [String]
    /// The archivist on duty who lends it (default: the one who registered the dossier).
    package var archivist: String?
    /// The lending workflow (default `borrow`).
    package var workflow: String?

    package init(archiveNumber: String, purpose: String, until: String, takeAway: Bool, material: [String], archivist: String?, workflow: String?) {
        self.archiveNumber = archiveNumber
        self.purpose = purpose
        self.until = until
        self.takeAway = takeAway
        self.material = material
        self.archivist = archivist
        self.workflow = workflow
    }

    enum CodingKeys: String, CodingKey {
        case purpose, until, material, archivist, workflow
        case archiveNumber = "archive_number", takeAway = "take_away"
    }
}

/// A borrow slip filled in: the loan and who approves it.
package struct LoanRequestResponse: Codable, Sendable, Hashable {
    package var loan: Int
    package var archiveNumber: String
    package var level: String
    package var borrower: String
    package var until: String
    package var takeAway: Bool
    package var material: [String]
    /// Why no approval is needed, when none is.
    package var directReason: String?
    /// Who may approve: staff roles, a local manager's with its department.
    package var approvers: [String]
    package var openedTask: TaskBody?
    /// The step of its approval the slip waits for, `step 1 of 2`, when its level has several.
    package var approvalStep: String?

    package init(loan: Int, archiveNumber: String, level: String, borrower: String, until: String, takeAway: Bool, material: [String],
                 directReason: String?, approvers: [String], openedTask: TaskBody?, approvalStep: String? = nil) {
        self.approvalStep = approvalStep
        self.loan = loan
        self.archiveNumber = archiveNumber
        self.level = level
        self.borrower = borrower
        self.until = until
        self.takeAway = takeAway
        self.material = material
        self.directReason = directReason
        self.approvers = approvers
        self.openedTask = openedTask
    }

    enum CodingKeys: String, CodingKey {
        case loan, level, borrower, until, material, approvers
        case archiveNumber = "archive_number", takeAway = "take_away", directReason = "direct_reason", openedTask = "opened_task"
        case approvalStep = "approval_step"
    }
}

/// `POST /api/v1/loans/{loan}/approval`, `…/rejection`, `…/completion`: a remark for the log.
package struct LoanNoteRequest: Codable, Sendable, Hashable {
    package var note: String?

    package init(note: String?) {
        self.note = note
    }
}

/// `POST /api/v1/loans/{loan}/renewal`.
package struct RenewRequest: Codable, Sendable, Hashable {
    /// The new return date, `YYYY-MM-DD`.
    package var until: String
    package var reason: String

    package init(until: String, reason: String) {
        self.until = until
        self.reason = reason
    }
}

/// `POST /api/v1/loans/{loan}/return`: what did not come back as lent.
package struct ReturnRequest: Codable, Sendable, Hashable {
    package var missing: [String]
    package var damaged: [String]
    /// Pages counted per item, compared with the register.
    package var pages: [String: Int]

    package init(missing: [String], damaged: [String], pages: [String: Int]) {
        self.missing = missing
        self.damaged = damaged
        self.pages = pages
    }
}

/// A fine a loan step incurred.
package struct LoanFineBody: Codable, Sendable, Hashable {
    package var payer: String
    package var amount: Decimal
    package var rule: String
    package var reason: String

    package init(payer: String, amount: Decimal, rule: String, reason: String) {
        self.payer = payer
        self.amount = amount
        self.rule = rule
        self.reason = reason
    }
}

/// What a step on a loan did.
package struct LoanChangeResponse: Codable, Sendable, Hashable {
    package var loan: Int
    package var action: String
    package var state: String
    package var openedTask: TaskBody?
    package var closed: Bool
    package var renewedUntil: String?
    /// On whose grant a renewal was made.
    package var renewal: String?
    package var fines: [LoanFineBody]
    /// After an earlier step of a slip's approval: who signs the next step, and which it is.
    package var approvers: [String]?
    package var approvalStep: String?

    package init(loan: Int, action: String, state: String, openedTask: TaskBody?, closed: Bool, renewedUntil: String?, renewal: String?,
                 fines: [LoanFineBody], approvers: [String]? = nil, approvalStep: String? = nil) {
        self.approvers = approvers
        self.approvalStep = approvalStep
        self.loan = loan
        self.action = action
        self.state = state
        self.openedTask = openedTask
        self.closed = closed
        self.renewedUntil = renewedUntil
        self.renewal = renewal
        self.fines = fines
    }

    enum CodingKeys: String, CodingKey {
        case loan, action, state, closed, renewal, fines, approvers
        case openedTask = "opened_task", renewedUntil = "renewed_until", approvalStep = "approval_step"
    }
}

/// `GET /api/v1/loans`: one loan.
package struct LoanLineBody: Codable, Sendable, Hashable {
    package var loan: Int
    package var archiveNumber: String?
    package var level: String?
    package var borrower: String
    package var approver: String?
    package var state: String
    package var takeAway: Bool
    package var purpose: String
    package var requestedAt: Date
    /// The end of the return day, while the dossier is out.
    package var dueAt: Date?
    package var overdue: Bool

    package init(loan: Int, archiveNumber: String?, level: String?, borrower: String, approver: String?, state: String, takeAway: Bool,
                 purpose: String, requestedAt: Date, dueAt: Date?, overdue: Bool) {
        self.loan = loan
        self.archiveNumber = archiveNumber
        self.level = level
        self.borrower = borrower
        self.approver = approver
        self.state = state
        self.takeAway = takeAway
        self.purpose = purpose
        self.requestedAt = requestedAt
        self.dueAt = dueAt
        self.overdue = overdue
    }

    enum CodingKeys: String, CodingKey {
        case loan, level, borrower, approver, state, purpose, overdue
        case archiveNumber = "archive_number", takeAway = "take_away", requestedAt = "requested_at", dueAt = "due_at"
    }
}

/// `GET /api/v1/archive/{number}/custody`: where a registered dossier is, and its loans.
package struct CustodyBody: Codable, Sendable, Hashable {
    /// Where it is now: `archive`, `lent` or `incomplete` (back, with material missing).
    package struct Now: Codable, Sendable, Hashable {
        package var place: String
        package var loan: Int?
        package var borrower: String?
        package var takenAway: Bool?
        package var since: Date?
        package var dueAt: Date?

        package init(place: String, loan: Int?, borrower: String?, takenAway: Bool?, since: Date?, dueAt: Date?) {
            self.place = place
            self.loan = loan
            self.borrower = borrower
            self.takenAway = takenAway
            self.since = since
            self.dueAt = dueAt
        }

        enum CodingKeys: String, CodingKey {
            case place, loan, borrower, since
            case takenAway = "taken_away", dueAt = "due_at"
        }
    }

    /// One step of a loan.
    package struct Step: Codable, Sendable, Hashable {
        package var what: String
        package var at: Date
        package var by: String
        package var note: String?

        package init(what: String, at: Date, by: String, note: String?) {
            self.what = what
            self.at = at
            self.by = by
            self.note = note
        }
    }

    /// One loan of the dossier.
    package struct Loan: Codable, Sendable, Hashable {
        package var loan: Int
        package var borrower: String
        package var purpose: String
        package var until: String?
        package var steps: [Step]
        package var state: String

        package init(loan: Int, borrower: String, purpose: String, until: String?, steps: [Step], state: String) {
            self.loan = loan
            self.borrower = borrower
            self.purpose = purpose
            self.until = until
            self.steps = steps
            self.state = state
        }
    }

    /// One move to another custodian, both having signed.
    package struct Transfer: Codable, Sendable, Hashable {
        package var at: Date
        package var from: String
        package var to: String
        package var department: String?
        package var transfer: Int?

        package init(at: Date, from: String, to: String, department: String?, transfer: Int?) {
            self.at = at
            self.from = from
            self.to = to
            self.department = department
            self.transfer = transfer
        }
    }

    package var archiveNumber: String
    package var dossier: Int
    package var now: Now
    package var loans: [Loan]
    /// Who keeps it and in which department (after a transfer), and each move, oldest first.
    package var custodian: String?
    package var department: String?
    package var transfers: [Transfer]?

    package init(archiveNumber: String, dossier: Int, now: Now, loans: [Loan], custodian: String? = nil, department: String? = nil,
                 transfers: [Transfer]? = nil) {
        self.archiveNumber = archiveNumber
        self.dossier = dossier
        self.now = now
        self.loans = loans
        self.custodian = custodian
        self.department = department
        self.transfers = transfers
    }

    enum CodingKeys: String, CodingKey {
        case dossier, now, loans, custodian, department, transfers
        case archiveNumber = "archive_number"
    }
}

/// `GET /api/v1/archive/{number}`: a registered dossier read on a right (the read is an event).
package struct DossierViewBody: Codable, Sendable, Hashable {
    /// A field, role or item: its id, title and value.
    package struct Entry: Codable, Sendable, Hashable {
        package var id: String
        package var title: String
        package var value: String

        package init(id: String, title: String, value: String) {
            self.id = id
            self.title = title
            self.value = value
        }
    }

    /// A registered item and its pages.
    package struct Item: Codable, Sendable, Hashable {
        package var item: String
        package var title: String
        package var pages: Int

        package init(item: String, title: String, pages: Int) {
            self.item = item
            self.title = title
            self.pages = pages
        }
    }

    package var archiveNumber: String
    package var dossier: Int
    package var workflow: String
    package var workflowVersion: Int
    package var workflowTitle: String
    package var reader: String
    /// The right it was read on.
    package var right: String
    package var level: String
    package var department: String?
    package var state: String
    package var fields: [Entry]
    package var roles: [Entry]
    package var items: [Item]
    /// The version of its contents shown (1 as registered, one more with each correction), and the latest.
    package var version: Int
    package var latestVersion: Int

    package init(archiveNumber: String, dossier: Int, workflow: String, workflowVersion: Int, workflowTitle: String, reader: String, right: String,
                 level: String, department: String?, state: String, fields: [Entry], roles: [Entry], items: [Item], version: Int = 1,
                 latestVersion: Int = 1) {
        self.version = version
        self.latestVersion = latestVersion
        self.archiveNumber = archiveNumber
        self.dossier = dossier
        self.workflow = workflow
        self.workflowVersion = workflowVersion
        self.workflowTitle = workflowTitle
        self.reader = reader
        self.right = right
        self.level = level
        self.department = department
        self.state = state
        self.fields = fields
        self.roles = roles
        self.items = items
    }

    enum CodingKeys: String, CodingKey {
        case dossier, workflow, reader, right, level, department, state, fields, roles, items, version
        case archiveNumber = "archive_number", workflowVersion = "workflow_version", workflowTitle = "workflow_title"
        case latestVersion = "latest_version"
    }
}

/// `GET /api/v1/certificates`: a certificate in the safe's book.
package struct CertificateBody: Codable, Sendable, Hashable {
    /// The archive number it is kept under, once its dossier is registered.
    package var archiveNumber: String?
    package var dossier: Int
    package var kind: String
    package var title: String
    package var number: String
    package var quantity: Int
    package var list: Int
    /// The list's signatures, `role=person`, in the workflow's order.
    package var signedBy: String
    package var handedOverAt: Date?
    package var keeper: String?

    package init(archiveNumber: String?, dossier: Int, kind: String, title: String, number: String, quantity: Int, list: Int, signedBy: String,
                 handedOverAt: Date?, keeper: String?) {
        self.archiveNumber = archiveNumber
        self.dossier = dossier
        self.kind = kind
        self.title = title
        self.number = number
        self.quantity = quantity
        self.list = list
        self.signedBy = signedBy
        self.handedOverAt = handedOverAt
        self.keeper = keeper
    }

    enum CodingKeys: String, CodingKey {
        case dossier, kind, title, number, quantity, list, keeper
        case archiveNumber = "archive_number", signedBy = "signed_by", handedOverAt = "handed_over_at"
    }
}

/// `GET /api/v1/staff/{user}/holdings`: what a person still holds, as their departure lists it.
package struct HoldingsBody: Codable, Sendable, Hashable {
    /// A role held in one dossier.
    package struct Part: Codable, Sendable, Hashable {
        package var dossier: Int
        package var workflow: String
        package var role: String
        package var state: String
        package var archiveNumber: String?
        package var dutiesOnly: Bool

        package init(dossier: Int, workflow: String, role: String, state: String, archiveNumber: String?, dutiesOnly: Bool) {
            self.dossier = dossier
            self.workflow = workflow
            self.role = role
            self.state = state
            self.archiveNumber = archiveNumber
            self.dutiesOnly = dutiesOnly
        }

        enum CodingKeys: String, CodingKey {
            case dossier, workflow, role, state
            case archiveNumber = "archive_number", dutiesOnly = "duties_only"
        }
    }

    package var person: String
    package var roles: [Part]
    package var loans: [Part]
    /// Title certificates in their keeping, as `KIND NUMBER of ARCHIVE-NO`.
    package var certificates: [String]
    /// Their fines not waived, by ledger number.
    package var fines: [Int]
    /// What the fines come to.
    package var finesDue: Decimal
    package var customers: [String]
    /// One sentence per thing that keeps them from leaving.
    package var stillHeld: [String]

    package init(person: String, roles: [Part], loans: [Part], certificates: [String], fines: [Int], finesDue: Decimal, customers: [String],
                 stillHeld: [String]) {
        self.person = person
        self.roles = roles
        self.loans = loans
        self.certificates = certificates
        self.fines = fines
        self.finesDue = finesDue
        self.customers = customers
        self.stillHeld = stillHeld
    }

    enum CodingKeys: String, CodingKey {
        case person, roles, loans, certificates, fines, customers
        case finesDue = "fines_due", stillHeld = "still_held"
    }
}

/// `POST /api/v1/staff/{user}/departure`.
package struct DepartureRequest: Codable, Sendable, Hashable {
    package var successor: String
    package var supervisor: String?

    package init(successor: String, supervisor: String?) {
        self.successor = successor
        self.supervisor = supervisor
    }
}

/// What opening a departure did: its dossier and first task, and what the leaver holds.
package struct DepartureBody: Codable, Sendable, Hashable {
    package var dossier: Int
    package var task: TaskBody?
    package var holdings: HoldingsBody

    package init(dossier: Int, task: TaskBody?, holdings: HoldingsBody) {
        self.dossier = dossier
        self.task = task
        self.holdings = holdings
    }
}

/// `POST /api/v1/staff/{user}/transfers`: hand the leaver's roles to a successor.
package struct TransferRequest: Codable, Sendable, Hashable {
    /// Who takes over; the departure's successor when absent.
    package var to: String?
    /// Only this dossier's roles.
    package var dossier: Int?

    package init(to: String?, dossier: Int?) {
        self.to = to
        self.dossier = dossier
    }
}

/// One role handed over.
package struct TransferBody: Codable, Sendable, Hashable {
    package var dossier: Int
    package var workflow: String
    package var role: String
    package var from: String
    package var to: String

    package init(dossier: Int, workflow: String, role: String, from: String, to: String) {
        self.dossier = dossier
        self.workflow = workflow
        self.role = role
        self.from = from
        self.to = to
    }
}

/// `POST /api/v1/staff/{user}/deactivation`.
package struct DeactivationRequest: Codable, Sendable, Hashable {
    package var reason: String

    package init(reason: String) {
        self.reason = reason
    }
}

/// `GET /api/v1/destruction/candidates`: a registered dossier past its retention.
package struct DestructionCandidateBody: Codable, Sendable, Hashable {
    package var archiveNumber: String
    package var dossier: Int
    package var workflow: String
    package var registeredAt: Date
    /// The last day it was kept, `YYYY-MM-DD`.
    package var keptUntil: String
    /// What still keeps it from being destroyed; empty when nothing does.
    package var obstacles: [String]

    package init(archiveNumber: String, dossier: Int, workflow: String, registeredAt: Date, keptUntil: String, obstacles: [String]) {
        self.archiveNumber = archiveNumber
        self.dossier = dossier
        self.workflow = workflow
        self.registeredAt = registeredAt
        self.keptUntil = keptUntil
        self.obstacles = obstacles
    }

    enum CodingKeys: String, CodingKey {
        case dossier, workflow, obstacles
        case archiveNumber = "archive_number", registeredAt = "registered_at", keptUntil = "kept_until"
    }
}

/// `POST /api/v1/archive/{number}/legal-hold`: place a legal hold, or release it, with the reason.
package struct LegalHoldRequest: Codable, Sendable, Hashable {
    package var reason: String
    /// Release the hold instead of placing one.
    package var release: Bool?

    package init(reason: String, release: Bool?) {
        self.reason = reason
        self.release = release
    }
}

/// The answer to a legal hold placed or released.
package struct LegalHoldBody: Codable, Sendable, Hashable {
    package var archiveNumber: String
    package var dossier: Int
    package var held: Bool

    package init(archiveNumber: String, dossier: Int, held: Bool) {
        self.archiveNumber = archiveNumber
        self.dossier = dossier
        self.held = held
    }

    enum CodingKeys: String, CodingKey {
        case dossier, held
        case archiveNumber = "archive_number"
    }
}

/// `POST /api/v1/dossiers/{dossier}/certificates/keeper` and `…/return`: to whom the
/// certificates in the safe go (a keeper, or their owner), which list (default every one), why.
package struct CertificateMoveRequest: Codable, Sendable, Hashable {
    package var to: String
    package var list: Int?
    package var note: String?

    package init(to: String, list: Int?, note: String?) {
        self.to = to
        self.list = list
        self.note = note
    }
}

/// Certificates handed to another keeper or returned to their owner.
package struct CertificateMoveBody: Codable, Sendable, Hashable {
    package var dossier: Int
    package var lists: [Int]
    package var from: [String]
    package var to: String
    package var returned: Bool

    package init(dossier: Int, lists: [Int], from: [String], to: String, returned: Bool) {
        self.dossier = dossier
        self.lists = lists
        self.from = from
        self.to = to
        self.returned = returned
    }
}

/// `POST /api/v1/fines/settlements`: settle fines by number, or all of one person's.
package struct SettlementRequest: Codable, Sendable, Hashable {
    package var fines: [Int]?
    package var person: String?
    /// Only fines of months up to this one (`YYYY-MM`), with `person`.
    package var through: String?
    package var note: String

    package init(fines: [Int]?, person: String?, through: String?, note: String) {
        self.fines = fines
        self.person = person
        self.through = through
        self.note = note
    }
}

/// One fine settled.
package struct FineSettlementBody: Codable, Sendable, Hashable {
    package var fine: Int
    package var at: Date
    package var by: String
    package var note: String

    package init(fine: Int, at: Date, by: String, note: String) {
        self.fine = fine
        self.at = at
        self.by = by
        self.note = note
    }
}

/// `POST /api/v1/customers/{customer}/erasure`: erase a customer at their written request.
package struct ErasureRequest: Codable, Sendable, Hashable {
    /// The number of the customer's written request.
    package var request: String

    package init(request: String) {
        self.request = request
    }
}

/// What an erasure did: the dossiers whose personal fields now read as erased.
package struct CustomerErasureBody: Codable, Sendable, Hashable {
    package var customer: String
    package var dossiers: [Int]
    package var keys: Int
    package var erasedAs: String
    /// Whether the store's journal was emptied at once; otherwise the next checkpoint does it.
    package var journalEmptied: Bool

    package init(customer: String, dossiers: [Int], keys: Int, erasedAs: String, journalEmptied: Bool) {
        self.customer = customer
        self.dossiers = dossiers
        self.keys = keys
        self.erasedAs = erasedAs
        self.journalEmptied = journalEmptied
    }

    enum CodingKeys: String, CodingKey {
        case customer, dossiers, keys
        case erasedAs = "erased_as", journalEmptied = "journal_emptied"
    }
}

/// `GET /api/v1/customers/{customer}/export`: everything stored about one customer.
package struct CustomerExportBody: Codable, Sendable, Hashable {
    /// An item with its pages, as a view shows it.
    package typealias Item = DossierViewBody.Item

    package struct Event: Codable, Sendable, Hashable {
        package var at: Date
        package var actor: String
        package var kind: String
        package var note: String?
        package var details: [String: String]

        package init(at: Date, actor: String, kind: String, note: String?, details: [String: String]) {
            self.at = at
            self.actor = actor
            self.kind = kind
            self.note = note
            self.details = details
        }
    }

    package struct Entry: Codable, Sendable, Hashable {
        package var dossier: Int
        package var workflow: String
        package var workflowTitle: String
        package var archiveNumber: String?
        package var state: String
        package var version: Int
        package var fields: [String: String]
        package var people: [String: String]
        package var items: [Item]
        package var history: [Event]

        package init(dossier: Int, workflow: String, workflowTitle: String, archiveNumber: String?, state: String, version: Int,
                     fields: [String: String], people: [String: String], items: [Item], history: [Event]) {
            self.dossier = dossier
            self.workflow = workflow
            self.workflowTitle = workflowTitle
            self.archiveNumber = archiveNumber
            self.state = state
            self.version = version
            self.fields = fields
            self.people = people
            self.items = items
            self.history = history
        }

        enum CodingKeys: String, CodingKey {
            case dossier, workflow, state, version, fields, people, items, history
            case workflowTitle = "workflow_title", archiveNumber = "archive_number"
        }
    }

    package var customer: String
    package var exportedAt: Date
    package var exportedBy: String
    package var dossiers: [Entry]

    package init(customer: String, exportedAt: Date, exportedBy: String, dossiers: [Entry]) {
        self.customer = customer
        self.exportedAt = exportedAt
        self.exportedBy = exportedBy
        self.dossiers = dossiers
    }

    enum CodingKeys: String, CodingKey {
        case customer, dossiers
        case exportedAt = "exported_at", exportedBy = "exported_by"
    }
}
