import DossierEngine

/// The engine's refusals worded for a page. English is the engine's own sentence (but for the
/// few that name a command to type); Chinese says
/// the same facts (identifiers kept as they are), and where the English names a command to
/// type, it says what to do on the pages instead.
extension Refusal {
    /// The sentence for this refusal in `language`.
    package func sentence(in language: PageLanguage) -> String {
        switch language {
        case .english: english
        case .chinese: chinese
        }
    }

    /// The engine's sentence, but where it names a command to type, what to do on the pages.
    private var english: String {
        switch self {
        case .unknownItem(let item, let suggestion, let known) where known.count > 8:
            "the checklist has no item '\(item)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "; the dossier's page lists its \(known.count) items")
        case .startsBySchedule(let workflow, let every):
            "dossiers of \(workflow) start by themselves on its schedule (\(every)), each when its day comes"
        case .startsByFine(let workflow):
            "dossiers of \(workflow) start when a manager records a fine whose rule names it (restore=\"\(workflow)\")"
        case .unknownStaff(let person):
            "nobody called '\(person)' is in the staff directory; an administrator adds them"
        case .awaitingSignOff(let action, let waiting):
            "'\(action)' still waits for the sign-off of \(waiting.joined(separator: " and ")); they sign it on this page too"
        case .certificateNotOnDraft(let number, let draft?):
            "certificate \(number) is not on draft list \(draft)"
        case .alreadyLent(let number, let loan, let borrower, let due):
            "\(number) is out on loan \(loan) to \(borrower), due back by \(due); lend it when it is back"
        case .noDraftCertificateList(let dossier):
            "dossier \(dossier) has no certificate list waiting for signatures; add certificates to it first"
        case .takenByCommand(let action, let command):
            "'\(action)' is not taken by hand: it is done when \(command.hasPrefix("dossier backup") ? "a backup is taken" : "the office does what it records"), which records it on this task"
        default:
            description
        }
    }

    /// Every case in Chinese; no `default:`, so a new case is worded before it compiles.
    private var chinese: String {
        switch self {
        case .unknownField(let field, let suggestion, let known):
            "该流程没有字段“\(field)”" + (suggestion.map { "，您是否指的是“\($0)”？" } ?? "；它的字段有：\(Self.listed(known))。")
        case .missingFields(let fields):
            "缺少必填字段：\(Self.listed(fields))，请填写后再提交。"
        case .incompleteStart(let fields, let roles):
            "启动此流程前，请填写字段 \(Self.listed(fields))，并为角色 \(Self.listed(roles)) 指派承担人。"
        case .invalidField(let field, let value, let expected):
            "字段 \(field) 的值“\(value)”不符合要求（应为 \(expected)），请更正后再提交。"
        case .unknownItem(let item, let suggestion, let known):
            "档案清单中没有“\(item)”这一项" + (suggestion.map { "，您是否指的是“\($0)”？" } ?? Self.items(known))
        case .unknownRole(let role, let known):
            "该流程没有角色“\(role)”；它的角色有：\(Self.listed(known))。"
        case .unassignedRoles(let roles):
            "启动此流程前，请为角色 \(Self.listed(roles)) 指派承担人。"
        case .roleNotAssignable(let role, let binding):
            "角色“\(role)”不在启动时指派（它由流程自动确定：\(binding)），请不要为它指派人员。"
        case .startsBySchedule(let workflow, let every):
            "流程 \(workflow) 的档案按计划（\(every)）自动启动，无需手动创建；到了日子，系统会逐份启动。"
        case .startsByFine(let workflow):
            "流程 \(workflow) 的档案不能手动启动：管理人员登记一笔规则指明该流程（restore=\"\(workflow)\"）的罚款时，它会自动启动；请改为登记相应的罚款。"
        case .restoresNothing(let workflow):
            "流程 \(workflow) 没有 bound=\"fined\" 的角色供受罚人补救损失，因此任何罚款都不能启动它。"
        case .unknownFine(let fine, let workflow, let known):
            "流程 \(workflow) 没有罚款规则“\(fine)”" + (known.isEmpty ? "，也没有可以手动登记的罚款。" : "；可以手动登记的罚款有：\(Self.listed(known))。")
        case .notRecordable(let fine, let workflow, let violation):
            "流程 \(workflow) 的罚款“\(fine)”针对的是 \(violation)，由系统自动核定，不能手动登记；只有设置了 record-by 的规则才能手动登记。"
        case .amountOutsideRange(let fine, let amount, let least, let most):
            "罚款“\(fine)”视情节在 \(least) 至 \(most) 之间，" + (amount.map { "\($0) 超出了这一范围，请重新填写金额。" } ?? "请填写具体金额。")
        case .amountFixed(let fine, let amount, let given):
            "罚款“\(fine)”的金额由流程定为 \(amount)，不能改为 \(given)；请不要填写金额。"
        case .ownFine(let person):
            "\(person) 不能给自己登记罚款，请由另一位管理人员登记。"
        case .notDisposable(let reasons):
            "未销毁任何档案；以下档案不得销毁：" + Self.bullets(reasons)
        case .notErasable(let customer, let reasons):
            "未删除 \(customer) 的任何数据；法律和公司制度要求保留以下内容：" + Self.bullets(reasons)
        case .alreadyHeld(let dossier, let reason, let by):
            "档案 \(dossier) 已处于法律保留状态（由 \(by) 设置）：\(reason)"
        case .notHeld(let dossier):
            "档案 \(dossier) 未处于法律保留状态，无需解除。"
        case .malformedCorrection(let text):
            "更正内容“\(text)”的格式不正确：请写成“字段=值”或“pages:项目=页数”，各项之间用分号分隔，每项只写一次。"
        case .correctionRefused(let number, let problems):
            "\(number) 不能这样更正，未做任何修改：" + Self.bullets(problems)
        case .noCertificatesInSafe(let dossier, let list):
            list.map { "档案 \(dossier) 的权证清单 \($0) 不在保险柜中。" } ?? "档案 \(dossier) 没有存放在保险柜中的权证。"
        case .custodyRefused(let number, let reason):
            "\(number) 不能移交：\(reason)"
        case .notScheduled(let workflow):
            "流程 \(workflow) 没有设置计划（<schedule>），它的档案不会自动启动。"
        case .unknownStaff(let person):
            "员工名录中没有“\(person)”；请先由管理员将其添加到员工名录。"
        case .departedStaff(let person):
            "\(person) 已离职，既不能办理事务，也不能被指派；请选择一位在职员工。"
        case .lacksStaffRole(let person, let role, let needs):
            "\(person) 不能担任“\(role)”：该角色需要员工角色 \(Self.either(needs))，而 \(person) 都不具备。"
        case .fourEyes(let person, let role, let otherRole):
            "四眼原则：\(person) 不能在同一份档案中同时担任“\(role)”和“\(otherRole)”，请指派另一人。"
        case .fourEyesItem(let person, let item):
            "四眼原则：项目“\(item)”由 \(person) 登记，不能再由其本人核对，请由另一人核对。"
        case .finished(let dossier, let state):
            "档案 \(dossier) 已办结（状态“\(state)”），不能再进行任何操作。"
        case .taskClosed(let task, let current):
            "任务 \(task) 已关闭" + (current.map { "；该档案当前待办的任务是 \($0)。" } ?? "。")
        case .unknownAction(let action, let state, let available):
            "“\(action)”不是状态“\(state)”下的动作"
                + (available.isEmpty ? "；该状态下没有可以办理的动作。" : "；可以办理的动作有：\(Self.listed(available))。")
        case .notYourTask(let person, let action, let roles, let holders):
            "\(person) 不能办理“\(action)”：它由 \(zip(roles, holders).map { "\($0)（\($1)）" }.joined(separator: "或"))办理，只有他们可以办理。"
        case .guardsUnmet(let action, let missing):
            "“\(action)”目前还不能办理，原因如下：" + Self.bullets(missing)
        case .noteRequired(let action):
            "办理“\(action)”需要填写备注说明理由，请先填写备注再提交。"
        case .alreadySigned(let person, let action, let role):
            "\(person) 已经以 \(role) 的身份对“\(action)”签字确认；其余签字须由其他人完成。"
        case .awaitingSignOff(let action, let waiting):
            "“\(action)”仍在等待 \(Self.listed(waiting)) 签字确认；请等待他们在各自的任务中签字确认。"
        case .notExtendable(let message):
            "期限不能延长：\(message)"
        case .calendar(let message):
            "无法计算期限：\(message)"
        case .timeGoesBackwards(let message):
            "时间不能倒退：\(message)"
        case .noCertificates(let workflow):
            "流程 \(workflow) 不保管权证（它没有 <certificates> 部分）。"
        case .unknownCertificateKind(let kind, let suggestion, let known):
            "该流程没有权证类别“\(kind)”" + (suggestion.map { "，您是否指的是“\($0)”？" } ?? "；它的权证类别有：\(Self.listed(known))。")
        case .duplicateCertificate(let kind, let number, let list):
            "\(kind) \(number) 已在本档案的权证清单 \(list) 上；每份权证只移交一次。"
        case .certificateNotOnDraft(let number, let draft):
            draft.map { "权证 \(number) 不在草稿清单 \($0) 上；请查看本档案的权证清单，确认它所在的位置。" }
                ?? "没有权证清单草稿，因此无法从中移除任何权证；已移交的清单不会再更改。"
        case .noDraftCertificateList(let dossier):
            "档案 \(dossier) 没有等待签字的权证清单；请先为它添加权证。"
        case .notALendingWorkflow(let workflow):
            "流程 \(workflow) 没有出借规则（<lending>）和保密等级（<confidentiality>），不能办理借阅；请通过借阅流程借阅。"
        case .readingRoomOnly(let number, let level):
            "\(number) 属于 \(level)：只能在办公室阅览，不得带走；请改为申请在办公室阅览。"
        case .loanTooLong(let until, let latest, let maximum):
            "借阅期限最长为 \(maximum)：最迟应于 \(latest) 归还，而不是 \(until)；请修改归还日期。"
        case .notAnApprover(let person, let level, let approvers, let subject):
            "\(person) 不能审批此\(Self.subject(subject))："
                + (approvers.isEmpty ? "找不到 \(level) 档案的审批人。" : "\(level) 档案的\(Self.subject(subject))由 \(Self.either(approvers)) 审批。")
        case .outsideDepartment(let person, let role, let department, let dossierDepartment):
            "\(person) 是\(Self.ofDepartment(department)) \(role)，只审批本部门的档案；此档案属于 \(dossierDepartment)，应由该部门的 \(role) 审批。"
        case .sameDayReturn(let items, let today, let until):
            "\(Self.listed(items)) 须在借出当天归还：请将归还日期填为 \(today)，而不是 \(until)，或者不把它们列入出借单。"
        case .notRenewable(let reason):
            "不能续借：\(reason)"
        case .notTheStepsApprover(let person, let level, let step, let of, let approvers):
            "\(person) 现在不能签批此出借单：\(level) 级档案的出借单需经 \(of) 步审批，第 \(step) 步由 \(Self.either(approvers)) 签批。"
        case .borrowerDepartmentUnknown(let person, let role, let borrower):
            "\(person) 是 \(role)，只签批本部门员工的出借单，但员工名录中没有 \(borrower) 的部门；请为 \(borrower) 填写部门，或驳回此出借单。"
        case .outsideBorrowerDepartment(let person, let role, let department, let borrower, let borrowerDepartment):
            "\(person) 是\(Self.ofDepartment(department)) \(role)，只签批本部门员工的出借单；\(borrower) 在 \(borrowerDepartment) 工作，应由该部门的 \(role) 签批。"
        case .departmentUnknown(let person, let role, let others):
            "\(person) 是 \(role)，只审批本部门的档案，但此档案所属的部门不明（其经办人在员工名录中没有部门）；应由 \(Self.either(others)) 审批。"
        case .slipExpired(let loan, let until):
            "借阅 \(loan) 的出借单归还日期为 \(until)，已经过去，一借出就会逾期；请驳回此出借单，重新填写一张。"
        case .pagesAboveRegister(let item, let counted, let registered):
            "\(item) 清点为 \(counted) 页，但登记本上只有 \(registered) 页，请重新清点。"
        case .alreadyLent(let number, let loan, let borrower, let due):
            "\(number) 已通过借阅 \(loan) 借给 \(borrower)，应于 \(due) 前归还；请在归还后再出借（可在 \(number) 的保管记录中查看）。"
        case .outsideWindow(let duty, let opens, let closes):
            "\(duty) 现在还不能登记：登记时段从 \(opens) 开始，到 \(closes) 结束，开始之前的登记不计入；请届时再登记。"
        case .unknownRecordValue(let value, let duty, let known):
            "\(duty) 不记录“\(value)”" + (known.isEmpty ? "；它只需填写备注。" : "；它记录的项目有：\(Self.listed(known))。")
        case .recordIncomplete(let duty, let missing):
            "登记 \(duty) 还需要填写：\(Self.listed(missing))。"
        case .takenByCommand(let action, let command):
            "“\(action)”不能手动办理：\(Self.operation(command))成功完成时，系统会自动把它记录在此任务上。"
        }
    }

    /// Names in a Chinese list: `a、b、c`.
    private static func listed(_ names: [String]) -> String {
        names.joined(separator: "、")
    }

    /// Alternatives: `a 或 b 或 c`, spaced as the identifiers they usually are.
    private static func either(_ names: [String]) -> String {
        names.joined(separator: " 或 ")
    }

    /// Sentences about what is wrong, one a line, as the English has them.
    private static func bullets(_ reasons: [String]) -> String {
        reasons.map { "\n  - \($0)" }.joined()
    }

    /// The end of `unknownItem`'s sentence: a short checklist is named, a long one only counted.
    private static func items(_ known: [String]) -> String {
        known.count <= 8 ? "；清单上的项目有：\(listed(known))。" : "；请查看该档案清单的全部 \(known.count) 个项目。"
    }

    /// What an approval is for: a borrow slip, or a request of another workflow (its id).
    private static func subject(_ subject: String) -> String {
        subject == "slip" ? "出借单" : " \(subject) 申请"
    }

    /// ` loans 部门的` for a department, or a word that there is none.
    private static func ofDepartment(_ department: String?) -> String {
        department.map { " \($0) 部门的" } ?? "未隶属任何部门的"
    }

    /// The operation whose success takes an action, in words rather than the command to type.
    private static func operation(_ command: String) -> String {
        command.hasPrefix("dossier backup") ? "数据备份" : "相应的系统操作"
    }
}
