import DossierAPI
import DossierEngine
import DossierStore
import Foundation
import Hummingbird
import NIOCore

/// A request's context: Hummingbird's core plus who the request acts for, once authenticated.
package struct ServiceContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    /// The authenticated person; `nil` until `Authentication` has run.
    package var staff: StaffMember?
    /// The session the request came with.
    package var session: LoginSession?
    /// On a simulation store, the time the request acts at (`Dossier-Simulated-Time`), else `nil`: the clock.
    package var simulatedTime: Date?
    /// A web page's request: the session token its cookie carried, and the form it posted (its
    /// form token already checked by `PageSession`).
    package var sessionToken: String?
    package var form: [String: String] = [:]
    /// The address the request came from.
    package let remoteAddress: SocketAddress?

    package init(source: Source) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// How request bodies are read, as the fuzzer of request bodies reads them (`Fuzz/`).
    package var requestDecoder: JSONDecoder { APICoding.requestDecoder() }

    /// A request body is small JSON; anything larger is refused with 413.
    package var maxUploadSize: Int { 64 * 1024 }
}
