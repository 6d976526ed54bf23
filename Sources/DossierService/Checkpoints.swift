import DossierOffice
import DossierStore
import Foundation
import Logging
import NIOPosix

/// Signs a checkpoint of the event chain at least every `interval` events and when the service
/// stops.
actor Checkpoints {
    let store: any DossierStore
    let key: AuditSigningKey
    let interval: Int
    let logger: Logger
    private var signedUpTo: Int?

    init(store: any DossierStore, key: AuditSigningKey, interval: Int, logger: Logger) {
        self.store = store
        self.key = key
        self.interval = interval
        self.logger = logger
    }

    /// Signs when `interval` events or more came since the last checkpoint.
    /// The head, read after every write, is read on the thread pool: the store waits for its
    /// answer (PostgreSQL's, over the network), which should not hold one of the few threads of
    /// Swift's cooperative pool. Signing itself, once in `interval` events, stays on the actor,
    /// so that two signings never interleave.
    func afterWrite() async throws {
        let store = self.store
        let (head, latest) = try await NIOThreadPool.singleton.runIfActive { [signedUpTo] in
            (try store.chainHead(), signedUpTo == nil ? try store.checkpoints().last?.sequence ?? 0 : nil)
        }
        if signedUpTo == nil { signedUpTo = latest }
        guard head.sequence - (signedUpTo ?? 0) >= interval else { return }
        try sign()
    }

    /// Signs the current head now (unless it is signed already) and returns the latest checkpoint.
    func signNow() throws -> AuditCheckpoint? {
        try sign()
        return try store.checkpoints().last
    }

    /// Signs the current head unless it is signed already.
    func sign() throws {
        let head = try store.chainHead()
        if let last = try store.checkpoints().last, last.sequence == head.sequence {
            signedUpTo = head.sequence
            return
        }
        let checkpoint = try key.sign(head, at: Date())
        try store.addCheckpoint(checkpoint)
        signedUpTo = checkpoint.sequence
        logger.info("signed checkpoint", metadata: ["sequence": "\(checkpoint.sequence)", "head": "\(checkpoint.head)"])
    }
}
