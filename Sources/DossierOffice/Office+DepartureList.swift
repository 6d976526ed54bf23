import DossierDefinition
import DossierEngine
import DossierStore
import Foundation

/// A departure dossier as its two printed documents see it: the leaver, the people who sign,
/// and every role handed over since it opened.
struct DepartureRecord {
    var dossier: Dossier
    var definition: WorkflowDefinition
    var leaver: String
    /// The leaver's role in it.
    var leaverRole: String
    /// The roles taken from the leaver since the departure opened, in log order.
    var handedOver: [StoredEvent]
}

extension Office {
    /// Departure dossier `id` with what was handed over in it; refused for any other dossier.
    func departureRecord(_ id: Int) throws -> DepartureRecord {
        let (dossier, engine) = try dossier(id)
        let definition = engine.definition
        guard let role = definition.roles.first(where: { Self.isDeparture(of: $0.id, in: definition) }),
              let leaver = dossier.assignments[role.id] else {
            throw OfficeError.refused("dossier \(id) is not a departure: workflow \(dossier.workflowID) names no leaver "
                                      + "(no transition is guarded by nothing-held:ROLE)")
        }
        let opened = try store.events(dossier: id).first?.sequence ?? 0
        return DepartureRecord(dossier: dossier, definition: definition, leaver: leaver, leaverRole: role.id,
                               handedOver: try store.reassignments(from: leaver, after: opened))
    }

    /// What the departure list (离职交接清单) is printed with: the leaver, the successor and the
    /// supervisor; each role handed over, with both names, when and by whom; what is still held;
    /// the fines to settle; the customers to inform; and each signature with its time. Until all
    /// three have signed it prints as a draft.
    func departureListValues(_ id: Int) throws -> [String: Any] {
        let record = try departureRecord(id)
        let (dossier, definition) = (record.dossier, record.definition)
        let holdings = try lookUpHoldings(of: record.leaver)
        var handedOver: [[String: Any]] = []
        for (index, event) in record.handedOver.enumerated() {
            guard let id = event.dossierID, let moved = try store.dossier(id) else { continue }
            let role = event.details["reassigned"] ?? "?"
            let title = try engine(workflow: moved.workflowID, version: moved.workflowVersion).definition.role(role)?.title ?? role
            handedOver.append([
                "number": index + 1, "dossier": id, "workflow": moved.workflowID, "role": title,
                "archive_number": try store.archiveNumber(of: id) ?? moved.fields["archive-number"] ?? "-",
                "to": event.details["to"] ?? "?", "at": Self.local(event.at), "by": event.actor,
            ])
        }
        var signedAt: [String: String] = [:]
        for event in try store.events(dossier: id) where event.kind == "signed" {
            if let role = event.details["role"] { signedAt[role] = Self.local(event.at) }
        }
        let signing = definition.states.flatMap(\.transitions).first { $0.guards.contains(.nothingHeld(record.leaverRole)) }
        let signers = try (signing?.signOffRoleIDs ?? []).map { role -> [String: Any] in
            var signer: [String: Any] = ["role": definition.role(role)?.title ?? role, "name": try staffName(dossier.assignments[role])]
            if let at = signedAt[role] { signer["signed_at"] = at }
            return signer
        }
        // The leaver's fines still to settle, and those settled since the departure opened.
        let settlements = try store.settlements(payer: record.leaver).filter { $0.value.at >= dossier.startedAt }
        let unsettled = Set(holdings.fines.map(\.priced.entry.id))
        let fines = try FineLedger.price(store.fineEntries(payer: record.leaver))
            .filter { !$0.entry.isWaived && (settlements[$0.entry.id] != nil || unsettled.contains($0.entry.id)) }
        let toSettle = fines.filter { settlements[$0.entry.id] == nil }
        var values: [String: Any] = [
            "dossier": id, "workflow_title": definition.title, "state": definition.state(dossier.stateID)?.title ?? dossier.stateID,
            "opened": Self.local(dossier.startedAt), "printed": Self.local(time),
            "people": try definition.roles.compactMap { role -> [String: Any]? in
                guard let person = dossier.assignments[role.id] else { return nil }
                return ["title": role.title, "person": try staffName(person)]
            },
            "handed_over": handedOver, "handed_over_count": handedOver.count,
            "still_held": holdings.lines.enumerated().map { ["number": $0.offset + 1, "line": $0.element] },
            "fines": fines.map { fine -> [String: Any] in
                let settled = settlements[fine.entry.id].map { "settled \(Self.local($0.at)) by \($0.by): \($0.note)" }
                return ["fine": fine.entry.id, "rule": fine.entry.occurrence.ruleTitle, "month": fine.entry.occurrence.month,
                        "dossier": fine.entry.occurrence.dossierID.map(String.init) ?? "-", "amount": "\(fine.amount)",
                        "status": settled ?? "to settle"]
            },
            "fines_total": "\(fines.reduce(Decimal(0)) { $0 + $1.amount })",
            "fines_to_settle": "\(toSettle.reduce(Decimal(0)) { $0 + $1.amount })",
            "customers": try departureCustomers(record).map(\.customer).joined(separator: ", "),
            "signers": signers,
        ]
        if holdings.isEmpty { values["nothing_held"] = true }
        if !dossier.isFinished { values["draft"] = true }
        return values
    }

    /// What the customer list of a departure is printed with: each customer of a dossier the
    /// leaver held or handed over, with its dossiers and who now looks after each, to be told
    /// who takes over.
    func customerListValues(_ id: Int) throws -> [String: Any] {
        let record = try departureRecord(id)
        let customers = try departureCustomers(record)
        return [
            "dossier": id, "leaver": try staffName(record.leaver), "printed": Self.local(time),
            "count": customers.count,
            "lines": customers.enumerated().map { index, line -> [String: Any] in
                ["number": index + 1, "customer": line.customer,
                 "dossiers": line.dossiers.map { ["dossier": $0.id, "archive_number": $0.archiveNumber ?? "-", "workflow": $0.workflow,
                                                  "now_with": $0.nowWith.joined(separator: ", ")] }]
            },
        ]
    }

    /// The customers of the dossiers the leaver holds or handed over in the departure, in the
    /// order first met, each with those dossiers and who now holds the leaver's former roles.
    private func departureCustomers(_ record: DepartureRecord) throws
        -> [(customer: String, dossiers: [(id: Int, archiveNumber: String?, workflow: String, nowWith: [String])])] {
        var ids: [Int] = []
        for dossier in try store.dossiers(heldBy: record.leaver) where dossier.id != record.dossier.id && !ids.contains(dossier.id) {
            ids.append(dossier.id)
        }
        for event in record.handedOver { if let id = event.dossierID, !ids.contains(id) { ids.append(id) } }
        var lines: [(customer: String, dossiers: [(id: Int, archiveNumber: String?, workflow: String, nowWith: [String])])] = []
        for id in ids {
            guard let dossier = try store.dossier(id), let customer = dossier.fields["customer"], !customer.isEmpty else { continue }
            let roles = Set(record.handedOver.filter { $0.dossierID == id }.compactMap { $0.details["reassigned"] })
                .union(dossier.assignments.filter { $0.value == record.leaver }.map(\.key))
            let nowWith = roles.sorted().compactMap { dossier.assignments[$0] }
            let entry = (id: id, archiveNumber: try store.archiveNumber(of: id), workflow: dossier.workflowID, nowWith: nowWith)
            if let index = lines.firstIndex(where: { $0.customer == customer }) {
                lines[index].dossiers.append(entry)
            } else {
                lines.append((customer, [entry]))
            }
        }
        return lines
    }

    /// `person`'s name as the directory has it, with their login; `-` for nobody.
    func staffName(_ person: String?) throws -> String {
        guard let person else { return "-" }
        guard let member = try store.staffMember(person), !member.name.isEmpty, member.name != person else { return person }
        return "\(member.name) (\(person))"
    }
}
