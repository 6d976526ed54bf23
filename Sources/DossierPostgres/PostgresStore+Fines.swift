import DossierDefinition
import DossierEngine
import DossierStore
import Foundation
import PostgresNIO

/// The fine ledger: read, waived, settled and recorded by hand as on SQLite.
extension PostgresStore {
    // MARK: Reading the ledger

    public func fineEntries(payer: String?) throws -> [FineLedger.Entry] {
        try readEach { session in
            if let payer {
                return try Self.fines(session, "WHERE fine.payer = \(payer) ORDER BY fine.occurred_at, fine.key")
            }
            return try Self.fines(session, "ORDER BY fine.occurred_at, fine.key")
        }
    }

    public func fineEntries(month: String) throws -> [FineLedger.Entry] {
        try readEach { session in try Self.fines(session, "WHERE fine.month = \(month) ORDER BY fine.occurred_at, fine.key") }
    }

    public func fineEntries(payer: String?, month: String) throws -> [FineLedger.Entry] {
        try read { session in
            var sql = try Self.pricingFilter(payer: payer, month: month, session)
            sql.text = "WHERE " + sql.text + " ORDER BY fine.occurred_at, fine.key"
            return try Self.fines(session, sql.query)
        }
    }

    public func fineCharges(payer: String?, month: String) throws -> [FineLedger.Charge] {
        try read { session in
            var sql = try Self.pricingFilter(payer: payer, month: month, session)
            sql.text = """
                SELECT id, payer, month, workflow_id, escalation_scope, base_amount, escalation_from, escalation_factor, cap,
                       CASE WHEN cap IS NULL THEN NULL ELSE key END, waived_at IS NOT NULL
                FROM fine WHERE \(sql.text) ORDER BY occurred_at, key
                """
            return try session.rows(sql.query).map { row in
                let (id, payer, month, workflow, scope, base, from, factor, cap, key, waived) =
                    try row.decode((Int, String, String, String, String, String, Int?, String?, String?, String?, Bool).self)
                return FineLedger.Charge(id: id, payer: payer, month: month, workflowID: workflow, escalationScope: scope,
                                         baseAmount: Decimal(string: base) ?? 0, escalationFromNth: from,
                                         escalationFactor: factor.flatMap { Decimal(string: $0) }, cap: cap.flatMap { Decimal(string: $0) },
                                         violationKey: key.map(FineOccurrence.violationKey(ofKey:)), isWaived: waived)
            }
        }
    }

    public func fineEntries(ids: [Int]) throws -> [FineLedger.Entry] {
        guard !ids.isEmpty else { return [] }
        return try readEach { session in try Self.fines(session, "WHERE fine.id = ANY(\(ids)) ORDER BY fine.occurred_at, fine.key") }
    }

    public func fineEntry(_ id: Int) throws -> FineLedger.Entry? {
        try readEach { session in try Self.fines(session, "WHERE fine.id = \(id)").first }
    }

    public func waiver(of id: Int) throws -> FineWaiver? {
        try readEach { session in
            guard let row = try session.rows("SELECT waived_at, waived_by, waive_reason FROM fine WHERE id = \(id) AND waived_at IS NOT NULL").first else {
                return nil
            }
            let (at, by, reason) = try row.decode((String, String, String).self)
            return FineWaiver(at: StoredTime.date(at) ?? Date(timeIntervalSince1970: 0), by: by, reason: reason)
        }
    }

    /// The settlements of `payer`'s fines, by fine.
    public func settlements(payer: String) throws -> [Int: FineSettlement] {
        try readEach { session in
            var settlements: [Int: FineSettlement] = [:]
            for row in try session.rows("""
                SELECT s.fine_id, s.settled_at, s.settled_by, s.note FROM fine_settlement s JOIN fine ON fine.id = s.fine_id WHERE fine.payer = \(payer)
                """) {
                let (fine, at, by, note) = try row.decode((Int, String, String, String).self)
                settlements[fine] = FineSettlement(fine: fine, at: StoredTime.date(at) ?? Date(timeIntervalSince1970: 0), by: by, note: note)
            }
            return settlements
        }
    }

    /// The fines that price `payer`'s of `month` (everyone's when `nil`), as a condition on
    /// `fine`: that month, and the months in which an earlier repetition of one of its capped
    /// violations fell (repetitions share the key up to `/repetition`, hence a key range).
    private static func pricingFilter(payer: String?, month: String, _ session: Session) throws -> SQL {
        var sql = SQL()
        let whose = payer.map { "fine.payer = \(sql.bind($0)) AND " } ?? ""
        let monthPlaceholder = sql.bind(month)
        let capped = try session.rows(PostgresQuery(unsafeSQL: "SELECT DISTINCT key FROM fine WHERE \(whose)fine.month = \(monthPlaceholder) AND cap IS NOT NULL",
                                                    binds: sql.binds)).map { try $0.decode(String.self) }
        var months: Set<String> = [month]
        for violation in Set(capped.map(FineOccurrence.violationKey(ofKey:))) {
            var range = SQL()
            let who = payer.map { "fine.payer = \(range.bind($0)) AND " } ?? ""
            range.text = "SELECT DISTINCT month FROM fine WHERE \(who)key >= \(range.bind(violation + "/")) AND key < \(range.bind(violation + "0")) AND month < \(range.bind(month))"
            months.formUnion(try session.rows(range.query).map { try $0.decode(String.self) })
        }
        var filter = SQL()
        let who = payer.map { "fine.payer = \(filter.bind($0)) AND " } ?? ""
        filter.text = "\(who)fine.month = ANY(\(filter.bind(months.sorted())))"
        return filter
    }

    /// The ledger's rows with the number of the task each concerns.
    private static let fineColumns = """
        SELECT fine.id, fine.key, fine.dossier_id, fine.task_number, fine.workflow_id, fine.workflow_version, fine.rule_id,
               fine.rule_title, fine.violation, fine.item_id, fine.repetition, fine.payer, fine.payer_role, fine.occurred_at,
               fine.month, fine.due_at, fine.calendar, fine.provisional, fine.base_amount, fine.escalation_from,
               fine.escalation_factor, fine.escalation_scope, fine.cap, fine.reason, fine.waived_at, fine.recorded_by, task.id
        FROM fine LEFT JOIN task ON task.dossier_id = fine.dossier_id AND task.number = fine.task_number
        """

    private static func fines(_ session: Session, _ condition: PostgresQuery) throws -> [FineLedger.Entry] {
        try session.rows(PostgresQuery(unsafeSQL: fineColumns + " " + condition.sql, binds: condition.binds)).map { row in
            let cells = row.makeRandomAccess()
            func text(_ index: Int) throws -> String { try cells[index].decode(String.self) }
            func optionalText(_ index: Int) throws -> String? { try cells[index].decode(String?.self) }
            func number(_ index: Int) throws -> Int? { try cells[index].decode(Int?.self) }
            let rule = FineRule(id: try text(6), title: try text(7), amount: Decimal(string: try text(18)) ?? 0, payer: try text(12),
                                violation: FineRule.Violation(rawValue: try text(8)) ?? .deadlineMissed)
            var fine = FineOccurrence(
                dossierID: try number(2), taskNumber: try number(3), workflowID: try text(4), workflowVersion: try number(5) ?? 0, rule: rule,
                itemID: try optionalText(9), repetition: try number(10) ?? 0, payer: try text(11), payerRole: try text(12),
                occurredAt: StoredTime.date(try text(13)) ?? Date(timeIntervalSince1970: 0), month: try text(14),
                dueAt: try optionalText(15).flatMap(StoredTime.date), calendar: try optionalText(16),
                isProvisional: try cells[17].decode(Bool.self), reason: try text(23))
            fine.key = try text(1)
            fine.escalationFromNth = try number(19)
            fine.escalationFactor = try optionalText(20).flatMap { Decimal(string: $0) }
            fine.escalationScope = try text(21)
            fine.cap = try optionalText(22).flatMap { Decimal(string: $0) }
            fine.recordedBy = try optionalText(25)
            return FineLedger.Entry(id: try number(0) ?? 0, occurrence: fine, isWaived: try optionalText(24) != nil, task: try number(26))
        }
    }

    // MARK: Writing

    public func waiveFine(_ id: Int, reason: String, by actor: String, at moment: Moment) throws {
        try write { session, head in
            let time = try Self.settle(moment, head: head)
            guard let row = try session.rows("SELECT dossier_id, task_number, waived_at, waived_by, rule_id, payer FROM fine WHERE id = \(id)").first else {
                throw StoreError.notFound("there is no fine \(id); see `dossier fines list`")
            }
            let (dossier, task, waivedAt, waivedBy, rule, payer) = try row.decode((Int?, Int?, String?, String?, String, String).self)
            if let waivedAt, let date = StoredTime.date(waivedAt) {
                throw StoreError.alreadyDone("fine \(id) was already waived by \(waivedBy ?? "?") at \(StoredTime.text(date))")
            }
            try session.rows("UPDATE fine SET waived_at = \(StoredTime.text(time)), waived_by = \(actor), waive_reason = \(reason) WHERE id = \(id)")
            let event = DossierEvent(kind: .fineWaived, actor: actor, at: time, taskNumber: task, note: reason,
                                     details: ["fine": String(id), "rule": rule, "payer": payer])
            try Self.append([(dossier, try Self.taskID(dossier, task, session), event)], head: &head, session)
        }
    }

    /// Settles each fine of `ids` (neither waived nor settled before), by `actor` with `note`,
    /// each an event, all in one transaction: all of them, or none.
    public func settleFines(_ ids: [Int], note: String, by actor: String, at moment: Moment) throws -> [FineSettlement] {
        try write { session, head in
            let time = try Self.settle(moment, head: head)
            return try ids.map { id in
                guard let row = try session.rows("""
                    SELECT fine.dossier_id, fine.task_number, fine.waived_at, fine.rule_id, fine.payer, s.settled_by, s.settled_at
                    FROM fine LEFT JOIN fine_settlement s ON s.fine_id = fine.id WHERE fine.id = \(id)
                    """).first else {
                    throw StoreError.notFound("there is no fine \(id); see `dossier fines list`")
                }
                let (dossier, task, waived, rule, payer, settledBy, settledAt) = try row.decode((Int?, Int?, String?, String, String, String?, String?).self)
                if waived != nil { throw StoreError.alreadyDone("fine \(id) was waived; nothing is left to settle") }
                if let settledBy { throw StoreError.alreadyDone("fine \(id) was already settled by \(settledBy) at \(settledAt ?? "?"); nothing changed") }
                try session.rows("INSERT INTO fine_settlement (fine_id, settled_at, settled_by, note) VALUES (\(id), \(StoredTime.text(time)), \(actor), \(note))")
                let event = DossierEvent(kind: .fineSettled, actor: actor, at: time, taskNumber: task, note: note,
                                         details: ["fine": String(id), "rule": rule, "payer": payer])
                try Self.append([(dossier, try Self.taskID(dossier, task, session), event)], head: &head, session)
                return FineSettlement(fine: id, at: time, by: actor, note: note)
            }
        }
    }

    public func recordFine(at moment: Moment, _ make: (Date) throws -> FineOccurrence,
                           restoration: ((Int, Date, Int) throws -> WorkflowEngine.Step)?) throws -> RecordedFine {
        try write { session, head in
            let time = try Self.settle(moment, head: head)
            let fine = try make(time)
            guard let id = try Self.insert(fine, assessedAt: StoredTime.text(time), session) else {
                throw StoreError.alreadyDone("this fine was recorded a moment ago (\(fine.key)); see `dossier fines list --person \(fine.payer)`")
            }
            head.fines.note(id)
            var details = ["fine": String(id), "rule": fine.ruleID, "payer": fine.payer, "amount": "\(fine.baseAmount)",
                           "workflow": "\(fine.workflowID)@\(fine.workflowVersion)"]
            if let dossier = fine.dossierID { details["dossier"] = String(dossier) }
            let event = DossierEvent(kind: .fineRecorded, actor: fine.recordedBy ?? "?", at: time, note: fine.reason, details: details)
            try Self.append([(fine.dossierID, nil, event)], head: &head, session)
            guard let restoration else { return RecordedFine(fine: id, restoration: nil, task: nil) }
            let (dossier, task) = try Self.insertStarted(try restoration(try Self.next("dossier", session), time, id), at: time,
                                                         head: &head, session)
            return RecordedFine(fine: id, restoration: dossier, task: task)
        }
    }

    /// The id of task `number` of `dossier`, when both are given and the task exists.
    static func taskID(_ dossier: Int?, _ number: Int?, _ session: Session) throws -> Int? {
        guard let dossier, let number else { return nil }
        return try session.rows("SELECT id FROM task WHERE dossier_id = \(dossier) AND number = \(number)").first?.decode(Int.self)
    }

    // MARK: Reports

    public func deadlineTally(within periods: [Range<Date>], passedBy now: Date) throws -> [DeadlineTally] {
        guard let first = periods.map(\.lowerBound).min(), let last = periods.map(\.upperBound).max() else { return [] }
        // Each task counted in the first period that holds its due moment; stored moments sort as text.
        var sql = SQL()
        var buckets: [String] = []
        for (index, period) in periods.enumerated() {
            buckets.append("WHEN due_at >= \(sql.bind(StoredTime.text(period.lowerBound))) AND due_at < \(sql.bind(StoredTime.text(period.upperBound))) THEN \(index)")
        }
        sql.text = """
            SELECT period, person, workflow_id, workflow_version, state_id, COUNT(*), COUNT(*) FILTER (WHERE closed_at IS NOT NULL AND closed_at <= due_at)
            FROM (SELECT CASE \(buckets.joined(separator: " ")) END AS period, COALESCE(assignee, closed_by) AS person, workflow_id, workflow_version,
                         state_id, closed_at, due_at
                  FROM task
                  WHERE due_at >= \(sql.bind(StoredTime.text(first))) AND due_at < \(sql.bind(StoredTime.text(last)))
                    AND (due_at <= \(sql.bind(StoredTime.text(now))) OR closed_at IS NOT NULL) AND COALESCE(assignee, closed_by) IS NOT NULL) AS t
            WHERE period IS NOT NULL
            GROUP BY 1, 2, 3, 4, 5
            """
        return try readEach { session in
            try session.rows(sql.query).map { row in
                let (period, person, workflow, version, state, deadlines, met) = try row.decode((Int, String, String, Int, String, Int, Int).self)
                return DeadlineTally(period: period, person: person, workflowID: workflow, workflowVersion: version, stateID: state,
                                     deadlines: deadlines, met: met)
            }
        }
    }
}
