import DossierAPI

extension ServerClient {
    package func requestLoan(_ request: LoanRequestBody) async throws -> LoanRequestResponse {
        try await send(.POST, "/loans", body: request)
    }

    package func loans(workflow: String, overdue: Bool, all: Bool) async throws -> [LoanLineBody] {
        var query = ["workflow=" + Self.escaped(workflow)]
        if overdue { query.append("overdue=true") }
        if all { query.append("all=true") }
        return try await send(.GET, "/loans?" + query.joined(separator: "&"))
    }

    /// `approve`, `reject` or `complete` on loan `id`.
    package func takeLoanStep(_ action: String, loan id: Int, note: String?) async throws -> LoanChangeResponse {
        let resource = ["approve": "approval", "reject": "rejection", "complete": "completion"][action] ?? action
        return try await send(.POST, "/loans/\(id)/\(resource)", body: LoanNoteRequest(note: note))
    }

    package func lend(loan id: Int) async throws -> LoanChangeResponse {
        try await send(.POST, "/loans/\(id)/lending")
    }

    package func renew(loan id: Int, _ request: RenewRequest) async throws -> LoanChangeResponse {
        try await send(.POST, "/loans/\(id)/renewal", body: request)
    }

    package func returnLoan(_ id: Int, _ request: ReturnRequest) async throws -> LoanChangeResponse {
        try await send(.POST, "/loans/\(id)/return", body: request)
    }

    package func custody(_ archiveNumber: String, workflow: String) async throws -> CustodyBody {
        try await send(.GET, "/archive/\(Self.escaped(archiveNumber))/custody?workflow=" + Self.escaped(workflow))
    }

    package func view(_ archiveNumber: String, workflow: String) async throws -> DossierViewBody {
        try await send(.GET, "/archive/\(Self.escaped(archiveNumber))?workflow=" + Self.escaped(workflow))
    }
}

extension ServerClient {
    /// The safe's book: `scope` is in-safe, drafts or all.
    package func certificates(scope: String, dossier: Int?) async throws -> [CertificateBody] {
        try await send(.GET, "/certificates?scope=\(scope)" + (dossier.map { "&dossier=\($0)" } ?? ""))
    }
}

extension ServerClient {
    /// Version `version` (the latest when `nil`) of the `kind` definition `id`.
    package func definition(kind: String, id: String, version: Int?) async throws -> DefinitionDetailBody {
        try await send(.GET, "/definitions/\(kind)/\(Self.escaped(id))" + (version.map { "?version=\($0)" } ?? ""))
    }
}

extension ServerClient {
    package func staffDetail(_ user: String) async throws -> StaffDetailBody {
        try await send(.GET, "/staff/\(Self.escaped(user))")
    }

    package func performance(month: String) async throws -> [PerformanceLineBody] {
        try await send(.GET, "/reports/kpi?month=" + Self.escaped(month))
    }
}
