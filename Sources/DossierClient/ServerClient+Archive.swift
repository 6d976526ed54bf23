import DossierAPI

extension ServerClient {
    /// Fills in a borrow slip (`POST /loans`).
    package func requestLoan(_ request: LoanRequestBody) async throws -> LoanRequestResponse {
        try await send(.POST, "/loans", body: request)
    }

    /// The loan ledger of lending workflow `workflow` (`GET /loans`).
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

    /// Lends loan `id`: the archivist hands the dossier out.
    package func lend(loan id: Int) async throws -> LoanChangeResponse {
        try await send(.POST, "/loans/\(id)/lending")
    }

    /// Renews loan `id` to a later date, with a reason.
    package func renew(loan id: Int, _ request: RenewRequest) async throws -> LoanChangeResponse {
        try await send(.POST, "/loans/\(id)/renewal", body: request)
    }

    /// Takes loan `id` back, checked item by item.
    package func returnLoan(_ id: Int, _ request: ReturnRequest) async throws -> LoanChangeResponse {
        try await send(.POST, "/loans/\(id)/return", body: request)
    }

    /// Where registered dossier `archiveNumber` is, and its loans.
    package func custody(_ archiveNumber: String, workflow: String) async throws -> CustodyBody {
        try await send(.GET, "/archive/\(Self.escaped(archiveNumber))/custody?workflow=" + Self.escaped(workflow))
    }

    /// Registered dossier `archiveNumber`, read on a right (the read, or the refused attempt, is an event).
    package func view(_ archiveNumber: String, workflow: String, version: Int? = nil) async throws -> DossierViewBody {
        try await send(.GET, "/archive/\(Self.escaped(archiveNumber))?workflow=" + Self.escaped(workflow) + (version.map { "&version=\($0)" } ?? ""))
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
    /// Person `user` and their open tasks.
    package func staffDetail(_ user: String) async throws -> StaffDetailBody {
        try await send(.GET, "/staff/\(Self.escaped(user))")
    }

    /// The on-time and completeness rates of `month` (`YYYY-MM`).
    package func performance(month: String) async throws -> [PerformanceLineBody] {
        try await send(.GET, "/reports/kpi?month=" + Self.escaped(month))
    }
}
