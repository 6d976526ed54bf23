import DossierEngine
import DossierOffice
import Foundation
import HTTPTypes
import Hummingbird

/// `Dossier-Simulated-Time: 2026-03-02T09:30:00+08:00`: the time a request acts at, as `--at`
/// does on a local simulation store. Who acts is still the person logged in; a production
/// store refuses the header (`ServiceOffice`), since there the server's clock is the only time.
struct SimulatedClock: RouterMiddleware {
    static let header = HTTPField.Name("Dossier-Simulated-Time")

    func handle(_ request: Request, context: ServiceContext, next: (Request, ServiceContext) async throws -> Response) async throws -> Response {
        guard let name = Self.header, let text = request.headers[name] else { return try await next(request, context) }
        guard let time = ISO8601DateFormatter().date(from: text) else {
            throw OfficeError.invalid("\(name) \(text) is not a time such as 2026-03-02T09:30:00+08:00, \(LocalTime.acceptedMomentsText)")
        }
        var context = context
        context.simulatedTime = time
        return try await next(request, context)
    }
}
