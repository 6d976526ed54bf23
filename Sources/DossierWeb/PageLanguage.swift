import Foundation

/// The language a page is written in: Chinese (zh-CN) unless the person chose English, by the
/// switch on every page (a cookie) or by their browser's `Accept-Language`.
package enum PageLanguage: String, Sendable, CaseIterable {
    case chinese = "zh-CN"
    case english = "en"

    /// The language a request asks for: the switch's choice if it made one, else the first of
    /// `Accept-Language` this office speaks, else Chinese.
    package static func preferred(choice: String?, acceptLanguage: String?) -> PageLanguage {
        if let choice, let chosen = PageLanguage(tag: choice) { return chosen }
        let ranges = (acceptLanguage ?? "").split(separator: ",").compactMap { part -> (tag: String, quality: Double)? in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first, !tag.isEmpty else { return nil }
            let quality = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return (tag, quality)
        }
        for range in ranges.sorted(by: { $0.quality > $1.quality }) where range.quality > 0 {
            if let language = PageLanguage(tag: range.tag) { return language }
        }
        return .chinese
    }

    /// `zh`, `zh-CN`, `zh-Hans…` → Chinese; `en`, `en-GB`… → English.
    package init?(tag: String) {
        let primary = tag.lowercased().split(separator: "-").first.map(String.init) ?? ""
        switch primary {
        case "zh": self = .chinese
        case "en": self = .english
        default: return nil
        }
    }
}
