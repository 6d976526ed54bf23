import Foundation

/// A time zone's offsets from UTC as the system's zone database records them (a TZif file,
/// RFC 8536, under `/usr/share/zoneinfo` or `$TZDIR`).
///
/// Foundation answers the same questions through ICU, whose zone data takes a command about a
/// millisecond to load before its first answer. A zone whose rules end in a fixed offset (China
/// since 1991, India, Japan, UTC) is read here in microseconds; a zone that still changes its
/// clocks every year (its TZif footer names a daylight-saving rule) is not, and `LocalTime`
/// asks Foundation for it instead.
struct ZoneOffsets: Sendable, Hashable {
    /// Moments (seconds since 1970, UTC) at which the offset changes, ascending.
    private let transitions: [Int64]
    /// The offset in force from each transition on, in seconds east of UTC.
    private let offsets: [Int]
    /// The offset before the first transition.
    private let initialOffset: Int
    /// The offset after the last transition, from the file's footer.
    private let finalOffset: Int

    /// Seconds east of UTC at `seconds` since 1970.
    func offset(at seconds: Int64) -> Int {
        guard let last = transitions.last, seconds < last else { return finalOffset }
        guard seconds >= transitions[0] else { return initialOffset }
        // The last transition at or before `seconds`.
        var low = 0
        var high = transitions.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if transitions[middle] <= seconds { low = middle } else { high = middle - 1 }
        }
        return offsets[low]
    }

    /// The zone `identifier` (`Asia/Shanghai`) from the zone database, or `nil` when there is
    /// no such file, it is not a TZif file this reader understands, or its rules do not end in
    /// a fixed offset.
    static func load(_ identifier: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> ZoneOffsets? {
        let parts = identifier.split(separator: "/", omittingEmptySubsequences: false)
        guard !identifier.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else { return nil }
        let folder = environment["TZDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/share/zoneinfo"
        guard let data = FileManager.default.contents(atPath: folder + "/" + identifier) else { return nil }
        return parse(Array(data))
    }

    /// Reads a TZif file's 64-bit data block (version 2 and later) and its footer.
    static func parse(_ bytes: [UInt8]) -> ZoneOffsets? {
        var reader = TZifReader(bytes: bytes)
        // The version 1 block (32-bit times) comes first; a version 2+ file repeats the data
        // with 64-bit times after it, then the footer.
        guard let first = reader.header(), first.version >= 2, reader.skip(first.dataLength(timeSize: 4)),
              let header = reader.header(), header.version >= 2 else { return nil }
        var transitions: [Int64] = []
        for _ in 0..<header.timeCount {
            guard let time = reader.integer(8) else { return nil }
            transitions.append(time)
        }
        var typeIndices: [Int] = []
        for _ in 0..<header.timeCount {
            guard let index = reader.integer(1) else { return nil }
            typeIndices.append(Int(index))
        }
        var typeOffsets: [Int] = []
        for _ in 0..<header.typeCount {
            guard let offset = reader.integer(4), reader.skip(2) else { return nil }
            typeOffsets.append(Int(Int32(truncatingIfNeeded: offset)))
        }
        guard !typeOffsets.isEmpty, typeIndices.allSatisfy({ $0 < typeOffsets.count }),
              zip(transitions, transitions.dropFirst()).allSatisfy({ $0 < $1 }),
              reader.skip(header.characterCount + header.leapCount * 12 + header.standardCount + header.utcCount),
              let footer = reader.footer() else { return nil }
        let final: Int
        if footer.isEmpty {
            final = typeIndices.last.map { typeOffsets[$0] } ?? typeOffsets[0]
        } else {
            guard let fixed = fixedOffset(footer) else { return nil }
            final = fixed
        }
        return ZoneOffsets(transitions: transitions, offsets: typeIndices.map { typeOffsets[$0] }, initialOffset: typeOffsets[0],
                           finalOffset: final)
    }

    /// The offset a POSIX TZ string such as `CST-8` or `<+0530>-5:30` names, east of UTC; `nil`
    /// when the string also names a daylight-saving time.
    static func fixedOffset(_ rule: String) -> Int? {
        var rest = Substring(rule)
        if rest.first == "<" {
            guard let close = rest.firstIndex(of: ">") else { return nil }
            rest = rest[rest.index(after: close)...]
        } else {
            let name = rest.prefix { $0.isASCII && $0.isLetter }
            guard name.count >= 3 else { return nil }
            rest = rest.dropFirst(name.count)
        }
        var sign = 1
        if rest.first == "+" || rest.first == "-" {
            if rest.first == "-" { sign = -1 }
            rest = rest.dropFirst()
        }
        var seconds = 0
        for (index, part) in rest.split(separator: ":", omittingEmptySubsequences: false).enumerated() {
            guard index < 3, !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = Int(part) else { return nil }
            seconds += value * [3600, 60, 1][index]
        }
        // POSIX counts hours west of UTC: "CST-8" is eight hours east.
        return -sign * seconds
    }
}

/// Big-endian reading of a TZif file.
private struct TZifReader {
    struct Header {
        var version: Int
        var utcCount: Int
        var standardCount: Int
        var leapCount: Int
        var timeCount: Int
        var typeCount: Int
        var characterCount: Int

        /// The length of the data block after this header.
        func dataLength(timeSize: Int) -> Int {
            timeCount * timeSize + timeCount + typeCount * 6 + characterCount + leapCount * (timeSize + 4) + standardCount + utcCount
        }
    }

    let bytes: [UInt8]
    var position = 0

    mutating func header() -> Header? {
        guard position + 44 <= bytes.count, Array(bytes[position..<position + 4]) == Array("TZif".utf8) else { return nil }
        let versionByte = bytes[position + 4]
        let version = versionByte == 0 ? 1 : Int(versionByte) - Int(UInt8(ascii: "0"))
        position += 20
        var counts: [Int] = []
        for _ in 0..<6 {
            guard let count = integer(4), count >= 0, count < 1 << 20 else { return nil }
            counts.append(Int(count))
        }
        return Header(version: version, utcCount: counts[0], standardCount: counts[1], leapCount: counts[2], timeCount: counts[3],
                      typeCount: counts[4], characterCount: counts[5])
    }

    /// A signed big-endian integer of `size` bytes.
    mutating func integer(_ size: Int) -> Int64? {
        guard position + size <= bytes.count else { return nil }
        var value: UInt64 = 0
        for byte in bytes[position..<position + size] { value = value << 8 | UInt64(byte) }
        position += size
        let shift = UInt64(64 - 8 * size)
        return size == 1 ? Int64(value) : Int64(bitPattern: value << shift) >> Int64(shift)
    }

    mutating func skip(_ count: Int) -> Bool {
        guard count >= 0, position + count <= bytes.count else { return false }
        position += count
        return true
    }

    /// The text between the two newlines that end a version 2+ file.
    mutating func footer() -> String? {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\n") else { return nil }
        guard let end = bytes[(position + 1)...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        return String(decoding: bytes[(position + 1)..<end], as: UTF8.self)
    }
}
