import DossierStore
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

    static let all: [Migration] = [
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
    ]

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
