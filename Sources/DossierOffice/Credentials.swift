import Crypto
import Foundation
import HummingbirdBcrypt

/// Passwords and session tokens: bcrypt for the one, 256 random bits stored as SHA-256 for the other.
package enum Credentials {
    /// The shortest password accepted, in characters.
    package static let minimumLength = 10
    /// bcrypt reads at most 72 bytes; a longer password would be cut silently, so it is refused.
    package static let maximumBytes = 72

    /// Why `password` cannot be used, or `nil` when it can.
    package static func weakness(of password: String) -> String? {
        if password.count < minimumLength { return "a password needs at least \(minimumLength) characters" }
        if password.utf8.count > maximumBytes { return "a password may have at most \(maximumBytes) bytes (bcrypt reads no more)" }
        if password.utf8.contains(0) || password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "a password may not contain control characters"
        }
        return nil
    }

    /// bcrypt's text form of `password`, salted, at `cost` (log2 of the rounds).
    package static func hash(_ password: String, cost: Int) -> String {
        Bcrypt.hash(password, cost: UInt8(clamping: max(4, min(cost, 31))))
    }

    /// Whether `password` matches `hash`; a `nil` hash (no such person, no password) still costs
    /// a bcrypt check, so the answer's timing does not tell whether the person exists.
    package static func matches(_ password: String, hash: String?) -> Bool {
        guard let hash else {
            _ = Bcrypt.verify(password, hash: placeholderHash)
            return false
        }
        return Bcrypt.verify(password, hash: hash)
    }

    /// A hash of a random password nobody knows, checked against for unknown people.
    private static let placeholderHash = Bcrypt.hash(newToken(), cost: 12)

    /// A new session token: 256 random bits from the system's generator, base64url without padding.
    package static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// What the store keeps of a token: its SHA-256, as lowercase hex.
    package static func digest(ofToken token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The token a web page's forms carry for the session of `token`: an HMAC of a fixed label
    /// under the session token, which only a page served to the session's own browser can show
    /// (another site can send the session cookie but cannot read it).
    package static func formToken(forSession token: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data("dossier-form".utf8), using: SymmetricKey(data: Data(token.utf8)))
        return Data(code).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `given` is the form token of the session of `token`, compared in constant time.
    package static func isFormToken(_ given: String, forSession token: String) -> Bool {
        let expected = Array(formToken(forSession: token).utf8)
        let given = Array(given.utf8)
        guard given.count == expected.count else { return false }
        return zip(given, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
