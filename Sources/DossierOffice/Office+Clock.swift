import DossierStore
import Foundation

/// `dossier clock`: the time a store acts at.
extension Office {
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
