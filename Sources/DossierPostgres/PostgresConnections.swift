import DossierStore
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization

/// The store's connections to PostgreSQL, kept open between transactions.
///
/// The store's methods are synchronous, as the office calls them (the service runs them on its
/// thread pool): each waits for postgres-nio's answers on NIO's own event loops, so no task of
/// Swift's cooperative pool is ever blocked waiting for another.
final class PostgresConnections: Sendable {
    let location: PostgresLocation
    private let configuration: PostgresConnection.Configuration
    private let idle = Mutex<[PostgresConnection]>([])
    private let nextID = Atomic<Int>(1)
    private let logger: Logger
    /// What the store's sessions may remember between transactions.
    let memory = StoreMemory()
    private static let eventLoops = MultiThreadedEventLoopGroup.singleton

    init(_ location: PostgresLocation, logger: Logger) throws(StoreError) {
        self.location = location
        self.logger = logger
        let tls: PostgresConnection.Configuration.TLS
        do {
            switch location.security {
            case .disable: tls = .disable
            case .prefer, .require:
                var settings = TLSConfiguration.makeClientConfiguration()
                settings.certificateVerification = .none
                let context = try NIOSSLContext(configuration: settings)
                tls = location.security == .prefer ? .prefer(context) : .require(context)
            case .verifyCA, .verifyFull:
                var settings = TLSConfiguration.makeClientConfiguration()
                settings.certificateVerification = location.security == .verifyFull ? .fullVerification : .noHostnameVerification
                tls = .require(try NIOSSLContext(configuration: settings))
            }
        } catch {
            throw .unreadable(path: location.description, reason: "TLS could not be set up (\(error))")
        }
        var configuration = PostgresConnection.Configuration(host: location.host, port: location.port, username: location.user,
                                                             password: location.password, database: location.database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        self.configuration = configuration
    }

    /// Runs `body` on a connection of the pool (a new one when none is idle), which goes back to
    /// the pool afterwards unless it was closed.
    func with<T>(_ body: (Session) throws -> T) throws -> T {
        let connection = try idle.withLock { $0.popLast() } ?? connect()
        defer {
            if !connection.isClosed { idle.withLock { $0.append(connection) } }
        }
        return try body(Session(connection: connection, logger: logger, location: location, memory: memory))
    }

    private func connect() throws -> PostgresConnection {
        let id = nextID.add(1, ordering: .relaxed).oldValue
        do {
            return try PostgresConnection.connect(on: Self.eventLoops.next(), configuration: configuration, id: id, logger: logger).wait()
        } catch {
            throw StoreError.unreadable(path: location.description, reason: "PostgreSQL could not be reached: \(Session.message(of: error))")
        }
    }

    /// Closes every idle connection.
    func close() {
        let connections = idle.withLock { idle in
            defer { idle.removeAll() }
            return idle
        }
        for connection in connections { try? connection.close().wait() }
    }

    deinit { close() }
}

/// One connection, lent for a transaction: statements run one after another, in the order
/// they were given. `rows` waits for a statement's answer; `send` gives the connection a
/// statement whose answer is needed later, if at all, so that a write's statements follow one
/// another on the connection without a thread waking up between them.
struct Session {
    let connection: PostgresConnection
    let logger: Logger
    let location: PostgresLocation
    let memory: StoreMemory
    /// The statements sent without waiting, in order.
    private let sent = SentStatements()
    /// The statements held for one batch, while the session holds them.
    private let held = HeldStatements()

    init(connection: PostgresConnection, logger: Logger, location: PostgresLocation, memory: StoreMemory) {
        self.connection = connection
        self.logger = logger
        self.location = location
        self.memory = memory
    }

    /// The rows `query` answers.
    @discardableResult
    func rows(_ query: PostgresQuery) throws -> [PostgresRow] {
        do {
            return try connection.query(query, logger: logger).wait().rows
        } catch {
            // After a failure PostgreSQL refuses every statement of the transaction: the first is the cause.
            throw firstFailure() ?? error
        }
    }

    /// Gives the connection `query` to run after those before it, without waiting for its answer.
    func send(_ query: PostgresQuery) -> Answer {
        let result = connection.query(query, logger: logger)
        sent.results.append(result)
        return Answer(source: .sent(result), session: self)
    }

    /// Sends `statement` as above or, while the session holds its statements (``hold()``), adds
    /// it to the batch ``flush()`` sends; `returning` names the columns of its `RETURNING`
    /// rows that the batch answers (one statement of a batch at most).
    func send(_ statement: Statement, returning columns: String? = nil) -> Answer {
        guard held.batch != nil else { return send(statement.query) }
        held.batch?.add(statement, returning: columns)
        let answer = HeldAnswer(isSelected: columns != nil)
        held.answers.append(answer)
        if (held.batch?.parameterCount ?? 0) > StatementBatch.parameterBudget { sendHeld() }
        return Answer(source: .held(answer), session: self)
    }

    /// Whether the session holds its statements for a batch.
    var isHolding: Bool { held.batch != nil }

    /// Holds the `Statement`s sent from now on for one batch.
    func hold() {
        held.batch = StatementBatch()
        held.answers = []
    }

    /// Sends the statements held as one query, and holds no more.
    func flush() {
        sendHeld()
        held.batch = nil
    }

    /// Sends the statements held so far as one query, and goes on holding those sent after them
    /// (for a statement that must see them, or a batch at its parameter budget).
    func sendHeld() {
        guard let batch = held.batch else { return }
        held.batch = StatementBatch()
        let result = batch.isEmpty ? nil : send(batch.query)
        for answer in held.answers {
            answer.isSent = true
            if answer.isSelected, case .sent(let rows)? = result?.source { answer.result = rows }
        }
        held.answers = []
    }

    /// Drops the statements held (the write failed before sending them), and holds no more.
    func discardHeld() {
        held.batch = nil
        held.answers = []
    }

    /// The answer to a statement sent without waiting.
    struct Answer {
        fileprivate enum Source {
            case sent(EventLoopFuture<PostgresQueryResult>)
            case held(HeldAnswer)
        }

        fileprivate let source: Source
        fileprivate let session: Session

        /// Its rows, once it has run (none for a statement of a batch that answers another's).
        func rows() throws -> [PostgresRow] {
            let result: EventLoopFuture<PostgresQueryResult>
            switch source {
            case .sent(let sent):
                result = sent
            case .held(let held):
                guard held.isSent else {
                    throw StoreError.writeFailed(path: session.location.description, cause: "a statement's answer was read before its batch was sent")
                }
                guard let answer = held.result else { return [] }
                result = answer
            }
            do {
                return try result.wait().rows
            } catch {
                throw session.firstFailure() ?? error
            }
        }
    }

    /// The first failure among the statements sent without waiting, once they have all run.
    private func firstFailure() -> (any Error)? {
        for result in sent.results {
            do { _ = try result.wait() } catch { return error }
        }
        return nil
    }

    /// Runs `body` in one transaction (`BEGIN … COMMIT`), rolled back when it throws.
    /// `readOnly` reads one snapshot; a write takes the chain head's lock first (see
    /// ``PostgresStore``), so writes are serialised as SQLite's `BEGIN IMMEDIATE` serialises them.
    /// `COMMIT` follows the statements `body` sent without waiting; when one of them failed,
    /// PostgreSQL rolls the transaction back instead, and its failure is thrown.
    func transaction<T>(readOnly: Bool, _ body: (Session) throws -> T) throws -> T {
        try transaction(readOnly: readOnly, finishing: { session in
            let result = try body(session)
            return { result }
        })
    }

    /// Runs `body` in one transaction as above; `body` returns how its result is read from the
    /// answers of what it sent, which is done after `COMMIT` has been sent behind them, so that
    /// no thread waits for an answer before the commit is on its way.
    func transaction<T>(readOnly: Bool, finishing body: (Session) throws -> () throws -> T) throws -> T {
        sent.results.removeAll()
        // Sent without waiting, as the statements after it: no thread waits for its answer (it is
        // still a round trip of its own: postgres-nio sends the next statement after this answer).
        _ = send(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN ISOLATION LEVEL READ COMMITTED")
        do {
            let finish = try body(self)
            let commit = send("COMMIT")
            // A statement that failed made PostgreSQL roll the transaction back at the `COMMIT`.
            _ = try commit.rows()
            if let failure = firstFailure() { throw failure }
            return try finish()
        } catch {
            if !connection.isClosed { _ = try? rows("ROLLBACK") }
            throw error
        }
    }

    /// PostgreSQL's own message for `error` (postgres-nio's description hides it), else the
    /// error's reflection.
    static func message(of error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return "\(underlying)" }
            return "\(error.code)"
        }
        return "\(error)"
    }
}

/// The results of a session's statements sent without waiting (one thread uses a session at a time).
private final class SentStatements {
    var results: [EventLoopFuture<PostgresQueryResult>] = []
}

/// The batch a session holds its statements in, and their answers to come.
private final class HeldStatements {
    var batch: StatementBatch?
    var answers: [HeldAnswer] = []
}

/// The answer to a statement held for a batch: the batch's, when it is the one selected.
final class HeldAnswer {
    let isSelected: Bool
    var isSent = false
    var result: EventLoopFuture<PostgresQueryResult>?

    init(isSelected: Bool) { self.isSelected = isSelected }
}
