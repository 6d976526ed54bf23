import DossierEngine
import DossierOffice
import DossierStore

/// Why something was refused, in a sentence for a page's reader: Chinese or English. The
/// engine's and the office's refusals are data; this is where the web pages word them (the CLI
/// and the API word the same facts for theirs).
package enum Wording {
    /// The sentence for `error` in `language`; errors the pages do not know are worded as a
    /// failure to finish, without details (the service's log has them).
    package static func sentence(_ error: any Error, in language: PageLanguage) -> String {
        switch error {
        case let refusal as Refusal: refusal.sentence(in: language)
        case let office as OfficeError: office.sentence(in: language)
        case let store as StoreError: store.sentence(in: language)
        default:
            language == .chinese ? "未能完成操作，请稍后再试；详情见服务日志。" : "The request could not be completed; the service's log has the details."
        }
    }
}
