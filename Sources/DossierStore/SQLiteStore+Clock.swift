import Foundation
import GRDB

/// A simulation store's own clock (`dossier clock`): commands without `--at` act at it, so a
/// simulated April stays April until someone moves it on.
extension SQLiteStore {
    /// The store's time: the latest of its last event and the moment its clock was set to;
    /// `nil` while it has neither (a new store, whose first command sets the time it starts at).
    public func clock() throws -> Date? {
        try read { db in try Self.latestMoment(db) }.flatMap(StoredTime.date)
    }

    /// Moves the clock of a simulation store to `moment`, never backwards (a moment before its
    /// last event is refused with `StoreError.timeGoesBackwards`); returns the new time.
    @discardableResult
    public func setClock(to moment: Date) throws -> Date {
        try write { db in
            let time = try Self.settle(.given(moment), db)
            try db.execute(sql: "INSERT INTO simulation_clock (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at",
                           arguments: [StoredTime.text(time)])
            return time
        }
    }
}
