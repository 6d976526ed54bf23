import DossierPostgres
import Testing

/// A PostgreSQL store's URL, read as libpq reads one, with the password from where libpq looks
/// for it and never from the URL.
@Suite("A PostgreSQL store's location")
struct PostgresLocationTests {
    static func location(_ url: String, environment: [String: String] = [:],
                         file: (text: String, permissions: Int)? = nil) throws(PostgresLocationError) -> PostgresLocation {
        try PostgresLocation(url: url, environment: environment, home: "/home/gina") { path in
            path == (environment["PGPASSFILE"] ?? "/home/gina/.pgpass") ? file : nil
        }
    }

    @Test("the parts of a URL, with libpq's defaults: port 5432, the role's name for the database, TLS when offered")
    func parts() throws {
        let full = try Self.location("postgres://archive@db.example:6432/dossiers?sslmode=verify-full")
        #expect(full.host == "db.example" && full.port == 6432 && full.user == "archive" && full.database == "dossiers")
        #expect(full.security == .verifyFull && full.password == nil)
        let short = try Self.location("postgresql://archive@db.example")
        #expect(short.port == 5432 && short.database == "archive" && short.security == .prefer)
        let local = try Self.location("postgres://[::1]/x", environment: ["USER": "gina"])
        #expect(local.host == "::1" && local.user == "gina")
        #expect(local.description == "postgres://gina@[::1]:5432/x")
        #expect(try Self.location("postgres://a%40b@h/d%20e").user == "a@b")
        #expect(try Self.location("postgres://a@h/d%20e").database == "d e")
    }

    @Test("a URL with a password, an unknown parameter or no host is refused with a sentence saying what to write")
    func refusals() {
        #expect(throws: PostgresLocationError.passwordInURL) { try Self.location("postgres://gina:secret@db/x") }
        #expect(throws: PostgresLocationError.passwordInURL) { try Self.location("postgres://gina@db/x?password=secret") }
        #expect(throws: PostgresLocationError.unknownParameter("sslmode=maybe", known: PostgresLocation.Security.allCases.map(\.rawValue))) {
            try Self.location("postgres://gina@db/x?sslmode=maybe")
        }
        #expect(throws: PostgresLocationError.unknownParameter("application_name", known: ["sslmode"])) {
            try Self.location("postgres://gina@db/x?application_name=y")
        }
        #expect(throws: PostgresLocationError.notAURL("mysql://gina@db/x")) { try Self.location("mysql://gina@db/x") }
        #expect(throws: PostgresLocationError.noHost("postgres:///x")) { try Self.location("postgres:///x") }
        #expect(throws: PostgresLocationError.noUser("postgres://db/x")) { try Self.location("postgres://db/x") }
        #expect(PostgresLocationError.passwordInURL.description.contains("PGPASSWORD"))
    }

    @Test("the password: PGPASSWORD first, else the first matching line of the password file, which others may not read")
    func password() throws {
        let file = """
            # host:port:database:user:password
            other.example:*:*:archive:not-this
            db.example:5432:dossiers:archive:pa\\:ss\\\\word
            *:*:*:archive:fallback
            """
        let url = "postgres://archive@db.example/dossiers"
        #expect(try Self.location(url, file: (file, 0o600)).password == "pa:ss\\word")
        #expect(try Self.location(url, environment: ["PGPASSWORD": "from-env"], file: (file, 0o600)).password == "from-env")
        #expect(try Self.location("postgres://archive@elsewhere/dossiers", file: (file, 0o600)).password == "fallback")
        #expect(try Self.location("postgres://someone@db.example/dossiers", file: (file, 0o600)).password == nil)
        #expect(try Self.location(url, file: (file, 0o644)).password == nil, "a file others may read is ignored")
        #expect(try Self.location(url, environment: ["PGPASSFILE": "/etc/dossier/pgpass"], file: (file, 0o600)).password == "pa:ss\\word")
        #expect(!(try Self.location(url, environment: ["PGPASSWORD": "from-env"])).description.contains("from-env"))
    }
}
