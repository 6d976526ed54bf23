import DossierDefinition
import DossierEngine
import DossierStore
import Foundation

/// What a person still holds in the office, as their departure lists it (离职交接清单).
package struct Holdings: Sendable, Hashable {
    /// A role the person holds in one dossier.
    package struct Part: Sendable, Hashable {
        package var dossier: Int
        package var workflow: String
        package var role: String
        package var state: String
        package var archiveNumber: String?
        /// Whether only duties (follow-up calls) keep it: the dossier itself is filed.
        package var dutiesOnly: Bool
    }

    /// Whose holdings these are.
    package var person: String
    /// Roles in running dossiers, or in filed ones with duties still to do: transferred to a successor.
    package var roles: [Part]
    /// Loans out to them: returned.
    package var loans: [Part]
    /// Title certificates in their keeping: handed to another keeper.
    package var certificates: [SafeCertificate]
    /// Their fines neither waived nor settled: settled before they leave (`dossier fines settle`).
    package var fines: [PricedFine]
    /// The customers of the dossiers they worked on, to be told who takes over.
    package var customers: [String]

    /// One sentence per thing that keeps the person from leaving.
    package var lines: [String] {
        roles.map { part in
            "role \(part.role) in dossier \(part.dossier) (\(part.workflow), \(part.state)\(part.archiveNumber.map { ", \($0)" } ?? ""))"
                + (part.dutiesOnly ? ", for its duties still to do" : "") + ": `dossier staff transfer \(person)`"
        } + loans.map { "loan \($0.dossier) of \($0.archiveNumber ?? "a dossier") (\($0.state)): return it" }
            + certificates.map { "certificate \($0.kind) \($0.number) of \($0.archiveNumber ?? "dossier \($0.dossierID)") in their keeping" }
            + fines.map { fine in
                let occurrence = fine.priced.entry.occurrence
                return "fine \(fine.priced.entry.id) of \(fine.priced.amount) (\(occurrence.ruleID), \(occurrence.month)) to settle: `dossier fines settle \(fine.priced.entry.id) --note …`"
            }
    }

    /// Whether nothing keeps the person from leaving.
    package var isEmpty: Bool { roles.isEmpty && loans.isEmpty && certificates.isEmpty && fines.isEmpty }
}

/// A role handed from a leaver to their successor.
package struct Transfer: Sendable, Hashable {
    package var dossier: Int
    package var workflow: String
    package var role: String
    package var from: String
    package var to: String
}

extension Office {
    /// The workflow a departure runs on.
    package static let departureWorkflow = "departure"

    /// What `person` still holds: roles in running dossiers (and in filed ones whose duties
    /// they still owe), loans out to them, certificates they keep, fines not waived, and the
    /// customers to inform. A departure dossier of theirs is not among what they hold. Read by
    /// the person, an administrator, or someone in their departure.
    package func holdings(of person: String) throws -> Holdings {
        let actor = try actor()
        guard try store.staffMember(person) != nil else { throw Refusal.unknownStaff(person) }
        if actor.id != person, !actor.roles.contains(Self.administratorRole),
           try openDeparture(of: person)?.assignments.values.contains(actor.id) != true {
            throw OfficeError.notPermitted(person: actor.id, what: "see what \(person) holds", needs: [Self.administratorRole])
        }
        return try lookUpHoldings(of: person)
    }

    /// What `person` holds, without asking who may see it.
    func lookUpHoldings(of person: String) throws -> Holdings {
        var holdings = Holdings(person: person, roles: [], loans: [], certificates: [], fines: [], customers: [])
        for dossier in try store.dossiers(heldBy: person) {
            let engine = try engine(workflow: dossier.workflowID, version: dossier.workflowVersion)
            if let customer = dossier.fields["customer"], !customer.isEmpty, !holdings.customers.contains(customer) {
                holdings.customers.append(customer)
            }
            let number = try store.archiveNumber(of: dossier.id) ?? dossier.fields["archive-number"]
            for (role, holder) in dossier.assignments.sorted(by: { $0.key < $1.key }) where holder == person {
                if Self.isDeparture(of: role, in: engine.definition) { continue }
                let duties = dossier.duties.values.contains { ($0.isOpen || $0.isScheduled) && $0.roleID == role }
                guard !dossier.isFinished || duties else { continue }
                let part = Holdings.Part(dossier: dossier.id, workflow: dossier.workflowID, role: role, state: dossier.stateID,
                                         archiveNumber: number, dutiesOnly: dossier.isFinished)
                if engine.definition.lending != nil, engine.definition.role(role)?.binding == .starter {
                    holdings.loans.append(part)
                } else {
                    holdings.roles.append(part)
                }
            }
        }
        holdings.certificates = try store.certificates(.inSafe, dossier: nil).filter { $0.keeper == person }
        let settled = try store.settlements(payer: person)
        holdings.fines = try FineLedger.price(store.fineEntries(payer: person)).filter { !$0.entry.isWaived && settled[$0.entry.id] == nil }
            .map { PricedFine(priced: $0, waiver: nil) }
        return holdings
    }

    /// Whether `role` is the leaver's in a departure: a transition of the workflow waits until
    /// its holder holds nothing.
    static func isDeparture(of role: String, in definition: WorkflowDefinition) -> Bool {
        definition.states.contains { state in state.transitions.contains { $0.guards.contains(.nothingHeld(role)) } }
    }

    /// Who a departure names, by the order its workflow declares its roles assigned at start:
    /// the successor first, then the supervisor.
    func departurePeople(of departure: Dossier) throws -> (successor: String?, supervisor: String?) {
        let definition = try engine(workflow: departure.workflowID, version: departure.workflowVersion).definition
        let others = definition.roles.filter { !Self.isDeparture(of: $0.id, in: definition) && $0.binding == .atStart }
            .compactMap { departure.assignments[$0.id] }
        return (others.first, others.dropFirst().first)
    }

    /// `person`'s running departure dossier, if one is open.
    func openDeparture(of person: String) throws -> Dossier? {
        try store.dossiers(heldBy: person).first { dossier in
            guard !dossier.isFinished, let definition = try? engine(workflow: dossier.workflowID, version: dossier.workflowVersion).definition
            else { return false }
            return dossier.assignments.contains { $0.value == person && Self.isDeparture(of: $0.key, in: definition) }
        }
    }

    /// Opens `person`'s departure (离职交接): a dossier of the departure workflow with the
    /// leaver, the `successor` who takes over and the `supervisor` who receives the list (the
    /// acting administrator when none is named). Only an administrator opens one, once.
    package func depart(_ person: String, successor: String, supervisor: String?) throws -> (Dossier, TaskSummary?, Holdings) {
        let actor = try requireStaffRole(Self.administratorRole, for: "open a departure")
        if let open = try openDeparture(of: person) {
            throw OfficeError.refused("\(person)'s departure is already open as dossier \(open.id); see `dossier staff holdings \(person)`")
        }
        let engine = try engine(workflow: Self.departureWorkflow)
        guard let leaver = engine.definition.roles.first(where: { Self.isDeparture(of: $0.id, in: engine.definition) }) else {
            throw OfficeError.refused("workflow \(Self.departureWorkflow) has no transition guarded by nothing-held:ROLE, so it names no leaver")
        }
        let others = engine.definition.roles.filter { $0.id != leaver.id && $0.binding == .atStart }.map(\.id)
        var assignments = [leaver.id: person]
        for (role, holder) in zip(others, [successor, supervisor ?? actor.id]) { assignments[role] = holder }
        let staff = try staff(assignments.values)
        let (dossier, task) = try store.startDossier(at: moment) { id, time in
            try engine.start(id: id, fields: [:], assignments: assignments, actor: actor, staff: staff, at: time)
        }
        return (dossier, task, try lookUpHoldings(of: person))
    }

    /// Hands every role `person` holds (in running dossiers, and in filed ones whose duties
    /// they owe) to `successor` — by default their departure's successor — or only those in
    /// `dossierID`. Each is a reassignment on its dossier, with both names in its history;
    /// four-eyes still holds. Every transfer is checked before any is made: if one is refused,
    /// none is made. Loans are returned, not transferred. An administrator or the departure's
    /// supervisor transfers.
    package func transfer(from person: String, to successor: String?, dossier dossierID: Int?) throws -> [Transfer] {
        let actor = try actor()
        let departure = try openDeparture(of: person)
        let people = try departure.map { try departurePeople(of: $0) }
        if !actor.roles.contains(Self.administratorRole), actor.id != people?.supervisor {
            throw OfficeError.notPermitted(person: actor.id, what: "transfer what \(person) holds", needs: [Self.administratorRole])
        }
        guard let receiver = successor ?? people?.successor else {
            throw OfficeError.invalid("name who takes over with --to USER, or open \(person)'s departure with `dossier staff depart \(person) --successor USER`")
        }
        let holdings = try lookUpHoldings(of: person)
        let parts = holdings.roles.filter { dossierID == nil || $0.dossier == dossierID }
        if let dossierID, parts.isEmpty {
            throw OfficeError.refused("\(person) holds no role to transfer in dossier \(dossierID)")
        }
        let staff = try staff([person, receiver])
        var steps: [(WorkflowEngine.Step, readAt: Int, Transfer)] = []
        var refused: [String] = []
        for part in parts {
            guard let dossier = try store.dossier(part.dossier) else { throw OfficeError.noDossier(part.dossier) }
            let engine = try engine(workflow: dossier.workflowID, version: dossier.workflowVersion)
            do {
                let step = try engine.reassign(dossier, role: part.role, to: receiver, reason: "\(person) leaves; \(receiver) takes over",
                                               actor: actor, staff: staff, at: time)
                steps.append((step, dossier.revision, Transfer(dossier: dossier.id, workflow: dossier.workflowID, role: part.role, from: person, to: receiver)))
            } catch {
                refused.append("dossier \(part.dossier) (\(part.role)): \(error)")
            }
        }
        if !refused.isEmpty {
            throw OfficeError.refused("nothing was transferred; these cannot go to \(receiver) (name another with --to USER and --dossier N):\n"
                + refused.map { "  - \($0)" }.joined(separator: "\n"))
        }
        for (step, revision, _) in steps { _ = try store.commit(step, readAt: revision, at: moment, archiveNumbers: nil) }
        return steps.map(\.2)
    }

    /// Deactivates `person`, who has left: only an administrator, only once their departure is
    /// signed and they hold nothing. Refused with what they still hold.
    package func deactivate(_ person: String, reason: String) throws {
        let actor = try requireStaffRole(Self.administratorRole, for: "deactivate staff")
        guard try store.staffMember(person) != nil else { throw Refusal.unknownStaff(person) }
        guard person != actor.id else { throw OfficeError.refused("\(actor.id) cannot deactivate themselves; another administrator does") }
        let holdings = try lookUpHoldings(of: person)
        if !holdings.isEmpty {
            throw OfficeError.refused("\(person) still holds:\n" + holdings.lines.map { "  - \($0)" }.joined(separator: "\n")
                + "\ntransfer, return or hand these over first")
        }
        let departures = try store.dossiers(heldBy: person).filter { dossier in
            (try? engine(workflow: dossier.workflowID, version: dossier.workflowVersion)).map { engine in
                dossier.assignments.contains { $0.value == person && Self.isDeparture(of: $0.key, in: engine.definition) }
            } ?? false
        }
        guard let signed = departures.last, signed.isFinished else {
            throw OfficeError.refused(departures.last.map { "\(person)'s departure (dossier \($0.id)) is not signed yet: the leaver, the successor and the supervisor sign it with `dossier task advance`" }
                ?? "\(person) has no departure: open it with `dossier staff depart \(person) --successor USER`, and deactivate once it is signed")
        }
        try store.deactivateStaff(person, reason: reason, by: actor.id, at: moment)
    }
}
