import DossierStore
import Foundation

/// How the service guards logins: session lifetimes, the lockout after failed logins, and how
/// slow the password hash is. One value, built once by the edge that serves.
package struct AccessPolicy: Sendable, Hashable {
    /// How long sessions last.
    package var lifetime: SessionLifetime
    /// This many failed logins of one person within `failureWindow` lock the person out…
    package var failuresBeforeLockout: Int
    package var failureWindow: TimeInterval
    /// …for this long after the last of them.
    package var lockout: TimeInterval
    /// bcrypt's cost (log2 of its rounds).
    package var passwordCost: Int

    /// Creates a policy.
    package init(lifetime: SessionLifetime = .standard, failuresBeforeLockout: Int = 5, failureWindow: TimeInterval = 60,
                 lockout: TimeInterval = 300, passwordCost: Int = 12) {
        self.lifetime = lifetime
        self.failuresBeforeLockout = failuresBeforeLockout
        self.failureWindow = failureWindow
        self.lockout = lockout
        self.passwordCost = passwordCost
    }

    /// Failed logins before this moment can no longer lock anyone out at `time`.
    package func forgetFailuresBefore(_ time: Date) -> Date {
        time.addingTimeInterval(-(failureWindow + lockout))
    }

    /// The policy of a production office.
    package static let standard = AccessPolicy()
}
