/// Why the engine refused a command. Every description is a sentence saying what was wrong
/// and what to do; nothing was changed.
public enum Refusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// A field the workflow does not have.
    case unknownField(String, suggestion: String?, known: [String])
    /// A required field was not given.
    case missingFields([String])
    /// Required fields and roles both missing at start.
    case incompleteStart(fields: [String], roles: [String])
    /// A field's value does not fit its type.
    case invalidField(String, value: String, expected: String)
    /// A checklist item the workflow does not have.
    case unknownItem(String, suggestion: String?, known: [String])
    /// A role the workflow does not have.
    case unknownRole(String, known: [String])
    /// A role that must be assigned at start was not.
    case unassignedRoles([String])
    /// A role that is not assigned at start was given.
    case roleNotAssignable(String, binding: String)
    /// The workflow's dossiers start by themselves, on its schedule.
    case startsBySchedule(workflow: String, every: String)
    /// The workflow's dossiers start when a manager records a fine that names it (`restore=`).
    case startsByFine(workflow: String)
    /// A workflow named by a fine's `restore=` has no role bound `fined` for the person.
    case restoresNothing(workflow: String)
    /// A fine rule the workflow does not have.
    case unknownFine(String, workflow: String, known: [String])
    /// The fine rule is assessed by the engine, not recorded by hand.
    case notRecordable(fine: String, workflow: String, violation: String)
    /// A fine of a range was recorded without an amount, or outside the range.
    case amountOutsideRange(fine: String, amount: String?, least: String, most: String)
    /// A fine of a fixed amount was recorded with another amount.
    case amountFixed(fine: String, amount: String, given: String)
    /// Nobody records a fine on themselves.
    case ownFine(person: String)
    /// Registered dossiers a destruction list names may not be destroyed, with each reason.
    case notDisposable([String])
    /// A customer's data may not be erased, with each reason (a dossier still kept, or held).
    case notErasable(customer: String, [String])
    /// The dossier is under a legal hold already.
    case alreadyHeld(dossier: Int, reason: String, by: String)
    /// The dossier is under no legal hold to release.
    case notHeld(dossier: Int)
    /// A correction's changes are not written as `field=value; pages:item=N`.
    case malformedCorrection(String)
    /// A correction cannot be made to a registered dossier, with every reason.
    case correctionRefused(archiveNumber: String, [String])
    /// No list of the dossier's certificates is in the safe (or not list `list`).
    case noCertificatesInSafe(dossier: Int, list: Int?)
    /// A registered dossier cannot pass to that custodian now.
    case custodyRefused(archiveNumber: String, reason: String)
    /// An occurrence was given to a workflow without a schedule.
    case notScheduled(workflow: String)
    /// Nobody by that login is in the directory.
    case unknownStaff(String)
    /// The person has left.
    case departedStaff(String)
    /// The person lacks every staff role the workflow role needs.
    case lacksStaffRole(person: String, role: String, needs: [String])
    /// Four-eyes: one person in two roles declared distinct.
    case fourEyes(person: String, role: String, otherRole: String)
    /// Four-eyes on items: the person who recorded an item may not verify it.
    case fourEyesItem(person: String, item: String)
    /// The dossier has finished.
    case finished(dossier: Int, state: String)
    /// The task named is not the dossier's open task.
    case taskClosed(task: String, current: String?)
    /// The action does not leave the current state.
    case unknownAction(String, state: String, available: [String])
    /// The actor does not hold the role that takes (or signs) the action.
    case notYourTask(person: String, action: String, roles: [String], holders: [String])
    /// Guards not met, each a sentence about what is missing.
    case guardsUnmet(action: String, missing: [String])
    /// The action needs a note saying why.
    case noteRequired(action: String)
    /// The actor already signed this action.
    case alreadySigned(person: String, action: String, role: String)
    /// The action waits for sign-offs from other roles.
    case awaitingSignOff(action: String, waiting: [String])
    /// A deadline that cannot be extended, or not that way.
    case notExtendable(String)
    /// A deadline could not be computed.
    case calendar(String)
    /// The time given is before the dossier's last event.
    case timeGoesBackwards(String)
    /// The workflow keeps no title certificates.
    case noCertificates(workflow: String)
    /// A certificate kind the workflow does not know.
    case unknownCertificateKind(String, suggestion: String?, known: [String])
    /// The certificate is already on one of the dossier's lists.
    case duplicateCertificate(kind: String, number: String, list: Int)
    /// The certificate is not on the draft list.
    case certificateNotOnDraft(number: String, draft: Int?)
    /// There is no draft list to sign.
    case noDraftCertificateList(dossier: Int)
    /// The workflow has no lending rules or confidentiality levels, so it cannot run a loan.
    case notALendingWorkflow(String)
    /// The dossier may only be read in the office.
    case readingRoomOnly(archiveNumber: String, level: String)
    /// The slip's return date is beyond the longest loan allowed.
    case loanTooLong(until: String, latest: String, maximum: String)
    /// The person holds none of the staff roles that approve slips for the dossier's level.
    case notAnApprover(person: String, level: String, approvers: [String], subject: String = "slip")
    /// The person approves only for dossiers of their own department, and this one is another's.
    case outsideDepartment(person: String, role: String, department: String?, dossierDepartment: String)
    /// Material that comes back the same day was asked for beyond today.
    case sameDayReturn(items: [String], today: String, until: String)
    /// A renewal that cannot be granted, with the reason.
    case notRenewable(String)
    /// The person holds none of the staff roles that sign the step a slip waits for.
    case notTheStepsApprover(person: String, level: String, step: Int, of: Int, approvers: [String])
    /// A borrower's own manager signs, but the borrower's department is not known.
    case borrowerDepartmentUnknown(person: String, role: String, borrower: String)
    /// The person signs only their own staff's slips, and this borrower works elsewhere.
    case outsideBorrowerDepartment(person: String, role: String, department: String?, borrower: String, borrowerDepartment: String)
    /// A local approver faces a dossier whose department is not known.
    case departmentUnknown(person: String, role: String, others: [String])
    /// The slip's return date passed before the dossier was lent.
    case slipExpired(loan: Int, until: String)
    /// More pages were counted on return than the register has.
    case pagesAboveRegister(item: String, counted: Int, registered: Int)
    /// The dossier is out on another loan.
    case alreadyLent(archiveNumber: String, loan: Int, borrower: String, due: String)
    /// A duty recorded before its window opened: it does not count.
    case outsideWindow(duty: String, opens: String, closes: String)
    /// A duty's record names a value its timer does not ask for.
    case unknownRecordValue(String, duty: String, known: [String])
    /// A duty's record lacks values its timer asks for.
    case recordIncomplete(duty: String, missing: [String])
    /// The action is taken by a command's success (`on="backup"`), never by hand.
    case takenByCommand(action: String, command: String)

    public var description: String {
        switch self {
        case .unknownField(let field, let suggestion, let known):
            return "the workflow has no field '\(field)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "; its fields are \(known.joined(separator: ", "))")
        case .missingFields(let fields):
            return "required field\(fields.count == 1 ? "" : "s") missing: " + fields.map { "--field \($0)=…" }.joined(separator: ", ")
        case .incompleteStart(let fields, let roles):
            return "to start this workflow give " + fields.map { "--field \($0)=…" }.joined(separator: " ") + " and "
                + roles.map { "--assign \($0)=USER" }.joined(separator: " ")
        case .invalidField(let field, let value, let expected):
            return "field \(field)=\"\(value)\" is not \(expected)"
        case .unknownItem(let item, let suggestion, let known):
            let list = known.count <= 8 ? "; its items are \(known.joined(separator: ", "))" : "; see `dossier checklist show` for its \(known.count) items"
            return "the checklist has no item '\(item)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? list)
        case .unknownRole(let role, let known):
            return "the workflow has no role '\(role)'; its roles are \(known.joined(separator: ", "))"
        case .unassignedRoles(let roles):
            return "assign " + roles.map { "--assign \($0)=USER" }.joined(separator: " ") + " to start this workflow"
        case .roleNotAssignable(let role, let binding):
            return "role '\(role)' is not assigned at start (it is bound: \(binding)); leave out --assign \(role)=…"
        case .startsBySchedule(let workflow, let every):
            return "dossiers of \(workflow) start by themselves on its schedule (\(every)); `dossier tick` starts each one when its day comes"
        case .startsByFine(let workflow):
            return "dossiers of \(workflow) start when a manager records a fine whose rule names it (restore=\"\(workflow)\"): `dossier fines record RULE --person USER …`"
        case .restoresNothing(let workflow):
            return "workflow \(workflow) has no role bound=\"fined\" for the person to restore what was lost, so no fine can start it"
        case .unknownFine(let fine, let workflow, let known):
            return "workflow \(workflow) has no fine '\(fine)'" + (known.isEmpty ? " and no fine recorded by hand" : "; the fines recorded by hand are \(known.joined(separator: ", "))")
        case .notRecordable(let fine, let workflow, let violation):
            return "fine '\(fine)' of \(workflow) punishes \(violation), which Dossier assesses by itself; only a rule with record-by=\"…\" is recorded by hand"
        case .amountOutsideRange(let fine, let amount, let least, let most):
            return amount.map { "fine '\(fine)' costs from \(least) to \(most) depending on the case; \($0) is outside that range" }
                ?? "fine '\(fine)' costs from \(least) to \(most) depending on the case: say how much with --amount"
        case .amountFixed(let fine, let amount, let given):
            return "fine '\(fine)' costs \(amount), set by the workflow; leave out --amount \(given)"
        case .ownFine(let person):
            return "\(person) cannot record a fine on themselves; another manager records it"
        case .notDisposable(let reasons):
            return "nothing was destroyed; these may not be destroyed:\n" + reasons.map { "  - \($0)" }.joined(separator: "\n")
        case .notErasable(let customer, let reasons):
            return "nothing of \(customer) was erased; the law and the house rules keep these:\n" + reasons.map { "  - \($0)" }.joined(separator: "\n")
        case .alreadyHeld(let dossier, let reason, let by):
            return "dossier \(dossier) is under a legal hold already, placed by \(by): \(reason)"
        case .notHeld(let dossier):
            return "dossier \(dossier) is under no legal hold"
        case .malformedCorrection(let text):
            return "the changes \"\(text)\" are not written as field=value or pages:item=N, separated by semicolons, each once"
        case .noCertificatesInSafe(let dossier, let list):
            return list.map { "certificate list \($0) of dossier \(dossier) is not in the safe" } ?? "dossier \(dossier) has no certificates in the safe"
        case .custodyRefused(let number, let reason):
            return "\(number) cannot be transferred: \(reason)"
        case .correctionRefused(let number, let problems):
            return "\(number) cannot be corrected so; nothing was changed:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
        case .notScheduled(let workflow):
            return "workflow \(workflow) has no <schedule>, so no dossier of it starts by itself"
        case .unknownStaff(let person):
            return "nobody called '\(person)' is in the staff directory; add them with `dossier staff add \(person) --name … --role …`"
        case .departedStaff(let person):
            return "\(person) has left and can neither act nor be assigned; choose a current member of staff"
        case .lacksStaffRole(let person, let role, let needs):
            return "\(person) cannot be '\(role)': that role needs staff role \(needs.joined(separator: " or ")), and \(person) has none of them"
        case .fourEyes(let person, let role, let otherRole):
            return "four-eyes: \(person) cannot be both '\(role)' and '\(otherRole)' in one dossier; assign another person"
        case .fourEyesItem(let person, let item):
            return "four-eyes: \(person) recorded item '\(item)' and cannot also verify it; another person checks it"
        case .finished(let dossier, let state):
            return "dossier \(dossier) is finished (state '\(state)'); nothing more can be done with it"
        case .taskClosed(let task, let current):
            return "task \(task) is closed" + (current.map { "; the dossier's open task is now \($0)" } ?? "")
        case .unknownAction(let action, let state, let available):
            return "'\(action)' is not an action of state '\(state)'; the actions are \(available.joined(separator: ", "))"
        case .notYourTask(let person, let action, let roles, let holders):
            return "\(person) cannot take '\(action)': it is for \(zip(roles, holders).map { "\($0) (\($1))" }.joined(separator: " or ")); only they can take it"
        case .guardsUnmet(let action, let missing):
            return "'\(action)' is not possible yet:\n" + missing.map { "  - \($0)" }.joined(separator: "\n")
        case .noteRequired(let action):
            return "'\(action)' needs a note saying why: add --note \"…\""
        case .alreadySigned(let person, let action, let role):
            return "\(person) has already signed '\(action)' as \(role); the other signatures must come from other people"
        case .awaitingSignOff(let action, let waiting):
            return "'\(action)' still waits for the sign-off of \(waiting.joined(separator: " and ")); they sign with `dossier task advance` too"
        case .notExtendable(let message):
            return message
        case .calendar(let message):
            return message
        case .timeGoesBackwards(let message):
            return message
        case .noCertificates(let workflow):
            return "workflow \(workflow) keeps no title certificates (it has no <certificates> section)"
        case .unknownCertificateKind(let kind, let suggestion, let known):
            return "the workflow has no certificate kind '\(kind)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "; its kinds are \(known.joined(separator: ", "))")
        case .duplicateCertificate(let kind, let number, let list):
            return "\(kind) \(number) is already on certificate list \(list) of this dossier; a certificate is handed over once"
        case .certificateNotOnDraft(let number, let draft):
            return draft.map { "certificate \(number) is not on draft list \($0); `dossier certificates show` lists it" }
                ?? "there is no draft certificate list, so nothing can be removed from one; handed-over lists never change"
        case .notALendingWorkflow(let workflow):
            return "workflow \(workflow) has no <lending> rules and <confidentiality> levels, so it cannot run a loan; borrow through the borrow workflow"
        case .readingRoomOnly(let number, let level):
            return "\(number) is \(level): it may be read in the office only, never taken away; ask without --take-away"
        case .loanTooLong(let until, let latest, let maximum):
            return "a loan runs at most \(maximum): return by \(latest) at the latest, not \(until)"
        case .notAnApprover(let person, let level, let approvers, let subject):
            return "\(person) cannot approve this \(subject): a \(level) dossier's \(subject) is approved by \(approvers.joined(separator: " or "))"
        case .outsideDepartment(let person, let role, let department, let dossierDepartment):
            return "\(person) is \(role) of \(department ?? "no department") and approves only for that department; this dossier belongs to \(dossierDepartment), whose \(role) approves"
        case .sameDayReturn(let items, let today, let until):
            return "\(items.joined(separator: ", ")) must come back the same day it goes out: borrow it --until \(today), not \(until), or leave it off the slip"
        case .notRenewable(let reason):
            return reason
        case .notTheStepsApprover(let person, let level, let step, let of, let approvers):
            return "\(person) cannot sign this slip now: a \(level)-level dossier's slip is approved in \(of) steps, and step \(step) is signed by \(approvers.joined(separator: " or "))"
        case .borrowerDepartmentUnknown(let person, let role, let borrower):
            return "\(person) is \(role) and signs only their own staff's slips, but \(borrower)'s department is not in the staff directory; give \(borrower) a department, or reject the slip"
        case .outsideBorrowerDepartment(let person, let role, let department, let borrower, let borrowerDepartment):
            return "\(person) is \(role) of \(department ?? "no department") and signs only their own staff's slips; \(borrower) works in \(borrowerDepartment), whose \(role) signs"
        case .departmentUnknown(let person, let role, let others):
            return "\(person) is \(role) and approves only for their own department, but this dossier's department is not known (its handler has none in the staff directory); \(others.joined(separator: " or ")) approves it"
        case .slipExpired(let loan, let until):
            return "loan \(loan)'s slip runs until \(until), which has passed, so it would be overdue the moment it went out; reject it and fill in a new slip"
        case .pagesAboveRegister(let item, let counted, let registered):
            return "\(item) was counted with \(counted) pages, but the register has \(registered): count it again"
        case .alreadyLent(let number, let loan, let borrower, let due):
            return "\(number) is out on loan \(loan) to \(borrower), due back by \(due); lend it when it is back (see `dossier custody \(number)`)"
        case .outsideWindow(let duty, let opens, let closes):
            return "\(duty) cannot be recorded yet: its window opens \(opens) and closes at \(closes), and a record made before it opens does not count; record it then"
        case .unknownRecordValue(let value, let duty, let known):
            return "\(duty) records no '\(value)'" + (known.isEmpty ? "; it takes only a --note" : "; it records " + known.map { "--field \($0)=…" }.joined(separator: ", "))
        case .recordIncomplete(let duty, let missing):
            return "recording \(duty) needs " + missing.map { "--field \($0)=…" }.joined(separator: ", ")
        case .takenByCommand(let action, let command):
            return "'\(action)' is not taken by hand: it is done when you run `\(command)`, which records it on this task"
        case .noDraftCertificateList(let dossier):
            return "dossier \(dossier) has no certificate list waiting for signatures; add certificates first with `dossier certificates add \(dossier) KIND --number N`"
        }
    }
}
