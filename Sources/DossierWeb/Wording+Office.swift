import DossierOffice
import DossierStore
import Foundation

/// The office's refusals worded for a page. English is the office's own sentence; Chinese says
/// the same facts, and where the English names a command to type, it says what to do on the
/// pages instead. A payload that is already an English sentence follows a short Chinese lead.
extension OfficeError {
    /// The sentence for this refusal in `language`.
    package func sentence(in language: PageLanguage) -> String {
        switch language {
        case .english: english
        case .chinese: chinese
        }
    }

    /// The office's sentence, but where it names a command to type, what to do on the pages.
    private var english: String {
        switch self {
        case .unknownActor(let id, _):
            "\(id) is not in the staff directory; an administrator adds them"
        case .noActor:
            "who acts is unknown; please log in"
        case .noDossier(let id):
            "there is no dossier \(id)"
        case .noTask(let id):
            "there is no task \(id)"
        case .noArchiveNumber(let number):
            "no registered dossier has archive number \(number); the register lists them"
        case .notALoan(let id, let workflow):
            "dossier \(id) runs \(workflow), not a lending workflow"
        case .loanClosed(let id, let state):
            "loan \(id) is closed (\(state))"
        case .taskDone(let task, _, let by, let action, _):
            "task \(task) is already done: \(by ?? "someone") took '\(action ?? "?")'; reload the page to see where it stands"
        case .noVersion(let kind, let id, let version):
            "\(kind) \(id) has no version \(version)"
        default:
            description
        }
    }

    /// Every case in Chinese; no `default:`, so a new case is worded before it compiles.
    private var chinese: String {
        switch self {
        case .unknownActor(let id, let canChoose):
            "员工名录中没有 \(id)；" + (canChoose ? "请改以名录中某位员工的身份操作，或请管理员将 \(id) 添加到员工名录。" : "请管理员将 \(id) 添加到员工名录。")
        case .departedActor(let id):
            "\(id) 已离职，不能再办理任何事务。"
        case .noActor(let canChoose):
            "无法确定操作人：此账户没有登录名；" + (canChoose ? "请指定以哪位员工的身份操作。" : "请先登录。")
        case .notPermitted(let person, let what, let needs):
            "\(person) 无权执行此操作（\(what)）："
                + (needs.count == 1 ? "这需要员工角色“\(needs[0])”。" : "这需要以下员工角色之一：\(needs.joined(separator: "、"))。")
        case .notAuthenticated(let reason):
            "身份验证未通过：\(reason)"
        case .mayNotRead(let person, let dossier, let reason):
            "\(person) 无权查阅档案 \(dossier)：\(reason)"
        case .lockedOut(let user, let until):
            "\(user) 登录失败次数过多，请于 \(LocalDateTime.chinese(until)) 之后再试。"
        case .noDossier(let id):
            "没有编号为 \(id) 的档案；请在任务列表中查看现有的档案。"
        case .noTask(let id):
            "没有编号为 \(id) 的任务；请在任务列表中查看现有的任务。"
        case .noArchiveNumber(let number):
            "没有档号为 \(number) 的已登记档案；请在档案登记本中查找。"
        case .notALoan(let id, let workflow):
            "档案 \(id) 运行的是流程 \(workflow)，不是借阅流程；请在借阅列表中查找借阅。"
        case .loanClosed(let id, let state):
            "借阅 \(id) 已关闭（\(state)）；请查看该档案的保管记录。"
        case .taskDone(let task, let dossier, let by, let action, let at):
            "任务 \(task) 已经办理：\(by.map { "\($0) " } ?? "有人")已于 \(LocalDateTime.chinese(at)) "
                + (action.map { "办理了“\($0)”" } ?? "办理了它") + "；请查看档案 \(dossier) 的任务列表。"
        case .noWorkflow(let id, let deployed):
            "没有部署流程 \(id)" + (deployed.isEmpty ? "。" : "；已部署的流程有：\(deployed.joined(separator: "、"))。")
        case .noCalendar(let id, let deployed):
            "没有部署日历 \(id)" + (deployed.isEmpty ? "。" : "；已部署的日历有：\(deployed.joined(separator: "、"))。")
        case .noVersion(let kind, let id, let version):
            "\(Self.kind(kind)) \(id) 没有第 \(version) 版" + (kind == "workflow" ? "；请在该流程的页面查看它的各个版本。" : "。")
        case .damagedDefinition(let id, let version):
            "已存储的流程 \(id) 第 \(version) 版已无法编译：存储库在 Dossier 之外被改动过；请联系系统管理员。"
        case .invalid(let message):
            "请求无效：\(message)"
        case .refused(let message):
            "操作被拒绝：\(message)"
        }
    }

    /// A kind of definition: `workflow` → 流程, `calendar` → 日历, any other as it is.
    private static func kind(_ kind: String) -> String {
        switch kind {
        case "workflow": "流程"
        case "calendar": "日历"
        default: kind
        }
    }
}

/// The store's refusals worded for a page. English is the store's own sentence; Chinese says
/// the same facts without the commands and options of the command line, and a lost race asks
/// the reader to reload the page and try again.
extension StoreError {
    /// The sentence for this error in `language`.
    package func sentence(in language: PageLanguage) -> String {
        switch language {
        case .english: english
        case .chinese: chinese
        }
    }

    /// The store's sentence, but where it names a command or option, what a page's reader does.
    private var english: String {
        switch self {
        case .missing(let path): "there is no Dossier store at \(path); please tell the administrator"
        case .alreadyExists(let path): "a store already exists at \(path) and was left unchanged"
        case .symbolicLink(let path, let target): "\(path) is a symbolic link (to \(target)) and was left as it is"
        case .conflict(let what): "\(what) changed while this request ran (someone else acted on it first); nothing was written: reload the page and try again"
        case .readOnly(let path, _): "the service may read the store \(path) but not change it; nothing was written: please tell the administrator"
        case .timeGoesBackwards: description.replacingOccurrences(of: " (its last event, or its clock: `dossier clock`)", with: "")
        default: description
        }
    }

    /// Every case in Chinese; no `default:`, so a new case is worded before it compiles.
    private var chinese: String {
        switch self {
        case .missing(let path):
            "\(path) 处没有 Dossier 存储库；请联系系统管理员。"
        case .alreadyExists(let path):
            "\(path) 处已有存储库，未做任何更改。"
        case .fileExists(let path):
            "\(path) 已存在，未做任何更改；存储库的副本须写入一个新文件，请另选文件名。"
        case .symbolicLink(let path, let target):
            "\(path) 是指向 \(target) 的符号链接，未做任何更改；存储库须建在真实路径上。"
        case .unreadable(let path, let reason):
            "无法将 \(path) 作为 Dossier 存储库打开：\(reason)"
        case .newerFormat(let path, let migration):
            "\(path) 由更新版本的 Dossier 写入（含迁移“\(migration)”），请使用该版本。"
        case .olderFormat(let path):
            "\(path) 的格式较旧，本次打开时未升级；正常打开时会自动升级，请联系系统管理员。"
        case .conflict(let what):
            "\(what) 已被其他人抢先修改，本次操作未保存任何内容；请刷新页面后再试。"
        case .duplicate(let message):
            "已存在同名记录：\(message)"
        case .notFound(let message):
            "未找到：\(message)"
        case .alreadyDone(let message):
            "此操作已经完成，不会重复执行：\(message)"
        case .archiveNumbersExhausted(let pattern, let largest):
            "档号规则 \(pattern) 已用完其序号的全部 \(largest) 个号码；请管理员在新版本流程中加大 {seq:N} 的位数。"
        case .busy(let path, _):
            "存储库 \(path) 正忙：另一项操作已占用写入超过 10 秒，本次未写入任何内容；请稍后再试。"
        case .readOnly(let path, _):
            "此账户只能读取存储库 \(path)，不能修改（文件或其所在文件夹在此不可写），本次未写入任何内容；请联系系统管理员。"
        case .writeFailed(let path, let cause):
            "无法写入存储库 \(path)（数据库的说明：\(cause)），本次未写入任何内容。"
        case .timeGoesBackwards(let requested, let last):
            "存储库中的时间不能倒退：\(LocalDateTime.chinese(requested)) 早于存储库的时间 \(LocalDateTime.chinese(last))（其最后一条记录的时间或其时钟）；请使用更晚的时间。"
        }
    }
}

/// The company's date and time in a Chinese sentence: `2026年3月2日 09:30`, in Asia/Shanghai.
private enum LocalDateTime {
    static func chinese(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "zh_CN")
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .current
        formatter.dateFormat = "yyyy年M月d日 HH:mm"
        return formatter.string(from: date)
    }
}
