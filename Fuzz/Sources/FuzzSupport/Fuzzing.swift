import Foundation

/// How a target says that an input broke a promise: a crash is what libFuzzer records (and
/// saves the input for), so a broken invariant ends the process with its sentence.
public enum Fuzzing {
    /// Ends the run with `message`: an invariant does not hold for this input.
    public static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("invariant broken: \(message)\n".utf8))
        abort()
    }

    /// Ends the run with `message` unless `condition` holds.
    public static func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fail(message()) }
    }
}

/// Reads typed values off the fuzzer's bytes, front to back, as LLVM's `FuzzedDataProvider`
/// does; past the end every value is its smallest.
public struct FuzzInput {
    private var bytes: ArraySlice<UInt8>

    /// The input `count` bytes at `start`.
    public init(_ start: UnsafeRawPointer, _ count: Int) {
        bytes = ArraySlice(UnsafeRawBufferPointer(start: start, count: count))
    }

    /// One byte.
    public mutating func byte() -> UInt8 {
        bytes.popFirst() ?? 0
    }

    /// A whole number in `range`, from as many bytes as the range needs.
    public mutating func integer(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound)
        var value: UInt64 = 0
        var needed = span
        while needed > 0 {
            value = value << 8 | UInt64(byte())
            needed >>= 8
        }
        return range.lowerBound + Int(span == UInt64.max ? value : value % (span + 1))
    }

    /// One of `choices`.
    public mutating func pick<T>(_ choices: [T]) -> T {
        choices[integer(in: 0...(choices.count - 1))]
    }

    /// Text of at most `limit` bytes, up to the next zero byte (decoded as UTF-8, repairing).
    public mutating func text(upTo limit: Int = 256) -> String {
        var taken: [UInt8] = []
        while taken.count < limit, let next = bytes.popFirst(), next != 0 { taken.append(next) }
        return String(decoding: taken, as: UTF8.self)
    }

    /// Whatever is left.
    public mutating func rest() -> [UInt8] {
        defer { bytes = [] }
        return Array(bytes)
    }
}
