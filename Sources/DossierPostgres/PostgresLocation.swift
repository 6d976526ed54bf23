import Foundation

/// Where a PostgreSQL store is: the server, the role, the database and how to secure the
/// connection, from a `postgres://` URL as libpq reads one — but a password is never taken
/// from the URL (a URL ends up on command lines, in shell histories and in logs): it comes
/// from `PGPASSWORD` or the password file (`PGPASSFILE`, else `~/.pgpass`), as libpq's own
/// tools look for it.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    /// How the connection is secured, libpq's `sslmode` values.
    public enum Security: String, Sendable, Hashable, CaseIterable {
        /// Plain TCP (loopback, or a network the office trusts).
        case disable
        /// TLS when the server offers it (libpq's default).
        case prefer
        /// TLS, without checking the server's certificate.
        case require
        /// TLS with a certificate from a trusted authority, for any host name.
        case verifyCA = "verify-ca"
        /// TLS with a trusted certificate naming the host.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var user: String
    public var database: String
    public var security: Security
    /// The password found for this server, role and database, if any. Never in `description`.
    public var password: String?

    /// The location without its password: what messages and logs name.
    public var description: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(user)@\(hostPart):\(port)/\(database)" + (security == .prefer ? "" : "?sslmode=\(security.rawValue)")
    }

    /// The location `url` names. `environment` gives `PGPASSWORD`, `PGPASSFILE`, `PGUSER` and
    /// `USER`; `home` the folder of `.pgpass`; `readFile` reads the password file, with its
    /// permission bits (a file others may read is ignored, as libpq ignores it).
    public init(url: String, environment: [String: String], home: String?,
                readFile: (String) -> (text: String, permissions: Int)? = PostgresLocation.readPasswordFile) throws(PostgresLocationError) {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme, ["postgres", "postgresql"].contains(scheme.lowercased()) else {
            throw .notAURL(url)
        }
        guard parts.password == nil else { throw .passwordInURL }
        guard let host = parts.host, !host.isEmpty else { throw .noHost(url) }
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        port = parts.port ?? 5432
        guard (1...65535).contains(port) else { throw .badPort(url) }
        let named = parts.user.flatMap { $0.removingPercentEncoding } ?? environment["PGUSER"] ?? environment["USER"]
        guard let user = named, !user.isEmpty else { throw .noUser(url) }
        self.user = user
        let path = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        database = path.removingPercentEncoding.flatMap { $0.isEmpty ? nil : $0 } ?? user
        security = .prefer
        for item in parts.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(Security.init(rawValue:)) else {
                    throw .unknownParameter("sslmode=\(item.value ?? "")", known: Security.allCases.map(\.rawValue))
                }
                security = mode
            case "password":
                throw .passwordInURL
            default:
                throw .unknownParameter(item.name, known: ["sslmode"])
            }
        }
        if let given = environment["PGPASSWORD"], !given.isEmpty {
            password = given
        } else {
            let file = environment["PGPASSFILE"] ?? home.map { $0 + "/.pgpass" }
            password = file.flatMap(readFile).flatMap { found in
                found.permissions & 0o077 == 0 ? Self.password(in: found.text, host: self.host, port: port, database: database, user: user) : nil
            }
        }
    }

    /// The password of the first line of a password file (`host:port:database:user:password`,
    /// `*` matching anything, `\:` and `\\` escaped) that matches; `nil` when none does.
    static func password(in file: String, host: String, port: Int, database: String, user: String) -> String? {
        for line in file.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            var fields: [String] = [], field = "", escaped = false
            for character in line {
                if escaped {
                    field.append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == ":", fields.count < 4 {
                    fields.append(field)
                    field = ""
                } else {
                    field.append(character)
                }
            }
            fields.append(field)
            guard fields.count == 5 else { continue }
            let wanted = [host, String(port), database, user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    /// The password file's text and permission bits, or `nil` when it cannot be read.
    public static func readPasswordFile(_ path: String) -> (text: String, permissions: Int)? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let permissions = (attributes[.posixPermissions] as? NSNumber)?.intValue,
              let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return (text, permissions)
    }
}

/// Why a `postgres://` URL names no store.
public enum PostgresLocationError: Error, Sendable, Hashable, CustomStringConvertible {
    case notAURL(String)
    case passwordInURL
    case noHost(String)
    case badPort(String)
    case noUser(String)
    case unknownParameter(String, known: [String])

    public var description: String {
        switch self {
        case .notAURL(let url):
            "\(url) is not a PostgreSQL URL such as postgres://dossier@db.example:5432/archive"
        case .passwordInURL:
            "a database URL may not carry a password (it would be seen on command lines and in logs); set PGPASSWORD or put it in ~/.pgpass (mode 0600)"
        case .noHost(let url):
            "\(url) names no server; write it as postgres://USER@HOST:PORT/DATABASE"
        case .badPort(let url):
            "\(url) has a port outside 1–65535"
        case .noUser(let url):
            "\(url) names no role; write it as postgres://USER@HOST/DATABASE or set PGUSER"
        case .unknownParameter(let name, let known):
            "the database URL's \(name) is not understood; it may give \(known.joined(separator: ", "))"
        }
    }
}
