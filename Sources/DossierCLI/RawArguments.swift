import Foundation

/// The arguments as the shell passed them, before Swift reads them as text.
///
/// Swift replaces bytes that are not UTF-8 with U+FFFD when it makes `CommandLine.arguments`,
/// so a file named `$'\xff.txt'` would silently become `\u{FFFD}.txt`: a different file. Such an
/// argument is refused instead, naming the bytes.
enum RawArguments {
    /// The first argument that is not UTF-8, by its position (1 for the first after `dossier`),
    /// with its bytes written so that a terminal shows them (`\xff.txt`).
    static func firstNotUTF8() -> (position: Int, shown: String)? {
        for position in 1..<Int(CommandLine.argc) {
            guard let pointer = CommandLine.unsafeArgv[position] else { continue }
            if String(validatingCString: pointer) == nil {
                let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: strlen(pointer))
                return (position, shown(bytes))
            }
        }
        return nil
    }

    /// Printable ASCII as it is, every other byte as `\xNN`.
    static func shown(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { (0x20..<0x7f).contains($0) && $0 != UInt8(ascii: "\\") ? String(UnicodeScalar($0)) : "\\x" + String($0, radix: 16, uppercase: false).leftPadded(to: 2) }
            .joined()
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
