import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The login `dossier login` keeps: the server and the bearer token, in
/// `$XDG_CONFIG_HOME/dossier/credentials` (else `~/.config/dossier/credentials`), mode 0600.
package struct SavedLogin: Codable, Sendable, Hashable {
    package var server: String
    package var user: String
    package var token: String
    /// The certificate authority that signed an HTTPS server's certificate, when it is not one
    /// the system trusts.
    package var caFile: String?

    package init(server: String, user: String, token: String, caFile: String? = nil) {
        self.server = server
        self.user = user
        self.token = token
        self.caFile = caFile
    }

    enum CodingKeys: String, CodingKey {
        case server, user, token
        case caFile = "ca_file"
    }

    /// The credentials file for `environment`.
    package static func path(environment: [String: String]) -> String? {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") { return config + "/dossier/credentials" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.config/dossier/credentials"
    }

    /// The saved login, or `nil` when there is none.
    package static func load(from path: String) throws -> SavedLogin? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try JSONDecoder().decode(SavedLogin.self, from: data)
        } catch {
            throw RemoteFailure(description: "\(path) is not a saved Dossier login; remove it and run `dossier login` again", exitStatus: 1)
        }
    }

    /// Saves the login: the folder 0700, the file 0600, replaced whole.
    package func save(to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temporary = path + ".\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw RemoteFailure(description: "cannot write \(temporary): \(String(cString: strerror(errno)))", exitStatus: 1)
        }
        let bytes = Array(try JSONEncoder().encode(self)) + [UInt8(ascii: "\n")]
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        guard written == bytes.count, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw RemoteFailure(description: "cannot save the login in \(path): \(String(cString: strerror(errno)))", exitStatus: 1)
        }
    }

    /// Forgets the saved login.
    package static func remove(at path: String) {
        unlink(path)
    }
}
