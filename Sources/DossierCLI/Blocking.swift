import Foundation

/// Runs async work from a synchronous command: the work runs on Swift's concurrency pool while
/// the command's thread waits for its result.
enum Blocking {
    static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let finished = DispatchSemaphore(value: 0)
        let outcome = Outcome<T>()
        Task.detached {
            do { outcome.result = .success(try await body()) } catch { outcome.result = .failure(error) }
            finished.signal()
        }
        finished.wait()
        guard let result = outcome.result else { throw CommandFailure("the work ended without a result") }
        return try result.get()
    }

    /// The result, handed from the task to the waiting thread.
    private final class Outcome<T: Sendable>: @unchecked Sendable {
        // Written by the task before it signals; read after the wait.
        var result: Result<T, any Error>?
    }
}
