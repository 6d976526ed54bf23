import Foundation

/// Every request body the service reads, for the fuzzer of request bodies (`Fuzz/`), which is a
/// package of its own and sees only what is public; `@_spi(Fuzzing)` keeps this out of the
/// library's interface for anyone else.
@_spi(Fuzzing) public enum RequestBodies {
    /// The names of the bodies `data` decodes as (the way the service decodes them) that do not
    /// survive being encoded and decoded again unchanged: empty when all is well.
    public static func unstableDecodings(of data: Data) -> [String] {
        bodies.compactMap { name, check in check(data) ? nil : name }
    }

    private static let bodies: [(String, @Sendable (Data) -> Bool)] = [
        ("LoginRequest", stable(LoginRequest.self)),
        ("NewStaffRequest", stable(NewStaffRequest.self)),
        ("PasswordRequest", stable(PasswordRequest.self)),
        ("AuditRequest", stable(AuditRequest.self)),
        ("DeployRequest", stable(DeployRequest.self)),
        ("AddCertificateRequest", stable(AddCertificateRequest.self)),
        ("AdvanceRequest", stable(AdvanceRequest.self)),
        ("StartRequest", stable(StartRequest.self)),
        ("RecordItemRequest", stable(RecordItemRequest.self)),
        ("VerifyItemRequest", stable(VerifyItemRequest.self)),
        ("WaiveRequest", stable(WaiveRequest.self)),
        ("ExtendRequest", stable(ExtendRequest.self)),
        ("LoanRequestBody", stable(LoanRequestBody.self)),
        ("LoanNoteRequest", stable(LoanNoteRequest.self)),
        ("RenewRequest", stable(RenewRequest.self)),
        ("ReturnRequest", stable(ReturnRequest.self)),
        ("ClockRequest", stable(ClockRequest.self)),
        ("SettlementRequest", stable(SettlementRequest.self)),
        ("ErasureRequest", stable(ErasureRequest.self)),
    ]

    /// Whether a body of type `T` decoded from `data` (if it decodes at all) encodes and decodes
    /// to the same value.
    private static func stable<T: Codable & Equatable & Sendable>(_ type: T.Type) -> @Sendable (Data) -> Bool {
        { data in
            guard let first = try? APICoding.requestDecoder().decode(T.self, from: data) else { return true }
            guard let encoded = try? APICoding.encoder().encode(first),
                  let second = try? APICoding.requestDecoder().decode(T.self, from: encoded) else { return false }
            return first == second
        }
    }
}
