@_spi(Fuzzing) import DossierAPI
import Foundation
import FuzzSupport

/// The API's request bodies: the bytes as the body of every request the service reads.
/// Promises: nothing crashes, hangs or leaks; whatever decodes encodes and decodes again to the
/// same value (so what a client is told it sent is what the service read).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestBody(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    let unstable = RequestBodies.unstableDecodings(of: data)
    Fuzzing.expect(unstable.isEmpty, "these bodies change when sent again: \(unstable)")
    return 0
}
