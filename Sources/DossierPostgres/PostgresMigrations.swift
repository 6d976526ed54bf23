import Crypto
import DossierStore
import NIOCore
import PostgresNIO

/// The PostgreSQL store's format, as an ordered list of named migrations like the SQLite
/// store's: applied in order, each in the transaction that records it, under an advisory lock so
/// that servers starting at once migrate once. A migration is never edited once released.
///
/// Columns keep the SQLite store's forms (moments as `StoredTime` text, details as JSON text), so
/// that an event hashes alike in both and a copied log verifies with the same head.
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
                mode TEXT NOT NULL CHECK (mode IN ('simulation', 'production')),
                created_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE definition_version (
                kind TEXT NOT NULL CHECK (kind IN ('workflow', 'calendar', 'staff-roles')),
                definition_id TEXT NOT NULL,
                version INTEGER NOT NULL CHECK (version >= 1),
                title TEXT NOT NULL,
                content_sha256 TEXT NOT NULL,
                source TEXT NOT NULL,
                deployed_at TEXT NOT NULL,
                PRIMARY KEY (kind, definition_id, version)
            )
            """,
            """
            CREATE TABLE personal_field (
                workflow_id TEXT NOT NULL, workflow_version INTEGER NOT NULL, field_id TEXT NOT NULL,
                PRIMARY KEY (workflow_id, workflow_version, field_id)
            )
            """,
            """
            CREATE TABLE staff (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, roles TEXT NOT NULL, department TEXT,
                active BOOLEAN NOT NULL, added_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE event (
                seq BIGINT PRIMARY KEY, dossier_id BIGINT, task_id BIGINT, at TEXT NOT NULL, actor TEXT NOT NULL, kind TEXT NOT NULL,
                action TEXT, from_state TEXT, to_state TEXT, note TEXT, details TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL
            )
            """,
            "CREATE INDEX event_by_dossier ON event (dossier_id, seq)",
            // The one head of the chain: every write locks it first, so writers on any number of
            // servers append one after another and the chain never forks.
            "CREATE TABLE chain_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq BIGINT NOT NULL, hash TEXT NOT NULL, at TEXT)",
            "INSERT INTO chain_head (id, seq, hash, at) VALUES (1, 0, \(EventChain.genesis), NULL)",
            "CREATE TABLE simulation_clock (id INTEGER PRIMARY KEY CHECK (id = 1), at TEXT NOT NULL)",
        ]),
        // Dossiers and what derives from them, as the SQLite store keeps them after its v16.
        // Numbers (dossiers, tasks, fines, keys) are the last one's plus one, taken under the
        // chain head's lock: consecutive, never burnt by a transaction rolled back.
        Migration(identifier: "v2-dossiers-tasks-register-fines", statements: [
            """
            CREATE TABLE dossier (
                id BIGINT PRIMARY KEY, workflow_id TEXT NOT NULL, workflow_version INTEGER NOT NULL, state_id TEXT NOT NULL,
                finished BOOLEAN NOT NULL, started_at TEXT NOT NULL, updated_at TEXT NOT NULL, revision INTEGER NOT NULL, snapshot TEXT NOT NULL
            )
            """,
            "CREATE INDEX dossier_by_workflow_version ON dossier (workflow_id, workflow_version)",
            """
            CREATE TABLE task (
                id BIGINT PRIMARY KEY, dossier_id BIGINT NOT NULL REFERENCES dossier, number INTEGER NOT NULL,
                workflow_id TEXT NOT NULL, workflow_version INTEGER NOT NULL, state_id TEXT NOT NULL, role_id TEXT, assignee TEXT,
                opened_at TEXT NOT NULL, due_at TEXT, closed_at TEXT, closed_by TEXT, action TEXT,
                due_calendar TEXT, due_provisional BOOLEAN NOT NULL DEFAULT false, fine_next_at TEXT, overdue_since TEXT,
                UNIQUE (dossier_id, number)
            )
            """,
            // Open tasks are found through partial indexes: their cost follows what is open.
            "CREATE INDEX task_open_by_role ON task (role_id, opened_at) WHERE closed_at IS NULL",
            "CREATE INDEX task_open_by_assignee ON task (assignee, opened_at) WHERE closed_at IS NULL",
            "CREATE INDEX task_open_by_due ON task (due_at) WHERE closed_at IS NULL AND due_at IS NOT NULL",
            "CREATE INDEX task_open_by_opened ON task (opened_at) WHERE closed_at IS NULL",
            "CREATE INDEX task_open_by_fine_check ON task (fine_next_at) WHERE closed_at IS NULL AND fine_next_at IS NOT NULL",
            "CREATE TABLE archive_sequence (scope TEXT PRIMARY KEY, last INTEGER NOT NULL)",
            """
            CREATE TABLE archive_number (
                dossier_id BIGINT PRIMARY KEY REFERENCES dossier, number TEXT NOT NULL UNIQUE, workflow_id TEXT NOT NULL, assigned_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE fine (
                id BIGINT PRIMARY KEY, key TEXT NOT NULL UNIQUE, dossier_id BIGINT REFERENCES dossier, task_number INTEGER,
                workflow_id TEXT NOT NULL, workflow_version INTEGER NOT NULL, rule_id TEXT NOT NULL, rule_title TEXT NOT NULL,
                violation TEXT NOT NULL, item_id TEXT, repetition INTEGER NOT NULL, payer TEXT NOT NULL, payer_role TEXT NOT NULL,
                occurred_at TEXT NOT NULL, month TEXT NOT NULL, due_at TEXT, calendar TEXT, provisional BOOLEAN NOT NULL,
                base_amount TEXT NOT NULL, escalation_from INTEGER, escalation_factor TEXT, escalation_scope TEXT NOT NULL, cap TEXT,
                reason TEXT NOT NULL, assessed_at TEXT NOT NULL, waived_at TEXT, waived_by TEXT, waive_reason TEXT, recorded_by TEXT
            )
            """,
            "CREATE INDEX fine_by_payer ON fine (payer, occurred_at)",
            "CREATE INDEX fine_by_month ON fine (month)",
            "CREATE INDEX fine_by_dossier ON fine (dossier_id)",
            #"CREATE INDEX fine_by_payer_month ON fine (payer, month, occurred_at, key COLLATE "C")"#,
            """
            CREATE TABLE fine_settlement (
                fine_id BIGINT PRIMARY KEY REFERENCES fine, settled_at TEXT NOT NULL, settled_by TEXT NOT NULL, note TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE certificate (
                dossier_id BIGINT NOT NULL REFERENCES dossier, list INTEGER NOT NULL, line INTEGER NOT NULL, kind TEXT NOT NULL,
                number TEXT NOT NULL, quantity INTEGER NOT NULL, added_by TEXT NOT NULL, signatures TEXT NOT NULL,
                handed_over_at TEXT, keeper TEXT, returned_at TEXT, PRIMARY KEY (dossier_id, list, line)
            )
            """,
            "CREATE INDEX certificate_by_number ON certificate (number)",
            """
            CREATE TABLE running_deadline (
                dossier_id BIGINT NOT NULL REFERENCES dossier, deadline_id TEXT NOT NULL, workflow_id TEXT NOT NULL,
                workflow_version INTEGER NOT NULL, due_at TEXT NOT NULL, due_calendar TEXT, fine_next_at TEXT, overdue_since TEXT,
                met_at TEXT, PRIMARY KEY (dossier_id, deadline_id)
            )
            """,
            "CREATE INDEX running_deadline_by_fine_check ON running_deadline (fine_next_at) WHERE met_at IS NULL AND fine_next_at IS NOT NULL",
            // One row per registered dossier out on loan: two loans of one dossier are never both lent.
            "CREATE TABLE lent_dossier (archive_number TEXT PRIMARY KEY, loan_id BIGINT NOT NULL UNIQUE REFERENCES dossier)",
            """
            CREATE TABLE duty_opening (
                dossier_id BIGINT NOT NULL REFERENCES dossier, timer_id TEXT NOT NULL, workflow_id TEXT NOT NULL,
                workflow_version INTEGER NOT NULL, opens_at TEXT NOT NULL, PRIMARY KEY (dossier_id, timer_id)
            )
            """,
            "CREATE INDEX duty_opening_by_time ON duty_opening (opens_at, dossier_id)",
            "CREATE TABLE schedule_cursor (workflow_id TEXT NOT NULL, scope TEXT NOT NULL, next_from TEXT NOT NULL, PRIMARY KEY (workflow_id, scope))",
            """
            CREATE TABLE customer_key (
                id BIGINT PRIMARY KEY, ref TEXT NOT NULL, key BYTEA, created_at TEXT NOT NULL,
                erased_at TEXT, erased_on TEXT, erased_by TEXT, request TEXT
            )
            """,
            "CREATE INDEX customer_key_by_ref ON customer_key (ref)",
            "CREATE TABLE dossier_key (dossier_id BIGINT NOT NULL, key_id BIGINT NOT NULL REFERENCES customer_key, PRIMARY KEY (dossier_id, key_id))",
            "CREATE INDEX dossier_key_by_key ON dossier_key (key_id)",
            // The secret of the keyed hash of customers' names, made on the server: 32 random bytes.
            "CREATE TABLE customer_reference_secret (id INTEGER PRIMARY KEY CHECK (id = 1), secret BYTEA NOT NULL)",
            "INSERT INTO customer_reference_secret (id, secret) VALUES (1, \(secret()))",
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
                try session.rows("CREATE TABLE dossier_migration (identifier TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
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
