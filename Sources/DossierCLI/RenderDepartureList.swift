import ArgumentParser
import DossierOffice

/// `dossier render departure-list DOSSIER`.
struct RenderDepartureList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "departure-list",
        abstract: "A departure list (离职交接清单): each role handed over with both names, what is still held, the fines to settle, the signatures.",
        discussion: """
            DOSSIER is the departure `dossier staff depart` opened. Until the leaver, the successor \
            and the supervisor have all signed, it prints as a draft.
            Example: dossier render departure-list 7 --form html -o departure-7.html
            """
    )

    @OptionGroup var acting: ActingOptions
    @OptionGroup var document: DocumentFormOption

    @Argument(help: ArgumentHelp("The departure dossier's number.", valueName: "dossier"))
    var id: Int

    func run() throws {
        try document.print(.departureList(dossier: id), acting: acting)
    }
}

/// `dossier render customer-list DOSSIER`.
struct RenderCustomerList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer-list",
        abstract: "The customers a leaver's departure must inform: each with its dossiers and who now looks after them.",
        discussion: """
            DOSSIER is the departure. The customers are those of every dossier the leaver holds a \
            role in or handed over since the departure opened.
            Example: dossier render customer-list 7
            """
    )

    @OptionGroup var acting: ActingOptions
    @OptionGroup var document: DocumentFormOption

    @Argument(help: ArgumentHelp("The departure dossier's number.", valueName: "dossier"))
    var id: Int

    func run() throws {
        try document.print(.customerList(dossier: id), acting: acting)
    }
}

/// `dossier render correction-form DOSSIER`.
struct RenderCorrectionForm: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correction-form",
        abstract: "A correction form (信息更正单): the dossier corrected, why, each change before and after, each step with who and when.",
        discussion: """
            DOSSIER is a correction (`correction` or `customer-correction`). Before it is approved \
            the changes show as proposed against the dossier as it reads now, and the form prints \
            as a draft; the chain for wrong customer information lists each department's report.
            Example: dossier render correction-form 6 --form html -o correction-6.html
            """
    )

    @OptionGroup var acting: ActingOptions
    @OptionGroup var document: DocumentFormOption

    @Argument(help: ArgumentHelp("The correction's dossier number.", valueName: "dossier"))
    var id: Int

    func run() throws {
        try document.print(.correctionForm(dossier: id), acting: acting)
    }
}

/// `dossier render transfer-form DOSSIER`.
struct RenderTransferForm: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer-form",
        abstract: "A transfer form (档案移交单): the dossiers a custody transfer moves, from whom to whom and where, and both signatures.",
        discussion: """
            DOSSIER is a custody transfer (`dossier start custody-transfer`). Until both custodians \
            have signed and the dossiers moved, it prints as a draft.
            Example: dossier render transfer-form 7 --form html -o transfer-7.html
            """
    )

    @OptionGroup var acting: ActingOptions
    @OptionGroup var document: DocumentFormOption

    @Argument(help: ArgumentHelp("The custody transfer's dossier number.", valueName: "dossier"))
    var id: Int

    func run() throws {
        try document.print(.transferForm(dossier: id), acting: acting)
    }
}

/// `dossier render destruction-register`.
struct RenderDestructionRegister: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "destruction-register",
        abstract: "The destruction register (销毁登记簿): every destroyed dossier, when, how, by whom, in front of whom, on which approved list.",
        discussion: """
            Example: dossier render destruction-register --form html -o destruction-register.html
            """
    )

    @OptionGroup var acting: ActingOptions
    @OptionGroup var document: DocumentFormOption

    func run() throws {
        try document.print(.destructionRegister, acting: acting)
    }
}
