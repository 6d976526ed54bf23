/// Turns byte offsets of the input into lines and character columns.
///
/// Offsets are asked for in increasing order while parsing (each start tag comes after the
/// previous one), so the tracker walks the input once: linear in the file size even for a
/// file that is one long line.
struct PositionTracker {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var offset = 0
    private var line = 1
    private var column = 1

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// A tracker that already knows the position of the byte at `offset`.
    init(bytes: UnsafeBufferPointer<UInt8>, offset: Int, line: Int, column: Int) {
        self.bytes = bytes
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// The line and column of the byte at `target`. Moving backwards restarts from the top.
    mutating func position(at target: Int) -> (line: Int, column: Int) {
        let target = min(max(target, 0), bytes.count)
        if target < offset {
            offset = 0
            line = 1
            column = 1
        }
        while offset < target {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1  // count characters, not UTF-8 continuation bytes
            }
            offset += 1
        }
        return (line, column)
    }
}

/// Where an element's start tag stands in the input.
struct ElementSpan: Sendable {
    /// Byte offset of the `<`.
    var start: Int
    /// Byte offset just past the start tag's attributes.
    var end: Int
    var line: Int
    var column: Int
}

/// Finds attribute names inside a start tag's bytes.
enum StartTagScanner {
    /// Byte offset of attribute `name` within `bytes[span.start..<span.end]`, if present.
    static func offset(ofAttribute name: String, in bytes: UnsafeBufferPointer<UInt8>, span: ElementSpan) -> Int? {
        let wanted = Array(name.utf8)
        var index = span.start + 1
        let end = min(span.end, bytes.count)
        func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
        }
        // Skip the element name.
        while index < end, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/") {
            index += 1
        }
        while index < end {
            while index < end, isSpace(bytes[index]) { index += 1 }
            let nameStart = index
            while index < end, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "=") { index += 1 }
            let nameEnd = index
            if nameEnd == nameStart { return nil }
            if nameEnd - nameStart == wanted.count, bytes[nameStart..<nameEnd].elementsEqual(wanted) {
                return nameStart
            }
            while index < end, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "'") { index += 1 }
            guard index < end else { return nil }
            let quote = bytes[index]
            index += 1
            while index < end, bytes[index] != quote { index += 1 }
            index += 1
        }
        return nil
    }
}
