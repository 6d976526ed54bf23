import DossierStore
import Foundation

/// `dossier clock`: the time a store acts at.
extension Office {
    /// The moment a command or request acts at, and whether it is recorded exactly (`given`):
    /// the time given (`--at`, `Dossier-Simulated-Time`), else a simulation store's own clock,
    /// else the clock.
    package static func actingMoment(store: any DossierStore, isSimulation: Bool, given: Date?) throws -> (time: Date, isGiven: Bool) {
        if let given { return (given, true) }
        if isSimulation, let clock = try store.clock() { return (clock, true) }
        return (Date(), false)
    }

    /// The time the store acts at: a simulation store's own clock (its last event, or the moment
    /// it was set to), a production store's the clock.
    package func clockTime() throws -> Date {
        guard isSimulation else { return time }
        return try store.clock() ?? time
    }

    /// Moves a simulation store's clock on to `moment`; anyone on the staff may, never backwards.
    package func setClock(to moment: Date) throws -> Date {
        _ = try actor()
        guard isSimulation else {
            throw OfficeError.refused("this production store keeps the real clock; only a simulation store's clock can be set")
        }
        return try store.setClock(to: moment)
    }
}
