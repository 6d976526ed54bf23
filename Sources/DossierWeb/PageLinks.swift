import Foundation

/// Links between pages: query values escaped, and the "page 2 of 7" bar of a long list.
package enum PageLinks {
    /// `value` escaped for a query string.
    package static func escape(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    /// The pagination bar: the current page, the count, and links to the previous and next.
    package static func pagination(page: Int, pages: Int, link: (Int) -> String) -> [String: Any] {
        var bar: [String: Any] = ["page": page, "pages": pages, "several": pages > 1]
        if page > 1 { bar["previous"] = link(page - 1) }
        if page < pages { bar["next"] = link(page + 1) }
        return bar
    }
}
