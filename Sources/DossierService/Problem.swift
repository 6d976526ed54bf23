import DossierAPI
import DossierEngine
import DossierOffice
import DossierStore
import Foundation
import Hummingbird

/// An error as an RFC 9457 `application/problem+json` response: a stable `type` per kind of
/// refusal, the sentence in `detail`, the facts as fields, and the CLI's exit status in `exit`
/// (400 ↔ 64, 401/403 ↔ 77, 409 ↔ 75, 422 ↔ 1).
struct Problem: HTTPResponseError {
    var status: HTTPResponse.Status
    var body: ProblemBody
    var headers: HTTPFields = [:]

    init(status: HTTPResponse.Status, kind: String, title: String, detail: String, exit: Int32, facts: [String: String]? = nil) {
        self.status = status
        body = ProblemBody(type: "/api/v1/problems/\(kind)", title: title, status: Int(status.code), detail: detail, exit: exit, facts: facts)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        let data = try APICoding.encoder().encode(body)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The problem for any error a handler throws.
    static func from(_ error: any Error) -> Problem {
        switch error {
        case let problem as Problem: return problem
        case let office as OfficeError: return from(office)
        case let refusal as Refusal:
            return Problem(status: .unprocessableContent, kind: "refused/" + caseName(refusal), title: "Refused by the workflow's rules",
                           detail: refusal.description, exit: 1, facts: facts(refusal))
        case let store as StoreError: return from(store)
        case let refusal as DeploymentRefusal:
            var problem = Problem(status: .unprocessableContent, kind: "invalid-definitions", title: "Definitions with errors", detail: refusal.summary,
                                  exit: 1)
            problem.body.diagnostics = refusal.diagnostics.isEmpty ? nil : refusal.diagnostics
            return problem
        case let gap as WorkingCalendar.Gap:
            return Problem(status: .unprocessableContent, kind: "calendar-gap", title: "No working-day data", detail: gap.description, exit: 1)
        case is DecodingError:
            return malformed(nil)
        case let http as HTTPError where http.status == .badRequest:
            // Hummingbird reports a body that does not decode this way.
            return malformed(http.body)
        case let http as HTTPError:
            return Problem(status: http.status, kind: "http", title: http.status.reasonPhrase, detail: http.body ?? http.status.reasonPhrase,
                           exit: exitStatus(http.status))
        default:
            return Problem(status: .internalServerError, kind: "internal", title: "Internal error",
                           detail: "the service could not complete the request; its log has the details", exit: 1)
        }
    }

    static func malformed(_ reason: String?) -> Problem {
        Problem(status: .badRequest, kind: "malformed-request", title: "Malformed request",
                detail: "the request body is not the JSON this endpoint takes" + (reason.map { " (\($0))" } ?? "") + "; see /api/v1/openapi.json", exit: 64)
    }

    static func from(_ error: OfficeError) -> Problem {
        let detail = error.description
        switch error {
        case .notPermitted(let person, let what, let needs):
            return Problem(status: .forbidden, kind: "not-permitted", title: "Not permitted", detail: detail, exit: 77,
                           facts: ["person": person, "what": what, "needs_role": needs.joined(separator: " ")])
        case .mayNotRead(let person, let dossier, _):
            return Problem(status: .forbidden, kind: "may-not-read", title: "May not read this dossier", detail: detail, exit: 77,
                           facts: ["person": person, "dossier": String(dossier)])
        case .notAuthenticated:
            var problem = Problem(status: .unauthorized, kind: "not-authenticated", title: "Not authenticated", detail: detail, exit: 77)
            problem.headers[.wwwAuthenticate] = "Bearer realm=\"dossier\""
            return problem
        case .lockedOut(let user, let until):
            var problem = Problem(status: .tooManyRequests, kind: "locked-out", title: "Too many failed logins", detail: detail, exit: 77,
                                  facts: ["user": user, "until": ISO8601DateFormatter().string(from: until)])
            problem.headers[.retryAfter] = String(max(1, Int(until.timeIntervalSinceNow.rounded(.up))))
            return problem
        case .noTask(let id):
            return Problem(status: .notFound, kind: "no-task", title: "No such task", detail: detail, exit: 1, facts: ["task": String(id)])
        case .noArchiveNumber(let number):
            return Problem(status: .notFound, kind: "no-archive-number", title: "No dossier with that archive number", detail: detail, exit: 1,
                           facts: ["archive_number": number])
        case .notALoan(let id, let workflow):
            return Problem(status: .unprocessableContent, kind: "not-a-loan", title: "Not a loan", detail: detail, exit: 1,
                           facts: ["dossier": String(id), "workflow": workflow])
        case .loanClosed(let id, let state):
            return Problem(status: .unprocessableContent, kind: "loan-closed", title: "Loan closed", detail: detail, exit: 1,
                           facts: ["loan": String(id), "state": state])
        case .noDossier(let id):
            return Problem(status: .notFound, kind: "no-dossier", title: "No such dossier", detail: detail, exit: 1, facts: ["dossier": String(id)])
        case .noWorkflow(let id, _):
            return Problem(status: .notFound, kind: "no-workflow", title: "No such workflow", detail: detail, exit: 1, facts: ["workflow": id])
        case .noCalendar(let id, _):
            return Problem(status: .notFound, kind: "no-calendar", title: "No such calendar", detail: detail, exit: 1, facts: ["calendar": id])
        case .noVersion(let kind, let id, let version):
            return Problem(status: .notFound, kind: "no-version", title: "No such version", detail: detail, exit: 1,
                           facts: ["kind": kind, "id": id, "version": String(version)])
        case .invalid:
            return Problem(status: .badRequest, kind: "invalid", title: "Invalid request", detail: detail, exit: 64)
        case .taskDone(let task, let dossier, let by, let action, _):
            return Problem(status: .unprocessableContent, kind: "task-done", title: "Task already done", detail: detail, exit: 1,
                           facts: ["task": String(task), "dossier": String(dossier), "closed_by": by ?? "", "action": action ?? ""])
        case .unknownActor, .departedActor, .noActor:
            return Problem(status: .forbidden, kind: "not-staff", title: "Not current staff", detail: detail, exit: 77)
        case .damagedDefinition, .refused:
            return Problem(status: .unprocessableContent, kind: "refused", title: "Refused", detail: detail, exit: 1)
        }
    }

    static func from(_ error: StoreError) -> Problem {
        let detail = error.description
        switch error {
        case .conflict(let what):
            return Problem(status: .conflict, kind: "lost-race", title: "Changed by someone else first", detail: detail, exit: 75, facts: ["what": what])
        case .busy:
            var problem = Problem(status: .serviceUnavailable, kind: "busy", title: "The store is busy", detail: detail, exit: 75)
            problem.headers[.retryAfter] = "1"
            return problem
        case .notFound:
            return Problem(status: .notFound, kind: "not-found", title: "Not found", detail: detail, exit: 1)
        case .duplicate:
            return Problem(status: .unprocessableContent, kind: "duplicate", title: "Already exists", detail: detail, exit: 1)
        case .alreadyDone:
            return Problem(status: .unprocessableContent, kind: "already-done", title: "Already done", detail: detail, exit: 1)
        case .timeGoesBackwards:
            return Problem(status: .unprocessableContent, kind: "time-goes-backwards", title: "Time goes backwards", detail: detail, exit: 1)
        case .archiveNumbersExhausted:
            return Problem(status: .unprocessableContent, kind: "archive-numbers-exhausted", title: "Archive numbers exhausted", detail: detail, exit: 1)
        case .fileExists:
            return Problem(status: .unprocessableContent, kind: "file-exists", title: "The file exists", detail: detail, exit: 1)
        case .missing, .alreadyExists, .symbolicLink, .unreadable, .newerFormat, .olderFormat, .readOnly, .writeFailed:
            return Problem(status: .internalServerError, kind: "store", title: "The store cannot be used", detail: detail, exit: 1)
        }
    }

    static func exitStatus(_ status: HTTPResponse.Status) -> Int32 {
        switch status.code {
        case 400: 64
        case 401, 403, 429: 77
        case 409: 75
        default: 1
        }
    }

    /// The enum case's name in kebab case: `guardsUnmet` → `guards-unmet`.
    static func caseName(_ value: Any) -> String {
        let name = Mirror(reflecting: value).children.first?.label ?? String(describing: value)
        return name.reduce(into: "") { result, character in
            if character.isUppercase { result += "-" + character.lowercased() } else { result.append(character) }
        }
    }

    /// The associated values of an enum case, as text fields.
    static func facts(_ value: Any) -> [String: String]? {
        guard let payload = Mirror(reflecting: value).children.first?.value else { return nil }
        let children = Mirror(reflecting: payload).children
        guard !children.isEmpty else { return ["value": String(describing: payload)] }
        var facts: [String: String] = [:]
        for (index, child) in children.enumerated() {
            let label = child.label.map { $0.hasPrefix(".") ? "value\(index)" : $0 } ?? "value\(index)"
            facts[label] = text(child.value)
        }
        return facts
    }

    private static func text(_ value: Any) -> String {
        switch value {
        case let list as [String]: list.joined(separator: ", ")
        case let optional as String?: optional ?? ""
        default: String(describing: value)
        }
    }
}

/// Turns every error a route throws into a problem response.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Problem.from(error)
            if problem.status.code >= 500 {
                context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            return try problem.response(from: request, context: context)
        }
    }
}
