import DossierDefinition
import DossierEngine
import DossierStore
import Foundation

/// What erasing a customer did.
package struct CustomerErasureReport: Sendable, Hashable {
    package var customer: String
    /// The dossiers whose personal fields now read as erased, by number.
    package var dossiers: [Int]
    /// How many keys were destroyed.
    package var keys: Int
    /// The sentence the erased fields read as.
    package var erasedAs: String
    /// Whether the store's journal was emptied at once (see ``CustomerErasure/journalEmptied``).
    package var journalEmptied: Bool
}

/// The customer's right to have their data erased (删除), without breaking the audit chain:
/// their personal fields were sealed under keys of their own, and erasing them destroys the keys
/// (crypto-shredding). The log keeps every event and its hash; the values read as erased.
extension Office {
    /// Erases `customer` at their written request `request`: an administrator's act. Refused,
    /// with every reason and nothing erased, while any of the customer's dossiers must keep
    /// the data (running, under its retention or a legal hold, on loan, with certificates in the
    /// safe, with duties owed), or keeps it unsealed (its workflow version marks no field
    /// personal, so destroying a key would not erase it).
    package func eraseCustomer(_ customer: String, request: String) throws -> CustomerErasureReport {
        let actor = try requireStaffRole(Self.administratorRole, for: "erase a customer's data")
        let request = request.trimmingCharacters(in: .whitespaces)
        guard !request.isEmpty else { throw OfficeError.invalid("say which written request this erasure answers with --request, e.g. --request 2026-007") }
        let dossiers = try store.dossiers(ofCustomer: customer)
        guard !dossiers.isEmpty else {
            throw OfficeError.refused("no dossier names customer \(customer); `dossier customer export NAME` shows what is stored about a customer")
        }
        var reasons: [String] = []
        for dossier in dossiers {
            let engine = try engine(workflow: dossier.workflowID, version: dossier.workflowVersion)
            let registration = try store.registration(of: dossier.id).map { try registeredSubject(dossier, registered: $0) }
            reasons += engine.erasureObstacles(dossier, registration: registration, at: time)
            if engine.definition.personalFieldIDs.isEmpty {
                reasons.append("dossier \(dossier.id) (\(dossier.workflowID) version \(dossier.workflowVersion)) keeps its fields unsealed: that version marks no field personal=\"true\"")
            }
        }
        if !reasons.isEmpty { throw Refusal.notErasable(customer: customer, reasons) }
        let day = Self.localTime.date(of: time).description
        let erased = try store.eraseCustomer(dossiers: dossiers.map { ($0.id, $0.revision) }, request: request, on: day, by: actor.id, at: moment)
        return CustomerErasureReport(customer: customer, dossiers: erased.dossiers, keys: erased.keys,
                                     erasedAs: "erased on \(day) by \(actor.id) under request \(request)", journalEmptied: erased.journalEmptied)
    }
}
