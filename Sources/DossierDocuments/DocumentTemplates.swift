import DossierDefinition
import Foundation
import Mustache

/// The printable documents in `Templates/` (register page, supplementary list, fines
/// statement…), each as plain text and as HTML for A4, rendered with Mustache from plain
/// values: the templates decide the layout, Swift only supplies the facts.
public struct DocumentTemplates: Sendable {
    /// A document's output form.
    public enum Form: String, Sendable, CaseIterable {
        /// Plain text, for the terminal and e-mail.
        case text
        /// HTML that prints on A4 with a signature line per signer.
        case html

        var fileExtension: String { self == .text ? "txt" : "html" }
    }

    /// Why a document could not be rendered.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// No Templates folder was found.
        case notFound(searched: [String])
        /// The template file is missing.
        case missingTemplate(String)
        /// The template does not parse.
        case invalidTemplate(String, reason: String)

        public var description: String {
            switch self {
            case .notFound(let searched):
                "cannot find the Templates folder (looked in \(searched.joined(separator: ", "))); set DOSSIER_HOME to the folder holding Templates/"
            case .missingTemplate(let path):
                "the template \(path) is missing"
            case .invalidTemplate(let path, let reason):
                "the template \(path) is not valid Mustache: \(reason)"
            }
        }
    }

    /// The folder holding the templates.
    public let directory: String

    /// Templates in `directory`.
    public init(directory: String) {
        self.directory = directory
    }

    /// The shipped Templates folder: `$DOSSIER_HOME/Templates`, `./Templates`, or one beside the
    /// executable, in an installation's `PREFIX/share/dossier/`, or above the executable.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment,
                              executable: String = DefinitionSchemas.runningExecutable()) throws(Failure) -> DocumentTemplates {
        let candidates = DefinitionSchemas.shippedFolderCandidates("Templates", environment: environment, executable: executable)
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0 + "/register.txt.mustache") }) else {
            throw .notFound(searched: candidates)
        }
        return DocumentTemplates(directory: found)
    }

    /// Renders document `name` (e.g. `register`) in `form` with `values`. In plain text every
    /// string from the store has its control characters escaped (`VisibleText`); HTML escapes
    /// what it must itself.
    public func render(_ name: String, form: Form, values: [String: Any]) throws(Failure) -> String {
        let path = "\(directory)/\(name).\(form.fileExtension).mustache"
        guard let data = FileManager.default.contents(atPath: path) else { throw .missingTemplate(path) }
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: String(decoding: data, as: UTF8.self))
        } catch {
            throw .invalidTemplate(path, reason: "\(error)")
        }
        return template.render(form == .text ? VisibleText.escapedValues(values) : values)
    }
}
