import DossierAPI
import DossierOffice
import Foundation
import Hummingbird

extension Endpoints {
    /// People and the month's figures.
    static let reports: [Endpoint] = [
        Endpoint(method: .get, path: "/staff/{user}", operationID: "showStaff", summary: "One person and the tasks open for them.",
                 authenticated: true, requestSchema: nil, success: (200, "StaffDetail")) { _, context, office in
            let user = try text(context, "user")
            let detail = try await office.run(context) { try $0.staffDetail(user) }
            return try json(APIBodies.body(detail))
        },
        Endpoint(method: .get, path: "/reports/kpi", operationID: "performanceReport",
                 summary: "A month's on-time and completeness rates by department and person.", authenticated: true, requestSchema: nil,
                 success: (200, "PerformanceReport"), query: [("month", "string", "The month, e.g. 2026-03 (required).")]) { request, context, office in
            guard let month = request.uri.queryParameters["month"].map(String.init) else { throw OfficeError.invalid("the report needs month=YYYY-MM") }
            guard isMonth(month) else { throw OfficeError.invalid("month=\(month) is not a month such as 2026-03") }
            let report = try await office.run(context) { try $0.performance(month: month) }
            return try json(report.lines.map(APIBodies.body))
        },
    ]
}
