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

    /// The signing under way, which a second caller waits for instead of signing beside it.
    private var signing: Task<Int?, any Error>?

    /// Signs when `interval` events or more came since the last checkpoint.
    /// The store is read and written on the thread pool: it waits for its answers
    /// (PostgreSQL's, over the network), which should not hold one of the few threads of
    /// Swift's cooperative pool.
    func afterWrite() async throws {
        let store = self.store
        let (head, latest) = try await NIOThreadPool.singleton.runIfActive { [signedUpTo] in
            (try store.chainHead(), signedUpTo == nil ? try store.latestCheckpoint()?.sequence ?? 0 : nil)
        }
        if signedUpTo == nil { signedUpTo = latest }
        guard head.sequence - (signedUpTo ?? 0) >= interval else { return }
        try await sign(unlessWithinIntervalOf: head.sequence)
    }

    /// Signs the current head now (unless it is signed already) and returns the latest checkpoint.
    func signNow() async throws -> AuditCheckpoint? {
        try await sign()
        let store = self.store
        return try await NIOThreadPool.singleton.runIfActive { try store.latestCheckpoint() }
    }

    /// Signs the current head unless it is signed already. A caller that comes while a signing
    /// is under way waits for it, so that two signings never interleave; then, when that signing
    /// left `sequence` fewer than `interval` events behind the latest checkpoint, it is done
    /// (the writes that came during a signing do not each sign again), else it signs the head
    /// as it is now.
    func sign(unlessWithinIntervalOf sequence: Int? = nil) async throws {
        while let running = signing {
            // Whichever caller resumes first records what was signed.
            if let signed = (try? await running.value) ?? nil { signedUpTo = max(signedUpTo ?? 0, signed) }
            if signing == running { signing = nil }
        }
        if let sequence, sequence - (signedUpTo ?? 0) < interval { return }
        let store = self.store, key = self.key, logger = self.logger
        let running = Task {
            try await NIOThreadPool.singleton.runIfActive { () -> Int? in
                let head = try store.chainHead()
                if let last = try store.latestCheckpoint(), last.sequence == head.sequence { return head.sequence }
                let checkpoint = try key.sign(head, at: Date())
                // Another server on the same database may have signed the same head a moment before.
                if try store.addCheckpoint(checkpoint) {
                    logger.info("signed checkpoint", metadata: ["sequence": "\(checkpoint.sequence)", "head": "\(checkpoint.head)"])
                }
                return checkpoint.sequence
            }
        }
        signing = running
        defer { if signing == running { signing = nil } }
        if let sequence = try await running.value { signedUpTo = max(signedUpTo ?? 0, sequence) }
    }
}
