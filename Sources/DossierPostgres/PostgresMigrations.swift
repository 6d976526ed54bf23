import Crypto
import DossierStore
import NIOCore
import PostgresNIO

/// The PostgreSQL store's format, as an ordered list of named migrations like the SQLite
/// store's: applied in order, each in the transaction that records it, under an advisory lock so
/// that servers starting at once migrate once. A migration is never edited once released.
///
/// Columns keep the SQLite store's forms (moments as `StoredTime` text, details as JSON text), so
/// that an event hashes alike in both and a copied log verifies with the same head; every text
/// column compares byte by byte (`COLLATE "C"`), as SQLite's do, whatever the database's locale.
enum PostgresMigrations {
    struct Migration {
        let identifier: String
        let statements: [PostgresQuery]
    }

    /// Every migration, in order (made anew each time: a store's secret is its own).
    static var all: [Migration] { [
        Migration(identifier: "v1-definitions-staff-log", statements: [
            """
            CREATE TABLE store_info (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                mode TEXT COLLATE "C" NOT NULL CHECK (mode IN ('simulation', 'production')),
                created_at TEXT COLLATE "C" NOT NULL
            )
            """,
            """
            CREATE TABLE definition_version (
                kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('workflow', 'calendar', 'staff-roles')),
                definition_id TEXT COLLATE "C" NOT NULL,
                version INTEGER NOT NULL CHECK (version >= 1),
                title TEXT COLLATE "C" NOT NULL,
                content_sha256 TEXT COLLATE "C" NOT NULL,
                source TEXT COLLATE "C" NOT NULL,
                deployed_at TEXT COLLATE "C" NOT NULL,
                PRIMARY KEY (kind, definition_id, version)
            )
            """,
            """
            CREATE TABLE personal_field (
                workflow_id TEXT COLLATE "C" NOT NULL, workflow_version INTEGER NOT NULL, field_id TEXT COLLATE "C" NOT NULL,
                PRIMARY KEY (workflow_id, workflow_version, field_id)
            )
            """,
            """
            CREATE TABLE staff (
                id TEXT COLLATE "C" PRIMARY KEY, name TEXT COLLATE "C" NOT NULL, roles TEXT COLLATE "C" NOT NULL, department TEXT COLLATE "C",
                active BOOLEAN NOT NULL, added_at TEXT COLLATE "C" NOT NULL
            )
            """,
            """
            CREATE TABLE event (
                seq BIGINT PRIMARY KEY, dossier_id BIGINT, task_id BIGINT, at TEXT COLLATE "C" NOT NULL, actor TEXT COLLATE "C" NOT NULL, kind TEXT COLLATE "C" NOT NULL,
                action TEXT COLLATE "C", from_state TEXT COLLATE "C", to_state TEXT COLLATE "C", note TEXT COLLATE "C", details TEXT COLLATE "C" NOT NULL, prev_hash TEXT COLLATE "C" NOT NULL, hash TEXT COLLATE "C" NOT NULL
            )
            """,
            "CREATE INDEX event_by_dossier ON event (dossier_id, seq)",
            // The one head of the chain: every write locks it first, so writers on any number of
            // servers append one after another and the chain never forks.
            "CREATE TABLE chain_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq BIGINT NOT NULL, hash TEXT COLLATE \"C\" NOT NULL, at TEXT COLLATE \"C\")",
            "INSERT INTO chain_head (id, seq, hash, at) VALUES (1, 0, \(EventChain.genesis), NULL)",
            "CREATE TABLE simulation_clock (id INTEGER PRIMARY KEY CHECK (id = 1), at TEXT COLLATE \"C\" NOT NULL)",
        ]),
        // Dossiers and what derives from them, as the SQLite store keeps them after its v16; and
        // the sweep's leases: what one server claimed to assess, which no other claims meanwhile.
        // Numbers (dossiers, tasks, fines, keys) are the last one's plus one, taken under the
        // chain head's lock: consecutive, never burnt by a transaction rolled back.
        Migration(identifier: "v2-dossiers-tasks-register-fines", statements: [
            """
            CREATE TABLE dossier (
                id BIGINT PRIMARY KEY, workflow_id TEXT COLLATE "C" NOT NULL, workflow_version INTEGER NOT NULL, state_id TEXT COLLATE "C" NOT NULL,
                finished BOOLEAN NOT NULL, started_at TEXT COLLATE "C" NOT NULL, updated_at TEXT COLLATE "C" NOT NULL, revision INTEGER NOT NULL, snapshot TEXT COLLATE "C" NOT NULL
            )
            """,
            "CREATE INDEX dossier_by_workflow_version ON dossier (workflow_id, workflow_version)",
            """
            CREATE TABLE task (
                id BIGINT PRIMARY KEY, dossier_id BIGINT NOT NULL REFERENCES dossier, number INTEGER NOT NULL,
                workflow_id TEXT COLLATE "C" NOT NULL, workflow_version INTEGER NOT NULL, state_id TEXT COLLATE "C" NOT NULL, role_id TEXT COLLATE "C", assignee TEXT COLLATE "C",
                opened_at TEXT COLLATE "C" NOT NULL, due_at TEXT COLLATE "C", closed_at TEXT COLLATE "C", closed_by TEXT COLLATE "C", action TEXT COLLATE "C",
                due_calendar TEXT COLLATE "C", due_provisional BOOLEAN NOT NULL DEFAULT false, fine_next_at TEXT COLLATE "C", overdue_since TEXT COLLATE "C",
                sweep_lease TIMESTAMPTZ, UNIQUE (dossier_id, number)
            )
            """,
            // Open tasks are found through partial indexes: their cost follows what is open.
            "CREATE INDEX task_open_by_role ON task (role_id, opened_at) WHERE closed_at IS NULL",
            "CREATE INDEX task_open_by_assignee ON task (assignee, opened_at) WHERE closed_at IS NULL",
            "CREATE INDEX task_open_by_due ON task (due_at) WHERE closed_at IS NULL AND due_at IS NOT NULL",
            "CREATE INDEX task_open_by_opened ON task (opened_at) WHERE closed_at IS NULL",
            "CREATE INDEX task_open_by_fine_check ON task (fine_next_at) WHERE closed_at IS NULL AND fine_next_at IS NOT NULL",
            "CREATE TABLE archive_sequence (scope TEXT COLLATE \"C\" PRIMARY KEY, last INTEGER NOT NULL)",
            """
            CREATE TABLE archive_number (
                dossier_id BIGINT PRIMARY KEY REFERENCES dossier, number TEXT COLLATE "C" NOT NULL UNIQUE, workflow_id TEXT COLLATE "C" NOT NULL, assigned_at TEXT COLLATE "C" NOT NULL
            )
            """,
            """
            CREATE TABLE fine (
                id BIGINT PRIMARY KEY, key TEXT COLLATE "C" NOT NULL UNIQUE, dossier_id BIGINT REFERENCES dossier, task_number INTEGER,
                workflow_id TEXT COLLATE "C" NOT NULL, workflow_version INTEGER NOT NULL, rule_id TEXT COLLATE "C" NOT NULL, rule_title TEXT COLLATE "C" NOT NULL,
                violation TEXT COLLATE "C" NOT NULL, item_id TEXT COLLATE "C", repetition INTEGER NOT NULL, payer TEXT COLLATE "C" NOT NULL, payer_role TEXT COLLATE "C" NOT NULL,
                occurred_at TEXT COLLATE "C" NOT NULL, month TEXT COLLATE "C" NOT NULL, due_at TEXT COLLATE "C", calendar TEXT COLLATE "C", provisional BOOLEAN NOT NULL,
                base_amount TEXT COLLATE "C" NOT NULL, escalation_from INTEGER, escalation_factor TEXT COLLATE "C", escalation_scope TEXT COLLATE "C" NOT NULL, cap TEXT COLLATE "C",
                reason TEXT COLLATE "C" NOT NULL, assessed_at TEXT COLLATE "C" NOT NULL, waived_at TEXT COLLATE "C", waived_by TEXT COLLATE "C", waive_reason TEXT COLLATE "C", recorded_by TEXT COLLATE "C"
            )
            """,
            "CREATE INDEX fine_by_payer ON fine (payer, occurred_at)",
            "CREATE INDEX fine_by_month ON fine (month)",
            "CREATE INDEX fine_by_dossier ON fine (dossier_id)",
            #"CREATE INDEX fine_by_payer_month ON fine (payer, month, occurred_at, key)"#,
            """
            CREATE TABLE fine_settlement (
                fine_id BIGINT PRIMARY KEY REFERENCES fine, settled_at TEXT COLLATE "C" NOT NULL, settled_by TEXT COLLATE "C" NOT NULL, note TEXT COLLATE "C" NOT NULL
            )
            """,
            """
            CREATE TABLE certificate (
                dossier_id BIGINT NOT NULL REFERENCES dossier, list INTEGER NOT NULL, line INTEGER NOT NULL, kind TEXT COLLATE "C" NOT NULL,
                number TEXT COLLATE "C" NOT NULL, quantity INTEGER NOT NULL, added_by TEXT COLLATE "C" NOT NULL, signatures TEXT COLLATE "C" NOT NULL,
                handed_over_at TEXT COLLATE "C", keeper TEXT COLLATE "C", returned_at TEXT COLLATE "C", PRIMARY KEY (dossier_id, list, line)
            )
            """,
            "CREATE INDEX certificate_by_number ON certificate (number)",
            """
            CREATE TABLE running_deadline (
                dossier_id BIGINT NOT NULL REFERENCES dossier, deadline_id TEXT COLLATE "C" NOT NULL, workflow_id TEXT COLLATE "C" NOT NULL,
                workflow_version INTEGER NOT NULL, due_at TEXT COLLATE "C" NOT NULL, due_calendar TEXT COLLATE "C", fine_next_at TEXT COLLATE "C", overdue_since TEXT COLLATE "C",
                met_at TEXT COLLATE "C", sweep_lease TIMESTAMPTZ, PRIMARY KEY (dossier_id, deadline_id)
            )
            """,
            "CREATE INDEX running_deadline_by_fine_check ON running_deadline (fine_next_at) WHERE met_at IS NULL AND fine_next_at IS NOT NULL",
            // One row per registered dossier out on loan: two loans of one dossier are never both lent.
            "CREATE TABLE lent_dossier (archive_number TEXT COLLATE \"C\" PRIMARY KEY, loan_id BIGINT NOT NULL UNIQUE REFERENCES dossier)",
            """
            CREATE TABLE duty_opening (
                dossier_id BIGINT NOT NULL REFERENCES dossier, timer_id TEXT COLLATE "C" NOT NULL, workflow_id TEXT COLLATE "C" NOT NULL,
                workflow_version INTEGER NOT NULL, opens_at TEXT COLLATE "C" NOT NULL, sweep_lease TIMESTAMPTZ, PRIMARY KEY (dossier_id, timer_id)
            )
            """,
            "CREATE INDEX duty_opening_by_time ON duty_opening (opens_at, dossier_id)",
            "CREATE TABLE schedule_cursor (workflow_id TEXT COLLATE \"C\" NOT NULL, scope TEXT COLLATE \"C\" NOT NULL, next_from TEXT COLLATE \"C\" NOT NULL, PRIMARY KEY (workflow_id, scope))",
            """
            CREATE TABLE customer_key (
                id BIGINT PRIMARY KEY, ref TEXT COLLATE "C" NOT NULL, key BYTEA, created_at TEXT COLLATE "C" NOT NULL,
                erased_at TEXT COLLATE "C", erased_on TEXT COLLATE "C", erased_by TEXT COLLATE "C", request TEXT COLLATE "C"
            )
            """,
            "CREATE INDEX customer_key_by_ref ON customer_key (ref)",
            "CREATE TABLE dossier_key (dossier_id BIGINT NOT NULL, key_id BIGINT NOT NULL REFERENCES customer_key, PRIMARY KEY (dossier_id, key_id))",
            "CREATE INDEX dossier_key_by_key ON dossier_key (key_id)",
            // The secret of the keyed hash of customers' names, made on the server: 32 random bytes.
            "CREATE TABLE customer_reference_secret (id INTEGER PRIMARY KEY CHECK (id = 1), secret BYTEA NOT NULL)",
            "INSERT INTO customer_reference_secret (id, secret) VALUES (1, \(secret()))",
        ]),
        // Who may log in, and the signed checkpoints of the chain, as the SQLite store keeps them.
        Migration(identifier: "v3-passwords-sessions-checkpoints", statements: [
            #"CREATE TABLE staff_password (staff_id TEXT COLLATE "C" PRIMARY KEY REFERENCES staff, hash TEXT COLLATE "C" NOT NULL, changed_at TEXT COLLATE "C" NOT NULL)"#,
            """
            CREATE TABLE login_session (
                id BIGINT PRIMARY KEY, token_sha256 TEXT COLLATE "C" NOT NULL UNIQUE, staff_id TEXT COLLATE "C" NOT NULL REFERENCES staff,
                created_at TEXT COLLATE "C" NOT NULL, last_used_at TEXT COLLATE "C" NOT NULL, idle_expires_at TEXT COLLATE "C" NOT NULL,
                expires_at TEXT COLLATE "C" NOT NULL, revoked_at TEXT COLLATE "C", client TEXT COLLATE "C"
            )
            """,
            "CREATE INDEX login_session_by_staff ON login_session (staff_id)",
            #"CREATE TABLE login_failure (staff_id TEXT COLLATE "C" NOT NULL, at TEXT COLLATE "C" NOT NULL)"#,
            "CREATE INDEX login_failure_by_staff ON login_failure (staff_id, at)",
            """
            CREATE TABLE audit_checkpoint (
                seq BIGINT PRIMARY KEY, head TEXT COLLATE "C" NOT NULL, at TEXT COLLATE "C" NOT NULL,
                public_key TEXT COLLATE "C" NOT NULL, signature TEXT COLLATE "C" NOT NULL
            )
            """,
        ]),
        // `pending` of a role reads its open tasks from the index alone (an index-only scan),
        // instead of fetching each from a page of its own in the table. That needs the table's
        // visibility map kept up: autovacuum visits the task table after 2% of it changed
        // (PostgreSQL's default waits for 20%).
        Migration(identifier: "v4-open-tasks-by-role-covering", statements: [
            "ALTER TABLE task SET (autovacuum_vacuum_scale_factor = 0.02)",
            "DROP INDEX task_open_by_role",
            """
            CREATE INDEX task_open_by_role ON task (role_id, opened_at, id)
                INCLUDE (dossier_id, number, workflow_id, workflow_version, state_id, assignee, due_at, closed_at, closed_by, action)
                WHERE closed_at IS NULL
            """,
        ]),
    ] }

    /// 32 random bytes from the system's generator.
    private static func secret() -> ByteBuffer {
        SymmetricKey(size: .bits256).withUnsafeBytes { ByteBuffer(bytes: $0) }
    }

    /// A number for `pg_advisory_xact_lock`: Dossier's migrations, on any server.
    static let lock: Int64 = 0x646F_7373_6965_7201

    /// Brings the database to the current format. A database that no migration touched is a
    /// store only when `creating`, and `prepare` then fills it in the same transaction; a
    /// migration this version does not know means a newer Dossier.
    static func migrate(_ session: Session, creating: Bool, migrating: Bool, prepare: (Session) throws -> Void = { _ in }) throws -> [String] {
        try session.transaction(readOnly: false) { session in
            try session.rows("SELECT pg_advisory_xact_lock(\(lock))")
            let exists = try session.rows("SELECT to_regclass('dossier_migration') IS NOT NULL").first?.decode(Bool.self) ?? false
            if !exists {
                guard creating else {
                    throw StoreError.unreadable(path: session.location.description,
                                                reason: "it is some other database, not a Dossier store; create one with `dossier init --database`")
                }
                guard try session.rows("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()").first?.decode(Int.self) == 0 else {
                    throw StoreError.alreadyExists(path: session.location.description)
                }
                try session.rows("CREATE TABLE dossier_migration (identifier TEXT COLLATE \"C\" PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
            } else if creating {
                throw StoreError.alreadyExists(path: session.location.description)
            }
            let applied = try session.rows("SELECT identifier FROM dossier_migration").map { try $0.decode(String.self) }
            let known = all.map(\.identifier)
            if let unknown = applied.first(where: { !known.contains($0) }) {
                throw StoreError.newerFormat(path: session.location.description, migration: unknown)
            }
            let missing = all.filter { !applied.contains($0.identifier) }
            if !missing.isEmpty, !migrating, !creating { throw StoreError.olderFormat(path: session.location.description) }
            for migration in missing {
                for statement in migration.statements { try session.rows(statement) }
                try session.rows("INSERT INTO dossier_migration (identifier) VALUES (\(migration.identifier))")
            }
            if creating { try prepare(session) }
            return applied + missing.map(\.identifier)
        }
    }
}
