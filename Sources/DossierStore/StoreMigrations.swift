import Crypto
import Foundation
import GRDB

/// The store's format, as an ordered list of named migrations. A migration is never edited
/// once released; changes come as new migrations.
enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-store-and-definitions") { db in
            try db.create(table: "store_info") { table in
                table.column("id", .integer).primaryKey().check { $0 == 1 }
                table.column("mode", .text).notNull().check { ["simulation", "production"].contains($0) }
                table.column("created_at", .datetime).notNull()
            }
            try db.create(table: "definition_version") { table in
                table.column("kind", .text).notNull().check { ["workflow", "calendar"].contains($0) }
                table.column("definition_id", .text).notNull()
                table.column("version", .integer).notNull().check { $0 >= 1 }
                table.column("title", .text).notNull()
                table.column("content_sha256", .text).notNull()
                table.column("source", .text).notNull()
                table.column("deployed_at", .datetime).notNull()
                table.primaryKey(["kind", "definition_id", "version"])
            }
        }
        migrator.registerMigration("v2-staff-dossiers-tasks-events") { db in
            try db.create(table: "staff") { table in
                table.column("id", .text).primaryKey()
                table.column("name", .text).notNull()
                table.column("roles", .text).notNull()
                table.column("department", .text)
                table.column("active", .boolean).notNull().defaults(to: true)
                table.column("added_at", .text).notNull()
            }
            try db.create(table: "dossier") { table in
                table.column("id", .integer).primaryKey()
                table.column("workflow_id", .text).notNull()
                table.column("workflow_version", .integer).notNull()
                table.column("state_id", .text).notNull()
                table.column("finished", .boolean).notNull()
                table.column("started_at", .text).notNull()
                table.column("updated_at", .text).notNull()
                table.column("revision", .integer).notNull()
                table.column("snapshot", .text).notNull()
            }
            try db.create(index: "dossier_by_workflow_version", on: "dossier", columns: ["workflow_id", "workflow_version"])
            try db.create(table: "task") { table in
                table.column("id", .integer).primaryKey(autoincrement: true)
                table.column("dossier_id", .integer).notNull().references("dossier")
                table.column("number", .integer).notNull()
                table.column("workflow_id", .text).notNull()
                table.column("workflow_version", .integer).notNull()
                table.column("state_id", .text).notNull()
                table.column("role_id", .text)
                table.column("assignee", .text)
                table.column("opened_at", .text).notNull()
                table.column("due_at", .text)
                table.column("closed_at", .text)
                table.column("closed_by", .text)
                table.column("action", .text)
                table.uniqueKey(["dossier_id", "number"])
            }
            // Open tasks are found through partial indexes: their cost follows what is open, not
            // every task ever created.
            try db.execute(sql: """
                CREATE INDEX task_open_by_role ON task(role_id, opened_at) WHERE closed_at IS NULL;
                CREATE INDEX task_open_by_assignee ON task(assignee, opened_at) WHERE closed_at IS NULL;
                CREATE INDEX task_open_by_due ON task(due_at) WHERE closed_at IS NULL AND due_at IS NOT NULL;
                CREATE INDEX task_open_by_opened ON task(opened_at) WHERE closed_at IS NULL;
                """)
            try db.create(table: "event") { table in
                table.column("seq", .integer).primaryKey()
                table.column("dossier_id", .integer)
                table.column("task_id", .integer)
                table.column("at", .text).notNull()
                table.column("actor", .text).notNull()
                table.column("kind", .text).notNull()
                table.column("action", .text)
                table.column("from_state", .text)
                table.column("to_state", .text)
                table.column("note", .text)
                table.column("details", .text).notNull()
                table.column("prev_hash", .text).notNull()
                table.column("hash", .text).notNull()
            }
            try db.create(index: "event_by_dossier", on: "event", columns: ["dossier_id", "seq"])
            try db.create(table: "chain_head") { table in
                table.column("id", .integer).primaryKey().check { $0 == 1 }
                table.column("seq", .integer).notNull()
                table.column("hash", .text).notNull()
                table.column("at", .text)
            }
            try db.execute(sql: "INSERT INTO chain_head (id, seq, hash, at) VALUES (1, 0, ?, NULL)", arguments: [EventChain.genesis])
            try db.create(table: "archive_sequence") { table in
                table.column("scope", .text).primaryKey()
                table.column("last", .integer).notNull()
            }
            try db.create(table: "archive_number") { table in
                table.column("dossier_id", .integer).primaryKey().references("dossier")
                table.column("number", .text).notNull().unique()
                table.column("workflow_id", .text).notNull()
                table.column("assigned_at", .text).notNull()
            }
        }
        migrator.registerMigration("v3-deadline-pins-and-fine-ledger") { db in
            // A working-day deadline keeps the calendar version it was counted on; the sweep
            // finds what needs assessing through fine_next_at, the moment a task's lateness next
            // changes (its due moment, then each repetition).
            try db.alter(table: "task") { table in
                table.add(column: "due_calendar", .text)
                table.add(column: "due_provisional", .boolean).notNull().defaults(to: false)
                table.add(column: "fine_next_at", .text)
                table.add(column: "overdue_since", .text)
            }
            try db.execute(sql: """
                UPDATE task SET fine_next_at = due_at WHERE closed_at IS NULL AND due_at IS NOT NULL;
                CREATE INDEX task_open_by_fine_check ON task(fine_next_at) WHERE closed_at IS NULL AND fine_next_at IS NOT NULL;
                """)
            try db.create(table: "fine") { table in
                table.column("id", .integer).primaryKey(autoincrement: true)
                table.column("key", .text).notNull().unique()
                table.column("dossier_id", .integer).notNull().references("dossier")
                table.column("task_number", .integer)
                table.column("workflow_id", .text).notNull()
                table.column("workflow_version", .integer).notNull()
                table.column("rule_id", .text).notNull()
                table.column("rule_title", .text).notNull()
                table.column("violation", .text).notNull()
                table.column("item_id", .text)
                table.column("repetition", .integer).notNull()
                table.column("payer", .text).notNull()
                table.column("payer_role", .text).notNull()
                table.column("occurred_at", .text).notNull()
                table.column("month", .text).notNull()
                table.column("due_at", .text)
                table.column("calendar", .text)
                table.column("provisional", .boolean).notNull()
                table.column("base_amount", .text).notNull()
                table.column("escalation_from", .integer)
                table.column("escalation_factor", .text)
                table.column("escalation_scope", .text).notNull()
                table.column("cap", .text)
                table.column("reason", .text).notNull()
                table.column("assessed_at", .text).notNull()
                table.column("waived_at", .text)
                table.column("waived_by", .text)
                table.column("waive_reason", .text)
            }
            try db.create(index: "fine_by_payer", on: "fine", columns: ["payer", "occurred_at"])
            try db.create(index: "fine_by_month", on: "fine", columns: ["month"])
            try db.create(index: "fine_by_dossier", on: "fine", columns: ["dossier_id"])
        }
        migrator.registerMigration("v4-certificates") { db in
            // Title certificates on their hand-over lists, derived from the dossier's snapshot in
            // the same transaction as the event that changed them; `dossier certificates` reads
            // the safe from here.
            try db.create(table: "certificate") { table in
                table.column("dossier_id", .integer).notNull().references("dossier")
                table.column("list", .integer).notNull()
                table.column("line", .integer).notNull()
                table.column("kind", .text).notNull()
                table.column("number", .text).notNull()
                table.column("quantity", .integer).notNull()
                table.column("added_by", .text).notNull()
                table.column("signatures", .text).notNull()
                table.column("handed_over_at", .text)
                table.column("keeper", .text)
                table.primaryKey(["dossier_id", "list", "line"])
            }
            try db.create(index: "certificate_by_number", on: "certificate", columns: ["number"])
        }
        migrator.registerMigration("v5-running-deadlines") { db in
            // Deadlines across states (a loan's whole hand-over within 5 days), one row per
            // dossier and deadline, swept through fine_next_at like tasks.
            try db.create(table: "running_deadline") { table in
                table.column("dossier_id", .integer).notNull().references("dossier")
                table.column("deadline_id", .text).notNull()
                table.column("workflow_id", .text).notNull()
                table.column("workflow_version", .integer).notNull()
                table.column("due_at", .text).notNull()
                table.column("due_calendar", .text)
                table.column("fine_next_at", .text)
                table.column("overdue_since", .text)
                table.column("met_at", .text)
                table.primaryKey(["dossier_id", "deadline_id"])
            }
            try db.execute(sql: """
                CREATE INDEX running_deadline_by_fine_check ON running_deadline(fine_next_at)
                WHERE met_at IS NULL AND fine_next_at IS NOT NULL
                """)
        }
        migrator.registerMigration("v6-lent-dossiers") { db in
            // One row per registered dossier out on loan, written in the lending transaction: two
            // loans of the same dossier can never both be lent, whichever process commits first.
            try db.create(table: "lent_dossier") { table in
                table.column("archive_number", .text).primaryKey()
                table.column("loan_id", .integer).notNull().unique().references("dossier")
            }
            try db.execute(sql: """
                INSERT OR IGNORE INTO lent_dossier (archive_number, loan_id)
                SELECT json_extract(snapshot, '$.fields."archive-number"'), id FROM dossier
                WHERE state_id = 'lent' AND json_extract(snapshot, '$.fields."archive-number"') IS NOT NULL
                """)
        }
        migrator.registerMigration("v7-passwords-sessions-checkpoints") { db in
            // A password is kept only as its slow, salted hash (bcrypt's own text form).
            try db.create(table: "staff_password") { table in
                table.column("staff_id", .text).primaryKey().references("staff")
                table.column("hash", .text).notNull()
                table.column("changed_at", .text).notNull()
            }
            // A session is found by the SHA-256 of its token: the token itself is never stored.
            try db.create(table: "login_session") { table in
                table.column("id", .integer).primaryKey()
                table.column("token_sha256", .text).notNull().unique()
                table.column("staff_id", .text).notNull().references("staff")
                table.column("created_at", .text).notNull()
                table.column("last_used_at", .text).notNull()
                table.column("idle_expires_at", .text).notNull()
                table.column("expires_at", .text).notNull()
                table.column("revoked_at", .text)
                table.column("client", .text)
            }
            try db.create(index: "login_session_by_staff", on: "login_session", columns: ["staff_id"])
            try db.create(table: "login_failure") { table in
                table.column("staff_id", .text).notNull()
                table.column("at", .text).notNull()
            }
            try db.create(index: "login_failure_by_staff", on: "login_failure", columns: ["staff_id", "at"])
            // Signed chain heads: the signature is over the sequence, the head and the time.
            try db.create(table: "audit_checkpoint") { table in
                table.column("seq", .integer).primaryKey()
                table.column("head", .text).notNull()
                table.column("at", .text).notNull()
                table.column("public_key", .text).notNull()
                table.column("signature", .text).notNull()
            }
        }
        migrator.registerMigration("v8-simulation-clock") { db in
            // A simulation store's own clock, when set ahead of its last event (`dossier clock`).
            try db.create(table: "simulation_clock") { table in
                table.column("id", .integer).primaryKey().check { $0 == 1 }
                table.column("at", .text).notNull()
            }
        }
        migrator.registerMigration("v9-staff-roles") { db in
            // The office's list of staff roles is a definition too: the kind's check admits it.
            // SQLite cannot change a check, so the table is copied into one with the new check.
            try db.create(table: "definition_version_v9") { table in
                table.column("kind", .text).notNull().check { ["workflow", "calendar", "staff-roles"].contains($0) }
                table.column("definition_id", .text).notNull()
                table.column("version", .integer).notNull().check { $0 >= 1 }
                table.column("title", .text).notNull()
                table.column("content_sha256", .text).notNull()
                table.column("source", .text).notNull()
                table.column("deployed_at", .datetime).notNull()
                table.primaryKey(["kind", "definition_id", "version"])
            }
            try db.execute(sql: """
                INSERT INTO definition_version_v9 SELECT kind, definition_id, version, title, content_sha256, source, deployed_at
                FROM definition_version;
                DROP TABLE definition_version;
                ALTER TABLE definition_version_v9 RENAME TO definition_version;
                """)
        }
        migrator.registerMigration("v10-duty-openings") { db in
            // Duties (a workflow's <timers>) still to open, one row per dossier and timer, found by
            // the sweep through opens_at: its cost follows what comes due, not the dossiers.
            try db.create(table: "duty_opening") { table in
                table.column("dossier_id", .integer).notNull().references("dossier")
                table.column("timer_id", .text).notNull()
                table.column("workflow_id", .text).notNull()
                table.column("workflow_version", .integer).notNull()
                table.column("opens_at", .text).notNull()
                table.primaryKey(["dossier_id", "timer_id"])
            }
            try db.create(index: "duty_opening_by_time", on: "duty_opening", columns: ["opens_at", "dossier_id"])
        }
        migrator.registerMigration("v11-schedule-cursors") { db in
            // For each scheduled workflow and each department it runs in ("" for the office), the
            // first day whose occurrence is still to start: each occurrence starts exactly once.
            try db.create(table: "schedule_cursor") { table in
                table.column("workflow_id", .text).notNull()
                table.column("scope", .text).notNull()
                table.column("next_from", .text).notNull()
                table.primaryKey(["workflow_id", "scope"])
            }
        }
        migrator.registerMigration("v12-recorded-fines") { db in
            // Fines a manager records: who recorded each, and some (an account lent) concern no
            // dossier. SQLite cannot drop a NOT NULL, so the ledger is copied into a table
            // without it, numbers and all.
            try db.create(table: "fine_v12") { table in
                table.column("id", .integer).primaryKey(autoincrement: true)
                table.column("key", .text).notNull().unique()
                table.column("dossier_id", .integer).references("dossier")
                table.column("task_number", .integer)
                table.column("workflow_id", .text).notNull()
                table.column("workflow_version", .integer).notNull()
                table.column("rule_id", .text).notNull()
                table.column("rule_title", .text).notNull()
                table.column("violation", .text).notNull()
                table.column("item_id", .text)
                table.column("repetition", .integer).notNull()
                table.column("payer", .text).notNull()
                table.column("payer_role", .text).notNull()
                table.column("occurred_at", .text).notNull()
                table.column("month", .text).notNull()
                table.column("due_at", .text)
                table.column("calendar", .text)
                table.column("provisional", .boolean).notNull()
                table.column("base_amount", .text).notNull()
                table.column("escalation_from", .integer)
                table.column("escalation_factor", .text)
                table.column("escalation_scope", .text).notNull()
                table.column("cap", .text)
                table.column("reason", .text).notNull()
                table.column("assessed_at", .text).notNull()
                table.column("waived_at", .text)
                table.column("waived_by", .text)
                table.column("waive_reason", .text)
                table.column("recorded_by", .text)
            }
            try db.execute(sql: """
                INSERT INTO fine_v12 (id, key, dossier_id, task_number, workflow_id, workflow_version, rule_id, rule_title, violation, item_id,
                    repetition, payer, payer_role, occurred_at, month, due_at, calendar, provisional, base_amount, escalation_from,
                    escalation_factor, escalation_scope, cap, reason, assessed_at, waived_at, waived_by, waive_reason)
                SELECT id, key, dossier_id, task_number, workflow_id, workflow_version, rule_id, rule_title, violation, item_id,
                    repetition, payer, payer_role, occurred_at, month, due_at, calendar, provisional, base_amount, escalation_from,
                    escalation_factor, escalation_scope, cap, reason, assessed_at, waived_at, waived_by, waive_reason
                FROM fine;
                DROP TABLE fine;
                ALTER TABLE fine_v12 RENAME TO fine;
                """)
            try db.create(index: "fine_by_payer", on: "fine", columns: ["payer", "occurred_at"])
            try db.create(index: "fine_by_month", on: "fine", columns: ["month"])
            try db.create(index: "fine_by_dossier", on: "fine", columns: ["dossier_id"])
        }
        migrator.registerMigration("v13-certificates-returned") { db in
            // Title certificates go back to their owner, out of the safe; none had before.
            try db.alter(table: "certificate") { table in table.add(column: "returned_at", .text) }
        }
        migrator.registerMigration("v14-customer-keys") { db in
            // Personal fields are sealed under a key per customer, found by a keyed hash of the
            // name; erasing the customer empties the key. Versions deployed before recorded none.
            try db.execute(sql: """
                CREATE TABLE personal_field (
                    workflow_id TEXT NOT NULL, workflow_version INTEGER NOT NULL, field_id TEXT NOT NULL,
                    PRIMARY KEY (workflow_id, workflow_version, field_id)
                ) WITHOUT ROWID;
                CREATE TABLE customer_key (
                    id INTEGER PRIMARY KEY, ref TEXT NOT NULL, key BLOB, created_at TEXT NOT NULL,
                    erased_at TEXT, erased_on TEXT, erased_by TEXT, request TEXT
                );
                CREATE INDEX customer_key_by_ref ON customer_key (ref);
                CREATE TABLE dossier_key (
                    dossier_id INTEGER NOT NULL, key_id INTEGER NOT NULL REFERENCES customer_key (id),
                    PRIMARY KEY (dossier_id, key_id)
                ) WITHOUT ROWID;
                CREATE INDEX dossier_key_by_key ON dossier_key (key_id);
                CREATE TABLE customer_reference_secret (id INTEGER PRIMARY KEY CHECK (id = 1), secret BLOB NOT NULL);
                """)
            try db.execute(sql: "INSERT INTO customer_reference_secret (id, secret) VALUES (1, ?)",
                           arguments: [SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }])
        }
        migrator.registerMigration("v15-fine-settlements") { db in
            // A fine settled (paid, or deducted from pay): a departure settles the leaver's. None was before.
            try db.execute(sql: """
                CREATE TABLE fine_settlement (
                    fine_id INTEGER PRIMARY KEY REFERENCES fine (id), settled_at TEXT NOT NULL, settled_by TEXT NOT NULL, note TEXT NOT NULL
                )
                """)
        }
        migrator.registerMigration("v16-fines-by-payer-and-month") { db in
            // A person's statement of a month reads that month's fines alone.
            try db.execute(sql: "CREATE INDEX fine_by_payer_month ON fine (payer, month, occurred_at, key)")
        }
        return migrator
    }
}
