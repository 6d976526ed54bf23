import DossierDefinition
import DossierEngine
import DossierStore
import Foundation

/// Settling fines (paid, or deducted from pay): what a departure does with the leaver's fines
/// before their account is deactivated.
extension Office {
    /// Settles fines with `note`: those numbered `ids`, or every fine of `person` neither
    /// waived nor settled (of months up to `through`, `YYYY-MM`, when given). An administrator
    /// settles, or someone other than the payer named in the payer's open departure (their
    /// successor or supervisor). All of them in one transaction, or none.
    package func settleFines(_ ids: [Int], person: String?, through month: String?, note: String) throws -> [FineSettlement] {
        let actor = try actor()
        let note = note.trimmingCharacters(in: .whitespaces)
        guard !note.isEmpty else { throw OfficeError.invalid("say how the fines were settled with --note, e.g. --note \"deducted from the March pay\"") }
        if let month, month.count != 7 || CalendarDate(iso: month + "-01") == nil {
            throw OfficeError.invalid("--through takes a month written YYYY-MM, not \(month)")
        }
        var chosen: [FineLedger.Entry] = []
        if let person {
            guard ids.isEmpty else { throw OfficeError.invalid("name fines by number or by --person, not both") }
            guard try store.staffMember(person) != nil else { throw Refusal.unknownStaff(person) }
            let settled = try store.settlements(payer: person)
            chosen = try store.fineEntries(payer: person).filter { entry in
                !entry.isWaived && settled[entry.id] == nil && (month.map { entry.occurrence.month <= $0 } ?? true)
            }
            if chosen.isEmpty { throw OfficeError.refused("\(person) has no fine to settle\(month.map { " up to \($0)" } ?? ""); see `dossier fines list --person \(person)`") }
        } else {
            guard !ids.isEmpty else { throw OfficeError.invalid("name the fines to settle by number, or all of one person's with --person USER") }
            chosen = try ids.map { id in
                guard let entry = try store.fineEntry(id) else { throw OfficeError.refused("there is no fine \(id); see `dossier fines list`") }
                return entry
            }
        }
        for payer in Set(chosen.map(\.occurrence.payer)).sorted() where !actor.roles.contains(Self.administratorRole) {
            let departure = try openDeparture(of: payer)
            guard actor.id != payer, departure?.assignments.values.contains(actor.id) == true else {
                throw OfficeError.notPermitted(person: actor.id, what: "settle \(payer)'s fines (an administrator, or the successor or supervisor of their departure)",
                                               needs: [Self.administratorRole])
            }
        }
        return try store.settleFines(chosen.map(\.id), note: note, by: actor.id, at: moment)
    }
}
