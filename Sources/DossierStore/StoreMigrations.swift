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
        return migrator
    }
}
