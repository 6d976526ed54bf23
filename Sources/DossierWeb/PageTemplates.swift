import DossierDocuments
import Foundation
import Mustache

/// The web pages' templates (`Templates/web/*.html.mustache`, each filling in `layout`), their
/// words in each language (`Templates/web/strings.LANG.json`) and the stylesheet, read once
/// when the service starts.
package struct PageTemplates: Sendable {
    /// Why the pages cannot be served.
    package enum Failure: Error, Sendable, CustomStringConvertible {
        case unreadable(String)
        case invalidTemplate(String, reason: String)
        case invalidStrings(String, reason: String)

        package var description: String {
            switch self {
            case .unreadable(let path): "cannot read \(path): the web pages need the Templates/web folder shipped with dossier"
            case .invalidTemplate(let path, let reason): "the page template \(path) is not valid Mustache: \(reason)"
            case .invalidStrings(let path, let reason): "\(path) is not a JSON object of strings: \(reason)"
            }
        }
    }

    private let library: MustacheLibrary
    private let words: [PageLanguage: [String: String]]
    /// `Templates/web/dossier.css`, served at `/static/dossier.css`.
    package let stylesheet: String

    /// The templates in `folder` (a `Templates/web` folder).
    package init(folder: String) throws(Failure) {
        var library = MustacheLibrary()
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder) } catch { throw .unreadable(folder) }
        for name in names.sorted() where name.hasSuffix(".html.mustache") {
            let path = "\(folder)/\(name)"
            guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
            do {
                try library.register(String(decoding: data, as: UTF8.self), named: String(name.dropLast(".html.mustache".count)))
            } catch {
                throw .invalidTemplate(path, reason: "\(error)")
            }
        }
        self.library = library
        var words: [PageLanguage: [String: String]] = [:]
        for language in PageLanguage.allCases {
            let path = "\(folder)/strings.\(language.rawValue).json"
            guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
            do { words[language] = try JSONDecoder().decode([String: String].self, from: data) } catch {
                throw .invalidStrings(path, reason: "\(error)")
            }
        }
        self.words = words
        guard let css = FileManager.default.contents(atPath: "\(folder)/dossier.css") else { throw .unreadable("\(folder)/dossier.css") }
        stylesheet = String(decoding: css, as: UTF8.self)
    }

    /// The shipped pages: `web/` in the Templates folder the printed documents come from.
    package static func shipped() throws -> PageTemplates {
        try PageTemplates(folder: DocumentTemplates.locate().directory + "/web")
    }

    /// The words of the pages in `language`, by key (`{{t.key}}` in a template).
    package func words(_ language: PageLanguage) -> [String: String] {
        words[language] ?? [:]
    }

    /// Page `name` with `values`, framed by `frame` (who is logged in, the language, the
    /// navigation, the form token). A page the library lacks renders as an empty string, which
    /// a test of every page would catch.
    package func render(_ name: String, _ values: [String: Any], frame: PageFrame) -> String {
        var all = frame.values(words: words(frame.language))
        for (key, value) in values { all[key] = value }
        return library.render(all, withTemplate: name) ?? ""
    }
}

/// What every page shows around its content.
package struct PageFrame: Sendable {
    /// The page's language.
    package var language: PageLanguage
    /// The person logged in: id, name, and whether they manage (see the department's view).
    package var person: (id: String, name: String)?
    /// The token each form that changes something carries.
    package var formToken: String?
    /// The section of the navigation this page belongs to (`waiting`, `fines`, …).
    package var section: String
    /// The page's path and query without `lang`, for the language switch.
    package var path: String
    /// A sentence at the top: what was just done.
    package var notice: String?
    /// A sentence at the top: why something was refused.
    package var refusal: String?

    package init(language: PageLanguage, person: (id: String, name: String)?, formToken: String?, section: String, path: String,
                 notice: String? = nil, refusal: String? = nil) {
        self.language = language
        self.person = person
        self.formToken = formToken
        self.section = section
        self.path = path
        self.notice = notice
        self.refusal = refusal
    }

    func values(words: [String: String]) -> [String: Any] {
        var values: [String: Any] = [
            "t": words,
            "lang": language.rawValue,
            "section": [section: true],
            "other_language": language == .chinese
                ? ["tag": PageLanguage.english.rawValue, "name": "English", "href": switchLink(to: .english)]
                : ["tag": PageLanguage.chinese.rawValue, "name": "中文", "href": switchLink(to: .chinese)],
        ]
        if let person { values["person"] = ["id": person.id, "name": person.name] }
        if let formToken { values["form_token"] = formToken }
        if let notice { values["notice"] = notice }
        if let refusal { values["refusal"] = refusal }
        return values
    }

    /// This page's own address in `language`, as a query alone (never a path a crafted request
    /// could turn into another host's).
    private func switchLink(to language: PageLanguage) -> String {
        let query = path.split(separator: "?", maxSplits: 1).dropFirst().first.map { $0 + "&" } ?? ""
        return "?" + query + "lang=" + language.rawValue
    }
}
