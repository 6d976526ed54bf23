import DossierDefinition
import DossierEngine
import DossierStore
import Foundation
import PostgresNIO

/// Scheduled workflows: for each department a workflow runs in, the first day whose occurrence
/// is still to start; each occurrence starts exactly once, whichever server starts it.
extension PostgresStore {
    public func scheduleCursors(workflow: String) throws -> [String: CalendarDate] {
        try readEach { session in
            var cursors: [String: CalendarDate] = [:]
            for row in try session.rows("SELECT scope, next_from FROM schedule_cursor WHERE workflow_id = \(workflow)") {
                let (scope, text) = try row.decode((String, String).self)
                guard let day = CalendarDate(iso: text) else {
                    throw StoreError.unreadable(path: location.description,
                                                reason: "the schedule cursor of \(workflow) (\(scope.isEmpty ? "office" : scope)) holds \"\(text)\", not a date; run `dossier audit verify`")
                }
                cursors[scope] = day
            }
            return cursors
        }
    }

    public func beginSchedule(workflow: String, scope: String, from day: CalendarDate, skippingTo: Bool, at moment: Moment) throws {
        try write { session, head in
            _ = try Self.settle(moment, head: head)
            if skippingTo {
                try session.rows("""
                    UPDATE schedule_cursor SET next_from = \(day.description) WHERE workflow_id = \(workflow) AND scope = \(scope) AND next_from < \(day.description)
                    """)
            } else {
                try session.rows("""
                    INSERT INTO schedule_cursor (workflow_id, scope, next_from) VALUES (\(workflow), \(scope), \(day.description))
                    ON CONFLICT (workflow_id, scope) DO NOTHING
                    """)
            }
        }
    }

    public func startOccurrence(workflow: String, scope: String, day: CalendarDate, at moment: Moment,
                                _ make: (Int, Date) throws -> WorkflowEngine.Step) throws -> (Dossier, TaskSummary?)? {
        try write { session, head in
            let time = try Self.settle(moment, head: head)
            if let text = try session.rows("SELECT next_from FROM schedule_cursor WHERE workflow_id = \(workflow) AND scope = \(scope)").first?
                .decode(String.self), let next = CalendarDate(iso: text), day < next {
                return nil
            }
            let started = try Self.insertStarted(try make(try Self.next("dossier", session), time), at: time, head: &head, session)
            try session.rows("""
                INSERT INTO schedule_cursor (workflow_id, scope, next_from) VALUES (\(workflow), \(scope), \(day.adding(days: 1).description))
                ON CONFLICT (workflow_id, scope) DO UPDATE SET next_from = excluded.next_from
                """)
            return started
        }
    }
}
